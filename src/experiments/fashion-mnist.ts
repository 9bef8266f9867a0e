/**
 * Real data: the chapter's closing claim — "activation function choice rarely makes more than a
 * few percentage points difference in final accuracy … ReLU is the safe default" — tested on
 * Fashion-MNIST with error bars. An MLP (default 784-256-128-10; hidden layers initialised as
 * the advisor chooses for the activation, the logit layer Xavier) is trained with Adam in
 * mini-batches on images scaled to [0, 1], once per activation and seed. The last `validation`
 * training images are held out for early stopping; the test set is evaluated once per run,
 * with the best-validation weights. Reported per activation: test accuracy mean ± sd over seeds,
 * the epoch reaching 85 % validation accuracy, time per epoch, dead-unit fraction and gradient
 * norm per layer, a verdict on the claim from the measured spread, and the published
 * scikit-learn MLP numbers as a reference.
 *
 * The parts live in fashion-mnist/: types, the trainer interface and its nn-engine
 * implementation (trainer.ts), one run (training.ts), summaries and verdict (summary.ts), the
 * printout (report.ts) and the data loader hook (data.ts).
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import type { Rng } from '../math/rng.js';
import { loadImageDataset, sliceImages } from './fashion-mnist/data.js';
import { fashionMnistReport } from './fashion-mnist/report.js';
import { summarise, verdictOf } from './fashion-mnist/summary.js';
import { getElementwise } from '../activations/index.js';
import type { ClassifierTrainer } from './fashion-mnist/trainer.js';
import { trainRun, type Splits } from './fashion-mnist/training.js';
import { CHAPTER_ACTIVATIONS, SCHEDULES, type FashionMnistConfig, type FashionMnistResult, type FashionRun } from './fashion-mnist/types.js';
import { activationNanoseconds, checkElementwiseList, seconds } from './settings.js';
import type { Experiment, Progress } from './types.js';
import { FLOAT32_TRAINER } from './fashion-mnist/fast-trainer.js';
import { hiddenInitialiser } from '../nn/classifier/init.js';

export * from './fashion-mnist/types.js';
export * from './fashion-mnist/trainer.js';
export { FLOAT32_TRAINER } from './fashion-mnist/fast-trainer.js';
export { setImageDatasetLoader, loadImageDataset, type ImageDatasetLoader } from './fashion-mnist/data.js';
export { REFERENCE_ACCURACY, FEW_POINTS, SAFE_GAP_POINTS, summarise, verdictOf } from './fashion-mnist/summary.js';
export { againstReference } from './fashion-mnist/report.js';
export { TARGET_ACCURACY, learningRateAt, trainRun, type Splits } from './fashion-mnist/training.js';

/**
 * The trainer runs use: actlab's float32 classifier on the WebAssembly kernels (~2.6 s of CPU
 * per 60,000-image epoch here); {@link engineTrainer} (the float64 nn engine, ~4× slower) is the
 * reference it is tested against.
 */
export const DEFAULT_TRAINER: ClassifierTrainer = FLOAT32_TRAINER;

/** Nanoseconds per float32 multiply-add of the classifier's products (WebAssembly SIMD), with room. */
const NS_PER_F32_FMA = 0.06;
/** Nanoseconds per element of a registered activation's float32 f and f′ kernels, with their passes. */
const NS_PER_F32_ACTIVATION = 5;

/** Quick mode's sizes. */
export const QUICK_SIZES = { train: 5000, validation: 1000, test: 1000, epochs: 3 } as const;

/** Full Fashion-MNIST's sizes: the settings' limits and the cost estimate before the files are read. */
const FULL = { train: 60000, test: 10000, pixels: 784, classes: 10 } as const;

/** The sizes a run uses: the settings', capped at quick mode's in quick mode. */
function sizesOf(config: FashionMnistConfig) {
  const cap = config.quick ? QUICK_SIZES : { train: Infinity, validation: Infinity, test: Infinity, epochs: Infinity };
  return {
    train: Math.min(config.trainSamples, cap.train),
    validation: Math.min(config.validation, cap.validation),
    test: Math.min(config.testSamples, cap.test),
    epochs: Math.min(config.epochs, cap.epochs),
  };
}

/** Reading and inflating the four files and scaling 55 million pixels: about 2 s, once per process. */
const LOAD_SECONDS = 3;

/**
 * Reads the data set and cuts the run's splits; `epochs` is the run's (quick mode caps it).
 * @throws {DatasetMissingError} naming the apt package when the data is not there
 */
export function fashionMnistSplits(config: FashionMnistConfig): { splits: Splits; source: string; epochs: number } {
  const data = loadImageDataset(config.data);
  const sizes = sizesOf(config);
  if (sizes.train < 1 || sizes.train + sizes.validation > data.train.count) {
    throw new InvalidParameterError('fashion-mnist', 'trainSamples', sizes.train, `at most ${data.train.count - sizes.validation} (${data.train.count} training images, ${sizes.validation} held out for validation)`);
  }
  if (sizes.test > data.test.count) throw new InvalidParameterError('fashion-mnist', 'testSamples', sizes.test, `at most ${data.test.count}`);
  const count = data.train.count;
  const splits: Splits = {
    train: sliceImages(data.train, 0, sizes.train),
    validation: sliceImages(data.train, count - sizes.validation, count),
    test: sliceImages(data.test, 0, sizes.test),
    classes: data.classes,
  };
  return { splits, source: data.source, epochs: sizes.epochs };
}

/** The result from the runs so far (finished, and those in progress), in the order of {@link fashionMnistJobs}. */
export function fashionMnistResultOf(config: FashionMnistConfig, splits: Splits, source: string, trainer: string, runs: readonly FashionRun[]): FashionMnistResult {
  const summaries = config.activations.map((id) => summarise(id, runs.filter((r) => r.activation === id)));
  return {
    source,
    trainer,
    sizes: { train: splits.train.count, validation: splits.validation.count, test: splits.test.count },
    architecture: [splits.train.rows * splits.train.cols, ...config.hidden, splits.classes],
    runs,
    summaries,
    verdict: verdictOf(summaries),
  };
}

/**
 * The runs of a configuration, in the order they run and are listed: seed-major, so that every
 * activation's first seed comes first and partial results compare them early.
 */
export function fashionMnistJobs(config: FashionMnistConfig): { activation: string; seed: number }[] {
  return config.seeds.flatMap((seed) => config.activations.map((activation) => ({ activation, seed })));
}

/** Runs the experiment with a given trainer (the experiment's `run` uses {@link DEFAULT_TRAINER}). */
export function runFashionMnist(config: FashionMnistConfig, trainer: ClassifierTrainer, progress?: Progress<FashionMnistResult>): FashionMnistResult {
  const { splits, source, epochs } = fashionMnistSplits(config);
  const effective = { ...config, epochs };
  const runs: FashionRun[] = [];
  const jobs = fashionMnistJobs(config);
  const total = jobs.length;
  for (const { activation, seed } of jobs) {
    const label = `${activation} seed ${seed}`;
    const run = trainRun(trainer, effective, splits, activation, seed, (partial) => {
      progress?.((runs.length + partial.epochs.length / epochs) / total, `${label} epoch ${partial.epochs.length}`, fashionMnistResultOf(config, splits, source, trainer.name, [...runs, partial]));
    });
    runs.push(run);
    progress?.(runs.length / total, label, fashionMnistResultOf(config, splits, source, trainer.name, runs));
  }
  return fashionMnistResultOf(config, splits, source, trainer.name, runs);
}

export const fashionMnist: Experiment<FashionMnistConfig, FashionMnistResult> = {
  id: 'fashion-mnist',
  title: 'Real data: does the activation matter on Fashion-MNIST?',
  description:
    'Tests the chapter\'s closing claim — "activation function choice rarely makes more than a few percentage points difference in final accuracy … ReLU is the safe default" — on Fashion-MNIST (Zalando, MIT licence; apt-get install -y dataset-fashion-mnist). ' +
    'An MLP 784-256-128-10 (hidden layers initialised as the advisor chooses: He, LeCun for SELU, Xavier for tanh and sigmoid; logits Xavier) is trained with Adam (batch 128, learning rate 1e-3 cosine-annealed over the epochs) on pixels scaled to [0, 1], once per activation and seed; seeds draw the initial weights and the batch order. ' +
    'The last 10,000 training images are held out for early stopping (patience epochs without a better validation accuracy); the test set is touched once per run, with the best-validation weights. ' +
    'Per activation: test accuracy mean ± sd over seeds, the epoch reaching 85 % validation accuracy, training time per epoch, dead units and gradient norm per layer, and a verdict from the spread between the best and worst means and ReLU\'s rank. Training runs on actlab’s float32 classifier (WebAssembly SIMD products, ~2 s per epoch); the CLI runs the (activation, seed) runs side by side on worker threads. quick=true caps the run at 5,000 training images and 3 epochs (validation and test 1,000 each), as the tests run it.',
  defaults: {
    activations: [...CHAPTER_ACTIVATIONS],
    seeds: [0, 1, 2],
    hidden: [256, 128],
    epochs: 15,
    patience: 4,
    batchSize: 128,
    learningRate: 1e-3,
    schedule: 'cosine',
    trainSamples: 50000,
    validation: 10000,
    testSamples: 10000,
    quick: false,
    timing: true,
    data: '',
  },
  settings: {
    activations: { type: 'list', maxItems: 16, entries: 'elementwise activation ids or formulas in z', check: checkElementwiseList, description: 'hidden activations, one set of runs each' },
    seeds: { type: 'numbers', integer: true, min: 0, max: 4294967295, maxItems: 100, description: 'seeds (initial weights and batch order), e.g. 0-2' },
    hidden: { type: 'numbers', integer: true, min: 1, max: 4096, maxItems: 8, repeats: true, description: 'hidden layer widths' },
    epochs: { type: 'integer', min: 1, max: 1000, description: 'most epochs per run (early stopping may end it sooner)' },
    patience: { type: 'integer', min: 1, max: 1000, description: 'epochs without a better validation accuracy before stopping' },
    batchSize: { type: 'integer', min: 1, max: 60000, description: 'mini-batch size' },
    learningRate: { type: 'number', min: 0, exclusiveMin: true, max: 10, description: "Adam's learning rate at the first epoch" },
    schedule: { type: 'string', choices: SCHEDULES, description: 'learning rate over the epochs: cosine (annealed to 0 at the last epoch, SGDR without restarts) or constant' },
    trainSamples: { type: 'integer', min: 1, max: FULL.train - 1, description: 'first training images trained on (with validation at most 60,000 in all)' },
    validation: { type: 'integer', min: 1, max: FULL.train - 1, description: 'last training images held out for early stopping' },
    testSamples: { type: 'integer', min: 1, max: FULL.test, description: 'first test images evaluated' },
    quick: {
      type: 'boolean',
      description: 'caps the sizes at 5,000 training, 1,000 validation and 1,000 test images and 3 epochs (what the tests run; the default is the full data set)',
    },
    timing: { type: 'boolean', description: 'record time per epoch (false: 0, for results that repeat to the bit)' },
    data: { type: 'string', entries: 'a folder of IDX files (train-images-idx3-ubyte.gz, …)', description: 'data folder (default $ACTLAB_FASHION_MNIST or /usr/share/datasets/fashion-mnist)' },
  },
  validate(config) {
    if (!config.quick && config.trainSamples + config.validation > FULL.train) {
      throw new InvalidParameterError('fashion-mnist', 'trainSamples', config.trainSamples, `at most ${FULL.train - config.validation} (${FULL.train} training images, validation=${config.validation} held out)`);
    }
    // Every activation must have an initialiser before any data is read or any run trains.
    for (const activation of config.activations) hiddenInitialiser(activation);
  },
  cost(config) {
    const sizes = sizesOf(config);
    const widths = [FULL.pixels, ...config.hidden, FULL.classes];
    let weights = 0;
    for (let l = 1; l < widths.length; l++) weights += (widths[l - 1] as number) * (widths[l] as number);
    const units = config.hidden.reduce((a, b) => a + b, 0);
    const runs = config.seeds.length;
    // Per epoch: forward and two backward products on the training images, one forward on the
    // validation images, in float32 WebAssembly SIMD (measured 0.049 ns per multiply-add here:
    // 1.84 s per full epoch on each of two threads; 0.06 leaves a little room), and Adam's update (SIMD,
    // ~1 ns per weight per batch with its bookkeeping).
    const perActivationEpoch = (3 * sizes.train + sizes.validation) * weights * NS_PER_F32_FMA + weights * Math.ceil(sizes.train / config.batchSize);
    // f and f′ per unit and image: the float32 kernels (~5 ns with their passes); a formula runs on
    // the TypeScript path, its cost growing with its tree
    const perElement = config.activations.reduce((sum, id) => sum + (getElementwise(id).family === 'formula' ? activationNanoseconds(id) : NS_PER_F32_ACTIVATION), 0);
    const ns = runs * sizes.epochs * (config.activations.length * perActivationEpoch + 3 * (sizes.train + sizes.validation) * units * perElement);
    // The data set in float32 (and its bytes while reading), the network and Adam's moments, batch activations.
    const bytes = 4 * (FULL.train + FULL.test) * FULL.pixels * 2 + 8 * 6 * weights + 8 * 8 * 1000 * Math.max(...widths);
    return {
      bytes,
      largestArray: 4 * FULL.train * FULL.pixels,
      seconds: LOAD_SECONDS + seconds(ns),
      drivers: 'activations × seeds × epochs × training images (quick=true caps the images and epochs)',
      parallelJobs: runs * config.activations.length,
    };
  },
  run(config, _rng: Rng, progress?: Progress<FashionMnistResult>) {
    return runFashionMnist(config, DEFAULT_TRAINER, progress);
  },
  report: fashionMnistReport,
};
