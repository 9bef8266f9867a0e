#!/usr/bin/env node
/**
 * `npm run bench:modules`: the float32 matrix product 4096×768 · (3072×768)ᵀ on one thread in
 * Node, actlab's strict and relaxed-SIMD modules and TF.js' wasm backend (XNNPACK) in ONE
 * process, their repetitions interleaved round by round — so that the load of a shared machine
 * falls on all three alike (bench/kernels.mjs times each column's product in its own child, one
 * after the other). Node 20 needs --experimental-wasm-relaxed-simd for the relaxed module: the
 * script starts itself again with the flag when relaxed SIMD is missing.
 * Usage: node bench/matmul-modules.mjs [--json] [--quick] [--rounds N]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actlabProduct } from './matmul/actlab-product.mjs';

const FLAG = '--experimental-wasm-relaxed-simd';
const PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0, ...[0, 1, 2].flatMap(() => [253, 12, ...new Array(16).fill(0)]), 253, 133, 2, 11]);
if (!WebAssembly.validate(PROBE)) {
  if (process.execArgv.includes(FLAG)) throw new Error(`relaxed SIMD is unavailable even with ${FLAG}: use Node ≥ 20`);
  const child = spawnSync(process.execPath, [FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : quick ? 2 : 5;
const reps = 2;
const { m, k, n } = quick ? { m: 256, k: 384, n: 512 } : { m: 4096, k: 768, n: 3072 };
const base64Of = (file) => {
  const text = readFileSync(join(root, 'src', 'wasm', 'generated', file), 'utf8');
  const start = text.indexOf("return '") + 8;
  return text.slice(start, text.indexOf("'", start));
};

// TF.js greets Node users on stderr with advice to install tfjs-node (which cannot install here).
const warn = console.warn;
console.warn = (...parts) => {
  if (!String(parts[0]).includes('tfjs-node')) warn(...parts);
};
const tf = await import('@tensorflow/tfjs');
const tfWasm = await import('@tensorflow/tfjs-backend-wasm');
tfWasm.setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}/`);
if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-wasm did not initialise');
await tf.ready();
tf.enableProdMode();
const a = tf.randomUniform([m, k], -0.5, 0.5);
const bt = tf.randomUniform([k, n], -0.5, 0.5);
tf.matMul(a, bt).dispose();

const samples = Array.from({ length: 32 }, (_, s) => Math.floor(((s + 0.5) / 32) * m) * n + ((s * 97) % n));
const seconds = { strict: [], relaxed: [], tfjs: [] };
const maxError = { strict: 0, relaxed: 0 };
const modules = { strict: base64Of('binary.ts'), relaxed: base64Of('binary-relaxed.ts') };
for (let round = 0; round < rounds; round++) {
  for (const kind of ['strict', 'relaxed']) {
    const result = await actlabProduct({ base64: modules[kind], m, k, n, reps, samples });
    if (result.error) throw new Error(`${kind} module: ${result.error}`);
    seconds[kind].push(...result.seconds);
    maxError[kind] = Math.max(maxError[kind], result.maxError);
  }
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const c = tf.matMul(a, bt);
    c.dataSync();
    seconds.tfjs.push((performance.now() - t) / 1000);
    c.dispose();
  }
}
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
const flop = 2 * m * n * k;
const rows = [
  ['strict', 'actlab (strict module)'],
  ['relaxed', 'actlab (relaxed SIMD module)'],
  ['tfjs', `tfjs-wasm ${tf.version.tfjs} (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')})`],
].map(([id, label]) => ({ id, label, gflopPerSec: flop / median(seconds[id]) / 1e9, repetitions: seconds[id].length, ...(id in maxError ? { maxRelativeError: maxError[id] } : {}) }));
const tfjsRow = rows.find((r) => r.id === 'tfjs');
for (const row of rows) row.ratioToTfjsWasm = row.gflopPerSec / tfjsRow.gflopPerSec;
if (json) console.log(JSON.stringify({ node: process.version, shape: { m, k, n }, rounds, rows }, null, 2));
else {
  console.log(`## Matrix product ${m}×${k} · (${n}×${k})ᵀ, float32, one thread, Node ${process.version} ${FLAG}: GFLOP/s (median of ${rounds * reps}, interleaved)\n`);
  console.log('| | GFLOP/s | ÷ tfjs-wasm | max error / Σ|ab| at 32 samples |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.label} | ${row.gflopPerSec.toFixed(1)} | ${row.ratioToTfjsWasm.toFixed(2)}× | ${row.maxRelativeError?.toExponential(1) ?? '—'} |`);
  console.log(`\n${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores.`);
}
