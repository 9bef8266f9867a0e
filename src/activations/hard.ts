/**
 * Piecewise-linear approximations: HardTanh, HardSigmoid and HardSwish — cheap on integer and
 * low-precision hardware. f″ = 0 except on HardSwish's quadratic middle.
 *
 * Derivative at a kink: 0 at the clamping points (PyTorch's hardtanh and hardsigmoid
 * backward); HardSwish follows PyTorch's hardswish backward: f′(−3) = −½ and f′(3) = 3/2.
 * @module
 */
import { fma, LOW, twoProd, twoSum } from '../math/dd.js';
import { defineElementwise } from './types.js';

const zero = () => 0;

/** clip(z, min_val, max_val). */
export const hardTanh = defineElementwise({
  id: 'hard_tanh',
  name: 'HardTanh',
  family: 'hard',
  aliases: ['hardtanh'],
  description: 'clip(z, −1, 1): a piecewise-linear tanh.',
  formula: String.raw`\mathrm{HardTanh}(z)=\min(\max(z,m),M)`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}1 & m<z<M\\ 0 & \text{otherwise}\end{cases}`,
  reference: {
    citation: 'Collobert (2004), Large Scale Machine Learning, PhD thesis, Université Paris VI',
    url: 'https://ronan.collobert.com/pub/matos/2004_phdthesis_lip6.pdf',
  },
  params: {
    min_val: { default: -1, description: 'm: lower clamp' },
    max_val: { default: 1, description: 'M: upper clamp' },
  },
  crossCheck: (p) =>
    (p.min_val as number) >= (p.max_val as number) ? ['min_val', `< max_val (${p.max_val})`] : undefined,
  f: (z, p) => (z <= (p.min_val as number) ? (p.min_val as number) : z >= (p.max_val as number) ? (p.max_val as number) : z),
  df: (z, p) => (z > (p.min_val as number) && z < (p.max_val as number) ? 1 : 0),
  d2f: zero,
  kinks: (p) => [p.min_val as number, p.max_val as number],
  kinkConvention: "f'(m) = f'(M) = 0, as PyTorch.",
});

/**
 * Whether 0 < a·z + b < 1 in exact arithmetic: the rounded value decides except when it
 * lands on 0 or 1, where the sign of the rounding residual does (slope·3 + ½ with the binary64
 * slope 1/6 is 1 − 2.8e−17: inside, so f′(3) = slope).
 */
function affineInsideUnit(a: number, z: number, b: number): boolean {
  const p = twoProd(a, z);
  const pLo = LOW[0]!;
  if (!Number.isFinite(p)) return false;
  const s = twoSum(p, b);
  const residual = LOW[0]! + pLo;
  if (s > 0 && s < 1) return true;
  if (s === 0) return residual > 0;
  if (s === 1) return residual < 0;
  return false;
}

/**
 * clip(slope·z + offset, 0, 1). The affine map is evaluated with an emulated fused
 * multiply-add, so it is exact to rounding even where it crosses 0.
 */
export const hardSigmoid = defineElementwise({
  id: 'hard_sigmoid',
  name: 'HardSigmoid',
  family: 'hard',
  aliases: ['hardsigmoid'],
  description: 'A piecewise-linear sigmoid: clip(z/6 + ½, 0, 1) by default (PyTorch, Keras 3); slope 0.2 gives the TF.js/ONNX/Keras 2 variant.',
  formula: String.raw`\mathrm{HardSigmoid}(z)=\min\bigl(\max(a z+b,0),1\bigr)`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}a & 0<az+b<1\\ 0 & \text{otherwise}\end{cases}`,
  reference: {
    citation: 'Courbariaux, Bengio, David (2015), BinaryConnect: Training Deep Neural Networks with binary weights during propagations, NeurIPS',
    url: 'https://arxiv.org/abs/1511.00363',
  },
  params: {
    slope: { default: 1 / 6, min: 0, exclusiveMin: true, description: 'a: 1/6 (PyTorch, Keras 3) or 0.2 (TF.js, ONNX, Keras 2)' },
    offset: { default: 0.5, description: 'b: value at z = 0' },
  },
  notes: ['Default slope 1/6 as PyTorch and Keras 3; pass slope = 0.2 for TF.js, ONNX HardSigmoid and Keras 2.'],
  f: (z, p) => {
    const y = fma(p.slope as number, z, p.offset as number);
    return y <= 0 ? 0 : y >= 1 ? 1 : y;
  },
  df: (z, p) => (affineInsideUnit(p.slope as number, z, p.offset as number) ? (p.slope as number) : 0),
  d2f: zero,
  kinks: (p) => {
    const a = p.slope as number;
    const b = p.offset as number;
    return [-b / a, (1 - b) / a];
  },
  kinkConvention: "f' = 0 at both clamping points, as PyTorch.",
});

/** z·(z + 3)/6 with z + 3 and the product kept exact, divided once. */
function hardSwishMiddle(z: number): number {
  const s = twoSum(z, 3);
  const sLo = LOW[0]!;
  const p = twoProd(z, s);
  const pLo = LOW[0]! + z * sLo;
  const q = p / 6;
  const qp = twoProd(q, 6);
  return q + (p - qp - LOW[0]! + pLo) / 6;
}

/** z·relu6(z + 3)/6 (MobileNetV3). */
export const hardSwish = defineElementwise({
  id: 'hard_swish',
  name: 'HardSwish',
  family: 'hard',
  aliases: ['hardswish'],
  description: 'z·HardSigmoid(z): a piecewise-quadratic Swish for mobile networks (MobileNetV3).',
  formula: String.raw`\mathrm{HardSwish}(z)=z\,\frac{\mathrm{ReLU6}(z+3)}{6}`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}0 & z<-3\\ \frac{2z+3}{6} & -3\le z\le 3\\ 1 & z>3\end{cases}`,
  reference: {
    citation: 'Howard et al. (2019), Searching for MobileNetV3, ICCV',
    url: 'https://arxiv.org/abs/1905.02244',
  },
  params: {},
  f: (z) => (z <= -3 ? 0 : z >= 3 ? z : hardSwishMiddle(z)),
  df: (z) => (z < -3 ? 0 : z > 3 ? 1 : fma(2, z, 3) / 6),
  d2f: (z) => (z < -3 || z > 3 ? 0 : 1 / 3),
  kinks: () => [-3, 3],
  kinkConvention: "f'(−3) = −½ and f'(3) = 3/2 (the middle branch), as PyTorch's hardswish backward.",
});
