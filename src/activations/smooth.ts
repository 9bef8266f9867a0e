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
 *   with P a Chebyshev series fitted about the root z* (tools/generate-coefficients.py).
 * @module
 */
import { chebyshevSeries } from '../math/chebyshev.js';
import { ddDivide, lo, mulByDD, mulExp, twoProd, twoSum } from '../math/dd.js';
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
import { expNegAbs, inversePowerOfOnePlus, logistic, logisticDerivative } from '../math/logistic.js';
import { millsRatio, normalCdf, normalPdf, normalTail } from '../math/normal.js';
import { geluCritical, geluTanhCritical, mishCritical, type CriticalExpansion } from './generated/critical.js';
import { defineElementwise } from './types.js';

const none = () => [] as const;

/** f′(z) = d·P(d) about the root z* when |d| = |z − z*| is inside the expansion's window. */
function nearCritical(table: CriticalExpansion, z: number): number | undefined {
  const d = z - table.zHi - table.zLo;
  if (Math.abs(d) > table.halfWidth) return undefined;
  return d * chebyshevSeries(table.chebyshev, d / table.halfWidth);
}

// ───────────────────────────── Swish / SiLU ─────────────────────────────

/** σ(u)(1 + u(1 − σ(u))) = swish′ as a function of u = βz, given u = uHi + uLo. */
function swishSlope(uHi: number, uLo: number): number {
  if (uHi >= 0) {
    const e = expNegAbs(uHi, uLo);
    return (1 + e * (1 + uHi)) * inversePowerOfOnePlus(e, 2);
  }
  // For u < 0: swish′ = e^u·h(u)/(1 + e^u)² with h(u) = 1 + u + e^u, zero at u*. Writing
  // d = u − u* and c = e^{u*} = −(1 + u*) gives h = d + c·expm1(d): both terms share the sign
  // of d, so nothing cancels anywhere — no series needed.
  const d = uHi - SWISH_CRITICAL_HI + (uLo - SWISH_CRITICAL_LO);
  const m = Math.expm1(d);
  const h = d + (SWISH_CRITICAL_EXP_HI * m + SWISH_CRITICAL_EXP_LO * m);
  const e = expNegAbs(uHi, uLo);
  return mulExp(h * inversePowerOfOnePlus(e, 2), uHi, uLo);
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
    const uHi = twoProd(p.beta as number, z);
    const uLo = lo;
    const e = expNegAbs(uHi, uLo);
    return uHi >= 0 ? z / (1 + e) : mulExp(z / (1 + e), uHi, uLo);
  },
  df: (z, p) => {
    if (z === Infinity) return 1;
    if (z === -Infinity) return -0;
    const uHi = twoProd(p.beta as number, z);
    return swishSlope(uHi, lo);
  },
  d2f: (z, p) => {
    // β·σ′(u)·(2 − u·tanh(u/2)) = β·e(2(1 + e) − |u|(1 − e))/(1 + e)³, e = e^{−|u|}; even in u.
    const beta = p.beta as number;
    const uHi = twoProd(beta, z);
    const uLo = lo;
    const a = Math.abs(uHi);
    if (a === Infinity) return 0;
    const delta = uHi >= 0 ? uLo : -uLo;
    const e = expNegAbs(uHi, uLo);
    const oneMinus = -Math.expm1(-a) + e * delta;
    const bracket = 2 * (1 + e) - (a + delta) * oneMinus;
    return beta * mulExp(bracket * inversePowerOfOnePlus(e, 3), -a, -delta);
  },
  kinks: none,
});

// ───────────────────────────── GELU (exact) ─────────────────────────────

/** Beyond |z| = 40 every GELU quantity is its limit to double precision (φ(40) ≈ 1.5e−348). */
const GELU_FLAT = 40;

/** m·φ(t)·√(2π) = m·e^{−t²/2} with t² formed exactly and the exponential applied last. */
function timesGaussian(m: number, t: number): number {
  const p = twoProd(t, t);
  return mulExp(m, -0.5 * p, -0.5 * lo);
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
    return timesGaussian(-t * mulByDD(millsRatio(t), INV_SQRT_2PI_HI, INV_SQRT_2PI_LO), t);
  },
  df: (z) => {
    if (z > GELU_FLAT) return 1;
    if (z < -GELU_FLAT) return -0;
    const near = nearCritical(geluCritical, z);
    if (near !== undefined) return near;
    if (z >= 0) return normalCdf(z) + z * normalPdf(z);
    // Φ(−t) − tφ(t) = φ(t)·(R(t) − t): away from the root the difference is benign.
    const t = -z;
    return timesGaussian(mulByDD(millsRatio(t) - t, INV_SQRT_2PI_HI, INV_SQRT_2PI_LO), t);
  },
  d2f: (z) => {
    // φ(z)·(2 − z²) with 2 − z² = (√2 − |z|)(√2 + |z|), exact next to its roots ±√2.
    const a = Math.abs(z);
    if (a > GELU_FLAT) return -0;
    const factor = (SQRT2_HI - a + SQRT2_LO) * (SQRT2_HI + a + SQRT2_LO);
    return timesGaussian(mulByDD(factor, INV_SQRT_2PI_HI, INV_SQRT_2PI_LO), a);
  },
  kinks: none,
});

// ───────────────────────────── GELU (tanh approximation) ─────────────────────────────

const TWO_K_HI = 2 * SQRT_2_OVER_PI_HI;
const TWO_K_LO = 2 * SQRT_2_OVER_PI_LO;
/** Low part of the last {@link geluTanhArgument}. */
let argumentLo = 0;

/**
 * v = 2√(2/π)(z + 0.044715z³) as a double-double (high part returned, low part in
 * `argumentLo`), so that GELU-tanh = z·σ(v) keeps every bit where e^v is tiny.
 */
function geluTanhArgument(z: number): number {
  const z2 = twoProd(z, z);
  const z2Lo = lo;
  const z3 = twoProd(z, z2);
  const z3Lo = lo + z * z2Lo;
  const cubic = twoProd(GELU_TANH_CUBIC_HI, z3);
  const cubicLo = lo + GELU_TANH_CUBIC_HI * z3Lo + GELU_TANH_CUBIC_LO * z3;
  const sum = twoSum(z, cubic);
  const sumLo = lo + cubicLo;
  const v = twoProd(TWO_K_HI, sum);
  argumentLo = lo + TWO_K_HI * sumLo + TWO_K_LO * sum;
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
  description: "Hendrycks & Gimpel's tanh approximation of GELU (max |error| 4.7e−4 near |z| = 2.7), used by the original BERT and GPT-2 code; the chapter's 'GELU' in its FFN experiment is this one.",
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
    // ½z(1 + tanh(v/2)) = z·σ(v): the sum 1 + tanh cancels for z < 0, σ does not.
    const v = geluTanhArgument(z);
    const vLo = argumentLo;
    const e = expNegAbs(v, vLo);
    return v >= 0 ? z / (1 + e) : mulExp(z / (1 + e), v, vLo);
  },
  df: (z) => {
    if (z > GELU_TANH_FLAT) return 1;
    if (z < -GELU_TANH_FLAT) return -0;
    const near = nearCritical(geluTanhCritical, z);
    if (near !== undefined) return near;
    const v = geluTanhArgument(z);
    const vLo = argumentLo;
    const e = expNegAbs(v, vLo);
    // f′ = σ(v) + z·v′·σ′(v), v′ = 2√(2/π)(1 + 3·0.044715·z²).
    if (v >= 0) {
      const slope = z * (TWO_K_HI * (1 + 3 * GELU_TANH_CUBIC_HI * z * z));
      return (1 + e + slope * e) * inversePowerOfOnePlus(e, 2);
    }
    // z < 0: f′ = e^v·(1 + e^v + z·v′)/(1 + e^v)²; the bracket is summed in double-double.
    const z2 = twoProd(z, z);
    const z2Lo = lo;
    const az2 = twoProd(GELU_TANH_CUBIC_HI, z2);
    const az2Lo = lo + GELU_TANH_CUBIC_HI * z2Lo + GELU_TANH_CUBIC_LO * z2;
    const threeAz2 = twoProd(3, az2);
    const threeAz2Lo = lo + 3 * az2Lo;
    const w = twoSum(1, threeAz2);
    const wLo = lo + threeAz2Lo;
    const kw = twoProd(TWO_K_HI, w);
    const kwLo = lo + TWO_K_HI * wLo + TWO_K_LO * w;
    const m = twoProd(z, kw);
    const mLo = lo + z * kwLo;
    const s1 = twoSum(1, e);
    const s1Lo = lo;
    const s2 = twoSum(s1, m);
    const bracket = s2 + (lo + s1Lo + mLo);
    return mulExp(bracket * inversePowerOfOnePlus(e, 2), v, vLo);
  },
  d2f: (z) => {
    if (Math.abs(z) > GELU_TANH_FLAT) return z > 0 ? 0 : -0;
    // f″ = σ′(v)·(2v′ − z·v′²·tanh(v/2) + z·v″), v″ = 12√(2/π)·0.044715·z.
    const v = geluTanhArgument(z);
    const vLo = argumentLo;
    const a = Math.abs(v);
    const e = expNegAbs(v, vLo);
    const tanhHalf = (v >= 0 ? -Math.expm1(-a) : Math.expm1(-a)) / (1 + e);
    const vp = TWO_K_HI * (1 + 3 * GELU_TANH_CUBIC_HI * z * z);
    const vpp = TWO_K_HI * 6 * GELU_TANH_CUBIC_HI * z;
    const bracket = 2 * vp - z * vp * vp * tanhHalf + z * vpp;
    return mulExp(bracket * inversePowerOfOnePlus(e, 2), -a, v >= 0 ? -vLo : vLo);
  },
  kinks: none,
});
