/**
 * The text of an activation spec, read without parsing the formula: `label=expression`, a
 * list's top-level commas, whether a text is meant as a formula, and the id a formula gets.
 * Light on purpose: the registry imports it, while the parser and compiler load only with the
 * formula reader (install.ts).
 * @module
 */

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
