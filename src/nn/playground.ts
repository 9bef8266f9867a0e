/**
 * The explorer's playground as a pure, seeded trainer: a 2-D data set (TF Playground's sets and
 * moons), an MLP with an activation *per hidden layer*, and one "step" = one epoch of
 * mini-batch training, as in TensorFlow Playground. The web worker drives it; tests drive it in
 * Node with the same seed and get the same numbers.
 *
 * Draw order (fixed, so a seed reproduces a run): the data set from `createRng(rng, seed)`,
 * then the train/test split from the same generator; the network's initial weights from a
 * fresh `createRng(rng, seed + 1)` — so a race of several activations starts every network from
 * the same weights — and the mini-batch shuffles from `createRng(rng, seed + 2)`.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import { createRng, type Rng, type RngKind } from '../math/rng.js';
import { DATASETS, type Dataset } from './datasets.js';
import { matrix, selectRows, type Matrix } from './matrix.js';
import { Network } from './network.js';
import { shuffleInPlace } from './shuffle.js';
import { createOptimizer, OPTIMIZERS, type Optimizer } from './optimizers.js';

export const PLAYGROUND_DATASETS = ['circle', 'xor', 'gaussian', 'spiral', 'moons'] as const;
export type PlaygroundDataset = (typeof PLAYGROUND_DATASETS)[number];
export const PLAYGROUND_OPTIMIZERS = OPTIMIZERS;
export type PlaygroundOptimizer = (typeof PLAYGROUND_OPTIMIZERS)[number];

export interface PlaygroundConfig {
  readonly dataset: PlaygroundDataset;
  /** Playground's noise fraction 0…0.5 (moons: the standard deviation). */
  readonly noise: number;
  /** Points generated; half train, half test. */
  readonly samples: number;
  /** Hidden layer widths. */
  readonly hidden: readonly number[];
  /** One activation id per hidden layer. */
  readonly activations: readonly string[];
  readonly learningRate: number;
  readonly optimizer: PlaygroundOptimizer;
  readonly batchSize: number;
  readonly seed: number;
  readonly rng: RngKind;
}

/** TF Playground's defaults (circle, 4-2 tanh, lr 0.03, batch 10), with 400 points. */
export const PLAYGROUND_DEFAULTS: PlaygroundConfig = Object.freeze({
  dataset: 'circle',
  noise: 0,
  samples: 400,
  hidden: [4, 2],
  activations: ['tanh', 'tanh'],
  learningRate: 0.03,
  optimizer: 'sgd',
  batchSize: 10,
  seed: 42,
  rng: 'default',
});

/** The square shown by the heatmap: [min, max] on both axes. */
export function playgroundDomain(dataset: PlaygroundDataset): readonly [number, number] {
  return dataset === 'moons' ? [-1.5, 2.5] : [-6, 6];
}

export interface PlaygroundData {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** The data set and its split, from `createRng(rng, seed)`. */
export function playgroundData(config: PlaygroundConfig): PlaygroundData {
  const random = createRng(config.rng, config.seed);
  const all = DATASETS[config.dataset](config.samples, config.noise, random);
  const n = all.y.length;
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, random);
  const half = Math.ceil(n / 2);
  const take = (indices: number[]): Dataset => ({ x: selectRows(all.x, indices), y: Float64Array.from(indices, (i) => all.y[i] as number) });
  return { train: take(order.slice(0, half)), test: take(order.slice(half)) };
}

/** One network being trained on the playground's data. */
export class PlaygroundTrainer {
  readonly config: PlaygroundConfig;
  readonly data: PlaygroundData;
  readonly network: Network;
  /** Epochs done. */
  epoch = 0;
  private readonly optimizer: Optimizer;
  private readonly shuffler: Rng;
  private readonly order: number[];

  /** `data` may be shared by several trainers (a race); it is never modified. */
  constructor(config: PlaygroundConfig, data: PlaygroundData = playgroundData(config)) {
    if (config.hidden.length !== config.activations.length) {
      throw new InvalidParameterError('playground', 'activations', config.activations.join(','), `one per hidden layer (${config.hidden.length})`);
    }
    if (!Number.isInteger(config.batchSize) || config.batchSize < 1) {
      throw new InvalidParameterError('playground', 'batchSize', config.batchSize, 'a positive integer');
    }
    this.config = config;
    this.data = data;
    this.network = new Network(
      {
        inputs: 2,
        layers: [...config.hidden.map((units, l) => ({ units, activation: config.activations[l] as string, init: 'he' as const })), { units: 1, init: 'xavier' as const }],
        loss: 'bce',
      },
      createRng(config.rng, config.seed + 1),
    );
    this.optimizer = createOptimizer(config.optimizer, config.learningRate, 'playground');
    this.shuffler = createRng(config.rng, config.seed + 2);
    this.order = Array.from({ length: data.train.y.length }, (_, i) => i);
  }

  /** Trains `epochs` epochs of shuffled mini-batches. */
  step(epochs = 1): void {
    const { x, y } = this.data.train;
    const n = y.length;
    const batch = Math.min(this.config.batchSize, n);
    for (let e = 0; e < epochs; e++) {
      shuffleInPlace(this.order, this.shuffler);
      for (let start = 0; start < n; start += batch) {
        const indices = this.order.slice(start, Math.min(n, start + batch));
        this.network.trainStep(selectRows(x, indices), Float64Array.from(indices, (i) => y[i] as number), this.optimizer);
      }
      this.epoch++;
    }
  }

  /** Mean binary cross-entropy on the training and the test half. */
  losses(): { train: number; test: number } {
    return { train: this.network.lossOn(this.data.train.x, this.data.train.y), test: this.network.lossOn(this.data.test.x, this.data.test.y) };
  }

  /** Accuracy on the training and the test half. */
  accuracies(): { train: number; test: number } {
    return { train: this.network.accuracy(this.data.train.x, this.data.train.y), test: this.network.accuracy(this.data.test.x, this.data.test.y) };
  }

  /**
   * P(class 1) on a resolution × resolution grid over {@link playgroundDomain}, row-major with
   * row 0 at the top (largest y), for a heatmap.
   */
  grid(resolution: number): Float32Array {
    const [lo, hi] = playgroundDomain(this.config.dataset);
    const points = matrix(resolution * resolution, 2);
    for (let r = 0; r < resolution; r++) {
      const yv = hi - ((hi - lo) * (r + 0.5)) / resolution;
      for (let c = 0; c < resolution; c++) {
        const k = (r * resolution + c) * 2;
        points.data[k] = lo + ((hi - lo) * (c + 0.5)) / resolution;
        points.data[k + 1] = yv;
      }
    }
    return Float32Array.from((this.network.predictProbabilities(points) as Matrix).data);
  }
}
