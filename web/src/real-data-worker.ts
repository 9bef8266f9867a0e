/**
 * The "Real data" panel's worker: trains one MLP (one activation) on the Fashion-MNIST subset it
 * is sent, with actlab's float32 classifier on the WebAssembly kernels, and posts the test
 * accuracy after every epoch, progress within epochs, and at the end the test predictions. The
 * page runs one such worker per activation and terminates it to stop.
 */
import '../../src/formula/install.js'; // formulas as activations
import { learningRateAt } from '../../src/experiments/fashion-mnist/training.js';
import { createRng } from '../../src/math/rng.js';
import { createClassifier, evaluate, trainEpoch } from '../../src/nn/classifier/index.js';
import type { RealDataJob, RealDataMessage } from './real-data-protocol.js';

const post = (message: RealDataMessage) => (self as unknown as Worker).postMessage(message);

function scaled(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 255;
  return out;
}

function run(job: RealDataJob): void {
  const inputs = job.rows * job.cols;
  const trainImages = scaled(job.trainPixels);
  const testImages = scaled(job.testPixels);
  const model = createClassifier({ inputs, hidden: job.hidden, classes: 10, activation: job.activation, seed: job.seed });
  const rng = createRng('default', job.seed);
  let lastPost = 0;
  let predictions: Uint8Array = new Uint8Array(0);
  for (let epoch = 1; epoch <= job.epochs; epoch++) {
    const started = performance.now();
    const stats = trainEpoch(model, trainImages, job.trainLabels, {
      batchSize: job.batchSize,
      learningRate: learningRateAt(job, epoch, job.epochs),
      rng,
      onBatch: ({ index, batches }) => {
        const now = performance.now();
        if (now - lastPost < 100) return;
        lastPost = now;
        post({ type: 'progress', fraction: (epoch - 1 + (index + 1) / batches) / job.epochs });
      },
    });
    const trainMs = performance.now() - started;
    const test = evaluate(model, testImages, job.testLabels);
    predictions = test.predictions;
    post({ type: 'epoch', epoch, accuracy: test.accuracy, loss: test.loss, trainLoss: stats.loss, trainMs });
    if (!Number.isFinite(test.loss)) break;
  }
  post({ type: 'done', predictions });
}

self.onmessage = (event: MessageEvent<RealDataJob>) => {
  try {
    run(event.data);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
