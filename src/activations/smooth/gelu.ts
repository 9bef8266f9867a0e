/**
 * Exact GELU z·Φ(z): the tail written with the Mills ratio, the Gaussian applied last, so
 * nothing cancels and deep-tail values stay exact down to the subnormal range.
 * @module
 */
import { LOW, mulExp, twoProd } from '../../math/dd.js';
import { INV_SQRT_2PI_HI, INV_SQRT_2PI_LO, SQRT2_HI, SQRT2_LO } from '../../math/generated/constants.js';
import { millsRatio, normalCdf, normalPdf } from '../../math/normal.js';
import { geluCritical } from '../generated/critical.js';
import { defineElementwise } from '../types.js';
import { nearCritical, none } from './shared.js';

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
