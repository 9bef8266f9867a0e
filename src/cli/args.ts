/**
 * A small argument parser for the CLI: `--flag`, `--option value`, `--option=value`, short
 * `-h`, repeatable options, and positionals that may look like negative numbers (`-1`, `-inf`),
 * which general-purpose parsers mistake for options.
 *
 * Strict on purpose: an option is recognised by its exact name only (no prefixes: `--h` is not
 * `-h`, `--js` is not `--json`); a value may not be empty; an option given twice, or a
 * repeatable one given twice with the same value or key, is refused rather than one of them
 * silently winning.
 * @module
 */
import { availableParallelism } from 'node:os';
import { ActlabError } from '../errors.js';
import { parseDecimal } from '../experiments/settings.js';
import { quote } from './format.js';

export class UsageError extends ActlabError {
  constructor(message: string) {
    super(message, 'USAGE');
  }
}

export interface OptionSpec {
  /** Takes a value (`--dtype float32`) or is a boolean flag (`--json`). */
  readonly value: boolean;
  /** May be given more than once (values collected in order; the same value twice is refused). */
  readonly repeatable?: boolean;
}

/** `--help` and `-h`, which every command accepts (listed last in each command's options). */
export const HELP_FLAGS: Readonly<Record<'help' | 'h', OptionSpec>> = { help: { value: false }, h: { value: false } };

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string[]>;
}

/** Longest command-line argument accepted (characters): numbers, names and paths fit easily. */
export const MAX_ARGUMENT_LENGTH = 4096;

const NUMBER_LIKE = /^-(\d|\.\d|inf|infinity|nan)/i;

/**
 * Whether `name` is a short option, written with one dash: a one-letter name that abbreviates a
 * long option of the same spec (`h` for `help`). Other one-letter names (`props --q`) are long.
 */
function isShort(name: string, spec: Readonly<Record<string, OptionSpec>>): boolean {
  return name.length === 1 && Object.keys(spec).some((other) => other.length > 1 && other.startsWith(name) && spec[other]?.value === spec[name]?.value);
}

/**
 * Splits argv into positionals, flags and option values by `spec` (option names without dashes:
 * `--json`, and `-h` for a one-letter abbreviation of a long option, see {@link isShort}).
 * @throws {UsageError} for an unknown option, a missing or empty value, a value given to a flag,
 *   an option given twice, or an argument longer than {@link MAX_ARGUMENT_LENGTH}
 */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>, command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const optionName = (name: string) => (isShort(name, spec) ? `-${name}` : `--${name}`);
  const known = () => Object.keys(spec).map(optionName).join(', ');
  argv.forEach((token, i) => {
    if (typeof token !== 'string') throw new UsageError(`argument ${i + 1} of "${command}" is not text`);
    if (token.length > MAX_ARGUMENT_LENGTH) {
      throw new UsageError(`argument ${i + 1} of "${command}" is ${token.length} characters long; at most ${MAX_ARGUMENT_LENGTH}: ${quote(token)}`);
    }
  });
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-' || NUMBER_LIKE.test(token)) {
      positionals.push(token);
      continue;
    }
    const long = token.startsWith('--');
    const body = token.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    // Exact names only, each with its own dashes: --help and -h, never --h or -help.
    const matches = Object.hasOwn(spec, name) && long !== isShort(name, spec);
    if (!matches) throw new UsageError(`unknown option ${quote(token)} for "${command}"; allowed: ${known()}`);
    const option = spec[name] as OptionSpec;
    const shown = optionName(name);
    if (!option.value) {
      if (eq >= 0) throw new UsageError(`option ${shown} takes no value, got ${quote(token)}`);
      if (flags.has(name)) throw new UsageError(`option ${shown} given more than once`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = body.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value !== undefined && value.startsWith('--') && value !== '--') {
        throw new UsageError(`option ${shown} needs a value, got the option ${quote(value)} (write ${shown}=VALUE for a value that starts with --)`);
      }
      i++;
    }
    if (value === undefined) throw new UsageError(`option ${shown} needs a value`);
    if (value.trim() === '') throw new UsageError(`option ${shown} needs a non-empty value`);
    const list = values.get(name) ?? [];
    if (list.length && !option.repeatable) throw new UsageError(`option ${shown} given more than once`);
    if (list.includes(value)) throw new UsageError(`option ${shown} given twice with the same value ${quote(value)}`);
    list.push(value);
    values.set(name, list);
  }
  return { positionals, flags, values };
}

/**
 * Parses a number as typed at a shell: decimals and exponents (`-2`, `.5`, `1e-8`; the grammar of
 * {@link parseDecimal}, no hexadecimal), and the words `inf`, `infinity`, `nan` (any case,
 * with a sign for the infinities).
 */
export function parseNumber(text: string, what: string): number {
  // Nothing longer than 400 characters is a number worth reading: refused before any scan of it.
  const t = text.length > 1000 ? text : text.trim();
  const decimal = parseDecimal(t);
  if (decimal !== undefined) return decimal;
  const lower = t.length <= 10 ? t.toLowerCase() : '';
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  throw new UsageError(`${what} must be a number (decimal or exponent like -2, 0.5, 1e-8; inf or nan), got ${quote(text)}`);
}

/**
 * Repeated `name=value` options (`--param`, `--set`) as a map without a prototype, so that
 * `__proto__` or `constructor` are ordinary keys that the caller refuses as unknown.
 * @throws {UsageError} for a text without "=", an empty name or value, or a name given twice
 */
export function parseKeyValues(texts: readonly string[], option: string): Record<string, string> {
  const given: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const text of texts) {
    const eq = text.indexOf('=');
    const name = eq > 0 ? text.slice(0, eq).trim() : '';
    if (eq < 0 || name === '') throw new UsageError(`${option} must look like name=value, got ${quote(text)}`);
    const value = text.slice(eq + 1).trim();
    if (value === '') throw new UsageError(`${option} ${quote(name)} needs a value after "=", got ${quote(text)}`);
    if (Object.hasOwn(given, name)) throw new UsageError(`${option} ${quote(name)} given more than once`);
    given[name] = value;
  }
  return given;
}

/** Repeated `--param name=value` options as a record (the registry validates names and values). */
export function parseParamOptions(texts: readonly string[]): Record<string, number> {
  const given: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [name, value] of Object.entries(parseKeyValues(texts, '--param'))) given[name] = parseNumber(value, `parameter ${quote(name)}`);
  return given;
}

/**
 * `--threads N` of run and report: an integer from 1 to the machine's cores, or undefined when
 * the option is absent.
 */
export function parseThreads(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const threads = parseNumber(text, '--threads');
  const cores = availableParallelism();
  if (!Number.isInteger(threads) || threads < 1 || threads > cores) {
    throw new UsageError(`--threads must be an integer from 1 to ${cores} (the cores of this machine; more only add idle workers), got ${quote(text)}`);
  }
  return threads;
}
