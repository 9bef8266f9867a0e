/**
 * Array forms of every activation: forward and backward over Float64Array and Float32Array,
 * out-of-place or into a given buffer, softmax and the gated family along the last axis.
 *
 * ```ts
 * import { forward, backward } from 'actlab';
 * const y = forward('gelu', new Float32Array([-1, 0, 1]));           // Float32Array
 * const { gradIn } = backward('prelu', x, gradOut, { params: { slope: 0.1 } });
 * ```
 * @module
 */
import { getActivation, resolveParams, rreluEvalSlope } from '../activations/index.js';
import type { Activation, ElementwiseActivation, ParamValues, VectorActivation } from '../activations/types.js';
import { ShapeError, InvalidParameterError } from '../errors.js';
import type { FloatArray, KernelBackend } from './types.js';
import { wasmBackend } from './wasm.js';

export type { FloatArray, KernelBackend } from './types.js';
export { jsBackend } from './js.js';
export {
  wasmBackend,
  allocateKernelArray,
  freeKernelArray,
  isKernelArray,
  reserveKernelMemory,
  WASM_KERNEL_IDS,
  WASM_KERNEL_IDS_FLOAT64,
  WASM_FORWARD_IDS_FLOAT64,
  COPY_CHUNK,
  setKernelPrecision,
  getKernelPrecision,
  type KernelDtype,
  type KernelPrecision,
} from './wasm.js';

/**
 * The default is {@link wasmBackend}: WebAssembly SIMD for float32 elementwise activations
 * where WebAssembly is available (not with `ACTLAB_WASM=0`), the TypeScript backend otherwise
 * and for everything it does not cover.
 */
let backend: KernelBackend = wasmBackend;

/** The backend in use. */
export function getBackend(): KernelBackend {
  return backend;
}

/** Replaces the backend (e.g. with a WASM one); returns the previous backend. */
export function setBackend(next: KernelBackend): KernelBackend {
  const previous = backend;
  backend = next;
  return previous;
}

/** Options shared by the array functions. */
export interface ArrayOptions<T extends FloatArray> {
  /** Activation parameters; defaults fill in what is missing. */
  readonly params?: Readonly<Record<string, number>>;
  /** Write the result here instead of a new array (may be the input itself for forward). */
  readonly out?: T;
  /** Row length for vector activations (softmax, glu, …): the size of the last axis. Default: the whole array is one row. */
  readonly rowLength?: number;
}

/** What {@link backward} returns. */
export interface BackwardResult<T extends FloatArray> {
  /** ∂L/∂x = Jᵀ·gradOut, same shape and type as x. */
  readonly gradIn: T;
  /** ∂L/∂θ for each learnable parameter θ (PReLU: `slope`); empty for most activations. */
  readonly paramGradients: Readonly<Record<string, number>>;
}

function resolve(activation: string | Activation, params?: Readonly<Record<string, number>>) {
  const definition = typeof activation === 'string' ? getActivation(activation) : activation;
  return { definition, values: resolveParams(definition, params ?? {}) };
}

function allocateLike<T extends FloatArray>(x: T, length: number): T {
  return (x instanceof Float32Array ? new Float32Array(length) : new Float64Array(length)) as T;
}

function checkOut(out: FloatArray, length: number, what: string): void {
  if (out.length !== length) throw new ShapeError(`${what} has length ${out.length}, expected ${length}`);
}

function rowLengthFor(definition: VectorActivation, x: FloatArray, rowLength: number | undefined): number {
  const n = rowLength ?? x.length;
  if (!Number.isInteger(n) || n <= 0 || x.length % n !== 0) {
    throw new ShapeError(`${definition.id}: rowLength must be a positive divisor of the array length ${x.length}, got ${n}`);
  }
  const problem = definition.checkLength(n);
  if (problem) throw new ShapeError(problem);
  return n;
}

/**
 * y = f(x) elementwise, or along the last axis for vector activations.
 *
 * With the default backend, Float32Array data of an elementwise activation (and Float64Array
 * data of the piecewise-linear family: ReLU, Leaky ReLU, PReLU, RReLU, ReLU6, HardTanh,
 * Threshold, Hardshrink, Softshrink, linear) goes through the WebAssembly kernels: zero-copy
 * when `x` and `out` come from {@link allocateKernelArray}, copied through in chunks otherwise.
 * Other Float64Array data and vector activations run in TypeScript.
 * @returns `options.out` if given, else a new array of the input's type.
 */
export function forward<T extends FloatArray>(activation: string | Activation, x: T, options: ArrayOptions<T> = {}): T {
  const { definition, values } = resolve(activation, options.params);
  if (definition.kind === 'elementwise') {
    const out = options.out ?? allocateLike(x, x.length);
    checkOut(out, x.length, 'out');
    backend.forward(definition, values, x, out);
    return out;
  }
  const n = rowLengthFor(definition, x, options.rowLength);
  const outLength = (x.length / n) * definition.outputLength(n);
  const out = options.out ?? allocateLike(x, outLength);
  checkOut(out, outLength, 'out');
  backend.vectorForward(definition, values, x, n, out);
  return out;
}

/**
 * The backward pass: gradIn = gradOut·f′(x) elementwise (Jᵀ·gradOut for vector activations),
 * plus the gradient of each learnable parameter. Dispatch as {@link forward}: WebAssembly when x,
 * gradOut and out have one of the kernels' types (zero-copy when all three live in the
 * module's memory).
 */
export function backward<T extends FloatArray>(
  activation: string | Activation,
  x: T,
  gradOut: FloatArray,
  options: ArrayOptions<T> = {},
): BackwardResult<T> {
  const { definition, values } = resolve(activation, options.params);
  if (definition.kind === 'elementwise') {
    if (gradOut.length !== x.length) throw new ShapeError(`gradOut has length ${gradOut.length}, expected ${x.length} (the length of x)`);
    const gradIn = options.out ?? allocateLike(x, x.length);
    checkOut(gradIn, x.length, 'out');
    const paramGradients: Record<string, number> = {};
    // Parameter gradients first: gradIn may alias gradOut.
    for (const [name, spec] of Object.entries(definition.params)) {
      if (spec.learnable) paramGradients[name] = backend.parameterGradient(definition, values, name, x, gradOut);
    }
    backend.backward(definition, values, x, gradOut, gradIn);
    return { gradIn, paramGradients };
  }
  const n = rowLengthFor(definition, x, options.rowLength);
  const outLength = (x.length / n) * definition.outputLength(n);
  if (gradOut.length !== outLength) throw new ShapeError(`gradOut has length ${gradOut.length}, expected ${outLength}`);
  const gradIn = options.out ?? allocateLike(x, x.length);
  checkOut(gradIn, x.length, 'out');
  backend.vectorBackward(definition, values, x, gradOut, n, gradIn);
  return { gradIn, paramGradients: {} };
}

/** A source of uniform numbers in [0, 1). */
export type UniformSource = () => number;

/** Result of {@link rreluTrain}: the output and the slope drawn for each element. */
export interface RreluTrainResult<T extends FloatArray> {
  readonly out: T;
  /** The slope used at each element (1 where x > 0): keep it for the backward pass. */
  readonly slopes: T;
}

/**
 * RReLU in training mode: each element with x ≤ 0 draws its slope from U(lower, upper) using
 * `random`. Backward is gradIn = gradOut·slopes ({@link rreluTrainBackward}).
 */
export function rreluTrain<T extends FloatArray>(
  x: T,
  random: UniformSource,
  options: { params?: Readonly<Record<string, number>>; out?: T } = {},
): RreluTrainResult<T> {
  const definition = getActivation('rrelu') as ElementwiseActivation;
  const values: ParamValues = resolveParams(definition, options.params ?? {});
  const lower = values.lower as number;
  const width = (values.upper as number) - lower;
  const out = options.out ?? allocateLike(x, x.length);
  checkOut(out, x.length, 'out');
  const slopes = allocateLike(x, x.length);
  for (let i = 0; i < x.length; i++) {
    const z = x[i] as number;
    if (z > 0) {
      slopes[i] = 1;
      out[i] = z;
    } else {
      const u = random();
      if (!(u >= 0 && u < 1)) throw new InvalidParameterError('rrelu', 'random()', u, 'a number in [0, 1)');
      const slope = lower + width * u;
      slopes[i] = slope;
      out[i] = z === -Infinity && slope === 0 ? 0 : slope * z;
    }
  }
  return { out, slopes };
}

/** Backward of {@link rreluTrain}: gradIn = gradOut·slopes. */
export function rreluTrainBackward<T extends FloatArray>(slopes: T, gradOut: FloatArray, out?: T): T {
  if (gradOut.length !== slopes.length) throw new ShapeError(`gradOut has length ${gradOut.length}, expected ${slopes.length}`);
  const gradIn = out ?? allocateLike(slopes, slopes.length);
  for (let i = 0; i < slopes.length; i++) gradIn[i] = (gradOut[i] as number) * (slopes[i] as number);
  return gradIn;
}

/** The evaluation-mode slope of RReLU for given parameters. */
export function rreluSlope(params: Readonly<Record<string, number>> = {}): number {
  return rreluEvalSlope(resolveParams(getActivation('rrelu'), params));
}
