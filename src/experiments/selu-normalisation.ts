/**
 * SELU's self-normalisation over 50 layers (relu_variants.py, `visualize_relu_variants`, the
 * third panel): a 1000-unit vector pushed forward through 50 random layers, mean and variance
 * per layer, for ReLU with He weights vs SELU with LeCun weights — or any other pairs.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { gain } from '../analysis/gain.js';
import { InvalidParameterError } from '../errors.js';
import type { Rng } from '../math/rng.js';
import { SELU_INITS } from './choices.js';
import { NS_PER_ACTIVATION, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import type { Experiment, Progress } from './types.js';

export interface SeluNormalisationConfig {
  readonly [key: string]: readonly string[] | number;
  /** Pairs "activation:init", init one of he (√2/√n — the chapter's He for ReLU), lecun (1/√n), gain (the activation's variance-preserving gain/√n). */
  readonly pairs: readonly string[];
  readonly layers: number;
  readonly units: number;
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
}

function parsePair(text: string, n: number): { def: ElementwiseActivation; params: ParamValues; init: string; std: number } {
  const parts = text.split(':');
  if (parts.length > 2) throw new InvalidParameterError('selu-normalisation', 'pairs', text, `activation:init with init one of: ${SELU_INITS.join(', ')}`);
  const [id = '', init = 'gain'] = parts;
  const def = getElementwise(id);
  if (!(SELU_INITS as readonly string[]).includes(init)) {
    throw new InvalidParameterError('selu-normalisation', 'pairs', text, `activation:init with init one of: ${SELU_INITS.join(', ')}`);
  }
  const std = init === 'he' ? Math.sqrt(2 / n) : init === 'lecun' ? Math.sqrt(1 / n) : gain(def).gain / Math.sqrt(n);
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
    'Mean and variance of a 1000-unit activation vector after each of 50 random dense layers (x ← f(W·x), W ~ N(0, std²)), starting from a standard-normal vector, for each activation:init pair.',
  chapter: 'relu_variants.py: visualize_relu_variants(), "Self-Normalizing Property" panel',
  defaults: { pairs: ['relu:he', 'selu:lecun'], layers: 50, units: 1000 },
  settings: {
    pairs: {
      type: 'list',
      maxItems: 16,
      entries: 'activation:init pairs (init he, lecun or gain)',
      check: (value) => {
        for (const pair of value as readonly string[]) parsePair(pair, 1);
      },
      description: 'activation:init pairs, init = he | lecun | gain',
    },
    layers: { type: 'integer', min: 1, max: 1000, description: 'number of layers' },
    units: { type: 'integer', min: 1, max: 4096, description: 'units per layer' },
  },
  cost(config) {
    const n = config.units;
    const p = config.pairs.length;
    return {
      bytes: 8 * (n * n + (p + 1) * n) + 16 * p * config.layers + 1e6,
      largestArray: 8 * n * n,
      seconds: seconds(config.layers * p * (n * n * (NS_PER_NORMAL + NS_PER_FMA) + n * NS_PER_ACTIVATION)) + 0.05 * p,
      drivers: 'layers × pairs × units²',
    };
  },
  run(config, rng: Rng, progress?: Progress) {
    const n = config.units;
    const pairs = config.pairs.map((p) => parsePair(p, n));
    // The chapter draws every starting vector first, then per layer one matrix per pair.
    const xs = pairs.map(() => rng.fillNormal(new Float64Array(n)));
    const w = new Float64Array(n * n);
    const next = new Float64Array(n);
    const means = pairs.map(() => [] as number[]);
    const variances = pairs.map(() => [] as number[]);
    for (let layer = 0; layer < config.layers; layer++) {
      pairs.forEach((pair, k) => {
        rng.fillNormal(w, pair.std);
        const x = xs[k] as Float64Array;
        for (let i = 0; i < n; i++) {
          let s = 0;
          const row = i * n;
          for (let j = 0; j < n; j++) s += (w[row + j] as number) * (x[j] as number);
          next[i] = pair.def.f(s, pair.params);
        }
        x.set(next);
        const [mean, variance] = meanAndVariance(x);
        (means[k] as number[]).push(mean);
        (variances[k] as number[]).push(variance);
      });
      progress?.((layer + 1) / config.layers);
    }
    return {
      series: pairs.map((pair, k) => ({
        activation: pair.def.id,
        init: pair.init,
        weightStd: pair.std,
        means: means[k] as number[],
        variances: variances[k] as number[],
        divergedAt: firstNonFinite(means[k] as number[], variances[k] as number[]),
      })),
    };
  },
  report(result) {
    const lines = ['Self-normalisation: mean and variance per layer'];
    const header = ['layer', ...result.series.flatMap((s) => [`${s.activation}/${s.init} mean`, 'variance'])];
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
      if (s.divergedAt !== null) lines.push(`${s.activation}/${s.init}: the activations overflowed at layer ${s.divergedAt} (non-finite mean or variance): diverged.`);
    }
    return lines.join('\n');
  },
};
