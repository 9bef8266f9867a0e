/**
 * Seeded random number generators (`actlab/random`): numpy's legacy `RandomState` bit for bit,
 * and the fast portable default. Every experiment and the MLP engine take one of these, so a
 * seed reproduces a result exactly — in Node, browsers and Workers alike.
 *
 * ```ts
 * import { createRng, NumpyRandomState } from 'actlab/random';
 *
 * const rng = new NumpyRandomState(0);   // np.random.seed(0)
 * rng.uniform();                         // 0.5488135039273248 (np.random.random_sample())
 * createRng('default', 42).normal();     // a standard normal from xoshiro128**
 * ```
 * @module
 */
export type { RandomSource } from './math/random.js';
export {
  createRng,
  DefaultRng,
  NumpyRandomState,
  type DefaultRngState,
  type FillNormalOptions,
  type NumpyRandomStateState,
  type Rng,
  type RngKind,
} from './math/rng.js';
