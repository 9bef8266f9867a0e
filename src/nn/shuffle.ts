/**
 * The one Fisher–Yates shuffle of the MLP engine ({@link Network.fit}'s epochs, the playground's
 * split and mini-batches). Its draw order is part of every seeded result: one `uniform()` per
 * position from the last down to 1, j = ⌊u·(i + 1)⌋ — change it and every fixture moves.
 * @module
 */
import type { RandomSource } from '../math/random.js';

/** Shuffles `values` in place (Fisher–Yates, Durstenfeld's form), drawing j uniformly from 0…i. */
export function shuffleInPlace(values: number[], random: RandomSource): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    const t = values[i] as number;
    values[i] = values[j] as number;
    values[j] = t;
  }
}
