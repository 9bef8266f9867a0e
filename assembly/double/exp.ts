/**
 * The exponential of V8's Math.exp, bit for bit, in AssemblyScript: V8 computes Math.exp with
 * fdlibm's e_exp.c (V8 src/base/ieee754.cc, from FreeBSD msun), a fixed sequence of IEEE basic
 * operations with no fused multiply-add, and WebAssembly never contracts a·b + c either. So the
 * same operations in the same order give the same double — in a scalar (every argument) and
 * in an f64x2 version (two lanes at once, for arguments of magnitude at most 708: the
 * callers send the rest, rare, to the scalar one).
 *
 * The method (fdlibm): k = round(x/ln2) and r = x − k·ln2 with ln2 split into a head whose
 * products with k are exact and a tail; e^r from a degree-5 rational correction
 * c = r − r²(P1 + r²(P2 + …)), e^r = 1 − ((lo − r·c/(2 − c)) − hi); then the scaling by 2^k.
 */

// @ts-ignore: decorator
@inline const HALF: f64 = 0.5;
const O_THRESHOLD: f64 = 7.09782712893383973096e+02;
const U_THRESHOLD: f64 = -7.45133219101941108420e+02;
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;
/** V8 returns this for exp(1) (the reduction would miss its last bit). */
const E: f64 = 2.718281828459045;
const TWO_M1000: f64 = 9.33263618503218878990e-302;
const TWO_1023: f64 = 8.988465674311579539e307;

/** Math.exp(x), every x. */
export function expScalar(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let hx = <u32>(bits >> 32);
  const negative = hx >> 31;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: NaN, ±∞, overflow, underflow
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>bits) != 0) return x + x;
      return negative ? 0.0 : x;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0.0;
  }
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // and < 1.5·ln2: k = ±1
      if (x == 1.0) return E;
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = <i32>(INV_LN2 * x + (negative ? -HALF : HALF));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^−28
    return 1.0 + x;
  }
  const t = x * x;
  const twopk = reinterpret<f64>(<u64>(k >= -1021 ? 0x3ff + k : 0x3ff + k + 1000) << 52);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO_1023;
    return y * twopk;
  }
  return y * twopk * TWO_M1000;
}

/** |x| at or above this (high word > 0x3fd62e42): reduced by k·ln2. */
const REDUCE_FROM: f64 = reinterpret<f64>(0x3fd62e4300000000);
/** |x| below this (high word < 0x3ff0a2b2): k = ±1. */
const ONE_STEP_BELOW: f64 = reinterpret<f64>(0x3ff0a2b200000000);
/** |x| below 2^−28: e^x = 1 + x. */
const TINY_BELOW: f64 = reinterpret<f64>(0x3e30000000000000);
/** 1.5·2^52: adding it to an integer-valued double puts the integer in the low mantissa bits. */
const SHIFT: f64 = 6755399441055744.0;
/** The largest |x| {@link expPair} accepts: 2^k stays normal (−1021 ≤ k ≤ 1021). */
export const EXP_PAIR_LIMIT: f64 = 708;

/**
 * The f64x2 constants, splatted, in memory: V8 rebuilds a v128.const from general registers at
 * every use inside a loop (several instructions each), a load from this table is one.
 */
const PAIR_CONSTANTS = memory.data<f64>([
  REDUCE_FROM, REDUCE_FROM,
  ONE_STEP_BELOW, ONE_STEP_BELOW,
  TINY_BELOW, TINY_BELOW,
  SHIFT, SHIFT,
  INV_LN2, INV_LN2,
  HALF, HALF,
  1.0, 1.0,
  2.0, 2.0,
  LN2_HI, LN2_HI,
  LN2_LO, LN2_LO,
  P1, P1,
  P2, P2,
  P3, P3,
  P4, P4,
  P5, P5,
  E, E,
  reinterpret<f64>(0x8000000000000000), reinterpret<f64>(0x8000000000000000),
  reinterpret<f64>(<u64>1023), reinterpret<f64>(<u64>1023),
  EXP_PAIR_LIMIT, EXP_PAIR_LIMIT
], 16);
// @ts-ignore: decorator
@inline function k(index: i32): v128 {
  return v128.load(PAIR_CONSTANTS + (<usize>index << 4));
}
// @ts-ignore: decorator
@inline const K_REDUCE_FROM: i32 = 0;
// @ts-ignore: decorator
@inline const K_ONE_STEP_BELOW: i32 = 1;
// @ts-ignore: decorator
@inline const K_TINY_BELOW: i32 = 2;
// @ts-ignore: decorator
@inline const K_SHIFT: i32 = 3;
// @ts-ignore: decorator
@inline const K_INV_LN2: i32 = 4;
// @ts-ignore: decorator
@inline const K_HALF: i32 = 5;
// @ts-ignore: decorator
@inline const K_ONE: i32 = 6;
// @ts-ignore: decorator
@inline const K_TWO: i32 = 7;
// @ts-ignore: decorator
@inline const K_LN2_HI: i32 = 8;
// @ts-ignore: decorator
@inline const K_LN2_LO: i32 = 9;
// @ts-ignore: decorator
@inline const K_P1: i32 = 10;
// @ts-ignore: decorator
@inline const K_P2: i32 = 11;
// @ts-ignore: decorator
@inline const K_P3: i32 = 12;
// @ts-ignore: decorator
@inline const K_P4: i32 = 13;
// @ts-ignore: decorator
@inline const K_P5: i32 = 14;
// @ts-ignore: decorator
@inline const K_E: i32 = 15;
// @ts-ignore: decorator
@inline const K_SIGN: i32 = 16;
// @ts-ignore: decorator
@inline const K_BIAS: i32 = 17;
// @ts-ignore: decorator
@inline const K_LIMIT: i32 = 18;

/**
 * Math.exp of both lanes, for |x| ≤ {@link EXP_PAIR_LIMIT} (not NaN): every branch of
 * {@link expScalar} that such an x can take is computed and the lane's own selected.
 */
// @ts-ignore: decorator
@inline export function expPair(x: v128): v128 {
  const ax = f64x2.abs(x);
  const sign = v128.and(x, k(K_SIGN));
  const reduce = f64x2.ge(ax, k(K_REDUCE_FROM));
  const oneStep = f64x2.lt(ax, k(K_ONE_STEP_BELOW));
  // k = trunc(x/ln2 ± ½), ±1 in the one-step range, 0 where there is no reduction.
  let kf = f64x2.trunc(f64x2.add(f64x2.mul(k(K_INV_LN2), x), v128.or(k(K_HALF), sign)));
  kf = v128.bitselect(v128.or(k(K_ONE), sign), kf, oneStep);
  kf = v128.and(kf, reduce);
  const hi = f64x2.sub(x, f64x2.mul(kf, k(K_LN2_HI)));
  const lo = f64x2.mul(kf, k(K_LN2_LO));
  const r = v128.bitselect(f64x2.sub(hi, lo), x, reduce);
  const t = f64x2.mul(r, r);
  let poly = f64x2.add(k(K_P4), f64x2.mul(t, k(K_P5)));
  poly = f64x2.add(k(K_P3), f64x2.mul(t, poly));
  poly = f64x2.add(k(K_P2), f64x2.mul(t, poly));
  poly = f64x2.add(k(K_P1), f64x2.mul(t, poly));
  const c = f64x2.sub(r, f64x2.mul(t, poly));
  const rc = f64x2.mul(r, c);
  const one = k(K_ONE);
  const two = k(K_TWO);
  // One division serves both branches: c − 2 = −(2 − c) exactly, and so r·c/(c − 2) = −d.
  const d = f64x2.div(rc, f64x2.sub(two, c));
  // k = 0: 1 − (r·c/(c − 2) − r)
  const unscaled = f64x2.sub(one, f64x2.sub(f64x2.neg(d), r));
  // k ≠ 0: (1 − ((lo − r·c/(2 − c)) − hi))·2^k
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, d), hi));
  const twopk = i64x2.shl(i64x2.add(f64x2.add(kf, k(K_SHIFT)), k(K_BIAS)), 52);
  let result = v128.bitselect(f64x2.mul(y, twopk), unscaled, reduce);
  result = v128.bitselect(f64x2.add(one, x), result, f64x2.lt(ax, k(K_TINY_BELOW)));
  return v128.bitselect(k(K_E), result, f64x2.eq(x, one));
}

/** Math.exp elementwise over n doubles at x into out (for tests and benchmarks). */
export function expF64(x: usize, out: usize, n: i32): void {
  const end = (<usize>(n & ~1)) << 3;
  const limit = f64x2.splat(EXP_PAIR_LIMIT);
  for (let o: usize = 0; o < end; o += 16) {
    const v = v128.load(x + o);
    if (i64x2.all_true(f64x2.le(f64x2.abs(v), limit))) {
      v128.store(out + o, expPair(v));
    } else {
      store<f64>(out + o, expScalar(load<f64>(x + o)));
      store<f64>(out + o + 8, expScalar(load<f64>(x + o + 8)));
    }
  }
  if (n & 1) store<f64>(out + end, expScalar(load<f64>(x + end)));
}
