/**
 * Shrinkage functions: Tanhshrink, Softshrink and Hardshrink (sparse coding, denoising).
 * Derivative at ±λ: 0, as PyTorch.
 * @module
 */
import { chebyshevSeries } from '../math/chebyshev.js';
import { ddDiv, LOW, twoProd, twoSum } from '../math/dd.js';
import { TANHSHRINK_CHEBYSHEV, TANHSHRINK_SERIES_MAX_S } from '../math/generated/tanhshrink.js';
import { reciprocalOnePlus, tanhSecond } from '../math/logistic.js';
import { defineElementwise } from './types.js';

const zero = () => 0;
const lambdaSpec = { default: 0.5, min: 0, description: 'λ: half-width of the zeroed band' };

/**
 * z − tanh z. Near 0 the difference cancels (it is z³/3 − …), so for |z| ≤ 1 it is
 * z³·g(z²) with g a Chebyshev series; beyond, (|z| − 1) + 2e/(1 + e) with e = e^{−2|z|},
 * where |z| − 1 is exact on [1, 2] and the second term dominates.
 */
export const tanhshrink = defineElementwise({
  id: 'tanhshrink',
  name: 'Tanhshrink',
  family: 'shrink',
  aliases: ['tanh_shrink'],
  description: 'z − tanh z: near zero for small inputs (≈ z³/3), ≈ z ∓ 1 for large ones.',
  formula: String.raw`\mathrm{Tanhshrink}(z)=z-\tanh z`,
  derivativeFormula: String.raw`\mathrm{Tanhshrink}'(z)=\tanh^2 z`,
  reference: {
    citation: 'PyTorch documentation, torch.nn.Tanhshrink',
    url: 'https://pytorch.org/docs/stable/generated/torch.nn.Tanhshrink.html',
  },
  params: {},
  f: (z) => {
    const a = Math.abs(z);
    if (a === Infinity) return z;
    const sq = twoProd(z, z);
    const sqLo = LOW[0]!;
    if (sq <= TANHSHRINK_SERIES_MAX_S) {
      const g = chebyshevSeries(TANHSHRINK_CHEBYSHEV, (2 * sq - TANHSHRINK_SERIES_MAX_S) / TANHSHRINK_SERIES_MAX_S);
      const cube = twoProd(sq, g);
      const cubeLo = LOW[0]! + sqLo * g;
      const result = twoProd(z, cube);
      const value = result + (LOW[0]! + z * cubeLo);
      // z³/3 underflows below |z| ≈ 1e−108 and keeps the sign of z (f(−0) = −0)
      return value === 0 ? z * 0 : value;
    }
    const e = Math.exp(-2 * a);
    const m = a - 1 + 2 * e * reciprocalOnePlus(e);
    return z < 0 ? -m : m;
  },
  df: (z) => {
    // tanh²z = m²/(2 + m)² with m = expm1(−2|z|); the denominator is kept as a double-double.
    const a = Math.abs(z);
    if (a === Infinity) return 1;
    const m = Math.expm1(-2 * a);
    const d = twoSum(2, m);
    const dLo = LOW[0]!;
    const m2 = twoProd(m, m);
    const m2Lo = LOW[0]!;
    const d2 = twoProd(d, d);
    return ddDiv(m2, m2Lo, d2, LOW[0]! + 2 * d * dLo);
  },
  d2f: (z) => -tanhSecond(z),
  kinks: () => [],
});


/** Soft thresholding: shrink toward 0 by λ, zero inside [−λ, λ]. */
export const softshrink = defineElementwise({
  id: 'softshrink',
  name: 'Softshrink',
  family: 'shrink',
  aliases: ['soft_shrink'],
  description: 'Soft thresholding (the proximal map of λ|z|): z − λ above λ, z + λ below −λ, 0 between.',
  formula: String.raw`\mathrm{Softshrink}(z)=\begin{cases}z-\lambda & z>\lambda\\ z+\lambda & z<-\lambda\\ 0 & \text{otherwise}\end{cases}`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}1 & |z|>\lambda\\ 0 & \text{otherwise}\end{cases}`,
  reference: {
    citation: 'Donoho (1995), De-noising by soft-thresholding, IEEE Transactions on Information Theory 41(3)',
    url: 'https://doi.org/10.1109/18.382009',
  },
  params: { lambda: lambdaSpec },
  f: (z, p) => {
    const l = p.lambda;
    return z > l ? z - l : z < -l ? z + l : 0;
  },
  df: (z, p) => (Math.abs(z) > p.lambda ? 1 : 0),
  d2f: zero,
  kinks: (p) => [-p.lambda, p.lambda],
  kinkConvention: "f'(±λ) = 0, as PyTorch.",
});

/** Hard thresholding: keep z outside [−λ, λ], zero inside. */
export const hardshrink = defineElementwise({
  id: 'hardshrink',
  name: 'Hardshrink',
  family: 'shrink',
  aliases: ['hard_shrink'],
  description: 'Hard thresholding: z where |z| > λ, else 0 (discontinuous at ±λ).',
  formula: String.raw`\mathrm{Hardshrink}(z)=\begin{cases}z & |z|>\lambda\\ 0 & \text{otherwise}\end{cases}`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}1 & |z|>\lambda\\ 0 & \text{otherwise}\end{cases}`,
  reference: {
    citation: 'PyTorch documentation, torch.nn.Hardshrink',
    url: 'https://pytorch.org/docs/stable/generated/torch.nn.Hardshrink.html',
  },
  params: { lambda: lambdaSpec },
  f: (z, p) => (Math.abs(z) > p.lambda ? z : 0),
  df: (z, p) => (Math.abs(z) > p.lambda ? 1 : 0),
  d2f: zero,
  kinks: (p) => [-p.lambda, p.lambda],
  kinkConvention: "f'(±λ) = 0, as PyTorch.",
});
