/**
 * Random dense layers drawn by their action on one vector instead of entry by entry.
 *
 * If W is an n×n matrix of i.i.d. N(0, σ²) entries drawn independently of a vector v, then
 * Wᵀv (and W·v) is exactly distributed as σ‖v‖·ξ with ξ ~ N(0, I_n): each component is a sum
 * of independent normals with variance σ²·Σᵢvᵢ² = σ²‖v‖², and components of different columns
 * share no entry of W, so they are independent. A fresh W at every layer therefore makes the
 * whole sequence of vectors (v₁, v₂, …) the same stochastic process whether each layer draws
 * its n² weights and multiplies, or draws n normals ξ and scales them — the second costs n
 * normals per layer instead of n² normals and n² multiply-adds. This is not an approximation:
 * every statistic of the run (means, variances, overflow) has the same distribution. Only the
 * random numbers differ, so the numbers of a seed change (numpy's mode keeps the full matrices
 * for the chapter's bits).
 * @module
 */
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { gainFromMoments, type GainReport } from '../analysis/gain.js';
import { gaussianMoments, type Moments } from '../analysis/moments.js';
import type { Rng } from '../math/rng.js';

/** How a random layer's product is drawn: `projected` (σ‖v‖·ξ) or `matrices` (all n² weights). */
export const LAYER_METHODS = ['auto', 'projected', 'matrices'] as const;
export type LayerMethod = 'projected' | 'matrices';

/**
 * The method a run uses: `auto` is `projected` with the default generator and `matrices` with
 * numpy's (the chapter's programs draw the matrices, and textbook mode reproduces their bits).
 */
export function layerMethod(setting: string, rng: Pick<Rng, 'kind'> | undefined): LayerMethod {
  if (setting === 'projected' || setting === 'matrices') return setting;
  return rng?.kind === 'numpy' ? 'matrices' : 'projected';
}

/**
 * Standard normals drawn in bulk (the generator's WebAssembly fill) and handed out `count` at a
 * time. Which normals are handed out depends only on the counts asked for, never on values, so
 * the values handed out are i.i.d. N(0, 1) like single draws.
 */
export class NormalPool {
  private pool: Float64Array = new Float64Array(0);
  private next = 0;

  constructor(
    private readonly rng: Rng,
    /** Normals per refill (rounded to a multiple of the count asked for). */
    private readonly target = 1 << 14,
  ) {}

  /** The pool's current values: read the `count` at the offset {@link NormalPool.take} returned, before the next take. */
  get values(): Float64Array {
    return this.pool;
  }

  /** Reserves the next `count` normals; returns their offset in {@link NormalPool.values}. */
  take(count: number): number {
    if (this.next + count > this.pool.length) {
      if (this.pool.length < count || this.pool.length % count !== 0) this.pool = new Float64Array(count * Math.max(1, Math.floor(this.target / count)));
      this.rng.fillNormal(this.pool);
      this.next = 0;
    }
    const at = this.next;
    this.next += count;
    return at;
  }
}

/** √(Σ vᵢ²) over v[from … from + count), scaled so that it overflows only when the norm itself does. */
export function scaledNorm(v: Float64Array, from = 0, count = v.length - from): number {
  let scale = 0;
  for (let i = from; i < from + count; i++) scale = Math.max(scale, Math.abs(v[i] as number));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = from; i < from + count; i++) {
    const r = (v[i] as number) / scale;
    sum += r * r;
  }
  return scale * Math.sqrt(sum);
}

const GAINS = new Map<string, GainReport>();
const MOMENTS = new Map<string, Moments>();
const keyOf = (def: ElementwiseActivation, params: ParamValues, q = 1) => `${def.id}|${JSON.stringify(params)}|${q}`;
/** Entries each cache keeps: the registry's few dozen activations, and the formulas typed lately (oldest dropped first). */
const MAX_CACHED = 512;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * {@link gain} of an activation, remembered for the life of the module (a slider nudge reruns
 * an experiment with the same activations: their Gaussian quadratures need not be redone).
 */
export function cachedGain(def: ElementwiseActivation, params: ParamValues): GainReport {
  const key = keyOf(def, params);
  let report = GAINS.get(key);
  if (!report) report = remember(GAINS, key, gainFromMoments(def, params, cachedMoments(def, params, 1)));
  return report;
}

/** {@link gaussianMoments}, remembered like {@link cachedGain}. */
export function cachedMoments(def: ElementwiseActivation, params: ParamValues, q = 1): Moments {
  const key = keyOf(def, params, q);
  let moments = MOMENTS.get(key);
  if (!moments) moments = remember(MOMENTS, key, gaussianMoments(def, params, q));
  return moments;
}

/** {@link cachedMoments} if they are remembered already, else undefined (no quadrature). */
export function knownMoments(def: ElementwiseActivation, params: ParamValues, q = 1): Moments | undefined {
  return MOMENTS.get(keyOf(def, params, q));
}
