/**
 * The classifier's forward and backward passes over one batch held in the workspace, and the
 * softmax cross-entropy between them. Every buffer is preallocated (model.ts); the products run
 * through {@link Gemm}, the activations through the kernel backend in place.
 * @module
 */
import { getBackend } from '../../kernels/index.js';
import type { Classifier, ClassifierState } from './model.js';

/** Per-epoch bookkeeping of the backward pass. */
export interface PassTally {
  /** Per hidden layer: 1 where f′(z) ≠ 0 for some sample seen so far. */
  readonly alive: Uint8Array[];
  /** Per layer: Σ over batches of ‖∂L/∂W‖_F. */
  readonly gradientNormSums: Float64Array;
}

/** A tally for a new epoch. */
export function newTally(model: Classifier): PassTally {
  return {
    alive: model.layers.slice(0, -1).map((layer) => new Uint8Array(layer.units)),
    gradientNormSums: new Float64Array(model.layers.length),
  };
}

/** Copies rows order[start … start + rows) of `images` (n × inputs) into the input buffer. */
export function gatherRows(images: Float32Array, inputs: number, order: ArrayLike<number>, start: number, rows: number, x: Float32Array): void {
  // A row copy through set() is a memcpy (its subarray view costs less than an element loop).
  for (let r = 0; r < rows; r++) {
    const src = (order[start + r] as number) * inputs;
    x.set(images.subarray(src, src + inputs), r * inputs);
  }
}

/** z = a·Wᵀ + b layer after layer, a = f(z) for the hidden ones; leaves the logits in pre[last]. */
export function forwardPass(model: Classifier, state: ClassifierState, rows: number): void {
  const { gemm, parameters, workspace: w } = state;
  const backend = getBackend();
  const last = model.layers.length - 1;
  model.layers.forEach((layer, l) => {
    const { inputs, units, weightAt, biasAt } = layer;
    gemm.packRows(parameters.subarray(weightAt, biasAt), units, inputs, w.packed);
    const z = w.pre[l] as Float32Array;
    gemm.multiply(w.activations[l] as Float32Array, w.packed, z, parameters.subarray(biasAt, biasAt + units), rows, inputs, units, w.scratch);
    if (l < last) backend.forward(model.activation, model.params, z.subarray(0, rows * units), (w.activations[l + 1] as Float32Array).subarray(0, rows * units));
  });
}

/**
 * Softmax cross-entropy of the logits against labels[order[start + r]]: writes ∂(mean loss)/∂z
 * = (softmax − one-hot)/rows into grads[last]; returns the summed loss and the correct count
 * (argmax, first maximum on ties), and the predictions into `predictions` if given.
 */
export function softmaxCrossEntropy(
  model: Classifier,
  state: ClassifierState,
  labels: Uint8Array,
  order: ArrayLike<number> | undefined,
  start: number,
  rows: number,
  predictions?: Uint8Array,
): { loss: number; correct: number } {
  const last = model.layers.length - 1;
  const classes = model.spec.classes;
  const z = state.workspace.pre[last] as Float32Array;
  const g = state.workspace.grads[last] as Float32Array;
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const index = order ? (order[start + r] as number) : start + r;
    const label = labels[index] as number;
    const base = r * classes;
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < classes; c++) {
      const v = z[base + c] as number;
      if (v > max) {
        max = v;
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((z[base + c] as number) - max);
    const logSum = max + Math.log(sum);
    loss += logSum - (z[base + label] as number);
    if (arg === label) correct++;
    if (predictions) predictions[index] = arg;
    for (let c = 0; c < classes; c++) g[base + c] = (Math.exp((z[base + c] as number) - logSum) - (c === label ? 1 : 0)) / rows;
  }
  return { loss, correct };
}

/**
 * δ = ∂L/∂z of layer l in place over grads[l] (times f′(z) for a hidden layer), δᵀ into
 * deltaT, the bias gradient (column sums of δ, in float64, rounded once) into `biasGradient`,
 * and the units with some f′ ≠ 0 marked in `alive`.
 */
function deltas(model: Classifier, state: ClassifierState, l: number, rows: number, biasGradient: Float32Array, alive: Uint8Array | undefined): void {
  const units = (model.layers[l] as { units: number }).units;
  const w = state.workspace;
  const g = w.grads[l] as Float32Array;
  const t = w.deltaT;
  const sums = state.sums;
  sums.fill(0, 0, units);
  if (alive) {
    const z = (w.pre[l] as Float32Array).subarray(0, rows * units);
    const slopes = (w.slopes[l] as Float32Array).subarray(0, rows * units);
    getBackend().backward(model.activation, model.params, z, w.ones.subarray(0, rows * units), slopes);
    for (let r = 0; r < rows; r++) {
      const base = r * units;
      for (let j = 0; j < units; j++) {
        const s = slopes[base + j] as number;
        const d = Math.fround((g[base + j] as number) * s);
        g[base + j] = d;
        t[j * rows + r] = d;
        sums[j] = (sums[j] as number) + d;
        if (s !== 0) alive[j] = 1;
      }
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const base = r * units;
      for (let j = 0; j < units; j++) {
        const d = g[base + j] as number;
        t[j * rows + r] = d;
        sums[j] = (sums[j] as number) + d;
      }
    }
  }
  for (let j = 0; j < units; j++) biasGradient[j] = sums[j] as number;
}

/** Fills state.gradients with ∂(mean batch loss)/∂θ from grads[last]; marks the units alive in `tally`. */
export function backwardPass(model: Classifier, state: ClassifierState, rows: number, tally: PassTally | undefined): void {
  const { gemm, parameters, gradients, workspace: w } = state;
  for (let l = model.layers.length - 1; l >= 0; l--) {
    const { inputs, units, weightAt, biasAt } = model.layers[l] as Classifier['layers'][number];
    const hidden = l < model.layers.length - 1;
    deltas(model, state, l, rows, gradients.subarray(biasAt, biasAt + units), hidden ? (tally?.alive[l] ?? state.scratchAlive) : undefined);
    // ∂L/∂W = δᵀ·a: a's transpose packed as the right operand.
    const weightGradient = gradients.subarray(weightAt, biasAt);
    gemm.packColumns(w.activations[l] as Float32Array, rows, inputs, w.packed);
    gemm.multiply(w.deltaT, w.packed, weightGradient, undefined, units, rows, inputs, w.scratch);
    if (l === 0) break;
    // ∂L/∂a of the layer below = δ·W: W's transpose packed as the right operand.
    gemm.packColumns(parameters.subarray(weightAt, biasAt), units, inputs, w.packed);
    gemm.multiply(w.grads[l] as Float32Array, w.packed, w.grads[l - 1] as Float32Array, undefined, rows, units, inputs, w.scratch);
  }
}
