/**
 * The exact probability that a ReLU unit is dead over n samples, the numbers part 1 and part 2
 * print beside their counts (values far below the double range come out as logarithms).
 * @module
 */
import { normalTail } from '../../math/normal.js';
import { integratePanels } from '../../math/quadrature.js';

/** log Φ(x), accurate in both tails (−∞ only where Φ underflows, x < −38.5). */
export function logNormalCdf(x: number): number {
  return x < 0 ? Math.log(normalTail(-x)) : Math.log1p(-normalTail(x));
}

/** log Γ(k/2) for a positive integer k, by the recurrence from Γ(1) = 1 or Γ(½) = √π. */
function logGammaHalf(k: number): number {
  let value = k % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  for (let m = k % 2 === 0 ? 1 : 0.5; m < k / 2; m += 1) value += Math.log(m);
  return value;
}

/**
 * log₁₀ P(a ReLU unit is dead over n samples) for pre-activations x·w + b with x ~ N(0, I_k)
 * (fresh per sample) and w ~ N(0, (c)·I_k), c = weightVariance: given w the n pre-activations are
 * i.i.d. N(b, ‖w‖²), so P = E[Φ(−b/‖w‖)^n] with ‖w‖² = c·S, S ~ χ²_k. Integrated over
 * u = ln S (so the s^{k/2−1} behaviour at 0 and the long right tail are both smooth), in log
 * space: the integrand is scaled by its maximum, so results far below the double range
 * (e.g. 1e−400 for b = +1) come out as their logarithm.
 */
export function log10DeadProbability(bias: number, samples: number, k: number, weightVariance: number): number {
  const logNorm = (k / 2) * Math.LN2 + logGammaHalf(k);
  const logIntegrand = (u: number): number => {
    const s = Math.exp(u);
    const sigma = Math.sqrt(weightVariance * s);
    // χ²_k density times the Jacobian ds = s du.
    const logDensity = (k / 2) * u - s / 2 - logNorm;
    const logPhi = logNormalCdf(-bias / sigma);
    return logDensity + (logPhi === 0 ? 0 : samples * logPhi);
  };
  const lo = Math.log(1e-12);
  const hi = Math.log(Math.max(1e4, 40 * k));
  let max = -Infinity;
  for (let u = lo; u <= hi; u += 0.01) max = Math.max(max, logIntegrand(u));
  if (max === -Infinity) return -Infinity;
  const edges: number[] = [];
  for (let u = lo; u < hi; u += 0.05) edges.push(u);
  edges.push(hi);
  const integral = integratePanels((u) => Math.exp(logIntegrand(u) - max), edges);
  return (max + Math.log(integral)) / Math.LN10;
}

/** 10^l as "m.mme−NNN" for any l (values far outside the double range included). */
export function formatLog10(l: number, digits = 2): string {
  if (l === -Infinity) return '0';
  if (!Number.isFinite(l)) return String(10 ** l);
  let exponent = Math.floor(l);
  let mantissa = 10 ** (l - exponent);
  if (Number(mantissa.toFixed(digits)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa.toFixed(digits)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
