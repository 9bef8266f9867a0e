/**
 * The logistic function σ(u) = 1/(1 + e^{−u}) and its first two derivatives, evaluated so that
 * the relative error stays within a few ULPs for every u, including deep in both tails.
 *
 * Each takes the argument as a double-double `uHi + uLo`: callers that form u = β·z pass the
 * exact product (see {@link twoProd}) so that no rounding of u reaches the exponential. With
 * e = e^{−|u|} ≤ 1 every formula below is a ratio of positive terms, so nothing cancels:
 * σ(u) = 1/(1+e) for u ≥ 0 and e/(1+e) for u < 0; σ′(u) = e/(1+e)²;
 * σ″(u) = −sign(u)·e·(1−e)/(1+e)³ with 1 − e = −expm1(−|u|) exact near u = 0.
 *
 * @module
 */
import { divideByDD, lo, mulExp } from './dd.js';

/** e^{−|u|} for u = uHi + uLo, with the low part applied to first order. */
export function expNegAbs(uHi: number, uLo: number): number {
  const base = Math.exp(-Math.abs(uHi));
  if (uLo === 0) return base;
  return uHi >= 0 ? base - base * uLo : base + base * uLo;
}

/** σ(u) = 1/(1 + e^{−u}). */
export function logistic(uHi: number, uLo = 0): number {
  if (uHi >= 0) return 1 / (1 + expNegAbs(uHi, uLo));
  // σ(u) = e^u/(1 + e^u); multiply by the exponential last so a subnormal result is exact.
  const e = expNegAbs(uHi, uLo);
  const q = reciprocalOnePlus(e);
  return mulExp(q, uHi, uLo, lo);
}

/** 1/(1 + e) for 0 ≤ e ≤ 1 as a double-double (high part returned, low part in `lo`). */
export function reciprocalOnePlus(e: number): number {
  const onePlus = 1 + e;
  return divideByDD(1, onePlus, e - (onePlus - 1));
}

/** z/(1 + e) for 0 ≤ e ≤ 1 as a double-double (high part returned, low part in `lo`). */
export function quotientOnePlus(z: number, e: number): number {
  const onePlus = 1 + e;
  return divideByDD(z, onePlus, e - (onePlus - 1));
}

/**
 * 1/(1 + e)ⁿ for 0 ≤ e ≤ 1 and n = 2 or 3, with the rounding of 1 + e removed to first order
 * (it would otherwise enter n times).
 */
export function inversePowerOfOnePlus(e: number, n: 2 | 3): number {
  const onePlus = 1 + e;
  const onePlusLo = e - (onePlus - 1);
  const q = n === 2 ? 1 / (onePlus * onePlus) : 1 / (onePlus * onePlus * onePlus);
  return q - n * q * (onePlusLo / onePlus);
}

/** σ′(u) = σ(u)(1 − σ(u)) = e/(1 + e)² with e = e^{−|u|}. */
export function logisticDerivative(uHi: number, uLo = 0): number {
  const e = expNegAbs(uHi, uLo);
  return mulExp(inversePowerOfOnePlus(e, 2), -Math.abs(uHi), uHi >= 0 ? -uLo : uLo);
}

/** σ″(u) = σ′(u)(1 − 2σ(u)) = −sign(u)·e(1 − e)/(1 + e)³ with e = e^{−|u|}. */
export function logisticSecond(uHi: number, uLo = 0): number {
  if (uHi === 0 && uLo === 0) return 0;
  const a = Math.abs(uHi);
  if (a === Infinity) return uHi > 0 ? -0 : 0;
  const e = expNegAbs(uHi, uLo);
  // 1 − e, accurate where e → 1; the low part of u moves it by e·δ to first order.
  const delta = uHi >= 0 ? uLo : -uLo;
  const oneMinus = -Math.expm1(-a) + e * delta;
  const magnitude = mulExp(oneMinus * inversePowerOfOnePlus(e, 3), -a, uHi >= 0 ? -uLo : uLo);
  return uHi > 0 ? -magnitude : magnitude;
}
