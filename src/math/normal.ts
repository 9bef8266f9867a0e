/**
 * The standard normal distribution to the last bit: density φ, CDF Φ, upper tail Q and the
 * Mills ratio R = Q/φ.
 *
 * Textbook code computes Φ(z) = ½(1 + erf(z/√2)). Two things go wrong: for z < 0 the sum
 * 1 + erf cancels (all accuracy is gone below z ≈ −7.8), and rounding z/√2 perturbs the
 * argument of a function whose relative slope is ≈ z, costing up to z²·2⁻⁵³ relative error in
 * the tail. Here the tail is written Q(t) = e^{−t²/2}·R(t)/√(2π) with the Mills ratio R, a
 * smooth, slowly varying function tabulated as Chebyshev series (fitted with mpmath by
 * `tools/generate-coefficients.py`), and e^{−t²/2} is evaluated from the exact square t² so no
 * argument is ever rounded. The same split lets GELU and its derivatives multiply by the tiny
 * exponential last, so they stay accurate down to the subnormal range.
 *
 * @module
 */
import { LOW, mulByDD, twoProd } from './dd.js';
import { chebyshevSeries } from './chebyshev.js';
import { INV_SQRT_2PI_HI, INV_SQRT_2PI_LO } from './generated/constants.js';
import { MILLS_CHEBYSHEV, MILLS_EDGES } from './generated/mills-ratio.js';
import { NORMAL_CDF_CHEBYSHEV, NORMAL_CDF_SERIES_MAX_S } from './generated/normal-cdf-series.js';


const MILLS_LAST = MILLS_EDGES[MILLS_EDGES.length - 1] as number;

/**
 * Mills ratio R(t) = Q(t)/φ(t) = e^{t²/2} ∫ₜ^∞ e^{−s²/2} ds for t ≥ 0 (R(0) = √(π/2),
 * R(t) ~ 1/t). Relative error below one ULP.
 */
export function millsRatio(t: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t < 0) throw new RangeError(`millsRatio: t must be >= 0, got ${t}`);
  if (t <= MILLS_LAST) {
    let i = 0;
    while (t > (MILLS_EDGES[i + 1] as number)) i++;
    const a = MILLS_EDGES[i] as number;
    const b = MILLS_EDGES[i + 1] as number;
    return chebyshevSeries(MILLS_CHEBYSHEV[i] as readonly number[], (2 * t - a - b) / (b - a));
  }
  if (t === Infinity) return 0;
  // Asymptotic series R(t) = (1/t) Σ (−1)ⁿ (2n−1)!!/t²ⁿ; at t > 40 nine terms reach 2⁻⁶⁰.
  const u = 1 / (t * t);
  let sum = 0;
  let term = 1;
  for (let n = 1; n <= 9; n++) {
    sum += term;
    term *= -(2 * n - 1) * u;
  }
  return sum / t;
}

/**
 * e^{−t²/2} with t² formed exactly: t² = p + e, and e^{−(p+e)/2} = e^{−p/2}(1 − e/2).
 * Halving p is exact, so the only rounding is the exponential's own.
 */
export function expNegHalfSquare(t: number): number {
  const p = twoProd(t, t);
  const e = LOW[0]!;
  const base = Math.exp(-0.5 * p);
  return base - base * (0.5 * e);
}

/** Standard normal density φ(z) = e^{−z²/2}/√(2π). */
export function normalPdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return mulByDD(expNegHalfSquare(z), INV_SQRT_2PI_HI, INV_SQRT_2PI_LO);
}

/**
 * Upper tail Q(t) = 1 − Φ(t) = Φ(−t), accurate in relative terms for every t (it underflows
 * only where the true value does, near t ≈ 38.5).
 */
export function normalTail(t: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t < 0) return 1 - normalTail(-t);
  if (t * t <= NORMAL_CDF_SERIES_MAX_S) return 0.5 - t * normalCdfSeries(t * t);
  return expNegHalfSquare(t) * mulByDD(millsRatio(t), INV_SQRT_2PI_HI, INV_SQRT_2PI_LO);
}

/** Standard normal CDF Φ(z), accurate in relative terms for every z. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z * z <= NORMAL_CDF_SERIES_MAX_S) return 0.5 + z * normalCdfSeries(z * z);
  return z < 0 ? normalTail(-z) : 1 - normalTail(z);
}

/**
 * g(s) with Φ(z) = ½ + z·g(z²) for z² ≤ 4: the odd part of Φ, free of the cancellation in
 * 1 − Q(z) near z = 0.
 */
export function normalCdfSeries(s: number): number {
  return chebyshevSeries(NORMAL_CDF_CHEBYSHEV, s / 2 - 1);
}
