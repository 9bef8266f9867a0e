/**
 * Swish z·σ(βz) (SiLU at β = 1). Swish′ has a closed form free of cancellation on both sides of
 * its root; Swish″ uses a Chebyshev expansion about each of its two roots.
 * @module
 */
import { ddDiv, LOW, mulKnownExp, twoProd, twoSum } from '../../math/dd.js';
import { SWISH_CRITICAL_EXP_HI, SWISH_CRITICAL_EXP_LO, SWISH_CRITICAL_HI, SWISH_CRITICAL_LO } from '../../math/generated/constants.js';
import { expNegAbs, inversePowerOfOnePlus, oneMinusExpNegAbs } from '../../math/logistic.js';
import { swishSecondNegative, swishSecondPositive } from '../generated/critical.js';
import { defineElementwise } from '../types.js';
import { distanceTo, nearCritical, none, timesBetaExp, timesLogistic } from './shared.js';

/**
 * Third parts of the roots in u = βz (mpmath, 80 digits: root − hi − lo), for inputs given
 * as double-doubles: u = βz is exact to 106 bits, so u − u* can be far smaller than the
 * 2⁻¹⁰⁷ error of a double-double u* (at β = 1.5 next to swish′'s root it cost 11 ULP).
 */
const SWISH_CRITICAL_LO2 = -3.907766676128665e-33;
const SWISH_SECOND_ROOT_LO2 = 1.0808311685947344e-33;

/** σ(u)(1 + u(1 − σ(u))) = swish′ as a function of u = βz, given u = uHi + uLo. */
function swishSlope(uHi: number, uLo: number): number {
  if (uHi === Infinity) return 1;
  if (uHi === -Infinity) return -0;
  if (uHi >= -0.5) {
    // (1 + e′(1 + u))/(1 + e′)² with e′ = e^{−u}: positive terms only while u > −1.
    const e = Math.exp(-uHi) * (1 - uLo);
    const onePlus = twoSum(1, e);
    const onePlusLo = LOW[0]!;
    const numerator = twoSum(1, e * (1 + uHi));
    const numeratorLo = LOW[0]!;
    const square = twoProd(onePlus, onePlus);
    return ddDiv(numerator, numeratorLo, square, LOW[0]! + 2 * onePlus * onePlusLo);
  }
  // For u < 0: swish′ = e^u·h(u)/(1 + e^u)² with h(u) = 1 + u + e^u, zero at u*. Writing
  // d = u − u* and c = e^{u*} = −(1 + u*) gives h = d + c·expm1(d): both terms share the sign
  // of d, so nothing cancels anywhere — no series needed.
  const d = distanceTo(uHi, uLo, SWISH_CRITICAL_HI, SWISH_CRITICAL_LO, SWISH_CRITICAL_LO2);
  const m = Math.expm1(d);
  const h = d + (SWISH_CRITICAL_EXP_HI * m + SWISH_CRITICAL_EXP_LO * m);
  const e = expNegAbs(uHi, uLo);
  return mulKnownExp(h * inversePowerOfOnePlus(e, 2), LOW[1]!, uHi, uLo);
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
    if (z === 0) return z;
    const uHi = twoProd(p.beta, z);
    return timesLogistic(z, uHi, LOW[0]!);
  },
  df: (z, p) => {
    if (z === Infinity) return 1;
    if (z === -Infinity) return -0;
    const uHi = twoProd(p.beta, z);
    return swishSlope(uHi, LOW[0]!);
  },
  d2f: (z, p) => {
    // β·σ′(u)·(2 − u·tanh(u/2)) = β·e(2(1 + e) − |u|(1 − e))/(1 + e)³, e = e^{−|u|}; even in u.
    const beta = p.beta;
    const uHi = twoProd(beta, z);
    const uLo = LOW[0]!;
    const a = Math.abs(uHi);
    // the limit: −β|u|e^{−|u|} → −0 from below
    if (a === Infinity) return -0;
    const near = uHi < 0
      ? nearCritical(swishSecondNegative, uHi, uLo, -SWISH_SECOND_ROOT_LO2)
      : nearCritical(swishSecondPositive, uHi, uLo, SWISH_SECOND_ROOT_LO2);
    if (near !== undefined) {
      const scaled = twoProd(beta, near);
      return scaled + LOW[0]!;
    }
    const delta = uHi >= 0 ? uLo : -uLo;
    const e = expNegAbs(uHi, uLo);
    const base = LOW[1]!;
    const oneMinus = oneMinusExpNegAbs(a, delta, e);
    const oneMinusLow = LOW[0]!;
    const twoOnePlus = twoSum(2, 2 * e);
    const twoOnePlusLo = LOW[0]!;
    const product = twoProd(a, oneMinus);
    const productLo = LOW[0]! + a * oneMinusLow + delta * oneMinus;
    const bracket = twoSum(twoOnePlus, -product);
    const bracketValue = bracket + (LOW[0]! + twoOnePlusLo - productLo);
    return timesBetaExp(beta, bracketValue * inversePowerOfOnePlus(e, 3), base, a, delta);
  },
  kinks: none,
});
