/**
 * The compute worker: experiments, property sheets, the advisor and every spec (built and
 * compiled from Vega-Lite to Vega here, so the page only renders). It runs the library code the
 * CLI runs — `runExperiment` with the same seed gives the same result as `actlab run`.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { getActivation, resolveParams } from '../../src/activations/index.js';
import { advise } from '../../src/analysis/advisor.js';
import { gain } from '../../src/analysis/gain.js';
import { AnalysisDomainError } from '../../src/analysis/features.js';
import { properties } from '../../src/analysis/properties.js';
import { propagation } from '../../src/analysis/propagation.js';
import type { DeadNeuronsResult } from '../../src/experiments/dead-neurons.js';
import type { GradientFlowResult } from '../../src/experiments/gradient-flow.js';
import { runExperiment } from '../../src/experiments/index.js';
import type { SeluNormalisationResult } from '../../src/experiments/selu-normalisation.js';
import { drawChapterFigure, getChapterFigure } from '../../src/figures/chapter.js';
import { gradientFlowFigure } from '../../src/figures/specs.js';
import { loadWasmKernels } from '../../src/wasm/index.js';
import { FIGURE_PLAN, figureSettings } from './figure-plan.js';
import type { AdviseReply, ComputeMessage, ComputeRequest, CurveEntry, ExperimentReply, ExperimentView, FigureReply, GalleryReply } from './protocol.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from './specs.js';
import type { FigureId } from './state.js';

const scope = self as unknown as {
  postMessage(message: ComputeMessage): void;
  onmessage: ((event: { data: { id: number; request: ComputeRequest } }) => void) | null;
};

/** Only the runs need the WebAssembly kernels: charts, sheets and advice start without waiting. */
const wasm = loadWasmKernels();
const NEEDS_WASM: ReadonlySet<ComputeRequest['kind']> = new Set(['experiment', 'figure']);
/** Least time between two partial results sent to the page (each is cloned and may be drawn). */
const PARTIAL_EVERY_MS = 150;

/** Vega-Lite → Vega → SVG, headless (the same path as the report's renderSvg in Node). */
async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Progress to the page: at most every 50 ms, with the run's partial result when it gave one and
 * the last one sent is ≥ {@link PARTIAL_EVERY_MS} old (the first goes at once: a first look soon).
 */
function progressReporter(id: number, partials = false): (fraction: number, label?: string, partial?: unknown) => void {
  let last = -Infinity;
  let lastPartial = -Infinity;
  return (fraction, label, partial) => {
    const now = performance.now();
    const withPartial = partials && partial !== undefined && now - lastPartial >= PARTIAL_EVERY_MS;
    if (!withPartial && now - last < 50 && fraction < 1) return;
    last = now;
    if (withPartial) lastPartial = now;
    scope.postMessage({ id, type: 'progress', fraction, ...(label !== undefined ? { label } : {}), ...(withPartial ? { partial } : {}) });
  };
}

/** The spec of an experiment panel's chart. */
function viewSpec(view: ExperimentView, result: unknown, width: number): TopLevelSpec {
  if (view === 'flow') return gradientFlowFigure(result as GradientFlowResult);
  if (view === 'dead') return deadNeuronsSpec(result as DeadNeuronsResult, width);
  return seluSpec(result as SeluNormalisationResult, width);
}

async function galleryChart(request: Extract<ComputeRequest, { kind: 'gallery-chart' }>): Promise<{ svg: string }> {
  // Vector activations (softmax, the GLU family) have no curve f(z): formula and sheet only.
  const plotted = request.entries.filter((e) => getActivation(e.id).kind === 'elementwise');
  return { svg: plotted.length ? await toSvg(gallerySpec(plotted, request.x, request.width)) : '' };
}

function gallerySheet(focus: CurveEntry): Omit<GalleryReply, 'svg'> {
  const def = getActivation(focus.id);
  const params = resolveParams(def, focus.params);
  let sheet;
  try {
    sheet = properties(def, params, { timing: false });
  } catch (error) {
    if (error instanceof AnalysisDomainError) return { refusal: error.message };
    throw error;
  }
  if (def.kind !== 'elementwise') return { sheet };
  const sigmaW = gain(def, params).gain;
  return { sheet, propagation: propagation(def, { sigmaW, sigmaB: 0, edgeOfChaos: false }, params) };
}

async function gallery(request: Extract<ComputeRequest, { kind: 'gallery' }>): Promise<GalleryReply> {
  const { svg } = await galleryChart({ ...request, kind: 'gallery-chart' });
  return { svg, ...gallerySheet(request.focus) };
}

async function experiment(id: number, request: Extract<ComputeRequest, { kind: 'experiment' }>): Promise<ExperimentReply> {
  const started = performance.now();
  const run = runExperiment(request.experiment, { seed: request.seed, rng: request.rng, set: request.set, progress: progressReporter(id, request.partials) });
  const svg = request.view === 'none' ? undefined : await toSvg(viewSpec(request.view, run.result, request.width));
  return { config: run.config as Record<string, unknown>, result: run.result, printout: run.report, ...(svg !== undefined ? { svg } : {}), seconds: (performance.now() - started) / 1000 };
}

async function figure(id: number, request: Extract<ComputeRequest, { kind: 'figure' }>): Promise<FigureReply> {
  const started = performance.now();
  const plan = FIGURE_PLAN[request.figure as FigureId];
  const figure = getChapterFigure(request.figure);
  if (!plan || !figure) throw new Error(`unknown figure ${request.figure}`);
  const report = progressReporter(id);
  const results: Record<string, unknown> = {};
  const printouts: { experiment: string; printout: string }[] = [];
  plan.experiments.forEach((step, k) => {
    const set = figureSettings(step, request.sets);
    const run = runExperiment(step.experiment, {
      seed: request.seed,
      rng: request.rng,
      set,
      progress: (fraction, label) => report((k + fraction) / plan.experiments.length, `${step.experiment}${label ? `: ${label}` : ''}`),
    });
    results[step.experiment] = run.result;
    printouts.push({ experiment: step.experiment, printout: run.report });
  });
  const spec = drawChapterFigure(figure, (experiment) => results[experiment]);
  if (!spec) throw new Error(`figure ${request.figure} needs ${figure.needs.join(', ')}`);
  return { svg: await toSvg(spec), printouts, seconds: (performance.now() - started) / 1000 };
}

function advice(request: Extract<ComputeRequest, { kind: 'advise' }>): AdviseReply {
  try {
    return { ok: true, advice: advise(request.question) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function drawFigure(request: Extract<ComputeRequest, { kind: 'figure-draw' }>): Promise<{ svg: string }> {
  const figure = getChapterFigure(request.figure);
  if (!figure) throw new Error(`unknown figure ${request.figure}`);
  const spec = drawChapterFigure(figure, (experiment) => request.results[experiment]);
  if (!spec) throw new Error(`figure ${request.figure} needs ${figure.needs.join(', ')}`);
  return { svg: await toSvg(spec) };
}

function answer(id: number, request: ComputeRequest): Promise<unknown> | unknown {
  switch (request.kind) {
    case 'gallery':
      return gallery(request);
    case 'gallery-chart':
      return galleryChart(request);
    case 'gallery-sheet':
      return gallerySheet(request.focus);
    case 'experiment':
      return experiment(id, request);
    case 'render':
      return toSvg(viewSpec(request.view, request.result, request.width)).then((svg) => ({ svg }));
    case 'figure':
      return figure(id, request);
    case 'figure-draw':
      return drawFigure(request);
    case 'advise':
      return advice(request);
  }
}

scope.onmessage = (event) => {
  const { id, request } = event.data;
  void (async () => {
    try {
      if (NEEDS_WASM.has(request.kind)) await wasm;
      scope.postMessage({ id, type: 'done', value: await answer(id, request) });
    } catch (error) {
      scope.postMessage({ id, type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
};
