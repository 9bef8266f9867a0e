/**
 * A formula as an activation: parse, compile, and wrap as an {@link ElementwiseActivation}
 * that every face reads like a registered one. Also the text helpers the faces share: the
 * `label=expression` form, and splitting a comma list at its top-level commas.
 * @module
 */
import { defineElementwise, type ElementwiseActivation } from '../activations/types.js';
import type { FormulaNode } from './ast.js';
import { WANT_SECOND } from './closures.js';
import { compileNode } from './compile.js';
import { findKinks } from './kinks.js';
import { toLatex } from './latex.js';
import { parseFormula, type FormulaContext } from './parser.js';

/** An activation made from a formula: an {@link ElementwiseActivation} of family `'formula'`. */
export interface FormulaActivation extends ElementwiseActivation {
  readonly family: 'formula';
  /** The expression in z (the text after a label, trimmed). */
  readonly expression: string;
  /** The label given (`My mish=…`), if any. */
  readonly label?: string;
  /** The parsed tree. */
  readonly tree: FormulaNode;
}

/** A text read as `label=expression` or as a plain expression. */
export interface ActivationSpec {
  /** The label before the first top-level `=` (trimmed), if the text has one. */
  readonly label?: string;
  /** The expression, trimmed. */
  readonly expression: string;
  /** Index in the text where the untrimmed expression starts (for error columns). */
  readonly offset: number;
}

/**
 * Splits `label=expression`: the label is the text before the first `=` that stands at the top
 * level (outside parentheses) and is not part of `==`, `<=`, `>=` or `!=`, provided the label is
 * not empty and holds no `(`, `)` or `,`. `My mish=z*tanh(softplus(z))` has the label
 * `My mish`; `where(z>=0, z, 0)` and `elu(z, alpha=0.5)` have none.
 */
export function parseActivationSpec(text: string): ActivationSpec {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '=' && depth === 0) {
      const before = text[i - 1];
      if (before === '<' || before === '>' || before === '=' || before === '!' || text[i + 1] === '=') {
        i++;
        continue;
      }
      const label = text.slice(0, i).trim();
      if (!label || /[(),]/.test(label)) break;
      return { label, expression: text.slice(i + 1).trim(), offset: i + 1 };
    }
  }
  return { expression: text.trim(), offset: 0 };
}

/**
 * Splits a comma-separated list of activations at its top-level commas only, trimming each
 * item: `relu,max(z, 0.1*z)` gives `['relu', 'max(z, 0.1*z)']`. Empty items are kept (as '').
 */
export function splitActivationList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(text.slice(start).trim());
  return items;
}

/**
 * Whether a text that is not a registered name is meant as a formula rather than as a
 * (misspelt) name: it is `z`, or it holds something a name cannot — an operator, a
 * parenthesis, a comma, `=`, `.`, a space between words — or starts with a digit, and holds
 * only characters a formula can (after an optional `label=`). A plain word (`tnah`, `relu7`)
 * or a text with other characters is a name.
 */
export function looksLikeFormula(text: string): boolean {
  const spec = parseActivationSpec(text);
  const expression = spec.expression;
  // a label says "formula" (`mine=` is then an empty formula, not an unknown name)
  if (expression === 'z' || spec.label !== undefined) return true;
  if (!expression || /^[A-Za-z_][A-Za-z0-9_]*$/.test(expression)) return false;
  // only the formula's own characters (a label may hold any): `gelu\u202e` stays a bad name
  return /^[A-Za-z0-9_\s.()+\-*/^<>=!,\u2212\u00d7\u00b7\u22c5\u00f7\u2264\u2265\u2260]+$/.test(expression);
}

const MAX_DOUBLE = Number.MAX_VALUE;

/**
 * The limit of g at ±∞ as far as doubles can tell: g at ±MAX_VALUE and ±MAX_VALUE/2 when they
 * agree (or both beyond 1e300 with one sign: ±∞), else NaN (no limit, e.g. sin).
 */
function limitAt(g: (z: number) => number, sign: 1 | -1): number {
  const a = g(sign * MAX_DOUBLE);
  const b = g(sign * MAX_DOUBLE * 0.5);
  if (a === b) return a;
  if (a > 1e300 && b > 1e300) return Infinity;
  if (a < -1e300 && b < -1e300) return -Infinity;
  return NaN;
}

/** How f, f′ and f″ at ±∞ are defined; written into each formula activation's notes. */
export const INFINITY_NOTE =
  'At ±∞: f is the formula evaluated there when that is a number, else (∞ − ∞, 0·∞) its value at ±MAX_VALUE when equal to the value at ±MAX_VALUE/2; ' +
  'f′ and f″ are always the latter (NaN when the two differ: no limit).';

/**
 * The id and display name a text (and an optional name) give: the name is the one given, else
 * the label, else the expression; the id is `name=expression` when the name can be read back as
 * a label (no `=`, `(`, `)`, `,`), else the expression. So `getActivation(a.id)` rebuilds `a`.
 */
export function formulaIdentity(text: string, name?: string): { readonly id: string; readonly name: string } {
  const spec = parseActivationSpec(text);
  const label = name ?? spec.label;
  if (label === undefined) return { id: spec.expression, name: spec.expression };
  const readable = label.trim() !== '' && !/[=(),]/.test(label);
  return { id: readable ? `${label.trim()}=${spec.expression}` : spec.expression, name: label };
}

/** Label, expression and tree to an activation (the registry's `formulaActivation` calls this). */
export function buildFormulaActivation(text: string, context: FormulaContext, name?: string): FormulaActivation {
  const spec = parseActivationSpec(text);
  const leading = text.slice(spec.offset).length - text.slice(spec.offset).trimStart().length;
  const tree = parseFormula(spec.expression, context, text, spec.offset + leading);
  const compiled = compileNode(tree);
  const value = compiled.value;
  const jet = compiled.jet;
  const out = compiled.out;
  const first = (z: number) => {
    WANT_SECOND[0] = 0;
    try {
      jet(z);
    } finally {
      WANT_SECOND[0] = 1;
    }
    // Where f is undefined (log or sqrt of a negative, …) so are f′ and f″: the primitives'
    // derivative formulas alone would give numbers there (log″(−2) = −1/4).
    return out[0] !== out[0] ? NaN : out[1]!;
  };
  const second = (z: number) => {
    WANT_SECOND[0] = 1;
    jet(z);
    return out[0] !== out[0] ? NaN : out[2]!;
  };
  const { id, name: label } = formulaIdentity(text, name);
  let kinks: readonly number[] | undefined;
  const definition = defineElementwise({
    id,
    name: label,
    family: 'formula',
    aliases: [],
    description: `Your formula f(z) = ${spec.expression}: f′ and f″ by automatic differentiation.`,
    formula: 'f(z)=' + toLatex(tree),
    derivativeFormula: String.raw`f'(z)\ \text{by automatic differentiation (second-order forward mode)}`,
    reference: { citation: `User-defined formula: ${spec.expression}`, url: '' },
    params: {},
    notes: [INFINITY_NOTE],
    f: (z) => {
      if (z === Infinity || z === -Infinity) {
        const v = value(z);
        return v === v ? v : limitAt(value, z > 0 ? 1 : -1);
      }
      return value(z);
    },
    df: (z) => (z === Infinity || z === -Infinity ? limitAt(first, z > 0 ? 1 : -1) : first(z)),
    d2f: (z) => (z === Infinity || z === -Infinity ? limitAt(second, z > 0 ? 1 : -1) : second(z)),
    kinks: () => (kinks ??= Object.freeze(findKinks(tree))),
    kinkConvention:
      "PyTorch's backward: abs′(0) = 0; max and min at a tie give each side half (torch.maximum); where(c, a, b) differentiates the branch c picks; " +
      'a registry activation keeps its own convention.',
  });
  const result: FormulaActivation = Object.freeze({ ...definition, family: 'formula' as const, expression: spec.expression, tree, ...(spec.label !== undefined ? { label: spec.label } : {}) });
  return result;
}
