/**
 * A compute worker: experiments, property sheets, the advisor. It runs the library code the CLI
 * runs — `runExperiment` with the same seed gives the same result as `actlab run`. It draws
 * nothing: every chart is drawn in the charts worker (chart-worker.ts), so a worker that only
 * computes starts fast.
 */
import '../../src/formula/install.js'; // formulas wherever an activation is named
import { getActivation, resolveParams } from '../../src/activations/index.js';
import { advise } from '../../src/analysis/advisor.js';
import { gain } from '../../src/analysis/gain.js';
import { AnalysisDomainError } from '../../src/analysis/features.js';
import { properties } from '../../src/analysis/properties.js';
import { propagation } from '../../src/analysis/propagation.js';
import { mergeRuns, runExperiment } from '../../src/experiments/index.js';
import { loadWasmKernels, wasmModuleKind } from '../../src/wasm/index.js';
import type { AdviseReply, ComputeRequest, CurveEntry, ExperimentReply, GalleryReply } from './protocol.js';
import { scope, serveRequests } from './worker-serve.js';

/** Only the runs need the WebAssembly kernels: charts, sheets and advice start without waiting. */
const wasm = loadWasmKernels();
/** Least time between two partial results sent to the page: each is cloned and drawn in the charts worker, CPU taken from the run on a two-core machine. */
const PARTIAL_EVERY_MS = 250;

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

async function experiment(id: number, request: Extract<ComputeRequest, { kind: 'experiment' }>): Promise<ExperimentReply> {
  await wasm;
  const started = performance.now();
  const run = runExperiment(request.experiment, { seed: request.seed, rng: request.rng, set: request.set, progress: progressReporter(id, request.partials) });
  return { config: run.config as Record<string, unknown>, result: run.result, printout: run.report, seconds: (performance.now() - started) / 1000 };
}

/** The report of a split run: merged by the experiment's own merge, printed by its own report. */
function merged(request: Extract<ComputeRequest, { kind: 'merge' }>): ExperimentReply {
  const started = performance.now();
  const run = mergeRuns(request.experiment, request.set, request.parts);
  return { config: run.config as Record<string, unknown>, result: run.result, printout: run.report, seconds: (performance.now() - started) / 1000 };
}

function advice(request: Extract<ComputeRequest, { kind: 'advise' }>): AdviseReply {
  try {
    return { ok: true, advice: advise(request.question) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function answer(id: number, request: ComputeRequest): Promise<unknown> {
  switch (request.kind) {
    case 'gallery-sheet':
      return gallerySheet(request.focus);
    case 'experiment':
      return experiment(id, request);
    case 'merge':
      return merged(request);
    case 'advise':
      return advice(request);
    case 'wasm-module':
      return (await wasm) ? wasmModuleKind() : 'none';
    default:
      throw new Error(`a compute worker computes; charts are drawn by the charts worker, not "${request.kind}"`);
  }
}

serveRequests(answer);
