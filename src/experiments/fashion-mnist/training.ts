/**
 * One (activation, seed) run: epochs of mini-batch Adam with early stopping on the validation
 * split, then one evaluation of the test set with the best-validation weights.
 * @module
 */
import type { LabelledImages } from '../../data/types.js';
import type { ClassifierTrainer } from './trainer.js';
import type { EpochRecord, FashionMnistConfig, FashionRun } from './types.js';

/** The validation accuracy {@link FashionRun.epochTo85} waits for. */
export const TARGET_ACCURACY = 0.85;

/** The three splits a run sees. */
export interface Splits {
  readonly train: LabelledImages;
  readonly validation: LabelledImages;
  readonly test: LabelledImages;
  readonly classes: number;
}

/** Called after every epoch with the run so far. */
export type OnEpoch = (run: FashionRun) => void;

/** The learning rate of epoch `epoch` (1-based) of `epochs` under the configuration's schedule. */
export function learningRateAt(config: Pick<FashionMnistConfig, 'learningRate' | 'schedule'>, epoch: number, epochs: number): number {
  if (config.schedule === 'constant') return config.learningRate;
  return config.learningRate * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Trains one run; see the module comment. */
export function trainRun(trainer: ClassifierTrainer, config: FashionMnistConfig, splits: Splits, activation: string, seed: number, onEpoch?: OnEpoch): FashionRun {
  const { train, validation, test } = splits;
  const model = trainer.create(
    { inputs: train.rows * train.cols, hidden: config.hidden, classes: splits.classes, activation, learningRate: config.learningRate },
    seed,
  );
  const epochs: EpochRecord[] = [];
  let best = { epoch: 0, accuracy: -Infinity, snapshot: model.snapshot() };
  let epochTo85: number | null = null;
  let diverged = false;
  let stoppedEarly = false;
  const runSoFar = (tested: FashionRun['test']): FashionRun => ({
    activation,
    seed,
    epochs: epochs.slice(),
    bestEpoch: best.epoch,
    stoppedEarly,
    epochTo85,
    test: tested,
    diverged,
  });
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const started = now();
    const learningRate = learningRateAt(config, epoch, config.epochs);
    const stats = model.trainEpoch(train, { batchSize: config.batchSize, learningRate });
    const seconds = config.timing ? (now() - started) / 1000 : 0;
    const checked = model.evaluate(validation);
    epochs.push({
      epoch,
      trainLoss: stats.loss,
      trainAccuracy: stats.accuracy,
      validationLoss: checked.loss,
      validationAccuracy: checked.accuracy,
      learningRate,
      dead: stats.deadFractions,
      gradientNorms: stats.gradientNorms,
      seconds,
    });
    if (!Number.isFinite(stats.loss) || !Number.isFinite(checked.loss)) diverged = true;
    if (epochTo85 === null && checked.accuracy >= TARGET_ACCURACY) epochTo85 = epoch;
    if (checked.accuracy > best.accuracy) best = { epoch, accuracy: checked.accuracy, snapshot: model.snapshot() };
    stoppedEarly = epoch - best.epoch >= config.patience && epoch < config.epochs;
    onEpoch?.(runSoFar(null));
    if (diverged || stoppedEarly) break;
  }
  model.restore(best.snapshot);
  const final = model.evaluate(test);
  model.dispose?.();
  return runSoFar({ accuracy: final.accuracy, loss: final.loss });
}
