/**
 * The hidden layers' weight initialisation, chosen as the advisor would — one rule for every
 * trainer (the float32 classifier here and the fashion-mnist experiment's float64 reference
 * trainer both call {@link hiddenInitialiser}).
 * @module
 */
import { getElementwise, resolveParams } from '../../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../../activations/types.js';
import { initialiserFor } from '../../analysis/advisor/initialisers.js';
import { AnalysisDomainError } from '../../analysis/features.js';
import { gain } from '../../analysis/gain.js';
import { InvalidParameterError } from '../../errors.js';
import { gaussianExpectation } from '../../math/quadrature.js';

/** Weight initialisation of the hidden layers (the output layer is always Xavier, gain 1). */
export type ClassifierInit = 'auto' | 'he' | 'lecun' | 'xavier';

/** A hidden layer's scheme and gain, and where the gain came from. */
export interface HiddenInitialiser {
  readonly scheme: 'he' | 'lecun' | 'xavier';
  /** The gain g (LeCun: 1): He std = g/√fan_in, Xavier std = g·√(2/(fan_in + fan_out)). */
  readonly gain: number;
  /**
   * `'analysis'`: the analysis engine's variance-preserving gain 1/√E[f(z)²] (or the advisor's
   * tabulated one); `'quadrature'`: the same expectation by plain Gaussian quadrature, for a
   * formula the engine cannot analyse (one without limits at ±∞ such as `sin(z)`, or one whose
   * derivatives overflow far out such as `exp(z)`); `'none'` for LeCun, which has no gain.
   */
  readonly source: 'analysis' | 'quadrature' | 'none';
}

/**
 * 1/√E[f(z)²], z ~ N(0, 1), by composite Gauss–Legendre quadrature, accepted only where a fine
 * and a coarse rule agree to 1e−6 (a pole or a singularity makes them disagree) and the value
 * is a finite positive number.
 * @throws {AnalysisDomainError} otherwise, saying that no gain exists and what to pass instead.
 */
function quadratureGain(definition: ElementwiseActivation, values: ParamValues, why: string): number {
  const square = (z: number) => definition.f(z, values) ** 2;
  const fine = gaussianExpectation(square, 1, [], 'fine');
  const coarse = gaussianExpectation(square, 1, [], 'coarse');
  if (fine > 0 && Number.isFinite(fine) && Math.abs(fine - coarse) <= 1e-6 * fine) return 1 / Math.sqrt(fine);
  throw new AnalysisDomainError(
    definition.id,
    `no variance-preserving initialisation gain: E[f(z)²] for z ~ N(0, 1) is not a finite positive number (${why}); only LeCun's initialisation needs none`,
  );
}

/** The activation's own gain: the analysis engine's, else by quadrature (see {@link HiddenInitialiser.source}). */
function ownGain(definition: ElementwiseActivation, given: Readonly<Record<string, number>>): { gain: number; source: 'analysis' | 'quadrature' } {
  let g: number;
  try {
    g = gain(definition, given).gain;
  } catch (error) {
    if (!(error instanceof AnalysisDomainError)) throw error;
    return { gain: quadratureGain(definition, resolveParams(definition, given), error.reason), source: 'quadrature' };
  }
  // ∞: E[f(z)²] = 0, f vanishes almost everywhere
  if (!(g > 0 && Number.isFinite(g))) throw new AnalysisDomainError(definition.id, `no variance-preserving initialisation gain: E[f(z)²] for z ~ N(0, 1) is 0 (f vanishes), so every layer's output would be 0`);
  return { gain: g, source: 'analysis' };
}

/**
 * The hidden layers' initialiser for an activation. `auto` (default) pairs them as the advisor
 * does — LeCun for SELU, Xavier for sigmoid (gain 1, PyTorch's) and tanh (gain 1/√E[tanh(z)²]),
 * He for everything else with the variance-preserving gain 1/√E[f(z)²] at N(0, 1) (√2 for
 * ReLU; He et al. 2015, Glorot & Bengio 2010, Klambauer et al. 2017). `he` and `xavier` force
 * the scheme with that gain, `lecun` needs none. A formula the analysis engine cannot analyse
 * gets the same gain by quadrature ({@link HiddenInitialiser.source}).
 * @throws {InvalidParameterError} for an unknown `choice`; {@link UnknownActivationError} /
 *   FormulaError for the activation; {@link AnalysisDomainError} when f has no finite positive
 *   E[f(z)²] (e.g. `log(z)`, `1/z`) and the scheme needs a gain.
 */
export function hiddenInitialiser(activation: string | ElementwiseActivation, params: Readonly<Record<string, number>> = {}, choice: ClassifierInit = 'auto'): HiddenInitialiser {
  if (!['auto', 'he', 'lecun', 'xavier'].includes(choice)) throw new InvalidParameterError('initialiser', 'init', choice, "'auto', 'he', 'lecun' or 'xavier'");
  const definition = typeof activation === 'string' ? getElementwise(activation) : activation;
  if (choice === 'lecun') return { scheme: 'lecun', gain: 1, source: 'none' };
  if (choice === 'he' || choice === 'xavier') return { scheme: choice, ...ownGain(definition, params) };
  if (definition.family === 'formula') return { scheme: 'he', ...ownGain(definition, params) };
  // The advisor's choice (its gains are of the default parameters: recompute them for others).
  const advice = initialiserFor(definition.id, 'hidden');
  if (advice.scheme === 'lecun') return { scheme: 'lecun', gain: 1, source: 'none' };
  const scheme = advice.scheme === 'xavier' ? 'xavier' : 'he';
  if (Object.keys(params).length === 0 || (scheme === 'xavier' && definition.id === 'sigmoid')) return { scheme, gain: advice.gain, source: 'analysis' };
  return { scheme, ...ownGain(definition, params) };
}
