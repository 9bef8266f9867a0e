/**
 * Smooth activations: Swish/SiLU, GELU (exact and tanh approximation), Softplus, LogSigmoid,
 * Mish, Squareplus and Softsign.
 *
 * The hard parts, and how each is kept exact:
 * - Deep negative tails (f ≈ z·e^z and the like) round into the subnormal range; the
 *   exponential is multiplied in last ({@link mulExp}) so the multiplier does not amplify its
 *   rounding.
 * - Arguments such as β·z and √(2/π)(z + 0.044715z³) are formed as double-doubles before
 *   they reach exp: rounding them would cost |u|·2⁻⁵³ relative error.
 * - Next to the minimum of a non-monotone activation, the two terms of f′ cancel. Swish′ has
 *   a closed cancellation-free form; GELU, GELU-tanh and Mish use f′(z) = (z − z*)·P(z − z*)
 *   with P a Chebyshev series fitted about the root z* (tools/generate-coefficients.py). The
 *   same treatment keeps Swish″, GELU-tanh″ and Mish″ exact around their sign changes.
 * @module
 */
import { chebyshevSeries } from '../math/chebyshev.js';
import { ddAdd, ddDiv, ddMul, exponentOf, LOW, mulExp, mulExpScaled, mulKnownExp, scaleByPowerOfTwo, twoProd, twoSum } from '../math/dd.js';
import {
  GELU_TANH_CUBIC_HI,
  GELU_TANH_CUBIC_LO,
  INV_SQRT_2PI_HI,
  INV_SQRT_2PI_LO,
  SQRT2_HI,
  SQRT2_LO,
  SQRT_2_OVER_PI_HI,
  SQRT_2_OVER_PI_LO,
  SWISH_CRITICAL_EXP_HI,
  SWISH_CRITICAL_EXP_LO,
  SWISH_CRITICAL_HI,
  SWISH_CRITICAL_LO,
} from '../math/generated/constants.js';
import {
  expNegAbs,
  inversePowerOfOnePlus,
  logistic,
  logisticDerivative,
  oneMinusExpNegAbs,
  quotientOnePlus,
  softplusOf,
} from '../math/logistic.js';
import { millsRatio, normalCdf, normalPdf } from '../math/normal.js';
import {
  geluCritical,
  geluTanhCritical,
  geluTanhSecondNegative,
  geluTanhSecondPositive,
  mishCritical,
  mishSecondNegative,
  mishSecondPositive,
  swishSecondNegative,
  swishSecondPositive,
  type CriticalExpansion,
} from './generated/critical.js';
import { defineElementwise } from './types.js';

const none = () => [] as const;

/**
 * (zHi + zLo) − (rHi + rLo) to the last bit. zHi − rHi is exact (Sterbenz) next to the root,
 * and there it nearly cancels the low parts' difference: that difference is formed exactly
 * (twoSum) and its rounding added last, or it would cost up to ~70 ULP of d
 * (swish′ at β = 1.5 next to its root).
 */
function distanceTo(zHi: number, zLo: number, rHi: number, rLo: number, rLo2 = 0): number {
  const t = twoSum(zLo, -rLo);
  const tLo = LOW[0]! - rLo2;
  return zHi - rHi + t + tLo;
}

/**
 * Third parts of the roots in u = βz (mpmath, 80 digits: root − hi − lo), for inputs given
 * as double-doubles: u = βz is exact to 106 bits, so u − u* can be far smaller than the
 * 2⁻¹⁰⁷ error of a double-double u* (at β = 1.5 next to swish′'s root it cost 11 ULP).
 */
const SWISH_CRITICAL_LO2 = -3.907766676128665e-33;
const SWISH_SECOND_ROOT_LO2 = 1.0808311685947344e-33;

/** g(z) = d·P(d) about the root z* of g = f′ or f″ when |d| = |z − z*| is inside the window. */
function nearCritical(table: CriticalExpansion, z: number, zLo = 0, rootLo2 = 0): number | undefined {
  const d = distanceTo(z, zLo, table.zHi, table.zLo, rootLo2);
  if (Math.abs(d) > table.halfWidth) return undefined;
  return d * chebyshevSeries(table.chebyshev, d / table.halfWidth);
}

// ───────────────────────────── Swish / SiLU ─────────────────────────────

/** σ(u)(1 + u(1 − σ(u))) = swish′ as a function of u = βz, given u = uHi + uLo. */
function swishSlope(uHi: number, uLo: number): number {
  if (uHi === Infinity) return 1;
  if (uHi === -Infinity) return -0;
  if (uHi >= -0.5) {
    // (1 + e′(1 + u))/(1 + e′)² with e′ = e^{−u}: positive terms only while u > −1.
    const e = Math.exp(-uHi) * (1 - uLo);
    const onePlus = twoSum(1, e);
    const onePlusLo = LOW[0]!;
    const numerator = twoSum(1, e * (1 + uHi));
    const numeratorLo = LOW[0]!;
    const square = twoProd(onePlus, onePlus);
    return ddDiv(numerator, numeratorLo, square, LOW[0]! + 2 * onePlus * onePlusLo);
  }
  // For u < 0: swish′ = e^u·h(u)/(1 + e^u)² with h(u) = 1 + u + e^u, zero at u*. Writing
  // d = u − u* and c = e^{u*} = −(1 + u*) gives h = d + c·expm1(d): both terms share the sign
  // of d, so nothing cancels anywhere — no series needed.
  const d = distanceTo(uHi, uLo, SWISH_CRITICAL_HI, SWISH_CRITICAL_LO, SWISH_CRITICAL_LO2);
  const m = Math.expm1(d);
  const h = d + (SWISH_CRITICAL_EXP_HI * m + SWISH_CRITICAL_EXP_LO * m);
  const e = expNegAbs(uHi, uLo);
  return mulKnownExp(h * inversePowerOfOnePlus(e, 2), LOW[1]!, uHi, uLo);
}

/**
 * β·m·e^{−(a + δ)} given base = e^{−a}: for β far from 1 (1e300, 5e−324) β's exponent moves
 * into the exponential's argument, so β·m cannot overflow while the exponential underflows
 * (swish″ at β = 1e155, z = 1 would otherwise be ∞·0).
 */
function timesBetaExp(beta: number, m: number, base: number, a: number, delta: number): number {
  if (beta >= 2 ** -100 && beta <= 2 ** 100 && Math.abs(m) < 2 ** 900) {
    const scaled = twoProd(beta, m);
    return mulKnownExp(scaled, base, -a, -delta, LOW[0]!);
  }
  if (m === 0 || !Number.isFinite(m)) return mulExpScaled(beta * m, 0, 0, -a, -delta);
  // both factors' exponents join the exponential's argument: mantissas only are multiplied
  const j = exponentOf(beta);
  const k = exponentOf(m);
  const scaled = twoProd(scaleByPowerOfTwo(beta, -j), scaleByPowerOfTwo(m, -k));
  return mulExpScaled(scaled, LOW[0]!, j + k, -a, -delta);
}

/** Swish z·σ(βz); β = 1 is SiLU. */
export const swish = defineElementwise({
  id: 'swish',
  name: 'Swish / SiLU',
  family: 'smooth',
  aliases: ['silu', 'swish1'],
  description: 'z·σ(βz): smooth, non-monotone (minimum −0.2785 at z = −1.2785 for β = 1), unbounded above. SiLU (β = 1) is the activation of EfficientNet and, gated, of LLaMA-style SwiGLU FFNs.',
  formula: String.raw`\mathrm{Swish}(z)=z\,\sigma(\beta z)=\frac{z}{1+e^{-\beta z}}`,
  derivativeFormula: String.raw`\mathrm{Swish}'(z)=\sigma(\beta z)\,\bigl(1+\beta z\,(1-\sigma(\beta z))\bigr)`,
  reference: {
    citation: 'Ramachandran, Zoph, Le (2017), Searching for Activation Functions; Elfwing, Uchibe, Doya (2018), Sigmoid-Weighted Linear Units',
    url: 'https://arxiv.org/abs/1710.05941',
  },
  params: { beta: { default: 1, min: 0, exclusiveMin: true, description: 'β: sharpness; β → ∞ gives ReLU, β = 1 is SiLU' } },
  f: (z, p) => {
    if (z === Infinity) return Infinity;
    if (z === -Infinity) return -0;
    if (z === 0) return z;
    const uHi = twoProd(p.beta, z);
    const uLo = LOW[0]!;
    const e = expNegAbs(uHi, uLo);
    const base = LOW[1]!;
    const q = quotientOnePlus(z, e);
    const value = uHi >= 0 ? q + LOW[0]! : mulKnownExp(q, base, uHi, uLo, LOW[0]!);
    // an underflowed result keeps the sign of z (z = −5e−324 with β = ½: u rounds to −0)
    return value === 0 ? z * 0 : value;
  },
  df: (z, p) => {
    if (z === Infinity) return 1;
    if (z === -Infinity) return -0;
    const uHi = twoProd(p.beta, z);
    return swishSlope(uHi, LOW[0]!);
  },
  d2f: (z, p) => {
    // β·σ′(u)·(2 − u·tanh(u/2)) = β·e(2(1 + e) − |u|(1 − e))/(1 + e)³, e = e^{−|u|}; even in u.
    const beta = p.beta;
    const uHi = twoProd(beta, z);
    const uLo = LOW[0]!;
    const a = Math.abs(uHi);
    // the limit: −β|u|e^{−|u|} → −0 from below
    if (a === Infinity) return -0;
    const near = uHi < 0
      ? nearCritical(swishSecondNegative, uHi, uLo, -SWISH_SECOND_ROOT_LO2)
      : nearCritical(swishSecondPositive, uHi, uLo, SWISH_SECOND_ROOT_LO2);
    if (near !== undefined) {
      const scaled = twoProd(beta, near);
      return scaled + LOW[0]!;
    }
    const delta = uHi >= 0 ? uLo : -uLo;
    const e = expNegAbs(uHi, uLo);
    const base = LOW[1]!;
    const oneMinus = oneMinusExpNegAbs(a, delta, e);
    const oneMinusLow = LOW[0]!;
    const twoOnePlus = twoSum(2, 2 * e);
    const twoOnePlusLo = LOW[0]!;
    const product = twoProd(a, oneMinus);
    const productLo = LOW[0]! + a * oneMinusLow + delta * oneMinus;
    const bracket = twoSum(twoOnePlus, -product);
    const bracketValue = bracket + (LOW[0]! + twoOnePlusLo - productLo);
    return timesBetaExp(beta, bracketValue * inversePowerOfOnePlus(e, 3), base, a, delta);
  },
  kinks: none,
});

// ───────────────────────────── GELU (exact) ─────────────────────────────

/** Beyond |z| = 40 every GELU quantity is its limit to double precision (φ(40) ≈ 1.5e−348). */
const GELU_FLAT = 40;

/** (m + mLo)·e^{−t²/2} with t² formed exactly, the exponential applied last, rounded once. */
function timesGaussian(m: number, t: number, mLo = 0): number {
  const p = twoProd(t, t);
  return mulExp(m, -0.5 * p, -0.5 * LOW[0]!, mLo);
}

/** m·r/√(2π) as a double-double (high part returned, low part in `LOW[0]`). */
function timesOverSqrt2Pi(m: number, r: number): number {
  const a = twoProd(r, INV_SQRT_2PI_HI);
  const aLo = LOW[0]! + r * INV_SQRT_2PI_LO;
  const b = twoProd(m, a);
  LOW[0] = LOW[0]! + m * aLo;
  return b;
}

/** Exact GELU z·Φ(z) (Hendrycks & Gimpel 2016), Φ the standard normal CDF. */
export const gelu = defineElementwise({
  id: 'gelu',
  name: 'GELU',
  family: 'smooth',
  aliases: ['gelu_exact', 'gelu_erf'],
  description: 'z·Φ(z): the input weighted by the probability that a standard normal is below it. Smooth, non-monotone (minimum −0.16997 at z = −0.75179). The activation of BERT, GPT-2 and most transformers.',
  formula: String.raw`\mathrm{GELU}(z)=z\,\Phi(z)=\frac{z}{2}\left(1+\operatorname{erf}\frac{z}{\sqrt2}\right)`,
  derivativeFormula: String.raw`\mathrm{GELU}'(z)=\Phi(z)+z\,\varphi(z)`,
  reference: {
    citation: 'Hendrycks, Gimpel (2016), Gaussian Error Linear Units (GELUs)',
    url: 'https://arxiv.org/abs/1606.08415',
  },
  params: {},
  notes: [
    "'gelu' is the exact erf form (PyTorch approximate='none', JAX approximate=False, Keras 3 approximate=False). JAX's jax.nn.gelu defaults to the tanh approximation: that is 'gelu_tanh' here.",
  ],
  f: (z) => {
    if (z > GELU_FLAT) return z;
    if (z >= 0) return z * normalCdf(z);
    if (z < -GELU_FLAT) return -0;
    // z·Φ(z) = −t·Q(t) = −t·R(t)·φ(t), t = −z: no 1 + erf to cancel, exponential last.
    const t = -z;
    const m = timesOverSqrt2Pi(-t, millsRatio(t));
    return timesGaussian(m, t, LOW[0]!);
  },
  df: (z) => {
    if (z > GELU_FLAT) return 1;
    if (z < -GELU_FLAT) return -0;
    const near = nearCritical(geluCritical, z);
    if (near !== undefined) return near;
    if (z >= 0) return normalCdf(z) + z * normalPdf(z);
    // Φ(−t) − tφ(t) = φ(t)·(R(t) − t): away from the root the difference is benign.
    const t = -z;
    const m = timesOverSqrt2Pi(1, millsRatio(t) - t);
    return timesGaussian(m, t, LOW[0]!);
  },
  d2f: (z) => {
    // φ(z)·(2 − z²) with 2 − z² = (√2 − |z|)(√2 + |z|), exact next to its roots ±√2.
    const a = Math.abs(z);
    if (a > GELU_FLAT) return -0;
    const factor = (SQRT2_HI - a + SQRT2_LO) * (SQRT2_HI + a + SQRT2_LO);
    const m = timesOverSqrt2Pi(factor, 1);
    return timesGaussian(m, a, LOW[0]!);
  },
  kinks: none,
});

// ───────────────────────────── GELU (tanh approximation) ─────────────────────────────

const TWO_K_HI = 2 * SQRT_2_OVER_PI_HI;
const TWO_K_LO = 2 * SQRT_2_OVER_PI_LO;
/**
 * v = 2√(2/π)(z + 0.044715z³) as a double-double (high part returned, low part in
 * `LOW[0]`), so that GELU-tanh = z·σ(v) keeps every bit where e^v is tiny.
 */
function geluTanhArgument(z: number): number {
  const z2 = twoProd(z, z);
  const z2Lo = LOW[0]!;
  const z3 = twoProd(z, z2);
  const z3Lo = LOW[0]! + z * z2Lo;
  const cubic = twoProd(GELU_TANH_CUBIC_HI, z3);
  const cubicLo = LOW[0]! + GELU_TANH_CUBIC_HI * z3Lo + GELU_TANH_CUBIC_LO * z3;
  const sum = twoSum(z, cubic);
  const sumLo = LOW[0]! + cubicLo;
  const v = twoProd(TWO_K_HI, sum);
  LOW[0] = LOW[0]! + TWO_K_HI * sumLo + TWO_K_LO * sum;
  return v;
}

/** Past |z| = 30 the tanh approximation equals its limits (z or −0) in double precision. */
const GELU_TANH_FLAT = 30;

/** The tanh approximation of GELU, ½z(1 + tanh(√(2/π)(z + 0.044715z³))). */
export const geluTanh = defineElementwise({
  id: 'gelu_tanh',
  name: 'GELU (tanh approximation)',
  family: 'smooth',
  aliases: ['gelu_approximate', 'gelu_new', 'approximate_gelu'],
  description: "Hendrycks & Gimpel's tanh approximation of GELU (max |error| 4.73e−4 at |z| ≈ 2.70), used by the original BERT and GPT-2 code; the chapter's 'GELU' in its FFN experiment is this one.",
  formula: String.raw`\mathrm{GELU}_{\tanh}(z)=\frac{z}{2}\left(1+\tanh\!\left(\sqrt{2/\pi}\,(z+0.044715\,z^{3})\right)\right)`,
  derivativeFormula: String.raw`f'(z)=\tfrac12\bigl(1+\tanh u\bigr)+\tfrac{z}{2}\,\mathrm{sech}^2u\;\sqrt{2/\pi}\,(1+0.134145\,z^{2}),\ u=\sqrt{2/\pi}\,(z+0.044715z^3)`,
  reference: {
    citation: 'Hendrycks, Gimpel (2016), Gaussian Error Linear Units (GELUs), §2',
    url: 'https://arxiv.org/abs/1606.08415',
  },
  params: {},
  notes: ["PyTorch gelu(approximate='tanh'), JAX gelu(approximate=True) (JAX's default), TF.js gelu_new, Hugging Face 'gelu_new'."],
  f: (z) => {
    if (z > GELU_TANH_FLAT) return z;
    if (z < -GELU_TANH_FLAT) return -0;
    if (z === 0) return z;
    // ½z(1 + tanh(v/2)) = z·σ(v): the sum 1 + tanh cancels for z < 0, σ does not.
    const v = geluTanhArgument(z);
    const vLo = LOW[0]!;
    const e = expNegAbs(v, vLo);
    const base = LOW[1]!;
    const q = quotientOnePlus(z, e);
    const value = v >= 0 ? q + LOW[0]! : mulKnownExp(q, base, v, vLo, LOW[0]!);
    return value === 0 ? z * 0 : value;
  },
  df: (z) => {
    if (z > GELU_TANH_FLAT) return 1;
    if (z < -GELU_TANH_FLAT) return -0;
    const near = nearCritical(geluTanhCritical, z);
    if (near !== undefined) return near;
    const v = geluTanhArgument(z);
    const vLo = LOW[0]!;
    const e = expNegAbs(v, vLo);
    const base = LOW[1]!;
    // f′ = σ(v) + z·v′·σ′(v), v′ = 2√(2/π)(1 + 3·0.044715·z²).
    if (v >= 0) {
      const slope = z * (TWO_K_HI * (1 + 3 * GELU_TANH_CUBIC_HI * z * z));
      return (1 + e + slope * e) * inversePowerOfOnePlus(e, 2);
    }
    // z < 0: f′ = e^v·(1 + e^v + z·v′)/(1 + e^v)²; the bracket is summed in double-double.
    const z2 = twoProd(z, z);
    const z2Lo = LOW[0]!;
    const az2 = twoProd(GELU_TANH_CUBIC_HI, z2);
    const az2Lo = LOW[0]! + GELU_TANH_CUBIC_HI * z2Lo + GELU_TANH_CUBIC_LO * z2;
    const threeAz2 = twoProd(3, az2);
    const threeAz2Lo = LOW[0]! + 3 * az2Lo;
    const w = twoSum(1, threeAz2);
    const wLo = LOW[0]! + threeAz2Lo;
    const kw = twoProd(TWO_K_HI, w);
    const kwLo = LOW[0]! + TWO_K_HI * wLo + TWO_K_LO * w;
    const m = twoProd(z, kw);
    const mLo = LOW[0]! + z * kwLo;
    const s1 = twoSum(1, e);
    const s1Lo = LOW[0]!;
    const s2 = twoSum(s1, m);
    const bracket = s2 + (LOW[0]! + s1Lo + mLo);
    return mulKnownExp(bracket * inversePowerOfOnePlus(e, 2), base, v, vLo);
  },
  d2f: (z) => {
    if (Math.abs(z) > GELU_TANH_FLAT) return z > 0 ? 0 : -0;
    const near = nearCritical(z < 0 ? geluTanhSecondNegative : geluTanhSecondPositive, z);
    if (near !== undefined) return near;
    // f″ = σ′(v)·(2v′ − z·v′²·tanh(v/2) + z·v″), v″ = 12√(2/π)·0.044715·z, every term in
    // double-double: the bracket is dominated by z·v′², whose plain evaluation costs ~4 ULP.
    const v = geluTanhArgument(z);
    const vLo = LOW[0]!;
    const a = Math.abs(v);
    const delta = v >= 0 ? vLo : -vLo;
    const e = expNegAbs(v, vLo);
    const base = LOW[1]!;
    const onePlus = twoSum(1, e);
    const onePlusLo = LOW[0]!;
    const oneMinus = oneMinusExpNegAbs(a, delta, e);
    let tanhHalf = ddDiv(oneMinus, LOW[0]!, onePlus, onePlusLo);
    let tanhHalfLo = LOW[0]!;
    if (v < 0) {
      tanhHalf = -tanhHalf;
      tanhHalfLo = -tanhHalfLo;
    }
    const z2 = twoProd(z, z);
    const z2Lo = LOW[0]!;
    const az2 = ddMul(GELU_TANH_CUBIC_HI, GELU_TANH_CUBIC_LO, z2, z2Lo);
    const az2Lo = LOW[0]!;
    const threeAz2 = ddMul(3, 0, az2, az2Lo);
    const w = ddAdd(1, 0, threeAz2, LOW[0]!);
    const vp = ddMul(TWO_K_HI, TWO_K_LO, w, LOW[0]!);
    const vpLo = LOW[0]!;
    const vp2 = ddMul(vp, vpLo, vp, vpLo);
    const vp2t = ddMul(vp2, LOW[0]!, tanhHalf, tanhHalfLo);
    const t2 = ddMul(-z, 0, vp2t, LOW[0]!);
    const t2Lo = LOW[0]!;
    const kaz2 = ddMul(TWO_K_HI, TWO_K_LO, az2, az2Lo);
    const t3 = ddMul(6, 0, kaz2, LOW[0]!);
    const t3Lo = LOW[0]!;
    const partial = ddAdd(2 * vp, 2 * vpLo, t2, t2Lo);
    const bracket = ddAdd(partial, LOW[0]!, t3, t3Lo);
    const bracketLo = LOW[0]!;
    const square = ddMul(onePlus, onePlusLo, onePlus, onePlusLo);
    const scale = ddDiv(bracket, bracketLo, square, LOW[0]!);
    return mulKnownExp(scale, base, -a, -delta, LOW[0]!);
  },
  kinks: none,
});

// ───────────────────────────── Softplus and LogSigmoid ─────────────────────────────

/** Softplus (1/β)·log(1 + e^{βz}), exact everywhere: no linear shortcut above a threshold. */
export const softplus = defineElementwise({
  id: 'softplus',
  name: 'Softplus',
  family: 'smooth',
  aliases: [],
  description: 'A smooth ReLU, log(1 + e^z); its derivative is the sigmoid. Used where a positive output is needed (variances, rates).',
  formula: String.raw`\mathrm{Softplus}(z)=\frac{1}{\beta}\log\bigl(1+e^{\beta z}\bigr)`,
  derivativeFormula: String.raw`\mathrm{Softplus}'(z)=\sigma(\beta z)`,
  reference: {
    citation: 'Dugas, Bengio, Bélisle, Nadeau, Garcia (2001), Incorporating Second-Order Functional Knowledge for Better Option Pricing, NeurIPS 13',
    url: 'https://proceedings.neurips.cc/paper/2000/hash/44968aece94f667e4095002d140b5896-Abstract.html',
  },
  params: { beta: { default: 1, min: 0, exclusiveMin: true, description: 'β: sharpness; β → ∞ gives ReLU' } },
  notes: ["PyTorch returns z itself above threshold = 20 (an absolute error of up to e^{-20} ≈ 2.1e-9, at z = 20); actlab has no threshold and stays exact."],
  f: (z, p) => {
    if (z === Infinity) return Infinity;
    if (z === -Infinity) return 0;
    const beta = p.beta;
    if (beta === 1) return softplusOf(z);
    const uHi = twoProd(beta, z);
    const uLo = LOW[0]!;
    // u > 1: z + log1p(e^{−u})/β keeps z exact; near 0 and below: softplus(u)/β.
    if (uHi > 1) return z + Math.log1p(expNegAbs(uHi, uLo)) / beta;
    if (uHi < -690) {
      // e^u/β with 1/β as a double-double: its rounding would otherwise add half an ULP
      const inverse = ddDiv(1, 0, beta, 0);
      return mulExp(inverse, uHi, uLo, LOW[0]!);
    }
    return softplusOf(uHi, uLo) / beta;
  },
  df: (z, p) => {
    const uHi = twoProd(p.beta, z);
    return logistic(uHi, LOW[0]!);
  },
  d2f: (z, p) => {
    const beta = p.beta;
    const uHi = twoProd(beta, z);
    const uLo = LOW[0]!;
    if (Math.abs(uHi) < 0.5) return beta * logisticDerivative(uHi, uLo);
    // β·e/(1 + e)² with e = e^{−|u|}, β applied with the exponential (β = 1e20, u = −740)
    const e = expNegAbs(uHi, uLo);
    return timesBetaExp(beta, inversePowerOfOnePlus(e, 2), LOW[1]!, Math.abs(uHi), uHi >= 0 ? uLo : -uLo);
  },
  kinks: none,
});

/** log σ(z) = −softplus(−z): the log-probability of a sigmoid output. */
export const logSigmoid = defineElementwise({
  id: 'log_sigmoid',
  name: 'LogSigmoid',
  family: 'smooth',
  aliases: ['logsigmoid'],
  description: 'log σ(z) = −log(1 + e^{−z}), the numerically stable log-likelihood term of binary cross-entropy.',
  formula: String.raw`\log\sigma(z)=-\log\bigl(1+e^{-z}\bigr)`,
  derivativeFormula: String.raw`(\log\sigma)'(z)=1-\sigma(z)=\sigma(-z)`,
  reference: {
    citation: 'PyTorch documentation, torch.nn.LogSigmoid; JAX jax.nn.log_sigmoid',
    url: 'https://pytorch.org/docs/stable/generated/torch.nn.LogSigmoid.html',
  },
  params: {},
  f: (z) => -softplusOf(-z),
  df: (z) => logistic(-z),
  d2f: (z) => -logisticDerivative(z),
  kinks: none,
});

// ───────────────────────────── Mish ─────────────────────────────

// For z ≤ 0 and e = e^z, tanh(softplus z) = N/D with N = e(2 + e) and D = 2 + N = (1 + e)² + 1,
// each formed as a double-double: 2 + e = twoSum(2, e), then the two helpers below.

/** N = e·(a + aLo), a + aLo = 2 + e: high part returned, low part in `LOW[0]`. */
function mishNumerator(e: number, a: number, aLo: number): number {
  const n = twoProd(e, a);
  LOW[0] = LOW[0]! + e * aLo;
  return n;
}

/** D = 2 + (n + nLo): high part returned, low part in `LOW[0]`. */
function mishDenominator(n: number, nLo: number): number {
  const d = twoSum(2, n);
  LOW[0] = LOW[0]! + nLo;
  return d;
}

/** Beyond |z| = 1000, Mish′ and Mish″ equal their limits (e^{−1000} underflows). */
const MISH_FLAT = 1000;

/**
 * Mish z·tanh(softplus(z)). With e = e^z, tanh(softplus z) = e(2 + e)/(2 + e(2 + e)) for
 * z ≤ 0 and, with e′ = e^{−z}, (1 + 2e′)/(1 + 2e′ + 2e′²) for z > 0: rational in an
 * exponential, summed in double-double.
 */
export const mish = defineElementwise({
  id: 'mish',
  name: 'Mish',
  family: 'smooth',
  aliases: [],
  description: 'z·tanh(softplus(z)): smooth, non-monotone (minimum −0.30884 at z = −1.19243), used in YOLOv4.',
  formula: String.raw`\mathrm{Mish}(z)=z\tanh\bigl(\log(1+e^{z})\bigr)`,
  derivativeFormula: String.raw`\mathrm{Mish}'(z)=\tanh(\mathrm{sp}(z))+z\,\sigma(z)\,\mathrm{sech}^2(\mathrm{sp}(z)),\ \mathrm{sp}(z)=\log(1+e^z)`,
  reference: {
    citation: 'Misra (2019), Mish: A Self Regularized Non-Monotonic Activation Function, BMVC 2020',
    url: 'https://arxiv.org/abs/1908.08681',
  },
  params: {},
  f: (z) => {
    if (z === Infinity) return Infinity;
    if (z <= 0) {
      if (z < -690) return mulExp(z, z, 0); // tanh(softplus z) = e^z(1 + O(e^z))
      const e = Math.exp(z);
      const a = twoSum(2, e);
      const n = mishNumerator(e, a, LOW[0]!);
      const nLo = LOW[0]!;
      const d = mishDenominator(n, nLo);
      return z * ddDiv(n, nLo, d, LOW[0]!);
    }
    const e = Math.exp(-z);
    const num = twoSum(1, 2 * e);
    const numLo = LOW[0]!;
    const sq = twoProd(e, e);
    const sqLo = LOW[0]!;
    const den = twoSum(num, 2 * sq);
    const denLo = LOW[0]! + numLo + 2 * sqLo;
    return z * ddDiv(num, numLo, den, denLo);
  },
  df: (z) => {
    if (z > MISH_FLAT) return 1;
    if (z < -MISH_FLAT) return -0;
    const near = nearCritical(mishCritical, z);
    if (near !== undefined) return near;
    if (z > 0) {
      const e = Math.exp(-z);
      const n = 1 + 2 * e + 2 * e * e;
      return (1 + 2 * e) / n + (z * (4 * e * e * (1 + e))) / (n * n);
    }
    // z ≤ 0: f′ = e·((2 + e)D + 4z(1 + e))/D² with D = 2 + e(2 + e); bracket in double-double.
    const e = Math.exp(z);
    const a = twoSum(2, e);
    const aLo = LOW[0]!;
    const n = mishNumerator(e, a, aLo);
    const d = mishDenominator(n, LOW[0]!);
    const dLo = LOW[0]!;
    const x = twoProd(a, d);
    const xLo = LOW[0]! + a * dLo + aLo * d;
    const o = twoSum(1, e);
    const oLo = LOW[0]!;
    const y = twoProd(4 * z, o);
    const yLo = LOW[0]! + 4 * z * oLo;
    const b = twoSum(x, y);
    const bLo = LOW[0]! + xLo + yLo;
    const d2 = twoProd(d, d);
    const d2Lo = LOW[0]! + 2 * d * dLo;
    return mulExp(ddDiv(b, bLo, d2, d2Lo), z, 0);
  },
  d2f: (z) => {
    // f″ = S·s·(2 − 2z·T·s + z(1 − s)), T = tanh(sp z), S = sech²(sp z), s = σ(z), in
    // double-double (rational in one exponential), the exponential applied last.
    if (Math.abs(z) > MISH_FLAT) return -0;
    const near = nearCritical(z < 0 ? mishSecondNegative : mishSecondPositive, z);
    if (near !== undefined) return near;
    if (z <= 0) {
      // e = e^z: S·s = 4e(1 + e)/D², T = e(2 + e)/D, s = e/(1 + e), D = 2 + e(2 + e).
      const e = Math.exp(z);
      const a = twoSum(2, e);
      const n = mishNumerator(e, a, LOW[0]!);
      const nLo = LOW[0]!;
      const d = mishDenominator(n, nLo);
      const dLo = LOW[0]!;
      const onePlus = twoSum(1, e);
      const onePlusLo = LOW[0]!;
      const t = ddDiv(n, nLo, d, dLo);
      const tLo = LOW[0]!;
      const sig = ddDiv(e, 0, onePlus, onePlusLo);
      const ts = ddMul(t, tLo, sig, LOW[0]!);
      const twoZts = ddMul(2 * z, 0, ts, LOW[0]!);
      const twoZtsLo = LOW[0]!;
      const zOver = ddDiv(z, 0, onePlus, onePlusLo);
      const zOverLo = LOW[0]!;
      const b1 = ddAdd(2, 0, -twoZts, -twoZtsLo);
      const bracket = ddAdd(b1, LOW[0]!, zOver, zOverLo);
      const bracketLo = LOW[0]!;
      const numerator = ddMul(4 * onePlus, 4 * onePlusLo, bracket, bracketLo);
      const numeratorLo = LOW[0]!;
      const d2 = ddMul(d, dLo, d, dLo);
      const scale = ddDiv(numerator, numeratorLo, d2, LOW[0]!);
      return mulExp(scale, z, 0, LOW[0]!);
    }
    // e = e^{−z}: S·s = 4e²(1 + e)/N², T = (1 + 2e)/N, 1 − s = e/(1 + e), N = 1 + 2e + 2e²;
    // bracket = 2 + z(e − 2T)/(1 + e).
    const e = Math.exp(-z);
    const e2 = twoProd(e, e);
    const e2Lo = LOW[0]!;
    const onePlusTwoE = twoSum(1, 2 * e);
    const onePlusTwoELo = LOW[0]!;
    const n = ddAdd(onePlusTwoE, onePlusTwoELo, 2 * e2, 2 * e2Lo);
    const nLo = LOW[0]!;
    const t = ddDiv(onePlusTwoE, onePlusTwoELo, n, nLo);
    const inner = ddAdd(e, 0, -2 * t, -2 * LOW[0]!);
    const zInner = ddMul(z, 0, inner, LOW[0]!);
    const zInnerLo = LOW[0]!;
    const onePlus = twoSum(1, e);
    const onePlusLo = LOW[0]!;
    const q = ddDiv(zInner, zInnerLo, onePlus, onePlusLo);
    const bracket = ddAdd(2, 0, q, LOW[0]!);
    const bracketLo = LOW[0]!;
    const numerator = ddMul(4 * onePlus, 4 * onePlusLo, bracket, bracketLo);
    const numeratorLo = LOW[0]!;
    const n2 = ddMul(n, nLo, n, nLo);
    const scale = ddDiv(numerator, numeratorLo, n2, LOW[0]!);
    return mulExp(scale, -2 * z, 0, LOW[0]!);
  },
  kinks: none,
});

// ───────────────────────────── Squareplus and Softsign ─────────────────────────────

// Squareplus is homogeneous — f(λz; λ²b) = λf(z; b), f′ unchanged, f″(λz; λ²b) = f″(z; b)/λ —
// so every formula runs on numbers near 1 and the power of two is applied once at the end:
// z = zs·2^k, b = bs·4^k with max(|zs|, √bs) in [1, 2), and √(z² + b) = (rs + rsLo)·2^k.
// Nothing overflows (z = 1e308), underflows (b = 1e−250: r³ = 1e−375) or loses b below z²
// (b = 5e−324).

/** The k of max(|z|, √b) = m·2^k with m in [1, 2) (0 when both are 0). */
function squareplusScale(z: number, b: number): number {
  const m = Math.max(Math.abs(z), Math.sqrt(b));
  return m === 0 ? 0 : exponentOf(m);
}

/** rs = √(zs² + bs) for the scaled z and b: high part returned, low part in `LOW[0]`. */
function scaledRoot(zs: number, bs: number): number {
  const square = twoProd(zs, zs);
  const squareLo = LOW[0]!;
  const sum = twoSum(square, bs);
  const sumLo = LOW[0]! + squareLo;
  const r = Math.sqrt(sum);
  if (r === 0) {
    LOW[0] = 0;
    return r;
  }
  // one Newton correction of the square root, kept as the low part
  const rr = twoProd(r, r);
  LOW[0] = (sum - rr - LOW[0]! + sumLo) / (2 * r);
  return r;
}

/**
 * b·2^shift/D for the positive double-double D, at scale k (bs = b·4^{−k}): b itself where
 * scaling it down could underflow (k > 0), bs (exact) where k ≤ 0, the power of two applied last.
 */
function squareplusQuotient(b: number, bs: number, k: number, powerOfB: number, extraShift: number, d: number, dLo: number): number {
  const q = k > 0 ? ddDiv(b, 0, d, dLo) : ddDiv(bs, 0, d, dLo);
  // b/(…·2^{powerOfB·k}) = (b/…)·2^{−powerOfB·k}; bs/(…) carries 4^{−k} already
  return scaleByPowerOfTwo(q, (k > 0 ? -powerOfB * k : (2 - powerOfB) * k) + extraShift);
}

/** Squareplus (z + √(z² + b))/2: a softplus-like curve from arithmetic and one square root. */
export const squareplus = defineElementwise({
  id: 'squareplus',
  name: 'Squareplus',
  family: 'smooth',
  aliases: [],
  description: 'A softplus lookalike built from a square root instead of exp and log; b sets the curvature at 0 (b = 0 is ReLU).',
  formula: String.raw`\mathrm{Squareplus}(z)=\frac{z+\sqrt{z^2+b}}{2}`,
  derivativeFormula: String.raw`\mathrm{Squareplus}'(z)=\frac12\left(1+\frac{z}{\sqrt{z^2+b}}\right)`,
  reference: {
    citation: 'Barron (2021), Squareplus: A Softplus-Like Algebraic Rectifier',
    url: 'https://arxiv.org/abs/2112.11687',
  },
  params: { b: { default: 4, min: 0, description: 'b: curvature; f(0) = √b/2' } },
  notes: ['Default b = 4 as JAX (jax.nn.squareplus) and the paper.'],
  f: (z, p) => {
    if (z === Infinity) return Infinity;
    if (z === -Infinity) return 0;
    // + 0: b = −0 (accepted, b ≥ 0) is b = 0, ReLU, whose zeros are +0 (an exact 0 carries no sign)
    const b = p.b + 0;
    const k = squareplusScale(z, b);
    const zs = scaleByPowerOfTwo(z, -k);
    const bs = scaleByPowerOfTwo(b, -2 * k);
    const rs = scaledRoot(zs, bs);
    const rsLo = LOW[0]!;
    if (z >= 0) {
      const s = twoSum(zs, rs);
      return scaleByPowerOfTwo(s + (LOW[0]! + rsLo), k - 1);
    }
    // (z + r)/2 cancels for z < 0; it equals (b/2)/(r − z) = (b/2)/(r + |z|)
    const d = twoSum(rs, -zs);
    return squareplusQuotient(b, bs, k, 1, -1, d, LOW[0]! + rsLo);
  },
  df: (z, p) => {
    if (z === Infinity) return 1;
    if (z === -Infinity) return 0;
    // + 0: b = −0 (accepted, b ≥ 0) is b = 0, ReLU, whose zeros are +0 (an exact 0 carries no sign)
    const b = p.b + 0;
    const k = squareplusScale(z, b);
    const zs = scaleByPowerOfTwo(z, -k);
    const bs = scaleByPowerOfTwo(b, -2 * k);
    const rs = scaledRoot(zs, bs);
    const rsLo = LOW[0]!;
    if (rs === 0) return 0.5;
    if (z >= 0) return (1 + ddDiv(zs, 0, rs, rsLo)) / 2;
    // ½(1 + z/r) = (b/2)/(r(r − z)), both factors positive
    const t = twoSum(rs, -zs);
    const d = ddMul(rs, rsLo, t, LOW[0]! + rsLo);
    return squareplusQuotient(b, bs, k, 2, -1, d, LOW[0]!);
  },
  d2f: (z, p) => {
    if (z === Infinity || z === -Infinity) return 0;
    // + 0: b = −0 (accepted, b ≥ 0) is b = 0, ReLU, whose zeros are +0 (an exact 0 carries no sign)
    const b = p.b + 0;
    const k = squareplusScale(z, b);
    const bs = scaleByPowerOfTwo(b, -2 * k);
    const rs = scaledRoot(scaleByPowerOfTwo(z, -k), bs);
    const rsLo = LOW[0]!;
    if (rs === 0 || b === 0) return 0;
    // (b/2)/r³
    const square = ddMul(rs, rsLo, rs, rsLo);
    const cube = ddMul(square, LOW[0]!, rs, rsLo);
    return squareplusQuotient(b, bs, k, 3, -1, cube, LOW[0]!);
  },
  kinks: (p) => (p.b === 0 ? [0] : []),
});

/** 1/(1 + |z|) with the rounding of 1 + |z| corrected. */
function inverseOnePlusAbs(a: number): number {
  const s = twoSum(1, a);
  return ddDiv(1, 0, s, LOW[0]!);
}

/** Softsign z/(1 + |z|): a rational squashing function with polynomial (not exponential) tails. */
export const softsign = defineElementwise({
  id: 'softsign',
  name: 'Softsign',
  family: 'smooth',
  aliases: ['soft_sign'],
  description: 'z/(1 + |z|): like tanh but approaching ±1 polynomially, so it saturates more gently.',
  formula: String.raw`\mathrm{Softsign}(z)=\frac{z}{1+|z|}`,
  derivativeFormula: String.raw`\mathrm{Softsign}'(z)=\frac{1}{(1+|z|)^2}`,
  reference: {
    citation: 'Glorot, Bengio (2010), Understanding the difficulty of training deep feedforward neural networks, AISTATS',
    url: 'https://proceedings.mlr.press/v9/glorot10a.html',
  },
  params: {},
  f: (z) => {
    const a = Math.abs(z);
    if (a === Infinity) return Math.sign(z);
    const s = twoSum(1, a);
    return ddDiv(z, 0, s, LOW[0]!);
  },
  df: (z) => {
    const q = inverseOnePlusAbs(Math.abs(z));
    return q * q;
  },
  d2f: (z) => {
    if (z === 0) return 0;
    const q = inverseOnePlusAbs(Math.abs(z));
    return (z > 0 ? -2 : 2) * q * q * q;
  },
  kinks: () => [0],
  kinkConvention: "f'' jumps from 2 to −2 at 0; actlab returns f''(0) = 0.",
});

