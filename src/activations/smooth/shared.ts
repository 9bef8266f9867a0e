/**
 * What the smooth activations share: the distance to a root of f′ or f″ to the last bit, the
 * Chebyshev expansion about such a root, and β·m·e^{−x} for β far from 1.
 * @module
 */
import { chebyshevSeries } from '../../math/chebyshev.js';
import { exponentOf, LOW, mulExpScaled, mulKnownExp, scaleByPowerOfTwo, twoProd, twoSum } from '../../math/dd.js';
import { expNegAbs, quotientOnePlus } from '../../math/logistic.js';
import type { CriticalExpansion } from '../generated/critical.js';

/** The kinks of a smooth activation: none. */
export const none = () => [] as const;

/**
 * (zHi + zLo) − (rHi + rLo) to the last bit. zHi − rHi is exact (Sterbenz) next to the root,
 * and there it nearly cancels the low parts' difference: that difference is formed exactly
 * (twoSum) and its rounding added last, or it would cost up to ~70 ULP of d
 * (swish′ at β = 1.5 next to its root).
 */
export function distanceTo(zHi: number, zLo: number, rHi: number, rLo: number, rLo2 = 0): number {
  const t = twoSum(zLo, -rLo);
  const tLo = LOW[0]! - rLo2;
  return zHi - rHi + t + tLo;
}

/** g(z) = d·P(d) about the root z* of g = f′ or f″ when |d| = |z − z*| is inside the window. */
export function nearCritical(table: CriticalExpansion, z: number, zLo = 0, rootLo2 = 0): number | undefined {
  const d = distanceTo(z, zLo, table.zHi, table.zLo, rootLo2);
  if (Math.abs(d) > table.halfWidth) return undefined;
  return d * chebyshevSeries(table.chebyshev, d / table.halfWidth);
}

/**
 * β·m·e^{−(a + δ)} given base = e^{−a}: for β far from 1 (1e300, 5e−324) β's exponent moves
 * into the exponential's argument, so β·m cannot overflow while the exponential underflows
 * (swish″ at β = 1e155, z = 1 would otherwise be ∞·0).
 */
export function timesBetaExp(beta: number, m: number, base: number, a: number, delta: number): number {
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

/**
 * z·σ(u) for u = uHi + uLo, rounded once: z/(1 + e^{−u}) for u ≥ 0 and, with the exponential
 * applied last, e^u·z/(1 + e^u) below (Swish at u = βz, GELU-tanh at its v).
 */
export function timesLogistic(z: number, uHi: number, uLo: number): number {
  const e = expNegAbs(uHi, uLo);
  const base = LOW[1]!;
  const q = quotientOnePlus(z, e);
  const value = uHi >= 0 ? q + LOW[0]! : mulKnownExp(q, base, uHi, uLo, LOW[0]!);
  // an underflowed result keeps the sign of z (z = −5e−324 with β = ½: u rounds to −0)
  return value === 0 ? z * 0 : value;
}
