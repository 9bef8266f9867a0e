/**
 * Where an activation's features are, for any parameter values: its breakpoints (the kinks and
 * 0), f, f′ and f″ sampled on grids that are geometric in the distance from each breakpoint,
 * and the band of distances over which its curvature matters.
 *
 * A fixed grid (a 1/64 step over ±40) misses what lies at other scales — Swish with β = 0.02
 * has its minimum at z ≈ −64, with β = 10⁶ at z ≈ −1.3·10⁻⁶, a threshold may sit at 10⁷ — and
 * a grid fine enough for every scale at once cannot be walked. Distances 2^(j/2) from every
 * breakpoint, j from −2148 to 2047, reach every scale of float64 (5·10⁻³²⁴ … 1.3·10³⁰⁸) in
 * ~4,200 points per side, so every property below costs the same bounded time whatever the
 * parameters, and a feature of any size is seen by two points per octave (roots are then
 * bisected to the last bit).
 *
 * Parameters that push a feature out of float64 — a kink at ±∞, a minimum below the normal
 * range, a derivative that has not reached its limit by |z| = 1.3·10³⁰⁸ — are refused with an
 * {@link AnalysisDomainError} that says why, instead of being answered wrongly.
 * @module
 */
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { ActlabError } from '../errors.js';

/**
 * Parameters (or options) that are valid for the activation but put what the analysis must
 * compute outside float64 (or outside the documented limits of the analysis).
 */
export class AnalysisDomainError extends ActlabError {
  constructor(
    readonly activation: string,
    readonly reason: string,
  ) {
    super(`${activation}: ${reason}`, 'ANALYSIS_DOMAIN');
  }
}

/** Kinks, thresholds and bounds further out than this are refused (their neighbourhood would not be representable). */
export const MAX_KINK = 1e300;
/** The smallest positive normal float64: features closer to 0 than this have lost precision. */
export const MIN_NORMAL = 2.2250738585072014e-308;

/** Beyond this |z| a NaN from the definition is skipped rather than refused (see computeFeatures). */
const FAR = 1e100;
/** Points per octave of the geometric grids. */
const PER_OCTAVE = 2;
const FIRST_STEP = -1074 * PER_OCTAVE;
const LAST_STEP = 1024 * PER_OCTAVE - 1;
/** The distances 2^(j/2) of the grids, from 2⁻¹⁰⁷⁴ to just below 2¹⁰²⁴. */
const DISTANCES = Float64Array.from({ length: LAST_STEP - FIRST_STEP + 1 }, (_, i) => 2 ** ((FIRST_STEP + i) / PER_OCTAVE));

/** One-sided values of g next to a kink: at the neighbouring doubles and the ones after. */
export interface OneSided {
  readonly left: number;
  readonly right: number;
  /** How much g moves between the first and second neighbour on either side (its local slope × ulp). */
  readonly variation: number;
}

export interface KinkSample {
  readonly at: number;
  readonly f: OneSided;
  readonly df: OneSided;
  readonly d2f: OneSided;
  /** f, f′ at the kink itself (the definition's convention). */
  readonly value: number;
  readonly slope: number;
}

/**
 * The curvature band [dLo, dHi, dPeak] of one side of a breakpoint — f is linear to double
 * precision nearer than dLo and beyond dHi, and |f″|·d peaks at dPeak — or undefined where
 * f″ vanishes.
 */
export type Band = readonly [number, number, number] | undefined;

/** Where |f″|·d peaks on one side of a breakpoint: the length scale of the bend (e.g. 1/β for Swish). */
function peakDistance(z: Float64Array, d2v: Float64Array, b: number, side: 1 | -1): number | undefined {
  let best = 0;
  let at: number | undefined;
  for (let i = 0; i < z.length; i++) {
    const d = side * ((z[i] as number) - b);
    if (!(d > 0)) continue;
    const w = Math.abs(d2v[i] as number) * d;
    if (Number.isFinite(w) && w > best) {
      best = w;
      at = d;
    }
  }
  return at;
}

export interface Features {
  readonly def: ElementwiseActivation;
  readonly params: ParamValues;
  /** Sorted distinct kinks (all finite, |k| ≤ {@link MAX_KINK}). */
  readonly kinks: readonly number[];
  /** Sorted distinct kinks and 0. */
  readonly breakpoints: readonly number[];
  readonly kinkSamples: readonly KinkSample[];
  /** Sorted distinct sample points, none of them a kink (0 is one unless it is a kink). */
  readonly z: Float64Array;
  readonly df: Float64Array;
  readonly d2f: Float64Array;
  /** For each breakpoint: the band of distances on the left and on the right where f″ matters. */
  readonly bands: readonly { readonly at: number; readonly left: Band; readonly right: Band }[];
  /** f″ = 0 at every sample and on both sides of every kink. */
  readonly piecewiseLinear: boolean;
  /** The length scale of f's bend about 0 (where |f″|·|z| peaks), if f bends there. */
  readonly scaleAtZero: number | undefined;
  /**
   * f has its limits at ±∞ but f′ has none: it oscillates for ever (a periodic activation, Snake).
   * The Gaussian moments check their quadrature against a finer one then; the property sheet refuses.
   */
  readonly oscillating?: string;
}

/** The double next to x in the direction of `side`. */
function nextDouble(x: number, side: 1 | -1): number {
  if (x === 0) return side * Number.MIN_VALUE;
  const buffer = new Float64Array([x]);
  const bits = new BigInt64Array(buffer.buffer);
  const away = (x > 0) === (side > 0);
  bits[0] = (bits[0] as bigint) + (away ? 1n : -1n);
  return buffer[0] as number;
}

/**
 * One-sided values of g at k, from g(k ± δ) and g(k ± 2δ) extrapolated to k (exact for linear
 * pieces). δ is small against everything that happens near k (see kinkStep) but not so small
 * that the definition's own branch tests round it away: at the neighbouring double of a kink
 * of clip(z/6 + 1, 0, 1) the argument z/6 + 1 rounds back to 1.
 */
function oneSided(g: (z: number) => number, k: number, delta: number): OneSided {
  const [gl1, gl2, gr1, gr2] = [g(k - delta), g(k - 2 * delta), g(k + delta), g(k + 2 * delta)];
  const limit = (a: number, b: number) => {
    const x = 2 * a - b;
    return Number.isFinite(x) ? x : a;
  };
  return { left: limit(gl1, gl2), right: limit(gr1, gr2), variation: Math.max(Math.abs(gl2 - gl1), Math.abs(gr2 - gr1)) };
}

/**
 * The step δ for one-sided values at kink k: 2⁻⁴⁰ of the distance to the nearest other kink
 * (of 1 for a lone kink), and no more than where f starts to bend on either side (the curvature
 * bands: CELU with α = 10⁻¹⁵ bends within 10⁻¹⁵ of 0) — but at least four ulps of k.
 */
function kinkStep(k: number, kinks: readonly number[], left: Band, right: Band): number {
  let gap = Infinity;
  for (const other of kinks) if (other !== k) gap = Math.min(gap, Math.abs(other - k));
  let delta = 2 ** -40 * (gap === Infinity ? Math.max(1, Math.abs(k)) : gap);
  if (left) delta = Math.min(delta, left[0]);
  if (right) delta = Math.min(delta, right[0]);
  const ulp = Math.abs(nextDouble(k, 1) - k);
  return Math.max(delta, 4 * ulp);
}

/**
 * Whether the two one-sided values agree: within a few times the local variation (what g moves
 * per ulp) plus a few ulps of rounding in the definition.
 */
export function continuousAt(s: OneSided): boolean {
  if (s.left === s.right) return true;
  const scale = Math.max(Math.abs(s.left), Math.abs(s.right));
  return Math.abs(s.left - s.right) <= 4 * s.variation + 16 * Number.EPSILON * scale;
}

const cache: { key: string; def: ElementwiseActivation; features: Features }[] = [];

/** The features of an activation at these parameters (the last 32 are cached, ~0.8 MB each). */
export function features(def: ElementwiseActivation, params: ParamValues): Features {
  const key = JSON.stringify(params);
  const hit = cache.find((c) => c.def === def && c.key === key);
  if (hit) return hit.features;
  const computed = computeFeatures(def, params);
  cache.push({ key, def, features: computed });
  if (cache.length > 32) cache.shift();
  return computed;
}

function describe(params: ParamValues): string {
  const text = Object.entries(params).map(([k, v]) => `${k} = ${v}`);
  return text.length ? ` with ${text.join(', ')}` : '';
}

// size: one pass whose steps read each other's results in order: kinks, the roots of f′ and f″
// about them, oscillation, then the tails.
function computeFeatures(def: ElementwiseActivation, params: ParamValues): Features {
  const df = (z: number) => def.df(z, params);
  const d2f = (z: number) => def.d2f(z, params);
  const rawKinks = def.kinks(params);
  for (const k of rawKinks) {
    if (!Number.isFinite(k) || Math.abs(k) > MAX_KINK) {
      throw new AnalysisDomainError(
        def.id,
        `a kink at z = ${k}${describe(params)} lies beyond |z| = ${MAX_KINK}, where the analysis cannot resolve it`,
      );
    }
  }
  const kinks = [...new Set(rawKinks.map((k) => (k === 0 ? 0 : k)))].sort((a, b) => a - b);
  const breakpoints = [...new Set([...kinks, 0])].sort((a, b) => a - b);

  // Geometric grids about every breakpoint, merged.
  const points = new Float64Array(breakpoints.length * 2 * DISTANCES.length + 1);
  let count = 0;
  for (const b of breakpoints) {
    for (const d of DISTANCES) {
      const lo = b - d;
      const hi = b + d;
      if (lo !== b && lo > -Infinity) points[count++] = lo;
      if (hi !== b && hi < Infinity) points[count++] = hi;
    }
  }
  // 0 is a sample unless it is a kink: a root of f′ or f″ may sit exactly there (σ″(0) = 0).
  if (!kinks.includes(0)) points[count++] = 0;
  const sorted = points.subarray(0, count).sort();
  const isKink = new Set(kinks);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i] as number;
    if ((n === 0 || x !== sorted[n - 1]) && !isKink.has(x)) sorted[n++] = x;
  }
  // A definition that cannot be evaluated that far out (NaN beyond |z| = 1e100) is read only up
  // to where it can; NaN nearer in means the parameters break it, and is refused.
  const z = new Float64Array(n);
  const dv = new Float64Array(n);
  const d2v = new Float64Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    // f itself is read where it is needed (roots, kinks, quadrature nodes). f′ and f″ of finite
    // parameters at a finite z cannot overflow: ±∞ there, like NaN, is the definition failing.
    const b = df(x);
    const c = d2f(x);
    if (!Number.isFinite(b) || !Number.isFinite(c)) {
      if (Math.abs(x) >= FAR) continue;
      const what = b !== b || c !== c ? 'a derivative is NaN' : 'a derivative overflows';
      throw new AnalysisDomainError(def.id, `the definition fails at z = ${x}${describe(params)} (${what}), so its properties cannot be computed`);
    }
    z[kept] = x;
    dv[kept] = b;
    d2v[kept] = c;
    kept++;
  }
  n = kept;
  if (n < z.length) {
    return finish(def, params, kinks, breakpoints, z.slice(0, n), dv.slice(0, n), d2v.slice(0, n));
  }
  return finish(def, params, kinks, breakpoints, z, dv, d2v);
}

function finish(
  def: ElementwiseActivation,
  params: ParamValues,
  kinks: readonly number[],
  breakpoints: readonly number[],
  z: Float64Array,
  dv: Float64Array,
  d2v: Float64Array,
): Features {
  const f = (x: number) => def.f(x, params);
  const df = (x: number) => def.df(x, params);
  const d2f = (x: number) => def.d2f(x, params);
  const n = z.length;
  const kinkSamples = kinks.map((k) => {
    const delta = kinkStep(k, kinks, band(z, d2v, k, -1), band(z, d2v, k, 1));
    // Jumps in f are looked for a few ulps away, so that no jump hides below the step (threshold
    // at −1e-300 jumps by 1e-300); slopes and curvatures one step away (see kinkStep).
    const ulps = 4 * Math.abs(nextDouble(k, 1) - k);
    const sample: KinkSample = { at: k, f: oneSided(f, k, ulps), df: oneSided(df, k, delta), d2f: oneSided(d2f, k, delta), value: f(k), slope: df(k) };
    for (const v of [sample.f.left, sample.f.right, sample.df.left, sample.df.right, sample.d2f.left, sample.d2f.right, sample.value, sample.slope]) {
      if (Number.isNaN(v)) throw new AnalysisDomainError(def.id, `the definition returns NaN next to its kink at z = ${k}${describe(params)}`);
    }
    return sample;
  });

  // f′ must have reached its limit by the ends of float64: otherwise the features lie beyond.
  let oscillating: string | undefined;
  for (const side of [-1, 1] as const) {
    const limit = df(side * Infinity);
    if (Number.isNaN(f(side * Infinity))) {
      throw new AnalysisDomainError(def.id, `the definition has no limit as z → ${side > 0 ? '+' : '−'}∞${describe(params)}`);
    }
    if (Number.isNaN(limit)) {
      // A periodic activation (Snake): f has its limit, f′ oscillates for ever (see `oscillating`).
      oscillating = `f′ has no limit as z → ${side > 0 ? '+' : '−'}∞${describe(params)}: it oscillates (a periodic activation)`;
      continue;
    }
    const outer = dv[side > 0 ? n - 1 : 0] as number;
    let peak = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(dv[i] as number)) peak = Math.max(peak, Math.abs(dv[i] as number));
    const gap = Math.abs(outer - limit);
    if (Number.isFinite(limit) && !(gap <= 1e-6 * Math.max(Math.abs(limit), peak))) {
      throw new AnalysisDomainError(
        def.id,
        `f′ has not reached its limit ${limit} by z = ${z[side > 0 ? n - 1 : 0]} (it is ${outer} there)${describe(params)}: the activation's features lie beyond float64`,
      );
    }
  }

  const piecewiseLinear = d2v.every((v) => v === 0) && kinkSamples.every((k) => k.d2f.left === 0 && k.d2f.right === 0);
  const bands = breakpoints.map((b) => ({ at: b, left: band(z, d2v, b, -1), right: band(z, d2v, b, 1) }));
  const peaks = [peakDistance(z, d2v, 0, -1), peakDistance(z, d2v, 0, 1)].filter((d): d is number => d !== undefined);
  const scaleAtZero = peaks.length ? Math.min(...peaks) : undefined;
  return { def, params, kinks, breakpoints, kinkSamples, z, df: dv, d2f: d2v, bands, piecewiseLinear, scaleAtZero, ...(oscillating ? { oscillating } : {}) };
}

/**
 * The distances from b (on one side, up to the next breakpoint's grid) where |f″|·d — the
 * weight of f″ per unit of log-distance — is within 10⁻¹⁸ of its largest value there: inside
 * the band f bends, outside it f is linear to double precision.
 */
function band(z: Float64Array, d2v: Float64Array, b: number, side: 1 | -1): Band {
  let peak = 0;
  let peakAt = 0;
  for (let i = 0; i < z.length; i++) {
    const d = side * ((z[i] as number) - b);
    if (!(d > 0)) continue;
    const w = Math.abs(d2v[i] as number) * d;
    if (Number.isFinite(w) && w > peak) {
      peak = w;
      peakAt = d;
    }
  }
  if (peak === 0) return undefined;
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < z.length; i++) {
    const d = side * ((z[i] as number) - b);
    if (!(d > 0)) continue;
    const w = Math.abs(d2v[i] as number) * d;
    if (Number.isFinite(w) && w >= 1e-18 * peak) {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
  }
  return [lo, hi, peakAt];
}

/**
 * Each side of each breakpoint where f bends, in the order of {@link Features.bands} (left side
 * first): the breakpoint, the direction, the band [lo, hi, peak], and where ratio-√2 panels across
 * it start — nearer than 1/32 of where the bend peaks, each piece of f is analytic on a radius of
 * about the peak distance, so one 20-point panel there is exact to (1/32)^40.
 */
export function bendSides(features: Features): { at: number; side: 1 | -1; start: number; hi: number; peak: number }[] {
  const result: { at: number; side: 1 | -1; start: number; hi: number; peak: number }[] = [];
  for (const { at, left, right } of features.bands) {
    for (const [side, band] of [
      [-1, left],
      [1, right],
    ] as const) {
      if (!band) continue;
      const [lo, hi, peak] = band;
      result.push({ at, side, start: Math.max(lo, peak / 32), hi, peak });
    }
  }
  return result;
}

/** Index range [start, end) of the samples strictly between two consecutive kinks (±∞ at the ends). */
export function segments(features: Features): { lo: number; hi: number; start: number; end: number }[] {
  const edges = [-Infinity, ...features.kinks, Infinity];
  const result: { lo: number; hi: number; start: number; end: number }[] = [];
  let i = 0;
  const z = features.z;
  for (let s = 0; s + 1 < edges.length; s++) {
    const lo = edges[s] as number;
    const hi = edges[s + 1] as number;
    while (i < z.length && (z[i] as number) <= lo) i++;
    const start = i;
    while (i < z.length && (z[i] as number) < hi) i++;
    result.push({ lo, hi, start, end: i });
  }
  return result;
}
