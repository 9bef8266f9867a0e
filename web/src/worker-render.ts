/**
 * The compute worker's drawing half, loaded on a worker's first chart (a dynamic import): Vega
 * and Vega-Lite are half of the worker's code, and a worker that only runs experiments or
 * computes property sheets never needs them, so it starts sooner without them. Specs are built
 * and compiled from Vega-Lite to Vega here, and rendered to SVG headless (the report's path in
 * Node), so the page only inserts finished SVG.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { getActivation } from '../../src/activations/index.js';
import type { DeadNeuronsResult } from '../../src/experiments/dead-neurons.js';
import type { GradientFlowResult } from '../../src/experiments/gradient-flow.js';
import type { SeluNormalisationResult } from '../../src/experiments/selu-normalisation.js';
import { renderFitted } from './chart-fit.js';
import type { CurveEntry, ExperimentView, RenderReply } from './protocol.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from './specs.js';

/** Vega-Lite → Vega → SVG, headless. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A spec drawn at the width of its box (chart-fit.ts), with the spec to draw it again at another (the charts worker uses it too). */
export async function fitted(spec: TopLevelSpec, width: number): Promise<RenderReply> {
  return { svg: await renderFitted(spec, width), spec };
}

/**
 * The chapter's figure specs (src/figures), loaded apart: they import the analysis engine (and
 * with it the WebAssembly kernels) for the figures that tabulate properties, which the panels'
 * own charts never need — so the charts worker starts without them, and loads them in the
 * when a chart first needs them.
 */
let chapterSpecs: Promise<typeof import('./worker-figures.js')> | undefined;
function figureSpecs(): Promise<typeof import('./worker-figures.js')> {
  chapterSpecs ??= import('./worker-figures.js');
  return chapterSpecs;
}

/** An experiment panel's chart of a result (final or partial). */
export async function drawView(view: ExperimentView, result: unknown, width: number): Promise<RenderReply> {
  if (view === 'flow') return fitted((await figureSpecs()).gradientFlowFigure(result as GradientFlowResult), width);
  if (view === 'dead') return fitted(deadNeuronsSpec(result as DeadNeuronsResult, width), width);
  return fitted(seluSpec(result as SeluNormalisationResult, width), width);
}

/** The gallery's curves; no chart when only vector activations (softmax, the GLU family: no f(z)) are chosen. */
export async function drawGallery(entries: readonly CurveEntry[], x: number, width: number): Promise<RenderReply> {
  const plotted = entries.filter((e) => getActivation(e.id).kind === 'elementwise');
  return plotted.length ? fitted(gallerySpec(plotted, x, width), width) : { svg: '' };
}

/** A chapter figure from its experiments' results (keyed by experiment id). */
export async function drawFigure(id: string, results: Readonly<Record<string, unknown>>, width: number): Promise<RenderReply> {
  const { drawChapterFigure, getChapterFigure } = await figureSpecs();
  const figure = getChapterFigure(id);
  if (!figure) throw new Error(`unknown figure ${id}`);
  const spec = drawChapterFigure(figure, (experiment) => results[experiment]);
  if (!spec) throw new Error(`figure ${id} needs ${figure.needs.join(', ')}`);
  return fitted(spec, width);
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
