/**
 * Self-normalising constants from first principles (Klambauer et al. 2017): for an activation
 * family λ·g(z; θ), find the shape θ with E[g(z; θ)] = 0 and the scale λ = 1/√E[g(z; θ)²]
 * under z ~ N(0, 1), so that zero-mean, unit-variance inputs map to zero-mean, unit-variance
 * outputs. For ELU (θ = α) this recovers SELU's α = 1.6732632423543772 and
 * λ = 1.0507009873554805.
 *
 * The mean condition is solved by Newton's method on the quadrature (the derivative in θ by a
 * central difference), started from a bracket found on a grid and safeguarded by bisection.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import { gaussianExpectation } from '../math/quadrature.js';

/** A scale-and-shape family: an activation and which of its parameters is the shape θ. */
export interface ScaleShapeFamily {
  readonly id: string;
  readonly shape: string;
  /** Where to look for θ. */
  readonly from: number;
  readonly to: number;
}

/** The families actlab tries; for each, `selfNormalizingConstants` says whether a solution exists. */
export const SCALE_SHAPE_FAMILIES: readonly ScaleShapeFamily[] = [
  { id: 'elu', shape: 'alpha', from: 0.01, to: 100 },
  { id: 'celu', shape: 'alpha', from: 0.01, to: 100 },
  { id: 'leaky_relu', shape: 'negative_slope', from: -10, to: 10 },
  { id: 'threshold', shape: 'value', from: -100, to: 100 },
  { id: 'swish', shape: 'beta', from: 0.01, to: 100 },
  { id: 'softplus', shape: 'beta', from: 0.01, to: 100 },
  { id: 'squareplus', shape: 'b', from: 0, to: 100 },
];

export type SelfNormalizing =
  | {
      readonly id: string;
      readonly shape: string;
      readonly exists: true;
      /** θ with E[g(z; θ)] = 0. */
      readonly shapeValue: number;
      /** λ = 1/√E[g(z; θ)²]. */
      readonly scale: number;
      /** E[λg] and E[(λg)²] recomputed at the solution: 0 and 1 to rounding. */
      readonly mean: number;
      readonly meanSquare: number;
      /** Set when the solution makes the activation linear (e.g. a leaky slope of 1). */
      readonly degenerate?: string;
    }
  | { readonly id: string; readonly shape: string; readonly exists: false; readonly reason: string };

/** E[g(z; θ)] under N(0, 1). */
function meanAt(def: ElementwiseActivation, shape: string, theta: number, fixed: Record<string, number>): number {
  const p = resolveParams(def, { ...fixed, [shape]: theta });
  return gaussianExpectation((z) => def.f(z, p), 1, def.kinks(p));
}

/** A sign change of `mean` on a 60-step grid of [from, to] (geometric for positive ranges), or the sign it keeps. */
function bracketRoot(mean: (theta: number) => number, from: number, to: number): { lo: number; hi: number } | { sign: 'positive' | 'negative' } {
  const grid: number[] = [];
  const steps = 60;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    grid.push(from > 0 ? from * (to / from) ** t : from + (to - from) * t);
  }
  let previous = grid[0] as number;
  let previousMean = mean(previous);
  if (previousMean === 0) return { lo: previous, hi: previous };
  for (const theta of grid.slice(1)) {
    const m = mean(theta);
    if (m === 0 || m < 0 !== previousMean < 0) return { lo: previous, hi: theta };
    previous = theta;
    previousMean = m;
  }
  return { sign: previousMean > 0 ? 'positive' : 'negative' };
}

/** Newton with a central-difference derivative, kept inside the bracket [lo, hi] (bisection otherwise). */
function rootIn(mean: (theta: number) => number, lo: number, hi: number): number {
  let mLo = mean(lo);
  let theta = (lo + hi) / 2;
  for (let i = 0; i < 100; i++) {
    const m = mean(theta);
    if (m === 0) break;
    if (m < 0 === mLo < 0) {
      lo = theta;
      mLo = m;
    } else hi = theta;
    const h = 1e-6 * Math.max(1, Math.abs(theta));
    const slope = (mean(theta + h) - mean(theta - h)) / (2 * h);
    let next = theta - m / slope;
    if (!(next > Math.min(lo, hi) && next < Math.max(lo, hi))) next = (lo + hi) / 2;
    if (Math.abs(next - theta) <= 2e-16 * Math.abs(theta)) return next;
    theta = next;
  }
  return theta;
}

/**
 * Solves for the self-normalising shape and scale of a family (default: ELU, giving SELU).
 * @param fixed other parameters held fixed (e.g. `{ threshold: 0 }` for the threshold family).
 */
export function selfNormalizingConstants(
  family: ScaleShapeFamily | string = 'elu',
  fixed: Readonly<Record<string, number>> = {},
): SelfNormalizing {
  const spec = typeof family === 'string' ? SCALE_SHAPE_FAMILIES.find((f) => f.id === family) : family;
  if (!spec) {
    throw new InvalidParameterError('selfNormalizingConstants', 'family', family, `one of: ${SCALE_SHAPE_FAMILIES.map((f) => f.id).join(', ')}`);
  }
  const def = getElementwise(spec.id);
  const mean = (theta: number) => meanAt(def, spec.shape, theta, fixed);

  const bracket = bracketRoot(mean, spec.from, spec.to);
  if ('sign' in bracket) {
    return {
      id: spec.id,
      shape: spec.shape,
      exists: false,
      reason: `E[f(z)] stays ${bracket.sign} for ${spec.shape} in [${spec.from}, ${spec.to}]: no shape centres it`,
    };
  }
  const theta = rootIn(mean, bracket.lo, bracket.hi);

  const p = resolveParams(def, { ...fixed, [spec.shape]: theta });
  const meanSquare = gaussianExpectation((z) => def.f(z, p) ** 2, 1, def.kinks(p));
  const scale = 1 / Math.sqrt(meanSquare);
  const scaled = (z: number) => scale * def.f(z, p);
  const degenerate = isLinear(def, p) ? `${spec.id} with ${spec.shape} = ${theta} is the identity: trivially self-normalising` : undefined;
  return {
    id: spec.id,
    shape: spec.shape,
    exists: true,
    shapeValue: theta,
    scale,
    mean: gaussianExpectation(scaled, 1, def.kinks(p)),
    meanSquare: gaussianExpectation((z) => scaled(z) ** 2, 1, def.kinks(p)),
    ...(degenerate ? { degenerate } : {}),
  };
}

/** f(z) = z on a probe grid. */
function isLinear(def: ElementwiseActivation, p: Readonly<Record<string, number>>): boolean {
  for (let z = -5; z <= 5; z += 0.25) if (Math.abs(def.f(z, p) - z) > 1e-12 * Math.max(1, Math.abs(z))) return false;
  return true;
}
