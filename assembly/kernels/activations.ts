/**
 * The activation bodies of the float32 kernels: for each activation, f (`…F`) and f′ (`…D`)
 * on an f64x2 of widened float32 inputs (the precise mode, ≤ 0.51 ULP; the fast mode's f32x4
 * bodies are in fast.ts and reuse some of these), or, for the piecewise-linear family, forward
 * and backward directly on f32x4 (`…F4`, `…B4`). The loops that apply them are in loops.ts.
 *
 * Conventions follow the scalar definitions in src/activations (which are the reference):
 * the same branches at the kinks (PyTorch's backward), the same limits at ±∞.
 * Parameters arrive as f64 arguments p0…p3, prepared by the host (src/kernels/wasm.ts).
 * size: one short pair of bodies per activation, in registry order, named by
 * src/kernels/descriptors.ts; a file per family would scatter what the descriptors list together.
 * A NaN input propagates through the arithmetic of most bodies; the loops restore it for the
 * few whose result can be a constant chosen by a comparison (`NAN_BY_LOOP` in
 * tools/generate-kernel-loops.mjs), since a comparison with NaN picks a branch.
 */
import { expm1Neg, expNeg, INV_SQRT_2PI, log1pUnit, oneWhere, select, splat } from './math';
import {
  geluRootHi,
  geluRootLo,
  geluRootP,
  geluTanhRootHi,
  geluTanhRootLo,
  geluTanhRootP,
  millsG,
  mishRootHi,
  mishRootLo,
  mishRootP,
  tanhshrinkG,
} from './coefficients';

const ONE: f64 = 1.0;

// @ts-ignore: decorator
@inline function copySign(magnitude: v128, sign: v128): v128 {
  return v128.or(magnitude, v128.and(sign, f64x2.splat(-0.0)));
}
/** −|x| with one instruction (sets the sign bit). */
// @ts-ignore: decorator
@inline function negAbs(x: v128): v128 {
  return v128.or(x, f64x2.splat(-0.0));
}
// @ts-ignore: decorator
@inline function square(x: v128): v128 {
  return f64x2.mul(x, x);
}
// @ts-ignore: decorator
@inline function onePlus(x: v128): v128 {
  return f64x2.add(splat(ONE), x);
}

// ───────────── sigmoid, tanh ─────────────

// @ts-ignore: decorator
@inline export function sigmoidF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const e = expNeg(negAbs(x));
  const inv = f64x2.div(splat(ONE), onePlus(e));
  return select(inv, f64x2.mul(e, inv), f64x2.ge(x, splat(0)));
}
// @ts-ignore: decorator
@inline export function sigmoidD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const e = expNeg(negAbs(x));
  return f64x2.div(e, square(onePlus(e)));
}

// @ts-ignore: decorator
@inline export function tanhF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // tanh|x| = −m/(2 + m), m = expm1(−2|x|): no cancellation next to 0.
  const m = expm1Neg(f64x2.mul(f64x2.abs(x), splat(-2.0)));
  return copySign(f64x2.div(f64x2.neg(m), f64x2.add(splat(2.0), m)), x);
}
// @ts-ignore: decorator
@inline export function tanhD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const e = expNeg(f64x2.mul(f64x2.abs(x), splat(-2.0)));
  return f64x2.div(f64x2.mul(splat(4.0), e), square(onePlus(e)));
}

// ───────────── ELU, SELU, CELU (p0 = α) ─────────────

// @ts-ignore: decorator
@inline export function eluF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const negative = f64x2.mul(splat(p0), expm1Neg(f64x2.pmin(x, splat(0))));
  return select(x, negative, f64x2.gt(x, splat(0)));
}
// @ts-ignore: decorator
@inline export function eluD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const xn = f64x2.pmin(x, splat(0));
  let negative = f64x2.mul(splat(p0), expNeg(xn));
  // expNeg stops at e^−708, which a large α (up to 1.8e308) would lift into float32's range:
  // there α·e^x = (α·2^−512)·e^{x + 512 ln 2} (α·2^−512 exact when it matters, α > 2^−400).
  const far = f64x2.lt(xn, splat(-700.0));
  if (v128.any_true(far)) {
    const shifted = f64x2.mul(splat(p0 * 7.458340731200207e-155), expNeg(f64x2.add(xn, splat(354.891356446692))));
    negative = select(shifted, negative, far);
  }
  return select(splat(ONE), negative, f64x2.gt(x, splat(0)));
}

const SELU_SCALE: f64 = 1.0507009873554805;
const SELU_ALPHA_SCALE: f64 = 1.7580993408473766;
// @ts-ignore: decorator
@inline export function seluF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const negative = f64x2.mul(splat(SELU_ALPHA_SCALE), expm1Neg(f64x2.pmin(x, splat(0))));
  return select(f64x2.mul(splat(SELU_SCALE), x), negative, f64x2.gt(x, splat(0)));
}
// @ts-ignore: decorator
@inline export function seluD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const negative = f64x2.mul(splat(SELU_ALPHA_SCALE), expNeg(f64x2.pmin(x, splat(0))));
  return select(splat(SELU_SCALE), negative, f64x2.gt(x, splat(0)));
}

// @ts-ignore: decorator
@inline export function celuF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const q = f64x2.div(f64x2.pmin(x, splat(0)), splat(p0));
  // |z/α| < 2^−30: α·expm1(z/α) = z(1 + z/2α + …) is z to float32 — and z/α may have lost its
  // bits to underflow (a huge α), so take z itself.
  const inside = select(x, f64x2.mul(splat(p0), expm1Neg(q)), f64x2.lt(f64x2.abs(q), splat(9.313225746154785e-10)));
  return select(x, inside, f64x2.gt(x, splat(0)));
}
// @ts-ignore: decorator
@inline export function celuD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const q = f64x2.div(f64x2.pmin(x, splat(0)), splat(p0));
  return select(splat(ONE), expNeg(q), f64x2.gt(x, splat(0)));
}

// ───────────── Swish (p0 = β) ─────────────

const SWISH_ROOT_HI: f64 = -1.2784645427610737;
const SWISH_ROOT_LO: f64 = -1.0946994183093437e-16;
/** e^{u*} = −(1 + u*) at the root u* of swish′. */
const SWISH_ROOT_EXP: f64 = 0.2784645427610738;

// @ts-ignore: decorator
@inline export function swishF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const u = f64x2.mul(splat(p0), x);
  const e = expNeg(negAbs(u));
  const q = f64x2.div(x, onePlus(e));
  const y = select(q, f64x2.mul(q, e), f64x2.ge(u, splat(0)));
  return select(splat(-0.0), y, f64x2.eq(x, splat(-Infinity)));
}
/**
 * swishD with u = βx and e = e^{−|u|} given; lanes with u < −far give −0 (e may be clamped
 * beyond it). Shared with the fast kernel (fast.ts), which computes e in f32x4.
 */
// @ts-ignore: decorator
@inline export function swishDFromE(x: v128, u: v128, e: v128, far: f64): v128 {
  // u ≥ 0: (1 + e(1 + u))/(1 + e)², e = e^{−u}. u < 0: e·h/(1 + e)², e = e^u, h = 1 + u + e^u,
  // which vanishes at u*: within 0.1 of it h = d + c·expm1(d), d = u − u*, c = e^{u*} (terms
  // of one sign; the second exponential is computed only for vectors with a lane there).
  let h = f64x2.add(onePlus(u), e);
  const d = f64x2.sub(f64x2.sub(u, splat(SWISH_ROOT_HI)), splat(SWISH_ROOT_LO));
  const near = f64x2.lt(f64x2.abs(d), splat(0.1));
  if (v128.any_true(near)) {
    const m = expm1Neg(f64x2.pmin(f64x2.pmax(d, splat(-0.1)), splat(0.1)));
    h = select(f64x2.add(d, f64x2.mul(splat(SWISH_ROOT_EXP), m)), h, near);
  }
  const positive = onePlus(f64x2.mul(e, onePlus(f64x2.pmin(u, splat(800.0)))));
  const numerator = select(positive, f64x2.mul(e, h), f64x2.ge(u, splat(0)));
  const y = f64x2.div(numerator, square(onePlus(e)));
  return select(splat(-0.0), y, f64x2.lt(u, splat(-far)));
}
// @ts-ignore: decorator
@inline export function swishD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const u = f64x2.mul(splat(p0), x);
  // Beyond |u| = 745, |f′| < 2^−1074: the limits (and no ∞·0 when βx overflows).
  const y = swishDFromE(x, u, expNeg(negAbs(u)), 745.0);
  return select(splat(-0.0), y, f64x2.eq(x, splat(-Infinity)));
}

// ───────────── GELU (exact) ─────────────

/** Q(|x|) (upper normal tail), φ(x) and the Mills ratio R(|x|) for |x| ≤ 16. */
// @ts-ignore: decorator
@inline function mills(t: v128): v128 {
  const tc = f64x2.pmin(t, splat(16.0));
  const s = f64x2.div(f64x2.sub(tc, splat(4.0)), f64x2.add(tc, splat(4.0)));
  return f64x2.mul(f64x2.mul(millsG(s), f64x2.sub(splat(ONE), s)), splat(0.125));
}
/**
 * R(t) for t > 16 by its asymptotic series (1/t)(1 − s + 3s² − 15s³ + 105s⁴ − 945s⁵), s = 1/t²:
 * the first omitted term is below 4e−11 relative there.
 */
// @ts-ignore: decorator
@inline function millsTail(t: v128): v128 {
  const s = f64x2.div(splat(ONE), f64x2.mul(t, t));
  let p = f64x2.sub(splat(ONE), f64x2.mul(splat(9.0), s));
  p = f64x2.sub(splat(ONE), f64x2.mul(f64x2.mul(splat(7.0), s), p));
  p = f64x2.sub(splat(ONE), f64x2.mul(f64x2.mul(splat(5.0), s), p));
  p = f64x2.sub(splat(ONE), f64x2.mul(f64x2.mul(splat(3.0), s), p));
  p = f64x2.sub(splat(ONE), f64x2.mul(s, p));
  return f64x2.div(p, t);
}
// @ts-ignore: decorator
@inline function gaussian(t: v128): v128 {
  return f64x2.mul(expNeg(f64x2.mul(f64x2.mul(t, t), splat(-0.5))), splat(INV_SQRT_2PI));
}

// @ts-ignore: decorator
@inline export function geluF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // z·Φ(z) with Φ(z) = 1 − Q(z) for z ≥ 0 and Q(−z) for z < 0, Q = φ·R: no 1 + erf to cancel.
  const t = f64x2.abs(x);
  const q = f64x2.mul(gaussian(t), mills(t));
  const y = f64x2.mul(x, select(f64x2.sub(splat(ONE), q), q, f64x2.ge(x, splat(0))));
  return select(splat(-0.0), y, f64x2.lt(x, splat(-16.0)));
}
// @ts-ignore: decorator
@inline export function geluD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // Φ(z) + zφ(z): z ≥ 0: 1 − Q + zφ; z < 0: φ(t)(R(t) − t), t = −z; near the root z*: d·P(d).
  const t = f64x2.abs(x);
  const phi = gaussian(t);
  let r = mills(t);
  // Below −16, f′ ≈ zφ(z) is still above 2^−278 down to −19.6, which a float32 gradient (up to
  // 2^128) lifts into float32's range: the tail is evaluated down to −20 (beyond it g·f′ = ∓0).
  const tail = f64x2.gt(t, splat(16.0));
  if (v128.any_true(tail)) r = select(millsTail(t), r, tail);
  const positive = f64x2.add(f64x2.sub(splat(ONE), f64x2.mul(phi, r)), f64x2.mul(x, phi));
  const negative = f64x2.mul(phi, f64x2.sub(r, t));
  let y = select(positive, negative, f64x2.ge(x, splat(0)));
  const d = f64x2.sub(f64x2.sub(x, splat(geluRootHi)), splat(geluRootLo));
  const near = f64x2.lt(f64x2.abs(d), splat(0.05));
  if (v128.any_true(near)) y = select(f64x2.mul(d, geluRootP(d)), y, near);
  y = select(splat(ONE), y, f64x2.gt(x, splat(16.0)));
  return select(splat(-0.0), y, f64x2.lt(x, splat(-20.0)));
}

// ───────────── GELU (tanh approximation) ─────────────

const TWO_K: f64 = 2 * 0.7978845608028654; // 2√(2/π)
const CUBIC: f64 = 0.044715;

// @ts-ignore: decorator
@inline function geluTanhArgument(x: v128): v128 {
  const x2 = f64x2.mul(x, x);
  return f64x2.mul(splat(TWO_K), f64x2.add(x, f64x2.mul(splat(CUBIC), f64x2.mul(x2, x))));
}

// @ts-ignore: decorator
@inline export function geluTanhF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // ½z(1 + tanh(v/2)) = z·σ(v), v = 2√(2/π)(z + 0.044715z³).
  const v = geluTanhArgument(x);
  const e = expNeg(negAbs(v));
  const q = f64x2.div(x, onePlus(e));
  let y = select(q, f64x2.mul(q, e), f64x2.ge(v, splat(0)));
  y = select(x, y, f64x2.gt(x, splat(30.0)));
  return select(splat(-0.0), y, f64x2.lt(x, splat(-30.0)));
}
// @ts-ignore: decorator
@inline export function geluTanhD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // σ(v) + z·v′·σ′(v) = (A(1 + e) + z·v′·e)/(1 + e)², e = e^{−|v|}, A = 1 (v ≥ 0) or e.
  const v = geluTanhArgument(x);
  const e = expNeg(negAbs(v));
  const vPrime = f64x2.mul(splat(TWO_K), onePlus(f64x2.mul(splat(3 * CUBIC), f64x2.mul(x, x))));
  const a = select(splat(ONE), e, f64x2.ge(v, splat(0)));
  const onePlusE = onePlus(e);
  const numerator = f64x2.add(f64x2.mul(a, onePlusE), f64x2.mul(f64x2.mul(x, vPrime), e));
  let y = f64x2.div(numerator, square(onePlusE));
  const d = f64x2.sub(f64x2.sub(x, splat(geluTanhRootHi)), splat(geluTanhRootLo));
  const near = f64x2.lt(f64x2.abs(d), splat(0.05));
  if (v128.any_true(near)) y = select(f64x2.mul(d, geluTanhRootP(d)), y, near);
  y = select(splat(ONE), y, f64x2.gt(x, splat(30.0)));
  return select(splat(-0.0), y, f64x2.lt(x, splat(-30.0)));
}

// ───────────── Softplus (p0 = β, p1 = 1/β), LogSigmoid ─────────────

// @ts-ignore: decorator
@inline export function softplusF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // u > 0: z + log1p(e^{−u})/β; u ≤ 0: log1p(e^u)/β.
  const u = f64x2.mul(splat(p0), x);
  const l = f64x2.mul(log1pUnit(expNeg(negAbs(u))), splat(p1));
  const y = select(f64x2.add(x, l), l, f64x2.gt(u, splat(0)));
  // z = −∞: the limit 0 (expNeg stops at e^−708, which 1/β of a subnormal β would lift to ∞).
  return select(splat(0), y, f64x2.eq(x, splat(-Infinity)));
}
// @ts-ignore: decorator
@inline export function softplusD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const u = f64x2.mul(splat(p0), x);
  const e = expNeg(negAbs(u));
  const inv = f64x2.div(splat(ONE), onePlus(e));
  return select(inv, f64x2.mul(e, inv), f64x2.ge(u, splat(0)));
}

// @ts-ignore: decorator
@inline export function logSigmoidF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const l = log1pUnit(expNeg(negAbs(x)));
  return f64x2.sub(f64x2.pmin(x, splat(0)), l);
}
// @ts-ignore: decorator
@inline export function logSigmoidD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const e = expNeg(negAbs(x));
  const inv = f64x2.div(splat(ONE), onePlus(e));
  return select(f64x2.mul(e, inv), inv, f64x2.ge(x, splat(0)));
}

// ───────────── Mish ─────────────

// @ts-ignore: decorator
@inline export function mishF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // tanh(softplus z) = e(2 + e)/(2 + e(2 + e)), e = e^z (z ≤ 0), or (1 + 2e)/(1 + 2e + 2e²), e = e^{−z}.
  const e = expNeg(negAbs(x));
  const negative = f64x2.le(x, splat(0));
  const n = f64x2.mul(e, f64x2.add(splat(2.0), e));
  const twoE = f64x2.add(e, e);
  const numerator = select(n, onePlus(twoE), negative);
  const denominator = select(f64x2.add(splat(2.0), n), f64x2.add(onePlus(twoE), f64x2.mul(twoE, e)), negative);
  const y = f64x2.div(f64x2.mul(x, numerator), denominator);
  return select(splat(-0.0), y, f64x2.eq(x, splat(-Infinity)));
}
/**
 * mishD with e = e^{−|x|} given (and |x| > far taken as the limits 1 and −0: e may be clamped
 * beyond it). Shared with the fast kernel (fast.ts), which computes e in f32x4.
 */
// @ts-ignore: decorator
@inline export function mishDFromE(x: v128, e: v128, far: f64): v128 {
  // mult·(A·D + 4z·B)/D²: z > 0: mult = 1, A = 1 + 2e, B = e²(1 + e), D = 1 + 2e + 2e²;
  // z ≤ 0: mult = e, A = 2 + e, B = 1 + e, D = 2 + e(2 + e). Near the root z*: d·P(d).
  const negative = f64x2.le(x, splat(0));
  const twoPlusE = f64x2.add(splat(2.0), e);
  const twoE = f64x2.add(e, e);
  const onePlusTwoE = onePlus(twoE);
  const a = select(twoPlusE, onePlusTwoE, negative);
  const b = select(onePlus(e), f64x2.mul(f64x2.mul(e, e), onePlus(e)), negative);
  const den = select(f64x2.add(splat(2.0), f64x2.mul(e, twoPlusE)), f64x2.add(onePlusTwoE, f64x2.mul(twoE, e)), negative);
  const mult = select(e, splat(ONE), negative);
  const numerator = f64x2.add(f64x2.mul(a, den), f64x2.mul(f64x2.mul(splat(4.0), x), b));
  let y = f64x2.div(f64x2.mul(mult, numerator), square(den));
  const d = f64x2.sub(f64x2.sub(x, splat(mishRootHi)), splat(mishRootLo));
  const near = f64x2.lt(f64x2.abs(d), splat(0.05));
  if (v128.any_true(near)) y = select(f64x2.mul(d, mishRootP(d)), y, near);
  y = select(splat(ONE), y, f64x2.gt(x, splat(far)));
  return select(splat(-0.0), y, f64x2.lt(x, splat(-far)));
}
// @ts-ignore: decorator
@inline export function mishD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return mishDFromE(x, expNeg(negAbs(x)), 1000.0);
}

// ───────────── Softsign, Squareplus (p0 = b, p1 = a scale for f′) ─────────────

// @ts-ignore: decorator
@inline export function softsignF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const y = f64x2.div(x, onePlus(f64x2.abs(x)));
  return select(copySign(splat(ONE), x), y, f64x2.eq(f64x2.abs(x), splat(Infinity)));
}
// @ts-ignore: decorator
@inline export function softsignD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f64x2.div(splat(ONE), square(onePlus(f64x2.abs(x))));
}

// @ts-ignore: decorator
@inline export function squareplusF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // (z + r)/2, r = √(z² + b); for z < 0 it equals (b/2)/(r − z), which does not cancel.
  const r = f64x2.sqrt(f64x2.add(f64x2.mul(x, x), splat(p0)));
  const positive = f64x2.mul(f64x2.add(x, r), splat(0.5));
  const negative = f64x2.div(splat(0.5 * p0), f64x2.sub(r, x));
  return select(positive, negative, f64x2.ge(x, splat(0)));
}
// @ts-ignore: decorator
@inline export function squareplusD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // z ≥ 0: (r + z)/(2r); z < 0: b/(2r(r − z)).
  const r = f64x2.sqrt(f64x2.add(f64x2.mul(x, x), splat(p0)));
  const positive = f64x2.ge(x, splat(0));
  const twoR = f64x2.add(r, r);
  // p1 = 1, or 2^−64 for b > 2^1000, where 2r(r − z) (up to 4b) would overflow: both sides scaled exactly.
  const numerator = select(f64x2.add(r, x), splat(p0 * p1), positive);
  const denominator = select(twoR, f64x2.mul(f64x2.mul(twoR, splat(p1)), f64x2.sub(r, x)), positive);
  let y = f64x2.div(numerator, denominator);
  y = select(splat(0.5), y, f64x2.eq(r, splat(0)));
  return select(splat(ONE), y, f64x2.eq(x, splat(Infinity)));
}

// ───────────── Tanhshrink ─────────────

// @ts-ignore: decorator
@inline export function tanhshrinkF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // |z| ≤ ½: z³·g(z²) (a series: z − tanh z cancels); else |z| − 1 + 2e/(1 + e), e = e^{−2|z|}.
  const a = f64x2.abs(x);
  const s = f64x2.mul(x, x);
  const small = f64x2.le(s, splat(0.25));
  const series = f64x2.mul(f64x2.mul(x, s), tanhshrinkG(f64x2.pmin(s, splat(0.25))));
  const e = expNeg(f64x2.mul(a, splat(-2.0)));
  const large = f64x2.add(f64x2.sub(a, splat(ONE)), f64x2.div(f64x2.add(e, e), onePlus(e)));
  return select(series, copySign(large, x), small);
}
// @ts-ignore: decorator
@inline export function tanhshrinkD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  // tanh²z = m²/(2 + m)², m = expm1(−2|z|).
  const m = expm1Neg(f64x2.mul(f64x2.abs(x), splat(-2.0)));
  return f64x2.div(square(m), square(f64x2.add(splat(2.0), m)));
}

// ───────────── Softshrink (p0 = λ), HardSigmoid (see affine), HardSwish ─────────────

// @ts-ignore: decorator
@inline export function softshrinkF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const lambda = splat(p0);
  const below = select(f64x2.add(x, lambda), splat(0), f64x2.lt(x, f64x2.neg(lambda)));
  return select(f64x2.sub(x, lambda), below, f64x2.gt(x, lambda));
}
// @ts-ignore: decorator
@inline export function softshrinkD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return oneWhere(f64x2.gt(f64x2.abs(x), splat(p0)));
}

/**
 * HardSigmoid's affine map t = a·z + b as s + r (s the rounded value, r the rest), exactly, as
 * the scalar definition decides its kinks on the exact value. Two modes, chosen by the host:
 * - a the binary64 slope as given (p0 = a, p1 = b, p2 + p3 = a with p2 of 26 significant bits;
 *   z has 24): the product's error by Dekker's splitting, the sum's by Knuth's two-sum;
 * - a = fl(1/6) read as the fraction 1/6 (p2 = NaN; p0 + p1 = 6b exactly): t = (z + 6b)/6, with
 *   s + r = z + 6b (two-sum) and the division by 6 left to the caller — so t is 0 exactly at
 *   z = −6b (−3 by default) and accurate next to it, where z·fl(1/6) + b is off by 2.8e−17.
 * Returns s; r goes to `rest`. At ±∞ the error terms are ∞ − ∞: callers keep s there.
 */
// @ts-ignore: decorator
@inline function affine(x: v128, p0: f64, p1: f64, p2: f64, p3: f64, rest: usize): v128 {
  if (p2 != p2) {
    const h = splat(p0);
    const s = f64x2.add(x, h);
    const hh = f64x2.sub(s, x);
    const sumError = f64x2.add(f64x2.sub(x, f64x2.sub(s, hh)), f64x2.sub(h, hh));
    v128.store(rest, f64x2.add(sumError, splat(p1)));
    return s;
  }
  const p = f64x2.mul(splat(p0), x);
  const productError = f64x2.add(f64x2.sub(f64x2.mul(splat(p2), x), p), f64x2.mul(splat(p3), x));
  const b = splat(p1);
  const s = f64x2.add(p, b);
  const bb = f64x2.sub(s, p);
  const sumError = f64x2.add(f64x2.sub(p, f64x2.sub(s, bb)), f64x2.sub(b, bb));
  v128.store(rest, f64x2.add(sumError, productError));
  return s;
}
const AFFINE_REST = memory.data(16, 16);

// @ts-ignore: decorator
@inline export function hardSigmoidF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const s = affine(x, p0, p1, p2, p3, AFFINE_REST);
  const rest = v128.load(AFFINE_REST);
  // Keep s alone where the error terms overflowed (s within a factor 2 of the largest double, or ±∞): it clamps anyway.
  let y = select(f64x2.add(s, rest), s, f64x2.lt(f64x2.abs(rest), splat(Infinity)));
  if (p2 != p2) y = f64x2.div(y, splat(6.0));
  // pmin/pmax compare the argument first: a NaN y stays NaN (the loop restores the input NaN anyway).
  return f64x2.pmax(f64x2.pmin(y, splat(ONE)), splat(0));
}
// @ts-ignore: decorator
@inline export function hardSigmoidD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const s = affine(x, p0, p1, p2, p3, AFFINE_REST);
  const r = v128.load(AFFINE_REST);
  const zero = splat(0);
  // 0 < t < 1, or 0 < z + 6b < 6 in the 1/6 mode.
  const top = splat(p2 != p2 ? 6.0 : ONE);
  const inside = v128.or(
    v128.and(f64x2.gt(s, zero), f64x2.lt(s, top)),
    v128.or(v128.and(f64x2.eq(s, zero), f64x2.gt(r, zero)), v128.and(f64x2.eq(s, top), f64x2.lt(r, zero))),
  );
  return v128.and(inside, splat(p2 != p2 ? 1.0 / 6.0 : p0));
}

// @ts-ignore: decorator
@inline export function hardSwishF(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const middle = f64x2.div(f64x2.mul(x, f64x2.add(x, splat(3.0))), splat(6.0));
  const y = select(x, middle, f64x2.ge(x, splat(3.0)));
  return select(splat(0), y, f64x2.le(x, splat(-3.0)));
}
// @ts-ignore: decorator
@inline export function hardSwishD(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const middle = f64x2.div(f64x2.add(f64x2.add(x, x), splat(3.0)), splat(6.0));
  const y = select(splat(ONE), middle, f64x2.gt(x, splat(3.0)));
  return select(splat(0), y, f64x2.lt(x, splat(-3.0)));
}

// ───────────── piecewise linear, on f32x4 directly ─────────────
// Thresholds arrive already rounded for a float32 comparison (the host turns z > t for a
// double t into z > t′ with t′ the largest float32 ≤ t, and so on), so these are exact.

/** threshold/ReLU: z > θ ? z : v (p0 = θ′, p1 = v rounded to float32). */
// @ts-ignore: decorator
@inline export function thresholdF4(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return select(x, f32x4.splat(<f32>p1), f32x4.gt(x, f32x4.splat(<f32>p0)));
}
// @ts-ignore: decorator
@inline export function thresholdB4(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f32x4.mul(g, v128.and(f32x4.gt(x, f32x4.splat(<f32>p0)), f32x4.splat(1)));
}

/** HardTanh/ReLU6: z ≤ m′ ? m : z ≥ M′ ? M : z (p0 = m′, p1 = M′, p2 = m, p3 = M). */
// @ts-ignore: decorator
@inline export function clampF4(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const upper = select(f32x4.splat(<f32>p3), x, f32x4.ge(x, f32x4.splat(<f32>p1)));
  return select(f32x4.splat(<f32>p2), upper, f32x4.le(x, f32x4.splat(<f32>p0)));
}
/**
 * clampF4 when the bounds that decide are the values (p0 = p2, p1 = p3: both bounds float32
 * numbers, ReLU6 and HardTanh's defaults among them): min(M, max(m, z)) as pmin(M, pmax(m, z)) —
 * pmax(m, z) = m < z ? z : m is z ≤ m ? m : z for every non-NaN z, ±0 included (−0 ≤ +0 gives
 * m = +0, as the definition does), and likewise pmin for M; the loop puts NaN back. Two
 * instructions where clampF4 takes two comparisons and two selects: ReLU6 and HardTanh forward
 * reach the stream ceiling (~2,400 → ~3,100 million elements/s here). Where a bound is not a
 * float32 (m′ ≠ m) the forms differ only in a zero's sign (min_val in (−2^−150, 0) rounds to
 * m = −0 while +0 > min_val passes through as +0), so those parameters keep clampF4.
 */
// @ts-ignore: decorator
@inline export function clampF4Special(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f32x4.pmin(f32x4.splat(<f32>p3), f32x4.pmax(f32x4.splat(<f32>p2), x));
}
/** clampF4Special's parameters: the deciding bounds are the values. */
// @ts-ignore: decorator
@inline export function clampF4SpecialWhen(p0: f64, p1: f64, p2: f64, p3: f64): bool {
  return p0 == p2 && p1 == p3;
}
// @ts-ignore: decorator
@inline export function clampB4(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const inside = v128.and(f32x4.gt(x, f32x4.splat(<f32>p0)), f32x4.lt(x, f32x4.splat(<f32>p1)));
  return f32x4.mul(g, v128.and(inside, f32x4.splat(1)));
}

// @ts-ignore: decorator
@inline function widenLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
// @ts-ignore: decorator
@inline function widenHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
}
// @ts-ignore: decorator
@inline function narrow(low: v128, high: v128): v128 {
  return i8x16.shuffle(
    f32x4.demote_f64x2_zero(low),
    f32x4.demote_f64x2_zero(high),
    0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23,
  );
}

/**
 * Leaky ReLU/PReLU/RReLU/linear: z > 0 ? z : a·z, the product in f64, rounded once (p0 = a).
 * A zero slope gives 0 below 0 (not −0, nor 0·(−∞) = NaN), as the scalar definitions; at ±0
 * the product is IEEE's slope·(±0), as PyTorch (a negative slope: f(+0) = −0, f(−0) = +0). The
 * backward multiplies by the slope itself (gradOut·(−0) is −0 there too).
 */
// @ts-ignore: decorator
@inline export function leakyF4(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  if (p0 == 0) return v128.and(x, f32x4.gt(x, f32x4.splat(0)));
  const a = splat(p0);
  const scaled = narrow(f64x2.mul(widenLow(x), a), f64x2.mul(widenHigh(x), a));
  return select(x, scaled, f32x4.gt(x, f32x4.splat(0)));
}
// @ts-ignore: decorator
@inline export function leakyB4(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const a = splat(p0);
  const scaled = narrow(f64x2.mul(widenLow(g), a), f64x2.mul(widenHigh(g), a));
  return select(g, scaled, f32x4.gt(x, f32x4.splat(0)));
}

/** Hardshrink: |z| > λ′ ? z : 0 (p0 = λ′). */
// @ts-ignore: decorator
@inline export function hardshrinkF4(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return v128.and(x, f32x4.gt(f32x4.abs(x), f32x4.splat(<f32>p0)));
}
// @ts-ignore: decorator
@inline export function hardshrinkB4(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f32x4.mul(g, v128.and(f32x4.gt(f32x4.abs(x), f32x4.splat(<f32>p0)), f32x4.splat(1)));
}

export { widenLow, widenHigh, narrow };

// ───────────── piecewise linear, float64 (exact: parameters as given) ─────────────

/** threshold/ReLU: z > θ ? z : v (p0 = θ, p1 = v). */
// @ts-ignore: decorator
@inline export function thresholdF2(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return select(x, splat(p1), f64x2.gt(x, splat(p0)));
}
// @ts-ignore: decorator
@inline export function thresholdB2(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f64x2.mul(g, oneWhere(f64x2.gt(x, splat(p0))));
}

/** HardTanh/ReLU6: z ≤ m ? m : z ≥ M ? M : z (p0 = p2 = m, p1 = p3 = M). */
// @ts-ignore: decorator
@inline export function clampF2(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  const upper = select(splat(p3), x, f64x2.ge(x, splat(p1)));
  return select(splat(p2), upper, f64x2.le(x, splat(p0)));
}
// @ts-ignore: decorator
@inline export function clampB2(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f64x2.mul(g, oneWhere(v128.and(f64x2.gt(x, splat(p0)), f64x2.lt(x, splat(p1)))));
}

/** Leaky ReLU/PReLU/RReLU/linear: z > 0 ? z : a·z (p0 = a; a zero slope gives 0, as leakyF4). */
// @ts-ignore: decorator
@inline export function leakyF2(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  if (p0 == 0) return v128.and(x, f64x2.gt(x, splat(0)));
  return select(x, f64x2.mul(x, splat(p0)), f64x2.gt(x, splat(0)));
}
// @ts-ignore: decorator
@inline export function leakyB2(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return select(g, f64x2.mul(g, splat(p0)), f64x2.gt(x, splat(0)));
}

/** Hardshrink: |z| > λ ? z : 0 (p0 = λ). */
// @ts-ignore: decorator
@inline export function hardshrinkF2(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return v128.and(x, f64x2.gt(f64x2.abs(x), splat(p0)));
}
// @ts-ignore: decorator
@inline export function hardshrinkB2(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f64x2.mul(g, oneWhere(f64x2.gt(f64x2.abs(x), splat(p0))));
}

/** Softshrink: z > λ ? z − λ : z < −λ ? z + λ : 0 (p0 = λ). */
// @ts-ignore: decorator
@inline export function softshrinkF2(x: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return softshrinkF(x, p0, p1, p2, p3);
}
// @ts-ignore: decorator
@inline export function softshrinkB2(x: v128, g: v128, p0: f64, p1: f64, p2: f64, p3: f64): v128 {
  return f64x2.mul(g, softshrinkD(x, p0, p1, p2, p3));
}
