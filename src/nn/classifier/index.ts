/**
 * A fast float32 MLP classifier: dense layers with any elementwise activation (registry or
 * formula), softmax cross-entropy on the logits, Adam, seeded mini-batches; products in
 * actlab's WebAssembly SIMD kernel with every buffer resident in the module's memory.
 *
 * ```ts
 * import { createClassifier, trainEpoch, evaluate } from 'actlab/nn';
 * import { createRng } from 'actlab/random';
 *
 * const model = createClassifier({ inputs: 784, hidden: [256, 128], classes: 10, activation: 'relu', seed: 1 });
 * const rng = createRng('default', 1);
 * const stats = trainEpoch(model, trainImages, trainLabels, { batchSize: 128, learningRate: 1e-3, rng });
 * const { accuracy, predictions } = evaluate(model, testImages, testLabels);
 * ```
 * @module
 */
export {
  createClassifier,
  disposeClassifier,
  classifierWeights,
  type Classifier,
  type ClassifierInit,
  type ClassifierLayer,
  type ClassifierSpec,
} from './model.js';
export { trainEpoch, evaluate, batchGradients, type AdamOptions, type EpochStats, type Evaluation, type LayerEpochStats, type TrainEpochOptions } from './train.js';
