/**
 * The library's numbers the advisor quotes (property sheets, gains, costs), computed once per
 * activation, and how it writes them in prose.
 * @module
 */
import { gain, type GainReport } from '../gain.js';
import { properties, type ElementwisePropertySheet, type Interval } from '../properties.js';

const sheets = new Map<string, ElementwisePropertySheet>();
const gains = new Map<string, GainReport>();

/** The property sheet of an elementwise activation (defaults), computed once per id. */
export function sheet(id: string): ElementwisePropertySheet {
  let s = sheets.get(id);
  if (!s) {
    const computed = properties(id, {}, { timing: false });
    if (computed.kind !== 'elementwise') throw new Error(`advisor: ${id} is not elementwise`);
    s = computed;
    sheets.set(id, s);
  }
  return s;
}

export function gainOf(id: string): GainReport {
  let g = gains.get(id);
  if (!g) {
    g = gain(id);
    gains.set(id, g);
  }
  return g;
}

/** Total transcendental calls per element for f and f′ (0 for piecewise-linear activations). */
export function transcendentalCalls(id: string): number {
  const cost = sheet(id).cost;
  const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);
  return Math.round((sum(cost.f) + sum(cost.df)) * 100) / 100;
}

// ─────────────────────────────── formatting ───────────────────────────────

/** A number for prose: 4 significant digits, exponent form for tiny/huge values, − for minus. */
export function formatAdviceNumber(x: number, digits = 4): string {
  if (x === Infinity) return '+∞';
  if (x === -Infinity) return '−∞';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a < 1e-3 || a >= 1e6 ? x.toExponential(1).replace('e+', 'e') : String(Number(x.toPrecision(digits)));
  return text.replace(/-/g, '−');
}

export const num = formatAdviceNumber;

/** Fixed decimals for moments ("0.000", "1.000"); a tiny negative shows as 0.000. */
export function fixed(x: number, places = 3): string {
  const text = x.toFixed(places);
  return (/^-0\.0*$/.test(text) ? text.slice(1) : text).replace(/-/g, '−');
}

/** (inf, sup) with brackets for attained ends: "(0, 1)", "[0, +∞)". */
export function intervalText(r: Interval): string {
  return `${r.infimumAttained ? '[' : '('}${num(r.infimum)}, ${num(r.supremum)}${r.supremumAttained ? ']' : ')'}`;
}

