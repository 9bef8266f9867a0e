/**
 * Mish z·tanh(softplus z): rational in one exponential, summed in double-double, the
 * exponential applied last; Chebyshev expansions about the roots of Mish′ and Mish″.
 * @module
 */
import { ddAdd, ddDiv, ddMul, LOW, mulExp, twoProd, twoSum } from '../../math/dd.js';
import { mishCritical, mishSecondNegative, mishSecondPositive } from '../generated/critical.js';
import { defineElementwise } from '../types.js';
import { nearCritical, none } from './shared.js';

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
 * Mish″ for z ≤ 0, with e = e^z: S·s = 4e(1 + e)/D², T = e(2 + e)/D, s = e/(1 + e),
 * D = 2 + e(2 + e) (see {@link mish}'s f″).
 */
function mishSecondBelowZero(z: number): number {
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

/**
 * Mish″ for z > 0, with e = e^{−z}: S·s = 4e²(1 + e)/N², T = (1 + 2e)/N, 1 − s = e/(1 + e),
 * N = 1 + 2e + 2e²; bracket = 2 + z(e − 2T)/(1 + e).
 */
function mishSecondAboveZero(z: number): number {
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
}

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
    return z <= 0 ? mishSecondBelowZero(z) : mishSecondAboveZero(z);
  },
  kinks: none,
});
