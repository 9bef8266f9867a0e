/**
 * What a number box of the explorer accepts, read from the address's own table (STATE_KEYS): one
 * source for the range of a key, so a box takes exactly the values a reload keeps. No DOM here:
 * ui.ts builds the boxes on it, and the tests check it in Node against parseState.
 */
import { STATE_KEYS, type State } from './state.js';

/** What a number box accepts. */
export interface Allowed {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/**
 * What the address accepts for `key`, read from the key's codec in {@link STATE_KEYS} (a number,
 * or one entry of a list of integers), so a box takes exactly the values a reload would keep. A
 * bound that depends on other keys is taken from `state`, or left open without one.
 */
export function allowedFor(key: string, state?: State): Allowed {
  const entry = STATE_KEYS.find((k) => k.key === key);
  const type = entry?.type as { kind: string; min?: number; max?: number | ((state: State) => number); integer?: boolean } | undefined;
  if (type?.kind === 'number') {
    const max = typeof type.max === 'function' ? (state ? type.max(state) : Infinity) : (type.max as number);
    return { min: type.min as number, max, integer: type.integer === true };
  }
  if (type?.kind === 'integers') return { min: type.min as number, max: type.max as number, integer: true };
  throw new Error(`“${key}” is not a numeric key of the address`);
}

/** A bound as people write it (a true minus sign). */
const bound = (x: number): string => String(x).replace('-', '−');

/** The words for a range: "an integer from 1 to 200", "a number from 0.0001 to 10". */
export function describeAllowed(allowed: Allowed): string {
  const kind = allowed.integer ? 'an integer' : 'a number';
  const low = Number.isFinite(allowed.min) ? bound(allowed.min) : undefined;
  const high = Number.isFinite(allowed.max) ? bound(allowed.max) : undefined;
  if (low !== undefined && high !== undefined) return `${kind} from ${low} to ${high}`;
  if (low !== undefined) return `${kind} ≥ ${low}`;
  if (high !== undefined) return `${kind} ≤ ${high}`;
  return kind;
}

/** A box's text as a value within `allowed` (and passing `check`), or the message that says what is allowed. */
export function readNumber(text: string, allowed: Allowed, check?: (value: number) => string | undefined): { value: number } | { message: string } {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (allowed.integer && !Number.isInteger(value)) || value < allowed.min || value > allowed.max) {
    return { message: `Enter ${describeAllowed(allowed)}.` };
  }
  const refused = check?.(value);
  return refused === undefined ? { value } : { message: refused };
}

/** Options of a number box: the address key whose range it takes, or a range of its own, and a further check. */
export interface NumberOptions {
  /** The address key the box edits: its codec gives the range. */
  readonly key?: string;
  readonly allowed?: Allowed;
  /** Refuses a value in range for another reason (a parameter constraint); returns the message. */
  readonly check?: (value: number) => string | undefined;
}

