#!/usr/bin/env node
/**
 * A quick speed check of the activation kernels (not the full peer benchmark):
 * million elements/s for forward and backward at 2^24 float32 elements (or `--n=`), for the
 * TypeScript backend, the WebAssembly backend on arrays in the module's memory (zero-copy) and
 * on ordinary arrays (copy-through), next to the bandwidth of `TypedArray.prototype.set`.
 * Outputs go to reused buffers (a fresh 64 MiB buffer costs ~16k page faults). Run after
 * `npm run build`: node bench/kernels-quick.mjs [--n=16777216] [--ids=relu,sigmoid] [--repeats=5] [--no-ts] [--wall] [--json] [--precision=fast|precise]
 */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { allocateKernelArray, getActivation, jsBackend, reserveKernelMemory, resolveParams, setKernelPrecision, wasmBackend } from '../dist/index.js';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const n = Number(arg('n', 1 << 24));
const ids = arg('ids', 'relu,sigmoid,tanh,elu,swish,gelu,gelu_tanh').split(',');
const json = process.argv.includes('--json');
/** The float32 kernels' precision mode (see setKernelPrecision). */
const precision = arg('precision', 'fast');
setKernelPrecision(precision);
/** Best of this many timings: on a shared machine, more repeats find the undisturbed ones. */
const repeats = Number(arg('repeats', 5));

/**
 * Best of `repeats` timings after one warm-up, in million elements per second. Timed in this
 * process's CPU time (user + system), not wall time: on a shared machine the wall clock also
 * counts the time slices other processes take (`--wall` for wall time).
 */
const wall = process.argv.includes('--wall');
function now() {
  if (wall) return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
function rate(run, times = repeats) {
  run();
  let best = Infinity;
  for (let r = 0; r < times; r++) {
    const started = now();
    run();
    best = Math.min(best, now() - started);
  }
  return n / best / 1000;
}

const x = new Float32Array(n);
for (let i = 0; i < n; i++) x[i] = Math.sin(i * 0.7373) * 4; // N(0,1)-like spread over [-4, 4]
const g = new Float32Array(n).fill(0.5);
const out = new Float32Array(n);
reserveKernelMemory(4 * 4 * n + 1024);
const xs = allocateKernelArray(n, 'float32');
const gs = allocateKernelArray(n, 'float32');
const outs = allocateKernelArray(n, 'float32');
xs.set(x);
gs.set(g);

const copy = rate(() => out.set(x));
const skipTs = process.argv.includes('--no-ts');
const rows = [];
for (const id of ids) {
  const a = getActivation(id);
  const p = resolveParams(a, {});
  const tsSlow = n > 1 << 22; // the TypeScript loop over 2^24 elements takes seconds: fewer repeats
  rows.push({
    id,
    tsForward: skipTs ? NaN : rate(() => jsBackend.forward(a, p, x, out), tsSlow ? 2 : 5),
    tsBackward: skipTs ? NaN : rate(() => jsBackend.backward(a, p, x, g, out), tsSlow ? 2 : 5),
    zeroCopyForward: rate(() => wasmBackend.forward(a, p, xs, outs)),
    zeroCopyBackward: rate(() => wasmBackend.backward(a, p, xs, gs, outs)),
    copyForward: rate(() => wasmBackend.forward(a, p, x, out)),
    copyBackward: rate(() => wasmBackend.backward(a, p, x, g, out)),
  });
}
if (json) {
  console.log(JSON.stringify({ n, precision, copy, rows }, null, 2));
} else {
  const f = (v) => v.toFixed(0).padStart(6);
  console.log(`n = ${n} float32, million elements/s (best of ${repeats}, ${wall ? 'wall' : 'CPU'} time, ${precision} kernels); TypedArray.prototype.set copy: ${copy.toFixed(0)}`);
  console.log('| activation | TS fwd | TS bwd | wasm zero-copy fwd | bwd | wasm copy-through fwd | bwd | zero-copy fwd / copy |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.id} | ${f(r.tsForward)} | ${f(r.tsBackward)} | ${f(r.zeroCopyForward)} | ${f(r.zeroCopyBackward)} | ${f(r.copyForward)} | ${f(r.copyBackward)} | ${(r.zeroCopyForward / copy * 100).toFixed(0)}% |`);
  }
}
