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
import { drawChapterFigure, getChapterFigure } from '../../src/figures/chapter.js';
import { gradientFlowFigure } from '../../src/figures/specs.js';
import type { CurveEntry, ExperimentView } from './protocol.js';
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

/** An experiment panel's chart of a result (final or partial). */
export function drawView(view: ExperimentView, result: unknown, width: number): Promise<string> {
  if (view === 'flow') return toSvg(gradientFlowFigure(result as GradientFlowResult));
  if (view === 'dead') return toSvg(deadNeuronsSpec(result as DeadNeuronsResult, width));
  return toSvg(seluSpec(result as SeluNormalisationResult, width));
}

/** The gallery's curves; '' when only vector activations (softmax, the GLU family: no f(z)) are chosen. */
export async function drawGallery(entries: readonly CurveEntry[], x: number, width: number): Promise<string> {
  const plotted = entries.filter((e) => getActivation(e.id).kind === 'elementwise');
  return plotted.length ? toSvg(gallerySpec(plotted, x, width)) : '';
}

/** A chapter figure from its experiments' results (keyed by experiment id). */
export function drawFigure(id: string, results: Readonly<Record<string, unknown>>): Promise<string> {
  const figure = getChapterFigure(id);
  if (!figure) throw new Error(`unknown figure ${id}`);
  const spec = drawChapterFigure(figure, (experiment) => results[experiment]);
  if (!spec) throw new Error(`figure ${id} needs ${figure.needs.join(', ')}`);
  return toSvg(spec);
}
