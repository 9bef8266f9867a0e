/**
 * The classical activations: logistic sigmoid, tanh, and the identity.
 * @module
 */
import { logistic, logisticDerivative, logisticSecond, tanhSecond } from '../math/logistic.js';
import { defineElementwise } from './types.js';

const none = () => [] as const;

/**
 * Logistic sigmoid σ(z) = 1/(1 + e^{−z}).
 *
 * σ′ = σ(1 − σ) and σ″ = σ′(1 − 2σ) are evaluated through e^{−|z|} so neither cancels: the
 * textbook σ(1 − σ) loses everything beyond z ≈ 33 where σ rounds to 1.
 */
export const sigmoid = defineElementwise({
  id: 'sigmoid',
  name: 'Sigmoid',
  family: 'classical',
  aliases: ['logistic'],
  description: 'Squashes to (0, 1); the output for binary and multi-label classification and the gate of LSTMs. Saturates at both ends: σ′ ≤ 1/4.',
  formula: String.raw`\sigma(z)=\frac{1}{1+e^{-z}}`,
  derivativeFormula: String.raw`\sigma'(z)=\sigma(z)\,(1-\sigma(z))`,
  reference: {
    citation: 'Rumelhart, Hinton, Williams (1986), Learning representations by back-propagating errors, Nature 323',
    url: 'https://doi.org/10.1038/323533a0',
  },
  params: {},
  f: (z) => logistic(z),
  df: (z) => logisticDerivative(z),
  d2f: (z) => logisticSecond(z),
  kinks: none,
});

/**
 * Hyperbolic tangent. tanh′ = sech²z = 4σ′(2z) and tanh″ = 8σ″(2z): doubling z is exact, so
 * the derivatives inherit the logistic's accuracy (the textbook 1 − tanh²z is 0 beyond |z| ≈ 19).
 */
export const tanh = defineElementwise({
  id: 'tanh',
  name: 'Tanh',
  family: 'classical',
  aliases: ['hyperbolic_tangent'],
  description: 'Zero-centred squashing to (−1, 1); tanh(z) = 2σ(2z) − 1. Standard in RNN/LSTM cell updates and as a GAN generator output.',
  formula: String.raw`\tanh(z)=\frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}`,
  derivativeFormula: String.raw`\tanh'(z)=1-\tanh^2(z)`,
  reference: {
    citation: 'LeCun, Bottou, Orr, Müller (1998), Efficient BackProp, in Neural Networks: Tricks of the Trade, LNCS 1524',
    url: 'https://doi.org/10.1007/3-540-49430-8_2',
  },
  params: {},
  f: (z) => Math.tanh(z),
  df: (z) => 4 * logisticDerivative(2 * z),
  d2f: (z) => tanhSecond(z),
  kinks: none,
});

/** The identity, used as the output of regression models ("no activation"). */
export const linear = defineElementwise({
  id: 'linear',
  name: 'Linear (identity)',
  family: 'output',
  aliases: ['identity', 'none'],
  description: 'No nonlinearity: the output activation for regression. A stack of linear layers collapses to a single matrix.',
  formula: String.raw`f(z)=z`,
  derivativeFormula: String.raw`f'(z)=1`,
  reference: {
    citation: 'Goodfellow, Bengio, Courville (2016), Deep Learning, §6.2.2.1 Linear units for Gaussian output distributions',
    url: 'https://www.deeplearningbook.org/contents/mlp.html',
  },
  params: {},
  f: (z) => z,
  df: () => 1,
  d2f: () => 0,
  kinks: none,
});
