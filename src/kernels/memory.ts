/**
 * Arrays that live in the WebAssembly module's memory (the kernels' zero-copy path): allocation,
 * liveness (freed blocks, views detached by a growth of the memory) and reservation. The
 * backend that reads them is src/kernels/wasm.ts.
 * @module
 */
import { FreedArrayError, InvalidArgumentError, InvalidParameterError, SizeLimitError } from '../errors.js';
import { wasmKernels, type WasmKernels } from '../wasm/index.js';
import type { FloatArray } from './types.js';
import { checkFloatArray, checkSize, floatArrayKind, newArray, withCause } from './validate.js';

/** Byte offset of `a` in the module's memory, or undefined when `a` lives elsewhere. */
export function offsetIn(kernels: WasmKernels, a: FloatArray): number | undefined {
  return a.buffer === kernels.exports.memory.buffer ? a.byteOffset : undefined;
}

/** Element types of {@link allocateKernelArray}. */
export type KernelDtype = 'float32' | 'float64';

/** The largest kernel array, in bytes (2 GiB: 2²⁹ float32 or 2²⁸ float64 elements); the memory as a whole is limited to 4 GiB. */
export const MAX_KERNEL_ARRAY_BYTES = 2 ** 31;

/**
 * The arrays {@link allocateKernelArray} returned, with the serial of their block: a block
 * freed and handed out again gets a new serial, so a kept array is told apart from the new one.
 */
const owners = new WeakMap<FloatArray, number>();

/**
 * A zeroed array that lives in the WebAssembly module's memory, so that {@link forward} and
 * {@link backward} read and write it in place (zero-copy) instead of copying it through.
 *
 * Memory safety: WebAssembly memory can only grow, and growing it detaches every existing view
 * of it (their length becomes 0). What grows it: this function when the heap is full,
 * {@link reserveKernelMemory}, and a matrix product whose packed operands exceed the 1 MiB
 * scratch region (`matmulTransposeB` on large matrices) — never an activation kernel. So
 * allocate the arrays you need (or reserve their total size first) before you use them.
 * Using a detached array afterwards throws a {@link DetachedArrayError}, and one passed to
 * {@link freeKernelArray} a {@link FreedArrayError}; {@link isKernelArray} tells whether an
 * array is still a live kernel array.
 *
 * Without WebAssembly this returns an ordinary array (the kernels then run in TypeScript).
 * @param length Elements: a non-negative integer, at most {@link MAX_KERNEL_ARRAY_BYTES} / 4 (float32) or / 8 (float64).
 * @throws {InvalidParameterError} if `dtype` is not 'float32' or 'float64'.
 * @throws {InvalidArgumentError} if `length` is not a non-negative integer.
 * @throws {SizeLimitError} above the maximum, or when the memory cannot grow that far (4 GiB in all).
 */
export function allocateKernelArray(length: number, dtype: 'float32'): Float32Array;
export function allocateKernelArray(length: number, dtype: 'float64'): Float64Array;
export function allocateKernelArray(length: number, dtype: KernelDtype): FloatArray;
export function allocateKernelArray(length: number, dtype: KernelDtype = 'float32'): FloatArray {
  if (dtype !== 'float32' && dtype !== 'float64') throw new InvalidParameterError('allocateKernelArray', 'dtype', dtype, "'float32' or 'float64'");
  const Type = dtype === 'float32' ? Float32Array : Float64Array;
  const size = Type.BYTES_PER_ELEMENT;
  checkSize('allocateKernelArray', 'length', length, MAX_KERNEL_ARRAY_BYTES / size, `${dtype} elements: ${MAX_KERNEL_ARRAY_BYTES} bytes`);
  const kernels = wasmKernels();
  if (!kernels) return newArray<FloatArray>('allocateKernelArray', Type, length);
  let at: number;
  try {
    at = kernels.allocate(length * size);
  } catch (error) {
    const room = Math.max(0, Math.floor(kernels.available() / size));
    throw withCause(
      new SizeLimitError('allocateKernelArray', 'length', length, Math.min(room, MAX_KERNEL_ARRAY_BYTES / size), 'the WebAssembly memory (4 GiB at most) could not grow that far'),
      error,
    );
  }
  const array = new Type(kernels.exports.memory.buffer, at, length);
  array.fill(0);
  owners.set(array, kernels.blockSerial(at) as number);
  return array;
}

/**
 * Whether `array` is a live kernel array: returned by {@link allocateKernelArray}, not freed,
 * and not detached by a later growth of the memory. Any value may be passed (false for non-arrays).
 */
export function isKernelArray(array: unknown): boolean {
  const kernels = wasmKernels();
  if (!kernels || floatArrayKind(array) === undefined) return false;
  const a = array as FloatArray;
  const serial = owners.get(a);
  return serial !== undefined && offsetIn(kernels, a) !== undefined && kernels.blockSerial(a.byteOffset) === serial;
}

/**
 * Checks an array about to be read or written by a kernel call: an array in the module's
 * memory must lie in a live block (not freed; for an array from {@link allocateKernelArray},
 * its own block, not a later one at the same place).
 * @throws {FreedArrayError} otherwise.
 */
export function checkKernelMemory(functionName: string, argument: string, array: FloatArray): void {
  const kernels = wasmKernels();
  if (!kernels || offsetIn(kernels, array) === undefined) return;
  const serial = owners.get(array);
  const live = serial !== undefined ? kernels.blockSerial(array.byteOffset) === serial : kernels.insideBlock(array.byteOffset, array.byteLength);
  if (!live) throw new FreedArrayError(functionName, argument);
}

/**
 * A Float64Array or Float32Array over live memory (not detached, not a freed kernel array):
 * {@link checkFloatArray} then {@link checkKernelMemory}.
 */
export function checkLiveArray(functionName: string, argument: string, value: unknown): FloatArray {
  const array = checkFloatArray(functionName, argument, value);
  checkKernelMemory(functionName, argument, array);
  return array;
}

/**
 * Returns an array from {@link allocateKernelArray} to the heap. The array must not be used
 * afterwards: its memory will be handed out again, and the library refuses it
 * ({@link FreedArrayError}). Freeing it twice, or freeing any other Float32Array/Float64Array
 * (an ordinary one, a subarray of a kernel array, a detached one), does nothing.
 * @throws {InvalidArgumentError} if `array` is not a Float64Array or Float32Array.
 */
export function freeKernelArray(array: FloatArray): void {
  if (floatArrayKind(array) === undefined) throw new InvalidArgumentError('freeKernelArray', 'array', 'a Float64Array or Float32Array', array);
  const kernels = wasmKernels();
  // The array keeps its (now stale) serial in `owners`: a later block at the same place has another.
  if (kernels && isKernelArray(array)) kernels.release(array.byteOffset);
}

/**
 * Grows the module's memory now so that `bytes` more bytes of kernel arrays can be allocated
 * without growing it later (growing detaches existing views; see {@link allocateKernelArray}).
 * Without WebAssembly it does nothing.
 * @throws {InvalidArgumentError} if `bytes` is not a non-negative integer.
 * @throws {SizeLimitError} beyond what the 4 GiB memory can still hold (named in the message).
 */
export function reserveKernelMemory(bytes: number): void {
  const kernels = wasmKernels();
  checkSize('reserveKernelMemory', 'bytes', bytes, kernels ? kernels.available() : Number.MAX_SAFE_INTEGER, kernels ? 'what the 4 GiB WebAssembly memory can still hold' : undefined);
  if (!kernels) return;
  try {
    kernels.reserve(bytes);
  } catch (error) {
    throw withCause(new SizeLimitError('reserveKernelMemory', 'bytes', bytes, kernels.available(), 'the WebAssembly memory could not grow that far'), error);
  }
}
