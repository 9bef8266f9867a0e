/**
 * The property sheet of an activation, computed from its one definition: range and derivative
 * range, monotonicity with every minimum and maximum, inflection points, smoothness at each
 * kink, saturation on each side and how fast, Gaussian moments, the variance-preserving gain,
 * and the cost of evaluating it. Nothing here is typed in: each entry comes from root finding
 * on f′ and f″, one-sided limits, the limits at ±∞ (which every definition returns exactly),
 * quadrature, or counting calls. The search runs on grids geometric in the distance from every
 * kink and 0 ({@link features}), so a minimum at −64 (Swish, β = 0.02), at −1.3·10⁻⁶ (β = 10⁶)
 * or a threshold at 10⁷ is found in the same bounded time as the defaults.
 * @module
 */
import { getActivation, resolveParams, type ElementwiseName, type VectorName } from '../activations/index.js';
import type { Activation, ElementwiseActivation, ParamValues, VectorActivation } from '../activations/types.js';
import { forward } from '../kernels/index.js';
import { bisect } from '../math/roots.js';
import { AnalysisDomainError, continuousAt, features, MIN_NORMAL, segments, type Features, type KinkSample } from './features.js';
import { checkVariance, gaussianMoments } from './moments.js';
import { costOf } from './properties/cost.js';
import { flatBeyondKink, saturation } from './properties/saturation.js';
import type { Continuity, ElementwisePropertySheet, Extremum, Interval, Kink, PropertyOptions, PropertySheet, VectorPropertySheet } from './properties/types.js';

export type {
  Continuity,
  Cost,
  ElementwisePropertySheet,
  Extremum,
  Interval,
  Kink,
  PropertyOptions,
  PropertySheet,
  Saturation,
  VectorPropertySheet,
} from './properties/types.js';

/**
 * The property sheet of an activation for given parameters (defaults fill in). Bounded time
 * (well under a second) for any valid parameters.
 * @throws {InvalidParameterError} for bad parameters or a q outside [1e-300, 1e300].
 * @throws {AnalysisDomainError} when valid parameters put a feature beyond what float64 can
 *   resolve (a kink beyond ±1e300, a minimum below the normal range, f′ not yet at its limit by
 *   |z| = 1.3e308) or the definition returns NaN there; the message says which.
 */
export function properties(
  activation: ElementwiseName | ElementwiseActivation,
  params?: Readonly<Record<string, number>>,
  options?: PropertyOptions,
): ElementwisePropertySheet;
export function properties(activation: VectorName | VectorActivation, params?: Readonly<Record<string, number>>, options?: PropertyOptions): VectorPropertySheet;
export function properties(activation: string | Activation, params?: Readonly<Record<string, number>>, options?: PropertyOptions): PropertySheet;
export function properties(
  activation: string | Activation,
  params: Readonly<Record<string, number>> = {},
  options: PropertyOptions = {},
): PropertySheet {
  const definition = typeof activation === 'string' ? getActivation(activation) : activation;
  const values = resolveParams(definition, params);
  if (definition.kind === 'vector') return vectorSheet(definition, values);
  return elementwiseSheet(definition, values, options);
}

// ─────────────────────────────── elementwise ───────────────────────────────

function analyseKink(sample: KinkSample): Kink {
  const continuity: Continuity = !continuousAt(sample.f) ? 'discontinuous' : !continuousAt(sample.df) ? 'C0' : !continuousAt(sample.d2f) ? 'C1' : 'C2';
  return {
    at: sample.at,
    continuity,
    f: [sample.f.left, sample.f.right],
    df: [sample.df.left, sample.df.right],
    d2f: [sample.d2f.left, sample.d2f.right],
  };
}

const CONTINUITY_ORDER: readonly (Continuity | 'C∞')[] = ['discontinuous', 'C0', 'C1', 'C2', 'C∞'];

/**
 * Infimum/supremum of g over the candidates: values at interior critical points and kinks
 * (attained) and the limits at ±∞ (attained only if g is constant in that tail).
 */
function interval(
  attainedValues: readonly number[],
  limits: readonly { value: number; constantTail: boolean }[],
  extraUnattained: readonly number[] = [],
): Interval {
  let infimum = Infinity;
  let supremum = -Infinity;
  let infimumAttained = false;
  let supremumAttained = false;
  const consider = (v: number, attained: boolean) => {
    if (Number.isNaN(v)) return;
    if (v < infimum || (v === infimum && attained)) {
      infimumAttained = v < infimum ? attained : infimumAttained || attained;
      infimum = v;
    }
    if (v > supremum || (v === supremum && attained)) {
      supremumAttained = v > supremum ? attained : supremumAttained || attained;
      supremum = v;
    }
  };
  for (const v of attainedValues) consider(v, true);
  for (const { value, constantTail } of limits) consider(value, constantTail && Number.isFinite(value));
  for (const v of extraUnattained) consider(v, false);
  // −0 and 0 are the same bound; print 0.
  return { infimum: infimum === 0 ? 0 : infimum, supremum: supremum === 0 ? 0 : supremum, infimumAttained, supremumAttained };
}

/** Roots of g (sampled as `values` at the feature points) strictly inside each segment between breakpoints. */
function rootsOf(features: Features, values: Float64Array, g: (z: number) => number): { at: number; before: number }[] {
  const roots: { at: number; before: number }[] = [];
  const z = features.z;
  for (const segment of segments(features)) {
    let last = -1;
    for (let i = segment.start; i < segment.end; i++) {
      const v = values[i] as number;
      if (v === 0) continue;
      if (last >= 0 && v < 0 !== (values[last] as number) < 0) {
        const at = last === i - 1 ? bisect(g, z[last] as number, z[i] as number) : (z[last + 1] as number);
        roots.push({ at, before: values[last] as number });
      }
      last = i;
    }
  }
  // A root closer to 0 than the normal range is located only to a few subnormal ulps: where
  // g(0) = 0 it is 0 (σ″ at 0, seen through the underflow of σ″(z) ≈ −z/8); otherwise it is a
  // feature below what float64 resolves in relative terms, and refused.
  const result: { at: number; before: number }[] = [];
  for (const r of roots) {
    if (r.at !== 0 && Math.abs(r.at) < MIN_NORMAL) {
      if (g(0) !== 0) {
        throw new AnalysisDomainError(
          features.def.id,
          `a critical or inflection point lies at z = ${r.at}, below the normal float64 range (|z| < ${MIN_NORMAL}), where it cannot be located accurately; the parameters ${JSON.stringify(features.params)} are too extreme`,
        );
      }
      r.at = 0;
    }
    if (!result.some((x) => x.at === r.at)) result.push(r);
  }
  return result;
}

/** Minima and maxima: sign changes of f′ between kinks, and corners where f′ changes sign across a kink. */
function extremaOf(feat: Features, kinks: readonly Kink[], f: (z: number) => number, df: (z: number) => number): Extremum[] {
  const critical = rootsOf(feat, feat.df, df);
  const extrema: Extremum[] = critical.map(({ at, before }) => ({ kind: before < 0 ? 'minimum' : 'maximum', at, value: f(at) }));
  for (const k of kinks) {
    const [left, right] = k.df;
    if (left < 0 && right > 0) extrema.push({ kind: 'minimum', at: k.at, value: f(k.at) });
    if (left > 0 && right < 0) extrema.push({ kind: 'maximum', at: k.at, value: f(k.at) });
  }
  extrema.sort((a, b) => a.at - b.at);
  return extrema;
}

/**
 * The range of f: its values at extrema and kinks, and its limits at ±∞. A tail is constant
 * (its limit attained) only beyond a true kink where f′ vanishes at every sample: a smooth
 * function whose f′ underflows (Swish with β = 10⁶) is not constant.
 */
function rangeOf(feat: Features, kinks: readonly Kink[], extrema: readonly Extremum[], f: (z: number) => number): Interval {
  const constantTail = (side: 1 | -1) => flatBeyondKink(feat, side, 'both');
  return interval(
    [...extrema.map((e) => e.value), ...feat.kinkSamples.map((k) => k.value)],
    [
      { value: f(-Infinity), constantTail: constantTail(-1) },
      { value: f(Infinity), constantTail: constantTail(1) },
    ],
    // One-sided limits matter only where f jumps; elsewhere they are f(k), already counted
    // (and next to a kink rounded from −b/a the neighbouring doubles may straddle the true one).
    kinks.flatMap((k) => (k.continuity === 'discontinuous' ? k.f : [])),
  );
}

/** Derivative range: f′ at the roots of f″, at kinks (value and one-sided limits), and at ±∞. */
function derivativeRangeOf(feat: Features, kinks: readonly Kink[], inflectionPoints: readonly number[], df: (z: number) => number): ElementwisePropertySheet['derivativeRange'] {
  const derivativeConstantTail = (side: 1 | -1) => flatBeyondKink(feat, side, 'd2f');
  if (feat.piecewiseLinear) {
    // f′ is piecewise constant: it takes finitely many values, each on an interval or at a kink.
    const values = new Set<number>();
    for (const v of feat.df) values.add(v === 0 ? 0 : v);
    for (const k of feat.kinkSamples) values.add(k.slope === 0 ? 0 : k.slope);
    const sorted = [...values].sort((a, b) => a - b);
    return {
      infimum: sorted[0] as number,
      supremum: sorted[sorted.length - 1] as number,
      infimumAttained: true,
      supremumAttained: true,
      values: sorted,
    };
  }
  return interval(
    [...inflectionPoints.map(df), ...feat.kinkSamples.map((k) => k.slope)],
    [
      { value: df(-Infinity), constantTail: derivativeConstantTail(-1) },
      { value: df(Infinity), constantTail: derivativeConstantTail(1) },
    ],
    kinks.flatMap((k) => (k.continuity === 'discontinuous' || k.continuity === 'C0' ? k.df : [])),
  );
}

/** Whether f is monotone; if not, its downward jumps and (failing extrema and jumps) where f′ < 0. */
function monotonicity(
  feat: Features,
  kinks: readonly Kink[],
  extrema: readonly Extremum[],
  derivativeRange: Interval,
): Pick<ElementwisePropertySheet, 'monotone' | 'decreasingJumps'> & { negativeDerivativeAt: number | undefined } {
  const decreasingJumps = kinks
    .filter((k) => k.continuity === 'discontinuous' && k.f[1] < k.f[0])
    .map((k) => ({ at: k.at, from: k.f[0], to: k.f[1] }));
  let negativeDerivativeAt: number | undefined;
  for (let i = 0; i < feat.z.length && negativeDerivativeAt === undefined; i++) if ((feat.df[i] as number) < 0) negativeDerivativeAt = feat.z[i];
  for (const k of kinks) if (negativeDerivativeAt === undefined && (k.df[0] < 0 || k.df[1] < 0)) negativeDerivativeAt = k.at;
  const monotone = !extrema.length && !decreasingJumps.length && negativeDerivativeAt === undefined && derivativeRange.infimum >= 0;
  return { monotone, decreasingJumps, negativeDerivativeAt };
}

function elementwiseSheet(def: ElementwiseActivation, p: ParamValues, options: PropertyOptions): ElementwisePropertySheet {
  const q = options.q ?? 1;
  checkVariance(def.id, q, 'q');
  const f = (z: number) => def.f(z, p);
  const df = (z: number) => def.df(z, p);
  const d2f = (z: number) => def.d2f(z, p);
  const feat = features(def, p);
  // Saturation, the derivative's limits and the tails' laws do not exist for an oscillating f′.
  if (feat.oscillating) throw new AnalysisDomainError(def.id, `${feat.oscillating}, so it has no saturation or tail law: no property sheet (its Gaussian moments and gain are computed)`);
  const kinks = feat.kinkSamples.map(analyseKink);
  const extrema = extremaOf(feat, kinks, f, df);
  const inflectionPoints = rootsOf(feat, feat.d2f, d2f).map((r) => r.at);
  const range = rangeOf(feat, kinks, extrema, f);
  const derivativeRange = derivativeRangeOf(feat, kinks, inflectionPoints, df);

  let smoothness: Continuity | 'C∞' = 'C∞';
  for (const k of kinks) if (CONTINUITY_ORDER.indexOf(k.continuity) < CONTINUITY_ORDER.indexOf(smoothness)) smoothness = k.continuity;
  const { monotone, decreasingJumps, negativeDerivativeAt } = monotonicity(feat, kinks, extrema, derivativeRange);
  const moments = gaussianMoments(def, p, q);
  const unitMoments = q === 1 ? moments : gaussianMoments(def, p, 1);
  const cost = costOf(def, p, options);

  return {
    kind: 'elementwise',
    id: def.id,
    name: def.name,
    params: p,
    range: { ...range, bounded: Number.isFinite(range.infimum) && Number.isFinite(range.supremum) },
    derivativeRange,
    monotone,
    extrema,
    decreasingJumps,
    ...(monotone || negativeDerivativeAt === undefined || extrema.length || decreasingJumps.length ? {} : { negativeDerivativeAt }),
    inflectionPoints,
    kinks,
    smoothness,
    saturation: { left: saturation(feat, -1), right: saturation(feat, 1) },
    moments,
    gain: 1 / unitMoments.rootMeanSquare,
    cost,
  };
}

// ─────────────────────────────── vector ───────────────────────────────

function vectorSheet(def: VectorActivation, p: ParamValues): VectorPropertySheet {
  const probe = Float64Array.from([0.3, -1.2, 2.5, 0, -4, 1.1, 0.7, -0.2]);
  const y = forward(def, probe, { params: p });
  const shifted = forward(def, probe.map((v) => v + 3.25), { params: p });
  const shiftInvariant = y.every((v, i) => Math.abs(v - (shifted[i] as number)) <= 1e-12 * Math.max(1, Math.abs(v)));
  const sum = y.reduce((a, b) => a + b, 0);
  return {
    kind: 'vector',
    id: def.id,
    name: def.name,
    params: p,
    outputLengthFor8: y.length,
    shiftInvariant,
    sumsToOne: Math.abs(sum - 1) <= 1e-14,
  };
}
