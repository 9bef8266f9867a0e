/**
 * What the seeded generators share: the {@link Rng} interface and its option and kind types,
 * seed and state checks, numpy's 53-bit uniform and Marsaglia's polar method.
 * @module
 */
import { InvalidParameterError } from '../../errors.js';
import type { RandomSource } from '../random.js';

/** The float arrays the fill methods accept. */
export type FloatArray = Float64Array | Float32Array;

/** The names accepted by `createRng`. */
export type RngKind = 'default' | 'numpy';

/** Options for filling a `Float32Array` with scaled normals. */
export interface FillNormalOptions {
  /**
   * Only matters for a `Float32Array` with `scale ≠ 1`. `false` (default): each value is
   * `round32(g · scale)`, numpy's `(randn(n) * s).astype(np.float32)` — one rounding, the more
   * accurate. `true`: `round32(round32(g) · round32(scale))`, numpy's
   * `randn(n).astype(np.float32) * s` (numpy ≥ 2 keeps float32 · Python float in float32).
   * The two differ in the last bit for some values.
   */
  roundFirst?: boolean;
}

/** A seeded {@link RandomSource} with bulk fills and a resumable state. */
export interface Rng extends RandomSource {
  /** Which generator this is. */
  readonly kind: RngKind;
  /** The next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number;
  /** Fills `out` with `scale ·` standard normals, in index order; returns `out`. */
  fillNormal<T extends FloatArray>(out: T, scale?: number, options?: FillNormalOptions): T;
  /** Fills `out` with uniforms in [0, 1) (see each class for float32), in index order; returns `out`. */
  fillUniform<T extends FloatArray>(out: T): T;
  /** A deep copy of the full state; {@link Rng.setState} with it replays the same sequence. */
  getState(): unknown;
  /** Restores a state returned by {@link Rng.getState} of the same kind. */
  setState(state: unknown): void;
}

export const UINT32_MAX = 4294967295;
const SEED_ALLOWED = 'an integer in [0, 4294967295]';

/** Throws {@link InvalidParameterError} unless `seed` is an integer in [0, 2^32 − 1]. */
export function checkSeed(generator: string, seed: number): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > UINT32_MAX) {
    throw new InvalidParameterError(generator, 'seed', seed, SEED_ALLOWED);
  }
  return seed;
}

/** A short description of a rejected state for the error message (never the whole key). */
export function describeState(state: unknown): string {
  if (state === null || typeof state !== 'object') return String(state);
  const kind = (state as { kind?: unknown }).kind;
  return `an object${typeof kind === 'string' ? ` of kind "${kind}"` : ''}`;
}

/** 2^26 and 2^53: the 53-bit double construction `(a·2^26 + b) / 2^53` used by numpy. */
const TWO26 = 67108864;
const TWO53 = 9007199254740992;

/** numpy's `random_sample()`: 53 random bits from two 32-bit words, a double in [0, 1). */
export function uniform53(source: { nextUint32(): number }): number {
  const a = source.nextUint32() >>> 5;
  const b = source.nextUint32() >>> 6;
  return (a * TWO26 + b) / TWO53;
}

/** The second normal of the last {@link polarPair}, `f·x1`, for the caller to cache. */
export const POLAR_SECOND = new Float64Array(1);

/**
 * Marsaglia's polar method as numpy's legacy `gauss` writes it: draws (x1, x2) uniform in the
 * unit disc, returns `f·x2` and leaves `f·x1` in {@link POLAR_SECOND} (that order matters for
 * bit compatibility), with `f = sqrt(−2·log(r²)/r²)` in numpy's C expression order.
 */
export function polarPair(source: { uniform(): number }, log: (x: number) => number): number {
  let x1: number;
  let x2: number;
  let r2: number;
  do {
    x1 = 2 * source.uniform() - 1;
    x2 = 2 * source.uniform() - 1;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1 || r2 === 0);
  const f = Math.sqrt((-2 * log(r2)) / r2);
  POLAR_SECOND[0] = f * x1;
  return f * x2;
}
