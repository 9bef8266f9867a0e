#!/usr/bin/env node
/**
 * `npm run bench:mnist` (and the last table of `npm run bench`): one training epoch of the
 * Fashion-MNIST MLP — 784-256-128-10, ReLU, softmax cross-entropy, Adam, float32, batches of
 * 128, 60,000 images — in actlab's classifier (src/nn/classifier, one thread) against
 * TensorFlow.js' cpu and wasm backends (the same model through tf.layers and model.fit), each
 * peer in a child process of its own. TF.js cpu is too slow for a whole epoch in the bench's
 * budget: it times a fixed number of batches and scales to the epoch (said in the table).
 * Without the data set the table says what to install. `--help` lists the options.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FASHION_MNIST_DIR, INSTALL_HINT, loadSplit } from './mnist/data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '..', 'dist');
const USAGE = `usage: node bench/mnist-epoch.mjs [options]
  --json          print the results as JSON
  --quick         time a few batches everywhere and scale (a smoke test)
  --cpu-batches N batches TF.js cpu times (default 30), scaled to the epoch
  --peers LIST    tfjs-cpu,tfjs-wasm or none (default both)
  --data DIR      the folder of the four IDX files (default ${FASHION_MNIST_DIR})
  --module LIST   actlab's WebAssembly modules: strict, relaxed or both (default strict,relaxed;
                  relaxed runs in a child Node with --experimental-wasm-relaxed-simd)
  --help          this text`;

function parse(argv) {
  const options = { json: false, quick: false, cpuBatches: 30, peers: ['tfjs-cpu', 'tfjs-wasm'], data: FASHION_MNIST_DIR, modules: ['strict', 'relaxed'], actlabOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') options.json = true;
    else if (flag === '--quick') options.quick = true;
    else if (flag === '--cpu-batches') options.cpuBatches = Number(argv[++i]);
    else if (flag === '--data') options.data = argv[++i];
    else if (flag === '--module') options.modules = (argv[++i] ?? '').split(',');
    // Internal: the relaxed module's child prints its actlab row as JSON and nothing else.
    else if (flag === '--actlab-only') options.actlabOnly = true;
    else if (flag === '--peers') options.peers = argv[++i] === 'none' ? [] : (argv[i] ?? '').split(',');
    else if (flag === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`bench:mnist: unknown option "${flag}"; allowed: --json, --quick, --cpu-batches N, --peers LIST, --data DIR, --module LIST, --help`);
      process.exit(2);
    }
  }
  if (!options.modules.length || options.modules.some((m) => m !== 'strict' && m !== 'relaxed')) {
    console.error('bench:mnist: --module takes strict, relaxed or strict,relaxed');
    process.exit(2);
  }
  if (!Number.isInteger(options.cpuBatches) || options.cpuBatches < 1) {
    console.error('bench:mnist: --cpu-batches must be a positive integer');
    process.exit(2);
  }
  return options;
}

const options = parse(process.argv.slice(2));
const WIDTHS = [784, 256, 128, 10];
const BATCH = 128;
/** Multiply-adds ×2 per sample: forward, ∂L/∂W of every layer, ∂L/∂x of every layer but the first. */
const FLOP_PER_SAMPLE = WIDTHS.slice(1).reduce((sum, units, l) => sum + 2 * WIDTHS[l] * units * (l === 0 ? 2 : 3), 0);

function actlabEpoch(train, test) {
  return import(pathToFileURL(join(dist, 'nn', 'index.js')).href).then(async (nn) => {
    const { createRng } = await import(pathToFileURL(join(dist, 'random.js')).href);
    const wasm = await import(pathToFileURL(join(dist, 'wasm', 'index.js')).href);
    // This process runs the strict module; the relaxed one runs in a child (relaxedEpoch) started with ACTLAB_WASM=relaxed.
    if (process.env.ACTLAB_WASM !== 'relaxed') wasm.setWasmModule('strict');
    const spec = { inputs: 784, hidden: [256, 128], classes: 10, activation: 'relu', seed: 1 };
    // Warm-up: 20 batches of a throwaway model (compilation, JIT), not timed.
    const warm = nn.createClassifier(spec);
    nn.trainEpoch(warm, train.images, train.labels, { rng: createRng('default', 2), onBatch: ({ index }) => index < 19 });
    nn.disposeClassifier(warm);
    const model = nn.createClassifier(spec);
    const rng = createRng('default', 1);
    const limit = options.quick ? 50 : Infinity;
    const cpuStarted = process.cpuUsage();
    const stats = nn.trainEpoch(model, train.images, train.labels, { batchSize: BATCH, rng, onBatch: ({ index }) => index + 1 < limit });
    const cpu = process.cpuUsage(cpuStarted);
    const seconds = (stats.seconds * train.count) / stats.samples;
    const cpuSeconds = ((cpu.user + cpu.system) / 1e6) * (train.count / stats.samples);
    const testAccuracy = options.quick ? undefined : nn.evaluate(model, test.images, test.labels).accuracy;
    return { column: 'actlab', module: wasm.wasmModuleKind() ?? 'none', threads: 1, samples: stats.samples, seconds, cpuSeconds, scaled: stats.samples < train.count, testAccuracy };
  });
}

/** actlab's epoch in the relaxed-SIMD module: this script again, in a Node with relaxed SIMD switched on. */
function relaxedEpoch() {
  const args = ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), '--actlab-only', '--data', options.data, ...(options.quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, ACTLAB_WASM: 'relaxed' } });
  try {
    return { ...JSON.parse(child.stdout.trim().split('\n').pop() ?? ''), column: 'actlab-relaxed' };
  } catch {
    return { column: 'actlab-relaxed', error: (child.stderr.trim().split('\n').pop() ?? `exit ${child.status}`).slice(0, 200) };
  }
}

function peerEpoch(mode, samples, evaluate) {
  const child = spawnSync(process.execPath, [join(here, 'mnist', 'tfjs-epoch.mjs'), mode, String(samples), evaluate ? 'evaluate' : '', options.data], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    const result = JSON.parse(line);
    return { column: `tfjs-${mode}`, threads: 1, samples: result.samples, seconds: (result.seconds * 60000) / result.samples, cpuSeconds: (result.cpuSeconds * 60000) / result.samples, scaled: result.samples < 60000, testAccuracy: result.testAccuracy };
  } catch {
    return { column: `tfjs-${mode}`, error: (child.stderr.trim().split('\n').pop() ?? `exit ${child.status}`).slice(0, 200) };
  }
}

async function main() {
  const missing = !existsSync(join(dist, 'nn', 'index.js')) ? 'dist/ is missing — run "npm run build" first' : undefined;
  const train = missing ?? loadSplit('train', options.data);
  const test = typeof train === 'string' ? train : loadSplit('t10k', options.data);
  if (typeof train === 'string' || typeof test === 'string') {
    const reason = typeof train === 'string' ? train : test;
    if (options.json) console.log(JSON.stringify({ skipped: reason, install: INSTALL_HINT }));
    else console.log(`\n## Fashion-MNIST MLP, one epoch\n\nNot measured: ${reason}.`);
    return;
  }
  if (options.actlabOnly) {
    console.log(JSON.stringify(await actlabEpoch(train, test)));
    return;
  }
  const rows = [];
  if (options.modules.includes('strict')) rows.push(await actlabEpoch(train, test));
  if (options.modules.includes('relaxed')) rows.push(relaxedEpoch());
  if (options.peers.includes('tfjs-wasm')) rows.push(peerEpoch('wasm', options.quick ? 5 * BATCH : 'all', !options.quick));
  if (options.peers.includes('tfjs-cpu')) rows.push(peerEpoch('cpu', (options.quick ? 3 : options.cpuBatches) * BATCH, false));
  for (const row of rows) if (row.seconds) row.gflopPerSec = (FLOP_PER_SAMPLE * 60000) / row.seconds / 1e9;
  const actlab = rows.find((r) => r.column === 'actlab' && r.seconds) ?? rows[0];
  for (const row of rows) if (row.seconds && actlab.seconds) row.actlabSpeedup = row.seconds / actlab.seconds;
  const wasm = rows.find((r) => r.column === 'tfjs-wasm');
  const goal = wasm?.actlabSpeedup ? { target: 5, ratio: wasm.actlabSpeedup, cpuRatio: wasm.cpuSeconds / actlab.cpuSeconds, met: wasm.actlabSpeedup >= 5 } : undefined;
  if (options.json) {
    console.log(JSON.stringify({ model: { widths: WIDTHS, activation: 'relu', batch: BATCH, optimizer: 'adam', flopPerSample: FLOP_PER_SAMPLE }, rows, goal }, null, 2));
    return;
  }
  console.log(`\n## Fashion-MNIST MLP 784-256-128-10 (ReLU, Adam, float32, batch 128): one epoch of 60,000 images, one thread\n`);
  console.log(`| | s/epoch | CPU s/epoch | GFLOP/s | speed-up of ${actlab.module ? `actlab (${actlab.module})` : 'actlab'} | test accuracy after 1 epoch | note |`);
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    if (row.error) {
      console.log(`| ${row.column} | error | | | | | ${row.error} |`);
      continue;
    }
    const note = row.scaled ? `${row.samples.toLocaleString('en')} images (${row.samples / BATCH} batches) timed, scaled to 60,000` : 'whole epoch timed';
    // tfjs rows: how many times faster actlab's epoch is; the relaxed module's row: its speed-up over the strict one.
    const speedup = row === actlab ? '' : row.module ? `its own: ${(actlab.seconds / row.seconds).toFixed(2)}×` : `${row.actlabSpeedup.toFixed(1)}×`;
    const accuracy = row.testAccuracy === undefined ? '—' : row.testAccuracy.toFixed(4);
    const name = row.module ? `${row.column === 'actlab-relaxed' ? 'actlab relaxed' : 'actlab'} (${row.module} module)` : row.column;
    console.log(`| ${name} | ${row.seconds.toFixed(2)} | ${row.cpuSeconds.toFixed(2)} | ${row.gflopPerSec.toFixed(1)} | ${speedup} | ${accuracy} | ${note} |`);
  }
  if (goal) {
    const cpuRatio = wasm.cpuSeconds / actlab.cpuSeconds;
    console.log(`\nactlab ÷ tfjs-wasm per epoch: ${goal.ratio.toFixed(1)}× in wall-clock time, ${cpuRatio.toFixed(1)}× in CPU time (goal ≥ 5×) ${goal.met ? '✓' : '✗'}`);
    const relaxed = rows.find((r) => r.column === 'actlab-relaxed' && r.seconds);
    if (relaxed) console.log(`actlab relaxed ÷ tfjs-wasm per epoch: ${(wasm.seconds / relaxed.seconds).toFixed(1)}× in wall-clock time, ${(wasm.cpuSeconds / relaxed.cpuSeconds).toFixed(1)}× in CPU time`);
  }
  console.log(
    `s/epoch is wall-clock time (speed-up and GFLOP/s use it); CPU s/epoch is the process's CPU time, less sensitive to other load on the machine (TF.js' may include helper threads). ` +
      `GFLOP/s counts the products' ${(FLOP_PER_SAMPLE / 1e6).toFixed(2)} MFLOP per image (forward, ∂L/∂W, ∂L/∂x below the first layer). ` +
      `Each column is timed after a warm-up and shuffles the epoch; Adam lr 0.001, β 0.9/0.999, ε 1e-7 everywhere; TF.js ends in a softmax layer with categorical cross-entropy, actlab takes softmax cross-entropy on the logits. ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores.`,
  );
}

await main();
