/**
 * Number formatting for the CLI: the shortest text that reads back to the same float64 or
 * float32 value, JSON that keeps −0 and names non-finite values, and the short, escaped
 * excerpts of bad input that error messages quote; {@link out}, how every command prints.
 * @module
 */
import type { FormulaError, ForeignConventionError } from '../errors.js';

/** Writes `text` to standard output as one or more whole lines (a final newline added if missing). */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** `text` padded with spaces to `width` characters (left-aligned columns). */
export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Shortest decimal that rounds back to `x` in the given format. */
export function formatNumber(x: number, dtype: 'float64' | 'float32'): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  if (dtype === 'float64') return String(x);
  for (let digits = 1; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x);
}

/** JSON value for a result: numbers as numbers, non-finite as "NaN", "Infinity", "-Infinity". */
export function jsonValue(x: number, dtype: 'float64' | 'float32'): number | string {
  if (!Number.isFinite(x)) return formatNumber(x, dtype);
  return dtype === 'float64' ? x : Number(formatNumber(x, dtype));
}

/** What −0 becomes inside JSON.stringify, to be replaced by `-0` after: no real string can serialise so (see {@link toJson}). */
const NEGATIVE_ZERO = '\u0000-0\u0000';

/**
 * JSON text of plain data, like JSON.stringify(value, null, indent) except that −0 is written
 * `-0` (valid JSON, which JSON.stringify turns into 0), non-finite numbers are the strings
 * "NaN", "Infinity", "-Infinity", and typed arrays are arrays.
 */
export function toJson(value: unknown, indent = 0): string {
  // JSON.stringify does the work (fast, and a million-point curve is 200 MB of text); −0 goes
  // through as a marker string. Data whose own strings or keys contain a NUL could collide with
  // the marker: those take the slower writer below.
  let collision = false;
  const text = JSON.stringify(
    value,
    (key: string, v: unknown) => {
      if (key.includes('\u0000')) collision = true;
      if (typeof v === 'number') return Object.is(v, -0) ? NEGATIVE_ZERO : Number.isFinite(v) ? v : formatNumber(v, 'float64');
      if (typeof v === 'string' && v.includes('\u0000')) collision = true;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    indent,
  );
  if (text === undefined) return 'null';
  return collision ? writeJson(value, indent) : text.replaceAll(JSON.stringify(NEGATIVE_ZERO), '-0');
}

/** {@link toJson} by hand, for data the marker could collide with. */
function writeJson(value: unknown, indent: number): string {
  const parts: string[] = [];
  const step = ' '.repeat(indent);
  const write = (v: unknown, depth: number): void => {
    if (typeof v === 'number') {
      parts.push(Object.is(v, -0) ? '-0' : Number.isFinite(v) ? String(v) : JSON.stringify(formatNumber(v, 'float64')));
      return;
    }
    if (v === null || typeof v === 'boolean' || typeof v === 'string') {
      parts.push(JSON.stringify(v));
      return;
    }
    if (typeof v === 'bigint') {
      parts.push(String(v));
      return;
    }
    if (typeof v !== 'object') {
      parts.push('null'); // undefined and functions, as JSON.stringify writes them inside arrays
      return;
    }
    const inner = indent ? `\n${step.repeat(depth + 1)}` : '';
    const close = indent ? `\n${step.repeat(depth)}` : '';
    const sep = indent ? ': ' : ':';
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const items = v as ArrayLike<unknown>;
      if (!items.length) {
        parts.push('[]');
        return;
      }
      parts.push('[');
      for (let i = 0; i < items.length; i++) {
        if (i) parts.push(',');
        parts.push(inner);
        write(items[i], depth + 1);
      }
      parts.push(close, ']');
      return;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function');
    if (!entries.length) {
      parts.push('{}');
      return;
    }
    parts.push('{');
    entries.forEach(([key, x], i) => {
      if (i) parts.push(',');
      parts.push(inner, JSON.stringify(key), sep);
      write(x, depth + 1);
    });
    parts.push(close, '}');
  };
  write(value, 0);
  return parts.join('');
}

/** Longest excerpt of a user's input an error message quotes (in characters, before escaping). */
export const EXCERPT_LENGTH = 40;

/**
 * A user's input as an error message quotes it: in double quotes, control and non-ASCII-space
 * characters escaped (so the message stays one line and shows what was really typed), cut to
 * its first {@link EXCERPT_LENGTH} characters with the full length named — a 50 MB line of
 * NULs becomes `"\u0000\u0000…" (50000000 characters)`, not 50 MB on stderr.
 */
export function quote(text: string, max = EXCERPT_LENGTH): string {
  const chars = Array.from(text.length > 4 * max ? text.slice(0, 4 * max) : text);
  const cut = chars.length > max;
  const shown = JSON.stringify(chars.slice(0, max).join('')).replace(/[\u007f-\u009f\u00ad\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return cut ? `${shown.slice(0, -1)}…" (${text.length} characters)` : shown;
}

/** Longest error line the CLI prints (characters): lists of known names fit; pasted data does not. */
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * An error message made safe for one line on a terminal: control characters (newlines included)
 * and bidirectional overrides escaped, and cut at {@link MAX_MESSAGE_LENGTH} — the last line of defence for messages built
 * by code that did not quote its input with {@link quote}.
 */
/**
 * A refused framework spelling in the CLI's words: the library's reason, then the command's
 * `--param` syntax for actlab's spelling of what was meant (the library's note says
 * `{ slope: 0.2 }` and offers `fromFramework`, which only the library has).
 */
export function inCliTerms(error: ForeignConventionError): string {
  if (!error.meant) return error.message;
  const { reason, id, params } = error.meant;
  return `${reason}: use "${id}"${Object.entries(params).map(([name, value]) => ` --param ${name}=${value}`).join('')}`;
}

export function oneLine(message: string): string {
  const escaped = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > MAX_MESSAGE_LENGTH ? `${escaped.slice(0, MAX_MESSAGE_LENGTH)}… (message cut at ${MAX_MESSAGE_LENGTH} characters)` : escaped;
}

/** Widest excerpt of a formula {@link formulaPointer} shows (characters either side of the column). */
const POINTER_CONTEXT = 50;

/**
 * The two lines the CLI prints under a formula error: the formula (an excerpt around the column
 * when it is long) and a caret under the column the message names —
 * ```text
 *   z*tnah(z)
 *     ^
 * ```
 * None for a formula with characters that are not printable ASCII (their escapes would move
 * the caret): the message's column says where.
 */
export function formulaPointer(error: FormulaError): string[] {
  const text = error.formula;
  if (!/^[\x20-\x7e]*$/.test(text)) return [];
  const column = Math.min(Math.max(error.column - 1, 0), text.length);
  const from = Math.max(0, column - POINTER_CONTEXT);
  const to = Math.min(text.length, column + POINTER_CONTEXT);
  const shown = `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  return [`  ${shown}`, `  ${' '.repeat(column - from + (from > 0 ? 1 : 0))}^`];
}
