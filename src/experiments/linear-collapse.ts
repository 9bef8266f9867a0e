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
import { activationLabel, activationNanoseconds, checkElementwiseList, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import type { Experiment } from './types.js';
import { trainXor, xorAccuracy, xorEpochNanoseconds } from './xor-race.js';

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
  /** Whether every output and product stayed finite (a very deep or wide stack can overflow). */
  readonly finite: boolean;
  /** Final XOR loss (½·mean squared error) and accuracy per hidden activation; divergedAt as {@link trainXor}'s. */
  readonly xor: readonly { readonly activation: string; readonly finalLoss: number; readonly accuracy: number; readonly divergedAt: number | null }[];
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
    samples: { type: 'integer', min: 1, max: 100_000, description: 'random inputs compared' },
    compare: { type: 'list', maxItems: 32, entries: 'elementwise activation ids or formulas in z', check: checkElementwiseList, description: 'hidden activations trained on XOR (elementwise ids)' },
    epochs: { type: 'integer', min: 1, max: 10_000_000, description: 'XOR training epochs' },
    seed: { type: 'integer', min: 0, max: 4294967295, description: 'seed of each XOR run' },
  },
  cost(config) {
    const n = config.width;
    const layerDraws = 2 * config.depth * n * n; // every layer is drawn twice (see run)
    const xor = config.compare.reduce((sum, id) => sum + config.epochs * xorEpochNanoseconds(4, activationNanoseconds(id)), 0);
    return {
      bytes: 8 * (3 * n * n + 3 * config.samples * n) + 8 * config.epochs + 1e6,
      largestArray: 8 * Math.max(n * n, config.samples * n, config.epochs),
      seconds: seconds(
        layerDraws * NS_PER_NORMAL +
          config.samples * n * NS_PER_NORMAL +
          (config.depth - 1) * n * n * n * NS_PER_FMA +
          (config.depth + 1) * config.samples * n * n * NS_PER_FMA +
          xor,
      ),
      drivers: 'depth × width² × (width + samples), or compare × epochs',
    };
  },
  run(config, rng: Rng) {
    const n = config.width;
    const drawLayer = () => matrix(n, n, rng.fillNormal(new Float64Array(n * n), 1 / Math.sqrt(n)));
    // The layers are drawn first, then the inputs (the draws of the original program). Keeping
    // all `depth` layers would take depth·width² numbers (2 GB at 1000 × 512), so they are drawn
    // twice instead: once for their product, then again, from the same generator state, to push
    // every input through them — the same matrices, the same products, the same bits.
    const start = rng.getState();
    let product = drawLayer();
    for (let l = 1; l < config.depth; l++) product = matmul(drawLayer(), product);
    const inputs = Array.from({ length: config.samples }, () => matrix(n, 1, rng.fillNormal(new Float64Array(n))));
    const after = rng.getState();
    rng.setState(start);
    const outputs = inputs.slice();
    for (let l = 0; l < config.depth; l++) {
      const w = drawLayer();
      for (let s = 0; s < outputs.length; s++) outputs[s] = matmul(w, outputs[s] as Matrix);
    }
    rng.setState(after);
    let maxDifference = 0;
    let maxOutput = 0;
    let finite = true;
    for (let s = 0; s < config.samples; s++) {
      const h = outputs[s] as Matrix;
      const collapsed = matmul(product, inputs[s] as Matrix);
      for (let i = 0; i < n; i++) {
        const a = h.data[i] as number;
        const b = collapsed.data[i] as number;
        if (!Number.isFinite(a) || !Number.isFinite(b)) finite = false;
        maxDifference = Math.max(maxDifference, Math.abs(a - b));
        maxOutput = Math.max(maxOutput, Math.abs(a));
      }
    }
    const xor = config.compare.map((id) => {
      const def = getElementwise(id);
      const { losses, outputs: xorOutputs, divergedAt } = trainXor(def, resolveParams(def, {}), createRng(rng.kind, config.seed), {
        epochs: config.epochs,
        learningRate: 0.5,
        threshold: 0.01,
        gradient: 'sum',
        hidden: 4,
        weightScale: 0.5,
      });
      return { activation: id, finalLoss: losses[losses.length - 1] as number, accuracy: xorAccuracy(xorOutputs), divergedAt };
    });
    return { maxDifference, maxOutput, finite, xor };
  },
  report(result, config) {
    return [
      `A ${config.depth}-layer linear network of width ${config.width} vs the single matrix W${config.depth}⋯W1:`,
      result.finite
        ? `  max |difference| over ${config.samples} inputs = ${result.maxDifference.toExponential(2)} (outputs up to ${result.maxOutput.toFixed(3)}): one matrix, to rounding.`
        : `  the outputs overflowed (non-finite values) over ${config.samples} inputs: no comparison possible at this depth and width.`,
      `XOR with the chapter's 2-4-1 network, ${config.epochs} epochs:`,
      ...result.xor.map((x) =>
        x.divergedAt !== null
          ? `  hidden ${activationLabel(x.activation).padEnd(8)} diverged at epoch ${x.divergedAt} (the loss or the weights became non-finite)`
          : `  hidden ${activationLabel(x.activation).padEnd(8)} final loss ${x.finalLoss.toFixed(6)}, accuracy ${(x.accuracy * 100).toFixed(0)}%`,
      ),
    ].join('\n');
  },
};
