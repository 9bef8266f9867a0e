/**
 * The exponential linear units: ELU, SELU and CELU. For z ≤ 0 they use expm1, so f stays
 * exact near 0 where e^z − 1 would cancel.
 *
 * Derivative at the kink z = 0: the z ≤ 0 branch (PyTorch's elu backward), so ELU′(0) = α
 * and SELU′(0) = λα.
 * @module
 */
import { ddDiv, exponentOf, LOW, mulByDD, mulExp, mulExpScaled, scaleByPowerOfTwo } from '../math/dd.js';
import { SELU_ALPHA_TIMES_SCALE_HI, SELU_ALPHA_TIMES_SCALE_LO } from '../math/generated/constants.js';
import { defineElementwise } from './types.js';

const atZero = () => [0] as const;

/** Exponential linear unit: z for z > 0, α(e^z − 1) otherwise. */
export const elu = defineElementwise({
  id: 'elu',
  name: 'ELU',
  family: 'exponential',
  aliases: [],
  description: 'Identity for z > 0, a smooth exponential approach to −α below: negative outputs push mean activations toward zero.',
  formula: String.raw`\mathrm{ELU}(z)=\begin{cases}z & z>0\\ \alpha\,(e^{z}-1) & z\le 0\end{cases}`,
  derivativeFormula: String.raw`\mathrm{ELU}'(z)=\begin{cases}1 & z>0\\ \alpha\,e^{z} & z\le 0\end{cases}`,
  reference: {
    citation: 'Clevert, Unterthiner, Hochreiter (2016), Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs), ICLR',
    url: 'https://arxiv.org/abs/1511.07289',
  },
  params: { alpha: { default: 1, min: 0, exclusiveMin: true, description: 'α: the negative saturation value is −α' } },
  f: (z, p) => (z > 0 ? z : p.alpha * Math.expm1(z)),
  // α·e^z with the exponential multiplied in last: α = 1e20 at z = −740 must not scale up the
  // rounding of a subnormal e^z (mulExp takes every α)
  df: (z, p) => (z > 0 ? 1 : mulExp(p.alpha, z, 0)),
  d2f: (z, p) => (z > 0 ? 0 : mulExp(p.alpha, z, 0)),
  kinks: atZero,
  kinkConvention: "f'(0) = α (the z ≤ 0 branch), as PyTorch and JAX.",
});

/** SELU's α to full double precision (Klambauer et al. 2017: 1.6732632423543772848…). */
export const SELU_ALPHA = 1.6732632423543772;
/** SELU's λ to full double precision (Klambauer et al. 2017: 1.0507009873554804934…). */
export const SELU_SCALE = 1.0507009873554805;

/**
 * Scaled ELU, λ·ELU(z; α) with the self-normalising constants. λα is applied as a
 * double-double so that its rounding does not add to the expm1's.
 */
export const selu = defineElementwise({
  id: 'selu',
  name: 'SELU',
  family: 'exponential',
  aliases: [],
  description: 'ELU scaled so that, with LeCun-normal weights in a fully connected net, activations converge to zero mean and unit variance without normalisation layers.',
  formula: String.raw`\mathrm{SELU}(z)=\lambda\begin{cases}z & z>0\\ \alpha\,(e^{z}-1) & z\le 0\end{cases},\ \alpha\approx1.6733,\ \lambda\approx1.0507`,
  derivativeFormula: String.raw`\mathrm{SELU}'(z)=\lambda\begin{cases}1 & z>0\\ \alpha\,e^{z} & z\le 0\end{cases}`,
  reference: {
    citation: 'Klambauer, Unterthiner, Mayr, Hochreiter (2017), Self-Normalizing Neural Networks, NeurIPS',
    url: 'https://arxiv.org/abs/1706.02515',
  },
  params: {},
  notes: [`α = ${SELU_ALPHA} and λ = ${SELU_SCALE} (binary64 roundings of the paper's constants, as PyTorch, JAX and TF).`],
  f: (z) => (z > 0 ? SELU_SCALE * z : z === 0 ? z : mulByDD(Math.expm1(z), SELU_ALPHA_TIMES_SCALE_HI, SELU_ALPHA_TIMES_SCALE_LO)),
  df: (z) => (z > 0 ? SELU_SCALE : mulByDD(Math.exp(z), SELU_ALPHA_TIMES_SCALE_HI, SELU_ALPHA_TIMES_SCALE_LO)),
  d2f: (z) => (z > 0 ? 0 : mulByDD(Math.exp(z), SELU_ALPHA_TIMES_SCALE_HI, SELU_ALPHA_TIMES_SCALE_LO)),
  kinks: atZero,
  kinkConvention: "f'(0) = λα (the z ≤ 0 branch), as PyTorch.",
});

/**
 * z/α as a double-double (high part returned, low part in `LOW[0]`). An α far from 1 is
 * first brought near it with z, by the same power of two: Dekker's remainder needs normal
 * partial products (α = 1e−310 cost 400 ULP of e^{z/α}). A z that overflows in the scaling
 * makes the quotient −∞, where e^{z/α} is 0 anyway.
 */
function quotient(z: number, alpha: number): number {
  if (alpha < 2 ** -900) return ddDiv(z * 2 ** 600, 0, alpha * 2 ** 600, 0);
  if (alpha > 2 ** 900) return ddDiv(z * 2 ** -600, 0, alpha * 2 ** -600, 0);
  return ddDiv(z, 0, alpha, 0);
}

/**
 * e^{z/α}, with the rounding of z/α corrected to first order: rounding the quotient costs
 * |z/α|·2⁻⁵³ relative error, ~80 ULP at z/α = −700.
 */
function expOfQuotient(z: number, alpha: number): number {
  const q = quotient(z, alpha);
  const r = LOW[0]!;
  const e = Math.exp(q);
  return r === 0 ? e : e + e * r;
}

/** expm1(z/α) with the same correction (its slope e^{z/α} times the remainder). */
function expm1OfQuotient(z: number, alpha: number): number {
  const q = quotient(z, alpha);
  const r = LOW[0]!;
  const m = Math.expm1(q);
  return r === 0 ? m : m + Math.exp(q) * r;
}

/**
 * CELU for z ≤ 0, α(e^{z/α} − 1). Where |z/α| < 2⁻⁵⁴ it is z(1 + z/(2α)) = z to the last
 * bit — and z/α may have underflowed (α = 1e300, z = −1e−300), so z itself is returned.
 */
function celuNegative(z: number, alpha: number): number {
  if (z === 0) return z;
  const q = z / alpha;
  if (Math.abs(q) < 2 ** -54) return z;
  return alpha * expm1OfQuotient(z, alpha);
}

/** e^{z/α}/α for any α > 0: 1/α (which overflows below α ≈ 5.6e−309) enters as α's exponent. */
function expOfQuotientOverAlpha(z: number, alpha: number): number {
  const q = quotient(z, alpha);
  const r = LOW[0]!;
  const j = exponentOf(alpha);
  const inverse = ddDiv(1, 0, scaleByPowerOfTwo(alpha, -j), 0);
  return mulExpScaled(inverse, LOW[0]!, -j, q, r);
}

/** Continuously differentiable ELU: α(e^{z/α} − 1) for z ≤ 0, so f′(0) = 1 for every α. */
export const celu = defineElementwise({
  id: 'celu',
  name: 'CELU',
  family: 'exponential',
  aliases: [],
  description: 'ELU reparametrised so that it is C¹ for every α (ELU is C¹ only at α = 1).',
  formula: String.raw`\mathrm{CELU}(z)=\begin{cases}z & z>0\\ \alpha\,(e^{z/\alpha}-1) & z\le 0\end{cases}`,
  derivativeFormula: String.raw`\mathrm{CELU}'(z)=\begin{cases}1 & z>0\\ e^{z/\alpha} & z\le 0\end{cases}`,
  reference: {
    citation: 'Barron (2017), Continuously Differentiable Exponential Linear Units',
    url: 'https://arxiv.org/abs/1704.07483',
  },
  params: { alpha: { default: 1, min: 0, exclusiveMin: true, description: 'α: the negative saturation value is −α' } },
  f: (z, p) => (z > 0 ? z : celuNegative(z, p.alpha)),
  df: (z, p) => (z > 0 ? 1 : expOfQuotient(z, p.alpha)),
  d2f: (z, p) => (z > 0 ? 0 : expOfQuotientOverAlpha(z, p.alpha)),
  kinks: atZero,
  kinkConvention: "f'(0) = 1 from both sides; f''(0) = 1/α (the z ≤ 0 branch).",
});
