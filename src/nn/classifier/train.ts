/**
 * Training and evaluation of a {@link Classifier}: mini-batch epochs with Adam, evaluation in
 * batches, and one batch's gradients (for checks against a reference).
 * @module
 */
import { InvalidParameterError, ShapeError } from '../../errors.js';
import type { RandomSource } from '../../math/random.js';
import { shuffleInPlace } from '../shuffle.js';
import { stateFor, type Classifier, type ClassifierState } from './model.js';
import { backwardPass, forwardPass, gatherRows, newTally, softmaxCrossEntropy, type PassTally } from './passes.js';

/** Adam's settings; the defaults are Keras' and TF.js' (ε = 1e-7, not PyTorch's 1e-8). */
export interface AdamOptions {
  /** Default 0.001. */
  readonly learningRate?: number;
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Default 1e-7, added to √v (Keras' form: the bias corrections folded into the step size). */
  readonly epsilon?: number;
}

/** Options of {@link trainEpoch}. */
export interface TrainEpochOptions extends AdamOptions {
  /** Default 128; the last batch of the epoch may be smaller. */
  readonly batchSize?: number;
  /** Shuffles the sample order (Fisher–Yates, src/nn/shuffle.ts) at the start of the epoch. */
  readonly rng: RandomSource;
  /** Called after each batch with its mean loss (before the update) and accuracy; return `false` to end the epoch there. */
  readonly onBatch?: (batch: { readonly index: number; readonly batches: number; readonly loss: number; readonly accuracy: number }) => void | boolean;
}

/** Statistics of one layer over an epoch. */
export interface LayerEpochStats {
  readonly units: number;
  /**
   * Hidden layers: the fraction of units whose f′(z) was 0 on every training sample of the
   * epoch (with the weights of the moment each sample was seen) — no gradient reached their
   * weights all epoch. `undefined` for the output layer.
   */
  readonly deadFraction: number | undefined;
  /** ‖∂L/∂W‖_F of the batch's mean loss (weights only, as Network's metrics), averaged over the epoch's batches. */
  readonly gradientNorm: number;
}

/** What {@link trainEpoch} returns. */
export interface EpochStats {
  /** Mean cross-entropy over the samples seen, each measured on its batch before that batch's update (as Keras reports). */
  readonly loss: number;
  /** Fraction of the samples seen classified correctly, same convention. */
  readonly accuracy: number;
  readonly batches: number;
  readonly samples: number;
  /** Wall-clock time of the epoch. */
  readonly seconds: number;
  readonly layers: readonly LayerEpochStats[];
}

function checkData(fn: string, model: Classifier, images: Float32Array, labels: Uint8Array): number {
  if (!(images instanceof Float32Array)) throw new InvalidParameterError(fn, 'images', images, 'a Float32Array (samples × inputs, row-major)');
  if (!(labels instanceof Uint8Array)) throw new InvalidParameterError(fn, 'labels', labels, 'a Uint8Array of class indices');
  const n = labels.length;
  if (images.length !== n * model.spec.inputs) throw new ShapeError(`${fn}: images has length ${images.length}, expected ${n} labels × ${model.spec.inputs} inputs = ${n * model.spec.inputs}`);
  for (let i = 0; i < n; i++) {
    if ((labels[i] as number) >= model.spec.classes) throw new ShapeError(`${fn}: label ${labels[i]} at ${i} is not a class index below ${model.spec.classes}`);
  }
  return n;
}

function positive(fn: string, name: string, value: number, integer = false): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new InvalidParameterError(fn, name, value, integer ? 'a positive integer' : 'a finite number > 0');
  }
  return value;
}

const f = Math.fround;

/**
 * Adam on parameters [from, to) in TypeScript, Keras' update m += (g − m)(1 − β₁),
 * v += (g² − v)(1 − β₂), θ −= α·m/(√v + ε), every operation rounded to float32 — the bits of
 * the WebAssembly kernel (assembly/optim.ts), whose lanes do the same operations. Returns Σ g².
 * @internal exported for the test that compares the two.
 */
export function adamRange(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, from: number, to: number, alpha: number, c1: number, c2: number, eps: number): number {
  let squares = 0;
  for (let i = from; i < to; i++) {
    const gi = g[i] as number;
    const g2 = f(gi * gi);
    squares += g2;
    const mi = f((m[i] as number) + f(f(gi - (m[i] as number)) * c1));
    const vi = f((v[i] as number) + f(f(g2 - (v[i] as number)) * c2));
    m[i] = mi;
    v[i] = vi;
    p[i] = f((p[i] as number) - f(f(mi * alpha) / f(f(Math.sqrt(vi)) + eps)));
  }
  return squares;
}

/** One Adam step over every parameter (float32, see {@link adamRange}); adds each layer's ‖∂L/∂W‖_F to `normSums`. */
function adamStep(model: Classifier, state: ClassifierState, options: AdamOptions, normSums: Float64Array | undefined): void {
  const rate = options.learningRate ?? 0.001;
  const b1 = options.beta1 ?? 0.9;
  const b2 = options.beta2 ?? 0.999;
  const eps = f(options.epsilon ?? 1e-7);
  model.step++;
  const alpha = f((rate * Math.sqrt(1 - b2 ** model.step)) / (1 - b1 ** model.step));
  const [c1, c2] = [f(1 - b1), f(1 - b2)];
  const { parameters: p, gradients: g, moment1: m, moment2: v } = state;
  const kernels = state.gemm.kernels;
  const run = kernels
    ? (from: number, to: number) => kernels.exports.adamF32(p.byteOffset + 4 * from, g.byteOffset + 4 * from, m.byteOffset + 4 * from, v.byteOffset + 4 * from, to - from, alpha, c1, c2, eps)
    : (from: number, to: number) => adamRange(p, g, m, v, from, to, alpha, c1, c2, eps);
  for (let l = 0; l < model.layers.length; l++) {
    const { weightAt, biasAt, units } = model.layers[l] as Classifier['layers'][number];
    const squares = run(weightAt, biasAt);
    run(biasAt, biasAt + units);
    if (normSums) normSums[l] = (normSums[l] as number) + Math.sqrt(squares);
  }
}

/** The order of the epoch: 0 … n − 1 shuffled (kept per model so that no epoch allocates it anew). */
const orders = new WeakMap<Classifier, number[]>();
function epochOrder(model: Classifier, n: number, rng: RandomSource): number[] {
  let order = orders.get(model);
  if (!order || order.length !== n) {
    order = new Array<number>(n);
    orders.set(model, order);
  }
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, rng);
  return order;
}

function layerStats(model: Classifier, tally: PassTally, batches: number): LayerEpochStats[] {
  return model.layers.map((layer, l) => {
    const alive = tally.alive[l];
    let dead = 0;
    if (alive) for (let j = 0; j < alive.length; j++) dead += alive[j] === 0 ? 1 : 0;
    return { units: layer.units, deadFraction: alive ? dead / layer.units : undefined, gradientNorm: batches > 0 ? (tally.gradientNormSums[l] as number) / batches : 0 };
  });
}

/**
 * One epoch of mini-batch training: the samples shuffled with `options.rng`, then for each
 * batch a forward pass, softmax cross-entropy, a backward pass and an Adam step. Deterministic:
 * the same model, data and generator state give the same bits.
 * @param images samples × inputs, row-major (e.g. pixels / 255).
 * @param labels one class index per sample.
 * @throws {InvalidParameterError} for options out of range; {@link ShapeError} for data that does not match the model.
 */
export function trainEpoch(model: Classifier, images: Float32Array, labels: Uint8Array, options: TrainEpochOptions): EpochStats {
  const fn = 'trainEpoch';
  const n = checkData(fn, model, images, labels);
  const batchSize = positive(fn, 'batchSize', options.batchSize ?? 128, true);
  positive(fn, 'learningRate', options.learningRate ?? 0.001);
  const started = performance.now();
  const order = epochOrder(model, n, options.rng);
  const tally = newTally(model);
  const batches = Math.ceil(n / batchSize);
  let loss = 0;
  let correct = 0;
  let samples = 0;
  let done = 0;
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    const state = stateFor(model, rows);
    gatherRows(images, model.spec.inputs, order, start, rows, state.workspace.activations[0] as Float32Array);
    forwardPass(model, state, rows);
    const batch = softmaxCrossEntropy(model, state, labels, order, start, rows);
    backwardPass(model, state, rows, tally);
    adamStep(model, state, options, tally.gradientNormSums);
    loss += batch.loss;
    correct += batch.correct;
    samples += rows;
    done++;
    if (options.onBatch?.({ index: done - 1, batches, loss: batch.loss / rows, accuracy: batch.correct / rows }) === false) break;
  }
  return {
    loss: samples > 0 ? loss / samples : NaN,
    accuracy: samples > 0 ? correct / samples : NaN,
    batches: done,
    samples,
    seconds: (performance.now() - started) / 1000,
    layers: layerStats(model, tally, done),
  };
}

/** What {@link evaluate} returns. */
export interface Evaluation {
  readonly accuracy: number;
  /** Mean cross-entropy. */
  readonly loss: number;
  /** The predicted class of each sample (argmax of the logits, the first on ties). */
  readonly predictions: Uint8Array;
}

/** Accuracy, mean loss and predictions on (images, labels), in batches of up to 256 rows. */
export function evaluate(model: Classifier, images: Float32Array, labels: Uint8Array): Evaluation {
  const n = checkData('evaluate', model, images, labels);
  const predictions = new Uint8Array(n);
  const rowsPer = Math.max(256, model.state.capacity);
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < n; start += rowsPer) {
    const rows = Math.min(rowsPer, n - start);
    const state = stateFor(model, rows);
    const x = state.workspace.activations[0] as Float32Array;
    x.set(images.subarray(start * model.spec.inputs, (start + rows) * model.spec.inputs));
    forwardPass(model, state, rows);
    const batch = softmaxCrossEntropy(model, state, labels, undefined, start, rows, predictions);
    loss += batch.loss;
    correct += batch.correct;
  }
  return { accuracy: n > 0 ? correct / n : NaN, loss: n > 0 ? loss / n : NaN, predictions };
}

/**
 * The gradient of the mean cross-entropy over all of (images, labels) as one batch, in order,
 * without updating anything: the loss and a copy of ∂L/∂W (units × inputs) and ∂L/∂b per layer.
 */
export function batchGradients(model: Classifier, images: Float32Array, labels: Uint8Array): { loss: number; layers: { weight: Float32Array; bias: Float32Array }[] } {
  const n = checkData('batchGradients', model, images, labels);
  const state = stateFor(model, n);
  (state.workspace.activations[0] as Float32Array).set(images);
  forwardPass(model, state, n);
  const { loss } = softmaxCrossEntropy(model, state, labels, undefined, 0, n);
  backwardPass(model, state, n, undefined);
  return {
    loss: loss / n,
    layers: model.layers.map((layer) => ({
      weight: state.gradients.slice(layer.weightAt, layer.biasAt),
      bias: state.gradients.slice(layer.biasAt, layer.biasAt + layer.units),
    })),
  };
}
