/**
 * Array forms of every activation: forward and backward over Float64Array and Float32Array,
 * out-of-place or into a given buffer, softmax and the gated family along the last axis.
 *
 * ```ts
 * import { forward, backward } from 'actlab';
 * const y = forward('gelu', new Float32Array([-1, 0, 1]));   // Float32Array [-0.15865525603294373, 0, 0.8413447737693787]
 * const x = new Float64Array([-2, 0.5]);
 * const { gradIn } = backward('prelu', x, new Float64Array([1, 1]), { params: { slope: 0.1 } });
 * gradIn;                                                     // Float64Array [0.1, 1]
 * ```
 * @module
 */
import { getActivation, resolveParams, rreluEvalSlope } from '../activations/index.js';
import type { Activation, ElementwiseActivation, ParamValues, VectorActivation } from '../activations/types.js';
import { describeValue, InvalidArgumentError, InvalidParameterError, ShapeError } from '../errors.js';
import type { FloatArray, KernelBackend } from './types.js';
import {
  checkActivation,
  checkFunction,
  checkOptions,
  checkParams,
  floatArrayKind,
  guardRead,
  newArray,
  readOption,
  separateFrom,
} from './validate.js';
import { checkLiveArray, wasmBackend } from './wasm.js';

export type { FloatArray, KernelBackend } from './types.js';
export { jsBackend } from './js.js';
export { MAX_RESULT_LENGTH } from './validate.js';
export {
  wasmBackend,
  loadKernels,
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
  MAX_KERNEL_ARRAY_BYTES,
  type KernelDtype,
  type KernelPrecision,
} from './wasm.js';

/**
 * The default is {@link wasmBackend}: WebAssembly where it is available (not with
 * `ACTLAB_WASM=0`) for what its kernels cover (see {@link forward}), the TypeScript backend
 * otherwise and for everything else.
 */
let backend: KernelBackend = wasmBackend;

const BACKEND_METHODS = ['forward', 'backward', 'parameterGradient', 'vectorForward', 'vectorBackward'] as const;

/** The backend in use. */
export function getBackend(): KernelBackend {
  return backend;
}

/**
 * Replaces the backend (e.g. with {@link jsBackend}, the TypeScript one, to compare against the
 * default WebAssembly one, or with your own); returns the previous backend.
 * @throws {InvalidArgumentError} unless `next` is an object with a string `name` and the five
 *   methods of {@link KernelBackend}.
 */
export function setBackend(next: KernelBackend): KernelBackend {
  const expected = `a KernelBackend (an object with a name and the methods ${BACKEND_METHODS.join(', ')})`;
  guardRead('setBackend', 'backend', expected, () => {
    const candidate = next as unknown as Record<string, unknown> | null;
    if (typeof candidate !== 'object' || candidate === null || typeof candidate.name !== 'string' || !BACKEND_METHODS.every((m) => typeof candidate[m] === 'function')) {
      throw new InvalidArgumentError('setBackend', 'backend', expected, next);
    }
  });
  const previous = backend;
  backend = next;
  return previous;
}

/** Options shared by the array functions. */
export interface ArrayOptions<T extends FloatArray> {
  /** Activation parameters; defaults fill in what is missing. */
  readonly params?: Readonly<Record<string, number>>;
  /**
   * Write the result here instead of a new array: a Float64Array or Float32Array of the result's
   * length. It may be the input itself (elementwise: `x`; backward: `x` or `gradOut`); an `out`
   * that overlaps an input any other way is handled by copying that input first.
   */
  readonly out?: T;
  /**
   * Row length for vector activations (softmax, glu, …): the size of the last axis, a positive
   * integer that divides the array's length (even for the gated family). Default: the whole
   * array is one row (an empty array has no rows and gives an empty result). Elementwise
   * activations ignore it.
   */
  readonly rowLength?: number;
}

/** What {@link backward} returns. */
export interface BackwardResult<T extends FloatArray> {
  /** ∂L/∂x = Jᵀ·gradOut, same shape and type as x. */
  readonly gradIn: T;
  /** ∂L/∂θ for each learnable parameter θ (PReLU: `slope`); empty for most activations. */
  readonly paramGradients: Readonly<Record<string, number>>;
}

interface Call<T extends FloatArray> {
  readonly definition: Activation;
  readonly values: ParamValues;
  readonly x: T;
  /** A plain view of the `out` given (what the kernels write). */
  readonly out: T | undefined;
  /** The `out` object given, returned as is. */
  readonly outGiven: T | undefined;
  readonly rowLength: number | undefined;
}

/** Reads `options.params` (undefined or an object) and resolves the activation's parameter values. */
function readParams(fn: string, opts: Readonly<Record<string, unknown>>, definition: Activation): ParamValues {
  const params = readOption(fn, opts, 'params');
  if (params === undefined) return resolveParams(definition, {});
  return checkParams(fn, 'options.params', definition, params, 'an object of parameter values (or undefined)');
}

/** Reads and checks the arguments shared by {@link forward} and {@link backward}. */
function parseCall<T extends FloatArray>(fn: string, activation: unknown, x: unknown, options: unknown): Call<T> {
  const definition = checkActivation(fn, activation);
  const array = checkLiveArray(fn, 'x', x) as T;
  const opts = checkOptions(fn, options);
  const values = readParams(fn, opts, definition);
  const outValue = readOption(fn, opts, 'out');
  const out = outValue === undefined ? undefined : (checkLiveArray(fn, 'options.out', outValue) as T);
  // Elementwise activations ignore rowLength (callers pass one option set for any activation).
  const rowValue = definition.kind === 'vector' ? readOption(fn, opts, 'rowLength') : undefined;
  return { definition, values, x: array, out, outGiven: outValue as T | undefined, rowLength: rowValue as number | undefined };
}

function allocateLike<T extends FloatArray>(fn: string, x: T, length: number): T {
  return newArray(fn, (floatArrayKind(x) === 'Float32Array' ? Float32Array : Float64Array) as unknown as new (n: number) => T, length);
}

function checkOut(fn: string, out: FloatArray, length: number, what: string): void {
  if (out.length !== length) throw new ShapeError(`${fn}: ${what} has length ${out.length}, expected ${length}`);
}

/** The row length of a vector activation's call: given (a positive integer dividing the length) or the whole array. */
function rowLengthFor(fn: string, definition: VectorActivation, x: FloatArray, rowLength: unknown): number {
  if (rowLength !== undefined && (typeof rowLength !== 'number' || !Number.isInteger(rowLength) || rowLength <= 0)) {
    throw new ShapeError(`${fn}: ${definition.id}: rowLength must be a positive integer (or undefined for one row), got ${describeValue(rowLength)}`);
  }
  const n = (rowLength as number | undefined) ?? x.length;
  if (n === 0) return 0; // an empty array with no rowLength: no rows
  if (x.length % n !== 0) {
    throw new ShapeError(`${fn}: ${definition.id}: rowLength must divide the array length ${x.length}, got ${n}`);
  }
  const problem = definition.checkLength(n);
  if (problem) throw new ShapeError(`${fn}: ${problem}`);
  return n;
}

/**
 * y = f(x) elementwise, or along the last axis for vector activations.
 *
 * With the default backend, Float32Array data of an elementwise activation goes through the
 * WebAssembly kernels, and so does Float64Array data of the piecewise-linear family (ReLU,
 * Leaky ReLU, PReLU, RReLU, ReLU6, HardTanh, Threshold, Hardshrink, Softshrink, linear) and of
 * sigmoid, swish and gelu_tanh (bit for bit the TypeScript definitions;
 * {@link WASM_FORWARD_IDS_FLOAT64}): zero-copy when `x` and `out` come from
 * {@link allocateKernelArray}, copied through in chunks otherwise. Other Float64Array data and
 * vector activations run in TypeScript.
 *
 * Arguments are checked before any work: `x` (and `out`) must be a Float64Array or
 * Float32Array (plain number arrays are refused: convert with `Float64Array.from`), not
 * detached nor a freed kernel array; `out` must have the result's length.
 * @returns `options.out` if given, else a new array of the input's type.
 * @throws {InvalidArgumentError} for an argument of the wrong kind (code `INVALID_ARGUMENT`).
 * @throws {UnknownActivationError}, {@link InvalidParameterError} for the activation and its parameters.
 * @throws {ShapeError} for an `out` of the wrong length or a bad `rowLength` (code `SHAPE`).
 * @throws {DetachedArrayError}, {@link FreedArrayError} for arrays whose memory is gone.
 */
export function forward<T extends FloatArray>(activation: string | Activation, x: T, options: ArrayOptions<T> = {}): T {
  const call = parseCall<T>('forward', activation, x, options);
  const { definition, values } = call;
  if (definition.kind === 'elementwise') {
    const out = call.out ?? allocateLike('forward', call.x, call.x.length);
    checkOut('forward', out, call.x.length, 'options.out');
    if (out.length > 0) backend.forward(definition, values, separateFrom(call.x, out, true), out);
    return call.outGiven ?? out;
  }
  const n = rowLengthFor('forward', definition, call.x, call.rowLength);
  const outLength = n === 0 ? 0 : (call.x.length / n) * definition.outputLength(n);
  const out = call.out ?? allocateLike('forward', call.x, outLength);
  checkOut('forward', out, outLength, 'options.out');
  if (outLength > 0) backend.vectorForward(definition, values, separateFrom(call.x, out, false), n, out);
  return call.outGiven ?? out;
}

/**
 * The backward pass: gradIn = gradOut·f′(x) elementwise (Jᵀ·gradOut for vector activations),
 * plus the gradient of each learnable parameter. Dispatch as {@link forward}, except that
 * float64 sigmoid, swish and gelu_tanh run in TypeScript (their float64 WebAssembly kernels are
 * forward only: {@link WASM_KERNEL_IDS_FLOAT64}): WebAssembly when x, gradOut and out have one
 * of the kernels' types (zero-copy when all three live in the module's memory). Checks its arguments as {@link forward} does; `gradOut` must have the
 * length of the forward result; `out` may be `x` or `gradOut` itself.
 */
export function backward<T extends FloatArray>(
  activation: string | Activation,
  x: T,
  gradOut: FloatArray,
  options: ArrayOptions<T> = {},
): BackwardResult<T> {
  const call = parseCall<T>('backward', activation, x, options);
  const { definition, values } = call;
  const gradient = checkLiveArray('backward', 'gradOut', gradOut);
  if (definition.kind === 'elementwise') {
    if (gradient.length !== call.x.length) throw new ShapeError(`backward: gradOut has length ${gradient.length}, expected ${call.x.length} (the length of x)`);
    const gradIn = call.out ?? allocateLike('backward', call.x, call.x.length);
    checkOut('backward', gradIn, call.x.length, 'options.out');
    const xs = separateFrom(call.x, gradIn, true);
    const gs = separateFrom(gradient, gradIn, true);
    const paramGradients: Record<string, number> = {};
    // Parameter gradients first: gradIn may alias gradOut.
    for (const [name, spec] of Object.entries(definition.params)) {
      if (spec.learnable) paramGradients[name] = gradIn.length > 0 ? backend.parameterGradient(definition, values, name, xs, gs) : 0;
    }
    if (gradIn.length > 0) backend.backward(definition, values, xs, gs, gradIn);
    return { gradIn: call.outGiven ?? gradIn, paramGradients };
  }
  const n = rowLengthFor('backward', definition, call.x, call.rowLength);
  const outLength = n === 0 ? 0 : (call.x.length / n) * definition.outputLength(n);
  if (gradient.length !== outLength) throw new ShapeError(`backward: gradOut has length ${gradient.length}, expected ${outLength} (the length of the forward result)`);
  const gradIn = call.out ?? allocateLike('backward', call.x, call.x.length);
  checkOut('backward', gradIn, call.x.length, 'options.out');
  if (gradIn.length > 0) backend.vectorBackward(definition, values, separateFrom(call.x, gradIn, false), separateFrom(gradient, gradIn, false), n, gradIn);
  return { gradIn: call.outGiven ?? gradIn, paramGradients: {} };
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
 * `random`. Backward is gradIn = gradOut·slopes ({@link rreluTrainBackward}). `out` may be `x`
 * (or overlap it: x is then copied first). An error thrown by `random` itself propagates as is.
 * @throws {InvalidArgumentError} if `random` is not a function or x/out are not float arrays.
 * @throws {InvalidParameterError} if `random()` returns anything but a number in [0, 1).
 */
export function rreluTrain<T extends FloatArray>(
  x: T,
  random: UniformSource,
  options: { params?: Readonly<Record<string, number>>; out?: T } = {},
): RreluTrainResult<T> {
  const fn = 'rreluTrain';
  const input = checkLiveArray(fn, 'x', x) as T;
  checkFunction(fn, 'random', random);
  const opts = checkOptions(fn, options);
  const definition = getActivation('rrelu') as ElementwiseActivation;
  const values = readParams(fn, opts, definition);
  const outValue = readOption(fn, opts, 'out');
  const out = outValue === undefined ? allocateLike(fn, input, input.length) : (checkLiveArray(fn, 'options.out', outValue) as T);
  checkOut(fn, out, input.length, 'options.out');
  const lower = values.lower as number;
  const width = (values.upper as number) - lower;
  const xs = separateFrom(input, out, true);
  const slopes = allocateLike(fn, input, input.length);
  for (let i = 0; i < xs.length; i++) {
    const z = xs[i] as number;
    if (z > 0) {
      slopes[i] = 1;
      out[i] = z;
    } else {
      const u = random();
      if (typeof u !== 'number' || !(u >= 0 && u < 1)) throw new InvalidParameterError('rrelu', 'random()', u, 'a number in [0, 1)');
      const slope = lower + width * u;
      slopes[i] = slope;
      out[i] = z === -Infinity && slope === 0 ? 0 : slope * z;
    }
  }
  return { out, slopes };
}

/**
 * Backward of {@link rreluTrain}: gradIn = gradOut·slopes. `out` may be `slopes` or `gradOut`.
 * @throws {InvalidArgumentError} for arguments that are not float arrays; {@link ShapeError} for lengths that differ.
 */
export function rreluTrainBackward<T extends FloatArray>(slopes: T, gradOut: FloatArray, out?: T): T {
  const fn = 'rreluTrainBackward';
  const s = checkLiveArray(fn, 'slopes', slopes) as T;
  const g = checkLiveArray(fn, 'gradOut', gradOut);
  if (g.length !== s.length) throw new ShapeError(`${fn}: gradOut has length ${g.length}, expected ${s.length} (the length of slopes)`);
  const gradIn = out === undefined ? allocateLike(fn, s, s.length) : (checkLiveArray(fn, 'out', out) as T);
  checkOut(fn, gradIn, s.length, 'out');
  const ss = separateFrom(s, gradIn, true);
  const gs = separateFrom(g, gradIn, true);
  for (let i = 0; i < ss.length; i++) gradIn[i] = (gs[i] as number) * (ss[i] as number);
  return gradIn;
}

/** The evaluation-mode slope of RReLU for given parameters. */
export function rreluSlope(params: Readonly<Record<string, number>> = {}): number {
  return rreluEvalSlope(checkParams('rreluSlope', 'params', getActivation('rrelu'), params));
}
