/**
 * The classifier's matrix products: `c = a·bᵀ + bias` over float32 buffers, in actlab's
 * WebAssembly SIMD kernel (assembly/matmul.ts) with every operand already in the module's
 * memory — no copies in or out — or, without WebAssembly, in {@link matmulTransposeB}'s
 * TypeScript path. The right operand is prepared once per product ("packed"): either a
 * row-major matrix b (n×k) as is, or the transpose of a row-major matrix s (k×n) — what the
 * backward pass needs for dW = δᵀ·x and dx = δ·W, written straight into the kernel's panel
 * layout without materialising the transpose.
 * @module
 */
import { matmulTransposeB } from '../../kernels/matmul.js';
import type { WasmKernels } from '../../wasm/index.js';

/** Columns per panel of the kernel's packed B (two f32x4 vectors: NR in assembly/matmul.ts). */
const PANEL = 8;
/** The kernel's slice of the shared dimension (KC in assembly/matmul.ts). */
const SLICE = 384;
/** Rows of A the kernel packs per block (MC in assembly/matmul.ts). */
const BLOCK_ROWS = 128;

/** Floats a packed right operand with n rows of length k needs. */
export function packedLength(wasm: boolean, n: number, k: number): number {
  return wasm ? Math.ceil(n / PANEL) * PANEL * k : n * k;
}

/** Floats of scratch the kernel needs for a shared dimension up to k. */
export function scratchLength(k: number): number {
  return BLOCK_ROWS * Math.min(k, SLICE);
}

/** Products over one set of buffers; `kernels` undefined selects the TypeScript path. */
export class Gemm {
  constructor(readonly kernels: WasmKernels | undefined) {}

  /** Packs b (n×k row-major) as the right operand of {@link multiply}. */
  packRows(b: Float32Array, n: number, k: number, dst: Float32Array): void {
    if (this.kernels) this.kernels.exports.matmulPackF32(b.byteOffset, n, k, dst.byteOffset);
    else dst.set(b.subarray(0, n * k));
  }

  /**
   * Packs sᵀ, for s rows×cols row-major, as the right operand (n = cols, k = rows). In the
   * kernel's layout — slices of {@link SLICE} along k, each [panel][p][column in panel] — panel
   * g, step p reads s[p][8g … 8g + 7]: contiguous, so no transpose is materialised.
   */
  packColumns(s: Float32Array, rows: number, cols: number, dst: Float32Array): void {
    if (!this.kernels) {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[j * rows + i] = s[i * cols + j] as number;
      return;
    }
    const panels = Math.ceil(cols / PANEL);
    const full = Math.floor(cols / PANEL);
    for (let p0 = 0; p0 < rows; p0 += SLICE) {
      const kc = Math.min(SLICE, rows - p0);
      const base = panels * PANEL * p0;
      for (let g = 0; g < panels; g++) {
        let d = base + g * kc * PANEL;
        const col = g * PANEL;
        if (g < full) {
          for (let p = 0; p < kc; p++, d += PANEL) {
            const src = (p0 + p) * cols + col;
            dst[d] = s[src] as number;
            dst[d + 1] = s[src + 1] as number;
            dst[d + 2] = s[src + 2] as number;
            dst[d + 3] = s[src + 3] as number;
            dst[d + 4] = s[src + 4] as number;
            dst[d + 5] = s[src + 5] as number;
            dst[d + 6] = s[src + 6] as number;
            dst[d + 7] = s[src + 7] as number;
          }
        } else {
          for (let p = 0; p < kc; p++, d += PANEL) {
            const src = (p0 + p) * cols + col;
            for (let r = 0; r < PANEL; r++) dst[d + r] = col + r < cols ? (s[src + r] as number) : 0;
          }
        }
      }
    }
  }

  /**
   * c (m×n) = a (m×k) · bᵀ (+ bias), b packed by {@link packRows} or {@link packColumns};
   * `scratch` holds {@link scratchLength}(k) floats. All buffers in the module's memory on the
   * WebAssembly path.
   */
  multiply(a: Float32Array, packed: Float32Array, c: Float32Array, bias: Float32Array | undefined, m: number, k: number, n: number, scratch: Float32Array): void {
    if (m === 0 || n === 0) return;
    if (this.kernels) {
      this.kernels.exports.matmulF32(a.byteOffset, packed.byteOffset, c.byteOffset, bias ? bias.byteOffset : 0, m, n, k, 0, m, 0, scratch.byteOffset);
      return;
    }
    matmulTransposeB(a.subarray(0, m * k), packed.subarray(0, n * k), m, k, n, c.subarray(0, m * n), bias ? { bias } : {});
  }
}
