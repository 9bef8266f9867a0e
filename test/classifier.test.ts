/**
 * The fast float32 classifier (src/nn/classifier): its gradients against the float64 Network
 * on random problems (both product paths: WebAssembly and TypeScript), seeded determinism,
 * and learning on a subset of Fashion-MNIST.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../src/math/rng.js';
import { adamRange } from '../src/nn/classifier/train.js';
import { batchGradients, classifierWeights, createClassifier, disposeClassifier, evaluate, setClassifierWeights, trainEpoch, type Classifier } from '../src/nn/classifier/index.js';
import { matrix } from '../src/nn/matrix.js';
import { Network } from '../src/nn/network.js';
import { setWasmEnabled, wasmKernels } from '../src/wasm/index.js';

afterEach(() => setWasmEnabled(true));

/** The float64 network with the classifier's weights (widened exactly). */
function reference(model: Classifier): Network {
  const { inputs, hidden, classes, activation, params } = model.spec;
  const layers = [...hidden.map((units) => ({ units, activation, ...(params ? { params } : {}) })), { units: classes }];
  const network = new Network({ inputs, layers, loss: 'softmax_cross_entropy' }, createRng('default', 0));
  classifierWeights(model).forEach(({ weight, bias }, l) => {
    const layer = network.layers[l]!;
    layer.weight.data.set(weight);
    layer.bias.set(bias);
  });
  return network;
}

/** A random problem: inputs ~ U(−1, 1), labels uniform. */
function problem(rows: number, inputs: number, classes: number, seed: number): { images: Float32Array; labels: Uint8Array } {
  const rng = createRng('default', seed);
  const images = new Float32Array(rows * inputs).map(() => 2 * rng.uniform() - 1);
  const labels = new Uint8Array(rows).map(() => Math.floor(rng.uniform() * classes));
  return { images, labels };
}

/** max |a − b| / max |b| (the error relative to the gradient's scale). */
function relativeError(a: Float32Array, b: Float64Array): number {
  let error = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    error = Math.max(error, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return scale === 0 ? error : error / scale;
}

const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'gelu', 'swish', 'leaky_relu', 'z*tanh(softplus(z))'];

describe('classifier gradients', () => {
  it('equal the float64 Network\'s within float32 rounding, for any widths, batch and activation, on both product paths', () => {
    expect(wasmKernels(), 'WebAssembly kernels (the fast path under test)').toBeDefined();
    fc.assert(
      fc.property(
        fc.record({
          inputs: fc.integer({ min: 1, max: 40 }),
          hidden: fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 0, maxLength: 3 }),
          classes: fc.integer({ min: 2, max: 12 }),
          rows: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 380, max: 400 })),
          activation: fc.constantFrom(...ACTIVATIONS),
          seed: fc.integer({ min: 0, max: 1000 }),
          wasm: fc.boolean(),
        }),
        ({ inputs, hidden, classes, rows, activation, seed, wasm }) => {
          setWasmEnabled(wasm);
          const model = createClassifier({ inputs, hidden, classes, activation, seed, capacity: 8 });
          const { images, labels } = problem(rows, inputs, classes, seed + 1);
          const ours = batchGradients(model, images, labels);
          const network = reference(model);
          const loss = network.computeGradients(matrix(rows, inputs, Float64Array.from(images)), Array.from(labels));
          expect(ours.loss).toBeCloseTo(loss, 4);
          network.layers.forEach((layer, l) => {
            // float32 sums of ≤ 400 terms: a few hundred ulps of 2^-24 at worst, far below a real error (1e-2 or more).
            expect(relativeError(ours.layers[l]!.weight, layer.weightGradient.data)).toBeLessThan(2e-4);
            expect(relativeError(ours.layers[l]!.bias, layer.biasGradient)).toBeLessThan(2e-4);
          });
          disposeClassifier(model);
          setWasmEnabled(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('catches a wrong gradient: a 0.1 % change in one weight gradient exceeds the tolerance', () => {
    const model = createClassifier({ inputs: 30, hidden: [20], classes: 4, activation: 'tanh', seed: 3 });
    const { images, labels } = problem(50, 30, 4, 9);
    const ours = batchGradients(model, images, labels);
    const network = reference(model);
    network.computeGradients(matrix(50, 30, Float64Array.from(images)), Array.from(labels));
    const reference0 = network.layers[0]!.weightGradient.data;
    let largest = 0;
    for (let i = 0; i < reference0.length; i++) if (Math.abs(reference0[i]!) > Math.abs(reference0[largest]!)) largest = i;
    const wrong = ours.layers[0]!.weight.slice();
    wrong[largest] = wrong[largest]! * 1.001;
    expect(relativeError(ours.layers[0]!.weight, reference0)).toBeLessThan(2e-4);
    expect(relativeError(wrong, reference0)).toBeGreaterThan(2e-4 * 2);
  });
});

describe('classifier training', () => {
  it('is deterministic: the same seeds give the same bits, and the trained model evaluates to its own predictions', () => {
    const { images, labels } = problem(300, 20, 3, 5);
    const run = () => {
      const model = createClassifier({ inputs: 20, hidden: [16, 8], classes: 3, activation: 'elu', seed: 11 });
      const rng = createRng('default', 12);
      const stats = [trainEpoch(model, images, labels, { batchSize: 32, rng }), trainEpoch(model, images, labels, { batchSize: 32, rng })];
      return { weights: classifierWeights(model), stats, evaluation: evaluate(model, images, labels) };
    };
    const first = run();
    const second = run();
    expect(second.weights).toEqual(first.weights);
    expect(second.evaluation.predictions).toEqual(first.evaluation.predictions);
    expect(first.stats[1]!.loss).toBeLessThan(first.stats[0]!.loss);
    expect(first.stats[0]!.batches).toBe(10);
    expect(first.stats[0]!.layers.map((l) => l.deadFraction === undefined)).toEqual([false, false, true]);
    // Weights written back (early stopping's restore) give the same predictions.
    const other = createClassifier({ inputs: 20, hidden: [16, 8], classes: 3, activation: 'elu', seed: 99 });
    setClassifierWeights(other, first.weights);
    expect(evaluate(other, images, labels).predictions).toEqual(first.evaluation.predictions);
    expect(() => setClassifierWeights(other, first.weights.slice(1))).toThrow(/2 layers given, the classifier has 3/);
  });

  it('survives a growth of the WebAssembly memory between epochs (its views are taken again), with the same bits', () => {
    const { images, labels } = problem(200, 12, 3, 8);
    const run = (grow: boolean) => {
      const model = createClassifier({ inputs: 12, hidden: [10], classes: 3, activation: 'tanh', seed: 4 });
      const rng = createRng('default', 5);
      trainEpoch(model, images, labels, { batchSize: 16, rng });
      const kernels = wasmKernels()!;
      const before = kernels.exports.memory.buffer.byteLength;
      const block = grow ? kernels.allocate(before + (64 << 20)) : undefined;
      if (grow) expect(kernels.exports.memory.buffer.byteLength).toBeGreaterThan(before);
      trainEpoch(model, images, labels, { batchSize: 16, rng });
      const weights = classifierWeights(model);
      if (block !== undefined) kernels.release(block);
      disposeClassifier(model);
      return weights;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('counts dead units: a ReLU layer whose bias is far below zero is dead all epoch, with zero weight gradient', () => {
    const { images, labels } = problem(64, 10, 2, 1);
    const model = createClassifier({ inputs: 10, hidden: [6], classes: 2, activation: 'relu', seed: 2 });
    const state = model.state;
    // Units 0–2 get a bias of −100: z < 0 for every input in U(−1, 1)^10 with these weights.
    for (let j = 0; j < 3; j++) state.parameters[model.layers[0]!.biasAt + j] = -100;
    const stats = trainEpoch(model, images, labels, { batchSize: 16, learningRate: 1e-3, rng: createRng('default', 3) });
    expect(stats.layers[0]!.deadFraction).toBe(0.5);
  });

  it('refuses data that does not match the model', () => {
    const model = createClassifier({ inputs: 4, hidden: [3], classes: 2, activation: 'relu', seed: 1 });
    const rng = createRng('default', 1);
    expect(() => trainEpoch(model, new Float32Array(7), new Uint8Array(2), { rng })).toThrow(/expected 2 labels × 4 inputs = 8/);
    expect(() => trainEpoch(model, new Float32Array(8), Uint8Array.of(0, 2), { rng })).toThrow(/label 2 at 1/);
    expect(() => trainEpoch(model, new Float32Array(8), Uint8Array.of(0, 1), { rng, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => createClassifier({ inputs: 0, hidden: [], classes: 2, activation: 'relu', seed: 1 })).toThrow(/inputs/);
  });
});

const FASHION = '/usr/share/datasets/fashion-mnist';

function idx(file: string, header: number): Uint8Array {
  const path = join(FASHION, file);
  if (!existsSync(path)) throw new Error(`${path} is missing — install Fashion-MNIST: apt-get install -y dataset-fashion-mnist`);
  return gunzipSync(readFileSync(path)).subarray(header);
}

describe('classifier on Fashion-MNIST', () => {
  it('reaches ≥ 0.75 test accuracy after 5 epochs on 2,000 training images (784-256-128-10, ReLU, Adam)', () => {
    const trainPixels = idx('train-images-idx3-ubyte.gz', 16).subarray(0, 2000 * 784);
    const trainLabels = idx('train-labels-idx1-ubyte.gz', 8).slice(0, 2000);
    const testPixels = idx('t10k-images-idx3-ubyte.gz', 16);
    const testLabels = idx('t10k-labels-idx1-ubyte.gz', 8).slice();
    const scale = (pixels: Uint8Array) => Float32Array.from(pixels, (p) => p / 255);
    const model = createClassifier({ inputs: 784, hidden: [256, 128], classes: 10, activation: 'relu', seed: 1 });
    const rng = createRng('default', 1);
    const images = scale(trainPixels);
    for (let epoch = 0; epoch < 5; epoch++) trainEpoch(model, images, trainLabels, { batchSize: 128, rng });
    const { accuracy, predictions } = evaluate(model, scale(testPixels), testLabels);
    console.log(`Fashion-MNIST, 2,000 training images, 5 epochs: test accuracy ${accuracy.toFixed(4)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
    expect(predictions.length).toBe(10000);
  });
});

describe('classifier Adam', () => {
  it('the WebAssembly kernel (f32x4) gives the bits of the float32 TypeScript update, any length, and the same Σ g² up to summation order', () => {
    const kernels = wasmKernels()!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 1e6 }), (n, step, seed) => {
        const rng = createRng('default', seed);
        const draw = (scale: number) => new Float32Array(n).map(() => scale * (rng.uniform() - 0.5) * Math.exp(-8 * rng.uniform()));
        const [p, g, m] = [draw(1), draw(1e-2), draw(1e-3)];
        const v = draw(1e-5).map(Math.abs);
        const alpha = Math.fround((1e-3 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step));
        const [c1, c2, eps] = [Math.fround(0.1), Math.fround(1 - 0.999), Math.fround(1e-7)];
        const at = kernels.allocate(16 * (n + 4));
        const view = (k: number) => new Float32Array(kernels.exports.memory.buffer, at + 4 * k * n, n);
        [p, g, m, v].forEach((a, k) => view(k).set(a));
        const sumWasm = kernels.exports.adamF32(at, at + 4 * n, at + 8 * n, at + 12 * n, n, alpha, c1, c2, eps);
        const sumTs = adamRange(p, g, m, v, 0, n, alpha, c1, c2, eps);
        expect([view(0), view(2), view(3)].map((a) => Array.from(a))).toEqual([p, m, v].map((a) => Array.from(a)));
        expect(sumWasm).toBeCloseTo(sumTs, 12);
        kernels.release(at);
      }),
    );
  });
});

describe('bench:mnist', () => {
  const script = join(import.meta.dirname, '..', 'bench', 'mnist-epoch.mjs');
  const run = (args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('says what to install when the data is missing, without failing', () => {
    const result = run(['--data', '/nonexistent-fashion-mnist', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ install: 'apt-get install -y dataset-fashion-mnist' });
  });

  it('times actlab\'s epoch (quick: 50 batches, scaled) in both WebAssembly modules and reports GFLOP/s', () => {
    if (!existsSync(join(import.meta.dirname, '..', 'dist', 'nn', 'index.js'))) throw new Error('dist/ is missing: run "npm run build" (npm test does it first)');
    const result = run(['--quick', '--peers', 'none', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { rows: { column: string; module?: string; samples: number; seconds: number; gflopPerSec: number; error?: string }[] };
    expect(report.rows).toHaveLength(2);
    expect(report.rows[0]).toMatchObject({ column: 'actlab', module: 'strict', samples: 50 * 128 });
    // The relaxed-SIMD module, in a child Node started with --experimental-wasm-relaxed-simd.
    expect(report.rows[1], report.rows[1]?.error).toMatchObject({ column: 'actlab-relaxed', module: 'relaxed', samples: 50 * 128 });
    for (const row of report.rows) {
      console.log(`bench:mnist --quick: ${row.column} (${row.module} module) ${row.seconds.toFixed(2)} s/epoch (scaled), ${row.gflopPerSec.toFixed(1)} GFLOP/s`);
      expect(row.gflopPerSec).toBeGreaterThan(0);
    }
  });
});
