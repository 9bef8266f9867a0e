/**
 * The fast float32 activation bodies: f (`…FF`) and f′ (`…FD`) evaluated directly on f32x4
 * (four lanes per instruction, no widening), the default of the float32 kernels. The f64x2
 * bodies of activations.ts remain as the precise mode (≤ 0.51 ULP).
 *
 * Error budget: ≤ 2 float32 ULP for f and ≤ 4 for f′ (tools/check-kernels.mjs sweeps 2^23
 * inputs). The exponential (exp32.ts) is Cody–Waite reduced (k·ln2hi exact) with a degree-6
 * polynomial (P of degree 4), ~0.5 ULP; each formula below is arranged so that its other
 * roundings add at most ~1 ULP (f) or ~2.5 ULP (f′), with local expansions next to the roots of
 * f′ (cancellation) and f64 only where float32 cannot hold the bound.
 * Conventions (NaN, ±∞, ±0) are those of the scalar definitions, as in activations.ts.
 * Multiply-adds are madd32 (fused in the relaxed-SIMD build) only where both roundings keep the
 * bounds (checked with both builds). Forward bodies are branch-free where it was measured to
 * matter: a data-dependent branch to an out-of-line f64x2 call makes V8 spill the loop's
 * constants around it, which cost sigmoid and swish a third of their speed.
 */
import { tanhT32 } from './coefficients32';
import { c, expm1Core32, expNormal32, negAbs, reduceK, reduceKNeg, reduceMNeg, reduceQ, scale1, SHIFT_BITS, signOf } from './exp32';
import { madd32, nmadd32 } from '../fma';
import { select } from './math';
import { celuD, eluD, hardSigmoidF, logSigmoidD, narrow, mishDFromE, seluD, swishDFromE, softplusD, widenHigh, widenLow } from './activations';

/**
 * n·σ(−v) = n/(1 + e^v) for v ≤ 87 (callers send vectors with a lane above to the f64x2 body;
 * they pass v = −u, formed without a negation), with no rounded numerator: with v clamped to
 * [−87, 87] and e^v = 2^k(1 + q),
 * n/(1 + e^v) = (n·2^{−max(k,0)})/d, d = (1 + 2^{−|k|}) + 2^{min(k,0)}·q — the first sum exact
 * for |k| ≤ 23, beyond it 2^{−|k|} joins the small term instead. Three roundings (d, n·2^{−k}
 * only when subnormal, the quotient) and e^r's error, damped by 1/(1 + e^{−v}).
 */
// @ts-ignore: decorator
@inline function logistic(vIn: v128, n: v128): v128 {
  const v = f32x4.pmax(vIn, c(-87.0));
  const kd = reduceK(v);
  const q = reduceQ(v, kd);
  const k = i32x4.sub(kd, i32x4.splat(SHIFT_BITS));
  const magnitude = i32x4.abs(k);
  const sd = i32x4.shl(i32x4.sub(i32x4.splat(127), magnitude), 23);
  const sq = i32x4.shl(i32x4.add(i32x4.min_s(k, i32x4.splat(0)), i32x4.splat(127)), 23);
  const exact = i32x4.le_s(magnitude, i32x4.splat(23));
  const d = f32x4.add(f32x4.add(c(1), v128.and(sd, exact)), f32x4.add(v128.andnot(sd, exact), f32x4.mul(sq, q)));
  const s = i32x4.shl(i32x4.sub(i32x4.splat(127), i32x4.max_s(k, i32x4.splat(0))), 23);
  return f32x4.div(f32x4.mul(n, s), d);
}
/** Whether a lane of v is above 87, where `logistic` does not apply. */
// @ts-ignore: decorator
@inline function logisticFar(v: v128): bool {
  return v128.any_true(f32x4.gt(v, c(87.0)));
}

/** 2^k(1 + q) in f64x2 from lanes 0–1 (`wideExpLow`) or 2–3 (`wideExpHigh`) of a reduction. */
// @ts-ignore: decorator
@inline function wideExpLow(kd: v128, q: v128): v128 {
  const k = i32x4.sub(kd, i32x4.splat(SHIFT_BITS - 1023));
  return f64x2.mul(f64x2.add(f64x2.splat(1), widenLow(q)), i64x2.shl(i64x2.extend_low_i32x4_s(k), 52));
}
// @ts-ignore: decorator
@inline function wideExpHigh(kd: v128, q: v128): v128 {
  const k = i32x4.sub(kd, i32x4.splat(SHIFT_BITS - 1023));
  return f64x2.mul(f64x2.add(f64x2.splat(1), widenHigh(q)), i64x2.shl(i64x2.extend_high_i32x4_s(k), 52));
}

/** g·m·e/(1 + e)², e = e^x (x ≤ 0), finished in f64x2 from the f32x4 reduction. */
// @ts-ignore: decorator
@inline function logisticSlope(xc: v128, m: f64, g: v128): v128 {
  const kd = reduceK(xc);
  const q = reduceQ(xc, kd);
  const eLow = wideExpLow(kd, q);
  const eHigh = wideExpHigh(kd, q);
  const dLow = f64x2.add(f64x2.splat(1), eLow);
  const dHigh = f64x2.add(f64x2.splat(1), eHigh);
  const gm = f64x2.splat(m);
  return narrow(
    f64x2.div(f64x2.mul(f64x2.mul(eLow, gm), widenLow(g)), f64x2.mul(dLow, dLow)),
    f64x2.div(f64x2.mul(f64x2.mul(eHigh, gm), widenHigh(g)), f64x2.mul(dHigh, dHigh)),
  );
}

const TWO_M64: f32 = 5.421010862427522e-20; // 2^−64

/**
 * n·σ(−v) = n/(1 + e^v) for v in [−87, 110] (callers clamp), e^v = 2^k(1 + q), as
 * (n·a)/((a + b) + b·q) with a = 2^{S−max(k,0)}, b = 2^{S+min(k,0)}, S = 64 for k > 0 (where a
 * alone would be subnormal) and 0 otherwise: n·a is exact (|n| ≤ 2^63 where k > 0), b·q too (b a
 * power of two), a + b for |k| ≤ 23 (beyond, what it loses is put back into q), so the
 * denominator is one rounding (q + lost a second, below 2^−26), then the quotient's: ~1.5 ULP
 * with e^r's error, damped by 1/(1 + e^{−v}). Branch-free: an out-of-line call for rare lanes
 * costs the loop more than this work (its registers are spilled around the call).
 */
// @ts-ignore: decorator
@inline function logisticScaled(v: v128, n: v128): v128 {
  const kd = reduceK(v);
  const q = reduceQ(v, kd);
  const k = i32x4.sub(kd, i32x4.splat(SHIFT_BITS));
  const bias = i32x4.add(v128.and(i32x4.gt_s(k, i32x4.splat(0)), i32x4.splat(64)), i32x4.splat(127));
  const t = i32x4.add(i32x4.min_s(k, i32x4.splat(0)), bias);
  const b = i32x4.shl(t, 23);
  const a = i32x4.shl(i32x4.sub(t, k), 23);
  const sum = f32x4.add(a, b);
  const lost = f32x4.sub(a, f32x4.sub(sum, b)); // exact where it matters (k > 24: b = 2^64 ≥ a)
  return f32x4.div(f32x4.mul(n, a), madd32(b, madd32(lost, c(TWO_M64), q), sum));
}

const TWO_64: f32 = 18446744073709551616.0; // 2^64

/**
 * σ(x) = 1/(1 + e^{−x}) with an exact numerator: with e^{−x} = 2^k(1 + q) (x clamped to
 * [−104, 40]: σ rounds to 1 above and to 0 below), σ = a/((a + 2^64) + 2^64·q), a = 2^{64−k}
 * (normal for every k of the range, so results below 2^−126 are one rounded quotient). a + 2^64
 * is exact for |k| ≤ 23; for k > 23 (x < −16.6) what it loses (`lost`, exact by Fast2Sum:
 * 2^64 ≥ a there) joins q as lost·2^−64. So the denominator is one rounding and the quotient a
 * second, besides e^r's error: at most 1.77 ULP over every float32 (1.76 with fused steps;
 * tools/check-kernels.mjs --every=sigmoid:-104:40). No negation: the reduction runs on x
 * (reduceKNeg, reduceMNeg in exp32.ts) and m = −q is carried through negated multiply-adds; −0
 * gives ½, NaN gives NaN.
 */
// @ts-ignore: decorator
@inline export function sigmoidFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, c(-104.0)), c(40.0)); // keeps a NaN x
  const kd = reduceKNeg(xc); // k = round(−x·log2 e) in the low mantissa bits
  const m = reduceMNeg(xc, kd); // m = −q
  // a = 2^{64−k}: (kd << 23) is k << 23 (SHIFT's bits vanish in the shift).
  const a = i32x4.sub(i32x4.splat(191 << 23), i32x4.shl(kd, 23));
  const sum = f32x4.add(a, c(TWO_64));
  const lost = f32x4.sub(a, f32x4.sub(sum, c(TWO_64)));
  return f32x4.div(a, nmadd32(c(TWO_64), nmadd32(lost, c(TWO_M64), m), sum));
}

// @ts-ignore: decorator
@inline export function sigmoidFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return logisticSlope(f32x4.pmax(negAbs(x), c(-200.0)), 1, g);
}

// @ts-ignore: decorator
@inline export function tanhFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // |x| ≤ 0.55: x + x·s·T(s), s = x²; else 1 − 2e/(1 + e), e = e^{−2|x|} (the subtracted term
  // is ≤ ½ the result: its error counts half).
  const s = f32x4.mul(x, x);
  const small = f32x4.add(x, f32x4.mul(x, f32x4.mul(s, tanhT32(f32x4.pmin(s, c(0.3025))))));
  const e = expNormal32(f32x4.pmax(f32x4.mul(negAbs(x), c(2)), c(-80.0)));
  const large = f32x4.sub(c(1), f32x4.div(f32x4.add(e, e), f32x4.add(c(1), e)));
  // The sign of x on both (the small branch would turn −0 into +0: −0 + (−0·−0)).
  return v128.or(select(small, large, f32x4.le(s, c(0.3025))), signOf(x));
}
// @ts-ignore: decorator
@inline export function tanhFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // 4e/(1 + e)², e = e^{−2|x|}.
  return logisticSlope(f32x4.pmax(f32x4.mul(negAbs(x), c(2)), c(-200.0)), 4, g);
}

/**
 * g·e^x for x ≤ 0 (NaN gives NaN): ((g·2^k) + (g·2^k)·q)·m, one rounding besides e^r's and m's.
 * Valid while 2^k is normal (x ≥ −87); a vector with a lane below goes to `wide` (f64x2).
 */
// @ts-ignore: decorator
@inline function gradExp(x: v128, g: v128, m: f32): v128 {
  const xc = f32x4.pmax(x, c(-87.0));
  const kd = reduceK(xc);
  const q = reduceQ(xc, kd);
  const gs = f32x4.mul(g, scale1(kd));
  return f32x4.mul(f32x4.add(gs, f32x4.mul(gs, q)), c(m));
}

// ───────────── ELU, SELU, CELU (p0 = α) ─────────────

// @ts-ignore: decorator
@inline export function eluFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // x ≥ 0 (±0 included, keeping its sign) selects x: expm1 needs no clamp or sign there.
  return select(x, f32x4.mul(c(<f32>p0), expm1Core32(x)), f32x4.ge(x, c(0)));
}
/**
 * ELU and CELU at α = 1 (their default): e^x − 1 ≥ x for every x ≤ 0, and e^{min(x,0)} − 1 = 0 ≤ x
 * for x ≥ 0, so f(x) = max(x, expm1(min(x, 0))) — no select and no scaling (five operations fewer
 * than eluFF). Where the rounded expm1 falls below x (|x| < 2^−23), x is nearer the exact value
 * than it; pmax keeps x on a tie (−0 stays −0, +0 stays +0); a NaN x gives NaN on both sides.
 */
// @ts-ignore: decorator
@inline export function eluFFSpecial(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f32x4.pmax(x, expm1Core32(f32x4.pmin(x, c(0))));
}
/** eluFFSpecial's parameters: α = 1. */
// @ts-ignore: decorator
@inline export function eluFFSpecialWhen(p0: f64, p1: f64, p2: f64, p3: f64): bool {
  return p0 == 1.0;
}
/** CELU at α = 1 is ELU at α = 1. */
// @ts-ignore: decorator
@inline export function celuFFSpecial(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return eluFFSpecial(x, p0, p1, p2, p3);
}
/** celuFFSpecial's parameters: α = 1. */
// @ts-ignore: decorator
@inline export function celuFFSpecialWhen(p0: f64, p1: f64, p2: f64, p3: f64): bool {
  return p0 == 1.0;
}
// @ts-ignore: decorator
@inline export function eluFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  if (v128.any_true(f32x4.lt(x, c(-87.0)))) {
    return eluGradFar(x, g, p0, p1, p2, p3);
  }
  return select(g, gradExp(f32x4.pmin(x, c(0)), g, <f32>p0), f32x4.gt(x, c(0)));
}

const SELU_SCALE: f32 = 1.0507009873554805;
const SELU_ALPHA_SCALE: f32 = 1.7580993408473766;
// @ts-ignore: decorator
@inline export function seluFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // As eluFF: x ≥ 0 selects λx (λ·(−0) = −0).
  return select(f32x4.mul(c(SELU_SCALE), x), f32x4.mul(c(SELU_ALPHA_SCALE), expm1Core32(x)), f32x4.ge(x, c(0)));
}
// @ts-ignore: decorator
@inline export function seluFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  if (v128.any_true(f32x4.lt(x, c(-87.0)))) {
    return seluGradFar(x, g, p0, p1, p2, p3);
  }
  return select(f32x4.mul(g, c(SELU_SCALE)), gradExp(f32x4.pmin(x, c(0)), g, SELU_ALPHA_SCALE), f32x4.gt(x, c(0)));
}

// @ts-ignore: decorator
@inline export function celuFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // z/α = z·(1/α), both correctly rounded (α a power of two, 1/α a float32: the host ensures it).
  const q = f32x4.mul(x, c(<f32>(1.0 / p0)));
  // z ≥ 0, or |z/α| < 2^−26 (α·expm1(z/α) is z to float32, and z/α may have underflowed): z (as
  // celuF); α > 0, so both are z/α > −2^−26 (one comparison; a NaN z fails it and stays NaN).
  return select(x, f32x4.mul(c(<f32>p0), expm1Core32(q)), f32x4.gt(q, c(-1.4901161193847656e-8)));
}
// @ts-ignore: decorator
@inline export function celuFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // z/α = z·(1/α) exactly (α a power of two, as for celuFF): a multiply, not a divide.
  const q = f32x4.mul(f32x4.pmin(x, c(0)), c(<f32>(1.0 / p0)));
  if (v128.any_true(f32x4.lt(q, c(-87.0)))) {
    return celuGradFar(x, g, p0, p1, p2, p3);
  }
  return select(g, gradExp(q, g, 1), f32x4.gt(x, c(0)));
}

// ───────────── Swish (p0 = β) ─────────────

// @ts-ignore: decorator
@inline export function swishFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // x·σ(βx), β a power of two in [2^−24, 2^24] (the host sends others to the precise body): u = βx
  // is exact, v = −u is clamped to [−87, 131] and x to −131/β (below, x·σ(βx) rounds to −0);
  // |x|·2^63 < 2^128 where logisticScaled scales by 2^64. v = (−β)·x: −(βx) without a negation
  // (three instructions in V8's x64 code), the same bits, zeros' signs included.
  const v = f32x4.pmin(f32x4.pmax(f32x4.mul(c(<f32>-p0), x), c(-87.0)), c(131.0)); // keeps a NaN x
  return logisticScaled(v, f32x4.pmax(x, c(<f32>(-131.0 / p0))));
}

// ───────────── Softplus (p0 = β, a power of two), LogSigmoid: backward ─────────────

// @ts-ignore: decorator
@inline export function softplusFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // g·σ(βx) = g·σ(−v), v = (−β)·x
  const v = f32x4.mul(c(<f32>-p0), x);
  if (logisticFar(v)) {
    return softplusGradFar(x, g, p0, p1, p2, p3);
  }
  return logistic(v, g);
}
// @ts-ignore: decorator
@inline export function logSigmoidFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // g·σ(−x): v = x
  if (logisticFar(x)) {
    return logSigmoidGradFar(x, g, p0, p1, p2, p3);
  }
  return logistic(x, g);
}

// ───────────── Softsign ─────────────

/**
 * z/(1 + |z|) in float32: 1 + |z| and the quotient are one rounding each (≤ 1.5 ULP together; the
 * float64 body's ≤ 0.5 is the precise mode). |z| is clamped at 2^25, where both give ±1 exactly
 * (1/(1 + 2^25) is below half an ULP under 1), so ±∞ gives ±1, not ∞/∞; ±0 and NaN pass through.
 */
// @ts-ignore: decorator
@inline export function softsignFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, c(-33554432.0)), c(33554432.0)); // keeps a NaN x
  return f32x4.div(xc, f32x4.add(c(1), v128.andnot(xc, c(-0.0))));
}

// ───────────── HardSigmoid (parameters as hardSigmoidF's) ─────────────

// @ts-ignore: decorator
@inline export function hardSigmoidFF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // clamp(a·z + b, 0, 1) in f64x2 with plain roundings: their error is ≤ (2 + |b|)·2^−53 where
  // the result is not clamped (|a·z| ≤ 1 + |b| there; in the 1/6 mode z·fl(1/6) adds 6(1 + |b|)·2^−56),
  // so a vector with a lane of |s| below (1 + 2|b|)·2^−20 takes the exact body: elsewhere the
  // error is below 2^−32 of the result, and a result next to a kink is decided exactly.
  const sixth = p2 != p2;
  const a = sixth ? 0.16666666666666666 : p0;
  const b = sixth ? p0 / 6.0 : p1;
  const tiny = f64x2.splat((1.0 + 2.0 * Math.abs(b)) * 9.5367431640625e-7);
  const low = widenLow(x);
  const high = widenHigh(x);
  const sa = f64x2.add(f64x2.mul(low, f64x2.splat(a)), f64x2.splat(b));
  const sb = f64x2.add(f64x2.mul(high, f64x2.splat(a)), f64x2.splat(b));
  if (v128.any_true(v128.or(f64x2.lt(f64x2.abs(sa), tiny), f64x2.lt(f64x2.abs(sb), tiny)))) {
    return hardSigmoidExact(x, p0, p1, p2, p3);
  }
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  return narrow(f64x2.pmax(f64x2.pmin(sa, one), zero), f64x2.pmax(f64x2.pmin(sb, one), zero));
}

/**
 * HardSigmoid at slope 1/6 (PyTorch's, actlab's default) with 6·offset = p0 a nonzero float32 (p1 = 0;
 * the default offset ½ gives 3): f = min(max(x + p0, 0), 6)/6 in float32 lanes. Next to the
 * lower kink (x within a factor 2 of −p0) x + p0 is exact (Sterbenz), so the one rounding of the
 * division gives the correctly rounded result, and x + p0 > 0 exactly where the exact value is
 * positive; elsewhere the two roundings stay within 0.5·(1 + 8/6) ≈ 1.17 ULP of the result
 * (ulp(x + p0) ≤ 8·ulp(f)). x + p0 = ±∞ clamps to the limits; p0 ≠ 0 keeps a sum of −0 away
 * (an exact zero sum is +0); pmax/pmin compare their first argument, so a NaN stays NaN.
 */
// @ts-ignore: decorator
@inline export function hardSigmoidFFSpecial(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const t = f32x4.add(x, c(<f32>p0));
  return f32x4.div(f32x4.pmin(f32x4.pmax(t, c(0)), c(6)), c(6));
}
/** hardSigmoidFFSpecial's parameters: the 1/6 mode (p2 = NaN) with 6·offset = p0 + p1 a nonzero float32. */
// @ts-ignore: decorator
@inline export function hardSigmoidFFSpecialWhen(p0: f64, p1: f64, p2: f64, p3: f64): bool {
  return p2 != p2 && p1 == 0 && p0 != 0 && <f64>(<f32>p0) == p0;
}

// ───────────── Mish: backward ─────────────

// @ts-ignore: decorator
@inline export function mishFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // The f64x2 formula of mishD with e = e^{−|x|} from the f32x4 exponential (relative error
  // ~2^−25, which the formula does not amplify; the root expansion does not use e). Clamped at
  // −200: beyond it |g·f′| < 2^−150 for every float32 g, so those lanes give the limits.
  const xc = f32x4.pmax(negAbs(x), c(-200.0));
  const kd = reduceK(xc);
  const q = reduceQ(xc, kd);
  const a = widenLow(x);
  const b = widenHigh(x);
  return narrow(
    f64x2.mul(widenLow(g), mishDFromE(a, wideExpLow(kd, q), 200.0)),
    f64x2.mul(widenHigh(g), mishDFromE(b, wideExpHigh(kd, q), 200.0)),
  );
}

// ───────────── Swish: backward (p0 = β, a power of two) ─────────────

// @ts-ignore: decorator
@inline export function swishFD(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // The f64x2 formula of swishD (with its root expansion) with e = e^{−|u|} from the f32x4
  // exponential; u = βx is exact in f32. Lanes with u < −200 give −0 (|g·f′| < 2^−150 there).
  const u = f32x4.mul(c(<f32>p0), x);
  const xc = f32x4.pmax(negAbs(u), c(-200.0));
  const kd = reduceK(xc);
  const q = reduceQ(xc, kd);
  const a = widenLow(x);
  const b = widenHigh(x);
  return narrow(
    f64x2.mul(widenLow(g), swishDFromE(a, widenLow(u), wideExpLow(kd, q), 200.0)),
    f64x2.mul(widenHigh(g), swishDFromE(b, widenHigh(u), wideExpHigh(kd, q), 200.0)),
  );
}

/** g·f′ of elu for a vector with a lane below −87, in f64x2 (out of line: rare, and it keeps the loop's registers for the common path). */
function eluGradFar(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return narrow(f64x2.mul(widenLow(g), eluD(widenLow(x), p0, p1, p2, p3)), f64x2.mul(widenHigh(g), eluD(widenHigh(x), p0, p1, p2, p3)));
}

/** g·f′ of selu for a vector with a lane below −87, in f64x2 (out of line: rare, and it keeps the loop's registers for the common path). */
function seluGradFar(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return narrow(f64x2.mul(widenLow(g), seluD(widenLow(x), p0, p1, p2, p3)), f64x2.mul(widenHigh(g), seluD(widenHigh(x), p0, p1, p2, p3)));
}

/** g·f′ of celu for a vector with a lane below −87, in f64x2 (out of line: rare, and it keeps the loop's registers for the common path). */
function celuGradFar(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return narrow(f64x2.mul(widenLow(g), celuD(widenLow(x), p0, p1, p2, p3)), f64x2.mul(widenHigh(g), celuD(widenHigh(x), p0, p1, p2, p3)));
}

/** g·f′ of softplus for a vector with a lane below −87, in f64x2 (out of line, as eluGradFar). */
function softplusGradFar(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return narrow(f64x2.mul(widenLow(g), softplusD(widenLow(x), p0, p1, p2, p3)), f64x2.mul(widenHigh(g), softplusD(widenHigh(x), p0, p1, p2, p3)));
}

/** g·f′ of logSigmoid for a vector with a lane below −87, in f64x2 (out of line, as eluGradFar). */
function logSigmoidGradFar(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return narrow(f64x2.mul(widenLow(g), logSigmoidD(widenLow(x), p0, p1, p2, p3)), f64x2.mul(widenHigh(g), logSigmoidD(widenHigh(x), p0, p1, p2, p3)));
}

/** The exact hard-sigmoid body (and its NaN handling) for a vector next to a kink (out of line, as eluGradFar). */
function hardSigmoidExact(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const a = widenLow(x);
  const b = widenHigh(x);
  return narrow(v128.bitselect(a, hardSigmoidF(a, p0, p1, p2, p3), f64x2.ne(a, a)), v128.bitselect(b, hardSigmoidF(b, p0, p1, p2, p3), f64x2.ne(b, b)));
}
