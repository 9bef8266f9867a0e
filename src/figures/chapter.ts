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
  /** The report's title. */
  readonly title: string;
  /** A short name in words, for menus. */
  readonly label: string;
  /** What the figure shows, in plain language, for a reader of the chapter. */
  readonly intro: string;
  /** Experiments whose results the figure cannot be drawn without. */
  readonly needs: readonly string[];
}

/** Every figure of the chapter, in the report's order. */
export const CHAPTER_FIGURES = [
  {
    id: 'classical',
    name: 'classical_activations',
    title: 'Classical activations (classical.py)',
    label: 'Classical: sigmoid and tanh',
    intro:
      'Sigmoid and tanh, their slopes, and how quickly a gradient fades when it passes back through many such layers: a slope of at most ¼ per sigmoid layer shrinks it exponentially with depth. Drawn from the definitions alone — nothing random, nothing to run.',
    needs: [],
  },
  {
    id: 'relu_variants',
    name: 'relu_variants',
    title: 'ReLU variants (relu_variants.py)',
    label: 'ReLU and its variants',
    intro:
      'ReLU, Leaky ReLU and ELU with their slopes; below, how the variance of the activations changes layer after layer in a deep random network (SELU with LeCun initialisation against ReLU with He initialisation), and the share of units that never switch on for the chapter’s inputs (dead units).',
    needs: ['selu-normalisation'],
  },
  {
    id: 'modern',
    name: 'modern_activations',
    title: 'Modern activations (modern.py)',
    label: 'Modern: Swish and GELU',
    intro:
      'ReLU, Swish and GELU with their exact slopes; below, how far the two usual shortcuts for GELU stray from the exact function, and the small dip below zero where Swish and GELU reach their lowest value (marked where it really is).',
    needs: ['gelu-approximation'],
  },
  {
    id: 'gradient_flow',
    name: 'gradient_flow',
    title: 'Gradient norm by depth: simulated vs mean-field prediction',
    label: 'Gradient size by depth',
    intro:
      'How large the gradient is after passing back through more and more layers of a random network: solid lines are simulations, dashed lines the mean-field prediction. Below one per layer it vanishes, above it explodes.',
    needs: ['gradient-flow'],
  },
  {
    id: 'xor_convergence',
    name: 'xor_convergence',
    title: 'XOR convergence epoch over seeds',
    label: 'XOR: learning speed by seed',
    intro:
      'The chapter’s small XOR network trained again and again, each time from another random start: one mark per run at the epoch where it learned XOR, or at the end when it never did. One lucky start says little; the spread says how reliable an activation is.',
    needs: ['xor-race'],
  },
  {
    id: 'ffn_outputs',
    name: 'ffn_outputs',
    title: 'Transformer FFN output distributions',
    label: 'Transformer FFN outputs',
    intro:
      'The feed-forward block of a transformer applied to random tokens with each activation, at the same number of parameters: how its outputs are spread. Gated forms such as SwiGLU use a narrower hidden layer to keep the count equal.',
    needs: ['transformer-ffn'],
  },
] as const satisfies readonly ChapterFigure[];

export type ChapterFigureId = (typeof CHAPTER_FIGURES)[number]['id'];

/** The figures' ids, in the report's order. */
export const CHAPTER_FIGURE_IDS: readonly ChapterFigureId[] = CHAPTER_FIGURES.map((f) => f.id);

/**
 * How each figure is drawn; `result` has every experiment of the figure's `needs` (others it
 * uses may be missing). Kept beside the table rather than in it so that a page that only lists
 * the figures (the explorer's address and select) does not load the spec builders and the
 * analysis and kernels they use: a bundler drops this object when nothing draws.
 */
const DRAW: Readonly<Record<ChapterFigureId, (result: ResultLookup) => TopLevelSpec>> = {
  classical: () => classicalActivationsFigure(),
  relu_variants: (result) => {
    // The dead-neuron panel's bars are optional: without the dead-neurons run the panel is empty.
    const { rates, note } = deadRatesOf(result('dead-neurons') as DeadNeuronsResult | undefined);
    return reluVariantsFigure(result('selu-normalisation') as SeluNormalisationResult, rates, note);
  },
  modern: (result) => modernActivationsFigure(result('gelu-approximation') as GeluApproximationResult),
  gradient_flow: (result) => gradientFlowFigure(result('gradient-flow') as GradientFlowResult),
  xor_convergence: (result) => xorConvergenceFigure(result('xor-race') as XorRaceResult),
  ffn_outputs: (result) => ffnHistogramFigure(result('transformer-ffn') as TransformerFfnResult),
};

/**
 * The bars of relu_variants.py's dead-rate panel from a dead-neurons run (none without one), and,
 * when every bar is 0 %, the sentence that says why: that is the right answer, not a failure.
 */
export function deadRatesOf(dead: DeadNeuronsResult | undefined): { rates: { activation: string; id: string; percent: number }[]; note?: string } {
  const panel = dead?.panel;
  const rates = (panel?.bars ?? []).map((b) => ({ activation: b.name, id: b.activation, percent: b.deadPercent }));
  if (!panel || !rates.every((r) => r.percent === 0)) return { rates };
  const minus = (x: number) => String(x).replace('-', '−');
  return {
    rates,
    note: `Every bar is 0 %: a unit counts as dead only if all ${panel.samples} of its inputs z ~ N(${minus(-panel.shift)}, 1) are ≤ 0, which has probability Φ(${panel.shift})^${panel.samples} ≈ 1e${minus(Math.round(panel.log10AllNegative))}.`,
  };
}

/** The figure with this id, or undefined. */
export function getChapterFigure(id: string): ChapterFigure | undefined {
  return CHAPTER_FIGURES.find((f) => f.id === id);
}

/** The figure's spec from the results, or undefined when a result it needs is missing. */
export function drawChapterFigure(figure: ChapterFigure, result: ResultLookup): TopLevelSpec | undefined {
  const draw = DRAW[figure.id as ChapterFigureId] as ((result: ResultLookup) => TopLevelSpec) | undefined;
  return draw !== undefined && figure.needs.every((experiment) => result(experiment) !== undefined) ? draw(result) : undefined;
}
