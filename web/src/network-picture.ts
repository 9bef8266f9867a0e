/**
 * The network diagram's data, computed in the trainer worker: a forward pass of a coarse grid of
 * the board through the network, layer by layer, keeping every unit's output (Playground's small
 * heatmaps), with the weights and biases between the layers. Pure: a network and a grid in, plain
 * typed arrays out (posted to the page, which only draws them).
 */
import type { Matrix } from '../../src/nn/matrix.js';
import type { Network } from '../../src/nn/network.js';
import { FEATURE_LABELS, type PlaygroundTrainer } from '../../src/nn/playground.js';
import type { NetworkPicture } from './protocol.js';

/** Grid side of the diagram's heatmaps: 20² = 400 points per forward pass. */
export const PICTURE_RESOLUTION = 20;

/** Column-major copy of a points × units matrix: unit after unit, each `rows` values. */
function byUnit(a: Matrix): Float32Array {
  const out = new Float32Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j] as number;
  return out;
}

function largestMagnitude(values: Float32Array, from = 0, to = values.length): number {
  let m = 0;
  for (let i = from; i < to; i++) {
    const v = Math.abs(values[i] as number);
    if (v > m && Number.isFinite(v)) m = v;
  }
  return m;
}

/** Each input unit drawn by its own range: white at 0 (or mid-range for a one-signed feature such as x₁²). */
function inputScales(outputs: Float32Array, units: number, n: number): { centres: Float32Array; scales: Float32Array } {
  const centres = new Float32Array(units);
  const scales = new Float32Array(units);
  for (let j = 0; j < units; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = j * n; i < (j + 1) * n; i++) {
      lo = Math.min(lo, outputs[i] as number);
      hi = Math.max(hi, outputs[i] as number);
    }
    const oneSigned = lo >= 0 || hi <= 0;
    centres[j] = oneSigned ? (lo + hi) / 2 : 0;
    scales[j] = (oneSigned ? (hi - lo) / 2 : Math.max(-lo, hi)) || 1;
  }
  return { centres, scales };
}

/**
 * The picture of `network` over `inputs` (one row per grid point of a resolution² grid, one
 * column per input unit, named by `names`): every unit's output, its weights and biases. The
 * output unit is shown as the loss reads it (a probability for cross-entropy).
 */
export function networkPicture(network: Network, inputs: Matrix, names: readonly string[], resolution: number, which: { network: number; label: string }): NetworkPicture {
  const n = inputs.rows;
  const probability = network.loss.name.includes('cross-entropy');
  const outputs: Float32Array[] = [byUnit(inputs)];
  const first = inputScales(outputs[0] as Float32Array, inputs.cols, n);
  const centres: Float32Array[] = [first.centres];
  const scales: Float32Array[] = [first.scales];
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  const activations: string[] = [];
  let a = inputs;
  network.layers.forEach((layer, l) => {
    a = layer.forward(a);
    const last = l === network.layers.length - 1;
    if (last) a = network.loss.probabilities(a);
    const values = byUnit(a);
    outputs.push(values);
    const centre = last && probability ? 0.5 : 0;
    const scale = last && probability ? 0.5 : Math.max(1, largestMagnitude(values));
    centres.push(new Float32Array(layer.units).fill(centre));
    scales.push(new Float32Array(layer.units).fill(scale));
    // Gated activations have two pre-activation rows per unit; the diagram links the first.
    weights.push(Float32Array.from(layer.weight.data.subarray(0, layer.units * layer.inputs)));
    biases.push(Float32Array.from(layer.bias.subarray(0, layer.units)));
    activations.push(last && probability ? 'Sigmoid' : layer.activation.name);
  });
  return {
    network: which.network,
    label: which.label,
    inputs: names.length === inputs.cols ? [...names] : Array.from({ length: inputs.cols }, (_, j) => names[j] ?? `input ${j + 1}`),
    widths: [inputs.cols, ...network.layers.map((layer) => layer.units)],
    activations,
    weights,
    biases,
    resolution,
    outputs,
    centres,
    scales,
  };
}

/** The picture's arrays, to transfer rather than copy. */
export function pictureBuffers(picture: NetworkPicture): ArrayBuffer[] {
  return [...picture.outputs, ...picture.weights, ...picture.biases, ...picture.centres, ...picture.scales].map((a) => a.buffer as ArrayBuffer);
}

/**
 * The trainer's network inputs over the resolution² grid of the board (its features of each
 * point, {@link PlaygroundTrainer.gridInputs}) and the input units' names (x₁, x₁², sin x₂, …).
 */
export function pictureInputs(trainer: PlaygroundTrainer, resolution: number): { inputs: Matrix; names: readonly string[] } {
  return { inputs: trainer.gridInputs(resolution), names: trainer.features.map((f) => FEATURE_LABELS[f]) };
}
