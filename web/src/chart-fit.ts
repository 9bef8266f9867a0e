/**
 * Fits any of the explorer's Vega-Lite specs to the width of the box it is shown in, so a chart
 * is drawn at its real size (never scaled down: text stays at the font size Vega gives it) and
 * fills its box. The spec builders keep their own layout; this only decides, from the width,
 *
 * - how many panels of a multi-panel figure sit side by side (a phone gets one column: the
 *   panels are stacked), and each panel's width, corrected after a first render so the whole
 *   chart — axes, legends and spacing included — comes out at the box's width;
 * - a single view's size, by Vega's own `autosize: fit-x`;
 * - at narrow widths, legends under the chart in one column, and titles wrapped into lines.
 *
 * Pure apart from {@link renderFitted}, which renders headless (in the compute worker).
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

type Spec = Record<string, unknown>;

/** A panel narrower than this (axes included) is not put beside another. */
const MIN_PANEL = 300;
/** Vega-Lite's default spacing between concatenated views. */
const SPACING = 20;
/** A first guess of a panel's y axis, title and padding, corrected after the first render. */
const AXIS_GUESS = 60;
/** Below this width legends go under the chart, one entry per line. */
const NARROW = 560;
/** Width of a character of a 13 px title, generously, for wrapping titles into lines. */
const TITLE_CHAR = 8;
/** The same for a subtitle (10–11 px). */
const SUBTITLE_CHAR = 6.5;

/** Keys that mark a view or a figure (rather than an encoding channel). */
const VIEW_KEYS = ['$schema', 'mark', 'layer', 'concat', 'hconcat', 'vconcat', 'resolve'];

/** A figure laid out on a grid of panels (concat, hconcat, or rows of hconcat). */
interface Grid {
  readonly cells: readonly Spec[];
  readonly maxColumns: number;
  readonly rest: Spec;
}

function isSpec(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function without(spec: Spec, ...keys: string[]): Spec {
  const out: Spec = { ...spec };
  for (const key of keys) delete out[key];
  return out;
}

/** The panels of a composed figure, or undefined for a single view (or a shape not handled). */
function gridOf(spec: Spec): Grid | undefined {
  if (Array.isArray(spec.concat)) {
    const cells = spec.concat.filter(isSpec);
    return { cells, maxColumns: typeof spec.columns === 'number' ? spec.columns : cells.length, rest: without(spec, 'concat', 'columns') };
  }
  if (Array.isArray(spec.hconcat)) {
    const cells = spec.hconcat.filter(isSpec);
    return { cells, maxColumns: cells.length, rest: without(spec, 'hconcat') };
  }
  if (Array.isArray(spec.vconcat)) {
    const rows = spec.vconcat.filter(isSpec);
    // Rows that are only an hconcat (resolved as the whole figure is) flatten into one grid;
    // anything else is left as it is.
    const plain = (row: Spec) =>
      Array.isArray(row.hconcat) && Object.keys(row).every((key) => key === 'hconcat' || (key === 'resolve' && JSON.stringify(row.resolve) === JSON.stringify(spec.resolve)));
    if (!rows.every(plain)) return undefined;
    const cells = rows.flatMap((row) => (row.hconcat as unknown[]).filter(isSpec));
    return { cells, maxColumns: Math.max(...rows.map((row) => (row.hconcat as unknown[]).length)), rest: without(spec, 'vconcat') };
  }
  return undefined;
}

/** Splits a title into lines of at most `width` pixels (estimated). */
export function wrapTitle(text: string, width: number, charWidth = TITLE_CHAR): string | string[] {
  const perLine = Math.max(12, Math.floor(width / charWidth));
  if (text.length <= perLine) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Rewrites, in a copy, every legend (labels no wider than the view, and under it in one
 * column when `narrow`), every title (wrapped to `width`), and every `width` met on the way
 * down when `panelWidth` is given (a layered panel's layers share their panel's width).
 */
function adapt(node: unknown, width: number, narrow: boolean, panelWidth?: number): unknown {
  if (Array.isArray(node)) return node.map((item) => adapt(item, width, narrow, panelWidth));
  if (!isSpec(node)) return node;
  const out: Spec = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'legend' && isSpec(value)) {
      const limit = Math.max(60, width - 120);
      const labelLimit = Math.min(typeof value.labelLimit === 'number' ? value.labelLimit : limit, limit);
      // A legend under the chart lays its entries out in a row: in as many columns as fit.
      const under = narrow || value.orient === 'bottom';
      const columns = narrow ? 1 : typeof value.columns === 'number' ? value.columns : Math.max(1, Math.floor((width - 60) / (Math.min(labelLimit, 200) + 40)));
      out.legend = { ...value, labelLimit: under ? Math.min(labelLimit, 200) : labelLimit, ...(under ? { orient: 'bottom', direction: 'vertical', columns } : {}) };
    } else if (key === 'title' && typeof value === 'string' && VIEW_KEYS.some((k) => k in node)) {
      // A view's or figure's title (an axis or legend title is left alone). A panel's title is
      // kept within its plot: a longer one widens the panel beyond the width asked for.
      out.title = wrapTitle(value, panelWidth !== undefined ? panelWidth - 30 : width);
    } else if (key === 'title' && isSpec(value) && VIEW_KEYS.some((k) => k in node)) {
      // A title with a subtitle: both wrapped (a subtitle's lines are joined and wrapped again).
      const room = panelWidth !== undefined ? panelWidth - 30 : width;
      const subtitle = Array.isArray(value.subtitle) ? value.subtitle.join(' ') : value.subtitle;
      out.title = {
        ...value,
        ...(typeof value.text === 'string' ? { text: wrapTitle(value.text, room) } : {}),
        ...(typeof subtitle === 'string' ? { subtitle: wrapTitle(subtitle, room, SUBTITLE_CHAR) } : {}),
      };
    } else if (key === 'width' && typeof value === 'number' && panelWidth !== undefined) {
      out.width = panelWidth;
    } else if (key === 'encoding' && isSpec(value) && narrow) {
      out.encoding = adaptEncoding(value, width);
    } else out[key] = adapt(value, width, narrow, panelWidth);
  }
  return out;
}

/** At narrow widths a nominal colour or dash without a legend block gets one under the chart. */
function adaptEncoding(encoding: Spec, width: number): Spec {
  const out: Spec = {};
  for (const [channel, value] of Object.entries(encoding)) {
    if (isSpec(value) && (channel === 'color' || channel === 'strokeDash' || channel === 'shape') && value.field !== undefined && value.legend === undefined) {
      out[channel] = adapt({ ...value, legend: {} }, width, true);
    } else out[channel] = adapt(value, width, true);
  }
  return out;
}

/** How a spec will be laid out at a width: a builder of the fitted spec for a panel width. */
export interface FitPlan {
  /** Panels per row (0 for a single view, which Vega fits itself). */
  readonly columns: number;
  /** The first guess of each panel's width (data rectangle, without axes). */
  readonly panelWidth: number;
  build(panelWidth: number): Spec;
}

/** Plans the layout of `spec` at `width` pixels (the box's content width). */
export function fitPlan(spec: unknown, width: number): FitPlan {
  const source = isSpec(spec) ? spec : {};
  const grid = gridOf(source);
  if (!grid) {
    const narrow = width < NARROW;
    // A composition of another shape is drawn as its builder made it.
    if (!('mark' in source || 'layer' in source)) return { columns: 0, panelWidth: width, build: () => source };
    return {
      columns: 0,
      panelWidth: width,
      build: () => ({ ...(adapt(source, width, narrow) as Spec), width, autosize: { type: 'fit-x', contains: 'padding' } }),
    };
  }
  const columns = Math.max(1, Math.min(grid.maxColumns, Math.floor((width + SPACING) / (MIN_PANEL + SPACING))));
  const cellWidth = Math.floor((width - (columns - 1) * SPACING) / columns);
  const narrow = cellWidth < NARROW && columns === 1;
  return {
    columns,
    panelWidth: Math.max(100, cellWidth - AXIS_GUESS),
    build: (panelWidth) => ({
      ...(adapt(grid.rest, width, narrow) as Spec),
      columns,
      concat: grid.cells.map((cell) => adapt(cell, cellWidth, narrow, panelWidth)),
    }),
  };
}

/** The width attribute of an SVG's root element. */
export function svgWidth(svg: string): number {
  const match = /<svg[^>]*?\swidth="([\d.]+)"/.exec(svg);
  return match ? Number(match[1]) : NaN;
}

/** Vega-Lite → Vega → SVG, headless (the same path as the report's renderSvg in Node). */
export async function toSvg(spec: unknown): Promise<string> {
  const view = new View(parse(compile(spec as TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The laid-out view's full width (what its SVG's width attribute will say). */
function laidOutWidth(view: View): number {
  const padding = view.padding() as { left?: number; right?: number };
  return (view as unknown as { _viewWidth: number })._viewWidth + (padding.left ?? 0) + (padding.right ?? 0);
}

/** Panel widths found by {@link renderFitted}, by figure and width (a few dozen entries at most). */
const fitted = new Map<string, number>();

/**
 * Renders `spec` at `width` pixels. A grid's panels get the width that makes the whole chart
 * that wide: after a layout (no SVG yet), the difference is shared among the columns (axes,
 * legends and titles take what they take) and the spec laid out again. (Setting Vega-Lite's
 * shared `childWidth` signal instead does not move the concat's layout.) Two or three
 * corrections reach the width within a pixel or two; the closest layout not wider than the box
 * is the one drawn.
 */
export async function renderFitted(spec: unknown, width: number): Promise<string> {
  const target = Math.max(200, Math.floor(width));
  const plan = fitPlan(spec, target);
  const layout = async (panelWidth: number) => {
    const view = new View(parse(compile(plan.build(panelWidth) as unknown as TopLevelSpec).spec), { renderer: 'none' });
    await view.runAsync();
    return view;
  };
  // The same figure at the same width (new data, a slider moved) starts from last time's answer.
  const key = `${target} ${plan.columns} ${JSON.stringify(gridOf(isSpec(spec) ? spec : {})?.cells.map((cell) => cell.title))}`;
  const start = plan.columns > 0 ? (fitted.get(key) ?? plan.panelWidth) : plan.panelWidth;
  let view = await layout(start);
  try {
    if (plan.columns > 0) {
      let panelWidth = start;
      let best = { view, width: laidOutWidth(view), panelWidth };
      for (let pass = 0; pass < 3; pass++) {
        const missing = target - laidOutWidth(view);
        const next = Math.max(80, panelWidth + Math.floor(missing / plan.columns));
        if (!Number.isFinite(missing) || Math.abs(missing) <= 2 || next === panelWidth) break;
        panelWidth = next;
        view = await layout(panelWidth);
        const now = laidOutWidth(view);
        if ((now <= target && (best.width > target || now > best.width)) || (best.width > target && now < best.width)) {
          best.view.finalize();
          best = { view, width: now, panelWidth };
        } else view.finalize();
      }
      view = best.view;
      fitted.set(key, best.panelWidth);
    }
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
