/**
 * Signal propagation through a deep random network in the mean-field limit (Poole et al. 2016,
 * "Exponential expressivity in deep neural networks through transient chaos"; Schoenholz et
 * al. 2017, "Deep Information Propagation"), for any activation.
 *
 * With weights W ~ N(0, σ_w²/n) and biases b ~ N(0, σ_b²), the pre-activation variance follows
 * the length map q ↦ σ_w²·E[f(√q·z)²] + σ_b², whose fixed point q* sets χ₁ = σ_w²·E[f′(√q*·z)²]:
 * the factor by which the mean squared gradient changes per layer. χ₁ < 1 is the ordered phase
 * (gradients vanish, inputs' correlations → 1), χ₁ > 1 the chaotic phase (gradients explode,
 * correlations → c* < 1), χ₁ = 1 the edge of chaos. The correlation map
 * c ↦ (σ_w²·E[f(u₁)f(u₂)] + σ_b²)/q*, with (u₁, u₂) Gaussian of variance q* and correlation c,
 * has the fixed point c*, slope χ_c there, and depth scale ξ_c = −1/ln χ_c: how many layers
 * deep correlations between inputs survive.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import { illinois } from '../math/roots.js';
import { AnalysisDomainError, features } from './features.js';
import { gaussianMeanSquare, MAX_VARIANCE, MIN_VARIANCE } from './moments.js';
import { bendsOf, correlatedExpectation } from './propagation/correlated.js';

/** Largest σ_w and σ_b accepted (σ_w² stays far inside float64). */
export const MAX_SIGMA = 1e100;
/** Smallest σ_w accepted. */
export const MIN_SIGMA_W = 1e-100;
/** Largest depth for the gradient prediction. */
export const MAX_DEPTH = 100_000;

export interface PropagationOptions {
  /** Weight scale σ_w (weights ~ N(0, σ_w²/fan_in)). */
  readonly sigmaW: number;
  /** Bias scale σ_b (biases ~ N(0, σ_b²)). */
  readonly sigmaB: number;
  /** Depth L for the predicted gradient ratio (default 20). */
  readonly depth?: number;
  /** Also search for the edge-of-chaos σ_w at this σ_b (default true; the costly part). */
  readonly edgeOfChaos?: boolean;
}

export interface Propagation {
  readonly id: string;
  readonly params: ParamValues;
  readonly sigmaW: number;
  readonly sigmaB: number;
  /** Fixed point of the length map reached from q = 1: 0, a positive number, or ∞ (diverges). */
  readonly qStar: number;
  /** χ₁ = σ_w²·E[f′(√q*·z)²]. */
  readonly chi1: number;
  readonly phase: 'ordered' | 'critical' | 'chaotic';
  /** Stable fixed point of the correlation map (undefined when q* = 0: the map is then the identity). */
  readonly cStar: number | undefined;
  /** Slope of the correlation map at c* (undefined where c* is). */
  readonly chiC: number | undefined;
  /**
   * ξ_c = −1/ln χ_c, always ≥ 0: ∞ at the edge of chaos, and ∞ where q* is 0 or ∞ (there
   * correlations approach their limit polynomially or not at all; `depthScaleNote` says which).
   */
  readonly depthScale: number;
  /** Why ξ_c is ∞ when it is not simply the edge of chaos. */
  readonly depthScaleNote?: string;
  /** Predicted gradients through `depth` layers: E‖∂L/∂x₀‖² / E‖∂L/∂x_L‖² = χ₁^L; norms scale by χ₁^{L/2}. */
  readonly gradient: { readonly depth: number; readonly squaredNormRatio: number; readonly normRatio: number };
  /** The σ_w at which χ₁ = 1 for this σ_b (the edge of chaos), if one exists in (0, 10]. */
  readonly criticalSigmaW: number | undefined;
  /** Where χ₁ jumps across 1 instead (a discontinuous transition, e.g. GELU at σ_b = 0), if so. */
  readonly jumpSigmaW?: number;
}

function checkScales(sigmaW: number, sigmaB: number): void {
  if (!(sigmaW >= MIN_SIGMA_W && sigmaW <= MAX_SIGMA)) {
    throw new InvalidParameterError('propagation', 'sigmaW', sigmaW, `a finite number in [${MIN_SIGMA_W}, ${MAX_SIGMA}]`);
  }
  if (!(sigmaB >= 0 && sigmaB <= MAX_SIGMA)) throw new InvalidParameterError('propagation', 'sigmaB', sigmaB, `a finite number in [0, ${MAX_SIGMA}]`);
}

/**
 * √E[f(√q·z)²] and √E[f′(√q·z)²], remembered per activation and q: the scans below for
 * different σ_w visit the same powers of 16.
 */
const rootMeans = new WeakMap<ElementwiseActivation, Map<string, number>>();
function rootMean(def: ElementwiseActivation, p: ParamValues, q: number, which: 'f' | 'df'): number {
  let memo = rootMeans.get(def);
  if (!memo) rootMeans.set(def, (memo = new Map()));
  const key = `${JSON.stringify(p)}|${which}|${q}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const value = gaussianMeanSquare(def, p, q, which).root;
  if (memo.size > 20_000) memo.clear();
  memo.set(key, value);
  return value;
}

/** The length map q ↦ σ_w²·E[f(√q·z)²] + σ_b² (∞ when it exceeds float64). */
export function lengthMap(def: ElementwiseActivation, p: ParamValues, sigmaW: number, sigmaB: number, q: number): number {
  const scaled = sigmaW * rootMean(def, p, q, 'f');
  return scaled * scaled + sigmaB * sigmaB;
}

/**
 * f is positively homogeneous, f(λz) = λf(z) for λ > 0 (ReLU, leaky, PReLU, RReLU, linear):
 * then E[f(√q·z)²] = q·E[f(z)²] exactly and the length map is affine.
 */
function isHomogeneous(def: ElementwiseActivation, p: ParamValues): boolean {
  const feat = features(def, p);
  return feat.piecewiseLinear && feat.kinks.every((k) => k === 0) && def.f(0, p) === 0;
}

/**
 * Steps of the bracketing scan: 16 within 16^±4 of q = 1, where ordinary fixed points lie
 * close together (GELU at σ_w = 1.5, σ_b = 0.1 has two, a factor 55 apart), 65536 beyond,
 * where the map is near its linear regimes — so a scan to 1e±300 takes ~70 steps, not ~250.
 */
function scanFactor(q: number): number {
  return q > 1 / 65536 && q < 65536 ? 16 : 65536;
}

/**
 * The fixed point of the length map that iteration from q = 1 reaches (0 or ∞ when it runs
 * off). The map is increasing in q, so iteration moves monotonically in the direction of
 * h(q) = map(q) − q and stops at the first root of h on that side: bracket it by steps of 16
 * (65536 far from 1; through [1e-300, 1e300]), then close in by regula falsi (Illinois) to the last bits.
 * (Aitken-style acceleration can land on an unstable fixed point — e.g. GELU at σ_w = 1.5,
 * σ_b = 0.1 has one at q ≈ 1.315 between the stable q* ≈ 0.024 and divergence — bracketing
 * cannot.) Below the smallest scale at which f bends, f is linear on each side of 0 and the
 * map is exactly proportional to q: the scan stops there.
 * @throws {AnalysisDomainError} when f is bounded but q* exceeds 1e300.
 */
export function lengthFixedPoint(def: ElementwiseActivation, p: ParamValues, sigmaW: number, sigmaB: number): number {
  if (isHomogeneous(def, p)) {
    const r = (sigmaW * rootMean(def, p, 1, 'f')) ** 2;
    // Within rounding of r = 1 (ReLU at σ_w = √2) every q is fixed when σ_b = 0.
    if (Math.abs(r - 1) <= 4 * Number.EPSILON) return sigmaB === 0 ? 1 : Infinity;
    return r < 1 ? (sigmaB * sigmaB) / (1 - r) : Infinity;
  }
  const h = (q: number) => lengthMap(def, p, sigmaW, sigmaB, q) - q;
  const feat = features(def, p);
  // f is linear on each side of 0 within 39 standard deviations once √q·39 is below every kink
  // and every band of curvature.
  let linearBelow = Infinity;
  for (const k of feat.kinks) if (k !== 0) linearBelow = Math.min(linearBelow, Math.abs(k));
  for (const b of feat.bands) {
    if (b.at === 0) {
      if (b.left) linearBelow = Math.min(linearBelow, b.left[0]);
      if (b.right) linearBelow = Math.min(linearBelow, b.right[0]);
    } else linearBelow = Math.min(linearBelow, Math.abs(b.at));
  }
  const linearQ = (linearBelow / 39) ** 2;
  const zeroIsFixed = sigmaB === 0 && def.f(0, p) === 0;
  const h1 = h(1);
  if (h1 === 0) return 1;
  let previous = 1;
  if (h1 < 0) {
    for (let q = 1 / 16; q >= MIN_VARIANCE; q /= scanFactor(q)) {
      if (h(q) >= 0) {
        const root = illinois(h, q, previous);
        // Near criticality (tanh at σ_w = 1) h ≈ −2q² is lost in the rounding of map(q) ≈ q
        // below ~1e−10 of f's own scale squared: such a root is the fixed point 0.
        const scale = feat.scaleAtZero ?? 1;
        return zeroIsFixed && root < 1e-10 * scale * scale ? 0 : root;
      }
      if (zeroIsFixed && q < linearQ) return 0;
      previous = q;
    }
    return 0;
  }
  for (let q = 16; q <= MAX_VARIANCE; q *= scanFactor(q)) {
    if (h(q) <= 0) return illinois(h, previous, q);
    previous = q;
  }
  const bounded = Number.isFinite(def.f(-Infinity, p)) && Number.isFinite(def.f(Infinity, p));
  if (bounded) {
    throw new AnalysisDomainError(def.id, `the fixed point q* of the length map exceeds ${MAX_VARIANCE} at σ_w = ${sigmaW}, σ_b = ${sigmaB}: beyond what the analysis resolves`);
  }
  return Infinity;
}

/**
 * χ₁ at variance q: σ_w²·E[f′(√q·z)²]; at q = ∞ and q → 0⁺ the limits
 * σ_w²·(f′(−∞)² + f′(∞)²)/2 and σ_w²·(f′(0⁻)² + f′(0⁺)²)/2 (ReLU: ½σ_w² at both ends).
 */
function chiAt(def: ElementwiseActivation, p: ParamValues, sigmaW: number, q: number): number {
  const half = (a: number, b: number) => {
    const m = Math.max(Math.abs(a), Math.abs(b));
    if (m === 0) return 0;
    return (sigmaW * m) ** 2 * (((a / m) ** 2 + (b / m) ** 2) / 2);
  };
  if (q === Infinity) return half(def.df(-Infinity, p), def.df(Infinity, p));
  if (q === 0) return half(def.df(-Number.MIN_VALUE, p), def.df(Number.MIN_VALUE, p));
  return (sigmaW * rootMean(def, p, q, 'df')) ** 2;
}

function edgeFields(edge: { sigmaW: number; continuous: boolean } | undefined): { criticalSigmaW: number | undefined; jumpSigmaW?: number } {
  if (!edge) return { criticalSigmaW: undefined };
  return edge.continuous ? { criticalSigmaW: edge.sigmaW } : { criticalSigmaW: undefined, jumpSigmaW: edge.sigmaW };
}

/** How correlations between two inputs evolve with depth: c*, χ_c and ξ_c, with a note where ξ_c is not exponential. */
interface CorrelationDepth {
  cStar: number | undefined;
  chiC: number | undefined;
  depthScale: number;
  depthScaleNote: string | undefined;
}

/**
 * In the chaotic phase, the correlation map's fixed point c* < 1 and its slope χ_c there.
 * gap(c) < 0 just below 1 (slope χ₁ > 1) and ≥ 0 at c = 0 (the map is non-negative there).
 * The 2-D correlation map is accurate to ~1e−12; closer than that, c* is 0 (e.g. odd f,
 * σ_b = 0). Solved for 1 + c, so that the tolerance is absolute (~2e-13, the map's own
 * accuracy): a relative one on a c* near 0 would keep the 2-D quadrature's noise bisecting for
 * ever.
 */
function chaoticFixedPoint(def: ElementwiseActivation, p: ParamValues, sigmaW: number, sigmaB: number, qStar: number): { cStar: number; chiC: number } {
  const f = (z: number) => def.f(z, p);
  const kinks = def.kinks(p);
  const bends = bendsOf(def, p);
  const cMap = (c: number) => (sigmaW * sigmaW * correlatedExpectation(f, f, kinks, qStar, c, bends) + sigmaB * sigmaB) / qStar;
  const gap = (c: number) => cMap(c) - c;
  const top = 1 - 1e-6;
  const cStar = gap(0) <= 1e-10 ? 0 : gap(top) >= 0 ? 1 : illinois((x) => gap(x - 1), 1, 1 + top, 5e-13) - 1;
  const df = (z: number) => def.df(z, p);
  return { cStar, chiC: sigmaW * sigmaW * correlatedExpectation(df, df, kinks, qStar, cStar, bends) };
}

function correlationDepth(
  def: ElementwiseActivation,
  p: ParamValues,
  sigmaW: number,
  sigmaB: number,
  qStar: number,
  chi1: number,
  phase: Propagation['phase'],
): CorrelationDepth {
  let cStar: number | undefined = 1;
  let chiC: number | undefined = chi1;
  let depthScale: number;
  let depthScaleNote: string | undefined;
  const homogeneous = isHomogeneous(def, p);
  const polynomial = 'whose correlation map has slope 1 at c* = 1: correlations approach 1 polynomially (no exponential depth scale)';
  if (qStar === 0 && !homogeneous) {
    // Near 0 the network is linear: each layer keeps the correlation of two inputs.
    cStar = undefined;
    chiC = undefined;
    depthScale = Infinity;
    depthScaleNote = 'q* = 0: the variance collapses and the network acts linearly, so correlations are kept, not driven to a fixed point';
  } else if (qStar === Infinity || qStar === 0) {
    // A positively homogeneous map (exactly, or as q → ∞) with σ_b = 0 has a correlation map
    // that does not depend on q, with slope 1 at c = 1.
    depthScale = Infinity;
    chiC = 1;
    depthScaleNote = `${qStar === Infinity ? 'q* = ∞: the variance diverges and f acts as its asymptotes' : 'q* = 0 and f is positively homogeneous'}, ${polynomial}`;
  } else {
    if (phase === 'chaotic') ({ cStar, chiC } = chaoticFixedPoint(def, p, sigmaW, sigmaB, qStar));
    const slope = chiC as number;
    if (phase === 'critical' || !(slope < 1)) {
      depthScale = Infinity;
      if (phase !== 'critical') depthScaleNote = `χ_c = ${slope} ≥ 1 at c* (to the accuracy of the 2-D quadrature): no exponential depth scale`;
    } else depthScale = slope > 0 ? -1 / Math.log(slope) : 0;
  }
  return { cStar, chiC, depthScale, depthScaleNote };
}

/**
 * Mean-field signal propagation for an activation at (σ_w, σ_b).
 * @throws {InvalidParameterError} for σ_w outside [1e-100, 1e100], σ_b outside [0, 1e100], a
 *   depth that is not an integer in [1, 100000], or bad activation parameters.
 * @throws {AnalysisDomainError} when the parameters or scales put q* or a feature of f beyond float64.
 */
export function propagation(
  activation: string | ElementwiseActivation,
  options: PropagationOptions,
  params: Readonly<Record<string, number>> = {},
): Propagation {
  const def = typeof activation === 'string' ? getElementwise(activation) : activation;
  const p = resolveParams(def, params);
  const { sigmaW, sigmaB } = options;
  checkScales(sigmaW, sigmaB);
  const depth = options.depth ?? 20;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw new InvalidParameterError('propagation', 'depth', depth, `an integer in [1, ${MAX_DEPTH}]`);
  }

  const qStar = lengthFixedPoint(def, p, sigmaW, sigmaB);
  const chi1 = chiAt(def, p, sigmaW, qStar);
  const phase = Math.abs(chi1 - 1) <= 1e-9 ? 'critical' : chi1 < 1 ? 'ordered' : 'chaotic';

  const { cStar, chiC, depthScale, depthScaleNote } = correlationDepth(def, p, sigmaW, sigmaB, qStar, chi1, phase);
  return {
    id: def.id,
    params: p,
    sigmaW,
    sigmaB,
    qStar,
    chi1,
    phase,
    cStar,
    chiC,
    depthScale,
    ...(depthScaleNote ? { depthScaleNote } : {}),
    gradient: { depth, squaredNormRatio: chi1 ** depth, normRatio: chi1 ** (depth / 2) },
    ...edgeFields(options.edgeOfChaos === false ? undefined : edgeOfChaos(def, p, sigmaB)),
  };
}

/**
 * The σ_w in (0, 10] where χ₁ = 1 for the given σ_b: a bracket on a coarse grid, then the
 * Illinois variant of regula falsi on χ₁(σ_w) − 1.
 */
export function criticalSigmaW(def: ElementwiseActivation, p: ParamValues, sigmaB: number): number | undefined {
  const edge = edgeOfChaos(def, p, sigmaB);
  return edge?.continuous ? edge.sigmaW : undefined;
}

/**
 * Where χ₁(σ_w) − 1 changes sign in (0, 10]: a bracket on a coarse grid, then the Illinois
 * variant of regula falsi. `continuous` says whether χ₁ really passes through 1 there: for
 * GELU with σ_b = 0 the fixed point reached from q = 1 jumps from 0 to 1 at σ_w = gain, and
 * χ₁ jumps from σ_w²/4 ≈ 0.59 to 1.07 with it — a transition, but no edge of chaos.
 */
export function edgeOfChaos(def: ElementwiseActivation, p: ParamValues, sigmaB: number): { sigmaW: number; continuous: boolean } | undefined {
  const excess = (sigmaW: number) => chiAt(def, p, sigmaW, lengthFixedPoint(def, p, sigmaW, sigmaB)) - 1;
  const grid = [0.05, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 5, 10];
  let a = grid[0] as number;
  if (excess(a) > 0) return undefined;
  for (const b of grid.slice(1)) {
    const fb = excess(b);
    if (fb === 0) return { sigmaW: b, continuous: true };
    if (fb > 0) {
      const sigmaW = illinois(excess, a, b);
      return { sigmaW, continuous: Math.abs(excess(sigmaW)) <= 1e-6 };
    }
    a = b;
  }
  return undefined;
}
