/**
 * "Did you mean …?" for every refusal of a name: the registry's activations, the frameworks'
 * spellings, the CLI's commands, the advisor's answers. One rule, so a typo that gets a
 * suggestion in one place gets it in all.
 * @module
 */
import { distance } from 'fastest-levenshtein';

/**
 * The most edits a typo of `name` may be from what was meant: 2, or a third of its length for
 * names of 9 characters or more: a short name is not matched to an unrelated one (`tan` to
 * `tanh` is one edit, `max` to `tanh` three), while a long name with several slips still is.
 */
export function typoLimit(name: string): number {
  return Math.max(2, Math.floor(name.length / 3));
}

/**
 * The candidate closest to `name` in Levenshtein distance, if within {@link typoLimit};
 * the first one listed on a tie. `normalise` is applied to both sides before comparing (case,
 * separators); the candidate is returned as listed.
 */
export function closestName(name: string, candidates: Iterable<string>, normalise: (text: string) => string = (text) => text): string | undefined {
  const wanted = normalise(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(wanted, normalise(candidate));
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= typoLimit(wanted) ? best : undefined;
}
