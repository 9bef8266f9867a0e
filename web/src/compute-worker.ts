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
import type { GeluApproximationResult } from '../../src/experiments/gelu-approximation.js';
import type { GradientFlowResult } from '../../src/experiments/gradient-flow.js';
import { runExperiment } from '../../src/experiments/index.js';
import type { SeluNormalisationResult } from '../../src/experiments/selu-normalisation.js';
import type { TransformerFfnResult } from '../../src/experiments/transformer-ffn.js';
import type { XorRaceResult } from '../../src/experiments/xor-race.js';
import {
  classicalActivationsFigure,
  ffnHistogramFigure,
  gradientFlowFigure,
  modernActivationsFigure,
  reluVariantsFigure,
  xorConvergenceFigure,
} from '../../src/figures/specs.js';
import { loadWasmKernels } from '../../src/wasm/index.js';
import { FIGURE_PLAN, figureSettings } from './figure-plan.js';
import type { ComputeMessage, ComputeRequest, ExperimentReply, FigureReply, GalleryReply } from './protocol.js';
import { deadNeuronsSpec, gallerySpec, seluSpec } from './specs.js';
import type { FigureId } from './state.js';

const scope = self as unknown as {
  postMessage(message: ComputeMessage): void;
  onmessage: ((event: { data: { id: number; request: ComputeRequest } }) => void) | null;
};

const ready = loadWasmKernels();

/** Vega-Lite → Vega → SVG, headless (the same path as the report's renderSvg in Node). */
async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

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
  const svg = plotted.length ? await toSvg(gallerySpec(plotted, request.x, request.width)) : '';
  const def = getActivation(request.focus.id);
  const params = resolveParams(def, request.focus.params);
  let sheet;
  try {
    sheet = properties(def, params, { timing: false });
  } catch (error) {
    if (error instanceof AnalysisDomainError) return { svg, refusal: error.message };
    throw error;
  }
  if (def.kind !== 'elementwise') return { svg, sheet };
  const sigmaW = gain(def, params).gain;
  return { svg, sheet, propagation: propagation(def, { sigmaW, sigmaB: 0, edgeOfChaos: false }, params) };
}

async function experiment(id: number, request: Extract<ComputeRequest, { kind: 'experiment' }>): Promise<ExperimentReply> {
  const started = performance.now();
  const run = runExperiment(request.experiment, { seed: request.seed, rng: request.rng, set: request.set, progress: progressReporter(id) });
  let spec: TopLevelSpec | undefined;
  if (request.view === 'flow') spec = gradientFlowFigure(run.result as GradientFlowResult);
  else if (request.view === 'dead') spec = deadNeuronsSpec(run.result as DeadNeuronsResult, request.width);
  else if (request.view === 'selu') spec = seluSpec(run.result as SeluNormalisationResult, request.width);
  const svg = spec ? await toSvg(spec) : undefined;
  return { config: run.config as Record<string, unknown>, result: run.result, printout: run.report, ...(svg !== undefined ? { svg } : {}), seconds: (performance.now() - started) / 1000 };
}

async function figure(id: number, request: Extract<ComputeRequest, { kind: 'figure' }>): Promise<FigureReply> {
  const started = performance.now();
  const plan = FIGURE_PLAN[request.figure as FigureId];
  if (!plan) throw new Error(`unknown figure ${request.figure}`);
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
  let spec: TopLevelSpec;
  switch (request.figure as FigureId) {
    case 'classical':
      spec = classicalActivationsFigure();
      break;
    case 'relu_variants': {
      const dead = results['dead-neurons'] as DeadNeuronsResult;
      spec = reluVariantsFigure(
        results['selu-normalisation'] as SeluNormalisationResult,
        (dead.panel?.bars ?? []).map((b) => ({ activation: b.name, percent: b.deadPercent })),
      );
      break;
    }
    case 'modern':
      spec = modernActivationsFigure(results['gelu-approximation'] as GeluApproximationResult);
      break;
    case 'gradient_flow':
      spec = gradientFlowFigure(results['gradient-flow'] as GradientFlowResult);
      break;
    case 'xor_convergence':
      spec = xorConvergenceFigure(results['xor-race'] as XorRaceResult);
      break;
    case 'ffn_outputs':
      spec = ffnHistogramFigure(results['transformer-ffn'] as TransformerFfnResult);
      break;
  }
  return { svg: await toSvg(spec), printouts, seconds: (performance.now() - started) / 1000 };
}

scope.onmessage = (event) => {
  const { id, request } = event.data;
  void ready.then(async () => {
    try {
      let value: unknown;
      if (request.kind === 'gallery') value = await gallery(request);
      else if (request.kind === 'experiment') value = await experiment(id, request);
      else if (request.kind === 'figure') value = await figure(id, request);
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
