/**
 * A fast float32 MLP classifier: dense layers with any elementwise activation (registry or
 * formula), softmax cross-entropy on the logits, Adam, seeded mini-batches; products in
 * actlab's WebAssembly SIMD kernel with every buffer resident in the module's memory.
 *
 * ```ts
 * import { createClassifier, evaluate, trainEpoch } from 'actlab/nn';
 * import { createRng } from 'actlab/random';
 *
 * // Images of four pixels, of class 1 when the first pixel is brighter than the second.
 * const rng = createRng('default', 0);
 * const images = new Float32Array(512 * 4).map(() => rng.uniform());
 * const labels = new Uint8Array(512).map((_, i) => (images[4 * i]! > images[4 * i + 1]! ? 1 : 0));
 * const model = createClassifier({ inputs: 4, hidden: [16], classes: 2, activation: 'gelu', seed: 1 });
 * for (let epoch = 0; epoch < 30; epoch++) trainEpoch(model, images, labels, { batchSize: 32, learningRate: 0.01, rng });
 * evaluate(model, images, labels).accuracy > 0.9;   // true
 * ```
 * @module
 */
export {
  createClassifier,
  disposeClassifier,
  classifierWeights,
  setClassifierWeights,
  type Classifier,
  type ClassifierInit,
  type ClassifierLayer,
  type ClassifierSpec,
} from './model.js';
export { hiddenInitialiser, type HiddenInitialiser } from './init.js';
export { trainEpoch, evaluate, batchGradients, type AdamOptions, type EpochStats, type Evaluation, type LayerEpochStats, type TrainEpochOptions } from './train.js';
