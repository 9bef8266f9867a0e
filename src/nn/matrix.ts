/**
 * A minimal row-major float64 matrix: just enough linear algebra for dense layers and their
 * backward pass. Plain data (`{ rows, cols, data }`) so it crosses Worker boundaries unchanged.
 *
 * Every product takes an optional `out`: with it, the hot loops allocate nothing, so a training
 * loop can reuse its buffers. `out` must not share memory with an input (the products read
 * inputs after writing outputs) — this is checked.
 * @module
 */
import { ShapeError } from '../errors.js';
import { matmulTransposeB as kernelProduct } from '../kernels/matmul.js';
import { wasmKernels } from '../wasm/index.js';

/**
 * Products with at least this many multiply-adds run in the WebAssembly kernel (src/kernels/
 * matmul.ts), which sums each entry in the same order as the loops here — p = 0, 1, …, k − 1
 * from +0 — so both give the same bits; smaller ones stay in these loops (copying into the
 * module's memory would cost more).
 */
const WASM_MIN_WORK = 1 << 15;

/** Whether an n×k by k×m product goes to WebAssembly: it is loaded and the product is large. */
function wasmWorthIt(n: number, k: number, m: number): boolean {
  return n * k * m >= WASM_MIN_WORK && wasmKernels() !== undefined;
}

/**
 * out (n×m) = a (n×k) · bᵀ with b (m×k), in WebAssembly, if {@link wasmWorthIt}. The operands
 * are given as functions so that a caller's transposes are formed only when they are used.
 */
function viaWasm(a: () => Float64Array, b: () => Float64Array, n: number, k: number, m: number, out: Float64Array): boolean {
  if (!wasmWorthIt(n, k, m)) return false;
  kernelProduct(a(), b(), n, k, m, out);
  return true;
}

/** The transpose of a rows×cols row-major array, as a new array. */
function transposed(data: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = data[i * cols + j] as number;
  return t;
}

/** A row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function checkDimension(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new ShapeError(`${what} must be a non-negative integer, got ${value}`);
}

/**
 * A `rows × cols` matrix. With `data` the matrix wraps it (a Float64Array is used as is, not
 * copied; other array-likes are copied); without it the matrix is zero.
 */
export function matrix(rows: number, cols: number, data?: Float64Array | ArrayLike<number>): Matrix {
  checkDimension(rows, 'rows');
  checkDimension(cols, 'cols');
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (data.length !== rows * cols) throw new ShapeError(`matrix ${rows}×${cols} needs ${rows * cols} values, got ${data.length}`);
  return { rows, cols, data: data instanceof Float64Array ? data : Float64Array.from(data) };
}

/** A matrix from nested rows, e.g. `fromRows([[0, 0], [0, 1]])`. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const out = matrix(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new ShapeError(`row ${i} has ${row.length} values, expected ${cols}`);
    out.data.set(row, i * cols);
  });
  return out;
}

/** Element (i, j). */
export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j] as number;
}

function output(out: Matrix | undefined, rows: number, cols: number, inputs: readonly Matrix[], what: string): Matrix {
  if (!out) return matrix(rows, cols);
  if (out.rows !== rows || out.cols !== cols) throw new ShapeError(`${what}: out is ${out.rows}×${out.cols}, expected ${rows}×${cols}`);
  for (const input of inputs) {
    if (out.data.buffer === input.data.buffer) throw new ShapeError(`${what}: out must not share memory with an input`);
  }
  return out;
}

/**
 * a·b for a (n×k), b (k×m). Each entry is summed in order p = 0 … k − 1 (in WebAssembly for
 * large products, with the same bits). The i-k-j loop order streams through rows of b and of
 * the result, so the innermost loop is contiguous in both (i-j-k would stride down columns of b).
 */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.rows) throw new ShapeError(`matmul: ${a.rows}×${a.cols} · ${b.rows}×${b.cols} do not fit`);
  const result = output(out, a.rows, b.cols, [a, b], 'matmul');
  const { rows: n, cols: k } = a;
  const m = b.cols;
  const A = a.data;
  const B = b.data;
  const C = result.data;
  if (viaWasm(() => A, () => transposed(B, k, m), n, k, m, C)) return result;
  C.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p] as number;
      const bp = p * m;
      for (let j = 0; j < m; j++) C[ci + j] = (C[ci + j] as number) + aip * (B[bp + j] as number);
    }
  }
  return result;
}

/**
 * aᵀ·b for a (k×n), b (k×m): the weight gradient dW = dZᵀ·X, each entry summed in order
 * p = 0 … k − 1 (in WebAssembly for large products, with the same bits). Looping over the
 * shared row index k outermost keeps both inner reads contiguous without forming aᵀ.
 */
export function matmulTransposeA(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.rows !== b.rows) throw new ShapeError(`matmulTransposeA: (${a.rows}×${a.cols})ᵀ · ${b.rows}×${b.cols} do not fit`);
  const result = output(out, a.cols, b.cols, [a, b], 'matmulTransposeA');
  const k = a.rows;
  const n = a.cols;
  const m = b.cols;
  const A = a.data;
  const B = b.data;
  const C = result.data;
  if (viaWasm(() => transposed(A, k, n), () => transposed(B, k, m), n, k, m, C)) return result;
  C.fill(0);
  for (let p = 0; p < k; p++) {
    const bp = p * m;
    for (let i = 0; i < n; i++) {
      const api = A[p * n + i] as number;
      const ci = i * m;
      for (let j = 0; j < m; j++) C[ci + j] = (C[ci + j] as number) + api * (B[bp + j] as number);
    }
  }
  return result;
}

/**
 * a·bᵀ for a (n×k), b (m×k): the forward pass X·Wᵀ with W stored (outputs × inputs). Each
 * entry is a dot product of two contiguous rows, summed in order (in WebAssembly for large
 * products, with the same bits).
 */
export function matmulTransposeB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.cols) throw new ShapeError(`matmulTransposeB: ${a.rows}×${a.cols} · (${b.rows}×${b.cols})ᵀ do not fit`);
  const result = output(out, a.rows, b.rows, [a, b], 'matmulTransposeB');
  const n = a.rows;
  const k = a.cols;
  const m = b.rows;
  const A = a.data;
  const B = b.data;
  const C = result.data;
  if (viaWasm(() => A, () => B, n, k, m, C)) return result;
  for (let i = 0; i < n; i++) {
    const ai = i * k;
    for (let j = 0; j < m; j++) {
      const bj = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (A[ai + p] as number) * (B[bj + p] as number);
      C[i * m + j] = sum;
    }
  }
  return result;
}

/** m + v broadcast over rows (v has length m.cols). `out` may be `m` itself. */
export function addRowVector(m: Matrix, v: ArrayLike<number>, out?: Matrix): Matrix {
  if (v.length !== m.cols) throw new ShapeError(`addRowVector: vector has length ${v.length}, expected ${m.cols}`);
  let result: Matrix;
  if (out === m) result = m;
  else result = output(out, m.rows, m.cols, [m], 'addRowVector');
  const { rows, cols } = m;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) result.data[base + j] = (m.data[base + j] as number) + (v[j] as number);
  }
  return result;
}

/** mᵀ. */
export function transpose(m: Matrix, out?: Matrix): Matrix {
  const result = output(out, m.cols, m.rows, [m], 'transpose');
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) result.data[j * m.rows + i] = m.data[i * m.cols + j] as number;
  }
  return result;
}

/** Σᵢ m[i, ·]: the bias gradient db = Σ over the batch of dZ. */
export function columnSums(m: Matrix, out?: Float64Array): Float64Array {
  const result = out ?? new Float64Array(m.cols);
  if (result.length !== m.cols) throw new ShapeError(`columnSums: out has length ${result.length}, expected ${m.cols}`);
  result.fill(0);
  for (let i = 0; i < m.rows; i++) {
    const base = i * m.cols;
    for (let j = 0; j < m.cols; j++) result[j] = (result[j] as number) + (m.data[base + j] as number);
  }
  return result;
}

/** The rows of m at `indices`, in that order (a mini-batch). */
export function selectRows(m: Matrix, indices: ArrayLike<number>, out?: Matrix): Matrix {
  const result = output(out, indices.length, m.cols, [m], 'selectRows');
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] as number;
    if (!(i >= 0 && i < m.rows)) throw new ShapeError(`selectRows: row ${i} out of range 0…${m.rows - 1}`);
    result.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols);
  }
  return result;
}

/** √(Σ xᵢ²) of any array (the Frobenius norm of a matrix's data), scaled to avoid overflow. */
export function frobeniusNorm(values: Matrix | ArrayLike<number>): number {
  const data = 'data' in values ? values.data : values;
  let scale = 0;
  for (let i = 0; i < data.length; i++) scale = Math.max(scale, Math.abs(data[i] as number));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const r = (data[i] as number) / scale;
    sum += r * r;
  }
  return scale * Math.sqrt(sum);
}
