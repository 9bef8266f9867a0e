/**
 * A cache-blocked matrix product for row-major Float32Array / Float64Array matrices:
 * `out = act(a · bᵀ + bias)` (numpy's `a @ b.T`), the shape of a dense layer `x @ W.T` with
 * the weights stored one output unit per row; bias and ReLU are fused into the kernel.
 *
 * Two implementations, chosen automatically:
 * - **WebAssembly SIMD** (assembly/matmul.ts) when the module is available (mixed float32 and
 *   float64 operands are promoted to float64 first, exactly, as numpy does): B packed once in
 *   panels of two vectors of columns, A in blocks of 128 rows, a 4-row × 2-vector register tile
 *   (f32x4 or f64x2 accumulators), slices of 384 along the shared dimension. Sums
 *   are in the element type, as in BLAS `sgemm`/`dgemm`, in strict order p = 0 … k − 1 and then
 *   + bias — in the strict module the bits of the plain loop; in the relaxed-SIMD module
 *   (src/wasm/select.ts) each float32 multiply-add is fused (one rounding, f32x4.relaxed_madd),
 *   float64 is not — so each entry is within (k + 2)·u·Σ|aᵢbᵢ| of the exact value (u = 2⁻²⁴ or 2⁻⁵³). About 41
 *   GFLOP/s (float32) and 20 (float64) on one core here, 4096×768 · (3072×768)ᵀ: ~90 % of
 *   WebAssembly SIMD's mul + add ceiling on this machine (`npm run bench:ceiling`: 45 and 22.6).
 * - **TypeScript**, without WebAssembly: every dot
 *   product accumulated in float64 and rounded once when stored. For float32 inputs each product
 *   a·b is exact in float64 (24 + 24 bits < 53), so a float32 result is correctly rounded up to
 *   the float64 summation error — more accurate than `sgemm`; the two paths therefore differ in
 *   the last float32 bits, but not in any digit a printout shows. For float64 inputs the result
 *   is an ordinary float64 dot product (summation order: blocks of {@link MATMUL_BLOCK}.depth
 *   terms, each summed in order, the block sums added in order), like `dgemm` up to summation
 *   order. Tiles of a and b are copied into contiguous float64 scratch (4 rows interleaved) and
 *   a 4×4 register-blocked micro-kernel keeps 16 independent accumulators: about 4 GFLOP/s.
 *   A float32 result here can differ from the WebAssembly one in its last bits.
 * @module
 */
import { InvalidArgumentError, ShapeError } from '../errors.js';
import { checkFunction, checkOptions, checkSize, floatArrayKind, MAX_RESULT_LENGTH, newArray, readOption, separateFrom } from './validate.js';
import { checkLiveArray } from './wasm.js';
import { wasmKernels, type WasmKernels } from '../wasm/index.js';

/** The matrix types {@link matmulTransposeB} accepts. */
export type MatrixArray = Float32Array | Float64Array;

/** Tile sizes: rows of a, rows of b (output columns), and the shared dimension per tile. */
export const MATMUL_BLOCK = Object.freeze({ rows: 128, cols: 128, depth: 256 });

export interface MatmulOptions {
  /** Called after each block of output rows with the fraction of rows done, in (0, 1]. */
  readonly progress?: (fraction: number) => void;
  /** Added to every row of the product (length n), fused into the kernel: out = a·bᵀ + bias. */
  readonly bias?: MatrixArray;
  /** Applied after the bias, fused into the kernel: `'relu'` → max(x, 0) (NaN stays NaN). Default `'none'`. */
  readonly activation?: 'none' | 'relu';
}

/** Micro-kernel size: 4 rows of a × 4 rows of b. Tiles are padded with zeros to multiples of 4. */
const R = 4;

/**
 * Copies rows [row0, row0 + rows) × columns [col0, col0 + depth) of a row-major matrix with
 * `stride` columns into `dst`, grouped by 4 rows and interleaved: dst[(g·depth + p)·4 + r] =
 * src[(row0 + 4g + r)·stride + col0 + p]. Rows past `rows` (up to the next multiple of 4) are 0.
 */
function packTile(src: MatrixArray, stride: number, row0: number, rows: number, col0: number, depth: number, dst: Float64Array): void {
  const padded = Math.ceil(rows / R) * R;
  for (let i = 0; i < padded; i++) {
    let d = (i >> 2) * depth * R + (i & 3);
    if (i >= rows) {
      for (let p = 0; p < depth; p++, d += R) dst[d] = 0;
      continue;
    }
    let s = (row0 + i) * stride + col0;
    const end = s + depth;
    for (; s < end; s++, d += R) dst[d] = src[s] as number;
  }
}

/**
 * acc[0 … rows)[0 … cols) (row stride `accStride`) += packed A tile · packed B tileᵀ over
 * `depth` terms. `rows` and `cols` are multiples of 4 (the padded tile sizes).
 */
function microKernels(ap: Float64Array, bp: Float64Array, rows: number, cols: number, depth: number, acc: Float64Array, accStride: number): void {
  const span = depth * R;
  for (let gi = 0; gi < rows; gi += R) {
    const aStart = gi * depth;
    for (let gj = 0; gj < cols; gj += R) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let pa = aStart;
      let pb = gj * depth;
      const end = aStart + span;
      for (; pa < end; pa += R, pb += R) {
        const a0 = ap[pa] as number, a1 = ap[pa + 1] as number, a2 = ap[pa + 2] as number, a3 = ap[pa + 3] as number;
        const b0 = bp[pb] as number, b1 = bp[pb + 1] as number, b2 = bp[pb + 2] as number, b3 = bp[pb + 3] as number;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      let o = gi * accStride + gj;
      acc[o] = (acc[o] as number) + c00; acc[o + 1] = (acc[o + 1] as number) + c01;
      acc[o + 2] = (acc[o + 2] as number) + c02; acc[o + 3] = (acc[o + 3] as number) + c03;
      o += accStride;
      acc[o] = (acc[o] as number) + c10; acc[o + 1] = (acc[o + 1] as number) + c11;
      acc[o + 2] = (acc[o + 2] as number) + c12; acc[o + 3] = (acc[o + 3] as number) + c13;
      o += accStride;
      acc[o] = (acc[o] as number) + c20; acc[o + 1] = (acc[o + 1] as number) + c21;
      acc[o + 2] = (acc[o + 2] as number) + c22; acc[o + 3] = (acc[o + 3] as number) + c23;
      o += accStride;
      acc[o] = (acc[o] as number) + c30; acc[o + 1] = (acc[o + 1] as number) + c31;
      acc[o + 2] = (acc[o + 2] as number) + c32; acc[o + 3] = (acc[o + 3] as number) + c33;
    }
  }
}

/**
 * out[m×n] = a[m×k] · bᵀ, with b stored n×k (numpy's `a @ b.T`); all matrices row-major.
 * Inputs may be Float32Array or Float64Array in any mix: with one type throughout the sums are
 * in that type, with a mix in float64 (promoted as numpy does), rounded once into `out`; see
 * the module notes for the two implementations. `out` may overlap a, b or the bias (even be
 * one of them): the overlapped operands are copied first. `options.bias` and
 * `options.activation` are applied in the same pass: out = act(a·bᵀ + bias).
 *
 * Kernel arrays (allocateKernelArray) are accepted anywhere; a product whose packed operands
 * exceed the 1 MiB scratch region may grow the WebAssembly memory, which detaches kernel
 * arrays held elsewhere (reserveKernelMemory first to avoid it). If `out` is a kernel array
 * that this growth detached, the result is written to its live view, which is returned.
 * @param out Where to write; default a new Float32Array if a and b are both float32, else a Float64Array.
 * @returns `out` (or its live view, see above).
 * @throws {InvalidArgumentError} for arrays of the wrong type, dimensions that are not
 *   non-negative integers, a `progress` that is not a function, an unknown `activation`.
 * @throws {ShapeError} if a length is not m·k, n·k, m·n (or n for the bias).
 * @throws {DetachedArrayError}, {@link FreedArrayError} for arrays whose memory is gone.
 */
export function matmulTransposeB<T extends MatrixArray = MatrixArray>(
  a: MatrixArray,
  b: MatrixArray,
  m: number,
  k: number,
  n: number,
  out?: T,
  options: MatmulOptions = {},
): T {
  const args = checkMatmul<T>(a, b, m, k, n, out, options);
  const { result, bias, relu, onProgress } = args;
  if (m === 0 || n === 0) return result;
  if (k === 0) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) result[i * n + j] = epilogue(bias ? (bias[j] as number) : 0, relu);
    onProgress?.(1);
    return result;
  }
  const kernels = wasmKernels();
  if (kernels) return matmulInModule(kernels, args, m, k, n);
  matmulInTypeScript(args, m, k, n);
  return result;
}

/** The checked operands of a product: copies where they share memory with `result`. */
interface MatmulArgs<T extends MatrixArray> {
  readonly A: MatrixArray;
  readonly B: MatrixArray;
  readonly bias: MatrixArray | undefined;
  readonly result: T;
  readonly relu: boolean;
  readonly onProgress: ((fraction: number) => void) | undefined;
}

function checkMatmul<T extends MatrixArray>(a: MatrixArray, b: MatrixArray, m: number, k: number, n: number, out: T | undefined, options: MatmulOptions): MatmulArgs<T> {
  const fn = 'matmulTransposeB';
  const operand = (name: string, value: unknown): MatrixArray => checkLiveArray(fn, name, value);
  const A = operand('a', a);
  const B = operand('b', b);
  checkSize(fn, 'm', m, MAX_RESULT_LENGTH);
  checkSize(fn, 'k', k, MAX_RESULT_LENGTH);
  checkSize(fn, 'n', n, MAX_RESULT_LENGTH);
  const opts = checkOptions(fn, options);
  const progress = readOption(fn, opts, 'progress');
  if (progress !== undefined) checkFunction(fn, 'options.progress', progress);
  const biasValue = readOption(fn, opts, 'bias');
  const bias = biasValue === undefined ? undefined : operand('options.bias', biasValue);
  const activation = readOption(fn, opts, 'activation');
  if (activation !== undefined && activation !== 'none' && activation !== 'relu') {
    throw new InvalidArgumentError(fn, 'options.activation', "'none' or 'relu'", activation);
  }
  if (A.length !== m * k) throw new ShapeError(`matmulTransposeB: a has length ${A.length}, expected m·k = ${m}·${k} = ${m * k}`);
  if (B.length !== n * k) throw new ShapeError(`matmulTransposeB: b has length ${B.length}, expected n·k = ${n}·${k} = ${n * k}`);
  if (bias && bias.length !== n) throw new ShapeError(`matmulTransposeB: bias has length ${bias.length}, expected n = ${n}`);
  const outArray = out === undefined ? undefined : operand('out', out);
  if (outArray && outArray.length !== m * n) throw new ShapeError(`matmulTransposeB: out has length ${outArray.length}, expected m·n = ${m}·${n} = ${m * n}`);
  const result = (outArray ?? newArray(fn, (floatArrayKind(A) === 'Float32Array' && floatArrayKind(B) === 'Float32Array' ? Float32Array : Float64Array) as new (length: number) => MatrixArray, m * n)) as T;
  // The product reads a, b and the bias while it writes out (tile by tile): an operand that shares memory with out is read from a copy.
  return {
    A: separateFrom(A, result, false),
    B: separateFrom(B, result, false),
    bias: bias && separateFrom(bias, result, false),
    result,
    relu: activation === 'relu',
    onProgress: progress as ((fraction: number) => void) | undefined,
  };
}

/** The product in WebAssembly (split across threads when a splitter is installed). */
function matmulInModule<T extends MatrixArray>(kernels: WasmKernels, args: MatmulArgs<T>, m: number, k: number, n: number): T {
  const { A, B, bias, result, relu, onProgress } = args;
  // Operands in the module's memory are copied out first: the scratch this product needs may
  // grow the memory, which would detach them mid-call (a silent empty copy otherwise).
  const memory = kernels.exports.memory.buffer;
  const own = <X extends MatrixArray>(x: X): X => (x.buffer === memory ? (x.slice() as X) : x);
  const type = result.constructor;
  const mixed = A.constructor !== type || B.constructor !== type || (bias !== undefined && bias.constructor !== type);
  // Mixed types: promote to float64 (exact), as numpy does, and round once into out.
  const wide = (x: MatrixArray) => (mixed && !(x instanceof Float64Array) ? Float64Array.from(x) : own(x));
  const C: MatrixArray =
    mixed && !(result instanceof Float64Array)
      ? new Float64Array(m * n)
      : result.buffer === memory
        ? new (result.constructor as new (length: number) => MatrixArray)(m * n)
        : result;
  const [A2, B2, bias2] = [wide(A), wide(B), bias && wide(bias)];
  const block = (row0: number, row1: number) =>
    matmulWasm(kernels, A2.subarray(row0 * k, row1 * k), B2, C.subarray(row0 * n, row1 * n), bias2, row1 - row0, k, n, relu, onProgress);
  if (!splitter?.(A2, B2, C, bias2, m, k, n, relu, block)) block(0, m);
  if (C === result) return result;
  // out in the module's memory and the memory grown meanwhile: write to its live view.
  const target = result.buffer === kernels.exports.memory.buffer || result.buffer !== memory ? result : (new (result.constructor as new (buffer: ArrayBufferLike, at: number, length: number) => T)(kernels.exports.memory.buffer, result.byteOffset, result.length));
  target.set(C);
  return target;
}

/** The product in TypeScript, where WebAssembly is unavailable: the same tiles and summation order. */
function matmulInTypeScript(args: MatmulArgs<MatrixArray>, m: number, k: number, n: number): void {
  const { A, B, bias, result, relu, onProgress } = args;
  const MB = MATMUL_BLOCK.rows;
  const NB = MATMUL_BLOCK.cols;
  const KC = Math.min(MATMUL_BLOCK.depth, k);
  const ap = new Float64Array(MB * KC);
  const bp = new Float64Array(NB * KC);
  const acc = new Float64Array(MB * NB);
  for (let i0 = 0; i0 < m; i0 += MB) {
    const mb = Math.min(MB, m - i0);
    const mbPadded = Math.ceil(mb / R) * R;
    for (let j0 = 0; j0 < n; j0 += NB) {
      const nb = Math.min(NB, n - j0);
      const nbPadded = Math.ceil(nb / R) * R;
      acc.fill(0);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        packTile(A, k, i0, mb, p0, kc, ap);
        packTile(B, k, j0, nb, p0, kc, bp);
        microKernels(ap, bp, mbPadded, nbPadded, kc, acc, NB);
      }
      // One rounding per entry (none for a Float64Array out).
      for (let i = 0; i < mb; i++) {
        const src = i * NB;
        const dst = (i0 + i) * n + j0;
        if (bias || relu) {
          for (let j = 0; j < nb; j++) result[dst + j] = epilogue((acc[src + j] as number) + (bias ? (bias[j0 + j] as number) : 0), relu);
        } else {
          for (let j = 0; j < nb; j++) result[dst + j] = acc[src + j] as number;
        }
      }
    }
    onProgress?.((i0 + mb) / m);
  }
}

function epilogue(x: number, relu: boolean): number {
  return relu && x < 0 ? 0 : x;
}

/**
 * Splits a large product across threads (installed by `enableMatmulThreads` in src/node):
 * returns false to decline, else computes the rows it hands out and calls `own(row0, row1)`
 * for the rows this thread computes itself, synchronously, before returning true.
 */
export type MatmulSplitter = (
  a: MatrixArray,
  b: MatrixArray,
  out: MatrixArray,
  bias: MatrixArray | undefined,
  m: number,
  k: number,
  n: number,
  relu: boolean,
  own: (row0: number, row1: number) => void,
) => boolean;

let splitter: MatmulSplitter | undefined;

/** Installs (or with `undefined` removes) the thread splitter; returns the previous one. */
export function setMatmulSplitter(next: MatmulSplitter | undefined): MatmulSplitter | undefined {
  const previous = splitter;
  splitter = next;
  return previous;
}

/** Output rows per call into the WebAssembly kernel (bounds its memory and paces progress). */
const WASM_ROWS = 256;
/** The kernel's slice of the shared dimension (KC in assembly/matmul.ts). */
const KDEPTH = 384;
/** Rows of A the kernel packs per block (MC in assembly/matmul.ts). */
const KROWS = 128;

/**
 * The WebAssembly path (a, b, out and bias all of one type): copies b (and bias) into the
 * module's memory and packs b once (`matmulPackF32` / `matmulPackF64`), then a in blocks of {@link WASM_ROWS} rows, runs `matmulF32` /
 * `matmulF64` (SIMD, sums in the element type) and copies each block of out back.
 */
function matmulWasm(
  kernels: WasmKernels,
  a: MatrixArray,
  b: MatrixArray,
  out: MatrixArray,
  bias: MatrixArray | undefined,
  m: number,
  k: number,
  n: number,
  relu: boolean,
  progress: ((fraction: number) => void) | undefined,
): void {
  const f32 = out instanceof Float32Array;
  const View = f32 ? Float32Array : Float64Array;
  const bytes = f32 ? 4 : 8;
  const rows = Math.min(WASM_ROWS, m);
  const panelWidth = f32 ? 8 : 4;
  const sizes = [n * k, rows * k, rows * n, bias ? n : 0, Math.ceil(n / panelWidth) * panelWidth * k, KROWS * Math.min(k, KDEPTH)];
  const padded = (count: number) => Math.ceil((count * bytes) / 16) * 16;
  const base = kernels.scratch(sizes.reduce((sum, count) => sum + padded(count), 0));
  const offsets: number[] = [];
  let at = base;
  for (const count of sizes) {
    offsets.push(at);
    at += padded(count);
  }
  const [pb, pa, pc, pbias, ppacked, pscratch] = offsets as [number, number, number, number, number, number];
  const { memory } = kernels.exports;
  const run = f32 ? kernels.exports.matmulF32 : kernels.exports.matmulF64;
  new View(memory.buffer, pb, n * k).set(b);
  (f32 ? kernels.exports.matmulPackF32 : kernels.exports.matmulPackF64)(pb, n, k, ppacked);
  if (bias) new View(memory.buffer, pbias, n).set(bias);
  for (let r0 = 0; r0 < m; r0 += rows) {
    const r1 = Math.min(m, r0 + rows);
    new View(memory.buffer, pa, (r1 - r0) * k).set(a.subarray(r0 * k, r1 * k));
    run(pa, ppacked, pc, bias ? pbias : 0, r1 - r0, n, k, 0, r1 - r0, relu ? 1 : 0, pscratch);
    out.set(new View(memory.buffer, pc, (r1 - r0) * n), r0 * n);
    progress?.(r1 / m);
  }
}
