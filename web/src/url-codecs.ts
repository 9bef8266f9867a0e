/**
 * The value types of the explorer's address: how one key's text becomes a value and back. Each
 * codec carries its own range (allowed values, bounds, counts) so that the state table in
 * state.ts says everything about a key in one line, and the tests can generate valid values
 * and garbage for every key from the same data.
 *
 * Parsing never throws: garbage adds a notice through the {@link Reader} and returns undefined,
 * and the caller keeps the key's default.
 */
import { getActivation, isFormula, resolveParams } from '../../src/activations/index.js';
import { splitActivationList } from '../../src/formula/index.js';
import { readFormula } from './formulas.js';

/** Reads keys from the address, remembers which were read, and collects the notices. */
export class Reader {
  readonly notices: string[] = [];
  readonly used = new Set<string>();
  constructor(private readonly params: URLSearchParams) {}

  /** The key's text (the first, if repeated), or undefined when the address lacks it. */
  raw(key: string): string | undefined {
    this.used.add(key);
    return this.params.get(key) ?? undefined;
  }
  has(key: string): boolean {
    return this.params.has(key);
  }
  note(message: string): void {
    this.notices.push(message);
  }
  bad(key: string, text: string, why: string): void {
    this.notices.push(`“${key}=${text.length > 40 ? `${text.slice(0, 40)}…` : text}” ignored: ${why}; using the default.`);
  }
}

/** How one key's value is read from the address and written back; `S` is the state parsed so far. */
export interface Codec<T, S = unknown> {
  readonly kind: 'choice' | 'number' | 'boolean' | 'activations' | 'integers' | 'subset' | 'pairs' | 'parameters' | 'settings';
  /** The value, or undefined after a notice (the caller keeps the default). */
  parse(text: string, key: string, reader: Reader, state: S): T | undefined;
  /** The value's text in the address. */
  format(value: T, state: S): string;
}

/** The canonical id of any activation name or alias, or undefined. */
export function canonicalAny(name: string): string | undefined {
  try {
    return getActivation(name).id;
  } catch {
    return undefined;
  }
}

/** The canonical id of an elementwise activation name or alias, or undefined. */
export function canonicalElementwise(name: string): string | undefined {
  try {
    const activation = getActivation(name);
    return activation.kind === 'elementwise' ? activation.id : undefined;
  } catch {
    return undefined;
  }
}

const list = (values: readonly (string | number)[]): string => values.join(',');

export interface ChoiceCodec<T extends string> extends Codec<T> {
  readonly kind: 'choice';
  readonly values: readonly T[];
}

/** One of `values`. */
export function choice<T extends string>(values: readonly T[]): ChoiceCodec<T> {
  return {
    kind: 'choice',
    values,
    parse(text, key, reader) {
      if ((values as readonly string[]).includes(text)) return text as T;
      reader.bad(key, text, `expected one of ${values.join(', ')}`);
      return undefined;
    },
    format: (value) => value,
  };
}

export interface NumberCodec<S> extends Codec<number, S> {
  readonly kind: 'number';
  readonly min: number;
  /** The largest value; a function when it depends on another key (the gallery's focus on its activations). */
  readonly max: number | ((state: S) => number);
  readonly integer: boolean;
}

/** A finite number (an integer with `integer`) from `min` to `max`. */
export function number<S = unknown>(min: number, max: number | ((state: S) => number), integer = false): NumberCodec<S> {
  return {
    kind: 'number',
    min,
    max,
    integer,
    parse(text, key, reader, state) {
      const top = typeof max === 'function' ? max(state) : max;
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > top) {
        reader.bad(key, text, `expected ${integer ? 'an integer' : 'a number'} from ${min} to ${top}`);
        return undefined;
      }
      return value;
    },
    format: (value) => String(value),
  };
}

/** 1 or 0 (true and false are read too). */
export function boolean(): Codec<boolean> & { readonly kind: 'boolean' } {
  return {
    kind: 'boolean',
    parse(text, key, reader) {
      if (text === '1' || text === 'true') return true;
      if (text === '0' || text === 'false') return false;
      reader.bad(key, text, 'expected 0 or 1');
      return undefined;
    },
    format: (value) => (value ? '1' : '0'),
  };
}

export interface ActivationsCodec extends Codec<string[]> {
  readonly kind: 'activations';
  readonly minCount: number;
  readonly maxCount: number;
  /** Duplicates are dropped (an overlay); per-layer lists keep them (tanh, tanh). */
  readonly unique: boolean;
  /** Vector activations (softmax, the GLU family) are allowed too, not only elementwise ones. */
  readonly vector: boolean;
  /** An empty text means "none" (the race is off) rather than garbage. */
  readonly emptyIsNone: boolean;
}

/**
 * Activation ids, comma-separated at the top level (a formula's own commas, `max(z, 0.1*z)`, stay
 * in its item); aliases resolve to canonical ids, a formula to its own (`label=expression`);
 * unknown names and bad formulas are dropped with a notice.
 */
export function activations(minCount: number, maxCount: number, options: { unique?: boolean; vector?: boolean; emptyIsNone?: boolean } = {}): ActivationsCodec {
  const { unique = true, vector = false, emptyIsNone = false } = options;
  return {
    kind: 'activations',
    minCount,
    maxCount,
    unique,
    vector,
    emptyIsNone,
    parse(text, key, reader) {
      if (emptyIsNone && text === '') return [];
      const out: string[] = [];
      for (const name of splitActivationList(text).filter(Boolean)) {
        const id = vector ? canonicalAny(name) : canonicalElementwise(name);
        const reading = id === undefined && isFormula(name) ? readFormula(name) : undefined;
        if (reading && 'message' in reading) reader.note(`formula “${name.slice(0, 40)}” in ${key} ignored: ${reading.message}${/[.?!]$/.test(reading.message) ? '' : '.'}`);
        else if (id === undefined && canonicalAny(name) !== undefined) reader.note(`“${name.slice(0, 40)}” in ${key} ignored: it acts on whole vectors, this needs an elementwise activation.`);
        else if (id === undefined) reader.note(`unknown activation “${name.slice(0, 40)}” in ${key} ignored.`);
        else if (!unique || !out.includes(id)) out.push(id);
      }
      if (out.length < minCount || out.length > maxCount) {
        reader.bad(key, text, `expected ${minCount === maxCount ? minCount : `${minCount} to ${maxCount}`} known ${vector ? '' : 'elementwise '}activations`);
        return undefined;
      }
      return out;
    },
    format: list,
  };
}

export interface IntegersCodec extends Codec<number[]> {
  readonly kind: 'integers';
  readonly min: number;
  readonly max: number;
  readonly minCount: number;
  readonly maxCount: number;
}

/** `minCount`–`maxCount` integers from `min` to `max`, comma-separated (layer widths). */
export function integers(min: number, max: number, minCount: number, maxCount: number): IntegersCodec {
  return {
    kind: 'integers',
    min,
    max,
    minCount,
    maxCount,
    parse(text, key, reader) {
      const values = text.split(',').map((s) => Number(s));
      if (values.length < minCount || values.length > maxCount || values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
        reader.bad(key, text, `expected ${minCount}–${maxCount} integers from ${min} to ${max}, comma-separated`);
        return undefined;
      }
      return values;
    },
    format: list,
  };
}

export interface SubsetCodec<T extends string> extends Codec<T[]> {
  readonly kind: 'subset';
  readonly values: readonly T[];
  /** Fewest entries (the playground needs one input feature); fewer falls back to the default. */
  readonly minCount: number;
}

/**
 * Some of `values`, comma-separated; unknown entries are dropped with a notice, the known ones
 * kept — unless fewer than `minCount` remain: then the whole key falls back to its default.
 */
export function subset<T extends string>(values: readonly T[], minCount = 0): SubsetCodec<T> {
  return {
    kind: 'subset',
    values,
    minCount,
    parse(text, key, reader) {
      const entries = text.split(',').filter(Boolean);
      const known = entries.filter((c): c is T => (values as readonly string[]).includes(c));
      if (known.length < minCount) {
        reader.bad(key, text, `expected ${minCount === 1 ? 'at least one' : `at least ${minCount}`} of ${values.join(', ')}`);
        return undefined;
      }
      if (known.length !== entries.length) reader.bad(key, text, `expected some of ${values.join(', ')}`);
      return known;
    },
    format: list,
  };
}

export interface PairsCodec extends Codec<string[]> {
  readonly kind: 'pairs';
  readonly inits: readonly string[];
  readonly minCount: number;
  readonly maxCount: number;
}

/** `activation:init` pairs, comma-separated at the top level (the activation may be a formula); a bad pair is dropped with a notice. */
export function pairs(inits: readonly string[], minCount: number, maxCount: number): PairsCodec {
  return {
    kind: 'pairs',
    inits,
    minCount,
    maxCount,
    parse(text, key, reader) {
      const out: string[] = [];
      let dropped = false;
      for (const item of splitActivationList(text).filter(Boolean)) {
        // the init is after the last colon: a formula's label may hold one
        const colon = item.lastIndexOf(':');
        const [name, init] = colon < 0 ? [item, ''] : [item.slice(0, colon), item.slice(colon + 1)];
        const id = canonicalElementwise(name);
        if (id === undefined || !inits.includes(init)) {
          reader.bad(key, item, `expected activation:init with init one of ${inits.join(', ')}`);
          dropped = true;
        } else out.push(`${id}:${init}`);
      }
      if (out.length >= minCount && out.length <= maxCount) return out;
      // Without this line an empty list or one pair too many fell back to the default silently.
      if (!dropped) reader.bad(key, text, `expected ${minCount} to ${maxCount} activation:init pairs`);
      return undefined;
    },
    format: list,
  };
}

export type ParameterValues = Record<string, Record<string, number>>;

/** Non-default parameters of the shown activations: `elu.alpha:0.5;swish.beta:2`; each checked by the registry. */
export function parameters<S>(shown: (state: S) => readonly string[]): Codec<ParameterValues, S> & { readonly kind: 'parameters' } {
  return {
    kind: 'parameters',
    parse(text, key, reader, state) {
      const acts = shown(state);
      // Read every item first: a constraint between parameters (rrelu's lower ≤ upper) is checked
      // on an activation's whole set, whatever order the address lists them in.
      const given = new Map<string, { item: string; name: string; value: number }[]>();
      for (const item of text.split(';').filter(Boolean)) {
        const match = /^([\w-]+)\.(\w+):(.+)$/.exec(item);
        const id = match ? canonicalAny(match[1] as string) : undefined;
        if (!match || id === undefined || !acts.includes(id)) {
          reader.bad(key, item, 'expected activation.parameter:value for a shown activation');
          continue;
        }
        given.set(id, [...(given.get(id) ?? []), { item, name: match[2] as string, value: Number(match[3]) }]);
      }
      const out: ParameterValues = {};
      for (const [id, items] of given) {
        const whole = Object.fromEntries(items.map(({ name, value }) => [name, value]));
        try {
          resolveParams(getActivation(id), whole);
          out[id] = whole;
          continue;
        } catch {
          // Some item is wrong: keep, in order, each one that holds with those kept before it.
        }
        for (const { item, name, value } of items) {
          const candidate = { ...(out[id] ?? {}), [name]: value };
          try {
            resolveParams(getActivation(id), candidate);
            out[id] = candidate;
          } catch (error) {
            reader.bad(key, item, error instanceof Error ? error.message : String(error));
          }
        }
      }
      return out;
    },
    format: (values, state) =>
      Object.entries(values)
        .filter(([id]) => shown(state).includes(id))
        .flatMap(([id, named]) => Object.entries(named).map(([name, value]) => `${id}.${name}:${value}`))
        .join(';'),
  };
}

const SETTING_KEY = /^[a-zA-Z]+$/;
const EXPERIMENT_ID = /^[a-z-]+$/;

/**
 * Experiment settings by `experiment.setting`: `gradient-flow.units=64;xor-race.seeds=0-9`. Only
 * their shape is checked here; the figure panel checks each against its experiment.
 */
export function settings(): Codec<Record<string, string>> & { readonly kind: 'settings' } {
  return {
    kind: 'settings',
    parse(text, key, reader) {
      const out: Record<string, string> = {};
      for (const item of text.split(';').filter(Boolean)) {
        const eq = item.indexOf('=');
        const name = item.slice(0, eq);
        const [experiment, setting] = name.split('.');
        if (eq <= 0 || !experiment || !setting || !SETTING_KEY.test(setting) || !EXPERIMENT_ID.test(experiment)) reader.bad(key, item, 'expected experiment.setting=value');
        else out[name] = item.slice(eq + 1);
      }
      return out;
    },
    format: (values) =>
      Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join(';'),
  };
}
