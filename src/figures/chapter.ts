/**
 * The chapter's figures by id: which experiment results each is drawn from and the spec builder
 * that draws it. The one lookup behind both `actlab report` (src/report/build.ts) and the
 * explorer's figure panel (web/src/compute-worker.ts), so a figure added here appears in both.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DeadNeuronsResult } from '../experiments/dead-neurons.js';
import type { GeluApproximationResult } from '../experiments/gelu-approximation.js';
import type { GradientFlowResult } from '../experiments/gradient-flow.js';
import type { SeluNormalisationResult } from '../experiments/selu-normalisation.js';
import type { TransformerFfnResult } from '../experiments/transformer-ffn.js';
import type { XorRaceResult } from '../experiments/xor-race.js';
import {
  classicalActivationsFigure,
  ffnHistogramFigure,
  gradientFlowFigure,
  modernActivationsFigure,
  reluVariantsFigure,
  xorConvergenceFigure,
} from './specs.js';

/** The result of an experiment run, by experiment id, or undefined when it was not run. */
export type ResultLookup = (experiment: string) => unknown;

export interface ChapterFigure {
  /** Short id: the explorer's `c.fig=` value. */
  readonly id: string;
  /** File name of the report's figure (without extension). */
  readonly name: string;
  readonly title: string;
  /** Experiments whose results the figure cannot be drawn without. */
  readonly needs: readonly string[];
  /** Draws the figure; `result` has every experiment of `needs` (others it uses may be missing). */
  draw(result: ResultLookup): TopLevelSpec;
}

/** Every figure of the chapter, in the report's order. */
export const CHAPTER_FIGURES = [
  { id: 'classical', name: 'classical_activations', title: 'Classical activations (classical.py)', needs: [], draw: () => classicalActivationsFigure() },
  {
    id: 'relu_variants',
    name: 'relu_variants',
    title: 'ReLU variants (relu_variants.py)',
    needs: ['selu-normalisation'],
    // The dead-neuron panel's bars are optional: without the dead-neurons run the panel is empty.
    draw: (result) => {
      const dead = result('dead-neurons') as DeadNeuronsResult | undefined;
      const rates = (dead?.panel?.bars ?? []).map((b) => ({ activation: b.name, percent: b.deadPercent }));
      return reluVariantsFigure(result('selu-normalisation') as SeluNormalisationResult, rates);
    },
  },
  { id: 'modern', name: 'modern_activations', title: 'Modern activations (modern.py)', needs: ['gelu-approximation'], draw: (result) => modernActivationsFigure(result('gelu-approximation') as GeluApproximationResult) },
  { id: 'gradient_flow', name: 'gradient_flow', title: 'Gradient norm by depth: simulated vs mean-field prediction', needs: ['gradient-flow'], draw: (result) => gradientFlowFigure(result('gradient-flow') as GradientFlowResult) },
  { id: 'xor_convergence', name: 'xor_convergence', title: 'XOR convergence epoch over seeds', needs: ['xor-race'], draw: (result) => xorConvergenceFigure(result('xor-race') as XorRaceResult) },
  { id: 'ffn_outputs', name: 'ffn_outputs', title: 'Transformer FFN output distributions', needs: ['transformer-ffn'], draw: (result) => ffnHistogramFigure(result('transformer-ffn') as TransformerFfnResult) },
] as const satisfies readonly ChapterFigure[];

export type ChapterFigureId = (typeof CHAPTER_FIGURES)[number]['id'];

/** The figures' ids, in the report's order. */
export const CHAPTER_FIGURE_IDS: readonly ChapterFigureId[] = CHAPTER_FIGURES.map((f) => f.id);

/** The figure with this id, or undefined. */
export function getChapterFigure(id: string): ChapterFigure | undefined {
  return CHAPTER_FIGURES.find((f) => f.id === id);
}

/** The figure's spec from the results, or undefined when a result it needs is missing. */
export function drawChapterFigure(figure: ChapterFigure, result: ResultLookup): TopLevelSpec | undefined {
  return figure.needs.every((experiment) => result(experiment) !== undefined) ? figure.draw(result) : undefined;
}
