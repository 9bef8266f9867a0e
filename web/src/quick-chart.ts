/**
 * A light SVG drawing of the explorer's Vega-Lite specs, for the first chart while Vega loads:
 * each view's lines (and points) from its data, on the axes its spec fixes (the safe axes of
 * src/figures/axes.ts: domain, tick values and format), in its colours (the palette's scale),
 * with titles and a legend. It is not Vega's drawing — no layout engine — and is replaced by
 * Vega's chart as soon as Vega is ready (plot.ts); the SVG is marked `data-quick`.
 */
import { axisLabels } from '../../src/figures/axes.js';

type Spec = Record<string, unknown>;
type Row = Record<string, unknown>;

interface Scale {
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
  readonly ticks: readonly number[];
  readonly labels: readonly string[];
}

const PANEL_W = 260;
const PANEL_H = 180;
const MARGIN = { left: 52, right: 12, top: 24, bottom: 34 };
const FALLBACK = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6'];

function isSpec(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function titleOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(' ');
  if (isSpec(value)) return titleOf(value.text);
  return '';
}

/** The leaf views of a spec, each with the data and encoding it inherits. */
function leaves(spec: Spec, data: unknown, encoding: Spec): { view: Spec; rows: Row[]; encoding: Spec }[] {
  const here = isSpec(spec.data) && Array.isArray(spec.data.values) ? spec.data.values : data;
  const enc = { ...encoding, ...(isSpec(spec.encoding) ? spec.encoding : {}) };
  if (Array.isArray(spec.layer)) return spec.layer.filter(isSpec).flatMap((layer) => leaves(layer, here, enc));
  if (spec.mark === undefined) return [];
  return [{ view: spec, rows: Array.isArray(here) ? (here as Row[]) : [], encoding: enc }];
}

/** The panels of a figure: concatenated views, or the spec itself. */
function panels(spec: Spec): Spec[] {
  for (const key of ['concat', 'hconcat', 'vconcat'] as const) {
    const list = spec[key];
    if (Array.isArray(list)) return list.filter(isSpec).flatMap((child) => (child.concat || child.hconcat || child.vconcat ? panels(child) : [{ data: spec.data, ...child }]));
  }
  return [spec];
}

function scaleOf(channel: unknown, rows: readonly Row[]): Scale | undefined {
  if (!isSpec(channel) || typeof channel.field !== 'string') return undefined;
  const field = channel.field;
  const scale = isSpec(channel.scale) ? channel.scale : {};
  const axis = isSpec(channel.axis) ? channel.axis : {};
  const log = scale.type === 'log' || scale.type === 'symlog';
  const domain = Array.isArray(scale.domain) ? (scale.domain as unknown[]) : [];
  let lo = typeof domain[0] === 'number' ? domain[0] : Infinity;
  let hi = typeof domain[1] === 'number' ? domain[1] : -Infinity;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    for (const row of rows) {
      const v = row[field];
      if (typeof v === 'number' && Number.isFinite(v) && (!log || v > 0)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = log ? [1, 10] : [0, 1];
  if (lo === hi) [lo, hi] = log ? [lo / 10, hi * 10] : [lo - 1, hi + 1];
  const ticks = Array.isArray(axis.values) ? (axis.values as number[]) : [lo, hi];
  let labels: string[];
  try {
    labels = typeof axis.format === 'string' ? axisLabels({ values: ticks, format: axis.format }) : ticks.map((t) => String(Number(t.toPrecision(3))));
  } catch {
    labels = ticks.map((t) => String(Number(t.toPrecision(3))));
  }
  return { lo, hi, log, ticks, labels };
}

function position(scale: Scale, value: number, size: number): number {
  const f = scale.log ? (Math.log10(value) - Math.log10(scale.lo)) / (Math.log10(scale.hi) - Math.log10(scale.lo)) : (value - scale.lo) / (scale.hi - scale.lo);
  return Math.max(-2, Math.min(1.02, f)) * size;
}

/** Colours by series name: the spec's colour scale (the palette's), else a fixed cycle. */
function colours(channel: unknown, seen: Map<string, string>): (name: string) => string {
  const scale = isSpec(channel) && isSpec(channel.scale) ? channel.scale : {};
  const domain = Array.isArray(scale.domain) ? (scale.domain as string[]) : [];
  const range = Array.isArray(scale.range) ? (scale.range as string[]) : [];
  return (name) => {
    const at = domain.indexOf(name);
    const colour = at >= 0 && range[at] ? range[at] : (seen.get(name) ?? FALLBACK[seen.size % FALLBACK.length] ?? '#333');
    seen.set(name, colour);
    return colour;
  };
}

/** One panel's SVG group at (x0, y0): frame, ticks, lines and points of its leaves. */
function drawPanel(panel: Spec, x0: number, y0: number, w: number, h: number, legend: Map<string, string>): string {
  const parts: string[] = [`<g transform="translate(${x0 + MARGIN.left},${y0 + MARGIN.top})">`];
  const views = leaves(panel, panel.data, {});
  const first = views[0];
  const allRows = views.flatMap((v) => v.rows);
  const xs = first && scaleOf(first.encoding.x, allRows);
  const ys = first && scaleOf(first.encoding.y, allRows);
  const title = titleOf(panel.title);
  if (title) parts.push(`<text x="${w / 2}" y="-8" text-anchor="middle" font-size="13" font-weight="bold">${escape(title)}</text>`);
  parts.push(`<rect width="${w}" height="${h}" fill="none" stroke="#ddd"/>`);
  if (!xs || !ys) return `${parts.join('')}</g>`;
  xs.ticks.forEach((t, i) => parts.push(`<text x="${position(xs, t, w).toFixed(1)}" y="${h + 14}" text-anchor="middle" font-size="10">${escape(xs.labels[i] ?? '')}</text>`));
  ys.ticks.forEach((t, i) => parts.push(`<text x="-6" y="${(h - position(ys, t, h) + 3).toFixed(1)}" text-anchor="end" font-size="10">${escape(ys.labels[i] ?? '')}</text>`));
  const xTitle = isSpec(first.encoding.x) ? titleOf(first.encoding.x.title) : '';
  if (xTitle) parts.push(`<text x="${w / 2}" y="${h + 30}" text-anchor="middle" font-size="11" font-weight="bold">${escape(xTitle)}</text>`);
  for (const { view, rows, encoding } of views) {
    const x = isSpec(encoding.x) ? String(encoding.x.field) : 'x';
    const y = isSpec(encoding.y) ? String(encoding.y.field) : 'y';
    const colourField = isSpec(encoding.color) && typeof encoding.color.field === 'string' ? encoding.color.field : undefined;
    const colourOf = colours(encoding.color, legend);
    const type = isSpec(view.mark) ? view.mark.type : view.mark;
    const groups = new Map<string, string[][]>();
    for (const row of rows) {
      const name = colourField ? String(row[colourField]) : '';
      const paths = groups.get(name) ?? [[]];
      groups.set(name, paths);
      const vx = row[x];
      const vy = row[y];
      const ok = typeof vx === 'number' && typeof vy === 'number' && Number.isFinite(vx) && Number.isFinite(vy) && (!ys.log || vy > 0);
      if (!ok) paths.push([]);
      else (paths[paths.length - 1] as string[]).push(`${position(xs, vx, w).toFixed(1)},${(h - position(ys, vy, h)).toFixed(1)}`);
    }
    for (const [name, paths] of groups) {
      const colour = colourField ? colourOf(name) : '#4c78a8';
      for (const points of paths) {
        if (type === 'line' && points.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`);
        else if (type === 'point' || type === 'circle' || (type === 'line' && points.length === 1)) for (const p of points) parts.push(`<circle r="2.5" fill="${colour}" cx="${p.split(',')[0]}" cy="${p.split(',')[1]}"/>`);
      }
    }
  }
  return `${parts.join('')}</g>`;
}

/** A light SVG of `spec` about `width` pixels wide (see the module's comment). */
export function quickSvg(spec: unknown, width: number): string {
  if (!isSpec(spec)) return '';
  const list = panels(spec);
  const columns = Math.max(1, Math.min(list.length, typeof spec.columns === 'number' ? spec.columns : list.length, Math.floor(width / (PANEL_W * 0.8 + MARGIN.left + MARGIN.right)) || 1));
  const cellW = Math.floor(width / columns);
  const w = Math.max(120, cellW - MARGIN.left - MARGIN.right);
  const heights = list.map((p) => (typeof p.height === 'number' ? p.height : PANEL_H));
  const h = Math.max(...heights, 80);
  const cellH = h + MARGIN.top + MARGIN.bottom;
  const legend = new Map<string, string>();
  const body = list.map((panel, i) => drawPanel(panel, (i % columns) * cellW, Math.floor(i / columns) * cellH, w, h, legend)).join('');
  const rowsUsed = Math.ceil(list.length / columns);
  const legendY = rowsUsed * cellH + 8;
  const items = [...legend].filter(([name]) => name !== '' && name !== 'undefined');
  const key = items.map(([name, colour], i) => `<g transform="translate(${MARGIN.left + (i % 4) * 200},${legendY + Math.floor(i / 4) * 18})"><rect width="14" height="3" y="-4" fill="${colour}"/><text x="20" y="0" font-size="11">${escape(name)}</text></g>`).join('');
  const height = legendY + Math.ceil(items.length / 4) * 18 + 8;
  // A single view carries its own title (drawn over its panel).
  const title = list[0] === spec ? '' : titleOf(spec.title);
  const head = title ? `<text x="${MARGIN.left}" y="14" font-size="13" font-weight="bold">${escape(title)}</text>` : '';
  const shift = title ? 20 : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" data-quick="true" width="${width}" height="${height + shift}" viewBox="0 0 ${width} ${height + shift}" font-family="sans-serif">${head}<g transform="translate(0,${shift})">${body}${key}</g></svg>`;
}
