/**
 * The shape of an experiment: a pure function `(config, rng) => result` with documented
 * settings (defaults = the chapter's sizes) and a printout in the chapter's own format.
 * @module
 */
import type { Rng } from '../math/rng.js';

/** One `--set key=value` setting. */
export interface SettingSpec {
  readonly type: 'number' | 'integer' | 'boolean' | 'string' | 'list' | 'numbers';
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values for strings (and for each element of lists). */
  readonly choices?: readonly string[];
}

/** Progress callback: fraction done in [0, 1] and an optional label. */
export type Progress = (fraction: number, label?: string) => void;

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
  run(config: C, rng: Rng, progress?: Progress): R;
  /** The printout: the chapter's format where the chapter prints one. */
  report(result: R, config: C): string;
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
