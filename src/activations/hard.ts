/**
 * Piecewise-linear approximations: HardTanh, HardSigmoid and HardSwish — cheap on integer and
 * low-precision hardware. f″ = 0 except on HardSwish's quadratic middle.
 *
 * Derivative at a kink: 0 at the clamping points (PyTorch's hardtanh and hardsigmoid
 * backward); HardSwish follows PyTorch's hardswish backward: f′(−3) = −½ and f′(3) = 3/2.
 * @module
 */
import { ddDiv, fma, LOW, twoProd, twoSum } from '../math/dd.js';
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
    p.min_val >= p.max_val ? ['min_val', `< max_val (${p.max_val})`] : undefined,
  f: (z, p) => (z <= p.min_val ? p.min_val : z >= p.max_val ? p.max_val : z),
  df: (z, p) => (z > p.min_val && z < p.max_val ? 1 : 0),
  d2f: zero,
  kinks: (p) => [p.min_val, p.max_val],
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

/** The double nearest 1/6, HardSigmoid's default slope: read as the exact fraction 1/6. */
const SIXTH = 1 / 6;

/** Past 2^1000, z + 6b is formed at 1/8 scale (6b or z + 6b could overflow). */
function isHuge(z: number, b: number): boolean {
  return Math.abs(b) > 2 ** 1000 || Math.abs(z) > 2 ** 1000;
}

/**
 * w = z + 6b (or (z + 6b)/8 where {@link isHuge}) with 6b exact: high part returned, low part
 * in `LOW[0]`.
 */
function sixTimesAffine(z: number, b: number, huge: boolean): number {
  const zs = huge ? z * 0.125 : z;
  const six = twoProd(huge ? 0.75 : 6, b);
  const sixLo = LOW[0]!;
  const w = twoSum(zs, six);
  const wLo = LOW[0]! + sixLo;
  if (w === 0) {
    // z and 6b's high part cancel exactly: what is left is 6b's rounding error (offset −fl(1/6)
    // at z = 1: 6·fl(1/6) rounds to 1, the value is (1 − 6·fl(1/6))/6 = 9.25e−18, not 0)
    LOW[0] = 0;
    return wLo;
  }
  LOW[0] = wLo;
  return w;
}

/**
 * t = z/6 + b, rounded once: (z + 6b)/6
 * with 6b exact, so t is 0 exactly at z = −6b (z = −3 for the default b = ½) and exact to
 * rounding next to it, where z·fl(1/6) + b would be off by b's whole rounding error.
 */
function sixthAffine(z: number, b: number): number {
  const huge = isHuge(z, b);
  const w = sixTimesAffine(z, b, huge);
  return ddDiv(w, LOW[0]!, huge ? 0.75 : 6, 0);
}

/** The affine map's value and whether 0 < a·z + b < 1 exactly, for slope a = fl(1/6) read as 1/6. */
function sixthInsideUnit(z: number, b: number): boolean {
  // decided on w = 6t itself, not on t (z/6 underflows for z = 5e−324)
  const huge = isHuge(z, b);
  const w = sixTimesAffine(z, b, huge);
  const wLo = LOW[0]!;
  const divisor = huge ? 0.75 : 6;
  const positive = w > 0 || (w === 0 && wLo > 0);
  const belowOne = w < divisor || (w === divisor && wLo < 0);
  return positive && belowOne;
}

/**
 * clip(slope·z + offset, 0, 1). The affine map is evaluated with an emulated fused
 * multiply-add, so it is exact to rounding even where it crosses 0; the default slope
 * fl(1/6) stands for 1/6 itself (PyTorch's relu6(z + 3)/6: f(−3) = 0 exactly).
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
  notes: [
    'Default slope 1/6 as PyTorch and Keras 3; pass slope = 0.2 for TF.js, ONNX HardSigmoid and Keras 2.',
    'slope = 1/6 (the double nearest it, 0.16666666666666666) is taken as the exact fraction 1/6, so f = (z + 6·offset)/6 as PyTorch computes it (f(−3) = 0, f(3) = 1 exactly); every other slope is used as the binary64 value given, as TF.js computes 0.2·z + 0.5.',
  ],
  f: (z, p) => {
    const a = p.slope;
    const b = p.offset;
    const y = a === SIXTH ? sixthAffine(z, b) : fma(a, z, b);
    return y <= 0 ? 0 : y >= 1 ? 1 : y;
  },
  df: (z, p) => {
    const a = p.slope;
    const b = p.offset;
    return (a === SIXTH ? sixthInsideUnit(z, b) : affineInsideUnit(a, z, b)) ? a : 0;
  },
  d2f: zero,
  kinks: (p) => {
    const a = p.slope;
    const b = p.offset;
    return a === SIXTH ? [-6 * b, 6 - 6 * b] : [-b / a, (1 - b) / a];
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
  const r = q + (p - qp - LOW[0]! + pLo) / 6;
  // an underflowed result keeps the sign of z(z + 3) (z = −5e−324 gives −0)
  return r === 0 ? z * 0 : r;
}

/** z·relu6(z + 3)/6 (MobileNetV3). */
export const hardSwish = defineElementwise({
  id: 'hard_swish',
  name: 'HardSwish',
  family: 'hard',
  aliases: ['hardswish', 'hard_silu'],
  description: 'z·HardSigmoid(z): a piecewise-quadratic Swish for mobile networks (MobileNetV3).',
  formula: String.raw`\mathrm{HardSwish}(z)=z\,\frac{\mathrm{ReLU6}(z+3)}{6}`,
  derivativeFormula: String.raw`f'(z)=\begin{cases}0 & z<-3\\ \frac{2z+3}{6} & -3\le z\le 3\\ 1 & z>3\end{cases}`,
  reference: {
    citation: 'Howard et al. (2019), Searching for MobileNetV3, ICCV',
    url: 'https://arxiv.org/abs/1905.02244',
  },
  params: {},
  f: (z) => (z <= -3 ? 0 : z >= 3 ? z : z === 0 ? z : hardSwishMiddle(z)),
  df: (z) => (z < -3 ? 0 : z > 3 ? 1 : fma(2, z, 3) / 6),
  d2f: (z) => (z < -3 || z > 3 ? 0 : 1 / 3),
  kinks: () => [-3, 3],
  kinkConvention: "f'(−3) = −½ and f'(3) = 3/2 (the middle branch), as PyTorch's hardswish backward.",
});
