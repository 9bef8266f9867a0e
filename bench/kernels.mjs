#!/usr/bin/env node
/**
 * `npm run bench`: actlab's array kernels against every peer available to JavaScript (and numpy),
 * in one run on one machine — issue 6's benchmark.
 *
 * 1. Million elements/s at 2^24 float32 elements, single thread, for every elementwise
 *    activation × {forward, backward}: actlab as dispatched by default, actlab's TypeScript
 *    kernels (WebAssembly off), any other KernelBackend dist/kernels exports (e.g. a WASM one),
 *    tfjs-cpu, tfjs-wasm, onnxruntime-node and numpy.
 * 2. The copy bandwidth (TypedArray.prototype.set), and actlab's ratios to the fastest peer and
 *    to copy against issue 6's goals.
 * 3. GFLOP/s of the matrix product 4096×768 · (3072×768)ᵀ.
 *
 * Each column runs in a child process of its own (bench/kernels/*.mjs, bench/numpy_kernels.py)
 * on the same input files, so one peer's heap and threads don't disturb another. The columns are
 * interleaved: for each activation, a few rounds go round every column, each timing a few
 * repetitions, so a burst of load from the machine's other users falls on all of them alike. Every output is
 * checked at sample points against actlab's float64 definitions, so a wrong composed formula
 * shows up as a flagged cell rather than a fast one. `--help` lists the options.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './kernels/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const dist = join(root, 'dist');

const PEERS = ['tfjs-cpu', 'tfjs-wasm', 'onnxruntime', 'numpy'];
const PEER_PACKAGES = {
  'tfjs-cpu': ['@tensorflow/tfjs'],
  'tfjs-wasm': ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
  onnxruntime: ['onnxruntime-node'],
  numpy: [],
};
const RELU_FAMILY = new Set(['relu', 'leaky_relu', 'prelu', 'relu6', 'hard_tanh']);
const GOALS = { peerRatio: 1.5, copyReluFamily: 0.8, copyOther: 0.35, matmulVsTfjsWasm: 2 };
/** Largest |peer − reference| / max(1, |reference|) a sample may show before its cell is flagged. */
const CHECK_TOLERANCE = 1e-3;

const USAGE = `usage: npm run bench -- [options]
  --json              print the results as JSON (progress still goes to stderr)
  --quick             a smoke test: 2^16 elements, a small matrix product, short timings
  --activations LIST  comma-separated activations (default: every elementwise one)
  --peers LIST        comma-separated peers from ${PEERS.join(', ')}, or none (default: all)
  --elements N        elements per array (default 2^24 = 16777216; 2^k is accepted)
  --no-matmul         skip the matrix product
  --no-mnist          skip the Fashion-MNIST training epoch (bench/mnist-epoch.mjs; skipped with --quick)
  --help              this text`;
const ALLOWED = '--json, --quick, --activations LIST, --peers LIST, --elements N, --no-matmul, --no-mnist, --help';

/** One line on stderr and exit 2: the house style for bad input. */
function usageError(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function parseArguments(argv) {
  const options = { json: false, quick: false, activations: undefined, peers: [...PEERS], elements: undefined, matmul: true, mnist: true };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) usageError(`${flag} needs a value; allowed: ${ALLOWED}`);
      return v;
    };
    switch (flag) {
      case '--json':
        options.json = true;
        break;
      case '--quick':
        options.quick = true;
        break;
      case '--no-matmul':
        options.matmul = false;
        break;
      case '--no-mnist':
        options.mnist = false;
        break;
      case '--activations':
        options.activations = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--peers': {
        const list = value().split(',').map((s) => s.trim()).filter(Boolean);
        if (list.length === 1 && list[0] === 'none') options.peers = [];
        else {
          for (const peer of list) if (!PEERS.includes(peer)) usageError(`unknown peer "${peer}"; allowed: ${PEERS.join(', ')}, none`);
          options.peers = PEERS.filter((peer) => list.includes(peer));
        }
        break;
      }
      case '--elements': {
        const text = value();
        const power = /^2\^(\d+)$/.exec(text);
        const n = power ? 2 ** Number(power[1]) : /^\d+$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(n) || n < 1024 || n > 2 ** 26) usageError(`--elements must be an integer from 1024 to 2^26 (67108864), got "${text}"`);
        options.elements = n;
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        usageError(`unknown option "${raw}"; allowed: ${ALLOWED}`);
    }
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));

if (!existsSync(join(dist, 'index.js'))) {
  console.error('bench: dist/ is missing — run "npm run build" first (npm run bench does).');
  process.exit(1);
}
const actlab = await import(pathToFileURL(join(dist, 'index.js')).href);

// Activations: every elementwise one in registry order, or the ones asked for (aliases allowed).
const elementwise = actlab.ACTIVATIONS.filter((a) => a.kind === 'elementwise');
let activations = elementwise;
if (options.activations) {
  activations = [];
  for (const name of options.activations) {
    let definition;
    try {
      definition = actlab.getActivation(name);
    } catch (error) {
      usageError(String(error.message).split('\n')[0]);
    }
    if (definition.kind !== 'elementwise') {
      usageError(`${definition.id} is a vector activation; the benchmark covers the elementwise ones: ${elementwise.map((a) => a.id).join(', ')}`);
    }
    if (!activations.includes(definition)) activations.push(definition);
  }
}
const params = Object.fromEntries(elementwise.map((a) => [a.id, actlab.resolveParams(a, {})]));

// Peer packages must be installed (they are devDependencies); numpy is optional by design.
const require = createRequire(import.meta.url);
const missing = new Set();
for (const peer of options.peers) {
  for (const name of PEER_PACKAGES[peer]) {
    try {
      require.resolve(`${name}/package.json`);
    } catch {
      missing.add(name);
    }
  }
}
if (missing.size > 0) {
  console.error(`bench: peer package${missing.size > 1 ? 's' : ''} not installed: ${[...missing].join(', ')} — run "npm ci" (they are devDependencies), or leave the peer out with --peers`);
  process.exit(1);
}

const elements = options.elements ?? (options.quick ? 2 ** 16 : 2 ** 24);
const matmulShape = options.quick ? { m: 128, k: 96, n: 160 } : { m: 4096, k: 768, n: 3072 };
const timing = options.quick
  ? { seconds: 0.05, minReps: 2, maxReps: 5, slowSeconds: 1 }
  : { seconds: 1.5, minReps: 3, maxReps: 9, slowSeconds: 4 };
/** Rounds per activation: each column times its cells a few repetitions at a time, in turn. */
const rounds = options.quick ? 2 : 3;
const copyTiming = options.quick ? timing : { seconds: 1, minReps: 7, maxReps: 15, slowSeconds: 4 };
const matmulTiming = options.quick
  ? { seconds: 0.05, minReps: 2, maxReps: 5, slowSeconds: 1 }
  : { seconds: 6, minReps: 3, maxReps: 7, slowSeconds: 12 };

/** Deterministic uniform numbers (mulberry32), so every run and every column sees the same data. */
function uniform(n, low, high, seed) {
  const out = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = low + (high - low) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

function sampleIndices(count, limit, seed) {
  const r = uniform(count, 0, 1, seed);
  return Array.from(r, (u) => Math.min(limit - 1, Math.floor(u * limit))).sort((a, b) => a - b);
}

const work = mkdtempSync(join(tmpdir(), 'actlab-bench-'));
const cleanup = () => rmSync(work, { recursive: true, force: true });
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

// Inputs: x ~ U[−8, 8) reaches every kink and both saturated ends (relu6's 6, hard_sigmoid's ±3);
// the upstream gradient g ~ U[−1, 1).
const x = uniform(elements, -8, 8, 1);
const g = uniform(elements, -1, 1, 2);
const { m, k, n } = matmulShape;
const a = uniform(m * k, -1, 1, 3);
const b = uniform(n * k, -1, 1, 4);
const files = { x: join(work, 'x.f32'), g: join(work, 'g.f32'), a: join(work, 'a.f32'), b: join(work, 'b.f32') };
writeFileSync(files.x, x);
writeFileSync(files.g, g);
writeFileSync(files.a, a);
writeFileSync(files.b, b);
const samples = sampleIndices(256, elements, 5);
const matmulSamples = sampleIndices(64, Math.floor(m / 16) * n, 6); // within the rows every column computes

// Columns. actlab's: the default dispatch, the TypeScript kernels, and every other exported backend.
const kernelsModule = await import(pathToFileURL(join(dist, 'kernels', 'index.js')).href);
const isBackend = (value) =>
  typeof value === 'object' && value !== null && typeof value.name === 'string' && typeof value.forward === 'function' && typeof value.backward === 'function';
const extraBackends = Object.entries(kernelsModule).filter(([, value]) => isBackend(value) && value !== kernelsModule.jsBackend);

/** The strict WebAssembly module (SIMD only), whatever this Node's features: the actlab columns' baseline. */
const STRICT = { ACTLAB_WASM: 'strict' };
const columns = [
  { id: 'actlab', label: 'actlab', kind: 'actlab', child: 'kernels/actlab.mjs', mode: 'auto', threads: [1, 2], env: STRICT },
  // The same dispatch on arrays that live in the WebAssembly module's memory (allocateKernelArray),
  // as tfjs-wasm's tensors do: no copy in or out.
  { id: 'actlab-zero-copy', label: 'actlab zero-copy', kind: 'actlab', child: 'kernels/actlab.mjs', mode: 'zero-copy', threads: [], env: STRICT },
  // The relaxed-SIMD module (fused multiply-adds), in a Node with relaxed SIMD switched on (Node 20 has it behind a flag).
  {
    id: 'actlab-relaxed',
    label: 'actlab relaxed',
    kind: 'actlab',
    child: 'kernels/actlab.mjs',
    mode: 'auto',
    threads: [1, 2],
    nodeArgs: ['--experimental-wasm-relaxed-simd'],
    env: { ACTLAB_WASM: 'relaxed' },
  },
  // The relaxed module's kernels on arrays in its memory: what a page in Chromium (relaxed SIMD
  // since 114) gets with allocateKernelArray. Beside the strict zero-copy column; the ratios to
  // the peers use the strict columns (Node 20's default).
  {
    id: 'actlab-relaxed-zero-copy',
    label: 'actlab relaxed zero-copy',
    kind: 'actlab',
    child: 'kernels/actlab.mjs',
    mode: 'zero-copy',
    threads: [],
    nodeArgs: ['--experimental-wasm-relaxed-simd'],
    env: { ACTLAB_WASM: 'relaxed' },
  },
  { id: 'actlab-ts', label: 'actlab TS', kind: 'actlab', child: 'kernels/actlab.mjs', mode: 'ts', threads: [1] },
  ...extraBackends.map(([exportName, backend]) => ({
    id: `actlab-${backend.name}`,
    label: `actlab ${backend.name}`,
    kind: 'actlab',
    child: 'kernels/actlab.mjs',
    mode: `backend:${exportName}`,
    threads: [], // the matrix product does not go through a KernelBackend
  })),
  { id: 'tfjs-cpu', label: 'tfjs-cpu', kind: 'peer', child: 'kernels/tfjs.mjs', mode: 'cpu', threads: [1] },
  { id: 'tfjs-wasm', label: 'tfjs-wasm', kind: 'peer', child: 'kernels/tfjs.mjs', mode: 'wasm', threads: [1] },
  { id: 'onnxruntime', label: 'onnxruntime', kind: 'peer', child: 'kernels/onnx.mjs', mode: 'cpu', threads: [1, 2] },
  { id: 'numpy', label: 'numpy', kind: 'peer', python: true, threads: [1, 2] },
].filter((column) => column.kind === 'actlab' || options.peers.includes(column.id));

const numpyProbe = options.peers.includes('numpy') ? spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }) : undefined;
const numpyColumn = columns.find((column) => column.id === 'numpy');
if (numpyColumn && numpyProbe.status !== 0) {
  numpyColumn.skipped = numpyProbe.error
    ? `python3 not found (${numpyProbe.error.code ?? numpyProbe.error.message})`
    : `python3 -c "import numpy" failed: ${(numpyProbe.stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`;
}

function baseTask(column, extra = {}) {
  return {
    column: column.id,
    mode: column.mode,
    dist,
    elements,
    activations: activations.map((a) => a.id),
    params,
    files,
    sampleIndices: samples,
    timing,
    copyTiming,
    matmul: options.matmul ? { ...matmulShape, threads: column.threads, sampleIndices: matmulSamples, timing: matmulTiming } : undefined,
    ...extra,
  };
}

/**
 * Starts a child speaking the `@@` protocol of bench/kernels/common.mjs; its other output goes
 * to stderr. `ready` resolves to its info once it has loaded its peer; `request` sends one
 * request and resolves to the reply (rejects with the child's one-line error, or when it died).
 */
function startChild(name, command, args, task, env = process.env) {
  const taskFile = join(work, `${name}.task.json`);
  writeFileSync(taskFile, JSON.stringify(task));
  const child = spawn(command, [...args, taskFile], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const waiting = [];
  let dead;
  const fail = (message) => {
    dead ??= message;
    while (waiting.length) waiting.shift().reject(new Error(dead));
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^@@(ready|reply|error) (.*)$/.exec(line);
    if (!match) {
      process.stderr.write(`${line}\n`);
      return;
    }
    const next = waiting.shift();
    const payload = JSON.parse(match[2]);
    if (match[1] === 'error') next?.reject(new Error(payload));
    else next?.resolve(payload);
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  child.stdin.on('error', () => {}); // a child that died is reported by 'close'
  child.on('error', (error) => fail(`${command} could not start: ${error.message}`));
  const closed = new Promise((done) => child.on('close', (code) => done(fail(`${name} exited with code ${code}`))));
  const expect = () => new Promise((resolve, reject) => (dead ? reject(new Error(dead)) : waiting.push({ resolve, reject })));
  return {
    ready: expect(),
    request(payload) {
      const reply = expect();
      if (!dead) child.stdin.write(`${JSON.stringify(payload)}\n`);
      return reply;
    },
    close() {
      if (!dead) child.stdin.end(`${JSON.stringify({ cmd: 'exit' })}\n`);
      return closed;
    },
  };
}

const started = performance.now();
const log = (text) => process.stderr.write(`bench: ${text}\n`);
log(`${elements.toLocaleString('en')} float32 elements, ${activations.length} activation${activations.length > 1 ? 's' : ''}, columns: ${columns.map((c) => c.label).join(', ')}`);

// numpy: the elementwise formulas and the 1-thread product in one process, the 2-thread product in
// another (OpenBLAS reads its thread count from the environment when numpy loads).
const threadEnv = (t) => ({ ...process.env, OPENBLAS_NUM_THREADS: String(t), OMP_NUM_THREADS: String(t), MKL_NUM_THREADS: String(t) });
const launch = (column, name = column.id, threads = column.threads, env = undefined) =>
  column.python
    ? startChild(name, 'python3', [join(here, 'numpy_kernels.py')], baseTask({ ...column, threads }), env)
    : startChild(name, process.execPath, [...(column.nodeArgs ?? []), join(here, column.child)], baseTask(column), { ...process.env, ...column.env });

// Load every column first (one at a time, nothing is being timed yet)…
const results = {};
const children = {};
for (const column of columns) {
  if (column.skipped) {
    log(`${column.label}: skipped — ${column.skipped}`);
    continue;
  }
  log(`loading ${column.label}…`);
  const child = column.python ? launch(column, 'numpy-1', [1], threadEnv(1)) : launch(column);
  try {
    results[column.id] = { info: await child.ready, cells: {}, matmul: [] };
    children[column.id] = child;
  } catch (error) {
    results[column.id] = { error: error.message };
    log(`${column.label} failed: ${error.message}`);
  }
}
const live = () => columns.filter((column) => children[column.id] && !results[column.id].error);

/** One request to a column; a child that died marks its column failed. */
async function ask(column, request) {
  try {
    return await children[column.id].request(request);
  } catch (error) {
    results[column.id].error = error.message;
    log(`${column.label} failed: ${error.message}`);
    return undefined;
  }
}

// …then interleave them cell by cell, so the machine's load (it is shared) falls on every column alike.
const copyRuns = [];
const copyColumn = columns[0];
const streamRuns = { forward: [], backward: [] };
const streamColumn = columns.find((column) => column.mode === 'zero-copy');
const measureCopy = async () => {
  const reply = children[copyColumn.id] ? await ask(copyColumn, { cmd: 'copy' }) : undefined;
  if (reply) copyRuns.push(...reply.seconds);
  const streams = streamColumn && children[streamColumn.id] ? await ask(streamColumn, { cmd: 'stream' }) : undefined;
  for (const direction of ['forward', 'backward']) if (streams?.[direction]) streamRuns[direction].push(...streams[direction].seconds);
};
await measureCopy();
for (const [index, definition] of activations.entries()) {
  log(`${definition.id} (${index + 1}/${activations.length})`);
  for (let round = 0; round < rounds; round++) {
    for (const column of live()) {
      const reply = await ask(column, { cmd: 'cells', activations: [definition.id], round, rounds });
      if (reply) Object.assign(results[column.id].cells, reply.cells);
    }
  }
}
await measureCopy();
if (options.matmul) {
  log('matrix product');
  for (const column of live()) {
    const reply = await ask(column, { cmd: 'matmul' });
    if (reply) results[column.id].matmul.push(...reply.matmul);
    if (column.python && reply) {
      const two = launch(column, 'numpy-2', [2], threadEnv(2));
      try {
        await two.ready;
        const second = await two.request({ cmd: 'matmul' });
        results[column.id].matmul.push(...second.matmul);
      } catch (error) {
        results[column.id].matmul.push({ threads: 2, error: error.message });
      }
      await two.close();
    }
  }
}
await Promise.all(Object.values(children).map((child) => child.close()));
const copy = copyRuns.length
  ? { melemPerSec: elements / median(copyRuns) / 1e6, seconds: copyRuns }
  : { melemPerSec: NaN, error: results[copyColumn.id]?.error ?? 'not measured' };
/** WebAssembly's stream ceiling per direction (NaN when the zero-copy column did not run). */
const ceiling = Object.fromEntries(
  ['forward', 'backward'].map((direction) => [direction, streamRuns[direction].length ? elements / median(streamRuns[direction]) / 1e6 : NaN]),
);

// Reference values at the sample points: actlab's float64 scalar definitions of the same float32 inputs.
function checkSamples(definition, direction, values) {
  const p = params[definition.id];
  let worst = 0;
  samples.forEach((index, j) => {
    const z = x[index];
    const reference = direction === 'forward' ? definition.f(z, p) : g[index] * definition.df(z, p);
    const value = values[j];
    const error = Number.isFinite(value) || value === reference ? Math.abs(value - reference) / Math.max(1, Math.abs(reference)) : Infinity;
    if (!(error <= worst)) worst = error;
  });
  return worst;
}

function matmulReference(index) {
  const row = Math.floor(index / n);
  const col = index % n;
  let sum = 0;
  let scale = 0;
  for (let p = 0; p < k; p++) {
    sum += a[row * k + p] * b[col * k + p];
    scale += Math.abs(a[row * k + p] * b[col * k + p]);
  }
  return { sum, scale };
}

const peerColumns = columns.filter((c) => c.kind === 'peer');
const rows = [];
for (const definition of activations) {
  for (const direction of ['forward', 'backward']) {
    const cells = {};
    for (const column of columns) {
      const result = results[column.id];
      const cell = result?.cells?.[`${definition.id}/${direction}`];
      if (!cell) continue;
      if (cell.error) {
        cells[column.id] = { error: cell.error };
        continue;
      }
      const maxError = checkSamples(definition, direction, cell.samples);
      cells[column.id] = {
        melemPerSec: cell.melemPerSec,
        seconds: cell.seconds,
        composed: cell.composed,
        check: { maxError, ok: maxError <= CHECK_TOLERANCE },
      };
    }
    let fastest;
    for (const column of peerColumns) {
      const cell = cells[column.id];
      if (cell?.check?.ok && (!fastest || cell.melemPerSec > fastest.melemPerSec)) fastest = { column: column.id, melemPerSec: cell.melemPerSec };
    }
    // actlab's figure: the faster of its default dispatch on ordinary arrays and on kernel arrays.
    const oursColumn = ['actlab', 'actlab-zero-copy'].filter((id) => cells[id]?.check?.ok).sort((a, b) => cells[b].melemPerSec - cells[a].melemPerSec)[0];
    const ours = oursColumn ? cells[oursColumn].melemPerSec : undefined;
    const copyTarget = direction === 'forward' ? (RELU_FAMILY.has(definition.id) ? GOALS.copyReluFamily : GOALS.copyOther) : undefined;
    const ratioToPeer = ours !== undefined && fastest ? ours / fastest.melemPerSec : undefined;
    const ratioToCopy = ours !== undefined ? ours / copy.melemPerSec : undefined;
    rows.push({
      activation: definition.id,
      direction,
      cells,
      actlabColumn: oursColumn,
      fastestPeer: fastest,
      ratioToFastestPeer: ratioToPeer,
      ratioToCopy,
      goals: {
        peer: { target: GOALS.peerRatio, met: ratioToPeer === undefined ? undefined : ratioToPeer >= GOALS.peerRatio },
        copy: copyTarget === undefined ? undefined : { target: copyTarget, met: ratioToCopy === undefined ? undefined : ratioToCopy >= copyTarget },
      },
      // The peer goal asks for more than WebAssembly can stream through memory in this direction.
      beyondStreamCeiling: fastest ? GOALS.peerRatio * fastest.melemPerSec > ceiling[direction] : undefined,
    });
  }
}

const matmulRows = [];
if (options.matmul) {
  for (const column of columns) {
    for (const entry of results[column.id]?.matmul ?? []) {
      if (entry.error) {
        matmulRows.push({ column: column.id, label: column.label, threads: entry.threads, error: entry.error });
        continue;
      }
      let maxError = 0;
      entry.samples.forEach((value, j) => {
        const { sum, scale } = matmulReference(matmulSamples[j]);
        maxError = Math.max(maxError, Math.abs(value - sum) / Math.max(scale, 1e-30));
      });
      matmulRows.push({
        column: column.id,
        label: column.label,
        threads: entry.threads,
        m: entry.m,
        k: entry.k,
        n: entry.n,
        gflopPerSec: entry.gflopPerSec,
        seconds: entry.seconds,
        note: entry.note,
        check: { maxError, ok: maxError <= 1e-5 },
      });
    }
  }
}
const tfjsWasmMatmul = matmulRows.find((r) => r.column === 'tfjs-wasm' && r.threads === 1);
/** actlab ÷ tfjs-wasm at one thread, for the strict module (`actlab`) and the relaxed one (`actlab-relaxed`). */
const goalFor = (id) => {
  const ours = matmulRows.find((r) => r.column === id && r.threads === 1);
  if (!ours?.gflopPerSec || !tfjsWasmMatmul?.gflopPerSec) return undefined;
  const ratio = ours.gflopPerSec / tfjsWasmMatmul.gflopPerSec;
  return { column: id, target: GOALS.matmulVsTfjsWasm, ratio, met: ratio >= GOALS.matmulVsTfjsWasm };
};
const matmulGoal = goalFor('actlab');
const matmulGoalRelaxed = goalFor('actlab-relaxed');

const columnInfo = columns.map((column) => ({
  id: column.id,
  label: column.label,
  kind: column.kind,
  available: !column.skipped && !results[column.id]?.error,
  ...(column.skipped ? { skipped: column.skipped } : {}),
  ...(results[column.id]?.error ? { error: results[column.id].error } : {}),
  info: results[column.id]?.info ?? {},
}));
const autoBackend = results.actlab?.info?.backend;
const counted = (list) => ({ met: list.filter((v) => v === true).length, of: list.filter((v) => v !== undefined).length });
const summary = {
  peer: counted(rows.map((r) => r.goals.peer.met)),
  copy: counted(rows.map((r) => r.goals.copy?.met)),
  matmul: matmulGoal,
  matmulRelaxed: matmulGoalRelaxed,
  missedBeyondStreamCeiling: rows.filter((r) => r.goals.peer.met === false && r.beyondStreamCeiling).map((r) => ({ activation: r.activation, direction: r.direction })),
  slowerThanAPeer: rows.filter((r) => r.ratioToFastestPeer !== undefined && r.ratioToFastestPeer < 1).map((r) => ({ activation: r.activation, direction: r.direction, fastestPeer: r.fastestPeer.column })),
};
/**
 * One Fashion-MNIST training epoch, actlab against tfjs-cpu and tfjs-wasm (bench/mnist-epoch.mjs,
 * its own child processes, after every other column is done): its table, or its JSON.
 */
function mnistEpoch() {
  if (!options.mnist || options.quick) return undefined;
  const tfjsPeers = options.peers.filter((peer) => peer.startsWith('tfjs'));
  const args = [join(here, 'mnist-epoch.mjs'), '--peers', tfjsPeers.length ? tfjsPeers.join(',') : 'none', ...(options.json ? ['--json'] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) return { error: (child.stderr.trim().split('\n').pop() ?? `exit ${child.status}`).slice(0, 300) };
  return options.json ? JSON.parse(child.stdout) : { text: child.stdout };
}
const mnist = mnistEpoch();
const seconds = (performance.now() - started) / 1000;

if (options.json) {
  const report = {
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, date: new Date().toISOString() },
    config: { elements, quick: options.quick, activations: activations.map((d) => d.id), peers: options.peers, matmul: options.matmul ? matmulShape : null, timing, inputs: 'x ~ U[-8, 8), gradOut ~ U[-1, 1), float32' },
    columns: columnInfo,
    copy,
    streamCeiling: ceiling,
    rows,
    matmul: matmulRows,
    goals: GOALS,
    summary,
    mnistEpoch: mnist ?? null,
    seconds,
  };
  console.log(JSON.stringify(report, null, 2));
} else {
  printTables();
}

function fmt(value, digits = 0) {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (digits > 0 && value < 1) return value.toPrecision(2);
  return value >= 100 || digits === 0 ? value.toFixed(0) : value.toFixed(digits);
}

function printTables() {
  const shown = columns.filter((c) => !c.skipped && Object.keys(results[c.id]?.cells ?? {}).length > 0);
  const moduleOf = (column) => results[column.id]?.info?.wasmModule;
  const labelOf = (column) =>
    column.id === 'actlab' && autoBackend
      ? `actlab (auto: ${autoBackend}, ${moduleOf(column)} module)`
      : column.id === 'actlab-relaxed' && moduleOf(column)
        ? `actlab (${moduleOf(column)} module)`
        : column.id === 'actlab-relaxed-zero-copy' && moduleOf(column)
          ? `actlab zero-copy (${moduleOf(column)} module)`
          : column.label;
  const flagged = [];
  console.log(`## Activation kernels: million elements/s, ${elements.toLocaleString('en')} float32 elements, one thread (median)\n`);
  console.log(`| activation | | ${shown.map(labelOf).join(' | ')} | fastest peer | actlab ÷ peer | actlab ÷ copy |`);
  console.log(`|---|---|${shown.map(() => '---:').join('|')}|---|---:|---:|`);
  for (const row of rows) {
    const cells = shown.map((column) => {
      const cell = row.cells[column.id];
      if (!cell) return '—';
      if (cell.error) {
        flagged.push(`${column.label} ${row.activation} ${row.direction}: ${cell.error}`);
        return 'error';
      }
      let text = fmt(cell.melemPerSec) + (cell.composed ? '*' : '');
      if (!cell.check.ok) {
        text += '!';
        flagged.push(`${column.label} ${row.activation} ${row.direction}: differs from actlab's definition by ${cell.check.maxError.toPrecision(2)} (relative) at a sample point`);
      }
      return text;
    });
    const peer = row.fastestPeer ? `${row.fastestPeer.column} ${fmt(row.fastestPeer.melemPerSec)}` : '—';
    const mark = (goal) => (goal?.met === undefined ? '' : goal.met ? ' ✓' : ' ✗');
    const ratio = row.ratioToFastestPeer === undefined ? '—' : `${row.ratioToFastestPeer.toFixed(2)}×${mark(row.goals.peer)}`;
    const percent = 100 * (row.ratioToCopy ?? NaN);
    const copyRatio = Number.isFinite(percent) ? `${percent.toFixed(percent < 10 ? 1 : 0)} %${mark(row.goals.copy)}` : '—';
    console.log(`| ${row.activation} | ${row.direction === 'forward' ? 'fwd' : 'bwd'} | ${cells.join(' | ')} | ${peer} | ${ratio} | ${copyRatio} |`);
  }
  console.log(`\nCopy (TypedArray.prototype.set): ${fmt(copy.melemPerSec)} million elements/s.`);
  if (Number.isFinite(ceiling.forward)) {
    console.log(
      `WebAssembly stream ceiling (actlab's identity kernels on arrays in the module's memory: v128 loads and stores, nothing computed): ` +
        `one array in, one out ${fmt(ceiling.forward)} million elements/s; two in, one out ${fmt(ceiling.backward)}.`,
    );
  }
  console.log(
    `Goals (issue 6): actlab ≥ ${GOALS.peerRatio}× the fastest peer — met ${summary.peer.met} of ${summary.peer.of}; ` +
      `forward ≥ ${100 * GOALS.copyReluFamily} % of copy for the ReLU family, ≥ ${100 * GOALS.copyOther} % for the rest — met ${summary.copy.met} of ${summary.copy.of}.`,
  );
  if (summary.slowerThanAPeer.length) {
    const byActivation = new Map();
    for (const { activation, direction } of summary.slowerThanAPeer) {
      byActivation.set(activation, [...(byActivation.get(activation) ?? []), direction === 'forward' ? 'fwd' : 'bwd']);
    }
    const list = [...byActivation].map(([activation, directions]) => `${activation} ${directions.join('/')}`);
    console.log(`actlab is slower than the fastest peer (${summary.slowerThanAPeer.length} of ${rows.length} rows): ${list.join(', ')}.`);
  }
  if (summary.missedBeyondStreamCeiling.length) {
    const list = summary.missedBeyondStreamCeiling.map(({ activation, direction }) => `${activation} ${direction === 'forward' ? 'fwd' : 'bwd'}`);
    console.log(
      `Missed, and out of reach of any WebAssembly kernel here (${GOALS.peerRatio}× the peer exceeds the stream ceiling, measured above): ${list.join(', ')}.`,
    );
  }
  console.log(
    '\n* composed from the peer\'s primitives (no op of its own for this activation; ONNX backward graphs are always composed). ' +
      '— not measured (no op; tfjs\'s identity shares its input, so linear has nothing to time). ' +
      '! output differs from actlab\'s float64 definition by more than 1e-3 at a sample point (excluded from "fastest peer"). ' +
      'Backward = gradOut·f′(x) from x and gradOut (tfjs: tf.grad(f)(x, dy), which also runs f). Outputs go to a reused buffer except in tfjs, which has no out= API. ' +
      `Each cell: the median of ${timing.minReps}–${timing.maxReps} timed calls after a warm-up, taken in ${rounds} rounds interleaved with the other columns.`,
  );
  for (const column of columns.filter((c) => c.skipped)) console.log(`${column.label} column skipped: ${column.skipped}.`);
  for (const column of columns.filter((c) => results[c.id]?.error)) console.log(`${column.label} column failed: ${results[column.id].error}.`);
  if (flagged.length) console.log(`\nFlagged:\n${flagged.map((f) => `- ${f}`).join('\n')}`);

  if (options.matmul) {
    console.log(`\n## Matrix product ${m}×${k} · (${n}×${k})ᵀ, float32: GFLOP/s (median)\n`);
    console.log('| | threads | GFLOP/s | note |');
    console.log('|---|---:|---:|---|');
    for (const row of matmulRows) {
      if (row.error) {
        console.log(`| ${row.label} | ${row.threads} | error | ${row.error} |`);
        continue;
      }
      const notes = [row.note, row.m !== m ? `only ${row.m} of the ${m} rows (${row.m}×${k} · (${n}×${k})ᵀ)` : '', row.seconds.length === 1 ? '1 repetition' : `${row.seconds.length} repetitions`, row.check.ok ? '' : `differs from the float64 product by ${row.check.maxError.toPrecision(2)} (relative)!`];
      const module = results[row.column]?.info?.wasmModule;
      const label = row.column.startsWith('actlab') && module ? `${row.label} (${module === 'none' ? 'no WebAssembly' : `${module} module`})` : row.label;
      console.log(`| ${label} | ${row.threads} | ${fmt(row.gflopPerSec, 1)} | ${notes.filter(Boolean).join('; ')} |`);
    }
    for (const goal of [matmulGoal, matmulGoalRelaxed].filter(Boolean)) {
      console.log(`${goal === matmulGoal ? '\n' : ''}${goal.column} ÷ tfjs-wasm at one thread: ${goal.ratio.toFixed(2)}× (goal ≥ ${GOALS.matmulVsTfjsWasm}×) ${goal.met ? '✓' : '✗'}`);
    }
    console.log(
      'The strict module is WebAssembly SIMD only (mul then add); the relaxed one fuses each multiply-add (f32x4.relaxed_madd), ' +
        `run here in a child Node with --experimental-wasm-relaxed-simd (${results['actlab-relaxed']?.info?.wasmModule ?? 'not run'}).`,
    );
  }
  if (mnist?.text) process.stdout.write(mnist.text);
  else if (mnist?.error) console.log(`\n## Fashion-MNIST MLP, one epoch\n\nfailed: ${mnist.error}`);
  else console.log(`\nFashion-MNIST training epoch: ${options.quick ? 'skipped with --quick' : 'skipped (--no-mnist)'}; npm run bench:mnist runs it alone.`);
  console.log(`\n${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; inputs x ~ U[−8, 8), gradOut ~ U[−1, 1); ${seconds.toFixed(0)} s.`);
}
