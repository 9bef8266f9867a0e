/**
 * GELU's tanh approximation, written z·σ(v) with v = 2√(2/π)(z + 0.044715z³) formed as a
 * double-double, so no 1 + tanh cancels and no rounding of v reaches the exponential.
 * @module
 */
import { ddAdd, ddDiv, ddMul, LOW, mulKnownExp, twoProd, twoSum } from '../../math/dd.js';
import { GELU_TANH_CUBIC_HI, GELU_TANH_CUBIC_LO, SQRT_2_OVER_PI_HI, SQRT_2_OVER_PI_LO } from '../../math/generated/constants.js';
import { expNegAbs, inversePowerOfOnePlus, oneMinusExpNegAbs } from '../../math/logistic.js';
import { geluTanhCritical, geluTanhSecondNegative, geluTanhSecondPositive } from '../generated/critical.js';
import { defineElementwise } from '../types.js';
import { nearCritical, none, timesLogistic } from './shared.js';

const TWO_K_HI = 2 * SQRT_2_OVER_PI_HI;
const TWO_K_LO = 2 * SQRT_2_OVER_PI_LO;
/**
 * v = 2√(2/π)(z + 0.044715z³) as a double-double (high part returned, low part in
 * `LOW[0]`), so that GELU-tanh = z·σ(v) keeps every bit where e^v is tiny.
 */
function geluTanhArgument(z: number): number {
  const z2 = twoProd(z, z);
  const z2Lo = LOW[0]!;
  const z3 = twoProd(z, z2);
  const z3Lo = LOW[0]! + z * z2Lo;
  const cubic = twoProd(GELU_TANH_CUBIC_HI, z3);
  const cubicLo = LOW[0]! + GELU_TANH_CUBIC_HI * z3Lo + GELU_TANH_CUBIC_LO * z3;
  const sum = twoSum(z, cubic);
  const sumLo = LOW[0]! + cubicLo;
  const v = twoProd(TWO_K_HI, sum);
  LOW[0] = LOW[0]! + TWO_K_HI * sumLo + TWO_K_LO * sum;
  return v;
}

/** Past |z| = 30 the tanh approximation equals its limits (z or −0) in double precision. */
const GELU_TANH_FLAT = 30;

/** The tanh approximation of GELU, ½z(1 + tanh(√(2/π)(z + 0.044715z³))). */
export const geluTanh = defineElementwise({
  id: 'gelu_tanh',
  name: 'GELU (tanh approximation)',
  family: 'smooth',
  aliases: ['gelu_approximate', 'gelu_new', 'approximate_gelu'],
  description: "Hendrycks & Gimpel's tanh approximation of GELU (max |error| 4.73e−4 at |z| ≈ 2.70), used by the original BERT and GPT-2 code; the chapter's 'GELU' in its FFN experiment is this one.",
  formula: String.raw`\mathrm{GELU}_{\tanh}(z)=\frac{z}{2}\left(1+\tanh\!\left(\sqrt{2/\pi}\,(z+0.044715\,z^{3})\right)\right)`,
  derivativeFormula: String.raw`f'(z)=\tfrac12\bigl(1+\tanh u\bigr)+\tfrac{z}{2}\,\mathrm{sech}^2u\;\sqrt{2/\pi}\,(1+0.134145\,z^{2}),\ u=\sqrt{2/\pi}\,(z+0.044715z^3)`,
  reference: {
    citation: 'Hendrycks, Gimpel (2016), Gaussian Error Linear Units (GELUs), §2',
    url: 'https://arxiv.org/abs/1606.08415',
  },
  params: {},
  notes: ["PyTorch gelu(approximate='tanh'), JAX gelu(approximate=True) (JAX's default), TF.js gelu_new, Hugging Face 'gelu_new'."],
  f: (z) => {
    if (z > GELU_TANH_FLAT) return z;
    if (z < -GELU_TANH_FLAT) return -0;
    if (z === 0) return z;
    // ½z(1 + tanh(v/2)) = z·σ(v): the sum 1 + tanh cancels for z < 0, σ does not.
    const v = geluTanhArgument(z);
    return timesLogistic(z, v, LOW[0]!);
  },
  df: (z) => {
    if (z > GELU_TANH_FLAT) return 1;
    if (z < -GELU_TANH_FLAT) return -0;
    const near = nearCritical(geluTanhCritical, z);
    if (near !== undefined) return near;
    const v = geluTanhArgument(z);
    const vLo = LOW[0]!;
    const e = expNegAbs(v, vLo);
    const base = LOW[1]!;
    // f′ = σ(v) + z·v′·σ′(v), v′ = 2√(2/π)(1 + 3·0.044715·z²).
    if (v >= 0) {
      const slope = z * (TWO_K_HI * (1 + 3 * GELU_TANH_CUBIC_HI * z * z));
      return (1 + e + slope * e) * inversePowerOfOnePlus(e, 2);
    }
    // z < 0: f′ = e^v·(1 + e^v + z·v′)/(1 + e^v)²; the bracket is summed in double-double.
    const z2 = twoProd(z, z);
    const z2Lo = LOW[0]!;
    const az2 = twoProd(GELU_TANH_CUBIC_HI, z2);
    const az2Lo = LOW[0]! + GELU_TANH_CUBIC_HI * z2Lo + GELU_TANH_CUBIC_LO * z2;
    const threeAz2 = twoProd(3, az2);
    const threeAz2Lo = LOW[0]! + 3 * az2Lo;
    const w = twoSum(1, threeAz2);
    const wLo = LOW[0]! + threeAz2Lo;
    const kw = twoProd(TWO_K_HI, w);
    const kwLo = LOW[0]! + TWO_K_HI * wLo + TWO_K_LO * w;
    const m = twoProd(z, kw);
    const mLo = LOW[0]! + z * kwLo;
    const s1 = twoSum(1, e);
    const s1Lo = LOW[0]!;
    const s2 = twoSum(s1, m);
    const bracket = s2 + (LOW[0]! + s1Lo + mLo);
    return mulKnownExp(bracket * inversePowerOfOnePlus(e, 2), base, v, vLo);
  },
  d2f: (z) => {
    if (Math.abs(z) > GELU_TANH_FLAT) return z > 0 ? 0 : -0;
    const near = nearCritical(z < 0 ? geluTanhSecondNegative : geluTanhSecondPositive, z);
    if (near !== undefined) return near;
    // f″ = σ′(v)·(2v′ − z·v′²·tanh(v/2) + z·v″), v″ = 12√(2/π)·0.044715·z, every term in
    // double-double: the bracket is dominated by z·v′², whose plain evaluation costs ~4 ULP.
    const v = geluTanhArgument(z);
    const vLo = LOW[0]!;
    const a = Math.abs(v);
    const delta = v >= 0 ? vLo : -vLo;
    const e = expNegAbs(v, vLo);
    const base = LOW[1]!;
    const onePlus = twoSum(1, e);
    const onePlusLo = LOW[0]!;
    const oneMinus = oneMinusExpNegAbs(a, delta, e);
    let tanhHalf = ddDiv(oneMinus, LOW[0]!, onePlus, onePlusLo);
    let tanhHalfLo = LOW[0]!;
    if (v < 0) {
      tanhHalf = -tanhHalf;
      tanhHalfLo = -tanhHalfLo;
    }
    const z2 = twoProd(z, z);
    const z2Lo = LOW[0]!;
    const az2 = ddMul(GELU_TANH_CUBIC_HI, GELU_TANH_CUBIC_LO, z2, z2Lo);
    const az2Lo = LOW[0]!;
    const threeAz2 = ddMul(3, 0, az2, az2Lo);
    const w = ddAdd(1, 0, threeAz2, LOW[0]!);
    const vp = ddMul(TWO_K_HI, TWO_K_LO, w, LOW[0]!);
    const vpLo = LOW[0]!;
    const vp2 = ddMul(vp, vpLo, vp, vpLo);
    const vp2t = ddMul(vp2, LOW[0]!, tanhHalf, tanhHalfLo);
    const t2 = ddMul(-z, 0, vp2t, LOW[0]!);
    const t2Lo = LOW[0]!;
    const kaz2 = ddMul(TWO_K_HI, TWO_K_LO, az2, az2Lo);
    const t3 = ddMul(6, 0, kaz2, LOW[0]!);
    const t3Lo = LOW[0]!;
    const partial = ddAdd(2 * vp, 2 * vpLo, t2, t2Lo);
    const bracket = ddAdd(partial, LOW[0]!, t3, t3Lo);
    const bracketLo = LOW[0]!;
    const square = ddMul(onePlus, onePlusLo, onePlus, onePlusLo);
    const scale = ddDiv(bracket, bracketLo, square, LOW[0]!);
    return mulKnownExp(scale, base, -a, -delta, LOW[0]!);
  },
  kinks: none,
});
