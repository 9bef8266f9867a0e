/**
 * The compute worker: experiments, property sheets, the advisor and every spec (built and
 * compiled from Vega-Lite to Vega here, so the page only renders). It runs the library code the
 * CLI runs — `runExperiment` with the same seed gives the same result as `actlab run`.
 */
import type { TopLevelSpec } from 'vega-lite';
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
import { renderFitted } from './chart-fit.js';
import { FIGURE_PLAN, figureSettings } from './figure-plan.js';
import type { ComputeMessage, ComputeRequest, ExperimentReply, FigureReply, GalleryReply } from './protocol.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from './specs.js';
import type { FigureId } from './state.js';

const scope = self as unknown as {
  postMessage(message: ComputeMessage): void;
  onmessage: ((event: { data: { id: number; request: ComputeRequest } }) => void) | null;
};

const ready = loadWasmKernels();

function progressReporter(id: number): (fraction: number, label?: string) => void {
  let last = 0;
  return (fraction, label) => {
    const now = performance.now();
    if (now - last < 50 && fraction < 1) return;
    last = now;
    scope.postMessage({ id, type: 'progress', fraction, ...(label !== undefined ? { label } : {}) });
  };
}

async function gallery(request: Extract<ComputeRequest, { kind: 'gallery' }>): Promise<GalleryReply> {
  // Vector activations (softmax, the GLU family) have no curve f(z): formula and sheet only.
  const plotted = request.entries.filter((e) => getActivation(e.id).kind === 'elementwise');
  const spec = plotted.length ? gallerySpec(plotted, request.x, request.width) : undefined;
  const svg = spec ? await renderFitted(spec, request.width) : '';
  const def = getActivation(request.focus.id);
  const params = resolveParams(def, request.focus.params);
  let sheet;
  try {
    sheet = properties(def, params, { timing: false });
  } catch (error) {
    if (error instanceof AnalysisDomainError) return { svg, spec, refusal: error.message };
    throw error;
  }
  if (def.kind !== 'elementwise') return { svg, spec, sheet };
  const sigmaW = gain(def, params).gain;
  return { svg, spec, sheet, propagation: propagation(def, { sigmaW, sigmaB: 0, edgeOfChaos: false }, params) };
}

async function experiment(id: number, request: Extract<ComputeRequest, { kind: 'experiment' }>): Promise<ExperimentReply> {
  const started = performance.now();
  const run = runExperiment(request.experiment, { seed: request.seed, rng: request.rng, set: request.set, progress: progressReporter(id) });
  let spec: TopLevelSpec | undefined;
  if (request.view === 'flow') spec = gradientFlowFigure(run.result as GradientFlowResult);
  else if (request.view === 'dead') spec = deadNeuronsSpec(run.result as DeadNeuronsResult, request.width);
  else if (request.view === 'selu') spec = seluSpec(run.result as SeluNormalisationResult, request.width);
  const svg = spec ? await renderFitted(spec, request.width) : undefined;
  return { config: run.config as Record<string, unknown>, result: run.result, printout: run.report, ...(svg !== undefined ? { svg, spec } : {}), seconds: (performance.now() - started) / 1000 };
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
  return { svg: await renderFitted(spec, request.width ?? 900), spec, printouts, seconds: (performance.now() - started) / 1000 };
}

scope.onmessage = (event) => {
  const { id, request } = event.data;
  void ready.then(async () => {
    try {
      let value: unknown;
      if (request.kind === 'gallery') value = await gallery(request);
      else if (request.kind === 'experiment') value = await experiment(id, request);
      else if (request.kind === 'figure') value = await figure(id, request);
      else if (request.kind === 'render') value = { svg: await renderFitted(request.spec, request.width) };
      else {
        try {
          value = { ok: true, advice: advise(request.question) };
        } catch (error) {
          value = { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }
      scope.postMessage({ id, type: 'done', value });
    } catch (error) {
      scope.postMessage({ id, type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
};
