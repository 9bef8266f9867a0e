/**
 * The one small interface every kernel backend implements. Today there is the plain
 * TypeScript backend; a WASM SIMD backend will implement the same interface.
 * @module
 */
import type { ElementwiseActivation, ParamValues, VectorActivation } from '../activations/types.js';

/** The array types the kernels accept. Float32 results are rounded once, from float64. */
export type FloatArray = Float32Array | Float64Array;

export interface KernelBackend {
  /** Short name shown in benchmarks and diagnostics, e.g. `js`. */
  readonly name: string;
  /** out[i] = f(x[i]). `out` may be `x` (in place). */
  forward(activation: ElementwiseActivation, params: ParamValues, x: FloatArray, out: FloatArray): void;
  /** gradIn[i] = gradOut[i]·f′(x[i]). `gradIn` may alias `gradOut`. */
  backward(activation: ElementwiseActivation, params: ParamValues, x: FloatArray, gradOut: FloatArray, gradIn: FloatArray): void;
  /** Σᵢ gradOut[i]·∂f/∂θ(x[i]) for a learnable parameter θ. */
  parameterGradient(
    activation: ElementwiseActivation,
    params: ParamValues,
    parameter: string,
    x: FloatArray,
    gradOut: FloatArray,
  ): number;
  /** y = f(x) row by row along the last axis (rows of length `rowLength`). */
  vectorForward(activation: VectorActivation, params: ParamValues, x: FloatArray, rowLength: number, out: FloatArray): void;
  /** gradIn = Jᵀ·gradOut row by row. */
  vectorBackward(
    activation: VectorActivation,
    params: ParamValues,
    x: FloatArray,
    gradOut: FloatArray,
    rowLength: number,
    gradIn: FloatArray,
  ): void;
}
