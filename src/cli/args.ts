/**
 * A small argument parser for the CLI: `--flag`, `--option value`, `--option=value`,
 * repeatable options, and positionals that may look like negative numbers (`-1`, `-inf`),
 * which general-purpose parsers mistake for options.
 * @module
 */
import { ActlabError } from '../errors.js';

export class UsageError extends ActlabError {
  constructor(message: string) {
    super(message, 'USAGE');
  }
}

export interface OptionSpec {
  /** Takes a value (`--dtype float32`) or is a boolean flag (`--json`). */
  readonly value: boolean;
  /** May be given more than once (values collected in order). */
  readonly repeatable?: boolean;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string[]>;
}

const NUMBER_LIKE = /^-(\d|\.\d|inf|infinity|nan)/i;

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>, command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
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
    const body = token.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const option = spec[name];
    if (!option) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new UsageError(`unknown option "${token}" for "${command}"; allowed: ${known}`);
    }
    if (!option.value) {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = body.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new UsageError(`option --${name} needs a value`);
    const list = values.get(name) ?? [];
    if (list.length && !option.repeatable) throw new UsageError(`option --${name} given more than once`);
    list.push(value);
    values.set(name, list);
  }
  return { positionals, flags, values };
}

/** Parses a number as typed at a shell: decimals, exponents, `inf`, `-Infinity`, `nan`. */
export function parseNumber(text: string, what: string): number {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (t !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  throw new UsageError(`${what} must be a number (decimal, exponent, inf or nan), got "${text}"`);
}

/** Repeated `--param name=value` options as a record (the registry validates names and values). */
export function parseParamOptions(texts: readonly string[]): Record<string, number> {
  const given: Record<string, number> = {};
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param must look like name=value, got "${text}"`);
    const name = text.slice(0, eq).trim();
    given[name] = parseNumber(text.slice(eq + 1), `parameter ${name}`);
  }
  return given;
}
