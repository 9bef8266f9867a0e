/**
 * How good are GELU's approximations? The tanh form ½z(1 + tanh(√(2/π)(z + 0.044715z³))) and
 * the sigmoid form z·σ(1.702z) against exact GELU z·Φ(z) (modern.py, "GELU Approximation Error"
 * panel), with the worst error located by root finding on the error's derivative.
 * @module
 */
import { getElementwise } from '../activations/index.js';
import { illinois } from '../math/roots.js';
import { InvalidParameterError } from '../errors.js';
import { NS_PER_ACTIVATION, seconds } from './settings.js';
import type { Experiment } from './types.js';

export interface GeluApproximationConfig {
  readonly [key: string]: number;
  readonly from: number;
  readonly to: number;
  readonly points: number;
}

export interface ApproximationError {
  readonly name: string;
  readonly formula: string;
  /** Largest |approx − exact| and where (|z|; the error is odd or even accordingly). */
  readonly maxAbsError: number;
  readonly at: number;
  /** The error curve on the grid (for the figure). */
  readonly curve: readonly { readonly z: number; readonly error: number }[];
}

export interface GeluApproximationResult {
  readonly approximations: readonly ApproximationError[];
}

export const geluApproximation: Experiment<GeluApproximationConfig, GeluApproximationResult> = {
  id: 'gelu-approximation',
  title: "GELU's approximations: tanh form and z·σ(1.702z)",
  description: 'The error of the tanh approximation (max 4.73e−4 at |z| ≈ 2.70) and of z·σ(1.702z) against exact GELU, on a grid and at the located maximum.',
  chapter: 'modern.py: compare_modern_activations(), "GELU Approximation Error" panel',
  defaults: { from: -6, to: 6, points: 1201 },
  settings: {
    from: { type: 'number', min: -1e6, max: 1e6, description: 'grid start (< to)' },
    to: { type: 'number', min: -1e6, max: 1e6, description: 'grid end (> from)' },
    points: { type: 'integer', min: 3, max: 100_000, description: 'grid points' },
  },
  validate(config) {
    if (!(config.from < config.to)) throw new InvalidParameterError('gelu-approximation', 'to', config.to, `> from (${config.from})`);
  },
  cost(config) {
    return {
      // Two error curves of {z, error} objects (~100 bytes each with their array slot).
      bytes: 2 * 100 * config.points + 1e6,
      largestArray: 8 * config.points,
      seconds: seconds(2 * config.points * 2 * NS_PER_ACTIVATION * 3),
      drivers: 'points',
    };
  },
  run(config) {
    const exact = getElementwise('gelu');
    const tanhForm = getElementwise('gelu_tanh');
    const swish = getElementwise('swish');
    const forms = [
      { name: 'tanh', formula: '½z(1 + tanh(√(2/π)(z + 0.044715z³)))', f: (z: number) => tanhForm.f(z, {}), df: (z: number) => tanhForm.df(z, {}) },
      { name: 'sigmoid', formula: 'z·σ(1.702z)', f: (z: number) => swish.f(z, { beta: 1.702 }), df: (z: number) => swish.df(z, { beta: 1.702 }) },
    ];
    const approximations = forms.map((form) => {
      const error = (z: number) => form.f(z) - exact.f(z, {});
      const slope = (z: number) => form.df(z) - exact.df(z, {});
      const curve: { z: number; error: number }[] = [];
      let best = 0;
      let bestZ = 0;
      for (let i = 0; i < config.points; i++) {
        const z = config.from + ((config.to - config.from) * i) / (config.points - 1);
        const e = error(z);
        curve.push({ z, error: e });
        if (Math.abs(e) > best) {
          best = Math.abs(e);
          bestZ = z;
        }
      }
      // Refine: the maximum of |error| is where its slope changes sign, next to the grid's best.
      const h = (config.to - config.from) / (config.points - 1);
      let at = bestZ;
      if (slope(bestZ - h) * slope(bestZ + h) < 0) at = illinois(slope, bestZ - h, bestZ + h);
      return { name: form.name, formula: form.formula, maxAbsError: Math.abs(error(at)), at: Math.abs(at), curve };
    });
    return { approximations };
  },
  report(result) {
    return [
      'GELU approximation error against exact GELU z·Φ(z)',
      ...result.approximations.map((a) => `  ${a.formula.padEnd(38)} max |error| = ${a.maxAbsError.toExponential(3)} at |z| = ${a.at.toFixed(4)}`),
    ].join('\n');
  },
};
