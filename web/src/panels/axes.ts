/**
 * Axis ticks for the playground's canvas charts (the decision boundary and the loss chart), as
 * pure functions of the data's range: every axis gets at least two distinct, readable ticks for
 * any data — one point, a constant series, zeros, or values spanning many decades.
 */

/** An axis: the interval it shows and the ticks inside it, with their labels. */
export interface Axis {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly labels: readonly string[];
}

/** The steps 1, 2 and 5 × 10^k, as [mantissa, exponent]. */
const MANTISSAS = [1, 2, 5] as const;

function roundTo(value: number, exponent: number): number {
  // Multiples of 10^e computed as k·10^e carry binary noise (0.30000000000000004); rounding to
  // the step's own decimals removes it.
  return exponent < 0 ? Number(value.toPrecision(12)) : Math.round(value);
}

/** A tick value as text: plain decimals for ordinary magnitudes, "2e-5" for tiny or huge ones; "−" as minus. */
export function tickText(value: number, exponent = 0): string {
  const a = Math.abs(value);
  let text: string;
  if (value === 0) text = '0';
  else if (a >= 1e5 || a < 1e-3) text = value.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
  else text = value.toFixed(Math.max(0, -exponent));
  return text.replace('-', '−');
}

/**
 * Linear ticks over [lo, hi], about `count` of them: multiples of 1, 2 or 5 × 10^k, the step
 * whose number of ticks is nearest `count` among those giving at least two. An empty or
 * single-value range is widened around its value first (a constant series still gets an axis).
 */
export function linearAxis(lo: number, hi: number, count = 5): Axis {
  let a = Number.isFinite(lo) ? lo : 0;
  let b = Number.isFinite(hi) ? hi : a;
  if (b < a) [a, b] = [b, a];
  if (b - a < 1e-12 * Math.max(1, Math.abs(a))) {
    // Around a (near) constant: ± half its size, or ± 1 around zero (and values too small to halve).
    const half = Math.abs(a) > 1e-200 ? Math.abs(a) / 2 : 1;
    a -= half;
    b += half;
  }
  const target = Math.max(2, count);
  let best: { ticks: number[]; exponent: number } | undefined;
  const top = Math.ceil(Math.log10(b - a));
  for (let exponent = top - 3; exponent <= top; exponent++) {
    for (const m of MANTISSAS) {
      const step = m * 10 ** exponent;
      const first = Math.ceil(a / step - 1e-9);
      const last = Math.floor(b / step + 1e-9);
      if (last - first + 1 < 2 || last - first + 1 > 50) continue;
      const ticks = Array.from({ length: last - first + 1 }, (_, k) => roundTo((first + k) * step, exponent));
      if (!best || Math.abs(ticks.length - target) < Math.abs(best.ticks.length - target)) best = { ticks, exponent };
    }
  }
  // The range always holds two multiples of its 1/5-size step, so `best` exists; the fallback is the ends.
  const chosen = best ?? { ticks: [a, b], exponent: Math.floor(Math.log10(b - a)) - 1 };
  return { domain: [a, b], ticks: chosen.ticks, labels: chosen.ticks.map((t) => tickText(t, chosen.exponent)) };
}

/** The largest of 1, 2, 5 × 10^k at or below `value` (> 0), and the smallest at or above it. */
function bracket125(value: number): [number, number] {
  const exponent = Math.floor(Math.log10(value));
  const series = [...MANTISSAS, 10].map((m) => Number((m * 10 ** exponent).toPrecision(12)));
  let below = series[0] as number;
  let above = series[series.length - 1] as number;
  for (const s of series) {
    if (s <= value * (1 + 1e-12)) below = s;
    if (s >= value * (1 - 1e-12) && s < above) above = s;
  }
  return [below, above];
}

/**
 * Log-scale ticks for positive values in [lo, hi] (values at or below `floor` — zeros — count
 * as `floor`). The domain is widened to values of the 1-2-5 series around the data, so it always
 * holds two ticks; with many decades, only powers of ten (every k-th) are ticked.
 */
export function logAxis(lo: number, hi: number, count = 5, floor = 1e-6): Axis {
  let a = Number.isFinite(lo) ? Math.max(lo, floor) : floor;
  let b = Number.isFinite(hi) ? Math.max(hi, floor) : a;
  if (b < a) [a, b] = [b, a];
  let [low] = bracket125(a);
  let [, high] = bracket125(b);
  if (high <= low * (1 + 1e-9)) {
    low = bracket125(low * 0.99)[0];
    high = bracket125(high * 1.01)[1];
  }
  const series: number[] = [];
  for (let e = Math.floor(Math.log10(low)) - 1; e <= Math.ceil(Math.log10(high)); e++) {
    for (const m of MANTISSAS) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9)) series.push(v);
    }
  }
  let ticks = series;
  const decades = series.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  if (series.length > count + 1 && decades.length >= 2) {
    const every = Math.max(1, Math.ceil(decades.length / Math.max(2, count)));
    ticks = decades.filter((_, k) => (decades.length - 1 - k) % every === 0);
    if (ticks.length < 2) ticks = decades;
  }
  return { domain: [low, high], ticks, labels: ticks.map((t) => tickText(t, Math.floor(Math.log10(t) + 1e-9))) };
}
