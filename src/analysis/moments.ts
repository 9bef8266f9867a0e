/**
 * Gaussian moments of an activation: E[f(z)], E[f(z)²], E[f′(z)], E[f′(z)²] for z ~ N(0, q),
 * by Gauss–Legendre panels split at the activation's kinks (see {@link gaussianExpectation}).
 * These are the numbers behind zero-centredness, initialisation gains and mean-field theory.
 * @module
 */
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { gaussianExpectation } from '../math/quadrature.js';

export interface Moments {
  /** Variance q of the pre-activation z ~ N(0, q). */
  readonly q: number;
  /** E[f(z)]. */
  readonly mean: number;
  /** E[f(z)²]. */
  readonly meanSquare: number;
  /** E[f′(z)]. */
  readonly meanDerivative: number;
  /** E[f′(z)²]. */
  readonly meanDerivativeSquare: number;
}

/** The four Gaussian moments of f and f′ at variance q. */
export function gaussianMoments(activation: ElementwiseActivation, params: ParamValues, q = 1): Moments {
  const kinks = activation.kinks(params);
  const f = (z: number) => activation.f(z, params);
  const df = (z: number) => activation.df(z, params);
  return {
    q,
    mean: gaussianExpectation(f, q, kinks),
    meanSquare: gaussianExpectation((z) => f(z) ** 2, q, kinks),
    meanDerivative: gaussianExpectation(df, q, kinks),
    meanDerivativeSquare: gaussianExpectation((z) => df(z) ** 2, q, kinks),
  };
}
