/**
 * Gaussian moments of an activation: E[f(z)], E[f(z)²], E[f′(z)], E[f′(z)²] for z ~ N(0, q),
 * accurate in relative terms for every q in [10⁻³⁰⁰, 10³⁰⁰] and every parameter value the
 * analysis accepts. These are the numbers behind zero-centredness, initialisation gains and
 * mean-field theory.
 *
 * Three things go wrong with a plain quadrature of f·φ on a fixed grid, and are avoided here:
 *
 * - **Scale.** Panels are placed where the integrand bends: every 0.5 standard deviations, at
 *   every kink, and geometrically (ratio √2) across the band of distances from each breakpoint
 *   where f″ matters ({@link features}) — so Swish with β = 10⁶ under q = 10⁴⁰ is resolved
 *   as well as at β = 1, q = 1, with the same few thousand nodes.
 * - **Cancellation.** At q = 10⁻⁴⁰, E[GELU(z)] = 3.99·10⁻⁴¹ is the sum of terms ±z/2 ≈ 10⁻²⁰:
 *   summing f·φ leaves only rounding (−1.06·10⁻³⁷ before). E[f] is computed instead from
 *   Taylor's formula with integral remainder, which only ever adds same-signed curvature:
 *   E[f(z)] = f(0) + ∫ f″(t)·√q·ψ(|t|/√q) dt + Σ_kinks (Δf′·√q·ψ(|k|/√q) + sign(k)·Δf·Q(|k|/√q)),
 *   with ψ(u) = E[(x − u)₊] = φ(u) − u·Q(u), x ~ N(0, 1); and E[f′] from the first-order
 *   form E[g] = g(0) + ∫ g′(t)·sign(t)·Q(|t|/√q) dt + Σ_kinks sign(k)·Δg·Q(|k|/√q), g = f′.
 *   (f(0) and g(0) are the averages of the one-sided values when 0 is a kink.)
 * - **Overflow.** Each sum is taken in units of a power of two near its largest term, so a
 *   moment too large for float64 comes out as ±∞ (never NaN), and √E[f²] — hence the gain —
 *   stays finite even where E[f²] itself overflows (ELU with α = 10¹⁵⁵).
 * @module
 */
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import { normalCdfSeries, normalPdf, normalTail } from '../math/normal.js';
import { CompensatedSum, gaussLegendre, panelNodes } from '../math/quadrature.js';
import { AnalysisDomainError, bendSides, features, type Features } from './features.js';

export interface Moments {
  /** Variance q of the pre-activation z ~ N(0, q). */
  readonly q: number;
  /** E[f(z)]. */
  readonly mean: number;
  /** E[f(z)²] (∞ when it exceeds float64). */
  readonly meanSquare: number;
  /** E[f′(z)]. */
  readonly meanDerivative: number;
  /** E[f′(z)²] (∞ when it exceeds float64). */
  readonly meanDerivativeSquare: number;
  /** √E[f(z)²], finite even where E[f²] overflows. */
  readonly rootMeanSquare: number;
  /** √E[f′(z)²], finite even where E[f′²] overflows. */
  readonly rootMeanDerivativeSquare: number;
}

/** The variances the analysis accepts: the moments of every activation stay normal floats. */
export const MIN_VARIANCE = 1e-300;
export const MAX_VARIANCE = 1e300;

/**
 * Checks a variance option.
 * @throws {InvalidParameterError} unless MIN_VARIANCE ≤ q ≤ MAX_VARIANCE.
 */
export function checkVariance(what: string, q: number, name = 'q'): void {
  if (!(q >= MIN_VARIANCE && q <= MAX_VARIANCE)) {
    throw new InvalidParameterError(what, name, q, `a finite number in [${MIN_VARIANCE}, ${MAX_VARIANCE}]`);
  }
}

const RULE = gaussLegendre(20);
/** Beyond 39 standard deviations φ < 10⁻³³⁰: nothing left to integrate. */
const REACH = 39;

/** ψ(u) = E[(x − u)₊] = φ(u) − u·Q(u) for u ≥ 0 (relative error ≲ u²·2⁻⁵², negligible where it matters). */
function gaussianLoss(u: number): number {
  if (u > 38.5) return 0;
  return normalPdf(u) - u * normalTail(u);
}

/** ψ(u) − ψ(0) = φ(0)·(e^{−u²/2} − 1) − u·Q(u) ≤ 0, without cancellation for small u. */
function lossBelowPeak(u: number): number {
  return normalPdf(0) * Math.expm1(-0.5 * u * u) - u * normalTail(u);
}

/** Φ(u) − ½ for u ≥ 0, in relative terms also for small u. */
function halfWidth(u: number): number {
  return u <= 2 ? u * normalCdfSeries(u * u) : 0.5 - normalTail(u);
}

/**
 * Σ value·weight kept as pairs, evaluated in units of a power of two near the largest value
 * (±∞ on overflow, never NaN), with a bound on its rounding error: ε·Σ|value·weight|.
 */
class Terms {
  private readonly values: number[] = [];
  private readonly weights: number[] = [];
  add(value: number, weight: number): this {
    if (weight !== 0 && value !== 0) {
      this.values.push(value);
      this.weights.push(weight);
    }
    return this;
  }
  get value(): number {
    return scaledDot(this.values, this.weights);
  }
  /** Σ|value·weight| relative to the largest value (scale-free, for comparing arrangements). */
  get magnitude(): number {
    const scale = powerOfTwoAbove(this.values);
    let sum = 0;
    for (let i = 0; i < this.values.length; i++) sum += Math.abs(((this.values[i] as number) / scale) * (this.weights[i] as number));
    return scale === Infinity ? Infinity : sum * scale;
  }
  /** The value of whichever arrangement has the smaller rounding bound. */
  static best(a: Terms, b: Terms): number {
    const [ma, mb] = [a.magnitude, b.magnitude];
    return mb < ma ? b.value : a.value;
  }
}

/** Panel edges (in z) for variance s²: every half standard deviation, the breakpoints, and the curvature bands. */
function panelEdges(feat: Features, s: number): Float64Array {
  const limit = REACH * s;
  const edges: number[] = [];
  for (let i = -2 * REACH; i <= 2 * REACH; i++) edges.push((s * i) / 2);
  for (const b of feat.breakpoints) if (Math.abs(b) < limit) edges.push(b);
  for (const { at, side, start, hi } of bendSides(feat)) {
    for (let d = start; d <= hi * 1.5; d *= Math.SQRT2) {
      const z = at + side * d;
      if (Math.abs(z) < limit) edges.push(z);
      else if ((side > 0 ? z - at : at - z) > 2 * limit) break;
    }
  }
  const sorted = Float64Array.from(edges).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] as number;
  return sorted.slice(0, n);
}

/** A power of two at least max|v| (1 when all are 0), so that v/scale stays in [−1, 1] exactly. */
function powerOfTwoAbove(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i] as number));
  if (max === 0) return 1;
  if (max === Infinity) return Infinity;
  return 2 ** Math.ceil(Math.log2(max));
}

/** Σ values[i]·weights[i], in units of a power of two near the largest value: ±∞ on overflow, never NaN. */
function scaledDot(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const scale = powerOfTwoAbove(values);
  if (scale === Infinity) {
    let sign = 0;
    for (let i = 0; i < values.length; i++) if (Math.abs(values[i] as number) === Infinity && (weights[i] as number) !== 0) sign += Math.sign((values[i] as number) * (weights[i] as number));
    return sign > 0 ? Infinity : sign < 0 ? -Infinity : 0;
  }
  const sum = new CompensatedSum();
  for (let i = 0; i < values.length; i++) sum.add(((values[i] as number) / scale) * (weights[i] as number));
  return sum.value * scale;
}

/**
 * g(z), refusing NaN (a definition broken at these parameters) with a typed error — and ±∞
 * too when `finite` (f′ and f″ cannot overflow at finite parameters; only f can, honestly).
 */
function evaluate(id: string, g: (z: number) => number, z: number, finite = false): number {
  const v = g(z);
  if (Number.isNaN(v) || (finite && !Number.isFinite(v))) {
    throw new AnalysisDomainError(id, `the definition fails at z = ${z} (${Number.isNaN(v) ? 'NaN' : 'overflow'}), inside the range the Gaussian moments need`);
  }
  return v;
}

/** E[g(z)²] and √E[g(z)²] for z ~ N(0, s²): positive terms, computed in units of a power of two. */
function meanSquareOf(id: string, g: (z: number) => number, z: Float64Array, w: Float64Array, s: number): { value: number; root: number } {
  const values = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) values[i] = evaluate(id, g, z[i] as number);
  const scale = powerOfTwoAbove(values);
  if (scale === Infinity) return { value: Infinity, root: Infinity };
  const sum = new CompensatedSum();
  for (let i = 0; i < z.length; i++) {
    const weight = ((w[i] as number) * normalPdf((z[i] as number) / s)) / s;
    const v = (values[i] as number) / scale;
    sum.add(weight * v * v);
  }
  const total = Math.max(0, sum.value);
  return { value: total * scale * scale, root: Math.sqrt(total) * scale };
}

/** Each panel split in two: the check of an oscillating f (see {@link gaussianMoments}). */
function refined(edges: Float64Array): Float64Array {
  const out = new Float64Array(2 * edges.length - 1);
  for (let i = 0; i < edges.length; i++) {
    out[2 * i] = edges[i] as number;
    if (i + 1 < edges.length) out[2 * i + 1] = ((edges[i] as number) + (edges[i + 1] as number)) / 2;
  }
  return out;
}

/** Whether two evaluations of a moment agree to 1e-12 of `scale`. */
const agrees = (a: number, b: number, scale: number) => a === b || Math.abs(a - b) <= 1e-12 * scale;

/**
 * The four Gaussian moments of f and f′ at variance q (default 1). Where f′ oscillates without
 * a limit (Snake), the panels cannot follow the oscillation by the features alone: the moments
 * are computed again on panels split in two, and refused unless both agree to 1e-12.
 * @throws {AnalysisDomainError} for parameters beyond what float64 resolves, or an oscillation
 *   faster than the quadrature resolves at this q.
 */
export function gaussianMoments(activation: ElementwiseActivation, params: ParamValues, q = 1): Moments {
  checkVariance(activation.id, q);
  const feat = features(activation, params);
  const edges = panelEdges(feat, Math.sqrt(q));
  const moments = momentsOn(activation, params, q, feat, edges);
  if (!feat.oscillating) return moments;
  const check = momentsOn(activation, params, q, feat, refined(edges));
  const resolved =
    agrees(moments.mean, check.mean, moments.rootMeanSquare) &&
    agrees(moments.meanSquare, check.meanSquare, moments.meanSquare) &&
    agrees(moments.meanDerivative, check.meanDerivative, moments.rootMeanDerivativeSquare) &&
    agrees(moments.meanDerivativeSquare, check.meanDerivativeSquare, moments.meanDerivativeSquare);
  if (!resolved) throw new AnalysisDomainError(activation.id, `${feat.oscillating} faster than the Gaussian quadrature resolves at q = ${q}`);
  return moments;
}

/**
 * The moments on the panels between `edges` (see {@link gaussianMoments}).
 * size: one pass over the nodes feeds both Taylor arrangements of E[f] and E[f′] (was gaussianMoments' body).
 */
function momentsOn(activation: ElementwiseActivation, params: ParamValues, q: number, feat: Features, edges: Float64Array): Moments {
  const s = Math.sqrt(q);
  const { z, w } = panelNodes(edges, RULE);
  const f = (x: number) => activation.f(x, params);
  const df = (x: number) => activation.df(x, params);

  // E[f] and E[f′] from Taylor's formula, each in two arrangements (see the module notes):
  // about 0 (exact in relative terms for small q) and about the tails ±R (for large q, where
  // the terms about 0 are ~√q·f″ and cancel); whichever carries the smaller rounding bound.
  const R = REACH * s;
  const zeroKink = feat.kinkSamples.find((k) => k.at === 0);
  const near = new Terms();
  const far = new Terms();
  const slopeNear = new Terms();
  const slopeFar = new Terms();
  if (zeroKink) {
    near.add(zeroKink.f.left, 0.5).add(zeroKink.f.right, 0.5);
    far.add(zeroKink.f.left, 0.5).add(zeroKink.f.right, 0.5);
    slopeNear.add(zeroKink.df.left, 0.5).add(zeroKink.df.right, 0.5);
  } else {
    near.add(f(0), 1);
    far.add(f(0), 1);
    slopeNear.add(df(0), 1);
  }
  const phi0 = s * normalPdf(0);
  far.add(evaluate(activation.id, df, R, true), phi0).add(evaluate(activation.id, df, -R, true), -phi0);
  slopeFar.add(evaluate(activation.id, df, R, true), 0.5).add(evaluate(activation.id, df, -R, true), 0.5);
  for (const k of feat.kinkSamples) {
    const u = Math.abs(k.at) / s;
    const sign = Math.sign(k.at);
    const tail = normalTail(u);
    // Differences taken as two terms each, so that a huge Δ cannot overflow before scaling.
    const loss = s * gaussianLoss(u);
    near.add(k.df.right, loss).add(-k.df.left, loss);
    near.add(k.f.right, sign * tail).add(-k.f.left, sign * tail);
    far.add(k.f.right, sign * tail).add(-k.f.left, sign * tail);
    slopeNear.add(k.df.right, sign * tail).add(-k.df.left, sign * tail);
    if (Math.abs(k.at) < R) {
      const lossChange = s * lossBelowPeak(u);
      far.add(k.df.right, lossChange).add(-k.df.left, lossChange);
      const half = sign * halfWidth(u);
      slopeFar.add(k.df.right, -half).add(-k.df.left, -half);
    }
  }
  for (let i = 0; i < z.length; i++) {
    const x = z[i] as number;
    const curvature = evaluate(activation.id, (t) => activation.d2f(t, params), x, true);
    if (curvature === 0) continue;
    const u = Math.abs(x) / s;
    const weight = w[i] as number;
    near.add(curvature, weight * s * gaussianLoss(u));
    far.add(curvature, weight * s * lossBelowPeak(u));
    slopeNear.add(curvature, weight * Math.sign(x) * normalTail(u));
    slopeFar.add(curvature, -weight * Math.sign(x) * halfWidth(u));
  }
  const square = meanSquareOf(activation.id, f, z, w, s);
  const derivativeSquare = meanSquareOf(activation.id, df, z, w, s);
  return {
    q,
    mean: Terms.best(near, far),
    meanSquare: square.value,
    meanDerivative: Terms.best(slopeNear, slopeFar),
    meanDerivativeSquare: derivativeSquare.value,
    rootMeanSquare: square.root,
    rootMeanDerivativeSquare: derivativeSquare.root,
  };
}

/** E[f(z)²] and √E[f(z)²] alone, for the length map of mean-field theory. */
export function gaussianMeanSquare(activation: ElementwiseActivation, params: ParamValues, q: number, which: 'f' | 'df' = 'f'): { value: number; root: number } {
  const feat = features(activation, params);
  if (feat.oscillating) {
    // Checked on finer panels (see gaussianMoments).
    const m = gaussianMoments(activation, params, q);
    return which === 'f' ? { value: m.meanSquare, root: m.rootMeanSquare } : { value: m.meanDerivativeSquare, root: m.rootMeanDerivativeSquare };
  }
  const s = Math.sqrt(q);
  const { z, w } = panelNodes(panelEdges(feat, s), RULE);
  const g = which === 'f' ? (x: number) => activation.f(x, params) : (x: number) => activation.df(x, params);
  return meanSquareOf(activation.id, g, z, w, s);
}
