/**
 * Softplus (with sharpness β) and LogSigmoid = −softplus(−z).
 * @module
 */
import { ddDiv, LOW, mulExp, twoProd } from '../../math/dd.js';
import { expNegAbs, inversePowerOfOnePlus, logistic, logisticDerivative, softplusOf } from '../../math/logistic.js';
import { defineElementwise } from '../types.js';
import { none, timesBetaExp } from './shared.js';

/** Softplus (1/β)·log(1 + e^{βz}), exact everywhere: no linear shortcut above a threshold. */
export const softplus = defineElementwise({
  id: 'softplus',
  name: 'Softplus',
  family: 'smooth',
  aliases: [],
  description: 'A smooth ReLU, log(1 + e^z); its derivative is the sigmoid. Used where a positive output is needed (variances, rates).',
  formula: String.raw`\mathrm{Softplus}(z)=\frac{1}{\beta}\log\bigl(1+e^{\beta z}\bigr)`,
  derivativeFormula: String.raw`\mathrm{Softplus}'(z)=\sigma(\beta z)`,
  reference: {
    citation: 'Dugas, Bengio, Bélisle, Nadeau, Garcia (2001), Incorporating Second-Order Functional Knowledge for Better Option Pricing, NeurIPS 13',
    url: 'https://proceedings.neurips.cc/paper/2000/hash/44968aece94f667e4095002d140b5896-Abstract.html',
  },
  params: { beta: { default: 1, min: 0, exclusiveMin: true, description: 'β: sharpness; β → ∞ gives ReLU' } },
  notes: ["PyTorch returns z itself above threshold = 20 (an absolute error of up to e^{-20} ≈ 2.1e-9, at z = 20); actlab has no threshold and stays exact."],
  f: (z, p) => {
    if (z === Infinity) return Infinity;
    if (z === -Infinity) return 0;
    const beta = p.beta;
    if (beta === 1) return softplusOf(z);
    const uHi = twoProd(beta, z);
    const uLo = LOW[0]!;
    // u > 1: z + log1p(e^{−u})/β keeps z exact; near 0 and below: softplus(u)/β.
    if (uHi > 1) return z + Math.log1p(expNegAbs(uHi, uLo)) / beta;
    if (uHi < -690) {
      // e^u/β with 1/β as a double-double: its rounding would otherwise add half an ULP
      const inverse = ddDiv(1, 0, beta, 0);
      return mulExp(inverse, uHi, uLo, LOW[0]!);
    }
    return softplusOf(uHi, uLo) / beta;
  },
  df: (z, p) => {
    const uHi = twoProd(p.beta, z);
    return logistic(uHi, LOW[0]!);
  },
  d2f: (z, p) => {
    const beta = p.beta;
    const uHi = twoProd(beta, z);
    const uLo = LOW[0]!;
    if (Math.abs(uHi) < 0.5) return beta * logisticDerivative(uHi, uLo);
    // β·e/(1 + e)² with e = e^{−|u|}, β applied with the exponential (β = 1e20, u = −740)
    const e = expNegAbs(uHi, uLo);
    return timesBetaExp(beta, inversePowerOfOnePlus(e, 2), LOW[1]!, Math.abs(uHi), uHi >= 0 ? uLo : -uLo);
  },
  kinks: none,
});

/** log σ(z) = −softplus(−z): the log-probability of a sigmoid output. */
export const logSigmoid = defineElementwise({
  id: 'log_sigmoid',
  name: 'LogSigmoid',
  family: 'smooth',
  aliases: ['logsigmoid'],
  description: 'log σ(z) = −log(1 + e^{−z}), the numerically stable log-likelihood term of binary cross-entropy.',
  formula: String.raw`\log\sigma(z)=-\log\bigl(1+e^{-z}\bigr)`,
  derivativeFormula: String.raw`(\log\sigma)'(z)=1-\sigma(z)=\sigma(-z)`,
  reference: {
    citation: 'PyTorch documentation, torch.nn.LogSigmoid; JAX jax.nn.log_sigmoid',
    url: 'https://pytorch.org/docs/stable/generated/torch.nn.LogSigmoid.html',
  },
  params: {},
  f: (z) => -softplusOf(-z),
  df: (z) => logistic(-z),
  d2f: (z) => -logisticDerivative(z),
  kinks: none,
});
