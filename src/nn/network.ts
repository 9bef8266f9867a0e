/**
 * A multilayer perceptron: a stack of {@link Dense} layers and a loss, trained by any optimiser.
 *
 * ```ts
 * import { Network, sgd, xorPoints } from 'actlab/nn';
 * import { createRng } from 'actlab/random';
 *
 * const random = createRng('default', 1);
 * const { x, y } = xorPoints();
 * const net = new Network({
 *   inputs: 2,
 *   layers: [
 *     { units: 4, activation: 'sigmoid', init: { scheme: 'scaled-normal', scale: 0.5 } },
 *     { units: 1, activation: 'sigmoid', init: { scheme: 'scaled-normal', scale: 0.5 } },
 *   ],
 *   loss: { kind: 'mse', half: true },
 *   gradient: 'sum',
 * }, random);
 * const history = net.fit({ x, y, epochs: 5000, optimizer: sgd({ learningRate: 0.5 }), random });
 * history.at(-1)!.accuracy;   // 1
 * history.at(-1)!.loss;       // 0.000292  (½·squared error, mean over the four points)
 * ```
 * @module
 */
import { InvalidParameterError, ShapeError } from '../errors.js';
import type { RandomSource } from '../math/random.js';
import type { InitSpec } from './init.js';
import { Dense, type Parameter } from './layers.js';
import { createLoss, oneHot, type Loss, type LossSpec } from './losses.js';
import { frobeniusNorm, matrix, selectRows, type Matrix } from './matrix.js';
import { shuffleInPlace } from './shuffle.js';
import type { Optimizer } from './optimizers.js';

/**
 * How gradients are reduced over a batch. `mean`: the gradient of the mean loss (PyTorch's
 * default). `sum`: batch size × that, i.e. the gradient of the per-sample losses summed — what
 * the chapter's XOR code computes (`dW2 = dz2.T @ a1` with no 1/N while it reports the mean
 * loss), which acts like an N-times larger learning rate.
 */
export type GradientMode = 'mean' | 'sum';

/** One layer of a {@link NetworkSpec}. */
export interface LayerSpec {
  readonly units: number;
  /** Registry id or alias; default `linear`. */
  readonly activation?: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly init?: InitSpec;
}

/** A network's architecture, loss and gradient reduction. */
export interface NetworkSpec {
  readonly inputs: number;
  readonly layers: readonly LayerSpec[];
  readonly loss: LossSpec;
  /** Default `mean`. */
  readonly gradient?: GradientMode;
}

/**
 * Targets: a matrix with one row per sample and one column per output; or a vector with one
 * value per sample — the target itself for a one-output network, a class index 0…K−1 for a
 * network with K > 1 outputs (one-hot encoded).
 */
export type Targets = Matrix | Float64Array | readonly number[];

/** What {@link Network.fit} reports after each epoch. */
export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number;
  /** Mean loss on the whole training set with the end-of-epoch parameters. */
  readonly loss: number;
  /** Fraction classified correctly: one output, P(class 1) > 0.5 vs target > 0.5; K outputs, argmax vs argmax. */
  readonly accuracy: number;
  /** ‖dL/dW‖_F per layer on the whole training set (in the network's gradient mode). */
  readonly gradientNorms: readonly number[];
  /** Per layer, the fraction of units dead on the whole training set ({@link Dense.deadUnits}). */
  readonly deadFractions: readonly number[];
}

/** Options of {@link Network.fit}. */
export interface FitOptions {
  readonly x: Matrix;
  readonly y: Targets;
  readonly epochs: number;
  /** Default: the whole set (full-batch gradient descent, as the chapter). */
  readonly batchSize?: number;
  readonly optimizer: Optimizer;
  /** Shuffles the sample order each epoch. */
  readonly random: RandomSource;
  /** Default true; false keeps the data order (batches then never change). */
  readonly shuffle?: boolean;
  /** Called after each epoch; return `false` to stop training. */
  readonly onEpoch?: (metrics: EpochMetrics) => void | boolean;
}

/** A multilayer perceptron. */
export class Network {
  readonly inputs: number;
  readonly layers: readonly Dense[];
  readonly loss: Loss;
  readonly gradientMode: GradientMode;

  /** Builds the layers in order, drawing their initial weights from `random` (layer 0 first). */
  constructor(spec: NetworkSpec, random: RandomSource) {
    if (spec.layers.length === 0) throw new InvalidParameterError('network', 'layers', '[]', 'at least one layer');
    this.inputs = spec.inputs;
    const layers: Dense[] = [];
    let width = spec.inputs;
    for (const layer of spec.layers) {
      layers.push(
        new Dense({
          inputs: width,
          units: layer.units,
          random,
          ...(layer.activation !== undefined ? { activation: layer.activation } : {}),
          ...(layer.params ? { params: layer.params } : {}),
          ...(layer.init !== undefined ? { init: layer.init } : {}),
        }),
      );
      width = layer.units;
    }
    this.layers = layers;
    this.loss = createLoss(spec.loss);
    this.gradientMode = spec.gradient ?? 'mean';
    if (this.gradientMode !== 'mean' && this.gradientMode !== 'sum') {
      throw new InvalidParameterError('network', 'gradient', this.gradientMode, "'mean' or 'sum'");
    }
  }

  /** Number of outputs (units of the last layer). */
  get outputs(): number {
    return (this.layers[this.layers.length - 1] as Dense).units;
  }

  /** The raw output (logits for the cross-entropy losses). Caches what backward needs. */
  forward(x: Matrix): Matrix {
    let a = x;
    for (const layer of this.layers) a = layer.forward(a);
    return a;
  }

  /** Back-propagates dL/d(output) of the last forward pass; fills every gradient; returns dL/dx. */
  backward(gradOutput: Matrix): Matrix {
    let g = gradOutput;
    for (let l = this.layers.length - 1; l >= 0; l--) g = (this.layers[l] as Dense).backward(g);
    return g;
  }

  /** Targets as a matrix matching this network's output. */
  targetMatrix(y: Targets, rows: number): Matrix {
    if ('data' in y && 'rows' in y) {
      if (y.rows !== rows || y.cols !== this.outputs) throw new ShapeError(`targets are ${y.rows}×${y.cols}, expected ${rows}×${this.outputs}`);
      return y;
    }
    if (y.length !== rows) throw new ShapeError(`${y.length} targets for ${rows} samples`);
    return this.outputs === 1 ? matrix(rows, 1, Float64Array.from(y)) : oneHot(y, this.outputs);
  }

  /** The mean loss on (x, y). */
  lossOn(x: Matrix, y: Targets): number {
    return this.loss.evaluate(this.forward(x), this.targetMatrix(y, x.rows)).loss;
  }

  /**
   * The objective whose gradient {@link computeGradients} computes: the mean loss, times the
   * batch size in `sum` mode.
   */
  objective(x: Matrix, y: Targets): number {
    return this.lossOn(x, y) * (this.gradientMode === 'sum' ? x.rows : 1);
  }

  /** Forward and backward on a batch: fills every parameter's gradient, returns the mean loss. */
  computeGradients(x: Matrix, y: Targets): number {
    return this.backwardFrom(this.forward(x), this.targetMatrix(y, x.rows));
  }

  /** Loss of an output of the last forward pass, and the backward pass from it. */
  private backwardFrom(output: Matrix, target: Matrix): number {
    const { loss, gradient } = this.loss.evaluate(output, target);
    if (this.gradientMode === 'sum') {
      for (let i = 0; i < gradient.data.length; i++) gradient.data[i] = (gradient.data[i] as number) * output.rows;
    }
    this.backward(gradient);
    return loss;
  }

  /** One optimisation step on a batch; returns the batch's mean loss before the update. */
  trainStep(batchX: Matrix, batchY: Targets, optimizer: Optimizer): number {
    const loss = this.computeGradients(batchX, batchY);
    optimizer.step(this.parameters());
    return loss;
  }

  /** Every trainable parameter, named `layer{l}.weight`, `layer{l}.bias`, `layer{l}.slope`. */
  parameters(): Parameter[] {
    return this.layers.flatMap((layer, l) => layer.parameters(`layer${l}`));
  }

  /** Output probabilities (see {@link Loss.probabilities}). */
  predictProbabilities(x: Matrix): Matrix {
    return this.loss.probabilities(this.forward(x));
  }

  /** Classification accuracy on (x, y); see {@link EpochMetrics.accuracy}. */
  accuracy(x: Matrix, y: Targets): number {
    return accuracyOf(this.predictProbabilities(x), this.targetMatrix(y, x.rows));
  }

  /**
   * Loss, accuracy, per-layer gradient norms and dead-unit fractions on (x, y) at the current
   * parameters. Overwrites the gradients (one full forward and backward pass).
   */
  metrics(x: Matrix, y: Targets, epoch = 0): EpochMetrics {
    const target = this.targetMatrix(y, x.rows);
    const output = this.forward(x);
    const loss = this.backwardFrom(output, target);
    const deadFractions = this.layers.map((layer) => {
      const dead = layer.deadUnits();
      return dead.filter(Boolean).length / dead.length;
    });
    const gradientNorms = this.layers.map((layer) => frobeniusNorm(layer.weightGradient));
    const accuracy = accuracyOf(this.loss.probabilities(output), target);
    return { epoch, loss, accuracy, gradientNorms, deadFractions };
  }

  /**
   * Trains for `epochs` passes over (x, y) in mini-batches (the last one may be smaller) and
   * returns the metrics of every epoch. Metrics are measured after the epoch's updates, on the
   * whole training set (one extra forward/backward pass), so every number in a row describes the
   * same parameters.
   */
  fit(options: FitOptions): EpochMetrics[] {
    const { x, epochs, optimizer, random } = options;
    const n = x.rows;
    const target = this.targetMatrix(options.y, n);
    const batchSize = options.batchSize ?? n;
    if (!Number.isInteger(epochs) || epochs < 0) throw new InvalidParameterError('fit', 'epochs', epochs, 'a non-negative integer');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidParameterError('fit', 'batchSize', batchSize, 'a positive integer');
    const shuffle = options.shuffle ?? true;
    const order = Array.from({ length: n }, (_, i) => i);
    const history: EpochMetrics[] = [];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (shuffle) shuffleInPlace(order, random);
      for (let start = 0; start < n; start += batchSize) {
        const indices = order.slice(start, Math.min(n, start + batchSize));
        // A full-batch, unshuffled epoch needs no copy of the data.
        const whole = indices.length === n && !shuffle;
        this.trainStep(whole ? x : selectRows(x, indices), whole ? target : selectRows(target, indices), optimizer);
      }
      const metrics = this.metrics(x, target, epoch);
      history.push(metrics);
      if (options.onEpoch?.(metrics) === false) break;
    }
    return history;
  }
}

/** See {@link EpochMetrics.accuracy}. */
export function accuracyOf(probabilities: Matrix, target: Matrix): number {
  const { rows, cols } = probabilities;
  if (rows === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    if (cols === 1) {
      // Strictly greater, as Keras' binary_accuracy and scikit-learn's predict (decision > 0).
      if ((probabilities.data[i] as number) > 0.5 === (target.data[i] as number) > 0.5) correct++;
    } else if (argmax(probabilities.data, i * cols, cols) === argmax(target.data, i * cols, cols)) {
      correct++;
    }
  }
  return correct / rows;
}

function argmax(values: Float64Array, offset: number, length: number): number {
  let best = 0;
  for (let j = 1; j < length; j++) if ((values[offset + j] as number) > (values[offset + best] as number)) best = j;
  return best;
}
