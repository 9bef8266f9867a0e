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
import { gaussianExpectation } from '../math/quadrature.js';
import { illinois } from '../math/roots.js';

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
  /** Stable fixed point of the correlation map. */
  readonly cStar: number;
  /** Slope of the correlation map at c*. */
  readonly chiC: number;
  /** ξ_c = −1/ln χ_c (∞ at the edge of chaos). */
  readonly depthScale: number;
  /** Predicted gradients through `depth` layers: E‖∂L/∂x₀‖² / E‖∂L/∂x_L‖² = χ₁^L; norms scale by χ₁^{L/2}. */
  readonly gradient: { readonly depth: number; readonly squaredNormRatio: number; readonly normRatio: number };
  /** The σ_w at which χ₁ = 1 for this σ_b (the edge of chaos), if one exists in (0, 10]. */
  readonly criticalSigmaW: number | undefined;
}

function checkScales(sigmaW: number, sigmaB: number): void {
  if (!(sigmaW > 0) || !Number.isFinite(sigmaW)) throw new InvalidParameterError('propagation', 'sigmaW', sigmaW, 'a finite number > 0');
  if (!(sigmaB >= 0) || !Number.isFinite(sigmaB)) throw new InvalidParameterError('propagation', 'sigmaB', sigmaB, 'a finite number >= 0');
}

/** The length map q ↦ σ_w²·E[f(√q·z)²] + σ_b². */
export function lengthMap(def: ElementwiseActivation, p: ParamValues, sigmaW: number, sigmaB: number, q: number): number {
  return sigmaW * sigmaW * gaussianExpectation((z) => def.f(z, p) ** 2, q, def.kinks(p)) + sigmaB * sigmaB;
}

/**
 * The fixed point of the length map that iteration from q = 1 reaches (0 or ∞ when it runs
 * off). The map is increasing in q, so iteration moves monotonically in the direction of
 * h(q) = map(q) − q and stops at the first root of h on that side: bracket it by doubling or
 * halving, then close in by regula falsi (Illinois) to the last bits. (Aitken-style acceleration can land on an unstable
 * fixed point — e.g. GELU at σ_w = 1.5, σ_b = 0.1 has one at q ≈ 1.315 between the stable
 * q* ≈ 0.024 and divergence — bracketing cannot.)
 */
export function lengthFixedPoint(def: ElementwiseActivation, p: ParamValues, sigmaW: number, sigmaB: number): number {
  const h = (q: number) => lengthMap(def, p, sigmaW, sigmaB, q) - q;
  // Without biases and with f(0) = 0, q = 0 is a fixed point; near criticality (tanh at
  // σ_w = 1) iteration approaches it only algebraically and roundoff would stop the scan at
  // ~1e−16 instead.
  const zeroIsFixed = sigmaB === 0 && def.f(0, p) === 0;
  const h1 = h(1);
  if (h1 === 0) return 1;
  let previous = 1;
  if (h1 < 0) {
    for (let q = 0.5; q > 1e-300; q /= 2) {
      if (h(q) >= 0) {
        const root = illinois(h, q, previous);
        return zeroIsFixed && root < 1e-10 ? 0 : root;
      }
      previous = q;
    }
    return 0;
  }
  for (let q = 2; q < 1e15; q *= 2) {
    if (h(q) <= 0) return illinois(h, previous, q);
    previous = q;
  }
  return Infinity;
}

/**
 * χ₁ at variance q: σ_w²·E[f′(√q·z)²]; at q = ∞ and q → 0⁺ the limits
 * σ_w²·(f′(−∞)² + f′(∞)²)/2 and σ_w²·(f′(0⁻)² + f′(0⁺)²)/2 (ReLU: ½σ_w² at both ends).
 */
function chiAt(def: ElementwiseActivation, p: ParamValues, sigmaW: number, q: number): number {
  if (q === Infinity) return (sigmaW * sigmaW * (def.df(-Infinity, p) ** 2 + def.df(Infinity, p) ** 2)) / 2;
  if (q === 0) return (sigmaW * sigmaW * (def.df(-Number.MIN_VALUE, p) ** 2 + def.df(Number.MIN_VALUE, p) ** 2)) / 2;
  return sigmaW * sigmaW * gaussianExpectation((z) => def.df(z, p) ** 2, q, def.kinks(p));
}

/**
 * E[g(u₁)h(u₂)] for (u₁, u₂) jointly Gaussian with variance q and correlation c: the outer
 * expectation over u₁, the inner over u₂ | u₁ ~ N(c·u₁, q(1 − c²)), both split at the kinks.
 */
function correlatedExpectation(
  g: (z: number) => number,
  h: (z: number) => number,
  kinks: readonly number[],
  q: number,
  c: number,
): number {
  const conditionalVariance = q * (1 - c * c);
  return gaussianExpectation(
    (u1) => {
      const gu = g(u1);
      if (gu === 0) return 0;
      const m = c * u1;
      const inner = gaussianExpectation(
        (w) => h(m + w),
        conditionalVariance,
        kinks.map((k) => k - m),
        'coarse',
      );
      return gu * inner;
    },
    q,
    kinks,
    'coarse',
  );
}

/** Mean-field signal propagation for an activation at (σ_w, σ_b). */
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
  if (!Number.isInteger(depth) || depth < 1) throw new InvalidParameterError('propagation', 'depth', depth, 'a positive integer');

  const qStar = lengthFixedPoint(def, p, sigmaW, sigmaB);
  const chi1 = chiAt(def, p, sigmaW, qStar);
  const phase = Math.abs(chi1 - 1) <= 1e-9 ? 'critical' : chi1 < 1 ? 'ordered' : 'chaotic';
  // The 2-D correlation map is accurate to ~1e−12; closer than that, c* is 0 (e.g. odd f, σ_b = 0).

  let cStar = 1;
  let chiC = chi1;
  if (phase === 'chaotic' && qStar > 0 && Number.isFinite(qStar)) {
    const f = (z: number) => def.f(z, p);
    const kinks = def.kinks(p);
    const cMap = (c: number) => (sigmaW * sigmaW * correlatedExpectation(f, f, kinks, qStar, c) + sigmaB * sigmaB) / qStar;
    const gap = (c: number) => cMap(c) - c;
    // gap(c) < 0 just below 1 (slope χ₁ > 1) and ≥ 0 at c = 0 (the map is non-negative there).
    cStar = gap(0) <= 1e-10 ? 0 : illinois(gap, 0, 1 - 1e-6, 1e-13);
    const df = (z: number) => def.df(z, p);
    chiC = sigmaW * sigmaW * correlatedExpectation(df, df, kinks, qStar, cStar);
  }
  const depthScale = phase === 'critical' ? Infinity : -1 / Math.log(chiC);
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
    gradient: { depth, squaredNormRatio: chi1 ** depth, normRatio: chi1 ** (depth / 2) },
    criticalSigmaW: options.edgeOfChaos === false ? undefined : criticalSigmaW(def, p, sigmaB),
  };
}

/**
 * The σ_w in (0, 10] where χ₁ = 1 for the given σ_b: a bracket on a coarse grid, then the
 * Illinois variant of regula falsi on χ₁(σ_w) − 1.
 */
export function criticalSigmaW(def: ElementwiseActivation, p: ParamValues, sigmaB: number): number | undefined {
  const excess = (sigmaW: number) => chiAt(def, p, sigmaW, lengthFixedPoint(def, p, sigmaW, sigmaB)) - 1;
  const grid = [0.05, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 5, 10];
  let a = grid[0] as number;
  if (excess(a) > 0) return undefined;
  for (const b of grid.slice(1)) {
    const fb = excess(b);
    if (fb === 0) return b;
    if (fb > 0) return illinois(excess, a, b);
    a = b;
  }
  return undefined;
}
