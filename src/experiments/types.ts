/**
 * The shape of an experiment: a pure function `(config, rng) => result` with documented
 * settings (defaults = the chapter's sizes) and a printout in the chapter's own format.
 * @module
 */
import type { Rng, RngKind } from '../math/rng.js';
import type { SplitSpec } from './split.js';

/**
 * One `--set key=value` setting. Every numeric setting (and every element of a `numbers` list)
 * has a finite `min` and `max`, every list a `maxItems`: the limits that, together with the
 * experiment's {@link Experiment.cost} estimate, keep a run within its time and memory budget.
 */
export interface SettingSpec {
  readonly type: 'number' | 'integer' | 'boolean' | 'string' | 'list' | 'numbers';
  readonly description: string;
  /** Smallest value (of a number, an integer, or each element of `numbers`). */
  readonly min?: number;
  /** `min` itself is not allowed (a value must be > min). */
  readonly exclusiveMin?: boolean;
  /** Largest value (of a number, an integer, or each element of `numbers`). */
  readonly max?: number;
  /** `numbers`: every element must be an integer. */
  readonly integer?: boolean;
  /** `list` and `numbers`: most entries (duplicates are refused unless `repeats`; an empty list is refused). */
  readonly maxItems?: number;
  /** `list` and `numbers`: an entry may appear more than once (layer widths `32,32`). */
  readonly repeats?: boolean;
  /** Allowed values for strings (and for each element of lists). */
  readonly choices?: readonly string[];
  /** What a `string` or each entry of a `list` is, in words ("elementwise activation ids"), for messages and `run --list`. */
  readonly entries?: string;
  /** `list`: may be empty, written `none` (an empty text is refused everywhere). */
  readonly allowNone?: boolean;
  /**
   * Checks a value beyond its type and range (an activation id exists and is elementwise, …),
   * throwing an ActlabError that names what is allowed; runs before any work starts.
   */
  readonly check?: (value: SettingValue) => void;
}

/** What a run is expected to cost: a rough, deliberately generous estimate from the sizes alone. */
export interface RunCost {
  /** Peak memory the run allocates (bytes). */
  readonly bytes: number;
  /** Largest single array (bytes): a JavaScript engine refuses one beyond ~2 GiB or 4 GiB. */
  readonly largestArray: number;
  /** Time on one core of a laptop (seconds). */
  readonly seconds: number;
  /** The settings that drive the cost, for the refusal message (e.g. "tokens × dModel × dFF"). */
  readonly drivers: string;
  /**
   * Independent jobs of about equal size that a caller may run side by side (fashion-mnist's
   * (activation, seed) runs on the CLI's worker threads); absent: one.
   */
  readonly parallelJobs?: number;
}

/**
 * Progress callback: fraction done in [0, 1], an optional label, and optionally a partial
 * result — the same shape as the run's final result, holding what is known so far (rows
 * finished, the estimate over the simulations done) — so a caller can draw the chart as it
 * fills in. A run may send a partial result with any call, or never; `Progress` alone (R =
 * never) is a callback that takes none.
 */
export type Progress<R = never> = (fraction: number, label?: string, partial?: R) => void;

export type SettingValue = number | boolean | string | readonly string[] | readonly number[];

export interface Experiment<C extends Readonly<Record<string, SettingValue>> = Readonly<Record<string, SettingValue>>, R = unknown> {
  readonly id: string;
  readonly title: string;
  /** What it shows and, where it differs from the chapter's program, why. */
  readonly description: string;
  /** The chapter program and function it reproduces, if any. */
  readonly chapter?: string;
  readonly defaults: C;
  readonly settings: { readonly [K in keyof C]: SettingSpec };
  /**
   * Estimated time and memory of a run with this (already validated) configuration, with the
   * generator it will use when known (some experiments draw differently per generator).
   */
  cost(config: C, rng?: RngKind): RunCost;
  /** Checks between settings (from < to, …), throwing an ActlabError; runs before any work starts. */
  validate?(config: C): void;
  run(config: C, rng: Rng, progress?: Progress<R>): R;
  /** The printout: the chapter's format where the chapter prints one. */
  report(result: R, config: C): string;
  /** Whether (and how) a run splits along a list setting into runs that merge to the bit ({@link SplitSpec}). */
  readonly split?: SplitSpec<C, R>;
}

/**
 * Python's `f"{x:.{digits}e}"`: mantissa with `digits` decimals and a two-digit exponent (exact
 * binary ties, vanishingly rare in these printouts, round up here and to even in Python).
 */
export function pythonExponential(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const [mantissa, exponent] = x.toExponential(digits).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  const magnitude = exponent.replace(/^[+-]/, '').padStart(2, '0');
  return `${mantissa}e${sign}${magnitude}`;
}

/**
 * Python's `f"{x:.{digits}f}"`. Both round the exact binary value; they differ only on exact
 * ties (0.125 to 2 digits): JavaScript's toFixed rounds them up, Python to even.
 */
export function pythonFixed(x: number, digits: number): string {
  const text = x.toFixed(digits);
  if (!Number.isFinite(x) || digits > 60) return text;
  const longer = Math.abs(x).toFixed(Math.min(100, digits + 40));
  const tail = longer.slice(longer.length - 40);
  if (tail !== `5${'0'.repeat(39)}`) return text;
  // An exact tie: round half to even on the last kept digit.
  const kept = longer.slice(0, longer.length - 40).replace(/\.$/, '');
  const lastDigit = Number(kept[kept.length - 1]);
  if (lastDigit % 2 === 0) return (x < 0 ? '-' : '') + kept;
  return text;
}
