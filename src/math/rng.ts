/**
 * Seeded random number generators: what the rest of the library imports (this file is the
 * index; each part lives in its own module).
 *
 * - {@link NumpyRandomState} (rng/numpy.ts): bit-for-bit numpy's legacy `np.random.RandomState`
 *   (MT19937, `random_sample`, the polar `gauss` with its cached second value), so an
 *   experiment seeded with `np.random.seed(s)` in Python can be replayed exactly here.
 * - {@link DefaultRng} (rng/xoshiro.ts): xoshiro128** — small, fast, and built from 32-bit
 *   integer operations only, so the same seed gives the same bits in Node, browsers and Workers.
 * - {@link createRng}: pick one by name behind the common {@link Rng} interface (rng/common.ts).
 * - Their bulk normal fills (rng/fill.ts) run in WebAssembly when they can (rng/wasm-bridge.ts).
 * - The logarithms their normals go through: fdlibm's ({@link portableLog}, log/fdlibm.ts) and
 *   glibc's ({@link glibcLog}, log/glibc.ts, with its FMA emulation in log/fma.ts).
 *
 * Both classes implement {@link RandomSource}, so they can be passed wherever randomness is
 * taken as a parameter.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import type { Rng, RngKind } from './rng/common.js';
import { NumpyRandomState } from './rng/numpy.js';
import { DefaultRng } from './rng/xoshiro.js';
import type { RandomSource } from './random.js';

export type { FillNormalOptions, FloatArray, Rng, RngKind } from './rng/common.js';
export { NumpyRandomState, type NumpyRandomStateState } from './rng/numpy.js';
export { DefaultRng, type DefaultRngState } from './rng/xoshiro.js';
export { portableLog } from './log/fdlibm.js';
export { glibcLog, glibcLogFast } from './log/glibc.js';

/**
 * A seeded generator by name: `'default'` → {@link DefaultRng}, `'numpy'` →
 * {@link NumpyRandomState} (the same stream as `np.random.seed(seed)`). The seed must be an
 * integer in [0, 2^32 − 1] for both; otherwise {@link InvalidParameterError}.
 */
export function createRng(kind: RngKind, seed: number): Rng {
  if (kind === 'default') return new DefaultRng(seed);
  if (kind === 'numpy') return new NumpyRandomState(seed);
  throw new InvalidParameterError('rng', 'kind', kind, 'one of: default, numpy');
}
