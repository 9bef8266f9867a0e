/**
 * glibc's natural logarithm bit for bit, as compiled for x86-64 with FMA: the `log` numpy's
 * legacy normal generator calls, so `NumpyRandomState`'s normals match numpy's. The exact
 * port ({@link glibcLog}) and a fast path with the same bits ({@link glibcLogFast}).
 * @module
 */
import { F64, HI, LO, U32 } from './bits.js';
import { fmaMinusOne, fusedMultiplyAdd } from './fma.js';
import { GLOG_A, GLOG_B, GLOG_LN2_HI, GLOG_LN2_LO, GLOG_TAB } from './glibc-table.js';

const REDUCED = new Float64Array(2);

/**
 * glibc's table reduction: log(x) = log1p(r) + log(c) + k·ln2 with r = z/c − 1 (|r| < 1/256),
 * z = x/2^k in [0x1.6p-1, 0x1.6p0). Returns r (z·invc − 1 rounded once, as the compiled FMA)
 * and leaves k and w = k·ln2hi + log(c) in REDUCED (glibc fuses w, but k·ln2hi is exact: ln2hi
 * has 42 bits). For normal positive x; k0 corrects the exponent of a pre-scaled subnormal.
 */
function tableReduction(x: number, k0: number): number {
  F64[0] = x;
  const ixHi = U32[HI]! | 0;
  // tmp = ix − 0x3fe6000000000000 touches only the high word (the constant's low word is 0).
  const tmpHi = (ixHi - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127; // (tmp >> 45) % 128
  const k = (tmpHi >> 20) + k0; // arithmetic shift, as (int64_t) tmp >> 52
  U32[HI] = (ixHi - (tmpHi & 0xfff00000)) | 0; // z = x / 2^k; the low word is x's
  const z = F64[0]!;
  REDUCED[0] = k;
  REDUCED[1] = k * GLOG_LN2_HI + GLOG_TAB[2 * i + 1]!;
  return fmaMinusOne(z, GLOG_TAB[2 * i]!);
}

/**
 * {@link glibcLog} at a fraction of the cost, with the same bits. Off the near-1 path, glibc's
 * result is RN(hi + T) where the tail T (a few fused multiply-adds on |r| < 1/256) is smaller
 * than hi by a factor ≥ 2000. Evaluated with plain operations, T is off by a few ULPs of T —
 * which moves hi + T by far less than an ULP of the result, so the rounding can differ only if
 * hi + T lies within that distance of a midpoint between doubles. Ziv's rounding test detects
 * exactly those inputs and sends them to the exact emulation.
 */
export function glibcLogFast(x: number): number {
  if (!(x >= 2.2250738585072014e-308) || x === Infinity) return glibcLog(x);
  if (x >= 0.9375 && x < 1.064697265625) return glibcLogNearOneFast(x);
  const r = tableReduction(x, 0);
  const k = REDUCED[0]!;
  const w = REDUCED[1]!;
  const A = GLOG_A;
  const hi = w + r;
  const r2 = r * r;
  const r3 = r * r2;
  const poly = (r * A[4] + A[3]) * r2 + (r * A[2] + A[1]);
  const cubic = r3 * poly;
  const square = r2 * A[0];
  const kLow = k * GLOG_LN2_LO;
  const carry = w - hi + r;
  const tail = cubic + (square + (kLow + carry));
  const y = hi + tail;
  const rounding = tail - (y - hi); // exact: |hi| > |tail|
  // Plain and fused evaluation of the tail differ by a
  // few roundings of its terms: 8·2⁻⁵² of the sum of their magnitudes bounds it generously.
  const slack = (Math.abs(cubic) + Math.abs(square) + Math.abs(kLow) + Math.abs(carry)) * 1.7763568394002505e-15;
  if (halfSpacing(y) - Math.abs(rounding) > slack) return y;
  return glibcLog(x);
}

/**
 * Half the spacing of doubles at y, the smaller one just below a power of two: a value within
 * that distance of y, and not beyond a midpoint, rounds to y. For normal y with |y| ≥ 2^-969.
 */
function halfSpacing(y: number): number {
  F64[0] = y;
  const yHi = U32[HI]! & 0x7fffffff;
  const shift = (yHi & 0xfffff) === 0 && U32[LO] === 0 ? 54 : 53;
  U32[HI] = (yHi & 0x7ff00000) - (shift << 20);
  U32[LO] = 0;
  return F64[0]!;
}

/**
 * glibc's near-1 path (x in [1 − 2^-4, 1 + 0x1.09p-4)) with plain operations and Ziv's test,
 * as glibcLogFast does off that path: glibc's result is RN(hi + T) with T = RN(poly·r³ + lo);
 * the plain tail t differs from T by at most 2^-49 of the magnitudes of its terms (2^-47 is
 * used), so where hi + t is farther than that from a midpoint both round alike; otherwise the
 * exact emulation decides.
 */
function glibcLogNearOneFast(x: number): number {
  if (x === 1) return 0;
  const B = GLOG_B;
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const q1 = r2 * B[3] + (r * B[2] + B[1]);
  const q2 = r2 * B[6] + (r * B[5] + B[4]);
  const q3 = r3 * B[10] + (r2 * B[9] + (r * B[8] + B[7]));
  const poly = (q3 * r3 + q2) * r3 + q1;
  const w = r * 134217728; // 2^27, as in glibcLog
  const rhi = r + w - w;
  const rlo = r - rhi;
  const h2 = rhi * rhi * B[0];
  const hi = r + h2;
  const lo0 = r - hi + h2;
  const m = B[0] * rlo * (r + rhi);
  const cubic = poly * r3;
  const tail = cubic + (m + lo0);
  const y = hi + tail;
  const rounding = tail - (y - hi); // exact: |hi| > |tail|
  const slack = (Math.abs(cubic) + Math.abs(m) + Math.abs(lo0)) * 7.105427357601002e-15;
  if (halfSpacing(y) - Math.abs(rounding) > slack) return y;
  return glibcLog(x);
}

/**
 * The natural logarithm exactly as glibc (≥ 2.28) computes it on x86-64 with FMA (every CPU
 * since Haswell) — the `log` numpy's legacy normal generator calls there. The operation order
 * and every fused multiply-add follow the compiled `__log_fma` (read from its disassembly),
 * not just the C source: the compiler contracts a·b + c into FMAs, which changes last bits.
 * Neither `Math.log` (fdlibm, < 1 ulp) nor a correctly rounded log reproduces glibc's last bit:
 * each differs on a fraction of inputs, and that bit reaches the normals. Checked bit for bit
 * against this machine's glibc 2.36 on millions of inputs.
 */
export function glibcLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x); // 0, negatives, NaN, +Infinity: IEEE results
  const fma = fusedMultiplyAdd;
  if (x >= 0.9375 && x < 1.064697265625) {
    // Close to 1 (x in [1 − 2^-4, 1 + 0x1.09p-4)): a longer polynomial in r = x − 1, with the
    // leading r − r²/2 in extra precision.
    if (x === 1) return 0;
    const B = GLOG_B;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const q1 = fma(r2, B[3], fma(r, B[2], B[1]));
    const q2 = fma(r2, B[6], fma(r, B[5], B[4]));
    const q3 = fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7])));
    const poly = fma(fma(q3, r3, q2), r3, q1);
    // rhi keeps the top half of r so that rhi² is exact (the fused forms here are exact too).
    const w = r * 134217728; // 2^27
    const rhi = r + w - w;
    const rlo = r - rhi;
    const h2 = rhi * rhi * B[0];
    const hi = r + h2;
    let lo = r - hi + h2;
    lo = fma(B[0] * rlo, r + rhi, lo);
    return hi + fma(poly, r3, lo);
  }
  let k0 = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 4503599627370496; // 2^52: a subnormal becomes normal; the exponent is corrected below
    k0 = -52;
  }
  const r = tableReduction(x, k0);
  const k = REDUCED[0]!;
  const w = REDUCED[1]!;
  const A = GLOG_A;
  const hi = w + r;
  const lo = fma(k, GLOG_LN2_LO, w - hi + r);
  const r2 = r * r;
  const r3 = r * r2;
  const poly = fma(fma(r, A[4], A[3]), r2, fma(r, A[2], A[1]));
  return fma(r3, poly, fma(r2, A[0], lo)) + hi;
}

