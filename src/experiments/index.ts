/**
 * The experiments of the chapter, each a pure `(config, rng) => result`, and the helpers to
 * run one by id with `--set key=value` settings.
 * @module
 */
import '../formula/install.js'; // formulas wherever an activation is named
import { InvalidParameterError } from '../errors.js';
import { createRng, type Rng, type RngKind } from '../math/rng.js';
import { gradientFlow } from './gradient-flow.js';
import { geluApproximation } from './gelu-approximation.js';
import { linearCollapse } from './linear-collapse.js';
import { deadNeurons } from './dead-neurons.js';
import { fashionMnist } from './fashion-mnist.js';
import { seluNormalisation } from './selu-normalisation.js';
import { transformerFfn } from './transformer-ffn.js';
import { checkBudget, resolveConfig, type RunBudget } from './settings.js';
import type { Experiment, Progress, RunCost, SettingValue } from './types.js';
import { vanishingGradient } from './vanishing-gradient.js';
import { xorRace } from './xor-race.js';

export * from './types.js';
export * from './settings.js';
export * from './split.js';
export { deadNeurons, fashionMnist, gradientFlow, geluApproximation, linearCollapse, seluNormalisation, transformerFfn, vanishingGradient, xorRace };
export { trainXor, xorAccuracy } from './xor-race.js';

/** Every experiment, in the chapter's order. */
export const EXPERIMENTS: readonly Experiment[] = [
  linearCollapse,
  vanishingGradient,
  gradientFlow,
  deadNeurons,
  xorRace,
  seluNormalisation,
  geluApproximation,
  transformerFfn,
  fashionMnist,
] as unknown as readonly Experiment[];

export function getExperiment(id: string): Experiment {
  const found = typeof id === 'string' ? EXPERIMENTS.find((e) => e.id === id) : undefined;
  if (!found) throw new InvalidParameterError('run', 'experiment', id, `one of: ${EXPERIMENTS.map((e) => e.id).join(', ')}`);
  return found;
}

export interface RunOptions {
  readonly seed?: number;
  readonly rng?: RngKind;
  /** Settings as typed at the CLI (`key=value` parsed by {@link parseSetting}) or already typed. */
  readonly set?: Readonly<Record<string, SettingValue>>;
  /** Progress, and the partial result as it fills in (for experiments that stream one; see {@link Progress}). */
  readonly progress?: Progress<unknown>;
  /** Time and memory the run may take (default {@link DEFAULT_BUDGET}). */
  readonly budget?: RunBudget;
}

/** A checked run, not yet started: its configuration and estimated cost. */
export interface RunPlan {
  readonly experiment: Experiment;
  readonly config: Record<string, SettingValue>;
  readonly cost: RunCost;
}

/**
 * Checks a run without starting it: the experiment exists, every setting is valid, and the
 * estimated time and memory fit the budget.
 * @throws {ActlabError} (InvalidParameterError, UnknownActivationError, RunBudgetError) naming what is allowed
 */
export function planRun(id: string, options: Omit<RunOptions, 'progress' | 'seed'> = {}): RunPlan {
  const experiment = getExperiment(id);
  const config = resolveConfig(experiment, options.set);
  const cost = experiment.cost(config, options.rng);
  checkBudget(experiment, cost, options.budget);
  return { experiment, config, cost };
}

/**
 * Runs an experiment with defaults overridden by `set`; returns config, result and printout.
 * Every setting is checked and the run's cost estimated before any work starts ({@link planRun}).
 */
export function runExperiment(id: string, options: RunOptions = {}): { config: Record<string, SettingValue>; result: unknown; report: string } {
  const { experiment, config } = planRun(id, options);
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new InvalidParameterError(id, 'seed', seed, 'an integer from 0 to 4294967295');
  const rng: Rng = createRng(options.rng ?? 'default', seed);
  const result = experiment.run(config, rng, options.progress);
  return { config, result, report: experiment.report(result, config) };
}

/**
 * The run over a whole list from runs over consecutive slices of it ({@link Experiment.split}):
 * `set` holds the whole run's settings, `parts` the slices' results in list order. Returns what
 * {@link runExperiment} returns for `set` — the same result, to the bit, and the same printout.
 * @throws {InvalidParameterError} for an experiment whose runs do not split
 */
export function mergeRuns(id: string, set: RunOptions['set'], parts: readonly unknown[]): { config: Record<string, SettingValue>; result: unknown; report: string } {
  const experiment = getExperiment(id);
  if (!experiment.split) throw new InvalidParameterError('merge', 'experiment', id, `one whose runs split: ${EXPERIMENTS.filter((e) => e.split).map((e) => e.id).join(', ')}`);
  const config = resolveConfig(experiment, set);
  const result = experiment.split.merge(parts);
  return { config, result, report: experiment.report(result, config) };
}
