/**
 * Shows a chart rendered by the compute worker. Vega runs there headless (`toSVG`, as the
 * report does in Node), so parsing specs, evaluating data flow and laying out marks never
 * block the page: the main thread only inserts the finished SVG.
 *
 * Charts are drawn at the width of their box (chart-fit.ts) and never scaled down by the page,
 * so their text keeps its size; when the box's width changes (a window resized, a phone turned,
 * a panel shown), a chart whose spec is known is drawn again at the new width.
 */
import { charts } from './compute.js';
import type { RenderReply } from './protocol.js';

/** The width a chart in `container` should be drawn at: its content box. */
export function chartWidth(container: HTMLElement): number {
  const style = getComputedStyle(container);
  return Math.floor(container.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0));
}

interface Shown {
  spec: unknown;
  label: string;
  /** Bumped by every new chart: a redraw of an older one is dropped. */
  generation: number;
  /** The width last asked for (no second request for the same width). */
  requested: number;
  timer?: ReturnType<typeof setTimeout>;
}

const shown = new WeakMap<HTMLElement, Shown>();
let observer: ResizeObserver | undefined;

function insert(container: HTMLElement, svg: string, label: string): void {
  container.innerHTML = svg;
  const node = container.querySelector('svg');
  if (node) {
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', label);
  }
  container.dataset.rendered = String(Number(container.dataset.rendered ?? '0') + 1);
}

/**
 * Draws the chart again if its box is now a different width from the chart (debounced), or
 * in any case when it is a light first drawing (quick-chart.ts) is replaced by Vega's.
 */
function refit(container: HTMLElement, delay = 200): void {
  const entry = shown.get(container);
  if (!entry) return;
  if (entry.timer !== undefined) clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    entry.timer = undefined;
    const width = chartWidth(container);
    const drawn = Number(container.querySelector('svg')?.getAttribute('width'));
    const quick = container.querySelector('svg')?.dataset.quick === 'true';
    if (width <= 0 || (!quick && (width === entry.requested || Math.abs(drawn - width) <= 3))) return;
    entry.requested = width;
    const generation = entry.generation;
    charts
      .request<RenderReply>({ kind: 'render', spec: entry.spec, width })
      .then((reply) => {
        if (shown.get(container) === entry && entry.generation === generation) insert(container, reply.svg, entry.label);
      })
      .catch(() => undefined);
  }, delay);
}

/**
 * Inserts a chart; with its `spec`, keeps it drawn at its box's width. A chart wider than its
 * box (panels that cannot shrink further) scrolls inside the box (CSS) instead of shrinking.
 */
export function showSvg(container: HTMLElement, svg: string, label: string, spec?: unknown): void {
  const started = performance.now();
  insert(container, svg, label);
  performance.measure(`chart ${label}`, { start: started, end: performance.now() });
  if (spec === undefined) return;
  const previous = shown.get(container);
  shown.set(container, { spec, label, generation: (previous?.generation ?? 0) + 1, requested: 0 });
  if (previous?.timer !== undefined) clearTimeout(previous.timer);
  if (!observer) observer = new ResizeObserver((entries) => entries.forEach((e) => refit(e.target as HTMLElement)));
  observer.observe(container);
  const quick = container.querySelector('svg')?.dataset.quick === 'true';
  refit(container, quick ? 0 : 200);
}
