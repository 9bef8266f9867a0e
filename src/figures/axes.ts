/**
 * Axes that never collapse. Vega picks a scale's domain from the data and its ticks from the
 * domain; a constant series (ReLU's f″, a loss stuck at 0.693), an all-zero one, a single point,
 * values near 1e−300 or 1e300, or zeros on a log scale give it a domain of zero width or an
 * infinite one, and the axis shows one tick, none, or "0.000000". Every spec asks this module
 * instead: a domain of positive width, at least two tick values inside it, and a label format
 * precise enough that the labels differ and short enough to read. The explorer's canvas charts
 * (the Playground's boards and loss chart) use the same axes, with a tick count fitted to their
 * size and the labels written by {@link axisLabels}.
 * @module
 */

/** The Vega-Lite schema every spec names. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** An axis's domain, tick values and d3 label format (`.N~g`, `.N~e` for ticks below 1e−5, `.0e` on a log axis). */
export interface SafeAxis {
  readonly domain: readonly [number, number];
  readonly values: readonly number[];
  readonly format: string;
  readonly type: 'linear' | 'log';
}

/** Beyond this, steps between ticks would be subnormal or infinite: values are clamped to it. */
const LIMIT = 1e300;
/** A span smaller than this is drawn as a constant (its ticks could not be told apart). */
const MIN_SPAN = 1e-305;

function finiteExtent(values: Iterable<number>, keep: (v: number) => boolean): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || !keep(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** 1, 2, 2.5 or 5 times a power of ten, the smallest such step ≥ `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** Significant digits that tell ticks `step` apart at magnitude `size` (at least 1, at most 15). */
function digitsFor(size: number, step: number): number {
  const apart = Math.ceil(Math.log10(size / step) - 1e-9) + 1;
  // Whole numbers below a million keep all their digits ("250", not "2.5e+2").
  const whole = size >= 1 && size < 1e6 ? Math.floor(Math.log10(size)) + 1 : 1;
  return Math.min(15, Math.max(1, apart, whole));
}

/** The domain widened to a readable span when the data have none (constant, single point, empty). */
function widen(lo: number, hi: number): [number, number] {
  lo = Math.max(-LIMIT, Math.min(LIMIT, lo));
  hi = Math.max(-LIMIT, Math.min(LIMIT, hi));
  const size = Math.max(Math.abs(lo), Math.abs(hi));
  if (hi - lo > Math.max(MIN_SPAN, size * 1e-6)) return [lo, hi];
  const centre = lo / 2 + hi / 2;
  if (Math.abs(centre) < MIN_SPAN) return [-1, 1];
  const pad = Math.max(Math.abs(centre) * 0.1, hi - lo);
  return [lo - pad, hi + pad];
}

/** Options of an axis: values the domain must hold, a fixed domain (linear only), and about how many intervals between ticks. */
export interface AxisOptions {
  readonly include?: readonly number[];
  readonly domain?: readonly [number, number];
  /**
   * About how many intervals between ticks (linear: 5 by default, giving 3–7 ticks; log: at
   * most 6 decades apart by default). A canvas chart fits it to its size (one per ~110 px).
   */
  readonly count?: number;
}

/** A tick count target clamped to something drawable (2–50; NaN and ±∞ fall back to `fallback`). */
function target(count: number | undefined, fallback: number): number {
  return count !== undefined && Number.isFinite(count) ? Math.max(2, Math.min(50, Math.floor(count))) : fallback;
}

/**
 * A linear axis for a series: its extent (non-finite values ignored, `include` added), widened
 * when it has no width; `domain` fixes the domain instead. Ticks are 1/2/2.5/5 × 10ᵏ steps, about
 * `count` intervals (3–7 ticks by default); the format has just the digits that tell them apart
 * ("0.5", "1e-300", "2.5e+300").
 */
export function linearAxis(values: Iterable<number>, options: AxisOptions = {}): SafeAxis {
  const extent = options.domain ? finiteExtent(options.domain, () => true) : finiteExtent([...values, ...(options.include ?? [])], () => true);
  const [lo, hi] = extent ? widen(extent[0], extent[1]) : [0, 1];
  let step = niceStep((hi - lo) / target(options.count, 5));
  let ticks: number[] = [];
  for (let attempt = 0; attempt < 3 && ticks.length < 2; attempt++) {
    const first = Math.ceil(lo / step - 1e-9);
    const last = Math.floor(hi / step + 1e-9);
    ticks = [];
    for (let k = first; k <= last; k++) ticks.push(k === 0 ? 0 : k * step);
    if (ticks.length < 2) step /= 2;
  }
  if (ticks.length < 2) ticks = [lo, hi];
  const size = Math.max(...ticks.map(Math.abs));
  // A tick may lie a rounding error past an end: the domain takes it in (a hair wider, never narrower).
  const domain: [number, number] = [Math.min(lo, ticks[0] as number), Math.max(hi, ticks[ticks.length - 1] as number)];
  // Below 1e−5, `g` writes "0.0000025" (it turns to exponents only below 1e−6): such ticks read in exponents.
  const smallest = Math.min(...ticks.filter((t) => t !== 0).map(Math.abs));
  const digits = digitsFor(size, step);
  return { domain, values: ticks, format: smallest < 1e-5 ? `.${digits - 1}~e` : `.${digits}~g`, type: 'linear' };
}

/**
 * A log axis for a series: only positive finite values count (zeros and negatives cannot be
 * drawn on it); the domain runs from the power of ten below the least to the one above the
 * greatest, at least one decade; ticks are powers of ten (every k-th when there are many).
 */
export function logAxis(values: Iterable<number>, options: Omit<AxisOptions, 'domain'> = {}): SafeAxis {
  const extent = finiteExtent([...values, ...(options.include ?? [])], (v) => v > 0);
  let low = extent ? Math.floor(Math.log10(extent[0]) + 1e-12) : -1;
  let high = extent ? Math.ceil(Math.log10(extent[1]) - 1e-12) : 1;
  low = Math.max(-300, Math.min(299, low));
  high = Math.max(low + 1, Math.min(300, high));
  const every = Math.max(1, Math.ceil((high - low) / target(options.count, 6)));
  const values_: number[] = [];
  for (let k = high; k >= low; k -= every) values_.unshift(Number(`1e${k}`));
  if (values_.length < 2) values_.unshift(Number(`1e${low}`));
  return { domain: [Number(`1e${low}`), Number(`1e${high}`)], values: values_, format: '.0e', type: 'log' };
}

/** d3-format's trim (`~`): insignificant trailing zeros of the fraction go, and a bare point ("2.50" → "2.5", "1.0e+5" → "1e+5"). */
function trimZeros(text: string): string {
  return text.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
}

/**
 * The labels of an axis's ticks, as Vega writes them with the axis's format (d3-format's `.N~g`,
 * `.N~e` or `.0e`, in its default locale: no grouping, "−" as the minus sign, no sign on a zero), for
 * charts drawn without Vega (the explorer's canvases).
 */
export function axisLabels(axis: Pick<SafeAxis, 'values' | 'format'>): string[] {
  const spec = /^\.(\d+)(~?)([ge])$/.exec(axis.format);
  if (!spec) throw new Error(`axis format "${axis.format}" is not .N~g or .N~e`);
  const digits = Number(spec[1]);
  return axis.values.map((value) => {
    if (Number.isNaN(value)) return 'NaN';
    const a = Math.abs(value);
    let text = spec[3] === 'g' ? a.toPrecision(Math.max(1, Math.min(21, digits))) : a.toExponential(Math.min(20, digits));
    if (spec[2] === '~') text = trimZeros(text);
    const negative = (value < 0 || Object.is(value, -0)) && Number(text) !== 0;
    return `${negative ? '−' : ''}${text}`;
  });
}

/**
 * A Vega-Lite positional encoding on a safe axis: the scale's domain fixed (no `nice`, no
 * forced zero) and the axis's ticks and format given, so Vega computes neither.
 */
export function axisEncoding(field: string, title: string | null, axis: SafeAxis, extra: { axis?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    field,
    type: 'quantitative',
    title,
    scale: { type: axis.type, domain: [...axis.domain], nice: false, ...(axis.type === 'linear' ? { zero: false } : {}) },
    axis: { values: [...axis.values], format: axis.format, labelOverlap: false, ...(extra.axis ?? {}) },
  };
}

/** The finite values of `field` in `rows` (for a positive-only log axis, {@link logAxis} filters). */
export function column(rows: readonly Record<string, unknown>[], field: string): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const v = row[field];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** Rows whose `field` can be drawn on a log scale (positive and finite). */
export function positiveRows<R extends Record<string, unknown>>(rows: readonly R[], field: string): R[] {
  return rows.filter((row) => {
    const v = row[field];
    return typeof v === 'number' && Number.isFinite(v) && v > 0;
  });
}
