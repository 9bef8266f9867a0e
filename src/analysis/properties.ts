/**
 * The property sheet of an activation, computed from its one definition: range and derivative
 * range, monotonicity with every minimum and maximum, inflection points, smoothness at each
 * kink, saturation on each side and how fast, Gaussian moments, the variance-preserving gain,
 * and the cost of evaluating it. Nothing here is typed in: each entry comes from root finding
 * on f′ and f″, one-sided limits, the limits at ±∞ (which every definition returns exactly),
 * quadrature, or counting calls.
 * @module
 */
import { getActivation, resolveParams } from '../activations/index.js';
import type { Activation, ElementwiseActivation, ParamValues, VectorActivation } from '../activations/types.js';
import { forward } from '../kernels/index.js';
import { signChanges } from '../math/roots.js';
import { gaussianMoments, type Moments } from './moments.js';

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
  readonly inflectionPoints: readonly number[];
  readonly kinks: readonly Kink[];
  /** The weakest continuity over all kinks; 'C∞' without kinks. */
  readonly smoothness: Continuity | 'C∞';
  readonly saturation: { readonly left: Saturation; readonly right: Saturation };
  /** Gaussian moments at z ~ N(0, q). */
  readonly moments: Moments;
  /** Variance-preserving gain 1/√E[f(z)²] at z ~ N(0, 1). */
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
  /** Variance of z ~ N(0, q) for the moments (default 1). */
  readonly q?: number;
  /** Measure the kernel's ns/element (default true; a few ms). */
  readonly timing?: boolean;
}

/** The property sheet of an activation for given parameters (defaults fill in). */
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

/** One-sided limit of g at k from the side s = ±1, by linear extrapolation from two points. */
function oneSided(g: (z: number) => number, k: number, side: 1 | -1): number {
  const h = 1e-6 * Math.max(1, Math.abs(k));
  return 2 * g(k + side * h) - g(k + 2 * side * h);
}

function same(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b));
}

function analyseKink(def: ElementwiseActivation, p: ParamValues, k: number): Kink {
  const f = (z: number) => def.f(z, p);
  const df = (z: number) => def.df(z, p);
  const d2f = (z: number) => def.d2f(z, p);
  const fl: [number, number] = [oneSided(f, k, -1), oneSided(f, k, 1)];
  const dl: [number, number] = [oneSided(df, k, -1), oneSided(df, k, 1)];
  const d2l: [number, number] = [oneSided(d2f, k, -1), oneSided(d2f, k, 1)];
  const continuity: Continuity = !same(...fl) ? 'discontinuous' : !same(...dl) ? 'C0' : !same(...d2l) ? 'C1' : 'C2';
  return { at: k, continuity, f: fl, df: dl, d2f: d2l };
}

const CONTINUITY_ORDER: readonly (Continuity | 'C∞')[] = ['discontinuous', 'C0', 'C1', 'C2', 'C∞'];

/** Where the tail begins: beyond every kink and the interesting region. */
function tailStart(kinks: readonly number[]): number {
  return 8 + Math.max(0, ...kinks.map(Math.abs));
}

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
  return { infimum, supremum, infimumAttained, supremumAttained };
}

function saturation(def: ElementwiseActivation, p: ParamValues, side: 1 | -1, kinks: readonly number[]): Saturation {
  const limit = def.f(side * Infinity, p);
  const derivativeLimit = def.df(side * Infinity, p);
  const saturates = derivativeLimit === 0;
  const where = side > 0 ? 'z → +∞' : 'z → −∞';
  if (!saturates) {
    return { limit, derivativeLimit, saturates, decay: 'none', description: `no saturation: f′ → ${round(derivativeLimit)} as ${where}` };
  }
  const start = tailStart(kinks);
  const g = (z: number) => Math.abs(def.df(side * z, p));
  if (g(start) === 0 && g(2 * start) === 0 && g(4 * start) === 0) {
    return { limit, derivativeLimit, saturates, decay: 'exact', description: `hard: f′ = 0 for |z| beyond ${round(start - 8)}` };
  }
  // Power laws keep |f′| far from 0 far out; exponentials do not.
  const far = [start * 16, start * 64].map(g);
  if ((far[0] as number) > 0 && (far[1] as number) > 0 && Math.log((far[0] as number) / (far[1] as number)) / Math.log(4) < 8) {
    const a = 256 * start;
    const power = Math.log(g(4 * a) / g(a)) / Math.log(4);
    return {
      limit,
      derivativeLimit,
      saturates,
      decay: 'power',
      power: round(power),
      description: `polynomial: |f′| ∝ |z|^${round(power)} as ${where}`,
    };
  }
  // How far out |f′| is still representable (well above the subnormal range).
  let reach = start;
  while (reach < 1e6 && g(2 * reach) > 1e-280) reach *= 2;
  // Classify by the dominant term of ln|f′| = a + b·ln z − r·z − c·z² − d·z³ (fitted through
  // five points), then refit a, b and that term alone on the far half, where lower-order
  // corrections (swish′ ∝ e^z·(1 + z), GELU′ ∝ φ(z)·z·(1 − 1/z² + …)) have faded.
  const fit = (zs: readonly number[], terms: readonly ((z: number) => number)[]) =>
    solveLinear(
      zs.map((z) => terms.map((t) => t(z))),
      zs.map((z) => Math.log(g(z))),
    );
  const one = () => 1;
  const logTerm = (z: number) => Math.log(z);
  const laws = [
    { decay: 'cubic' as const, term: (z: number) => -z * z * z, label: (c: number) => `e^{−${c}|z|³}` },
    { decay: 'gaussian' as const, term: (z: number) => -z * z, label: (c: number) => `e^{−${c}z²}` },
    { decay: 'exponential' as const, term: (z: number) => -z, label: (c: number) => `e^{−${c}|z|}` },
  ];
  const five = [0, 1, 2, 3, 4].map((i) => start + ((reach - start) * i) / 4);
  const full = fit(five, [one, logTerm, laws[2]!.term, laws[1]!.term, laws[0]!.term]);
  const strength = [(full[4] as number) * reach ** 3, (full[3] as number) * reach ** 2, (full[2] as number) * reach];
  const law = laws[strength.findIndex((x) => x > 1)] ?? laws[2]!;
  // The cubic law also keeps a linear term: e^{−(r|z| + d|z|³)}, as for GELU-tanh, whose
  // argument √(2/π)(z + 0.044715z³) has both.
  const cubic = law.decay === 'cubic';
  const farPoints = cubic ? [reach / 2, (2 * reach) / 3, (5 * reach) / 6, reach] : [reach / 2, (3 * reach) / 4, reach];
  const solution = fit(farPoints, cubic ? [one, logTerm, laws[2]!.term, law.term] : [one, logTerm, law.term]);
  const power = round(solution[1] as number);
  const coefficient = significant(solution[cubic ? 3 : 2] as number);
  const rate = cubic ? significant(solution[2] as number) : undefined;
  const shape = cubic ? `e^{−${rate}|z| − ${coefficient}|z|³}` : law.label(coefficient);
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

function elementwiseSheet(def: ElementwiseActivation, p: ParamValues, options: PropertyOptions): ElementwisePropertySheet {
  const f = (z: number) => def.f(z, p);
  const df = (z: number) => def.df(z, p);
  const d2f = (z: number) => def.d2f(z, p);
  const kinkPoints = [...new Set(def.kinks(p))].sort((a, b) => a - b);
  const kinks = kinkPoints.map((k) => analyseKink(def, p, k));
  const reach = 40 + 2 * Math.max(0, ...kinkPoints.map(Math.abs));
  const step = 1 / 64;

  // Extrema: sign changes of f′ (between kinks; a sign change across a kink is a corner).
  const criticalPoints = signChanges(df, -reach, reach, step, kinkPoints);
  const extrema: Extremum[] = criticalPoints.map((at) => ({
    kind: df(at - 1e-6 * Math.max(1, Math.abs(at))) < 0 ? 'minimum' : 'maximum',
    at,
    value: f(at),
  }));
  // Corners where f′ changes sign across a kink are extrema too (e.g. |z|-like shapes).
  for (const k of kinks) {
    const [left, right] = k.df;
    if (left < 0 && right > 0) extrema.push({ kind: 'minimum', at: k.at, value: f(k.at) });
    if (left > 0 && right < 0) extrema.push({ kind: 'maximum', at: k.at, value: f(k.at) });
  }
  extrema.sort((a, b) => a.at - b.at);
  const inflectionPoints = signChanges(d2f, -reach, reach, step, kinkPoints);

  const start = tailStart(kinkPoints);
  const constantTail = (side: 1 | -1) => df(side * start) === 0 && df(side * 2 * start) === 0 && d2f(side * start) === 0;
  const range = interval(
    [...extrema.map((e) => e.value), ...kinkPoints.map(f)],
    [
      { value: f(-Infinity), constantTail: constantTail(-1) },
      { value: f(Infinity), constantTail: constantTail(1) },
    ],
    kinks.flatMap((k) => k.f),
  );

  // Derivative range: f′ at the roots of f″, at kinks (value and one-sided limits), and at ±∞.
  const derivativeConstantTail = (side: 1 | -1) => d2f(side * start) === 0 && d2f(side * 2 * start) === 0;
  const derivativeInterval = interval(
    [...inflectionPoints.map(df), ...kinkPoints.map(df)],
    [
      { value: df(-Infinity), constantTail: derivativeConstantTail(-1) },
      { value: df(Infinity), constantTail: derivativeConstantTail(1) },
    ],
    kinks.flatMap((k) => k.df),
  );
  // Piecewise linear: f″ = 0 everywhere sampled; then f′ takes finitely many values.
  const samples: number[] = [];
  for (let z = -reach; z <= reach; z += 0.125) samples.push(z);
  samples.push(...kinkPoints);
  const piecewiseLinear = samples.every((z) => d2f(z) === 0);
  const derivativeRange = piecewiseLinear
    ? { ...derivativeInterval, values: [...new Set(samples.map(df))].sort((a, b) => a - b) }
    : derivativeInterval;

  let smoothness: Continuity | 'C∞' = 'C∞';
  for (const k of kinks) if (CONTINUITY_ORDER.indexOf(k.continuity) < CONTINUITY_ORDER.indexOf(smoothness)) smoothness = k.continuity;

  const moments = gaussianMoments(def, p, options.q ?? 1);
  const unitMoments = (options.q ?? 1) === 1 ? moments : gaussianMoments(def, p, 1);
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
    monotone: !extrema.length && criticalPoints.length === 0 && kinks.every((k) => k.f[1] >= k.f[0]) && derivativeRange.infimum >= 0,
    extrema,
    inflectionPoints,
    kinks,
    smoothness,
    saturation: { left: saturation(def, p, -1, kinkPoints), right: saturation(def, p, 1, kinkPoints) },
    moments,
    gain: 1 / Math.sqrt(unitMoments.meanSquare),
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
