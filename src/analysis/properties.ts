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
import { checkVariance, gaussianMoments, type Moments } from './moments.js';

/** Infimum and supremum of a function's values, and whether each is attained. */
export interface Interval {
  readonly infimum: number;
  readonly supremum: number;
  readonly infimumAttained: boolean;
  readonly supremumAttained: boolean;
}

export interface Extremum {
  readonly kind: 'minimum' | 'maximum';
  readonly at: number;
  readonly value: number;
}

/** Continuity class at a kink: how many derivatives agree from both sides. */
export type Continuity = 'discontinuous' | 'C0' | 'C1' | 'C2';

export interface Kink {
  readonly at: number;
  readonly continuity: Continuity;
  /** One-sided limits [left, right] of f, f′, f″. */
  readonly f: readonly [number, number];
  readonly df: readonly [number, number];
  readonly d2f: readonly [number, number];
}

/** How f′ behaves as z → ±∞. */
export interface Saturation {
  /** lim f(z). */
  readonly limit: number;
  /** lim f′(z). */
  readonly derivativeLimit: number;
  /** f′ → 0. */
  readonly saturates: boolean;
  /** 'none' (f′ → a nonzero constant), 'exact' (f′ = 0 beyond the last kink), or the decay law of |f′|. */
  readonly decay: 'none' | 'exact' | 'power' | 'exponential' | 'gaussian' | 'cubic';
  /**
   * For the decay laws, fitted: |f′| ∝ |z|^power · e^{−coefficient·|z|^k} with k = 1, 2, 3
   * (exponential, Gaussian, cubic; the cubic law also has a linear `rate` term).
   */
  readonly power?: number;
  readonly coefficient?: number;
  readonly rate?: number;
  /** A short human description, e.g. "f′ ∝ e^{−1|z|}". */
  readonly description: string;
}

export interface Cost {
  /** Average calls per element to each transcendental Math function, for f and for f′. */
  readonly f: Readonly<Record<string, number>>;
  readonly df: Readonly<Record<string, number>>;
  /** Measured ns per element of the array kernel (forward, Float64Array of 2¹⁶). */
  readonly nsPerElement?: number;
}

export interface ElementwisePropertySheet {
  readonly kind: 'elementwise';
  readonly id: string;
  readonly name: string;
  readonly params: ParamValues;
  readonly range: Interval & { readonly bounded: boolean };
  readonly derivativeRange: Interval & {
    /** When f is piecewise linear, the finitely many values f′ takes. */
    readonly values?: readonly number[];
  };
  /** Non-decreasing everywhere. */
  readonly monotone: boolean;
  readonly extrema: readonly Extremum[];
  /** Kinks where f jumps down (each makes f non-monotone). */
  readonly decreasingJumps: readonly { readonly at: number; readonly from: number; readonly to: number }[];
  /** Where f′ < 0, when f is not monotone and neither an extremum nor a jump says so. */
  readonly negativeDerivativeAt?: number;
  readonly inflectionPoints: readonly number[];
  readonly kinks: readonly Kink[];
  /** The weakest continuity over all kinks; 'C∞' without kinks. */
  readonly smoothness: Continuity | 'C∞';
  readonly saturation: { readonly left: Saturation; readonly right: Saturation };
  /** Gaussian moments at z ~ N(0, q) (a moment too large for float64 is ±∞). */
  readonly moments: Moments;
  /** Variance-preserving gain 1/√E[f(z)²] at z ~ N(0, 1) (computed without forming E[f²], so finite even where E[f²] overflows). */
  readonly gain: number;
  readonly cost: Cost;
}

export interface VectorPropertySheet {
  readonly kind: 'vector';
  readonly id: string;
  readonly name: string;
  readonly params: ParamValues;
  /** Output length for an input row of length 8 (n, or n/2 for the gated family). */
  readonly outputLengthFor8: number;
  /** f(x + c) = f(x) for a constant shift c (checked on a probe vector). */
  readonly shiftInvariant: boolean;
  /** Outputs sum to 1 (checked on probe vectors). */
  readonly sumsToOne: boolean;
}

export type PropertySheet = ElementwisePropertySheet | VectorPropertySheet;

export interface PropertyOptions {
  /** Variance of z ~ N(0, q) for the moments (default 1; {@link MIN_VARIANCE} … {@link MAX_VARIANCE}). */
  readonly q?: number;
  /** Measure the kernel's ns/element (default true; a few ms). */
  readonly timing?: boolean;
}

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

/**
 * The sample indices beyond the outermost breakpoint on one side, nearest first, that
 * breakpoint, and the outermost kink on that side (where a constant tail would begin).
 */
function tail(features: Features, side: 1 | -1): { indices: number[]; edge: number; kink: number | undefined } {
  const edge = side > 0 ? (features.breakpoints[features.breakpoints.length - 1] as number) : (features.breakpoints[0] as number);
  const kink = side > 0 ? features.kinks[features.kinks.length - 1] : features.kinks[0];
  const indices: number[] = [];
  const z = features.z;
  if (side > 0) {
    for (let i = 0; i < z.length; i++) if ((z[i] as number) > edge) indices.push(i);
  } else {
    for (let i = z.length - 1; i >= 0; i--) if ((z[i] as number) < edge) indices.push(i);
  }
  return { indices, edge, kink };
}

/** Whether f′ (and f″) vanish at every sample beyond the outermost kink on one side. */
function flatBeyondKink(features: Features, side: 1 | -1, second: 'df' | 'd2f' | 'both'): boolean {
  const kink = side > 0 ? features.kinks[features.kinks.length - 1] : features.kinks[0];
  if (kink === undefined) return false;
  const z = features.z;
  for (let i = 0; i < z.length; i++) {
    if (side * ((z[i] as number) - kink) <= 0) continue;
    if (second !== 'd2f' && features.df[i] !== 0) return false;
    if (second !== 'df' && features.d2f[i] !== 0) return false;
  }
  return true;
}

function saturation(features: Features, side: 1 | -1): Saturation {
  const { def, params: p } = features;
  const limit = def.f(side * Infinity, p);
  const derivativeLimit = def.df(side * Infinity, p);
  const saturates = derivativeLimit === 0;
  const where = side > 0 ? 'z → +∞' : 'z → −∞';
  if (!saturates) {
    return { limit, derivativeLimit, saturates, decay: 'none', description: `no saturation: f′ → ${round(derivativeLimit)} as ${where}` };
  }
  const { indices, edge, kink } = tail(features, side);
  if (kink !== undefined && flatBeyondKink(features, side, 'df')) {
    return { limit, derivativeLimit, saturates, decay: 'exact', description: `hard: f′ = 0 for z ${side > 0 ? '>' : '<'} ${formatNumber(kink)}` };
  }
  // |f′| against the distance d from the edge: where it has decayed (below 10⁻⁸ of its peak)
  // but is still well above the subnormal range is where its law shows.
  const g = (d: number) => Math.abs(def.df(edge + side * d, p));
  let peak = 0;
  for (const i of indices) peak = Math.max(peak, Math.abs(features.df[i] as number));
  let start = NaN;
  let reach = NaN;
  for (const i of indices) {
    const v = Math.abs(features.df[i] as number);
    const d = side * ((features.z[i] as number) - edge);
    if (v >= 1e-8 * peak) {
      start = NaN;
      reach = NaN;
    } else if (v > 1e-280) {
      if (Number.isNaN(start)) start = d;
      reach = d;
    }
  }
  if (!(reach > 1.5 * start)) {
    return { limit, derivativeLimit, saturates, decay: 'exponential', description: `exponential or faster: |f′| falls below 1e-280 within a factor 1.5 in z as ${where}` };
  }
  // Power laws take decades of z to fall; exponentials a small factor.
  if (reach > 1000 * start) {
    const power = Math.log(g(reach / 4) / g(reach / 256)) / Math.log(64);
    return { limit, derivativeLimit, saturates, decay: 'power', power: round(power), description: `polynomial: |f′| ∝ |z|^${round(power)} as ${where}` };
  }
  // Classify by the dominant term of ln|f′| = a + b·ln u − r·u − c·u² − e·u³ in u = d/reach
  // (fitted through five points), then refit a, b and that term alone on the far half, where
  // lower-order corrections (swish′ ∝ e^z·(1 + z), GELU′ ∝ φ(z)·z·(1 − 1/z² + …)) have faded.
  // Fitting in u keeps every power of the argument near 1 at any scale.
  const fit = (us: readonly number[], terms: readonly ((u: number) => number)[]) =>
    solveLinear(
      us.map((u) => terms.map((t) => t(u))),
      us.map((u) => Math.log(g(u * reach))),
    );
  const one = () => 1;
  const logTerm = (u: number) => Math.log(u);
  const laws = [
    { decay: 'cubic' as const, k: 3, term: (u: number) => -u * u * u, label: (c: string) => `e^{−${c}|z|³}` },
    { decay: 'gaussian' as const, k: 2, term: (u: number) => -u * u, label: (c: string) => `e^{−${c}z²}` },
    { decay: 'exponential' as const, k: 1, term: (u: number) => -u, label: (c: string) => `e^{−${c}|z|}` },
  ];
  const u0 = start / reach;
  const five = [0, 1, 2, 3, 4].map((i) => u0 + ((1 - u0) * i) / 4);
  const full = fit(five, [one, logTerm, laws[2]!.term, laws[1]!.term, laws[0]!.term]);
  const strength = [full[4] as number, full[3] as number, full[2] as number];
  const law = laws[strength.findIndex((x) => x > 1)] ?? laws[2]!;
  // The cubic law also keeps a linear term: e^{−(r|z| + d|z|³)}, as for GELU-tanh, whose
  // argument √(2/π)(z + 0.044715z³) has both.
  const cubic = law.decay === 'cubic';
  const far = cubic ? [1 / 2, 2 / 3, 5 / 6, 1] : [1 / 2, 3 / 4, 1];
  const solution = fit(far, cubic ? [one, logTerm, laws[2]!.term, law.term] : [one, logTerm, law.term]);
  const power = round(solution[1] as number);
  const coefficient = significant((solution[cubic ? 3 : 2] as number) / reach ** law.k);
  const rate = cubic ? significant((solution[2] as number) / reach) : undefined;
  const shape = cubic ? `e^{−${rate}|z| − ${coefficient}|z|³}` : law.label(String(coefficient));
  return {
    limit,
    derivativeLimit,
    saturates,
    decay: law.decay,
    power,
    coefficient,
    ...(rate === undefined ? {} : { rate }),
    description: `${law.decay}: |f′| ∝ ${power ? `|z|^${power}·` : ''}${shape} as ${where}`,
  };
}

/** Six significant digits (for thresholds in descriptions). */
function formatNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
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

  // Extrema: sign changes of f′ between kinks (a sign change across a kink is a corner).
  const critical = rootsOf(feat, feat.df, df);
  const extrema: Extremum[] = critical.map(({ at, before }) => ({ kind: before < 0 ? 'minimum' : 'maximum', at, value: f(at) }));
  for (const k of kinks) {
    const [left, right] = k.df;
    if (left < 0 && right > 0) extrema.push({ kind: 'minimum', at: k.at, value: f(k.at) });
    if (left > 0 && right < 0) extrema.push({ kind: 'maximum', at: k.at, value: f(k.at) });
  }
  extrema.sort((a, b) => a.at - b.at);
  const inflectionPoints = rootsOf(feat, feat.d2f, d2f).map((r) => r.at);

  // A tail is constant (its limit attained) only beyond a true kink where f′ vanishes at every
  // sample: a smooth function whose f′ underflows (Swish with β = 10⁶) is not constant.
  const constantTail = (side: 1 | -1) => flatBeyondKink(feat, side, 'both');
  const range = interval(
    [...extrema.map((e) => e.value), ...feat.kinkSamples.map((k) => k.value)],
    [
      { value: f(-Infinity), constantTail: constantTail(-1) },
      { value: f(Infinity), constantTail: constantTail(1) },
    ],
    // One-sided limits matter only where f jumps; elsewhere they are f(k), already counted
    // (and next to a kink rounded from −b/a the neighbouring doubles may straddle the true one).
    kinks.flatMap((k) => (k.continuity === 'discontinuous' ? k.f : [])),
  );

  // Derivative range: f′ at the roots of f″, at kinks (value and one-sided limits), and at ±∞.
  const derivativeConstantTail = (side: 1 | -1) => flatBeyondKink(feat, side, 'd2f');
  let derivativeRange: ElementwisePropertySheet['derivativeRange'];
  if (feat.piecewiseLinear) {
    // f′ is piecewise constant: it takes finitely many values, each on an interval or at a kink.
    const values = new Set<number>();
    for (const v of feat.df) values.add(v === 0 ? 0 : v);
    for (const k of feat.kinkSamples) values.add(k.slope === 0 ? 0 : k.slope);
    const sorted = [...values].sort((a, b) => a - b);
    derivativeRange = {
      infimum: sorted[0] as number,
      supremum: sorted[sorted.length - 1] as number,
      infimumAttained: true,
      supremumAttained: true,
      values: sorted,
    };
  } else {
    derivativeRange = interval(
      [...inflectionPoints.map(df), ...feat.kinkSamples.map((k) => k.slope)],
      [
        { value: df(-Infinity), constantTail: derivativeConstantTail(-1) },
        { value: df(Infinity), constantTail: derivativeConstantTail(1) },
      ],
      kinks.flatMap((k) => (k.continuity === 'discontinuous' || k.continuity === 'C0' ? k.df : [])),
    );
  }

  let smoothness: Continuity | 'C∞' = 'C∞';
  for (const k of kinks) if (CONTINUITY_ORDER.indexOf(k.continuity) < CONTINUITY_ORDER.indexOf(smoothness)) smoothness = k.continuity;

  const decreasingJumps = kinks
    .filter((k) => k.continuity === 'discontinuous' && k.f[1] < k.f[0])
    .map((k) => ({ at: k.at, from: k.f[0], to: k.f[1] }));
  let negativeDerivativeAt: number | undefined;
  for (let i = 0; i < feat.z.length && negativeDerivativeAt === undefined; i++) if ((feat.df[i] as number) < 0) negativeDerivativeAt = feat.z[i];
  for (const k of kinks) if (negativeDerivativeAt === undefined && (k.df[0] < 0 || k.df[1] < 0)) negativeDerivativeAt = k.at;
  const monotone = !extrema.length && !decreasingJumps.length && negativeDerivativeAt === undefined && derivativeRange.infimum >= 0;

  const moments = gaussianMoments(def, p, q);
  const unitMoments = q === 1 ? moments : gaussianMoments(def, p, 1);
  const costSamples: number[] = [];
  for (let i = 0; i < 1000; i++) costSamples.push(-6 + (12 * (i + 0.5)) / 1000);
  const cost: Cost = {
    f: countCalls(f, costSamples),
    df: countCalls(df, costSamples),
    ...(options.timing === false ? {} : { nsPerElement: measureNanoseconds(def, p) }),
  };

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

/** x to three significant digits (fitted rates are estimates, not exact constants). */
function significant(x: number): number {
  return Number(x.toPrecision(3));
}

/** Rounds a fitted exponent to the nearest of k/100, snapping to integers and halves within 1%. */
function round(x: number): number {
  for (const step of [1, 0.5]) {
    const snapped = Math.round(x / step) * step;
    if (Math.abs(x - snapped) < 0.01 * Math.max(1, Math.abs(snapped))) return snapped;
  }
  return Math.round(x * 100) / 100;
}

/** Solves a small linear system by Gaussian elimination with partial pivoting. */
function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

const TRANSCENDENTALS = ['exp', 'expm1', 'log', 'log1p', 'tanh', 'sinh', 'cosh', 'sqrt', 'pow', 'log2', 'atan', 'cbrt'] as const;

/**
 * Average calls per element to each transcendental Math function while evaluating g at the
 * sample points — counted by wrapping the Math functions for the duration of the count.
 */
function countCalls(g: (z: number) => number, samples: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const math = Math as unknown as Record<string, (...args: number[]) => number>;
  const originals = TRANSCENDENTALS.map((name) => [name, math[name]] as const);
  try {
    for (const [name, original] of originals) {
      math[name] = (...args: number[]) => {
        counts[name] = (counts[name] ?? 0) + 1;
        return (original as (...a: number[]) => number)(...args);
      };
    }
    for (const z of samples) g(z);
  } finally {
    for (const [name, original] of originals) math[name] = original as (...args: number[]) => number;
  }
  const perElement: Record<string, number> = {};
  for (const [name, count] of Object.entries(counts)) perElement[name] = Math.round((count / samples.length) * 100) / 100;
  return perElement;
}

function measureNanoseconds(def: ElementwiseActivation, p: ParamValues): number {
  const n = 1 << 16;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = -8 + (16 * i) / n;
  const out = new Float64Array(n);
  forward(def, x, { params: p, out });
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    forward(def, x, { params: p, out });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(((times[2] as number) * 1e6) / n * 10) / 10;
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
