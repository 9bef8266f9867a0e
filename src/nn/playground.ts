/**
 * The explorer's playground as a pure, seeded trainer: a 2-D data set (TF Playground's
 * classification and regression sets, and moons), the input features the network sees
 * (x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂), an MLP with an activation *per hidden layer*, an
 * optional L1/L2 weight penalty, and one "step" = one epoch of mini-batch training, as in
 * TensorFlow Playground. The web worker drives it; tests drive it in Node with the same seed
 * and get the same numbers.
 *
 * Classification sets train a logit output with binary cross-entropy; regression sets (targets
 * in [−1, 1]) a linear output with ½·mean squared error, Playground's loss.
 *
 * Draw order (fixed, so a seed reproduces a run): the data set from `createRng(rng, dataSeed)`
 * (`dataSeed` defaults to `seed`), then the train/test split from the same generator; the
 * network's initial weights from a fresh `createRng(rng, seed + 1)` — so a race of several
 * activations starts every network from the same weights, and regenerating the data (a new
 * `dataSeed`) keeps them — and the mini-batch shuffles from `createRng(rng, seed + 2)`.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import { createRng, type Rng, type RngKind } from '../math/rng.js';
import { DATASETS, REGRESSION_DATASETS, type Dataset } from './datasets.js';
import type { Parameter } from './layers.js';
import { matrix, selectRows, type Matrix } from './matrix.js';
import { Network } from './network.js';
import { featureMatrix, normalizeFeatures, type PlaygroundFeature } from './playground-features.js';
import { addRegularizationGradient, checkRegularization, regularizationPenalty, type Regularization } from './regularization.js';
import { shuffleInPlace } from './shuffle.js';
import { createOptimizer, OPTIMIZERS, type Optimizer } from './optimizers.js';

export { FEATURE_LABELS, PLAYGROUND_FEATURES, featureMatrix, type PlaygroundFeature } from './playground-features.js';
export { REGULARIZATIONS, REGULARIZATION_RATES, type Regularization } from './regularization.js';

/** The classification sets (labels 0/1). */
export const PLAYGROUND_CLASSIFICATION = ['circle', 'xor', 'gaussian', 'spiral', 'moons'] as const;
/** The regression sets (targets in [−1, 1]): Playground's plane and multi-Gaussian. */
export const PLAYGROUND_REGRESSION = ['reg-plane', 'reg-gauss'] as const;
export const PLAYGROUND_DATASETS = [...PLAYGROUND_CLASSIFICATION, ...PLAYGROUND_REGRESSION] as const;
export type PlaygroundDataset = (typeof PLAYGROUND_DATASETS)[number];
export const PLAYGROUND_OPTIMIZERS = OPTIMIZERS;
export type PlaygroundOptimizer = (typeof PLAYGROUND_OPTIMIZERS)[number];
export type PlaygroundTask = 'classification' | 'regression';

/** Whether `dataset` is a classification or a regression set. */
export function playgroundTask(dataset: PlaygroundDataset): PlaygroundTask {
  return (PLAYGROUND_REGRESSION as readonly string[]).includes(dataset) ? 'regression' : 'classification';
}

export interface PlaygroundConfig {
  readonly dataset: PlaygroundDataset;
  /** Playground's noise fraction 0…0.5 (moons: the standard deviation). */
  readonly noise: number;
  /** Points generated, split into training and test points by {@link trainRatio}. */
  readonly samples: number;
  /** The network's inputs, a non-empty choice (fed in {@link PLAYGROUND_FEATURES} order). */
  readonly features: readonly PlaygroundFeature[];
  /** Hidden layer widths. */
  readonly hidden: readonly number[];
  /** One activation id per hidden layer. */
  readonly activations: readonly string[];
  readonly learningRate: number;
  readonly optimizer: PlaygroundOptimizer;
  readonly batchSize: number;
  /** Weight penalty: none, L1 (λ·Σ|w|) or L2 (λ·½Σw²) on the weights, never the biases (see regularization.ts). */
  readonly regularization: Regularization;
  /** λ ≥ 0; Playground offers {@link REGULARIZATION_RATES} (0 … 10). */
  readonly regularizationRate: number;
  /** Fraction of the points used for training, the rest for the test loss: 0 < r < 1 (Playground: 10 … 90 %). */
  readonly trainRatio: number;
  /** Seeds the network's weights and the batch order (and the data, unless {@link dataSeed}). */
  readonly seed: number;
  /** Seeds the data set and its split; default {@link seed}. A new one regenerates the data and keeps the weights. */
  readonly dataSeed?: number;
  readonly rng: RngKind;
}

/** TF Playground's defaults (circle, features x₁ x₂, 4-2 tanh, lr 0.03, batch 10, no penalty, 50 % training), with 400 points. */
export const PLAYGROUND_DEFAULTS: PlaygroundConfig = Object.freeze<PlaygroundConfig>({
  dataset: 'circle',
  noise: 0,
  samples: 400,
  features: ['x1', 'x2'],
  hidden: [4, 2],
  activations: ['tanh', 'tanh'],
  learningRate: 0.03,
  optimizer: 'sgd',
  batchSize: 10,
  regularization: 'none',
  regularizationRate: 0,
  trainRatio: 0.5,
  seed: 42,
  rng: 'default',
});

/** The square shown by the heatmap: [min, max] on both axes. */
export function playgroundDomain(dataset: PlaygroundDataset): readonly [number, number] {
  return dataset === 'moons' ? [-1.5, 2.5] : [-6, 6];
}

export interface PlaygroundData {
  /** Raw points (n×2: x₁, x₂) and labels or targets. */
  readonly train: Dataset;
  readonly test: Dataset;
}

/**
 * The data set and its split, from `createRng(rng, dataSeed ?? seed)`: round(samples·trainRatio)
 * training points (at least one of each part), the rest test points.
 */
export function playgroundData(config: PlaygroundConfig): PlaygroundData {
  const ratio = config.trainRatio;
  if (!(ratio > 0 && ratio < 1)) throw new InvalidParameterError('playground', 'trainRatio', ratio, 'a number between 0 and 1 (exclusive)');
  const random = createRng(config.rng, config.dataSeed ?? config.seed);
  const generate = playgroundTask(config.dataset) === 'regression' ? REGRESSION_DATASETS[config.dataset as keyof typeof REGRESSION_DATASETS] : DATASETS[config.dataset as keyof typeof DATASETS];
  if (!generate) throw new InvalidParameterError('playground', 'dataset', config.dataset, `one of: ${PLAYGROUND_DATASETS.join(', ')}`);
  const all = generate(config.samples, config.noise, random);
  const n = all.y.length;
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, random);
  const trainCount = n < 2 ? n : Math.min(n - 1, Math.max(1, Math.round(n * ratio)));
  const take = (indices: number[]): Dataset => ({ x: selectRows(all.x, indices), y: Float64Array.from(indices, (i) => all.y[i] as number) });
  return { train: take(order.slice(0, trainCount)), test: take(order.slice(trainCount)) };
}

/** The centres of a resolution × resolution grid over `domain`, row-major, row 0 at the top (largest x₂). */
export function gridPoints(domain: readonly [number, number], resolution: number): Matrix {
  const [lo, hi] = domain;
  const points = matrix(resolution * resolution, 2);
  for (let r = 0; r < resolution; r++) {
    const yv = hi - ((hi - lo) * (r + 0.5)) / resolution;
    for (let c = 0; c < resolution; c++) {
      const k = (r * resolution + c) * 2;
      points.data[k] = lo + ((hi - lo) * (c + 0.5)) / resolution;
      points.data[k + 1] = yv;
    }
  }
  return points;
}

function checkConfig(config: PlaygroundConfig): PlaygroundFeature[] {
  if (config.hidden.length !== config.activations.length) {
    throw new InvalidParameterError('playground', 'activations', config.activations.join(','), `one per hidden layer (${config.hidden.length})`);
  }
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) {
    throw new InvalidParameterError('playground', 'batchSize', config.batchSize, 'a positive integer');
  }
  checkRegularization('playground', config.regularization, config.regularizationRate);
  return normalizeFeatures(config.features);
}

/** One network being trained on the playground's data. */
export class PlaygroundTrainer {
  readonly config: PlaygroundConfig;
  readonly data: PlaygroundData;
  readonly task: PlaygroundTask;
  /** The features the network sees, in input order. */
  readonly features: readonly PlaygroundFeature[];
  /** The network's inputs: the features of the training and the test points. */
  readonly inputs: { readonly train: Matrix; readonly test: Matrix };
  readonly network: Network;
  /** Epochs done. */
  epoch = 0;
  private readonly optimizer: Optimizer;
  private readonly shuffler: Rng;
  private readonly order: number[];
  private readonly parameters: Parameter[];

  /** `data` may be shared by several trainers (a race); it is never modified. */
  constructor(config: PlaygroundConfig, data: PlaygroundData = playgroundData(config)) {
    this.features = checkConfig(config);
    this.config = config;
    this.data = data;
    this.task = playgroundTask(config.dataset);
    this.inputs = { train: featureMatrix(data.train.x, this.features), test: featureMatrix(data.test.x, this.features) };
    this.network = new Network(
      {
        inputs: this.features.length,
        layers: [...config.hidden.map((units, l) => ({ units, activation: config.activations[l] as string, init: 'he' as const })), { units: 1, init: 'xavier' as const }],
        loss: this.task === 'regression' ? { kind: 'mse', half: true } : 'bce',
      },
      createRng(config.rng, config.seed + 1),
    );
    this.parameters = this.network.parameters();
    this.optimizer = createOptimizer(config.optimizer, config.learningRate, 'playground');
    this.shuffler = createRng(config.rng, config.seed + 2);
    this.order = Array.from({ length: data.train.y.length }, (_, i) => i);
  }

  /** Trains `epochs` epochs of shuffled mini-batches; each step adds the penalty's gradient to the weights' before the optimiser's update. */
  step(epochs = 1): void {
    const x = this.inputs.train;
    const { y } = this.data.train;
    const n = y.length;
    const batch = Math.min(this.config.batchSize, n);
    const { regularization, regularizationRate } = this.config;
    for (let e = 0; e < epochs; e++) {
      shuffleInPlace(this.order, this.shuffler);
      for (let start = 0; start < n; start += batch) {
        const indices = this.order.slice(start, Math.min(n, start + batch));
        this.network.computeGradients(selectRows(x, indices), Float64Array.from(indices, (i) => y[i] as number));
        addRegularizationGradient(this.parameters, regularization, regularizationRate);
        this.optimizer.step(this.parameters);
      }
      this.epoch++;
    }
  }

  /** Mean loss (binary cross-entropy, or ½·squared error for regression) on the training and the test points, without the penalty. */
  losses(): { train: number; test: number } {
    return { train: this.network.lossOn(this.inputs.train, this.data.train.y), test: this.network.lossOn(this.inputs.test, this.data.test.y) };
  }

  /** The penalty λ·R(W) at the current weights (0 without regularisation). */
  penalty(): number {
    return regularizationPenalty(this.parameters, this.config.regularization, this.config.regularizationRate);
  }

  /** Accuracy on the training and the test points (NaN for regression). */
  accuracies(): { train: number; test: number } {
    if (this.task === 'regression') return { train: NaN, test: NaN };
    return { train: this.network.accuracy(this.inputs.train, this.data.train.y), test: this.network.accuracy(this.inputs.test, this.data.test.y) };
  }

  /** The network's inputs for the grid of {@link gridPoints} over {@link playgroundDomain}. */
  gridInputs(resolution: number): Matrix {
    return featureMatrix(gridPoints(playgroundDomain(this.config.dataset), resolution), this.features);
  }

  /**
   * The output on a resolution × resolution grid over {@link playgroundDomain}, row-major with
   * row 0 at the top (largest x₂): P(class 1) for classification, the predicted value for
   * regression. `discretize` (Playground's "discretize output") rounds it to the class, 0 or 1
   * (P ≥ ½ is 1), or to the sign of the value, −1 or 1 (0 is 1).
   */
  grid(resolution: number, discretize = false): Float32Array {
    const values = Float32Array.from((this.network.predictProbabilities(this.gridInputs(resolution)) as Matrix).data);
    if (discretize) {
      const regression = this.task === 'regression';
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        values[i] = regression ? (v >= 0 ? 1 : -1) : v >= 0.5 ? 1 : 0;
      }
    }
    return values;
  }
}
