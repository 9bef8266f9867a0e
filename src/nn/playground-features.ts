/**
 * The playground's input features, as TensorFlow Playground offers them: the network sees, for
 * a point (x₁, x₂), any non-empty choice of x₁, x₂, x₁², x₂², x₁x₂, sin x₁ and sin x₂, computed
 * from the raw coordinates as Playground does (no rescaling: on [−6, 6]² the squares and the
 * product reach 36). The network's input width is the number of features chosen.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import { matrix, type Matrix } from './matrix.js';

/** Every feature, in the order they are fed to the network (Playground's order, cosines left out). */
export const PLAYGROUND_FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type PlaygroundFeature = (typeof PLAYGROUND_FEATURES)[number];

/** How each feature is written (the controls and the network diagram use these). */
export const FEATURE_LABELS: Readonly<Record<PlaygroundFeature, string>> = Object.freeze({
  x1: 'x₁',
  x2: 'x₂',
  x1sq: 'x₁²',
  x2sq: 'x₂²',
  x1x2: 'x₁x₂',
  sinx1: 'sin x₁',
  sinx2: 'sin x₂',
});

/** Each feature as a function of the point. */
export const FEATURE_FUNCTIONS: Readonly<Record<PlaygroundFeature, (x1: number, x2: number) => number>> = Object.freeze({
  x1: (x1: number) => x1,
  x2: (_: number, x2: number) => x2,
  x1sq: (x1: number) => x1 * x1,
  x2sq: (_: number, x2: number) => x2 * x2,
  x1x2: (x1: number, x2: number) => x1 * x2,
  sinx1: (x1: number) => Math.sin(x1),
  sinx2: (_: number, x2: number) => Math.sin(x2),
});

/**
 * The features in {@link PLAYGROUND_FEATURES} order, without repeats.
 * @throws {InvalidParameterError} for an unknown feature or an empty list
 */
export function normalizeFeatures(features: readonly string[], owner = 'playground'): PlaygroundFeature[] {
  for (const f of features) {
    if (!(PLAYGROUND_FEATURES as readonly string[]).includes(f)) throw new InvalidParameterError(owner, 'features', f, `one of: ${PLAYGROUND_FEATURES.join(', ')}`);
  }
  const chosen = PLAYGROUND_FEATURES.filter((f) => features.includes(f));
  if (chosen.length === 0) throw new InvalidParameterError(owner, 'features', '[]', 'at least one input feature');
  return chosen;
}

/** The n×k matrix of the k `features` of each row (x₁, x₂) of the n×2 matrix `points`. */
export function featureMatrix(points: Matrix, features: readonly PlaygroundFeature[]): Matrix {
  const out = matrix(points.rows, features.length);
  const functions = features.map((f) => FEATURE_FUNCTIONS[f]);
  for (let i = 0; i < points.rows; i++) {
    const x1 = points.data[2 * i] as number;
    const x2 = points.data[2 * i + 1] as number;
    for (let j = 0; j < functions.length; j++) out.data[i * functions.length + j] = (functions[j] as (a: number, b: number) => number)(x1, x2);
  }
  return out;
}
