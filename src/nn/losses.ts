/**
 * Losses, each returning the loss (averaged over the batch) and its gradient with respect to
 * the network's raw output ("logits"). Rows are samples; targets have the output's shape.
 *
 * Reduction is the mean, as PyTorch's and Keras' defaults: MSE and binary cross-entropy average
 * over every element, softmax cross-entropy over rows (it already sums over classes).
 * @module
 */
import { getActivation, getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError, ShapeError } from '../errors.js';
import { forward as kernelForward } from '../kernels/index.js';
import { matrix, type Matrix } from './matrix.js';

/** A loss value and dL/d(output). */
export interface LossResult {
  readonly loss: number;
  /** Same shape as the output. */
  readonly gradient: Matrix;
}

/** A loss as the network uses it. */
export interface Loss {
  /** Short name, e.g. `mse`. */
  readonly name: string;
  /** Mean loss over the batch and its gradient with respect to the raw output. */
  evaluate(output: Matrix, target: Matrix): LossResult;
  /**
   * The network's output as probabilities (binary: P(class 1) per sample; multiclass: a row per
   * sample), for accuracy. For MSE, the output after its `outputActivation`.
   */
  probabilities(output: Matrix): Matrix;
}

function checkShapes(output: Matrix, target: Matrix, what: string): void {
  if (output.rows !== target.rows || output.cols !== target.cols) {
    throw new ShapeError(`${what}: output is ${output.rows}×${output.cols} but target is ${target.rows}×${target.cols}`);
  }
  if (output.rows === 0) throw new ShapeError(`${what}: empty batch`);
}

/** Options of {@link mse}. */
export interface MseOptions {
  /**
   * Multiply by ½, as the chapter's `0.5 * np.mean((y_pred - y)**2)` (the ½ cancels the 2 of
   * the derivative). Default false: PyTorch's MSELoss and Keras' mean_squared_error have no ½.
   */
  readonly half?: boolean;
  /**
   * Elementwise activation applied to the output before the squared error (default `linear`):
   * `sigmoid` turns a linear last layer into the chapter's sigmoid-output XOR network, with the
   * gradient chained through σ′. (Equivalently, give the last layer `activation: 'sigmoid'`.)
   */
  readonly outputActivation?: string;
  /** Parameters of the output activation. */
  readonly outputParams?: Readonly<Record<string, number>>;
}

function outputFunction(options: MseOptions): { activation: ElementwiseActivation; params: ParamValues } | undefined {
  if (!options.outputActivation) return undefined;
  const activation = getElementwise(options.outputActivation);
  if (activation.id === 'linear') return undefined;
  return { activation, params: resolveParams(activation, options.outputParams ?? {}) };
}

/** Mean squared error (× ½ when `half`), mean over every element. */
export function mse(output: Matrix, target: Matrix, options: MseOptions = {}): LossResult {
  checkShapes(output, target, 'mse');
  const act = outputFunction(options);
  const count = output.data.length;
  const factor = options.half ? 0.5 : 1;
  const gradient = matrix(output.rows, output.cols);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const o = output.data[i] as number;
    const p = act ? act.activation.f(o, act.params) : o;
    const r = p - (target.data[i] as number);
    sum += r * r;
    const dp = (2 * factor * r) / count;
    gradient.data[i] = act ? dp * act.activation.df(o, act.params) : dp;
  }
  return { loss: (factor * sum) / count, gradient };
}

const sigmoid = getElementwise('sigmoid');

/**
 * Binary cross-entropy on logits z with targets y ∈ [0, 1], mean over elements:
 * ℓ = max(z, 0) − z·y + log1p(e^{−|z|}), which equals −y·log σ(z) − (1−y)·log(1−σ(z)) but never
 * forms log(0) or e^{+large} (finite at z = ±800); dℓ/dz = σ(z) − y.
 */
export function binaryCrossEntropyWithLogits(logits: Matrix, target: Matrix): LossResult {
  checkShapes(logits, target, 'binary cross-entropy');
  const count = logits.data.length;
  const gradient = matrix(logits.rows, logits.cols);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const z = logits.data[i] as number;
    const y = target.data[i] as number;
    sum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    gradient.data[i] = (sigmoid.f(z, {}) - y) / count;
  }
  return { loss: sum / count, gradient };
}

const logSoftmax = getActivation('log_softmax');

/** Row-wise log-softmax through the registry's (max-shifted) definition. */
export function logSoftmaxRows(logits: Matrix): Matrix {
  const out = matrix(logits.rows, logits.cols);
  if (logits.data.length) kernelForward(logSoftmax, logits.data, { out: out.data, rowLength: logits.cols });
  return out;
}

/**
 * Softmax cross-entropy on logits, mean over rows: ℓ = −Σₖ yₖ·log softmax(z)ₖ, via log-softmax
 * so no probability under- or overflows; unchanged by adding a constant to a row of logits.
 * dℓ/dzⱼ = (Σₖ yₖ)·softmax(z)ⱼ − yⱼ (= softmax − y for one-hot or probability targets).
 */
export function softmaxCrossEntropyWithLogits(logits: Matrix, target: Matrix): LossResult {
  checkShapes(logits, target, 'softmax cross-entropy');
  const { rows, cols } = logits;
  const logProbabilities = logSoftmaxRows(logits);
  const gradient = matrix(rows, cols);
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    let mass = 0;
    for (let j = 0; j < cols; j++) {
      const y = target.data[i * cols + j] as number;
      mass += y;
      // 0·log 0 counts as 0, as in the definition of cross-entropy.
      if (y !== 0) sum -= y * (logProbabilities.data[i * cols + j] as number);
    }
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      gradient.data[k] = (mass * Math.exp(logProbabilities.data[k] as number) - (target.data[k] as number)) / rows;
    }
  }
  return { loss: sum / rows, gradient };
}

/** MSE as a network loss. */
export function mseLoss(options: MseOptions = {}): Loss {
  const act = outputFunction(options);
  return {
    name: options.half ? 'mse (½)' : 'mse',
    evaluate: (output, target) => mse(output, target, options),
    probabilities: (output) => {
      if (!act) return output;
      const p = matrix(output.rows, output.cols);
      for (let i = 0; i < p.data.length; i++) p.data[i] = act.activation.f(output.data[i] as number, act.params);
      return p;
    },
  };
}

/** Binary cross-entropy from logits as a network loss; probabilities are σ(logit). */
export function binaryCrossEntropyLoss(): Loss {
  return {
    name: 'binary cross-entropy',
    evaluate: binaryCrossEntropyWithLogits,
    probabilities: (output) => {
      const p = matrix(output.rows, output.cols);
      for (let i = 0; i < p.data.length; i++) p.data[i] = sigmoid.f(output.data[i] as number, {});
      return p;
    },
  };
}

/** Softmax cross-entropy from logits as a network loss; probabilities are the softmax rows. */
export function softmaxCrossEntropyLoss(): Loss {
  return {
    name: 'softmax cross-entropy',
    evaluate: softmaxCrossEntropyWithLogits,
    probabilities: (output) => {
      const p = logSoftmaxRows(output);
      for (let i = 0; i < p.data.length; i++) p.data[i] = Math.exp(p.data[i] as number);
      return p;
    },
  };
}

/** How a network names its loss. */
export type LossSpec =
  | 'mse'
  | 'bce'
  | 'softmax_cross_entropy'
  | ({ readonly kind: 'mse' } & MseOptions)
  | { readonly kind: 'bce' }
  | { readonly kind: 'softmax_cross_entropy' }
  | Loss;

/** The {@link Loss} a spec names. */
export function createLoss(spec: LossSpec): Loss {
  if (typeof spec === 'object' && 'evaluate' in spec) return spec;
  const kind = typeof spec === 'string' ? spec : spec.kind;
  switch (kind) {
    case 'mse':
      return mseLoss(typeof spec === 'object' ? (spec as MseOptions) : {});
    case 'bce':
      return binaryCrossEntropyLoss();
    case 'softmax_cross_entropy':
      return softmaxCrossEntropyLoss();
    default:
      throw new InvalidParameterError('network', 'loss', kind, 'one of: mse, bce, softmax_cross_entropy');
  }
}

/** One-hot rows for integer class labels 0…classes−1. */
export function oneHot(labels: ArrayLike<number>, classes: number): Matrix {
  const out = matrix(labels.length, classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new InvalidParameterError('oneHot', `label ${i}`, label, `an integer in 0…${classes - 1}`);
    }
    out.data[i * classes + label] = 1;
  }
  return out;
}
