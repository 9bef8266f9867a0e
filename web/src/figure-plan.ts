/**
 * The chapter's figures in the explorer: which experiments each needs, the settings offered
 * as controls (with the words they are shown with), and browser-sized defaults (the report's
 * sizes take minutes; these take seconds — set them back to the chapter's sizes in the
 * controls, or run `actlab report`).
 */
import { getChapterFigure, type ChapterFigureId } from '../../src/figures/chapter.js';
import type { FigureId } from './state.js';

/** One setting shown as a control: its explorer default and the words it is shown with. */
export interface FigureControl {
  /** The explorer's default value, as typed at the CLI (`--set key=value`). */
  readonly value: string;
  /** The control's label, in words (the setting's key is the CLI's, shown only as a tooltip). */
  readonly label: string;
  readonly hint?: string;
}

/**
 * What of the page's seed and generator a run reads: `seed` both; `generator` only the kind
 * (the run seeds itself from its own setting, as the XOR race does from its list of seeds);
 * `none` neither (the run draws no random numbers). Checked against the runs themselves by
 * test/figure-plan.test.ts.
 */
export type Randomness = 'seed' | 'generator' | 'none';

export interface FigureExperiment {
  readonly experiment: string;
  /** The heading of this run's controls. */
  readonly legend: string;
  /** Settings always applied (not shown as controls). */
  readonly fixed: Readonly<Record<string, string>>;
  /** Controls shown, with the explorer's default value for each. */
  readonly controls: Readonly<Record<string, FigureControl>>;
  readonly randomness: Randomness;
}

export interface FigurePlan {
  readonly experiments: readonly FigureExperiment[];
}

const ACTIVATION_IDS = 'activation names as the library spells them, separated by commas';

export const FIGURE_PLAN: Readonly<Record<FigureId, FigurePlan>> = {
  classical: { experiments: [] },
  relu_variants: {
    experiments: [
      {
        experiment: 'selu-normalisation',
        legend: 'Self-normalisation (lower left)',
        fixed: {},
        controls: { layers: { value: '50', label: 'Layers' }, units: { value: '500', label: 'Units per layer' } },
        randomness: 'seed',
      },
      {
        experiment: 'dead-neurons',
        legend: 'Dead units (lower right)',
        fixed: { parts: 'panel' },
        controls: {
          panelSamples: { value: '1000', label: 'Samples per unit' },
          panelNeurons: { value: '500', label: 'Units' },
          panelShift: { value: '0.5', label: 'Shift of the inputs', hint: 'inputs z are drawn from a normal distribution with mean −shift and variance 1' },
        },
        randomness: 'seed',
      },
    ],
  },
  modern: {
    experiments: [
      {
        experiment: 'gelu-approximation',
        legend: 'GELU approximation error (lower left)',
        fixed: {},
        controls: { from: { value: '-6', label: 'From z =' }, to: { value: '6', label: 'To z =' }, points: { value: '1201', label: 'Grid points' } },
        randomness: 'none',
      },
    ],
  },
  gradient_flow: {
    experiments: [
      {
        experiment: 'gradient-flow',
        legend: 'Random networks',
        fixed: {},
        controls: {
          depths: { value: '5,10,20,50', label: 'Depths (layers)', hint: 'separated by commas' },
          units: { value: '128', label: 'Units per layer' },
          simulations: { value: '20', label: 'Simulations per depth' },
          activations: { value: 'relu,sigmoid', label: 'Activations', hint: ACTIVATION_IDS },
          gains: { value: 'pytorch', label: 'Initialisation gain', hint: 'pytorch (√2 for ReLU, 1 for sigmoid) or variance-preserving' },
        },
        randomness: 'seed',
      },
    ],
  },
  xor_convergence: {
    experiments: [
      {
        experiment: 'xor-race',
        legend: 'Training runs',
        fixed: {},
        controls: {
          seeds: { value: '0-19', label: 'Seeds', hint: 'one training run per seed, e.g. 0-19 or 1,5,9' },
          activations: { value: 'sigmoid,tanh,relu,leaky_relu,elu,gelu,swish,mish', label: 'Activations', hint: ACTIVATION_IDS },
          epochs: { value: '5000', label: 'Epochs at most' },
        },
        randomness: 'generator',
      },
    ],
  },
  ffn_outputs: {
    experiments: [
      {
        experiment: 'transformer-ffn',
        legend: 'Feed-forward block',
        fixed: {},
        controls: {
          tokens: { value: '256', label: 'Tokens', hint: 'rows of the input (batch × sequence length)' },
          dModel: { value: '128', label: 'Model width d_model' },
          dFF: { value: '512', label: 'FFN width d_ff' },
        },
        randomness: 'seed',
      },
    ],
  },
};

/** The settings of one experiment of a figure: fixed, then defaults, then the user's (keys `experiment.setting`). */
export function figureSettings(plan: FigureExperiment, sets: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...plan.fixed };
  for (const [key, control] of Object.entries(plan.controls)) out[key] = sets[`${plan.experiment}.${key}`] ?? control.value;
  return out;
}

/** What of the seed and generator a figure's runs read (the most any of them reads). */
export function figureRandomness(id: FigureId): Randomness {
  const kinds = FIGURE_PLAN[id].experiments.map((step) => step.randomness);
  return kinds.includes('seed') ? 'seed' : kinds.includes('generator') ? 'generator' : 'none';
}

/** The figure's name in menus (short, in words; the report's title is longer). */
export function figureTitle(id: ChapterFigureId): string {
  return getChapterFigure(id)?.label ?? id;
}
