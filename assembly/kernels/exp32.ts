/**
 * The f32x4 exponential of the fast float32 kernels (fast.ts): Cody–Waite reduction
 * x = k·ln2 + r (k·LN2_HI exact), e^r − 1 = r + r²P(r) with P of degree 4 (coefficients32.ts,
 * ~2e−8 relative on q), and 2^k put in by exponent bits. Every multiply-add is a madd32
 * (assembly/fma.ts): fused or not, the bounds of the kernels hold (tools/check-kernels.mjs).
 */
import { expP32, expP32Neg } from './coefficients32';
import { madd32, nmadd32 } from '../fma';

// @ts-ignore: decorator
@inline export function c(a: f32): v128 {
  return f32x4.splat(a);
}
/** −|x| (sets the sign bit). */
// @ts-ignore: decorator
@inline export function negAbs(x: v128): v128 {
  return v128.or(x, c(-0.0));
}
// @ts-ignore: decorator
@inline export function signOf(x: v128): v128 {
  return v128.and(x, c(-0.0));
}

export const LOG2E: f32 = 1.4426950408889634;
/** 1.5·2^23: adding it rounds to an integer held in the low mantissa bits. */
export const SHIFT: f32 = 12582912.0;
export const SHIFT_BITS: i32 = 0x4b400000;
/** ln 2 = LN2_HI + LN2_LO, LN2_HI with 9 significant bits: k·LN2_HI is exact for |k| < 2^15. */
export const LN2_HI: f32 = 0.693359375;
export const LN2_LO: f32 = -2.1219444005469057e-4;

/**
 * The reduction of e^x: x = k·ln2 + r, |r| ≤ ln2/2. `reduceK` gives k + SHIFT (k in its low
 * mantissa bits), `reduceQ` q = e^r − 1 = r + r²P(r) (not rounded into 1 + q: callers add
 * 2^k·q to what they need, one rounding fewer), `scaleHi`/`scaleLo` 2^k as two factors
 * (2^⌊k/2⌋·2^⌈k/2⌉, both normal for k ≥ −150, so results may be subnormal).
 */
// @ts-ignore: decorator
@inline export function reduceK(xc: v128): v128 {
  return madd32(xc, c(LOG2E), c(SHIFT));
}
// @ts-ignore: decorator
@inline export function reduceQ(xc: v128, kd: v128): v128 {
  const k = f32x4.sub(kd, c(SHIFT));
  // k·LN2_HI and xc − k·LN2_HI are exact: fused or not, r is the same up to the LN2_LO step.
  const r = madd32(k, c(-LN2_LO), madd32(k, c(-LN2_HI), xc));
  const r2 = f32x4.mul(r, r);
  return madd32(r2, expP32(r, r2), r);
}
/**
 * The same reduction for e^{−x}, taken on x itself (no negation: three instructions in V8's x64
 * code): `reduceKNeg` gives k + SHIFT with k = round(−x·log2 e), `reduceMNeg` m = −q = 1 − e^r
 * for r = −x − k·ln2, computed on w = x + k·ln2 = −r as w − w²P(−w).
 */
// @ts-ignore: decorator
@inline export function reduceKNeg(xc: v128): v128 {
  return madd32(xc, c(-LOG2E), c(SHIFT));
}
// @ts-ignore: decorator
@inline export function reduceMNeg(xc: v128, kd: v128): v128 {
  const k = f32x4.sub(kd, c(SHIFT));
  const w = madd32(k, c(LN2_LO), madd32(k, c(LN2_HI), xc)); // k·LN2_HI and this sum are exact
  const w2 = f32x4.mul(w, w);
  return nmadd32(w2, expP32Neg(w, w2), w);
}
// @ts-ignore: decorator
@inline export function scaleHi(kd: v128): v128 {
  return i32x4.shl(i32x4.add(i32x4.shr_s(i32x4.sub(kd, i32x4.splat(SHIFT_BITS)), 1), i32x4.splat(127)), 23);
}
// @ts-ignore: decorator
@inline export function scaleLo(kd: v128, hi: v128): v128 {
  // 2^k/2^⌊k/2⌋ as bits: (k + 127 − (⌊k/2⌋ + 127) + 127) << 23 = ((k + 254) << 23) − hi.
  return i32x4.sub(i32x4.shl(i32x4.sub(kd, i32x4.splat(SHIFT_BITS - 254)), 23), hi);
}
/** 2^k for k ≥ −126 (one factor). */
// @ts-ignore: decorator
@inline export function scale1(kd: v128): v128 {
  return i32x4.shl(i32x4.sub(kd, i32x4.splat(SHIFT_BITS - 127)), 23);
}

/**
 * e^x for x ≤ 0 (NaN gives NaN), also where the result is subnormal, and 0 below −104.
 */
// @ts-ignore: decorator
@inline export function expNeg32(x: v128): v128 {
  const xc = f32x4.pmax(x, c(-104.0)); // keeps a NaN x
  const kd = reduceK(xc);
  const q = reduceQ(xc, kd);
  const hi = scaleHi(kd);
  return f32x4.mul(f32x4.add(hi, f32x4.mul(hi, q)), scaleLo(kd, hi));
}

/** e^x for −87 ≤ x ≤ 0 only (one scaling factor); NaN gives NaN. Callers clamp. */
// @ts-ignore: decorator
@inline export function expNormal32(xc: v128): v128 {
  const kd = reduceK(xc);
  return f32x4.mul(f32x4.add(c(1), reduceQ(xc, kd)), scale1(kd));
}

/**
 * e^x − 1 for x ≤ 0, relative to the result also next to 0 (NaN gives NaN; −0 gives +0, and a
 * positive x garbage, which callers that select x there may ignore: no clamp above).
 */
// @ts-ignore: decorator
@inline export function expm1Core32(x: v128): v128 {
  const xc = f32x4.pmax(x, c(-30.0)); // e^−30 is below half an ULP of 1: the result is −1
  const kd = reduceK(xc);
  const q = reduceQ(xc, kd);
  const scale = scale1(kd);
  // 2^k(1 + q) − 1 = 2^k·q + (2^k − 1) (2^k − 1 exact for k ≥ −24; for k = 0 it is q + 0;
  // 2^k·q is exact, so fused or not the sum is one rounding).
  return madd32(scale, q, f32x4.sub(scale, c(1)));
}

/** e^x − 1 for x ≤ 0, relative to the result also next to 0; the sign of a zero x kept. */
// @ts-ignore: decorator
@inline export function expm1Neg32(x: v128): v128 {
  return v128.or(expm1Core32(x), signOf(x));
}

// ───────────── sigmoid, tanh ─────────────
