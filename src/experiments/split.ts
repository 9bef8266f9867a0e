/**
 * Runs split along a list setting. Some experiments compute each entry of a list (an
 * activation, say) from the same generator state, independently of the other entries: a run
 * over a slice of the list gives, for each of its entries, exactly the numbers of the run over
 * the whole list. Such a run can be cut into consecutive slices, run apart (on two cores) and
 * merged into the whole run's result, to the bit. This module holds no experiment, so a page
 * can merge partial results without loading the experiments.
 * @module
 */

/** How an experiment's runs split (see the module comment). */
export interface SplitSpec<C, R> {
  /** The list setting (its `--set` key) the runs split along. */
  readonly setting: keyof C & string;
  /**
   * The result of the whole list from the results of consecutive slices, in list order. Also
   * merges partial results (sent with progress): a part not yet known is left out, and the
   * merge holds what the known parts hold.
   */
  merge(parts: readonly R[]): R;
}

/**
 * `list` cut into at most `ways` consecutive non-empty slices of near-equal length, the first
 * ones longer by one where the length does not divide evenly.
 */
export function slices<T>(list: readonly T[], ways: number): T[][] {
  const count = Math.max(1, Math.min(Math.floor(ways), list.length));
  const out: T[][] = [];
  let from = 0;
  for (let k = 0; k < count; k++) {
    const size = Math.ceil((list.length - from) / (count - k));
    out.push(list.slice(from, from + size));
    from += size;
  }
  return out;
}
