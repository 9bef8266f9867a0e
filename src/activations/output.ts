/**
 * Softmax and log-softmax along a vector (the last axis of a row-major matrix).
 *
 * Both subtract the maximum m and split off the dominant entry: with
 * s = Σ_{j≠argmax} e^{x_j − m}, softmax = e^{x_i − m}/(1 + s) and
 * log-softmax = (x_i − m) − log1p(s). log1p keeps the dominant entry exact: for [20, −20, 0]
 * it is −2.061153624562735e−9, where −log(Σ e^{x_j−m}) gives −2.0611536900435727e−9 (seven
 * digits right).
 * The differences x_i − m are formed as double-doubles before they reach exp.
 * @module
 */
import { LOW, twoSum } from '../math/dd.js';
import { defineVector, type Writable } from './types.js';

/** Index of the largest entry of a row (the first on ties; NaN wins so it propagates). */
function argmaxRow(x: ArrayLike<number>, xo: number, n: number): number {
  let best = xo;
  for (let i = xo + 1; i < xo + n; i++) {
    const v = x[i] as number;
    if (v !== v) return i;
    if (v > (x[best] as number)) best = i;
  }
  return best;
}

/** e^{x − m} with x − m formed exactly. */
function expShifted(x: number, m: number): number {
  if (x === m) return 1;
  const d = twoSum(x, -m);
  const dLo = LOW[0]!;
  const e = Math.exp(d);
  return dLo === 0 || !Number.isFinite(dLo) ? e : e + e * dLo;
}

/** Σ_{j≠k} e^{x_j − m} for the dominant index k. */
function tailSum(x: ArrayLike<number>, xo: number, n: number, k: number, m: number): number {
  let s = 0;
  for (let i = xo; i < xo + n; i++) if (i !== k) s += expShifted(x[i] as number, m);
  return s;
}

/** Writes softmax of one row into y (used by both the forward pass and the VJPs). */
function softmaxInto(x: ArrayLike<number>, xo: number, n: number, y: Writable, yo: number): void {
  const k = argmaxRow(x, xo, n);
  const m = x[k] as number;
  if (m !== m || m === Infinity || m === -Infinity) {
    // NaN anywhere gives NaN; +∞ entries share the mass; all −∞ is undefined (NaN) as in PyTorch.
    let infinities = 0;
    for (let i = xo; i < xo + n; i++) if (x[i] === m) infinities++;
    for (let i = 0; i < n; i++) y[yo + i] = m !== m || m === -Infinity ? NaN : x[xo + i] === m ? 1 / infinities : 0;
    return;
  }
  const denominator = 1 + tailSum(x, xo, n, k, m);
  for (let i = 0; i < n; i++) y[yo + i] = xo + i === k ? 1 / denominator : expShifted(x[xo + i] as number, m) / denominator;
}

const anyLength = (n: number) => (n >= 1 ? undefined : 'a softmax row needs at least one element');
const sameLength = (n: number) => n;

/** softmax(x)_i = e^{x_i}/Σ_j e^{x_j}. */
export const softmax = defineVector({
  id: 'softmax',
  name: 'Softmax',
  family: 'output',
  aliases: [],
  description: 'Turns a vector of scores into a probability distribution: the output of multi-class classifiers and of attention.',
  formula: String.raw`\mathrm{softmax}(\mathbf z)_i=\frac{e^{z_i}}{\sum_j e^{z_j}}`,
  reference: {
    citation: 'Bridle (1990), Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition, Neurocomputing (NATO ASI F68)',
    url: 'https://doi.org/10.1007/978-3-642-76153-9_28',
  },
  params: {},
  outputLength: sameLength,
  checkLength: anyLength,
  forwardRow: (x, xo, n, y, yo) => softmaxInto(x, xo, n, y, yo),
  vjpRow: (x, xo, n, g, go, gradIn, gi) => {
    // Jᵀg = y ⊙ (g − ⟨g, y⟩); the VJP is linear in g, so a g near the top of the range is
    // scaled by 1/4 first (g − ⟨g, y⟩ may be up to twice max|g|) and the result by 4
    const y = new Float64Array(n);
    softmaxInto(x, xo, n, y, 0);
    const s = cotangentScale(g, go, n, 2);
    let dot = 0;
    let dotLo = 0;
    for (let i = 0; i < n; i++) {
      const term = (g[go + i] as number) * s * (y[i] as number);
      dot = twoSum(dot, term);
      dotLo += LOW[0]!;
    }
    for (let i = 0; i < n; i++) {
      const diff = twoSum((g[go + i] as number) * s, -dot);
      gradIn[gi + i] = ((y[i] as number) * (diff + (LOW[0]! - dotLo))) / s;
    }
  },
});

/** log_softmax(x)_i = x_i − log Σ_j e^{x_j}. */
export const logSoftmax = defineVector({
  id: 'log_softmax',
  name: 'Log-softmax',
  family: 'output',
  aliases: ['logsoftmax'],
  description: 'The log of softmax, computed without forming it: the stable input to negative log-likelihood (cross-entropy) losses.',
  formula: String.raw`\log\mathrm{softmax}(\mathbf z)_i=z_i-\log\sum_j e^{z_j}`,
  reference: {
    citation: 'Goodfellow, Bengio, Courville (2016), Deep Learning, §6.2.2.3 Softmax Units for Multinoulli Output Distributions',
    url: 'https://www.deeplearningbook.org/contents/mlp.html',
  },
  params: {},
  outputLength: sameLength,
  checkLength: anyLength,
  forwardRow: (x, xo, n, y, yo) => {
    const k = argmaxRow(x, xo, n);
    const m = x[k] as number;
    if (m !== m || m === Infinity || m === -Infinity) {
      for (let i = 0; i < n; i++) {
        const v = x[xo + i] as number;
        y[yo + i] = m !== m || m === -Infinity ? NaN : v === m ? -Math.log(countEqual(x, xo, n, m)) : -Infinity;
      }
      return;
    }
    const logNormaliser = Math.log1p(tailSum(x, xo, n, k, m));
    for (let i = 0; i < n; i++) {
      if (xo + i === k) {
        y[yo + i] = 0 - logNormaliser; // +0, not −0, when the row's mass is all here
        continue;
      }
      const d = twoSum(x[xo + i] as number, -m);
      // x − m beyond −max (−1e308 − 1e308) or x = −∞: the true value is −∞, and twoSum's
      // error term is NaN there
      y[yo + i] = Number.isFinite(d) ? d - logNormaliser + LOW[0]! : d;
    }
  },
  vjpRow: (x, xo, n, g, go, gradIn, gi) => {
    // Jᵀg = g − softmax(x)·Σg; Σg may reach n·max|g|, so a large g is scaled down first
    // (the VJP is linear in g) and the result scaled back
    const y = new Float64Array(n);
    softmaxInto(x, xo, n, y, 0);
    const s = cotangentScale(g, go, n, n + 1);
    let total = 0;
    let totalLo = 0;
    for (let i = 0; i < n; i++) {
      total = twoSum(total, (g[go + i] as number) * s);
      totalLo += LOW[0]!;
    }
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      gradIn[gi + i] = ((g[go + i] as number) * s - yi * total - yi * totalLo) / s;
    }
  },
});

/**
 * A power of two s ≤ 1 such that `growth`·max|g·s| stays below 2^1020: 1 for every ordinary
 * cotangent (so the common case is untouched), smaller only for entries near the top of the
 * range, whose sums and differences would otherwise overflow (and give ∞ − ∞ = NaN).
 */
function cotangentScale(g: ArrayLike<number>, go: number, n: number, growth: number): number {
  let largest = 0;
  for (let i = go; i < go + n; i++) {
    const a = Math.abs(g[i] as number);
    if (a > largest) largest = a;
  }
  if (!(largest * growth >= 2 ** 1020) || largest === Infinity) return 1;
  let s = 1;
  while (largest * s * growth >= 2 ** 1020) s *= 0.5;
  return s;
}

function countEqual(x: ArrayLike<number>, xo: number, n: number, v: number): number {
  let c = 0;
  for (let i = xo; i < xo + n; i++) if (x[i] === v) c++;
  return c;
}
