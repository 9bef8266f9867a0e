/**
 * Vectorised elementary functions on f64x2 for the float32 activation kernels.
 *
 * The float32 kernels widen each input to f64 (exact), evaluate there and round once to f32.
 * These functions are accurate to ~1e-10 relative (far below the 2^-24 of float32), so the
 * only care needed is against cancellation, which the activations avoid by their formulas
 * (and, next to the roots of f', by local expansions). Only the arguments the kernels need
 * are supported: exponentials of non-positive numbers, log1p on [0, 1].
 */

// @ts-ignore: decorator
@inline export function splat(a: f64): v128 {
  return f64x2.splat(a);
}

// @ts-ignore: decorator
@inline export function select(ifTrue: v128, ifFalse: v128, mask: v128): v128 {
  return v128.bitselect(ifTrue, ifFalse, mask);
}

const LOG2E: f64 = 1.4426950408889634;
const LN2: f64 = 0.6931471805599453;
/** 1.5·2^52: adding it rounds to an integer held in the low mantissa bits. */
const SHIFT: f64 = 6755399441055744.0;
export const INV_SQRT_2PI: f64 = 0.3989422804014327;

/**
 * e^r for |r| ≤ ln2/2: degree 7, fitted at Chebyshev nodes (5.5e−11 relative; float32 results
 * need ~1e−9 before their final rounding, and the formulas amplify errors by at most ~40).
 */
// @ts-ignore: decorator
@inline function expReduced(r: v128): v128 {
  let p = splat(0.00019907568254933503);
  p = f64x2.add(f64x2.mul(p, r), splat(0.001394857834518879));
  p = f64x2.add(f64x2.mul(p, r), splat(0.008333283541337408));
  p = f64x2.add(f64x2.mul(p, r), splat(0.0416662183188705));
  p = f64x2.add(f64x2.mul(p, r), splat(0.16666666786290174));
  p = f64x2.add(f64x2.mul(p, r), splat(0.5000000107729458));
  p = f64x2.add(f64x2.mul(p, r), splat(0.9999999999955125));
  return f64x2.add(f64x2.mul(p, r), splat(0.9999999999595616));
}

/**
 * e^x for x ≤ 0 (NaN gives NaN). Below −708 it returns e^−708 ≈ 3e−308 instead of smaller
 * values: every caller multiplies it into a float32 result, where that is zero.
 */
// @ts-ignore: decorator
@inline export function expNeg(x: v128): v128 {
  const xc = f64x2.pmax(x, splat(-708.0)); // pmax(x, c) = x < c ? c : x keeps a NaN x (one instruction; max is ~8)
  const kd = f64x2.add(f64x2.mul(xc, splat(LOG2E)), splat(SHIFT));
  const k = f64x2.sub(kd, splat(SHIFT));
  // |k| ≤ 1022: k·LN2 is off by at most 3e−14, far below what float32 results can see.
  const r = f64x2.sub(xc, f64x2.mul(k, splat(LN2)));
  // bits(kd) = bits(SHIFT) + k, whose low 12 bits are k mod 2^12: 2^k = (k + 1023) << 52.
  const scale = i64x2.shl(i64x2.add(kd, i64x2.splat(1023)), 52);
  return f64x2.mul(expReduced(r), scale);
}

/** e^x − 1 for x ≤ 0, accurate relative to the result also next to 0 (−0 stays −0). */
// @ts-ignore: decorator
@inline export function expm1Neg(x: v128): v128 {
  const xc = f64x2.pmax(x, splat(-40.0)); // e^−40 is below half an ULP of 1: the result is −1
  const kd = f64x2.add(f64x2.mul(xc, splat(LOG2E)), splat(SHIFT));
  const k = f64x2.sub(kd, splat(SHIFT));
  const r = f64x2.sub(xc, f64x2.mul(k, splat(LN2)));
  // expm1(r) = r·(1 + r·P(r)), P ≈ (e^r − 1 − r)/r² of degree 6 (fitted, 5.6e−11 relative).
  let p = splat(2.485957575507057e-05);
  p = f64x2.add(f64x2.mul(p, r), splat(0.00019899273946317678));
  p = f64x2.add(f64x2.mul(p, r), splat(0.0013888854053435153));
  p = f64x2.add(f64x2.mul(p, r), splat(0.008333298483763232));
  p = f64x2.add(f64x2.mul(p, r), splat(0.041666666718966135));
  p = f64x2.add(f64x2.mul(p, r), splat(0.16666666718997497));
  p = f64x2.add(f64x2.mul(p, r), splat(0.5000000000000001));
  const q = f64x2.mul(r, f64x2.add(splat(1.0), f64x2.mul(r, p)));
  const scale = i64x2.shl(i64x2.add(kd, i64x2.splat(1023)), 52);
  // 2^k(1 + q) − 1 = 2^k·q + (2^k − 1); for k = 0 that is q itself (keeps −0 and tiny x).
  const general = f64x2.add(f64x2.mul(scale, q), f64x2.sub(scale, splat(1.0)));
  return select(q, general, f64x2.eq(k, splat(0.0)));
}

/** log(1 + y) for y in [0, 1] (NaN gives NaN). */
// @ts-ignore: decorator
@inline export function log1pUnit(y: v128): v128 {
  const w = f64x2.add(splat(1.0), y);
  // The rounding of 1 + y, put back to first order.
  const correction = f64x2.div(f64x2.sub(y, f64x2.sub(w, splat(1.0))), w);
  const big = f64x2.gt(w, splat(1.4142135623730951));
  const m = select(f64x2.mul(w, splat(0.5)), w, big);
  const f = f64x2.sub(m, splat(1.0)); // exact
  const s = f64x2.div(f, f64x2.add(splat(2.0), f));
  const z = f64x2.mul(s, s);
  // log(1 + f) = 2 atanh(s) = s·(2 + 2z/3 + 2z²/5 + …), |s| ≤ 0.172, z ≤ 0.0295: to z⁵ (4e−11).
  let p = splat(0.18181818181818182);
  p = f64x2.add(f64x2.mul(p, z), splat(0.2222222222222222));
  p = f64x2.add(f64x2.mul(p, z), splat(0.2857142857142857));
  p = f64x2.add(f64x2.mul(p, z), splat(0.4));
  p = f64x2.add(f64x2.mul(p, z), splat(0.6666666666666666));
  p = f64x2.add(f64x2.mul(p, z), splat(2.0));
  const logm = f64x2.mul(s, p);
  const k = v128.and(big, splat(LN2));
  return f64x2.add(f64x2.add(k, logm), correction);
}

/** 1 where the mask is set, 0 elsewhere (f64x2). */
// @ts-ignore: decorator
@inline export function oneWhere(mask: v128): v128 {
  return v128.and(mask, splat(1.0));
}
