/**
 * The charts worker's Vega half, loaded after the worker starts (a dynamic import, see
 * chart-worker.ts): Vega and Vega-Lite are most of that worker's code. Specs are compiled from
 * Vega-Lite to Vega here and rendered to SVG headless (the report's path in Node), so the page
 * only inserts finished SVG.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { renderFitted } from './chart-fit.js';
import type { RenderReply } from './protocol.js';

/** Vega-Lite → Vega → SVG, headless. */
async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A spec drawn at the width of its box (chart-fit.ts), with the spec to draw it again at another. */
export async function fitted(spec: TopLevelSpec, width: number): Promise<RenderReply> {
  return { svg: await renderFitted(spec, width), spec };
}

/** A spec drawn again at another width (its box was resized). */
export async function redraw(spec: unknown, width: number): Promise<RenderReply> {
  return { svg: await renderFitted(spec, width) };
}

/**
 * Draws a small chart like the explorer's (concatenated line panels, a colour legend) and throws
 * it away: the first chart of a worker is slow while V8 compiles Vega's code on first use, so a
 * worker that will draw an experiment's result pays that while the experiment runs.
 */
export async function warmUp(): Promise<void> {
  const values = [0, 1, 2].flatMap((x) => ['a', 'b'].map((series) => ({ x, y: x * x, series })));
  const panel = { width: 120, height: 80, data: { values }, mark: { type: 'line' as const, clip: true }, encoding: { x: { field: 'x', type: 'quantitative' as const }, y: { field: 'y', type: 'quantitative' as const, scale: { type: 'symlog' as const } }, color: { field: 'series', type: 'nominal' as const } } };
  await toSvg({ columns: 2, concat: [panel, { ...panel, mark: { type: 'point' as const } }], resolve: { scale: { y: 'independent' } } });
}
