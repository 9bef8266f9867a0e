/**
 * The chapter's vanishing-gradient demonstration (classical.py, `vanishing_gradient_demo`): a
 * unit gradient pushed back through 20 sigmoid layers of 100 units, each step multiplying by
 * σ′(z) at fresh standard-normal pre-activations and by Wᵀ with W ~ N(0, 0.1²).
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { Rng } from '../math/rng.js';
import { activationLabel, activationNanoseconds, checkElementwise, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import { pythonExponential, type Experiment, type Progress } from './types.js';
import { LAYER_METHODS, layerMethod, NormalPool, scaledNorm, type LayerMethod } from './gaussian-layer.js';

export interface VanishingGradientConfig {
  readonly [key: string]: number | string;
  readonly activation: string;
  readonly depth: number;
  readonly units: number;
  readonly weightScale: number;
  /** How each layer's Wᵀ·g is drawn: 'projected', 'matrices', or 'auto' (see {@link layerMethod}). */
  readonly method: string;
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
  /** How the layers' products were drawn (see gaussian-layer.ts): the same distribution either way. */
  readonly method: LayerMethod;
}

interface Layer {
  readonly layer: number;
  readonly norm: number;
}

/** The result from the norms so far (a partial result while `layers` is still growing). */
function resultOf(layers: readonly Layer[], overflowAt: number | null, zeroAt: number | null, method: LayerMethod): VanishingGradientResult {
  const first = layers[0]?.norm ?? NaN;
  const last = layers[layers.length - 1]?.norm ?? NaN;
  return { layers: [...layers], shrinkFactor: first / last, overflowAt, zeroAt, method };
}

/**
 * The gradient norm after each layer, the chapter's way: a full n×n W per layer,
 * g ← Wᵀ(f′(z)⊙g) (numpy's bits in textbook mode).
 */
function* matrixNorms(config: VanishingGradientConfig, rng: Rng): Generator<number> {
  const def = getElementwise(config.activation);
  const params = resolveParams(def, {});
  const n = config.units;
  let grad: Float64Array = new Float64Array(n).fill(1);
  let next: Float64Array = new Float64Array(n);
  const z = new Float64Array(n);
  const w = new Float64Array(n * n);
  for (let layer = config.depth; layer >= 1; layer--) {
    rng.fillNormal(z);
    for (let i = 0; i < n; i++) grad[i] = (grad[i] as number) * def.df(z[i] as number, params);
    rng.fillNormal(w, config.weightScale);
    transposeTimes(w, grad, n, next);
    [grad, next] = [next, grad];
    yield norm2(grad);
  }
}

/**
 * The same, drawn as Wᵀh = σ‖h‖·ξ (exactly its distribution, gaussian-layer.ts): the gradient
 * after each layer is s·ξ with a fresh ξ ~ N(0, I), so h = f′(z)⊙g has ‖h‖ = s·√Σ(f′(zᵢ)ξᵢ)².
 */
function* projectedNorms(config: VanishingGradientConfig, rng: Rng): Generator<number> {
  const def = getElementwise(config.activation);
  const params = resolveParams(def, {});
  const n = config.units;
  const pool = new NormalPool(rng);
  const xi = new Float64Array(n).fill(1);
  let s = 1;
  for (let layer = config.depth; layer >= 1; layer--) {
    const at = pool.take(n);
    const z = pool.values;
    let t = 0;
    for (let i = 0; i < n; i++) t += (def.df(z[at + i] as number, params) * (xi[i] as number)) ** 2;
    const next = pool.take(n);
    for (let i = 0; i < n; i++) xi[i] = pool.values[next + i] as number;
    // Once overflowed, stays overflowed (∞·0 would be NaN).
    if (s !== Infinity) s = config.weightScale * (s * Math.sqrt(t));
    yield s === 0 ? 0 : s * scaledNorm(xi);
  }
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
    'A unit gradient backpropagated through `depth` layers: each layer multiplies it elementwise by f′(z) at standard-normal z and then by Wᵀ, W ~ N(0, weightScale²). With sigmoid (f′ ≤ 1/4) and weightScale 0.1 the norm falls by ~12 orders of magnitude over 20 layers. ' +
    'For a fresh W, Wᵀh is exactly distributed as weightScale·‖h‖·ξ with ξ ~ N(0, I): with the default generator (method=auto or projected) each layer draws those n normals instead of the n² weights — the same stochastic process, not an approximation; method=matrices (and --rng numpy, for the chapter’s bits) draws the full matrices.',
  chapter: 'classical.py: vanishing_gradient_demo()',
  defaults: { activation: 'sigmoid', depth: 20, units: 100, weightScale: 0.1, method: 'auto' },
  settings: {
    activation: { type: 'string', entries: 'an elementwise activation id (actlab list) or a formula in z', check: checkElementwise, description: 'activation id (elementwise)' },
    depth: { type: 'integer', min: 1, max: 10000, description: 'number of layers' },
    units: { type: 'integer', min: 1, max: 4096, description: 'units per layer' },
    weightScale: { type: 'number', min: 0, exclusiveMin: true, max: 1e6, description: 'standard deviation of the weights' },
    method: {
      type: 'string',
      choices: LAYER_METHODS,
      description: 'how each layer’s Wᵀ·g is drawn: projected (σ‖g‖·ξ, n normals: the same distribution), matrices (all n² weights, as the chapter), auto (projected; matrices with --rng numpy)',
    },
  },
  cost(config, rng) {
    const n = config.units;
    const matrices = layerMethod(config.method, rng === undefined ? undefined : { kind: rng }) === 'matrices';
    return {
      bytes: 8 * ((matrices ? n * n : 1 << 14) + 3 * n) + 64 * config.depth + 1e6,
      largestArray: 8 * (matrices ? n * n : Math.max(n, 1 << 14)),
      seconds: seconds(config.depth * ((matrices ? n * n * (NS_PER_NORMAL + NS_PER_FMA) : n * (NS_PER_NORMAL + 2 * NS_PER_FMA)) + n * (NS_PER_NORMAL + activationNanoseconds(config.activation)))),
      drivers: matrices ? 'depth × units²' : 'depth × units',
    };
  },
  run(config, rng: Rng, progress?: Progress<VanishingGradientResult>) {
    const method = layerMethod(config.method, rng);
    const norms = method === 'projected' ? projectedNorms(config, rng) : matrixNorms(config, rng);
    const layers: Layer[] = [];
    let overflowAt: number | null = null;
    let zeroAt: number | null = null;
    let layer = config.depth;
    for (const norm of norms) {
      layers.push({ layer, norm });
      if (!Number.isFinite(norm)) overflowAt = layer;
      else if (norm === 0 && zeroAt === null) zeroAt = layer;
      const partial = progress && (layers.length === 1 || layers.length % Math.max(1, Math.floor(config.depth / 50)) === 0 || overflowAt !== null);
      progress?.(overflowAt !== null ? 1 : layers.length / config.depth, `layer ${layer}`, partial ? resultOf(layers, overflowAt, zeroAt, method) : undefined);
      if (overflowAt !== null) break;
      layer--;
    }
    return resultOf(layers, overflowAt, zeroAt, method);
  },
  report(result, config) {
    const lines = [
      'Vanishing Gradient Demonstration',
      '='.repeat(50),
      '',
      `Simulating gradient backpropagation through ${activationLabel(config.activation)} network:`,
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
