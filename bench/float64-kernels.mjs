#!/usr/bin/env node
/**
 * Million elements/s of the float64 forward passes of sigmoid, swish and gelu_tanh (and relu for
 * reference) at 2^24 elements, single thread: the WebAssembly kernels on arrays in the module's
 * memory (zero-copy) and on ordinary Float64Arrays (copy-through), and the TypeScript backend.
 * Inputs are normal(0, 1)-like, as the FFN's pre-activations. Medians of `--reps` (default 7;
 * 3 for the slower TypeScript backend). `npm run build && node bench/float64-kernels.mjs`.
 */
import { getElementwise, resolveParams } from '../dist/activations/index.js';
import { allocateKernelArray, jsBackend, reserveKernelMemory, wasmBackend } from '../dist/kernels/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = 1 << arg('--log2', 24);
const reps = arg('--reps', 7);
const ids = ['sigmoid', 'swish', 'gelu_tanh', 'relu'];
reserveKernelMemory(2 * 8 * n + 64);
const xs = allocateKernelArray(n, 'float64');
const ys = allocateKernelArray(n, 'float64');
const x = new Float64Array(n);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) x[i] = (Math.random() + Math.random() + Math.random() + Math.random() - 2) * 1.7;
xs.set(x);
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
function time(fn, r) {
  fn();
  const t = [];
  for (let i = 0; i < r; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}
console.log(`float64 forward, ${n} elements, M elements/s (median ms)`);
console.log('activation | wasm zero-copy | wasm copy-through | TypeScript | speed-up (zero-copy / copy-through)');
for (const id of ids) {
  const a = getElementwise(id);
  const p = resolveParams(a, {});
  const zc = time(() => wasmBackend.forward(a, p, xs, ys), reps);
  const ct = time(() => wasmBackend.forward(a, p, x, y), reps);
  const js = time(() => jsBackend.forward(a, p, x, y), Math.min(reps, 3));
  const m = (ms) => `${(n / ms / 1e3).toFixed(0)} (${ms.toFixed(1)})`;
  console.log(`${id} | ${m(zc)} | ${m(ct)} | ${m(js)} | ${(js / zc).toFixed(1)}× / ${(js / ct).toFixed(1)}×`);
}
