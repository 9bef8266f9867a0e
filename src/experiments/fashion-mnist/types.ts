/**
 * The fashion-mnist experiment's configuration and result.
 * @module
 */

export { SCHEDULES } from '../choices.js';

/** The chapter's eight activations, in its order. */
export const CHAPTER_ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu', 'swish', 'gelu'] as const;

export interface FashionMnistConfig {
  readonly [key: string]: readonly string[] | readonly number[] | number | string | boolean;
  /** Hidden activations: registry ids or formulas in z. */
  readonly activations: readonly string[];
  /** One training run per seed and activation (the seed draws the initial weights and the batch order). */
  readonly seeds: readonly number[];
  readonly hidden: readonly number[];
  /** Most epochs; training stops earlier when validation accuracy has not improved for `patience` epochs. */
  readonly epochs: number;
  readonly patience: number;
  readonly batchSize: number;
  /** Adam's learning rate at the first epoch. */
  readonly learningRate: number;
  /**
   * The learning rate over the epochs: `cosine` (default) anneals it as
   * lr·½(1 + cos(π(e − 1)/E)) at epoch e of E (Loshchilov & Hutter 2017, SGDR, without restarts;
   * PyTorch's CosineAnnealingLR stepped per epoch), `constant` keeps it.
   */
  readonly schedule: string;
  /** The first this many training images are trained on. */
  readonly trainSamples: number;
  /** The last this many training images, held out for early stopping. */
  readonly validation: number;
  /** The first this many test images are evaluated. */
  readonly testSamples: number;
  /** Caps the sizes at 5,000 training, 1,000 validation and 1,000 test images and 3 epochs. */
  readonly quick: boolean;
  /** Record training time per epoch (false: 0, so that a result is the same on every run, as the report needs). */
  readonly timing: boolean;
  /** The folder of the IDX files ('' = $ACTLAB_FASHION_MNIST or /usr/share/datasets/fashion-mnist). */
  readonly data: string;
}

/** One epoch of one run. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly validationLoss: number;
  readonly validationAccuracy: number;
  /** The learning rate the epoch trained at (see {@link FashionMnistConfig.schedule}). */
  readonly learningRate: number;
  /** Per hidden layer: fraction of units dead over the whole epoch (f′(z) = 0 on every sample). */
  readonly dead: readonly number[];
  /** Per layer (hidden…, output): mean ‖∂L/∂W‖_F over the epoch's batches. */
  readonly gradientNorms: readonly number[];
  /** Training time of the epoch (validation excluded). */
  readonly seconds: number;
}

/** One (activation, seed) training run. */
export interface FashionRun {
  readonly activation: string;
  readonly seed: number;
  readonly epochs: readonly EpochRecord[];
  /** The epoch with the best validation accuracy: its weights are the ones tested. */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** First epoch with validation accuracy ≥ 0.85, or null. */
  readonly epochTo85: number | null;
  /** Test accuracy and loss with the best-validation weights (the test set's only use); null until the run ends. */
  readonly test: { readonly accuracy: number; readonly loss: number } | null;
  /** True when the loss became non-finite (training stopped there). */
  readonly diverged: boolean;
}

/** One activation over its seeds. */
export interface ActivationSummary {
  readonly activation: string;
  /** Runs finished (tested). */
  readonly runs: number;
  readonly testMean: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  readonly testSd: number;
  /** Mean over the runs that reached 85 % validation accuracy; null when none did. */
  readonly epochTo85: number | null;
  /** How many runs reached 85 %. */
  readonly reached85: number;
  readonly secondsPerEpoch: number;
  /** Per hidden layer: dead fraction, mean over runs, at the first and at the last epoch. */
  readonly deadFirst: readonly number[];
  readonly deadLast: readonly number[];
  /** Per layer: gradient norm, mean over runs, at the first and the last epoch. */
  readonly gradientFirst: readonly number[];
  readonly gradientLast: readonly number[];
  /** Validation accuracy per epoch: mean, min and max over the runs that got that far. */
  readonly curve: readonly { readonly epoch: number; readonly mean: number; readonly min: number; readonly max: number }[];
}

/** The measured claim: spread between activations and ReLU's place. */
export interface Verdict {
  /** Best minus worst mean test accuracy, in percentage points. */
  readonly spreadPoints: number;
  readonly best: string;
  readonly worst: string;
  /** ReLU's rank by mean test accuracy (1 = best), or null when ReLU was not run. */
  readonly reluRank: number | null;
  /** Best mean minus ReLU's, in percentage points. */
  readonly reluGapPoints: number | null;
  /** The largest seed standard deviation, in percentage points. */
  readonly largestSdPoints: number;
  readonly sentence: string;
}

export interface FashionMnistResult {
  /** The folder read. */
  readonly source: string;
  readonly trainer: string;
  readonly sizes: { readonly train: number; readonly validation: number; readonly test: number };
  readonly architecture: readonly number[];
  readonly runs: readonly FashionRun[];
  readonly summaries: readonly ActivationSummary[];
  /** Null until at least two activations have finished runs. */
  readonly verdict: Verdict | null;
}
