/**
 * The chapter's figures in the explorer: which experiments each needs, the settings offered
 * as controls, and browser-sized defaults (the report's sizes take minutes; these take seconds —
 * set them back to the chapter's sizes in the controls, or run `actlab report`).
 */
import { getChapterFigure, type ChapterFigureId } from '../../src/figures/chapter.js';
import type { FigureId } from './state.js';

export interface FigureExperiment {
  readonly experiment: string;
  /** Settings always applied (not shown as controls). */
  readonly fixed: Readonly<Record<string, string>>;
  /** Controls shown, with the explorer's default value for each. */
  readonly controls: Readonly<Record<string, string>>;
}

export interface FigurePlan {
  readonly experiments: readonly FigureExperiment[];
}

export const FIGURE_PLAN: Readonly<Record<FigureId, FigurePlan>> = {
  classical: { experiments: [] },
  relu_variants: {
    experiments: [
      { experiment: 'selu-normalisation', fixed: {}, controls: { layers: '50', units: '500' } },
      { experiment: 'dead-neurons', fixed: { parts: 'panel' }, controls: { panelSamples: '1000', panelNeurons: '500', panelShift: '0.5' } },
    ],
  },
  modern: {
    experiments: [{ experiment: 'gelu-approximation', fixed: {}, controls: { from: '-6', to: '6', points: '1201' } }],
  },
  gradient_flow: {
    experiments: [{ experiment: 'gradient-flow', fixed: {}, controls: { depths: '5,10,20,50', units: '128', simulations: '20', activations: 'relu,sigmoid', gains: 'pytorch' } }],
  },
  xor_convergence: {
    experiments: [{ experiment: 'xor-race', fixed: {}, controls: { seeds: '0-19', activations: 'sigmoid,tanh,relu,leaky_relu,elu,gelu,swish,mish', epochs: '5000' } }],
  },
  ffn_outputs: {
    experiments: [{ experiment: 'transformer-ffn', fixed: {}, controls: { tokens: '256', dModel: '128', dFF: '512' } }],
  },
};

/** The settings of one experiment of a figure: fixed, then defaults, then the user's (keys `experiment.setting`). */
export function figureSettings(plan: FigureExperiment, sets: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...plan.fixed, ...plan.controls };
  for (const key of Object.keys(plan.controls)) {
    const value = sets[`${plan.experiment}.${key}`];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The figure's title (the library's, shared with the report). */
export function figureTitle(id: ChapterFigureId): string {
  return getChapterFigure(id)?.title ?? id;
}
