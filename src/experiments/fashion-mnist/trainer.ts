/**
 * The classifier trainer the fashion-mnist experiment trains with, as an interface, and a
 * simple implementation on actlab's nn engine ({@link Network}, float64, Adam).
 *
 * The experiment only calls {@link ClassifierTrainer}: `create(spec, seed)` builds a model
 * (its initial weights and its shuffling drawn from `seed` alone, so every (activation, seed)
 * job is independent and may run anywhere), `trainEpoch` runs one shuffled pass of mini-batches
 * and reports what happened during it, `evaluate` measures without training, and
 * `snapshot`/`restore` keep the best-validation weights for the one test evaluation. A faster
 * trainer (float32, WebAssembly products) plugs in by exporting the same interface and changing
 * the one import in ../fashion-mnist.ts (`DEFAULT_TRAINER`).
 * @module
 */
import { createRng, type Rng } from '../../math/rng.js';
import { matrix, frobeniusNorm, type Matrix } from '../../nn/matrix.js';
import { Network, type LayerSpec } from '../../nn/network.js';
import { adam, type Optimizer } from '../../nn/optimizers.js';
import { logSoftmaxRows } from '../../nn/losses.js';
import { shuffleInPlace } from '../../nn/shuffle.js';
import { hiddenInitialiser } from '../../nn/classifier/init.js';

/** The model to build: an MLP inputs → hidden… → classes, softmax cross-entropy on the logits. */
export interface TrainerSpec {
  readonly inputs: number;
  readonly hidden: readonly number[];
  readonly classes: number;
  /** The hidden layers' activation: a registry id or a formula in z. */
  readonly activation: string;
  /** Adam's initial learning rate (β₁ 0.9, β₂ 0.999, ε 1e−8, as PyTorch and Keras); each epoch passes its own. */
  readonly learningRate: number;
}

/** Images (n × inputs, row-major, in [0, 1]) and their class indices. */
export interface Batch {
  readonly images: Float32Array;
  readonly labels: Uint8Array;
}

/** What happened during one epoch of training. */
export interface TrainerEpochStats {
  /** Mean cross-entropy of the epoch's mini-batches (each before its update, as Keras reports). */
  readonly loss: number;
  /** Fraction of the epoch's samples classified correctly (before each batch's update). */
  readonly accuracy: number;
  /** Per hidden layer: fraction of units with f′(z) = 0 on every sample of the epoch. */
  readonly deadFractions: readonly number[];
  /** Per layer (hidden layers, then the output layer): mean over the epoch's batches of ‖∂L/∂W‖_F. */
  readonly gradientNorms: readonly number[];
}

/** A measurement without training. */
export interface TrainerEvaluation {
  readonly accuracy: number;
  /** Mean cross-entropy. */
  readonly loss: number;
  /** The predicted class of each sample. */
  readonly predictions: Uint8Array;
}

/** A model being trained. */
export interface ClassifierModel {
  /**
   * One pass over the samples in shuffled mini-batches of `batchSize` (the last may be smaller),
   * at the epoch's `learningRate` (the schedule's; the optimiser's state carries over).
   */
  trainEpoch(data: Batch, options: { readonly batchSize: number; readonly learningRate: number }): TrainerEpochStats;
  evaluate(data: Batch): TrainerEvaluation;
  /** A copy of the parameters (opaque). */
  snapshot(): unknown;
  /** Sets the parameters to a {@link snapshot} of this model. */
  restore(snapshot: unknown): void;
  /** Frees what the model holds outside the garbage collector (the float32 trainer's WebAssembly buffers). */
  dispose?(): void;
}

/** Builds models; see the module comment. */
export interface ClassifierTrainer {
  /** A short name for reports ("nn engine, float64"). */
  readonly name: string;
  create(spec: TrainerSpec, seed: number): ClassifierModel;
}

/**
 * The hidden layers' initialiser as the advisor chooses it (He, LeCun for SELU, Xavier for tanh
 * and sigmoid): the float32 classifier's rule, {@link hiddenInitialiser}, as a layer's `init`.
 * @throws {AnalysisDomainError} for an activation with no finite positive E[f(z)²] (e.g. `log(z)`).
 */
export function hiddenInit(activation: string): LayerSpec['init'] {
  const chosen = hiddenInitialiser(activation);
  if (chosen.scheme === 'lecun') return { scheme: 'lecun' };
  return { scheme: chosen.scheme, gain: chosen.gain };
}

/** Rows `indices[from … to)` of `images` (rows `from … to` when `indices` is null) as a float64 matrix. */
function rowsOf(images: Float32Array, inputs: number, indices: readonly number[] | null, from: number, to: number): Matrix {
  const out = new Float64Array((to - from) * inputs);
  for (let r = from; r < to; r++) {
    const source = (indices ? (indices[r] as number) : r) * inputs;
    for (let j = 0; j < inputs; j++) out[(r - from) * inputs + j] = images[source + j] as number;
  }
  return matrix(to - from, inputs, out);
}

/** Cross-entropy sum and correct count of a batch's logits. */
function scoreLogits(logits: Matrix, labels: ArrayLike<number>, predictions?: Uint8Array, offset = 0): { lossSum: number; correct: number } {
  const logProbabilities = logSoftmaxRows(logits);
  const { rows, cols } = logits;
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const label = labels[i] as number;
    lossSum -= logProbabilities.data[i * cols + label] as number;
    let best = 0;
    for (let j = 1; j < cols; j++) if ((logits.data[i * cols + j] as number) > (logits.data[i * cols + best] as number)) best = j;
    if (best === label) correct++;
    if (predictions) predictions[offset + i] = best;
  }
  return { lossSum, correct };
}

class EngineModel implements ClassifierModel {
  private readonly network: Network;
  private readonly optimizer: Optimizer;
  private readonly random: Rng;

  constructor(
    private readonly spec: TrainerSpec,
    seed: number,
  ) {
    this.random = createRng('default', seed);
    this.optimizer = adam({ learningRate: spec.learningRate });
    const init = hiddenInit(spec.activation);
    const layers: LayerSpec[] = spec.hidden.map((units) => ({ units, activation: spec.activation, ...(init ? { init } : {}) }));
    layers.push({ units: spec.classes, activation: 'linear', init: { scheme: 'xavier' } });
    this.network = new Network({ inputs: spec.inputs, layers, loss: 'softmax_cross_entropy' }, this.random);
  }

  trainEpoch(data: Batch, options: { readonly batchSize: number; readonly learningRate: number }): TrainerEpochStats {
    const { inputs } = this.spec;
    this.optimizer.setLearningRate?.(options.learningRate);
    const n = data.labels.length;
    const order = Array.from({ length: n }, (_, i) => i);
    shuffleInPlace(order, this.random);
    const hiddenLayers = this.network.layers.slice(0, this.spec.hidden.length);
    const dead = hiddenLayers.map((layer) => new Array<boolean>(layer.units).fill(true));
    const norms = this.network.layers.map(() => 0);
    let lossSum = 0;
    let correct = 0;
    let batches = 0;
    for (let start = 0; start < n; start += options.batchSize) {
      const end = Math.min(n, start + options.batchSize);
      const x = rowsOf(data.images, inputs, order, start, end);
      const labels = order.slice(start, end).map((i) => data.labels[i] as number);
      const logits = this.network.forward(x);
      const score = scoreLogits(logits, labels);
      lossSum += score.lossSum;
      correct += score.correct;
      this.network.backward(this.network.loss.evaluate(logits, this.network.targetMatrix(labels, labels.length)).gradient);
      hiddenLayers.forEach((layer, l) => layer.deadUnits().forEach((d, j) => ((dead[l] as boolean[])[j] &&= d)));
      this.network.layers.forEach((layer, l) => (norms[l] = (norms[l] as number) + frobeniusNorm(layer.weightGradient)));
      this.optimizer.step(this.network.parameters());
      batches++;
    }
    return {
      loss: lossSum / n,
      accuracy: correct / n,
      deadFractions: dead.map((mask) => mask.filter(Boolean).length / mask.length),
      gradientNorms: norms.map((s) => s / Math.max(1, batches)),
    };
  }

  evaluate(data: Batch): TrainerEvaluation {
    const n = data.labels.length;
    const predictions = new Uint8Array(n);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += 1000) {
      const end = Math.min(n, start + 1000);
      const score = scoreLogits(this.network.forward(rowsOf(data.images, this.spec.inputs, null, start, end)), data.labels.subarray(start, end), predictions, start);
      lossSum += score.lossSum;
      correct += score.correct;
    }
    return { accuracy: correct / n, loss: lossSum / n, predictions };
  }

  snapshot(): unknown {
    return this.network.parameters().map((p) => Float64Array.from(p.value));
  }

  restore(snapshot: unknown): void {
    const values = snapshot as Float64Array[];
    this.network.parameters().forEach((p, i) => p.value.set(values[i] as Float64Array));
  }
}

/** The simple trainer: actlab's nn engine in float64. */
export const engineTrainer: ClassifierTrainer = {
  name: 'nn engine (float64, Adam)',
  create: (spec, seed) => new EngineModel(spec, seed),
};
