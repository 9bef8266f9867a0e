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
import { formulaIdentity, parseActivationSpec } from './spec.js';

export { formulaIdentity, looksLikeFormula, parseActivationSpec, splitActivationList, type ActivationSpec } from './spec.js';

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
