/**
 * The error function and its complement, read off the normal distribution of `normal.ts`
 * (accurate in relative terms everywhere): erf(x) = 2Φ(x√2) − 1 and erfc(x) = 2Q(x√2). The
 * argument t = x√2 is formed as a double-double, and its low part enters to first order
 * (Q(t + δ) = Q(t) − φ(t)δ), so rounding x√2 does not cost x²·2⁻⁵³ in the tail.
 * @module
 */
import { LOW, twoProd } from './dd.js';
import { NORMAL_CDF_SERIES_MAX_S } from './generated/normal-cdf-series.js';
import { normalCdf, normalCdfSeries, normalPdf, normalTail } from './normal.js';

const SQRT2_HI = Math.SQRT2;
// √2 − SQRT2_HI
const SQRT2_LO = -9.667293313452913e-17;
/** 2/√π rounded. */
export const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erfc(x) = 1 − erf(x), accurate in relative terms down to where it underflows (x ≈ 27.2). */
export function erfc(x: number): number {
  if (x !== x) return x;
  // erfc(28) < 2⁻¹⁰⁷⁵ and erf(28) = 1 in doubles (also keeps x√2 from overflowing)
  if (Math.abs(x) > 28) return x > 0 ? 0 : 2;
  const tHi = twoProd(x, SQRT2_HI);
  const tLo = LOW[0]! + x * SQRT2_LO;
  if (tHi >= 0) return 2 * (normalTail(tHi) - normalPdf(tHi) * tLo);
  return 2 * (normalCdf(-tHi) - normalPdf(tHi) * tLo);
}

/** erf(x), accurate in relative terms for every x (odd; erf(±0) = ±0). */
export function erf(x: number): number {
  if (x !== x || x === 0) return x;
  if (Math.abs(x) > 28) return x > 0 ? 1 : -1;
  const tHi = twoProd(x, SQRT2_HI);
  const tLo = LOW[0]! + x * SQRT2_LO;
  if (tHi * tHi <= NORMAL_CDF_SERIES_MAX_S) {
    // 2Φ(t) − 1 = 2t·g(t²): no cancellation near 0
    return 2 * (tHi + tLo) * normalCdfSeries(tHi * tHi);
  }
  // |t| > 2: erfc(|x|) < 0.05, so 1 − erfc keeps its accuracy
  // Q(|t|) with |t| = |tHi| ± tLo
  const tail = 2 * (normalTail(Math.abs(tHi)) - normalPdf(tHi) * (x > 0 ? tLo : -tLo));
  return x > 0 ? 1 - tail : tail - 1;
}

/** e^{−x²} with x² formed exactly (x² = p + e, e^{−p−e} = e^{−p}(1 − e)). */
export function expNegSquare(x: number): number {
  const p = twoProd(x, x);
  // beyond |x| ≈ 27.3 the value underflows (and the low part of an overflowed square is NaN)
  if (p > 746) return 0;
  const e = LOW[0]!;
  const base = Math.exp(-p);
  return base - base * e;
}
