/**
 * The charts worker: every chart of the explorer — the gallery's curves, the experiments' charts
 * (partial and final), the chapter's figures — drawn from Vega-Lite specs to SVG, headless. It
 * holds the drawing code only (no experiments, no WebAssembly), so it starts as fast as Vega
 * allows, and drawing never waits behind a run: runs go to the compute workers.
 *
 * Vega and Vega-Lite (most of its code, ~0.3 s to evaluate and as long again to compile on the
 * first chart) load after the worker has started: its first chart, if asked for before they are
 * ready, is drawn at once by the light renderer (quick-chart.ts) from the same spec, marked as such, and
 * the page asks for Vega's drawing of it (plot.ts), which replaces it.
 */
import '../../src/formula/install.js'; // formulas wherever an activation is named
import type { TopLevelSpec } from 'vega-lite';
import { getActivation } from '../../src/activations/index.js';
import type { DeadNeuronsResult } from '../../src/experiments/dead-neurons.js';
import { gradientFlowFigure } from '../../src/figures/flow-figure.js';
import type { GradientFlowResult } from '../../src/experiments/gradient-flow.js';
import type { SeluNormalisationResult } from '../../src/experiments/selu-normalisation.js';
import type { ComputeRequest, RenderReply } from './protocol.js';
import { quickSvg } from './quick-chart.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from './specs.js';
import { serveRequests } from './worker-serve.js';

performance.mark('charts:ready');

type Vega = typeof import('./worker-render.js');
let vega: Promise<Vega> | undefined;
let vegaReady = false;
/** Loads Vega (once) and draws a throw-away chart, so the next chart pays no compile on first use. */
function loadVega(): Promise<Vega> {
  vega ??= import('./worker-render.js').then(async (module) => {
    await module.warmUp();
    vegaReady = true;
    performance.mark('charts:vega-ready');
    return module;
  });
  return vega;
}

let figures: Promise<typeof import('./worker-figures.js')> | undefined;
function figureSpecs(): Promise<typeof import('./worker-figures.js')> {
  figures ??= import('./worker-figures.js');
  return figures;
}

/** The spec of a chart request (undefined: nothing to plot). */
async function specOf(request: ComputeRequest): Promise<TopLevelSpec | undefined> {
  switch (request.kind) {
    case 'gallery-chart': {
      const plotted = request.entries.filter((e) => getActivation(e.id).kind === 'elementwise');
      return plotted.length ? gallerySpec(plotted, request.x, request.width) : undefined;
    }
    case 'render-view':
      if (request.view === 'flow') return gradientFlowFigure(request.result as GradientFlowResult);
      if (request.view === 'dead') return deadNeuronsSpec(request.result as DeadNeuronsResult, request.width);
      return seluSpec(request.result as SeluNormalisationResult, request.width);
    case 'figure-draw': {
      const { drawChapterFigure, getChapterFigure } = await figureSpecs();
      const figure = getChapterFigure(request.figure);
      if (!figure) throw new Error(`unknown figure ${request.figure}`);
      const spec = drawChapterFigure(figure, (experiment) => request.results[experiment]);
      if (!spec) throw new Error(`figure ${request.figure} needs ${figure.needs.join(', ')}`);
      return spec;
    }
    default:
      throw new Error(`the charts worker draws; it does not answer "${request.kind}"`);
  }
}

/** Whether the light renderer drew the worker's first chart (it draws no other). */
let quickDrawn = false;

/**
 * A chart: the worker's first one drawn light at once when Vega is not ready (Vega starts
 * loading then); every other one by Vega (waiting for it to load).
 */
async function draw(request: ComputeRequest & { width: number }): Promise<RenderReply> {
  const spec = await specOf(request);
  if (!spec) return { svg: '' };
  if (vegaReady || quickDrawn) return (await loadVega()).fitted(spec, request.width);
  quickDrawn = true;
  const svg = quickSvg(spec, request.width);
  // Vega loads once the first chart is out (not before: both would share this worker's thread).
  setTimeout(() => void loadVega(), 0);
  return { svg, spec };
}

serveRequests(async (_id, request) => {
  switch (request.kind) {
    case 'warm-render':
      // An experiment's panel: its charts' specs are in this chunk, so nothing more loads while
      // the page and the run start (the chapter's figure specs, ~0.5 MB, load for the figures
      // panel only); Vega loads after the first chart (its evaluation would hold this thread ~0.3 s).
      return undefined;
    case 'render':
      return (await loadVega()).redraw(request.spec, request.width);
    case 'gallery-chart':
    case 'render-view':
    case 'figure-draw':
      return draw(request);
    default:
      throw new Error(`the charts worker draws; it does not answer "${request.kind}"`);
  }
});
