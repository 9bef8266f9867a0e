/**
 * Activations written as formulas in the explorer: reading a box's text into a formula (with the
 * parser's message and column), and the short list of recent formulas kept in local storage and
 * offered in every activation select and beside the Gallery's "Your own" box.
 *
 * Storage is untrusted: it may be missing (private windows), throw (quota, disabled cookies) or
 * hold anything another version or a person wrote there; every entry is parsed again and the bad
 * ones are dropped.
 */
import { ACTIVATIONS, getActivation, isFormula } from '../../src/activations/index.js';
import { FormulaError } from '../../src/errors.js';

/** How many recent formulas are kept. */
export const MAX_RECENT_FORMULAS = 8;
const STORAGE_KEY = 'actlab.recent-formulas';

/** A box's text read as a formula: its canonical id (`label=expression` or the expression) and display name, or what is wrong and where. */
export type FormulaReading = { readonly id: string; readonly name: string } | { readonly message: string; readonly column?: number };

const REGISTERED = new Set(ACTIVATIONS.map((a) => a.id));

/** Whether an activation id (as the state holds it) is a formula rather than a registered activation. */
export function isFormulaId(id: string): boolean {
  return !REGISTERED.has(id) && isFormula(id);
}

/** Reads `text` as a formula in z (with an optional `label=`); never throws. */
export function readFormula(text: string): FormulaReading {
  if (text.trim() === '') return { message: 'Type a formula in z, e.g. z*tanh(softplus(z)).' };
  try {
    const activation = getActivation(text);
    if (activation.kind !== 'elementwise') return { message: `${activation.name} acts on whole vectors; a formula here must be elementwise.` };
    return { id: activation.id, name: activation.name };
  } catch (error) {
    if (error instanceof FormulaError) {
      const hint = error.suggestion ? ` — did you mean ${error.suggestion}?` : error.allowed ? ` (expected ${error.allowed})` : '';
      return { message: `${error.problem} at column ${error.column}${hint}`, column: error.column };
    }
    return { message: error instanceof Error ? error.message : String(error) };
  }
}

/** The part of the Web Storage interface used here (the root type-check has no DOM library). */
interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): KeyValueStore | undefined {
  try {
    return (globalThis as { localStorage?: KeyValueStore }).localStorage;
  } catch {
    return undefined;
  }
}

/** The recent formulas, newest first: only entries that still parse as elementwise formulas. */
export function recentFormulas(): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'string' || !isFormulaId(entry)) continue;
    const reading = readFormula(entry);
    if ('id' in reading && !out.includes(reading.id)) out.push(reading.id);
    if (out.length === MAX_RECENT_FORMULAS) break;
  }
  return out;
}

/** Puts a formula first in the recent list (a registered name or a bad formula is ignored). */
export function rememberFormula(id: string): void {
  const reading = readFormula(id);
  if (!('id' in reading) || !isFormulaId(reading.id)) return;
  const next = [reading.id, ...recentFormulas().filter((f) => f !== reading.id)].slice(0, MAX_RECENT_FORMULAS);
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage full or refused: the formula still works, it is only not remembered.
  }
}

/** The select option that opens a box to type a formula in. */
export const TYPE_FORMULA = '\u0000type-a-formula';
/** The option group of formulas in the activation selects. */
export const YOUR_OWN = 'Your own';

/** The "Your own" options: the given formulas (those chosen now) and the recent ones, then "Type a formula…". */
export function formulaOptions(chosen: readonly string[]): { value: string; label: string; group: string }[] {
  const formulas = [...new Set([...chosen.filter(isFormulaId), ...recentFormulas()])];
  return [
    ...formulas.map((id) => ({ value: id, label: getActivation(id).name, group: YOUR_OWN })),
    { value: TYPE_FORMULA, label: 'Type a formula…', group: YOUR_OWN },
  ];
}
