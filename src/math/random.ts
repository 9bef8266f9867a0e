/**
 * The interface every random source in actlab implements. Randomness is always passed in,
 * never global, so a seed reproduces a result exactly (the seeded generators: rng.ts, and
 * actlab/random for users).
 * @module
 */
export interface RandomSource {
  /** A uniform number in [0, 1). */
  uniform(): number;
  /** A standard normal number. */
  normal(): number;
}
