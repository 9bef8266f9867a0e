#!/usr/bin/env node
/**
 * How fast a formula runs through the array kernels, beside the registry activation it equals:
 * `z*sigmoid(z)` against swish and `z*tanh(softplus(z))` against mish, through the same public
 * forward() and backward() (a formula takes the TypeScript path: its compiled closures; the
 * registry's activation takes WebAssembly where it has a kernel), and through the TypeScript
 * backend for both (jsBackend: the same loop, so the ratio is the formula's closures against
 * the hand-written definition). Million elements per second over 2^20 elements (or `--n=`),
 * float64 and float32, best of `--repeats=` (default 5) in CPU time, outputs into reused
 * buffers. Run after `npm run build`: node bench/formula-kernels.mjs [--n=1048576] [--repeats=5] [--json]
 */
import process from 'node:process';
import { backward, forward, getActivation, jsBackend } from '../dist/index.js';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const n = Number(arg('n', 1 << 20));
const repeats = Number(arg('repeats', 5));
const PAIRS = [
  ['swish', 'z*sigmoid(z)'],
  ['mish', 'z*tanh(softplus(z))'],
];

/** CPU time (ms) of this process: on a shared machine, wall time also counts others' time slices. */
function now() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Best of `repeats` runs after one warm-up, in million elements per second. */
function rate(run) {
  run();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const started = now();
    run();
    best = Math.min(best, now() - started);
  }
  return n / best / 1000;
}

const rows = [];
for (const Type of [Float64Array, Float32Array]) {
  const x = new Type(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(i * 0.7373) * 4; // spread over [-4, 4]
  const g = new Type(n).fill(0.5);
  const out = new Type(n);
  for (const [id, text] of PAIRS) {
    const registry = getActivation(id);
    const formula = getActivation(text);
    const measure = (a) => ({
      forward: rate(() => forward(a, x, { out })),
      backward: rate(() => backward(a, x, g, { out })),
      tsForward: rate(() => jsBackend.forward(a, {}, x, out)),
      tsBackward: rate(() => jsBackend.backward(a, {}, x, g, out)),
    });
    rows.push({ dtype: Type === Float64Array ? 'float64' : 'float32', registry: id, formula: text, registrySpeed: measure(registry), formulaSpeed: measure(formula) });
  }
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ n, repeats, rows }, null, 2));
} else {
  const f = (v) => v.toFixed(0).padStart(5);
  const r = (a, b) => `${(a / b).toFixed(2)}×`.padStart(6);
  console.log(`n = ${n}, million elements/s (best of ${repeats}, CPU time); public = forward()/backward(), TS = jsBackend for both`);
  console.log('| dtype | formula | vs | public fwd: formula / registry | ratio | public bwd | ratio | TS fwd | ratio | TS bwd | ratio |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { dtype, registry, formula, registrySpeed: s, formulaSpeed: t } of rows) {
    console.log(
      `| ${dtype} | \`${formula}\` | ${registry} | ${f(t.forward)} / ${f(s.forward)} | ${r(t.forward, s.forward)} | ${f(t.backward)} / ${f(s.backward)} | ${r(t.backward, s.backward)} | ${f(t.tsForward)} / ${f(s.tsForward)} | ${r(t.tsForward, s.tsForward)} | ${f(t.tsBackward)} / ${f(s.tsBackward)} | ${r(t.tsBackward, s.tsBackward)} |`,
    );
  }
}
