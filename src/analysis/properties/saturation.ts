/**
 * Saturation on each side of an activation: whether f′ tends to 0, and how fast — exactly
 * beyond a kink, by a power law, or by an exponential, Gaussian or cubic-exponential law whose
 * coefficients are fitted to the sampled tail.
 * @module
 */
import type { Features } from '../features.js';
import type { Saturation } from './types.js';

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
export function flatBeyondKink(features: Features, side: 1 | -1, second: 'df' | 'd2f' | 'both'): boolean {
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

/**
 * Where |f′| has decayed in a tail (below 10⁻⁸ of its peak there) but is still well above the
 * subnormal range: the distances [start, reach] from the edge where its law shows (NaN when
 * there is no such stretch reaching the end of the samples).
 */
function decayWindow(features: Features, indices: readonly number[], edge: number, side: 1 | -1): { start: number; reach: number } {
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
  return { start, reach };
}

/** What every saturation entry starts with: the limits of f and f′ on that side. */
type SaturationLimits = Pick<Saturation, 'limit' | 'derivativeLimit' | 'saturates'>;

/**
 * An exponential-type law fitted to g(d) = |f′(edge ± d)| over [start, reach]: classified by
 * the dominant term of ln|f′| = a + b·ln u − r·u − c·u² − e·u³ in u = d/reach (fitted through
 * five points), then a, b and that term refitted alone on the far half, where lower-order
 * corrections (swish′ ∝ e^z·(1 + z), GELU′ ∝ φ(z)·z·(1 − 1/z² + …)) have faded. Fitting in u
 * keeps every power of the argument near 1 at any scale.
 */
function fittedDecay(limits: SaturationLimits, g: (d: number) => number, start: number, reach: number, where: string): Saturation {
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
    ...limits,
    decay: law.decay,
    power,
    coefficient,
    ...(rate === undefined ? {} : { rate }),
    description: `${law.decay}: |f′| ∝ ${power ? `|z|^${power}·` : ''}${shape} as ${where}`,
  };
}

/** How f saturates on one side: not at all, exactly beyond a kink, or by a fitted decay law. */
export function saturation(features: Features, side: 1 | -1): Saturation {
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
  const g = (d: number) => Math.abs(def.df(edge + side * d, p));
  const { start, reach } = decayWindow(features, indices, edge, side);
  if (!(reach > 1.5 * start)) {
    return { limit, derivativeLimit, saturates, decay: 'exponential', description: `exponential or faster: |f′| falls below 1e-280 within a factor 1.5 in z as ${where}` };
  }
  // Power laws take decades of z to fall; exponentials a small factor.
  if (reach > 1000 * start) {
    const power = Math.log(g(reach / 4) / g(reach / 256)) / Math.log(64);
    return { limit, derivativeLimit, saturates, decay: 'power', power: round(power), description: `polynomial: |f′| ∝ |z|^${round(power)} as ${where}` };
  }
  return fittedDecay({ limit, derivativeLimit, saturates }, g, start, reach, where);
}

/** Six significant digits (for thresholds in descriptions). */
function formatNumber(x: number): string {
  return String(Number(x.toPrecision(6)));
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
