/**
 * Argument checks shared by the array functions: every entry point checks what it is given
 * before any work starts and throws an {@link ActlabError} subclass that names the function,
 * the argument, what is accepted and what came (never a bare TypeError or RangeError from deep
 * inside a loop, never a silent wrong answer).
 *
 * Accepted arrays are Float64Array and Float32Array only (from any realm; subclasses too).
 * Plain number arrays are refused — with a hint to convert — rather than accepted, because
 * `out` could not be one and a silent copy would hide a quadratic cost in a training loop.
 * @module
 */
import { ACTIVATIONS, getActivation, resolveParams } from '../activations/index.js';
import type { Activation, ParamValues } from '../activations/types.js';
import { ActlabError, DetachedArrayError, InvalidArgumentError, SizeLimitError } from '../errors.js';
import type { FloatArray } from './types.js';

const FLOAT_ARRAY = 'a Float64Array or Float32Array';

/**
 * The intrinsic getters of %TypedArray%.prototype: they read a view's internal slots, so a
 * subclass or an own property that overrides `length`, `buffer` or `Symbol.toStringTag` (to
 * lie or to throw) changes nothing here.
 */
const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Int8Array.prototype) as object;
function intrinsicGetter(key: string | symbol): (this: unknown) => unknown {
  return (Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, key) as PropertyDescriptor).get as (this: unknown) => unknown;
}
const TAG = intrinsicGetter(Symbol.toStringTag);
const BUFFER = intrinsicGetter('buffer');
const BYTE_OFFSET = intrinsicGetter('byteOffset');
const LENGTH = intrinsicGetter('length');

/** 'Float32Array', 'Float64Array' or undefined for anything else (a Proxy is not a view; neither is a DataView). */
export function floatArrayKind(value: unknown): 'Float32Array' | 'Float64Array' | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  const tag = TAG.call(value);
  return tag === 'Float32Array' || tag === 'Float64Array' ? tag : undefined;
}

/** Whether an ArrayBuffer has been detached (transferred, or a WebAssembly memory that grew). */
function isDetachedBuffer(buffer: ArrayBufferLike): boolean {
  if (buffer.byteLength !== 0) return false;
  const flag = (buffer as { detached?: unknown }).detached;
  if (typeof flag === 'boolean') return flag;
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * Checks that `value` is a Float64Array or Float32Array over live memory and returns a plain
 * view of the same elements (built from the internal slots: what the kernels read and write is
 * what the array holds, whatever its own properties claim).
 * @throws {InvalidArgumentError} for anything else (number[] with a hint to convert).
 * @throws {DetachedArrayError} for a view of a detached buffer.
 */
export function checkFloatArray(functionName: string, argument: string, value: unknown): FloatArray {
  const kind = floatArrayKind(value);
  if (kind === undefined) {
    const hint = Array.isArray(value) ? 'convert a number array with Float64Array.from(x)' : undefined;
    throw new InvalidArgumentError(functionName, argument, FLOAT_ARRAY, value, hint);
  }
  const buffer = BUFFER.call(value) as ArrayBuffer;
  if (isDetachedBuffer(buffer)) throw new DetachedArrayError(functionName, argument);
  const Type = kind === 'Float32Array' ? Float32Array : Float64Array;
  if (Object.getPrototypeOf(value) === Type.prototype && !Object.hasOwn(value as object, 'length')) return value as FloatArray;
  return new Type(buffer, BYTE_OFFSET.call(value) as number, LENGTH.call(value) as number);
}

/** Checks that an options argument is undefined or an object (a frozen one is fine). */
export function checkOptions(functionName: string, options: unknown): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  const plain = guardRead(functionName, 'options', 'an object (or undefined)', () => typeof options === 'object' && options !== null && !ArrayBuffer.isView(options) && !Array.isArray(options));
  if (!plain) throw new InvalidArgumentError(functionName, 'options', 'an object (or undefined)', options);
  return options as Readonly<Record<string, unknown>>;
}

/**
 * Reads `options[key]` once; a getter or proxy trap that throws becomes an
 * {@link InvalidArgumentError} naming the option (its error is kept as `cause`).
 */
export function readOption(functionName: string, options: Readonly<Record<string, unknown>>, key: string): unknown {
  try {
    return options[key];
  } catch (error) {
    throw withCause(new InvalidArgumentError(functionName, `options.${key}`, 'readable', 'a getter that threw'), error);
  }
}

/** Attaches `cause` to an error (ES2022's option, set by hand for older lib typings). */
export function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return error;
}

/**
 * Runs `body` (which reads user objects: params, an activation definition) and turns any
 * non-actlab error it throws — a getter or proxy trap that throws — into an
 * {@link InvalidArgumentError} for `argument`.
 */
export function guardRead<T>(functionName: string, argument: string, expected: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof ActlabError) throw error;
    throw withCause(new InvalidArgumentError(functionName, argument, expected, 'a value that could not be read'), error);
  }
}

/**
 * Resolves a params argument for `definition`: `params` must be an object (else an
 * {@link InvalidArgumentError} for `argument`, accepting `expected`); a getter or proxy trap
 * that throws while it is read becomes one too.
 */
export function checkParams(functionName: string, argument: string, definition: Activation, params: unknown, expected = 'an object of parameter values'): ParamValues {
  if (typeof params !== 'object' || params === null) throw new InvalidArgumentError(functionName, argument, expected, params);
  return guardRead(functionName, argument, 'an object of parameter values', () => resolveParams(definition, params as Readonly<Record<string, unknown>>));
}

/** An activation name or a definition object with the functions its kind needs. */
const REGISTRY = new Set<unknown>(ACTIVATIONS);

export function checkActivation(functionName: string, activation: unknown): Activation {
  if (typeof activation === 'string') return getActivation(activation);
  if (REGISTRY.has(activation)) return activation as Activation; // the registry's own (frozen) definitions
  const expected = 'an activation name or definition (getActivation(name))';
  return guardRead(functionName, 'activation', expected, () => {
    const candidate = activation as Partial<Record<string, unknown>> | null;
    const valid =
      typeof candidate === 'object' &&
      candidate !== null &&
      typeof candidate.id === 'string' &&
      typeof candidate.params === 'object' &&
      candidate.params !== null &&
      (candidate.kind === 'elementwise'
        ? typeof candidate.f === 'function' && typeof candidate.df === 'function'
        : candidate.kind === 'vector' &&
          typeof candidate.forwardRow === 'function' &&
          typeof candidate.vjpRow === 'function' &&
          typeof candidate.outputLength === 'function' &&
          typeof candidate.checkLength === 'function');
    if (!valid) throw new InvalidArgumentError(functionName, 'activation', expected, activation);
    return activation as Activation;
  });
}

/** Checks that `value` is a function. */
export function checkFunction(functionName: string, argument: string, value: unknown): void {
  if (typeof value !== 'function') throw new InvalidArgumentError(functionName, argument, 'a function', value);
}

/**
 * Checks a count or size: a non-negative safe integer up to `maximum`.
 * @throws {InvalidArgumentError} for a non-number, NaN, ±∞, a fraction or a negative number.
 * @throws {SizeLimitError} above `maximum` (named in the message).
 */
export function checkSize(functionName: string, argument: string, value: unknown, maximum: number, detail?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(functionName, argument, `a non-negative integer ≤ ${maximum}`, value);
  }
  if (value > maximum) throw new SizeLimitError(functionName, argument, value, maximum, detail);
  return value;
}

/** Whether two views share any byte (same buffer, intersecting ranges); empty views never do. */
export function overlaps(a: FloatArray, b: FloatArray): boolean {
  if (a.buffer !== b.buffer || a.byteLength === 0 || b.byteLength === 0) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** The same elements: same buffer, offset, length and element type (exact aliasing). */
export function sameView(a: FloatArray, b: FloatArray): boolean {
  return a === b || (a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length && a.BYTES_PER_ELEMENT === b.BYTES_PER_ELEMENT);
}

/**
 * An input as the kernels may read it while writing `out`: itself when it does not overlap
 * `out`, or is exactly `out` and `exactOk` (elementwise routines read each element before
 * writing it), else a copy taken before any output is written.
 */
export function separateFrom<T extends FloatArray>(input: T, out: FloatArray, exactOk: boolean): T {
  if (!overlaps(input, out) || (exactOk && sameView(input, out))) return input;
  return input.slice() as T;
}

/**
 * The largest array the functions allocate for a result: 2³⁰ elements (8 GiB of float64). A
 * caller who needs more passes `out` (the library never allocates beyond this on its own).
 */
export const MAX_RESULT_LENGTH = 2 ** 30;

/** `new Type(length)`, with failure to allocate as a {@link SizeLimitError}. */
export function newArray<T extends FloatArray>(functionName: string, Type: { new (length: number): T }, length: number): T {
  if (length > MAX_RESULT_LENGTH) throw new SizeLimitError(functionName, 'result length', length, MAX_RESULT_LENGTH);
  try {
    return new Type(length);
  } catch (error) {
    throw withCause(new SizeLimitError(functionName, 'result length', length, MAX_RESULT_LENGTH, 'the allocation failed: not enough memory'), error);
  }
}
