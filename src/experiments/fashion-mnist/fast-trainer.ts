/**
 * The experiment's default trainer: actlab's float32 classifier (src/nn/classifier — products in
 * the WebAssembly SIMD kernel, Adam in an f32x4 kernel, every buffer in the module's memory),
 * behind the experiment's {@link ClassifierTrainer} interface. One epoch of 60,000 images at
 * 784-256-128-10 takes ~2.6 s of CPU here (TF.js-wasm: ~29 s; `npm run bench:mnist`).
 * @module
 */
import { createRng } from '../../math/rng.js';
import { classifierWeights, createClassifier, disposeClassifier, evaluate, setClassifierWeights, trainEpoch } from '../../nn/classifier/index.js';
import type { ClassifierTrainer } from './trainer.js';

/** A snapshot of the weights. */
type Weights = { weight: Float32Array; bias: Float32Array }[];

export const FLOAT32_TRAINER: ClassifierTrainer = {
  name: 'float32 classifier (WebAssembly SIMD)',
  create(spec, seed) {
    const model = createClassifier({ inputs: spec.inputs, hidden: spec.hidden, classes: spec.classes, activation: spec.activation, seed });
    // the shuffling has its own stream, drawn from the same seed (the weights take the first)
    const rng = createRng('default', (seed ^ 0x9e3779b9) >>> 0);
    return {
      trainEpoch(data, options) {
        const stats = trainEpoch(model, data.images, data.labels, { batchSize: options.batchSize, learningRate: options.learningRate, rng });
        return {
          loss: stats.loss,
          accuracy: stats.accuracy,
          deadFractions: stats.layers.filter((l) => l.deadFraction !== undefined).map((l) => l.deadFraction as number),
          gradientNorms: stats.layers.map((l) => l.gradientNorm),
        };
      },
      evaluate(data) {
        return evaluate(model, data.images, data.labels);
      },
      snapshot(): Weights {
        return classifierWeights(model); // copies: the model's own live in the WebAssembly memory
      },
      restore(snapshot) {
        setClassifierWeights(model, snapshot as Weights);
      },
      dispose() {
        disposeClassifier(model);
      },
    };
  },
};
