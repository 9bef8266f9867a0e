/**
 * Matrix product with fused bias and ReLU, SIMD, for float32 (f32x4) and float64 (f64x2):
 * C[m×n] = act(A[m×k] · B[n×k]ᵀ + bias) for rows [row0, row1) — the shape of a dense layer
 * `x @ W.T` with one output unit per row of W. All matrices row-major in this module's memory.
 *
 * Blocking (GotoBLAS-style): B is packed once per product (matmulPackF32/F64), in slices of KC
 * along the shared dimension, each slice in panels of NR = 2 vectors of output columns
 * ([panel][p][NR], zero-padded). For each slice, A is packed in blocks of MC rows, four rows
 * interleaved ([group][p][4]); every B panel (KC·NR elements: 12 KiB, in L1) then passes over
 * the whole A block (in L2), a 4 × NR register tile (8 vector accumulators, the A values
 * broadcast straight from memory with load32/64_splat) per group of four rows. Rows left over
 * (fewer than four) go one at a time from A unpacked.
 *
 * Why 4 × 2 vectors: V8 keeps 15 xmm registers for WebAssembly on x64; this tile needs 8
 * accumulators + 2 B vectors + a broadcast + a product = 12, and its loop compiles with no spill
 * (checked with node --print-wasm-code). 5×2, 6×2, 4×3 and 3×4 tiles, and unrolling k, measured
 * 25–50 % slower here: they spill. The 4 × 2 loop itself runs at the machine's WebAssembly
 * mul + add ceiling (bench/wasm-ceiling.mjs) when its operands are in L1.
 *
 * Each entry is summed in the element type in strict order p = 0, 1, …, k − 1 (a slice's
 * accumulators start from the running sum stored in C), then the bias is added. In the strict
 * module that is the same bits as the plain loop `s = 0; for p: s += a[p]·b[p]; s + bias` (each
 * product and each sum rounded). In the relaxed-SIMD module (tools/build-wasm.mjs) the float32
 * step is madd32 — f32x4.relaxed_madd, one fused multiply-add (one rounding) where the CPU has
 * FMA — in the same order: the error bound (k + 2)·u·Σ|aᵢbᵢ| holds either way (fusing only
 * removes roundings), the bits may differ from the strict module's in the last place. float64
 * never fuses: both modules give its bits. With FMA the 4 × 2 tile needs 8 accumulators + 2 B
 * vectors + a broadcast = 11 registers; 5×2, 6×2 and 7×2 measured slower here (V8 spills).
 */

import { madd32 } from './fma';

const KC: i32 = 384;
/** 16 bytes of fixed scratch below the static data (see src/wasm/index.ts for the layout). */
const LANES: usize = 15360;

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/**
 * c + a·b in the element type: for f32 the relaxed module's fused multiply-add (assembly/fma.ts;
 * mul + add in the strict module), for f64 always mul then add (the bit-exact float64 path).
 */
// @ts-ignore: decorator
@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (sizeof<T>() == 4) return madd32(a, b, c);
  return v128.add<T>(c, v128.mul<T>(a, b));
}

/** Packs B rows [0, n) × columns [p0, p0 + kc) into panels of NR at `dst`: dst[(j/NR)·kc·NR + p·NR + j%NR]. */
function packB<T>(b: usize, n: i32, k: i32, p0: i32, kc: i32, dst: usize): void {
  const NR = 2 * lanes<T>();
  const size = <usize>sizeof<T>();
  const panels = (n + NR - 1) / NR;
  for (let g: i32 = 0; g < panels; g++) {
    const base = dst + <usize>(g * kc * NR) * size;
    for (let r: i32 = 0; r < NR; r++) {
      const j = g * NR + r;
      let d = base + <usize>r * size;
      if (j < n) {
        let src = b + <usize>(j * k + p0) * size;
        for (let p: i32 = 0; p < kc; p++) {
          store<T>(d, load<T>(src));
          src += size;
          d += <usize>NR * size;
        }
      } else {
        for (let p: i32 = 0; p < kc; p++) {
          store<T>(d, <T>0);
          d += <usize>NR * size;
        }
      }
    }
  }
}

/** The running sums of one tile row (two vectors), or zero on the first slice. */
// @ts-ignore: decorator
@inline function startRow<T>(c: usize, remaining: i32, first: bool, high: bool): v128 {
  const L = lanes<T>();
  if (first) return v128.splat<T>(<T>0);
  const at = high ? c + 16 : c;
  const count = high ? remaining - L : remaining;
  if (count >= L) return v128.load(at);
  const size = <usize>sizeof<T>();
  v128.store(LANES, v128.splat<T>(<T>0));
  for (let t: i32 = 0; t < count; t++) store<T>(LANES + <usize>t * size, load<T>(at + <usize>t * size));
  return v128.load(LANES);
}

/** Stores a vector of running sums; on the last slice adds the bias and applies ReLU first. */
// @ts-ignore: decorator
@inline function finish<T>(c: usize, x: v128, last: bool, bias: usize, relu: bool): void {
  if (last) {
    if (bias) x = v128.add<T>(x, v128.load(bias));
    // max(x, 0) keeping NaN and −0: zero the lanes where x < 0.
    if (relu) x = v128.and(x, v128.not(v128.lt<T>(x, v128.splat<T>(<T>0))));
  }
  v128.store(c, x);
}

/** The same for the first `count` lanes only (the last, partial panel). */
function finishPartial<T>(c: usize, v: v128, last: bool, bias: usize, count: i32, relu: bool): void {
  const size = <usize>sizeof<T>();
  v128.store(LANES, v);
  for (let t: i32 = 0; t < count; t++) {
    let x = load<T>(LANES + <usize>t * size);
    if (last) {
      if (bias) x += load<T>(bias + <usize>t * size);
      if (relu && x < 0) x = <T>0;
    }
    store<T>(c + <usize>t * size, x);
  }
}

/** Stores one row of a tile: two vectors, or the first `remaining` lanes of them. */
// @ts-ignore: decorator
@inline function storeRow<T>(c: usize, remaining: i32, last: bool, bias: usize, relu: bool, v0: v128, v1: v128): void {
  const L = lanes<T>();
  if (remaining >= 2 * L) {
    finish<T>(c, v0, last, bias, relu);
    finish<T>(c + 16, v1, last, bias ? bias + 16 : 0, relu);
  } else {
    finishPartial<T>(c, v0, last, bias, min(remaining, L), relu);
    if (remaining > L) finishPartial<T>(c + 16, v1, last, bias ? bias + 16 : 0, remaining - L, relu);
  }
}

/** Rows of A packed per block (MR-row groups interleaved): the block stays in L2 while every B panel passes over it. */
const MC: i32 = 128;
/** Rows of the register tile. */
const MR: i32 = 4;

/**
 * Packs A rows [i0, i0 + rows) × columns [p0, p0 + kc) (rows a multiple of MR) at `dst` in
 * groups of MR rows, interleaved: dst[(q·kc + p)·MR + r] = A[i0 + q·MR + r][p0 + p].
 */
function packA<T>(a: usize, k: i32, i0: i32, rows: i32, p0: i32, kc: i32, dst: usize): void {
  const size = <usize>sizeof<T>();
  const rowBytes = <usize>k * size;
  for (let q: i32 = 0; q < rows; q += MR) {
    let src = a + <usize>((i0 + q) * k + p0) * size;
    let d = dst + <usize>(q * kc) * size;
    const end = src + <usize>kc * size;
    for (; src < end; src += size) {
      store<T>(d, load<T>(src));
      store<T>(d, load<T>(src + rowBytes), sizeof<T>());
      store<T>(d, load<T>(src + 2 * rowBytes), 2 * sizeof<T>());
      store<T>(d, load<T>(src + 3 * rowBytes), 3 * sizeof<T>());
      d += <usize>MR * size;
    }
  }
}

// size: the blocked product's loop nest (panels, packing, micro-kernel calls, epilogue) is one
// contract — each entry summed in the plain loop's order — and is read whole.
/** C = act(A·Bᵀ + bias) for output rows [row0, row1) in element type T (f32 or f64). */
function matmul<T>(a: usize, b: usize, c: usize, bias: usize, m: i32, n: i32, k: i32, row0: i32, row1: i32, relu: bool, scratch: usize): void {
  const NR = 2 * lanes<T>();
  const size = <usize>sizeof<T>();
  if (row1 > m) row1 = m;
  const panels = (n + NR - 1) / NR;
  const packedA = scratch;
  const cRow = <usize>n * size;
  const full = row0 + ((row1 - row0) / MR) * MR;
  for (let p0: i32 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const first = p0 == 0;
    const last = p0 + kc >= k;
    // This slice's panels in the packed B (see packAll): after the slices before it.
    const bs = b + <usize>(panels * NR * p0) * size;
    for (let i0 = row0; i0 < full; i0 += MC) {
      const rows = min(MC, full - i0);
      packA<T>(a, k, i0, rows, p0, kc, packedA);
      for (let g: i32 = 0; g < panels; g++) {
        const bp0 = bs + <usize>(g * kc * NR) * size;
        const col = g * NR;
        const remaining = n - col;
        const bb = bias ? bias + <usize>col * size : 0;
        for (let q: i32 = 0; q < rows; q += MR) {
          let bp = bp0;
          const cb = c + <usize>((i0 + q) * n + col) * size;
          let c00 = startRow<T>(cb, remaining, first, false), c01 = startRow<T>(cb, remaining, first, true);
          let c10 = startRow<T>(cb + cRow, remaining, first, false), c11 = startRow<T>(cb + cRow, remaining, first, true);
          let c20 = startRow<T>(cb + 2 * cRow, remaining, first, false), c21 = startRow<T>(cb + 2 * cRow, remaining, first, true);
          let c30 = startRow<T>(cb + 3 * cRow, remaining, first, false), c31 = startRow<T>(cb + 3 * cRow, remaining, first, true);
          let pa = packedA + <usize>(q * kc) * size;
          const end = pa + <usize>(kc * MR) * size;
          for (; pa < end; pa += <usize>MR * size) {
            const b0 = v128.load(bp);
            const b1 = v128.load(bp, 16);
            let s = v128.load_splat<T>(pa);
            c00 = madd<T>(s, b0, c00);
            c01 = madd<T>(s, b1, c01);
            s = v128.load_splat<T>(pa, sizeof<T>());
            c10 = madd<T>(s, b0, c10);
            c11 = madd<T>(s, b1, c11);
            s = v128.load_splat<T>(pa, 2 * sizeof<T>());
            c20 = madd<T>(s, b0, c20);
            c21 = madd<T>(s, b1, c21);
            s = v128.load_splat<T>(pa, 3 * sizeof<T>());
            c30 = madd<T>(s, b0, c30);
            c31 = madd<T>(s, b1, c31);
            bp += 32;
          }
          storeRow<T>(cb, remaining, last, bb, relu, c00, c01);
          storeRow<T>(cb + cRow, remaining, last, bb, relu, c10, c11);
          storeRow<T>(cb + 2 * cRow, remaining, last, bb, relu, c20, c21);
          storeRow<T>(cb + 3 * cRow, remaining, last, bb, relu, c30, c31);
        }
      }
    }
    for (let i = full; i < row1; i++) {
      const a0 = a + <usize>(i * k + p0) * size;
      for (let g: i32 = 0; g < panels; g++) {
        let bp = bs + <usize>(g * kc * NR) * size;
        const col = g * NR;
        const cb = c + <usize>(i * n + col) * size;
        let c00 = startRow<T>(cb, n - col, first, false), c01 = startRow<T>(cb, n - col, first, true);
        for (let p: i32 = 0; p < kc; p++) {
          const s = v128.load_splat<T>(a0 + <usize>p * size);
          c00 = madd<T>(s, v128.load(bp), c00);
          c01 = madd<T>(s, v128.load(bp, 16), c01);
          bp += 32;
        }
        storeRow<T>(cb, n - col, last, bias ? bias + <usize>col * size : 0, relu, c00, c01);
      }
    }
  }
}

/** Packs all of B (n×k) for {@link matmul}: its slices of KC along k one after another, each in panels as packB. */
function packAll<T>(b: usize, n: i32, k: i32, dst: usize): void {
  const NR = 2 * lanes<T>();
  const panels = (n + NR - 1) / NR;
  for (let p0: i32 = 0; p0 < k; p0 += KC) packB<T>(b, n, k, p0, min(KC, k - p0), dst + <usize>(panels * NR * p0) * <usize>sizeof<T>());
}

/** float32: packs B (n×k, row-major) for {@link matmulF32} at `dst`, which must hold ceil(n/8)·8·k floats. */
export function matmulPackF32(b: usize, n: i32, k: i32, dst: usize): void {
  packAll<f32>(b, n, k, dst);
}

/** float64 version of {@link matmulPackF32}: `dst` must hold ceil(n/4)·4·k doubles. */
export function matmulPackF64(b: usize, n: i32, k: i32, dst: usize): void {
  packAll<f64>(b, n, k, dst);
}

/**
 * float32: C = act(A·Bᵀ + bias) for output rows [row0, row1), with B as packed by
 * {@link matmulPackF32} (pack once, then call for as many blocks of rows as wanted). `bias` is 0
 * for none; `relu` ≠ 0 applies max(x, 0) (NaN stays NaN). `scratch` must hold 128·min(k, 384)
 * floats (the packed block of A).
 */
export function matmulF32(a: usize, packedB: usize, c: usize, bias: usize, m: i32, n: i32, k: i32, row0: i32, row1: i32, relu: i32, scratch: usize): void {
  matmul<f32>(a, packedB, c, bias, m, n, k, row0, row1, relu != 0, scratch);
}

/** float64 version of {@link matmulF32} (B packed by {@link matmulPackF64}); `scratch` must hold 128·min(k, 384) doubles. */
export function matmulF64(a: usize, packedB: usize, c: usize, bias: usize, m: i32, n: i32, k: i32, row0: i32, row1: i32, relu: i32, scratch: usize): void {
  matmul<f64>(a, packedB, c, bias, m, n, k, row0, row1, relu != 0, scratch);
}
