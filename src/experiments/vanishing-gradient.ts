/**
 * The chapter's vanishing-gradient demonstration (classical.py, `vanishing_gradient_demo`): a
 * unit gradient pushed back through 20 sigmoid layers of 100 units, each step multiplying by
 * σ′(z) at fresh standard-normal pre-activations and by Wᵀ with W ~ N(0, 0.1²).
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { Rng } from '../math/rng.js';
import { checkElementwise, NS_PER_ACTIVATION, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import { pythonExponential, type Experiment, type Progress } from './types.js';

export interface VanishingGradientConfig {
  readonly [key: string]: number | string;
  readonly activation: string;
  readonly depth: number;
  readonly units: number;
  readonly weightScale: number;
}

export interface VanishingGradientResult {
  /** Gradient norm after each layer, from the top (layer = depth) down to layer 1. */
  readonly layers: readonly { readonly layer: number; readonly norm: number }[];
  /** norm after the first step / norm after the last: how much the gradient shrank. */
  readonly shrinkFactor: number;
  /**
   * The first layer whose gradient norm is not finite (overflow: weights far too large), or
   * null; the propagation stops there and its remaining layers are not listed.
   */
  readonly overflowAt: number | null;
  /** The first layer where the gradient is exactly 0 (underflow, or zero weights), or null. */
  readonly zeroAt: number | null;
}

/** Wᵀ·g for a row-major n×n W, summing over rows in order (as the chapter's W.T @ grad). */
export function transposeTimes(w: Float64Array, g: Float64Array, n: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const gi = g[i] as number;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] = (out[j] as number) + (w[row + j] as number) * gi;
  }
}

export function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

export const vanishingGradient: Experiment<VanishingGradientConfig, VanishingGradientResult> = {
  id: 'vanishing-gradient',
  title: 'Vanishing gradients through a deep sigmoid network',
  description:
    'A unit gradient backpropagated through `depth` layers: each layer multiplies it elementwise by f′(z) at standard-normal z and then by Wᵀ, W ~ N(0, weightScale²). With sigmoid (f′ ≤ 1/4) and weightScale 0.1 the norm falls by ~12 orders of magnitude over 20 layers.',
  chapter: 'classical.py: vanishing_gradient_demo()',
  defaults: { activation: 'sigmoid', depth: 20, units: 100, weightScale: 0.1 },
  settings: {
    activation: { type: 'string', entries: 'an elementwise activation id (actlab list)', check: checkElementwise, description: 'activation id (elementwise)' },
    depth: { type: 'integer', min: 1, max: 10000, description: 'number of layers' },
    units: { type: 'integer', min: 1, max: 4096, description: 'units per layer' },
    weightScale: { type: 'number', min: 0, exclusiveMin: true, max: 1e6, description: 'standard deviation of the weights' },
  },
  cost(config) {
    const n = config.units;
    return {
      bytes: 8 * (n * n + 3 * n) + 64 * config.depth + 1e6,
      largestArray: 8 * n * n,
      seconds: seconds(config.depth * (n * n * (NS_PER_NORMAL + NS_PER_FMA) + n * (NS_PER_NORMAL + NS_PER_ACTIVATION))),
      drivers: 'depth × units²',
    };
  },
  run(config, rng: Rng, progress?: Progress) {
    const def = getElementwise(config.activation);
    const params = resolveParams(def, {});
    const n = config.units;
    let grad: Float64Array = new Float64Array(n).fill(1);
    let next: Float64Array = new Float64Array(n);
    const z = new Float64Array(n);
    const w = new Float64Array(n * n);
    const layers: { layer: number; norm: number }[] = [];
    let overflowAt: number | null = null;
    let zeroAt: number | null = null;
    for (let layer = config.depth; layer >= 1; layer--) {
      rng.fillNormal(z);
      for (let i = 0; i < n; i++) grad[i] = (grad[i] as number) * def.df(z[i] as number, params);
      rng.fillNormal(w, config.weightScale);
      transposeTimes(w, grad, n, next);
      [grad, next] = [next, grad];
      const norm = norm2(grad);
      layers.push({ layer, norm });
      progress?.((config.depth - layer + 1) / config.depth);
      if (!Number.isFinite(norm)) {
        overflowAt = layer;
        break;
      }
      if (norm === 0 && zeroAt === null) zeroAt = layer;
    }
    const first = layers[0]?.norm ?? NaN;
    const last = layers[layers.length - 1]?.norm ?? NaN;
    return { layers, shrinkFactor: first / last, overflowAt, zeroAt };
  },
  report(result, config) {
    const lines = [
      'Vanishing Gradient Demonstration',
      '='.repeat(50),
      '',
      `Simulating gradient backpropagation through ${config.activation} network:`,
      '-'.repeat(50),
    ];
    for (const { layer, norm } of result.layers) {
      if (layer % 5 === 0 || norm < 1e-10) lines.push(` Layer ${String(layer).padStart(2)}: gradient norm = ${pythonExponential(norm, 2)}`);
    }
    if (result.overflowAt !== null) {
      lines.push('', `The gradient overflowed (non-finite norm) at layer ${result.overflowAt}: weightScale ${config.weightScale} is far too large; no shrink factor.`);
    } else if (result.zeroAt !== null) {
      lines.push('', `The gradient is exactly 0 from layer ${result.zeroAt} on (it underflowed): it vanished completely; no finite shrink factor.`);
    } else lines.push('', `Gradient shrunk by factor: ${pythonExponential(result.shrinkFactor, 2)}`);
    return lines.join('\n');
  },
};
