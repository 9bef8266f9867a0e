#!/usr/bin/env node
/**
 * `npm run bench:browser`: the float32 matrix product 4096×768 · (3072×768)ᵀ in headless Chromium
 * (playwright-core, /usr/bin/chromium or ACTLAB_CHROMIUM), one thread, in one page: actlab's
 * strict module, actlab's relaxed-SIMD module (f32x4.relaxed_madd) and TF.js' wasm backend
 * (XNNPACK; without cross-origin isolation it runs its single-threaded SIMD build). actlab's
 * modules are the generated ones (src/wasm/generated), instantiated in the page and called as the
 * library calls them with its operands already in the module's memory (B packed once, as in
 * src/nn/classifier/gemm.ts); TF.js gets a and bᵀ as tensors and times tf.matMul + dataSync.
 * Every product is checked at sample entries against a float64 sum. Serves its files itself
 * (no network needed). Usage: node bench/matmul-browser.mjs [--json] [--quick] [--reps N]
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actlabProduct } from './matmul/actlab-product.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : quick ? 3 : 7;
const shape = quick ? { m: 256, k: 384, n: 512 } : { m: 4096, k: 768, n: 3072 };
const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';

const base64Of = (file) => {
  const text = readFileSync(join(root, 'src', 'wasm', 'generated', file), 'utf8');
  const start = text.indexOf("return '") + 8;
  return text.slice(start, text.indexOf("'", start));
};
const require = createRequire(import.meta.url);
const tfCore = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
const tfWasm = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const FILES = {
  '/tf-core.min.js': join(tfCore, 'dist', 'tf-core.min.js'),
  '/tf-backend-wasm.min.js': join(tfWasm, 'dist', 'tf-backend-wasm.min.js'),
  '/tfjs-backend-wasm.wasm': join(tfWasm, 'dist', 'tfjs-backend-wasm.wasm'),
  '/tfjs-backend-wasm-simd.wasm': join(tfWasm, 'dist', 'tfjs-backend-wasm-simd.wasm'),
  '/tfjs-backend-wasm-threaded-simd.wasm': join(tfWasm, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm'),
};
const PAGE = '<!doctype html><meta charset="utf-8"><script src="/tf-core.min.js"></script><script src="/tf-backend-wasm.min.js"></script><body>bench</body>';
const server = createServer((request, response) => {
  const file = FILES[request.url ?? ''];
  if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  else if (file) response.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' }).end(readFileSync(file));
  else response.writeHead(404).end();
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${server.address().port}/`;

/** In the page: tf.matMul(a, bᵀ) on the wasm backend, with the same shape and timing. */
async function tfjsInPage({ m, k, n, reps }) {
  const tf = globalThis.tf;
  tf.wasm.setWasmPaths('/');
  await tf.setBackend('wasm');
  await tf.ready();
  const a = tf.randomUniform([m, k], -0.5, 0.5);
  const bt = tf.randomUniform([k, n], -0.5, 0.5);
  tf.matMul(a, bt).dispose();
  const seconds = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const c = tf.matMul(a, bt);
    c.dataSync();
    seconds.push((performance.now() - t) / 1000);
    c.dispose();
  }
  return { seconds, backend: tf.getBackend(), version: tf.version_core, simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') };
}

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(url);
  const { m, k, n } = shape;
  const samples = Array.from({ length: 32 }, (_, s) => Math.floor(((s + 0.5) / 32) * m) * n + ((s * 97) % n));
  const flop = 2 * m * n * k;
  const rows = [];
  // Interleaved rounds, so that the machine's other load falls on every column alike.
  const runs = { strict: [], relaxed: [], tfjs: [] };
  const info = {};
  for (let round = 0; round < 2; round++) {
    for (const kind of ['strict', 'relaxed']) {
      const result = await page.evaluate(actlabProduct, { base64: base64Of(kind === 'strict' ? 'binary.ts' : 'binary-relaxed.ts'), m, k, n, reps, samples });
      if (result.error) info[kind] = { error: result.error };
      else {
        runs[kind].push(...result.seconds);
        info[kind] = { maxError: Math.max(info[kind]?.maxError ?? 0, result.maxError) };
      }
    }
    const tf = await page.evaluate(tfjsInPage, { m, k, n, reps });
    runs.tfjs.push(...tf.seconds);
    info.tfjs = tf;
  }
  const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  for (const [id, label] of [['strict', 'actlab (strict module)'], ['relaxed', 'actlab (relaxed SIMD module)'], ['tfjs', 'tfjs-wasm']]) {
    const seconds = runs[id];
    rows.push({ id, label, gflopPerSec: seconds.length ? flop / median(seconds) / 1e9 : NaN, repetitions: seconds.length, ...(info[id]?.error ? { error: info[id].error } : {}), ...(info[id]?.maxError !== undefined ? { maxRelativeError: info[id].maxError } : {}) });
  }
  const version = browser.version();
  const tfjs = rows.find((r) => r.id === 'tfjs');
  for (const row of rows) row.ratioToTfjsWasm = row.gflopPerSec / tfjs.gflopPerSec;
  if (json) console.log(JSON.stringify({ browser: `Chromium ${version}`, shape, rows, tfjs: { backend: info.tfjs.backend, version: info.tfjs.version, simd: info.tfjs.simd, threads: info.tfjs.threads } }, null, 2));
  else {
    console.log(`## Matrix product ${m}×${k} · (${n}×${k})ᵀ, float32, one thread, headless Chromium ${version}: GFLOP/s (median of ${2 * reps})\n`);
    console.log('| | GFLOP/s | ÷ tfjs-wasm | max error / Σ|ab| at 32 samples |');
    console.log('|---|---:|---:|---:|');
    for (const row of rows) {
      const error = row.error ? `failed: ${row.error}` : row.maxRelativeError !== undefined ? row.maxRelativeError.toExponential(1) : '—';
      console.log(`| ${row.label} | ${row.gflopPerSec.toFixed(1)} | ${row.ratioToTfjsWasm.toFixed(2)}× | ${error} |`);
    }
    console.log(`\ntfjs-wasm ${info.tfjs.version}: SIMD ${info.tfjs.simd}, threads ${info.tfjs.threads} (a page without cross-origin isolation runs the single-threaded SIMD build).`);
  }
} finally {
  await browser.close();
  server.close();
}
