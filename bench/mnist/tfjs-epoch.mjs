/**
 * Child of bench/mnist-epoch.mjs: one epoch of the Fashion-MNIST MLP in TensorFlow.js, backend
 * `cpu` or `wasm` (XNNPACK, SIMD, one thread under Node), the same model through tf.layers and
 * model.fit: 784-256-128-10, ReLU, softmax + categorical cross-entropy, Adam (lr 0.001, β 0.9 /
 * 0.999, ε 1e-7 — TF.js' defaults), batches of 128, shuffled. Prints one JSON line.
 *
 * argv: mode (cpu | wasm), samples to time (a multiple of 128, or 'all'), 'evaluate' to report
 * test accuracy afterwards (or ''), the data folder.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadSplit } from './data.mjs';

const [mode, samplesArg, evaluateArg, dataDir] = process.argv.slice(2);
const warn = console.warn;
console.warn = (...args) => {
  if (!String(args[0]).includes('tfjs-node')) warn(...args);
};
const tf = await import('@tensorflow/tfjs');
if (mode === 'wasm') {
  const wasmBackend = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasmBackend.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}/`);
}
if (!(await tf.setBackend(mode))) throw new Error(`tfjs backend ${mode} did not initialise`);
await tf.ready();
tf.enableProdMode();

const train = loadSplit('train', dataDir || undefined);
if (typeof train === 'string') throw new Error(train);
const samples = samplesArg === 'all' ? train.count : Math.min(train.count, Number(samplesArg));
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const x = tf.tensor2d(train.images.subarray(0, samples * 784), [samples, 784]);
const y = tf.oneHot(tf.tensor1d(train.labels.subarray(0, samples), 'int32'), 10).toFloat();
// Warm-up: two batches (kernel set-up, JIT), not timed.
await model.fit(x.slice(0, 256), y.slice(0, 256), { batchSize: 128, epochs: 1, shuffle: true, verbose: 0 });
const started = performance.now();
const cpuStarted = process.cpuUsage();
await model.fit(x, y, { batchSize: 128, epochs: 1, shuffle: true, verbose: 0 });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
let testAccuracy;
if (evaluateArg === 'evaluate') {
  const test = loadSplit('t10k', dataDir || undefined);
  const tx = tf.tensor2d(test.images, [test.count, 784]);
  const predicted = model.predict(tx).argMax(-1).dataSync();
  let correct = 0;
  for (let i = 0; i < test.count; i++) correct += predicted[i] === test.labels[i] ? 1 : 0;
  testAccuracy = correct / test.count;
}
console.log(JSON.stringify({ mode, samples, seconds, cpuSeconds, testAccuracy }));
