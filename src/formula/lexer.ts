/**
 * The formula lexer: text to tokens, each with its 1-based column in the text as given. Only
 * numbers, identifiers, the operators `+ - * / ^ < <= > >= == !=` (also typeset: − × · ÷ ≤ ≥ ≠),
 * `=` (named arguments), parentheses and commas exist; any other character is refused where
 * it stands.
 * @module
 */
import { FormulaError } from '../errors.js';

/** The longest formula accepted, in characters (a guard for pasted text, not a language limit). */
export const MAX_FORMULA_LENGTH = 500;

export type TokenKind = 'number' | 'name' | 'op' | '(' | ')' | ',' | '=' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The text of the token (for `end`: empty). */
  readonly text: string;
  /** The number's value (numbers only). */
  readonly value: number;
  /** 1-based column in the original text. */
  readonly column: number;
}

const OPERATORS = ['<=', '>=', '==', '!=', '+', '-', '*', '/', '^', '<', '>'] as const;
/** Typeset operators pasted from text (− × · ÷ ≤ ≥ ≠) read as their ASCII spelling. */
export const TYPESET: Readonly<Record<string, string>> = { '\u2212': '-', '\u00d7': '*', '\u00b7': '*', '\u22c5': '*', '\u00f7': '/', '\u2264': '<=', '\u2265': '>=', '\u2260': '!=' };
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * The tokens of `source`, whose first character sits at column `offset + 1` of `whole` (the
 * text as the user typed it, for error messages).
 * @throws {FormulaError} for a character that starts no token.
 */
export function tokenize(source: string, whole: string = source, offset = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const column = offset + i + 1;
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      const text = number[0];
      tokens.push({ kind: 'number', text, value: Number(text), column });
      i += text.length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], value: NaN, column });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, value: NaN, column });
      i += op.length;
      continue;
    }
    if (Object.hasOwn(TYPESET, c)) {
      tokens.push({ kind: 'op', text: TYPESET[c]!, value: NaN, column });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === '=') {
      tokens.push({ kind: c, text: c, value: NaN, column });
      i++;
      continue;
    }
    const shown = JSON.stringify(String.fromCodePoint(source.codePointAt(i)!));
    throw new FormulaError(whole, column, `unexpected character ${shown}`, 'a number, a name, an operator + - * / ^ < <= > >= == !=, a parenthesis or a comma');
  }
  tokens.push({ kind: 'end', text: '', value: NaN, column: offset + source.length + 1 });
  return tokens;
}
