/**
 * The rectifier family: ReLU, Leaky ReLU, PReLU, RReLU, ReLU6 and Threshold — piecewise
 * linear, so f″ = 0 everywhere (the Dirac mass at a kink is not represented).
 *
 * Derivative at a kink: actlab follows PyTorch's backward (and JAX's): the value of the branch
 * that contains the kink point in the definition, e.g. relu′(0) = 0, leaky′(0) = slope.
 * @module
 */
import { defineElementwise, type ParamValues } from './types.js';

/**
 * s·z for z ≤ 0 without 0·(−∞) = NaN when the slope is 0. At z = ±0 this is IEEE's s·(±0),
 * as PyTorch's `x > 0 ? x : x·slope` (a negative slope gives f(+0) = −0 and f(−0) = +0).
 */
function negativePart(slope: number, z: number): number {
  return slope === 0 ? 0 : slope * z;
}

const zero = () => 0;
const atZero = () => [0] as const;

/** Rectified linear unit max(0, z). */
export const relu = defineElementwise({
  id: 'relu',
  name: 'ReLU',
  family: 'relu',
  aliases: ['rectifier'],
  description: 'max(0, z): gradient exactly 1 when active, so deep networks train; units whose input is always negative stop learning ("dead ReLUs").',
  formula: String.raw`\mathrm{ReLU}(z)=\max(0,z)`,
  derivativeFormula: String.raw`\mathrm{ReLU}'(z)=\begin{cases}1 & z>0\\ 0 & z\le 0\end{cases}`,
  reference: {
    citation: 'Nair, Hinton (2010), Rectified Linear Units Improve Restricted Boltzmann Machines, ICML',
    url: 'https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf',
  },
  params: {},
  f: (z) => (z > 0 ? z : 0),
  df: (z) => (z > 0 ? 1 : 0),
  d2f: zero,
  kinks: atZero,
  kinkConvention: "relu'(0) = 0, as PyTorch, JAX and TF.",
});

const leakyFormula = (a: string) => String.raw`f(z)=\begin{cases}z & z>0\\ ${a}\,z & z\le 0\end{cases}`;
const leakyDerivative = (a: string) => String.raw`f'(z)=\begin{cases}1 & z>0\\ ${a} & z\le 0\end{cases}`;

/** Leaky ReLU: slope `negative_slope` (default 0.01, as PyTorch and JAX) for z ≤ 0. */
export const leakyRelu = defineElementwise({
  id: 'leaky_relu',
  name: 'Leaky ReLU',
  family: 'relu',
  aliases: ['leakyrelu', 'lrelu'],
  description: 'ReLU with a small slope for negative inputs, so no unit can die.',
  formula: leakyFormula(String.raw`\alpha`),
  derivativeFormula: leakyDerivative(String.raw`\alpha`),
  reference: {
    citation: 'Maas, Hannun, Ng (2013), Rectifier Nonlinearities Improve Neural Network Acoustic Models, ICML Workshop on Deep Learning for Audio, Speech and Language Processing',
    url: 'https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf',
  },
  params: {
    negative_slope: { default: 0.01, description: 'slope α for z ≤ 0' },
  },
  notes: ['Default slope 0.01 as PyTorch and JAX; Keras 3 uses 0.2, TF.js 0.2 and Keras 2 0.3.'],
  f: (z, p) => (z > 0 ? z : negativePart(p.negative_slope, z)),
  df: (z, p) => (z > 0 ? 1 : p.negative_slope),
  d2f: zero,
  kinks: atZero,
  kinkConvention: "f'(0) = α, as PyTorch.",
});

/** PReLU: Leaky ReLU whose slope is learned (one shared slope, initialised to 0.25). */
export const prelu = defineElementwise({
  id: 'prelu',
  name: 'PReLU',
  family: 'relu',
  aliases: ['parametric_relu'],
  description: 'Leaky ReLU with a learned slope a; backward also returns ∂L/∂a = Σ gradOut·z over z ≤ 0.',
  formula: leakyFormula('a'),
  derivativeFormula: leakyDerivative('a'),
  reference: {
    citation: 'He, Zhang, Ren, Sun (2015), Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification, ICCV',
    url: 'https://arxiv.org/abs/1502.01852',
  },
  params: {
    slope: { default: 0.25, description: 'learned slope a for z ≤ 0 (PyTorch init 0.25)', learnable: true },
  },
  f: (z, p) => (z > 0 ? z : negativePart(p.slope, z)),
  df: (z, p) => (z > 0 ? 1 : p.slope),
  d2f: zero,
  paramGradients: { slope: (z) => (z > 0 ? 0 : z) },
  kinks: atZero,
  kinkConvention: "f'(0) = a, as PyTorch.",
});

/** Slope RReLU uses in evaluation mode: the mean of its uniform distribution. */
export function rreluEvalSlope(p: ParamValues): number {
  const lower = p.lower as number;
  const upper = p.upper as number;
  // Rounded once: the sum then an exact halving, or — where the sum would overflow (both
  // bounds near the largest double) — the halves, exact at that magnitude, then their sum.
  const sum = lower + upper;
  return Number.isFinite(sum) ? sum / 2 : lower / 2 + upper / 2;
}

/**
 * Randomized leaky ReLU. In evaluation (the scalar f, f′, f″ here) the slope is the mean
 * (lower + upper)/2; in training each element draws its slope from U(lower, upper) — see the
 * kernels' `rreluTrain`.
 */
export const rrelu = defineElementwise({
  id: 'rrelu',
  name: 'RReLU',
  family: 'relu',
  aliases: ['randomized_relu'],
  description: 'Leaky ReLU with a random slope drawn per element during training, fixed to the mean slope at evaluation.',
  formula: String.raw`f(z)=\begin{cases}z & z>0\\ a\,z & z\le 0\end{cases},\quad a\sim U(l,u)\text{ (train)},\ a=\tfrac{l+u}{2}\text{ (eval)}`,
  derivativeFormula: leakyDerivative('a'),
  reference: {
    citation: 'Xu, Wang, Chen, Li (2015), Empirical Evaluation of Rectified Activations in Convolutional Network',
    url: 'https://arxiv.org/abs/1505.00853',
  },
  params: {
    lower: { default: 1 / 8, min: 0, description: 'lower bound l of the slope distribution' },
    upper: { default: 1 / 3, min: 0, description: 'upper bound u of the slope distribution' },
  },
  crossCheck: (p) =>
    p.lower > p.upper ? ['lower', `<= upper (${p.upper})`] : undefined,
  f: (z, p) => (z > 0 ? z : negativePart(rreluEvalSlope(p), z)),
  df: (z, p) => (z > 0 ? 1 : rreluEvalSlope(p)),
  d2f: zero,
  kinks: atZero,
  kinkConvention: "f'(0) = a, as PyTorch.",
});

/** ReLU capped at 6. */
export const relu6 = defineElementwise({
  id: 'relu6',
  name: 'ReLU6',
  family: 'relu',
  aliases: [],
  description: 'min(max(0, z), 6): bounded ReLU for low-precision (mobile) inference.',
  formula: String.raw`\mathrm{ReLU6}(z)=\min(\max(0,z),6)`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}1 & 0<z<6\\ 0 & \text{otherwise}\end{cases}`,
  reference: {
    citation: 'Krizhevsky (2010), Convolutional Deep Belief Networks on CIFAR-10; Howard et al. (2017), MobileNets',
    url: 'https://arxiv.org/abs/1704.04861',
  },
  params: {},
  f: (z) => (z > 0 ? (z < 6 ? z : 6) : 0),
  df: (z) => (z > 0 && z < 6 ? 1 : 0),
  d2f: zero,
  kinks: () => [0, 6],
  kinkConvention: "f'(0) = f'(6) = 0, as PyTorch (hardtanh backward).",
});

/** z above a threshold, a constant value otherwise (PyTorch nn.Threshold). */
export const threshold = defineElementwise({
  id: 'threshold',
  name: 'Threshold',
  family: 'relu',
  aliases: [],
  description: 'z if z > threshold, else a fixed value; threshold = value = 0 is ReLU.',
  formula: String.raw`f(z)=\begin{cases}z & z>\theta\\ v & z\le\theta\end{cases}`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}1 & z>\theta\\ 0 & z\le\theta\end{cases}`,
  reference: {
    citation: 'PyTorch documentation, torch.nn.Threshold',
    url: 'https://pytorch.org/docs/stable/generated/torch.nn.Threshold.html',
  },
  params: {
    threshold: { default: 0, description: 'θ: inputs above it pass through' },
    value: { default: 0, description: 'v: the output at or below θ' },
  },
  notes: ['PyTorch has no defaults for threshold and value; actlab uses 0 and 0 (ReLU).'],
  f: (z, p) => (z > p.threshold ? z : p.value),
  df: (z, p) => (z > p.threshold ? 1 : 0),
  d2f: zero,
  kinks: (p) => [p.threshold],
  kinkConvention: "f'(θ) = 0, as PyTorch.",
});
