/**
 * The property tests' per-activation cases (test/properties.test.ts): the true limits of f and
 * f′ at ±∞ at default parameters. One entry per elementwise activation:
 * test/registry-coverage.test.ts fails for an activation without one.
 */
import { SELU_ALPHA, SELU_SCALE } from '../../src/index.js';

const lambdaAlpha = SELU_ALPHA * SELU_SCALE;

/** [f(−∞), f(+∞)] true limits at default parameters. */
export const LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  sigmoid: [0, 1],
  tanh: [-1, 1],
  relu: [0, Infinity],
  leaky_relu: [-Infinity, Infinity],
  prelu: [-Infinity, Infinity],
  elu: [-1, Infinity],
  selu: [-lambdaAlpha, Infinity],
  swish: [0, Infinity],
  gelu: [0, Infinity],
  gelu_tanh: [0, Infinity],
  linear: [-Infinity, Infinity],
  softplus: [0, Infinity],
  log_sigmoid: [-Infinity, 0],
  mish: [0, Infinity],
  celu: [-1, Infinity],
  relu6: [0, 6],
  hard_tanh: [-1, 1],
  hard_sigmoid: [0, 1],
  hard_swish: [0, Infinity],
  softsign: [-1, 1],
  squareplus: [0, Infinity],
  tanhshrink: [-Infinity, Infinity],
  softshrink: [-Infinity, Infinity],
  hardshrink: [-Infinity, Infinity],
  threshold: [0, Infinity],
  rrelu: [-Infinity, Infinity],
  snake: [-Infinity, Infinity],
};
/** [f′(−∞), f′(+∞)] at default parameters; NaN where f′ oscillates without a limit (Snake). */
export const DERIVATIVE_LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  sigmoid: [0, 0],
  tanh: [0, 0],
  relu: [0, 1],
  leaky_relu: [0.01, 1],
  prelu: [0.25, 1],
  elu: [0, 1],
  selu: [0, SELU_SCALE],
  swish: [0, 1],
  gelu: [0, 1],
  gelu_tanh: [0, 1],
  linear: [1, 1],
  softplus: [0, 1],
  log_sigmoid: [1, 0],
  mish: [0, 1],
  celu: [0, 1],
  relu6: [0, 0],
  hard_tanh: [0, 0],
  hard_sigmoid: [0, 0],
  hard_swish: [0, 1],
  softsign: [0, 0],
  squareplus: [0, 1],
  tanhshrink: [1, 1],
  softshrink: [1, 1],
  hardshrink: [1, 1],
  threshold: [0, 1],
  rrelu: [(1 / 8 + 1 / 3) / 2, 1],
  snake: [NaN, NaN],
};
