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
import { ddDiv, LOW, mulExp, mulKnownExp, twoSum } from './dd.js';
import { LN2_HI, LN2_LO } from './generated/constants.js';

/**
 * e^{−|u|} for u = uHi + uLo, with the low part applied to first order. Leaves the exponential
 * before that correction, e^{−|uHi|}, in `LOW[1]` (see the convention in `dd.ts`): callers that
 * multiply by the exponential last ({@link mulKnownExp}) need it.
 */
export function expNegAbs(uHi: number, uLo: number): number {
  const base = Math.exp(-Math.abs(uHi));
  LOW[1] = base;
  if (uLo === 0) return base;
  return uHi >= 0 ? base - base * uLo : base + base * uLo;
}

/** σ(u) = 1/(1 + e^{−u}). */
export function logistic(uHi: number, uLo = 0): number {
  if (uHi >= 0) return 1 / (1 + expNegAbs(uHi, uLo));
  // σ(u) = e^u/(1 + e^u); multiply by the exponential last so a subnormal result is exact.
  const e = expNegAbs(uHi, uLo);
  const base = LOW[1]!;
  const q = reciprocalOnePlus(e);
  return mulKnownExp(q, base, uHi, uLo, LOW[0]!);
}

/**
 * softplus(u) = log(1 + e^u), exact and monotone bit for bit: near 0 it is
 * log 2 + u/2 + log1p(2·sinh²(u/4)) summed in double-double (log1p(e^u) there is within an ULP
 * but not monotone in its last bit); elsewhere max(u, 0) + log1p(e^{−|u|}), and e^u itself once
 * log1p(e^u) = e^u to double precision.
 */
export function softplusOf(uHi: number, uLo = 0): number {
  if (uHi === Infinity) return Infinity;
  if (Math.abs(uHi) < 1) {
    const s = Math.sinh(0.25 * uHi);
    const tail = Math.log1p(2 * s * s) + LN2_LO + 0.5 * uLo;
    const head = twoSum(LN2_HI, 0.5 * uHi);
    return head + (LOW[0]! + tail);
  }
  const e = expNegAbs(uHi, uLo);
  if (uHi > 0) return uHi + (uLo + Math.log1p(e));
  if (uHi < -690) return mulExp(1, uHi, uLo);
  return Math.log1p(e);
}

/**
 * 1 − e^{−(a + δ)} as a double-double (high part returned, low part in `LOW[0]`),
 * given a ≥ 0, the low part δ of the argument and e = e^{−(a+δ)}: expm1 below a = 1, where
 * 1 − e would cancel; above, the exact difference 1 − e, whose only error is e's own (far
 * smaller than expm1's once e < 1/e).
 */
export function oneMinusExpNegAbs(a: number, delta: number, e: number): number {
  if (a < 1) {
    LOW[0] = 0;
    return -Math.expm1(-a) + e * delta;
  }
  return twoSum(1, -e);
}

/** 1/(1 + e) for 0 ≤ e ≤ 1 as a double-double (high part returned, low part in `LOW[0]`). */
export function reciprocalOnePlus(e: number): number {
  const onePlus = 1 + e;
  return ddDiv(1, 0, onePlus, e - (onePlus - 1));
}

/** z/(1 + e) for 0 ≤ e ≤ 1 as a double-double (high part returned, low part in `LOW[0]`). */
export function quotientOnePlus(z: number, e: number): number {
  const onePlus = 1 + e;
  return ddDiv(z, 0, onePlus, e - (onePlus - 1));
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

/**
 * σ′(u) = σ(u)(1 − σ(u)) = e/(1 + e)² with e = e^{−|u|}; near 0 it is ¼(1 − tanh²(u/2)), which
 * rounds to exactly ¼ there instead of a hair above it (σ′ ≤ ¼ must hold bit for bit).
 */
export function logisticDerivative(uHi: number, uLo = 0): number {
  if (Math.abs(uHi) < 0.5) {
    const t = Math.tanh(0.5 * uHi);
    return 0.25 - 0.25 * (t * t);
  }
  const e = expNegAbs(uHi, uLo);
  return mulKnownExp(inversePowerOfOnePlus(e, 2), LOW[1]!, -Math.abs(uHi), uHi >= 0 ? -uLo : uLo);
}

/**
 * tanh″(z) = −2·tanh z·sech²z = 8σ″(2z). Below |z| = 1e−9 it is −2z to double precision, and
 * returned as such: 8σ″(2z) would scale up σ″'s rounding into the subnormal range.
 */
export function tanhSecond(z: number): number {
  return Math.abs(z) < 1e-9 ? -2 * z : 8 * logisticSecond(2 * z);
}

/** σ″(u) = σ′(u)(1 − 2σ(u)) = −sign(u)·e(1 − e)/(1 + e)³ with e = e^{−|u|}. */
export function logisticSecond(uHi: number, uLo = 0): number {
  if (uHi === 0 && uLo === 0) return 0;
  const a = Math.abs(uHi);
  if (a === Infinity) return uHi > 0 ? -0 : 0;
  const e = expNegAbs(uHi, uLo);
  const base = LOW[1]!;
  // 1 − e, accurate where e → 1; the low part of u moves it by e·δ to first order.
  const delta = uHi >= 0 ? uLo : -uLo;
  const oneMinus = -Math.expm1(-a) + e * delta;
  const magnitude = mulKnownExp(oneMinus * inversePowerOfOnePlus(e, 3), base, -a, uHi >= 0 ? -uLo : uLo);
  return uHi > 0 ? -magnitude : magnitude;
}
