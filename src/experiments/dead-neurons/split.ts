/**
 * Dead-neuron runs split by activation: part 3 trains every activation from the same generator
 * state (the draws right after the data set), so a run over a slice of the activations gives
 * each of them the numbers of the run over the whole list. Parts 1 and 2 do not depend on the
 * activations: every slice computes the same, and the merge keeps the first.
 * @module
 */
import type { SplitSpec } from '../split.js';
import type { DeadNeuronsConfig, DeadNeuronsResult, TrainingPart } from './types.js';

function mergeTraining(parts: readonly (TrainingPart | undefined)[]): TrainingPart | undefined {
  const known = parts.filter((t): t is TrainingPart => t !== undefined);
  const first = known[0];
  return first && { ...first, runs: known.flatMap((t) => t.runs) };
}

/** Splits part 3 by `activations`; the merged report is the whole run's, line for line. */
export const deadNeuronsSplit: SplitSpec<DeadNeuronsConfig, DeadNeuronsResult> = {
  setting: 'activations',
  merge(parts) {
    const chapter = parts.find((p) => p.chapter)?.chapter;
    const panel = parts.find((p) => p.panel)?.panel;
    const training = mergeTraining(parts.map((p) => p.training));
    return { ...(chapter ? { chapter } : {}), ...(panel ? { panel } : {}), ...(training ? { training } : {}) };
  },
};
