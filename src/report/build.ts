/**
 * The report: every experiment of the chapter at the chapter's sizes, their printouts, the
 * figures, the regenerated property table and the corrections to the chapter — assembled as
 * plain data (pure; the Node writer in write.ts renders and saves it).
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { properties, type ElementwisePropertySheet } from '../analysis/properties.js';
import { regenerateTable, type TableRow } from '../analysis/table.js';
import { EXPERIMENTS, runExperiment, type SettingValue } from '../experiments/index.js';
import type { RngKind } from '../math/rng.js';
import type { XorRaceResult } from '../experiments/xor-race.js';
import { CHAPTER_FIGURES, drawChapterFigure } from '../figures/chapter.js';
import { DatasetMissingError } from '../data/types.js';
import type { FashionMnistResult } from '../experiments/fashion-mnist/types.js';
import { fashionMnistFigure } from '../figures/fashion-mnist-figure.js';

/** One experiment run in the report, with the settings that differ from its defaults. */
export interface ReportSection {
  readonly experiment: string;
  readonly title: string;
  readonly config: Readonly<Record<string, SettingValue>>;
  readonly result: unknown;
  /** The printout (the chapter's format where it has one). */
  readonly printout: string;
  readonly seconds: number;
}

export interface Figure {
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

export interface Report {
  readonly generated: string;
  readonly rng: RngKind;
  readonly seed: number;
  readonly sections: readonly ReportSection[];
  readonly table: readonly Omit<TableRow, 'sheet'>[];
  readonly corrections: readonly string[];
  readonly figures: readonly Figure[];
}

/** The report's run of the XOR race that its convergence figure is drawn from. */
const XOR_FIGURE_RUN = 'XOR race over 100 seeds';

/** Figure titles that say more in the report than in the explorer (the report's race has 100 seeds). */
const REPORT_TITLES: Readonly<Record<string, string>> = { xor_convergence: 'XOR convergence over 100 seeds' };

/** Report runs: which experiments, with which settings beyond their defaults. */
const PLAN: readonly { readonly experiment: string; readonly set?: Readonly<Record<string, string>>; readonly title?: string }[] = [
  { experiment: 'linear-collapse' },
  { experiment: 'vanishing-gradient' },
  { experiment: 'gradient-flow' },
  { experiment: 'dead-neurons' },
  { experiment: 'xor-race', title: 'XOR race: the chapter’s seed 42' },
  {
    experiment: 'xor-race',
    set: { seeds: '0-99', activations: 'all' },
    title: XOR_FIGURE_RUN,
  },
  { experiment: 'selu-normalisation' },
  { experiment: 'gelu-approximation' },
  { experiment: 'transformer-ffn' },
  // Time per epoch is left out (timing=false) so that the report's numbers repeat to the bit.
  { experiment: 'fashion-mnist', set: { timing: 'false' } },
];

export interface BuildOptions {
  readonly rng?: RngKind;
  readonly seed?: number;
  /** Smaller sizes for a quick look (and for tests): the printouts then differ from the chapter. */
  readonly quick?: boolean;
  readonly progress?: (fraction: number, label: string) => void;
}

/** Settings that shrink the heavy experiments for `quick` reports. */
const QUICK: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'gradient-flow': { simulations: '5', depths: '5,10,20', units: '64' },
  'selu-normalisation': { units: '200', layers: '20' },
  'xor-race': { epochs: '2000' },
  'transformer-ffn': { tokens: '64', dModel: '64', dFF: '256' },
  'dead-neurons': { epochs: '20', units: '200', chapterSamples: '200', panelSamples: '200', panelNeurons: '100' },
  'fashion-mnist': { quick: 'true', activations: 'relu,tanh', seeds: '0' },
};

/**
 * Settings of the full report's fashion-mnist run: quick mode's subset (5,000 training images,
 * 3 epochs) with all eight activations and three seeds — about 2 minutes of one core with the
 * float64 nn-engine trainer; the full data set takes hours with it.
 */
const FULL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'fashion-mnist': { quick: 'true' },
};

/** Relative cost of each experiment, for the progress bar. */
const WEIGHT: Readonly<Record<string, number>> = { 'fashion-mnist': 30, 'gradient-flow': 40, 'transformer-ffn': 25, 'dead-neurons': 6, 'xor-race': 6, 'selu-normalisation': 4 };

/** One experiment run of the plan, with its settings. */
export interface ReportTask {
  readonly experiment: string;
  readonly set: Readonly<Record<string, string>>;
  readonly title: string;
  /** Relative cost, for progress and for scheduling the longest first. */
  readonly weight: number;
}

/** The runs of the report for these options (known experiments only). */
export function reportTasks(options: BuildOptions = {}): ReportTask[] {
  const known = new Set(EXPERIMENTS.map((e) => e.id));
  return PLAN.filter((p) => known.has(p.experiment)).map((step) => ({
    experiment: step.experiment,
    set: { ...((options.quick ? QUICK : FULL)[step.experiment] ?? {}), ...(step.set ?? {}) },
    title: step.title ?? EXPERIMENTS.find((e) => e.id === step.experiment)?.title ?? step.experiment,
    weight: WEIGHT[step.experiment] ?? 1,
  }));
}

/**
 * Runs one task (in this thread) into a report section. A run whose data set is not installed
 * becomes a section that says so (no result), not a failed report.
 */
export function runTask(task: ReportTask, rng: RngKind, seed: number, progress?: (fraction: number) => void): ReportSection {
  const started = performance.now();
  let run: ReturnType<typeof runExperiment>;
  try {
    run = runExperiment(task.experiment, { rng, seed, set: task.set, ...(progress ? { progress } : {}) });
  } catch (error) {
    if (!(error instanceof DatasetMissingError)) throw error;
    return { experiment: task.experiment, title: task.title, config: task.set, result: undefined, printout: `Skipped: ${error.message}`, seconds: 0 };
  }
  return {
    experiment: task.experiment,
    title: task.title,
    config: run.config,
    result: run.result,
    printout: run.report,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The report from its sections: property table, corrections and figures. */
export function assembleReport(
  sections: readonly ReportSection[],
  rng: RngKind,
  seed: number,
  progress?: (fraction: number, label: string) => void,
): Report {
  progress?.(1, 'property table');
  const rows = regenerateTable({ timing: false });
  const table = rows.map(({ sheet: _sheet, ...row }) => row);
  const resultOf = <T>(id: string, title?: string) =>
    sections.find((s) => s.experiment === id && (title === undefined || s.title === title))?.result as T | undefined;
  const race = resultOf<XorRaceResult>('xor-race', XOR_FIGURE_RUN);
  // The convergence figure is drawn from the 100-seed race, not from the chapter's single seed.
  const result = (id: string) => (id === 'xor-race' ? race : resultOf(id));
  const figures: Figure[] = CHAPTER_FIGURES.flatMap((figure) => {
    const spec = drawChapterFigure(figure, result);
    return spec ? [{ name: figure.name, title: REPORT_TITLES[figure.id] ?? figure.title, spec }] : [];
  });
  const fashion = resultOf<FashionMnistResult>('fashion-mnist');
  if (fashion) figures.push({ name: 'fashion_mnist_accuracy', title: 'Fashion-MNIST: validation accuracy by epoch', spec: fashionMnistFigure(fashion) });
  const corrections = [...rows.flatMap((r) => r.findings.map((f) => `Table, ${r.label} — ${f}`)), ...programCorrections(race)];
  progress?.(1, 'done');
  return { generated: new Date().toISOString(), rng, seed, sections, table, corrections, figures };
}

/** What the chapter's programs get wrong, with the computed numbers. */
function programCorrections(race: XorRaceResult | undefined): string[] {
  const minimum = (id: string) => (properties(id, {}, { timing: false }) as ElementwisePropertySheet).extrema[0];
  const gelu = minimum('gelu');
  const swish = minimum('swish');
  const out = [
    `modern.py marks GELU's minimum at z = −0.77; it is at z = ${gelu?.at.toPrecision(10)} (value ${gelu?.value.toPrecision(10)}); Swish's is at ${swish?.at.toPrecision(10)} (marked −1.278).`,
    "modern.py's FFN comparison labels the tanh approximation \"GELU\" (gelu_approx); exact GELU is a different function (max difference 4.73e−4).",
    "modern.py's gelu_derivative is a finite difference with h = 1e−7 — about 9 correct digits, and none next to the minimum; actlab's GELU′ is exact.",
    "relu_family.py's XOR training sums the per-sample gradients of a mean loss: the effective learning rate is 4× the stated 0.5.",
    "relu_family.py's dead_neuron_simulation never uses hidden_weights (zero_bias and poor_init are the same experiment), and biases of ±1 against pre-activations of spread ≈ 1.4 over 1000 inputs cannot make a unit negative for every input: every count is 0 by construction.",
    "classical.py and relu_variants.py clip sigmoid's argument to ±500 and SELU's to ±10: harmless in these plots, wrong beyond (sigmoid(−700) is off by 3.5e102 ULP).",
  ];
  const relu = race?.stats.find((s) => s.activation === 'relu');
  if (relu) {
    out.push(
      `relu_family.py reports one seed: over ${relu.epochs.length} seeds the chapter's ReLU network converges on only ${(relu.convergedFraction * 100).toFixed(0)}% of them (median epoch ${relu.median.toFixed(0)} when it does).`,
    );
  }
  return out;
}
