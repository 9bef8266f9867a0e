/**
 * Squareplus and Softsign: smooth activations built from arithmetic and a square root, no
 * exponential.
 * @module
 */
import { ddDiv, ddMul, exponentOf, LOW, scaleByPowerOfTwo, twoProd, twoSum } from '../../math/dd.js';
import { defineElementwise, type ResolvedParams } from '../types.js';

// Squareplus is homogeneous — f(λz; λ²b) = λf(z; b), f′ unchanged, f″(λz; λ²b) = f″(z; b)/λ —
// so every formula runs on numbers near 1 and the power of two is applied once at the end:
// z = zs·2^k, b = bs·4^k with max(|zs|, √bs) in [1, 2), and √(z² + b) = (rs + rsLo)·2^k.
// Nothing overflows (z = 1e308), underflows (b = 1e−250: r³ = 1e−375) or loses b below z²
// (b = 5e−324).

/**
 * Squareplus's b with −0 read as +0: b = −0 (accepted, b ≥ 0) is b = 0, ReLU, whose zeros
 * are +0 (an exact 0 carries no sign).
 */
function curvature(p: ResolvedParams<'b'>): number {
  return p.b + 0;
}

/** The k of max(|z|, √b) = m·2^k with m in [1, 2) (0 when both are 0). */
function squareplusScale(z: number, b: number): number {
  const m = Math.max(Math.abs(z), Math.sqrt(b));
  return m === 0 ? 0 : exponentOf(m);
}

/** rs = √(zs² + bs) for the scaled z and b: high part returned, low part in `LOW[0]`. */
function scaledRoot(zs: number, bs: number): number {
  const square = twoProd(zs, zs);
  const squareLo = LOW[0]!;
  const sum = twoSum(square, bs);
  const sumLo = LOW[0]! + squareLo;
  const r = Math.sqrt(sum);
  if (r === 0) {
    LOW[0] = 0;
    return r;
  }
  // one Newton correction of the square root, kept as the low part
  const rr = twoProd(r, r);
  LOW[0] = (sum - rr - LOW[0]! + sumLo) / (2 * r);
  return r;
}

/**
 * b·2^shift/D for the positive double-double D, at scale k: b itself where scaling it down
 * could underflow (k > 0), bs = b·4^{−k} (exact) where k ≤ 0, the power of two applied last.
 */
function squareplusQuotient(b: number, k: number, powerOfB: number, extraShift: number, d: number, dLo: number): number {
  const q = k > 0 ? ddDiv(b, 0, d, dLo) : ddDiv(scaleByPowerOfTwo(b, -2 * k), 0, d, dLo);
  // b/(…·2^{powerOfB·k}) = (b/…)·2^{−powerOfB·k}; bs/(…) carries 4^{−k} already
  return scaleByPowerOfTwo(q, (k > 0 ? -powerOfB * k : (2 - powerOfB) * k) + extraShift);
}

/** Squareplus (z + √(z² + b))/2: a softplus-like curve from arithmetic and one square root. */
export const squareplus = defineElementwise({
  id: 'squareplus',
  name: 'Squareplus',
  family: 'smooth',
  aliases: [],
  description: 'A softplus lookalike built from a square root instead of exp and log; b sets the curvature at 0 (b = 0 is ReLU).',
  formula: String.raw`\mathrm{Squareplus}(z)=\frac{z+\sqrt{z^2+b}}{2}`,
  derivativeFormula: String.raw`\mathrm{Squareplus}'(z)=\frac12\left(1+\frac{z}{\sqrt{z^2+b}}\right)`,
  reference: {
    citation: 'Barron (2021), Squareplus: A Softplus-Like Algebraic Rectifier',
    url: 'https://arxiv.org/abs/2112.11687',
  },
  params: { b: { default: 4, min: 0, description: 'b: curvature; f(0) = √b/2' } },
  notes: ['Default b = 4 as JAX (jax.nn.squareplus) and the paper.'],
  f: (z, p) => {
    if (z === Infinity) return Infinity;
    if (z === -Infinity) return 0;
    const b = curvature(p);
    const k = squareplusScale(z, b);
    const zs = scaleByPowerOfTwo(z, -k);
    const rs = scaledRoot(zs, scaleByPowerOfTwo(b, -2 * k));
    const rsLo = LOW[0]!;
    if (z >= 0) {
      const s = twoSum(zs, rs);
      return scaleByPowerOfTwo(s + (LOW[0]! + rsLo), k - 1);
    }
    // (z + r)/2 cancels for z < 0; it equals (b/2)/(r − z) = (b/2)/(r + |z|)
    const d = twoSum(rs, -zs);
    return squareplusQuotient(b, k, 1, -1, d, LOW[0]! + rsLo);
  },
  df: (z, p) => {
    if (z === Infinity) return 1;
    if (z === -Infinity) return 0;
    const b = curvature(p);
    const k = squareplusScale(z, b);
    const zs = scaleByPowerOfTwo(z, -k);
    const rs = scaledRoot(zs, scaleByPowerOfTwo(b, -2 * k));
    const rsLo = LOW[0]!;
    if (rs === 0) return 0.5;
    if (z >= 0) return (1 + ddDiv(zs, 0, rs, rsLo)) / 2;
    // ½(1 + z/r) = (b/2)/(r(r − z)), both factors positive
    const t = twoSum(rs, -zs);
    const d = ddMul(rs, rsLo, t, LOW[0]! + rsLo);
    return squareplusQuotient(b, k, 2, -1, d, LOW[0]!);
  },
  d2f: (z, p) => {
    if (z === Infinity || z === -Infinity) return 0;
    const b = curvature(p);
    const k = squareplusScale(z, b);
    const rs = scaledRoot(scaleByPowerOfTwo(z, -k), scaleByPowerOfTwo(b, -2 * k));
    const rsLo = LOW[0]!;
    if (rs === 0 || b === 0) return 0;
    // (b/2)/r³
    const square = ddMul(rs, rsLo, rs, rsLo);
    const cube = ddMul(square, LOW[0]!, rs, rsLo);
    return squareplusQuotient(b, k, 3, -1, cube, LOW[0]!);
  },
  kinks: (p) => (p.b === 0 ? [0] : []),
});

/** 1/(1 + |z|) with the rounding of 1 + |z| corrected. */
function inverseOnePlusAbs(a: number): number {
  const s = twoSum(1, a);
  return ddDiv(1, 0, s, LOW[0]!);
}

/** Softsign z/(1 + |z|): a rational squashing function with polynomial (not exponential) tails. */
export const softsign = defineElementwise({
  id: 'softsign',
  name: 'Softsign',
  family: 'smooth',
  aliases: ['soft_sign'],
  description: 'z/(1 + |z|): like tanh but approaching ±1 polynomially, so it saturates more gently.',
  formula: String.raw`\mathrm{Softsign}(z)=\frac{z}{1+|z|}`,
  derivativeFormula: String.raw`\mathrm{Softsign}'(z)=\frac{1}{(1+|z|)^2}`,
  reference: {
    citation: 'Glorot, Bengio (2010), Understanding the difficulty of training deep feedforward neural networks, AISTATS',
    url: 'https://proceedings.mlr.press/v9/glorot10a.html',
  },
  params: {},
  f: (z) => {
    const a = Math.abs(z);
    if (a === Infinity) return Math.sign(z);
    const s = twoSum(1, a);
    return ddDiv(z, 0, s, LOW[0]!);
  },
  df: (z) => {
    const q = inverseOnePlusAbs(Math.abs(z));
    return q * q;
  },
  d2f: (z) => {
    if (z === 0) return 0;
    const q = inverseOnePlusAbs(Math.abs(z));
    return (z > 0 ? -2 : 2) * q * q * q;
  },
  kinks: () => [0],
  kinkConvention: "f'' jumps from 2 to −2 at 0; actlab returns f''(0) = 0.",
});
