/**
 * SELU's self-normalisation over 50 layers (relu_variants.py, `visualize_relu_variants`, the
 * third panel): a 1000-unit vector pushed forward through 50 random layers, mean and variance
 * per layer, for ReLU with He weights vs SELU with LeCun weights — or any other pairs.
 * @module
 */
import { getElementwise, isFormula, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import type { Rng } from '../math/rng.js';
import { SELU_INITS } from './choices.js';
import { activationLabel, activationNanoseconds, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import type { Experiment, Progress } from './types.js';
import { cachedGain, LAYER_METHODS, layerMethod, NormalPool, scaledNorm, type LayerMethod } from './gaussian-layer.js';

export interface SeluNormalisationConfig {
  readonly [key: string]: readonly string[] | number | string;
  /** Pairs "activation:init", init one of he (√2/√n — the chapter's He for ReLU), lecun (1/√n), gain (the activation's variance-preserving gain/√n). */
  readonly pairs: readonly string[];
  readonly layers: number;
  readonly units: number;
  /** How each layer's W·x is drawn: 'projected', 'matrices', or 'auto' (see {@link layerMethod}). */
  readonly method: string;
}

export interface SeluNormalisationSeries {
  readonly activation: string;
  readonly init: string;
  readonly weightStd: number;
  /** Mean and (population) variance of the activations after each layer. */
  readonly means: readonly number[];
  readonly variances: readonly number[];
  /** First layer (1-based) whose mean or variance is not finite — the signal exploded — or null. */
  readonly divergedAt: number | null;
}

export interface SeluNormalisationResult {
  readonly series: readonly SeluNormalisationSeries[];
  /** How the layers' products were drawn (see gaussian-layer.ts): the same distribution either way. */
  readonly method: LayerMethod;
  /**
   * Layers computed: `layers` in a finished run; fewer in a partial result sent with progress,
   * whose series hold the layers so far.
   */
  readonly layersDone: number;
}

type Pair = ReturnType<typeof parsePair>;

/** One layer x ← f(W·x) with all n² weights of W drawn (the chapter's way); `next` is scratch. */
function matrixLayer(pair: Pair, x: Float64Array, w: Float64Array, next: Float64Array, rng: Rng): void {
  const n = x.length;
  rng.fillNormal(w, pair.std);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += (w[row + j] as number) * (x[j] as number);
    next[i] = pair.def.f(s, pair.params);
  }
  x.set(next);
}

/** One layer x ← f(W·x) drawn as W·x = std·‖x‖·ξ, ξ ~ N(0, I) (exactly its distribution; gaussian-layer.ts). */
function projectedLayer(pair: Pair, x: Float64Array, pool: NormalPool): void {
  const n = x.length;
  const scale = pair.std * scaledNorm(x);
  const at = pool.take(n);
  const xi = pool.values;
  for (let i = 0; i < n; i++) x[i] = pair.def.f(scale * (xi[at + i] as number), pair.params);
}

/** The activation of an `activation:init` pair (formulas hold no colon). */
/**
 * `activation:init` read apart: the init follows the last ':' (a formula's label may hold one,
 * `a:b=z*2:he`); a formula with no init takes `gain`.
 */
function splitPair(text: string): [id: string, init: string] {
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  const split = colon >= 0 && ((SELU_INITS as readonly string[]).includes(tail) || !isFormula(text));
  return split ? [text.slice(0, colon), tail] : [text, 'gain'];
}

const pairActivation = (text: string): string => splitPair(text)[0];

function parsePair(text: string, n: number): { def: ElementwiseActivation; params: ParamValues; init: string; std: number } {
  const [id, init] = splitPair(text);
  if (!(SELU_INITS as readonly string[]).includes(init)) {
    throw new InvalidParameterError('selu-normalisation', 'pairs', text, `activation:init with init one of: ${SELU_INITS.join(', ')}`);
  }
  const def = getElementwise(id);
  const std = init === 'he' ? Math.sqrt(2 / n) : init === 'lecun' ? Math.sqrt(1 / n) : cachedGain(def, resolveParams(def, {})).gain / Math.sqrt(n);
  return { def, params: resolveParams(def, {}), init, std };
}

/** A table cell: the number's text, or "overflow" when it is not finite. */
function cell(text: string, value: number): string {
  return Number.isFinite(value) ? text : 'overflow';
}

function firstNonFinite(means: readonly number[], variances: readonly number[]): number | null {
  for (let l = 0; l < means.length; l++) if (!Number.isFinite(means[l] as number) || !Number.isFinite(variances[l] as number)) return l + 1;
  return null;
}

function meanAndVariance(v: Float64Array): [number, number] {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] as number;
  const mean = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += ((v[i] as number) - mean) ** 2;
  return [mean, ss / v.length];
}

export const seluNormalisation: Experiment<SeluNormalisationConfig, SeluNormalisationResult> = {
  id: 'selu-normalisation',
  title: 'Self-normalisation through 50 layers: ReLU/He vs SELU/LeCun',
  description:
    'Mean and variance of a 1000-unit activation vector after each of 50 random dense layers (x ← f(W·x), W ~ N(0, std²)), starting from a standard-normal vector, for each activation:init pair. ' +
    'For a fresh W, W·x is exactly distributed as std·‖x‖·ξ with ξ ~ N(0, I): with the default generator (method=auto or projected) each layer draws those n normals instead of the n² weights — the same stochastic process, not an approximation; method=matrices (and --rng numpy, for the chapter’s bits) draws the full matrices.',
  chapter: 'relu_variants.py: visualize_relu_variants(), "Self-Normalizing Property" panel',
  defaults: { pairs: ['relu:he', 'selu:lecun'], layers: 50, units: 1000, method: 'auto' },
  settings: {
    pairs: {
      type: 'list',
      maxItems: 16,
      entries: 'activation:init pairs (activation an id or a formula in z; init he, lecun or gain)',
      check: (value) => {
        for (const pair of value as readonly string[]) parsePair(pair, 1);
      },
      description: 'activation:init pairs, init = he | lecun | gain',
    },
    layers: { type: 'integer', min: 1, max: 1000, description: 'number of layers' },
    units: { type: 'integer', min: 1, max: 4096, description: 'units per layer' },
    method: {
      type: 'string',
      choices: LAYER_METHODS,
      description: 'how each layer’s W·x is drawn: projected (std·‖x‖·ξ, n normals: the same distribution), matrices (all n² weights, as the chapter), auto (projected; matrices with --rng numpy)',
    },
  },
  cost(config, rng) {
    const n = config.units;
    const p = config.pairs.length;
    const matrices = layerMethod(config.method, rng === undefined ? undefined : { kind: rng }) === 'matrices';
    const f = config.pairs.reduce((sum, pair) => sum + activationNanoseconds(pairActivation(pair)), 0);
    const perPair = matrices ? n * n * (NS_PER_NORMAL + NS_PER_FMA) : n * (NS_PER_NORMAL + 2 * NS_PER_FMA);
    return {
      bytes: 8 * ((matrices ? n * n : 1 << 14) + (p + 1) * n) + 16 * p * config.layers + 1e6,
      largestArray: 8 * (matrices ? n * n : Math.max(n, 1 << 14)),
      seconds: seconds(config.layers * (p * perPair + n * f)) + 0.05 * p,
      drivers: matrices ? 'layers × pairs × units²' : 'layers × pairs × units',
    };
  },
  run(config, rng: Rng, progress?: Progress<SeluNormalisationResult>) {
    const n = config.units;
    const pairs = config.pairs.map((p) => parsePair(p, n));
    const method = layerMethod(config.method, rng);
    // The chapter draws every starting vector first, then per layer one matrix per pair.
    const xs = pairs.map(() => rng.fillNormal(new Float64Array(n)));
    const w = new Float64Array(method === 'matrices' ? n * n : 0);
    const next = new Float64Array(n);
    const pool = new NormalPool(rng);
    const means = pairs.map(() => [] as number[]);
    const variances = pairs.map(() => [] as number[]);
    const result = (layersDone: number): SeluNormalisationResult => ({
      method,
      layersDone,
      series: pairs.map((pair, k) => ({
        activation: pair.def.id,
        init: pair.init,
        weightStd: pair.std,
        means: (means[k] as number[]).slice(0, layersDone),
        variances: (variances[k] as number[]).slice(0, layersDone),
        divergedAt: firstNonFinite(means[k] as number[], variances[k] as number[]),
      })),
    });
    for (let layer = 0; layer < config.layers; layer++) {
      pairs.forEach((pair, k) => {
        const x = xs[k] as Float64Array;
        if (method === 'matrices') matrixLayer(pair, x, w, next, rng);
        else projectedLayer(pair, x, pool);
        const [mean, variance] = meanAndVariance(x);
        (means[k] as number[]).push(mean);
        (variances[k] as number[]).push(variance);
      });
      const done = layer + 1;
      // Partial results about 50 times a run (every layer of a short one).
      const partial = progress && (done === 1 || done % Math.max(1, Math.floor(config.layers / 50)) === 0);
      progress?.(done / config.layers, `layer ${done}`, partial ? result(done) : undefined);
    }
    return result(config.layers);
  },
  report(result) {
    const lines = ['Self-normalisation: mean and variance per layer'];
    const header = ['layer', ...result.series.flatMap((s) => [`${activationLabel(s.activation)}/${s.init} mean`, 'variance'])];
    lines.push(header.join('  '));
    const layers = result.series[0]?.means.length ?? 0;
    for (let l = 0; l < layers; l++) {
      if (l < 5 || (l + 1) % 5 === 0) {
        lines.push(
          [String(l + 1).padStart(5), ...result.series.flatMap((s) => [cell((s.means[l] as number).toFixed(4), s.means[l] as number).padStart(s.activation.length + s.init.length + 6), cell((s.variances[l] as number).toExponential(3), s.variances[l] as number).padStart(8)])].join('  '),
        );
      }
    }
    for (const s of result.series) {
      if (s.divergedAt !== null) lines.push(`${activationLabel(s.activation)}/${s.init}: the activations overflowed at layer ${s.divergedAt} (non-finite mean or variance): diverged.`);
    }
    return lines.join('\n');
  },
};
