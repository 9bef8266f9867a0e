/**
 * The chapter's opening argument made concrete: a stack of linear layers is one matrix.
 * (1) A deep linear network's output equals the product of its weight matrices applied to the
 * input, to rounding. (2) So it cannot learn XOR: trained like the chapter's XOR network, a
 * linear hidden layer stalls at the best linear fit (loss ½·mean = 0.125, every output ½),
 * while one nonlinearity (ReLU, tanh) solves it.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import { createRng, type Rng } from '../math/rng.js';
import { matmul, matrix, type Matrix } from '../nn/matrix.js';
import type { Experiment } from './types.js';
import { trainXor, xorAccuracy } from './xor-race.js';

export interface LinearCollapseConfig {
  readonly [key: string]: number | readonly string[];
  readonly depth: number;
  readonly width: number;
  readonly samples: number;
  readonly compare: readonly string[];
  readonly epochs: number;
  readonly seed: number;
}

export interface LinearCollapseResult {
  /** max |network(x) − (W_L ⋯ W_1)·x| over the samples, and the largest |output| for scale. */
  readonly maxDifference: number;
  readonly maxOutput: number;
  /** Final XOR loss (½·mean squared error) and accuracy per hidden activation. */
  readonly xor: readonly { readonly activation: string; readonly finalLoss: number; readonly accuracy: number }[];
}

export const linearCollapse: Experiment<LinearCollapseConfig, LinearCollapseResult> = {
  id: 'linear-collapse',
  title: 'Linear composition collapse: depth without nonlinearity is one matrix',
  description: 'A deep linear network equals the product of its matrices (to rounding) and cannot learn XOR; one nonlinearity can.',
  chapter: "the chapter's opening: W⁽ᴸ⁾(⋯W⁽¹⁾x) = (W⁽ᴸ⁾⋯W⁽¹⁾)x",
  defaults: { depth: 10, width: 16, samples: 100, compare: ['linear', 'relu', 'tanh'], epochs: 5000, seed: 0 },
  settings: {
    depth: { type: 'integer', min: 1, max: 1000, description: 'layers of the linear network' },
    width: { type: 'integer', min: 1, max: 512, description: 'units per layer' },
    samples: { type: 'integer', min: 1, description: 'random inputs compared' },
    compare: { type: 'list', description: 'hidden activations trained on XOR' },
    epochs: { type: 'integer', min: 1, description: 'XOR training epochs' },
    seed: { type: 'integer', min: 0, description: 'seed of each XOR run' },
  },
  run(config, rng: Rng) {
    const n = config.width;
    const layers = Array.from({ length: config.depth }, () => matrix(n, n, rng.fillNormal(new Float64Array(n * n), 1 / Math.sqrt(n))));
    let product = layers[0] as Matrix;
    for (const w of layers.slice(1)) product = matmul(w, product);
    let maxDifference = 0;
    let maxOutput = 0;
    for (let s = 0; s < config.samples; s++) {
      const x = matrix(n, 1, rng.fillNormal(new Float64Array(n)));
      let h = x;
      for (const w of layers) h = matmul(w, h);
      const collapsed = matmul(product, x);
      for (let i = 0; i < n; i++) {
        maxDifference = Math.max(maxDifference, Math.abs((h.data[i] as number) - (collapsed.data[i] as number)));
        maxOutput = Math.max(maxOutput, Math.abs(h.data[i] as number));
      }
    }
    const xor = config.compare.map((id) => {
      const def = getElementwise(id);
      const { losses, outputs } = trainXor(def, resolveParams(def, {}), createRng(rng.kind, config.seed), {
        epochs: config.epochs,
        learningRate: 0.5,
        threshold: 0.01,
        gradient: 'sum',
        hidden: 4,
        weightScale: 0.5,
      });
      return { activation: id, finalLoss: losses[losses.length - 1] as number, accuracy: xorAccuracy(outputs) };
    });
    return { maxDifference, maxOutput, xor };
  },
  report(result, config) {
    return [
      `A ${config.depth}-layer linear network of width ${config.width} vs the single matrix W${config.depth}⋯W1:`,
      `  max |difference| over ${config.samples} inputs = ${result.maxDifference.toExponential(2)} (outputs up to ${result.maxOutput.toFixed(3)}): one matrix, to rounding.`,
      `XOR with the chapter's 2-4-1 network, ${config.epochs} epochs:`,
      ...result.xor.map((x) => `  hidden ${x.activation.padEnd(8)} final loss ${x.finalLoss.toFixed(6)}, accuracy ${(x.accuracy * 100).toFixed(0)}%`),
    ].join('\n');
  },
};
