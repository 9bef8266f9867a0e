/**
 * The matrix product on more than one core (Node only: worker_threads). After
 * `enableMatmulThreads()`, large {@link matmulTransposeB} calls split their output rows between
 * this thread and worker threads; each worker runs the same WebAssembly kernel on its rows, so
 * every entry has the same bits as in one thread. Large float64 elementwise forward passes of
 * the smooth activations go through the same workers (`forwardSplit`, src/kernels/parallel.ts). The call stays synchronous: inputs go to
 * SharedArrayBuffers, the workers are woken by a message, this thread computes its own rows and
 * then blocks on `Atomics.wait` until the workers are done.
 *
 * ```ts
 * import { enableMatmulThreads } from 'actlab/node';
 * enableMatmulThreads();        // one worker per extra core
 * ```
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { getElementwise } from '../activations/index.js';
import { ActlabError, InvalidParameterError } from '../errors.js';
import { forward } from '../kernels/index.js';
import { setMatmulSplitter, type MatmulSplitter, type MatrixArray } from '../kernels/matmul.js';
import { setForwardSplitter, type ForwardSplitter } from '../kernels/parallel.js';
import type { ForwardJob, MatmulJob } from './matmul-worker.js';
import { wasmModuleKind } from '../wasm/index.js';

let workers: Worker[] = [];
/** Worker threads wanted (started on the first product large enough to use them). */
let wanted = 0;
const WORKER_URL = new URL('./matmul-worker.js', import.meta.url);

/** Starts the wanted workers if they are not running; false where the compiled worker is missing (running from TypeScript sources). */
function ensureWorkers(): boolean {
  if (workers.length === wanted) return wanted > 0;
  if (!existsSync(fileURLToPath(WORKER_URL))) return false;
  for (let i = workers.length; i < wanted; i++) {
    // The module this thread runs (strict or relaxed SIMD), so that a split product has the bits of an unsplit one.
    const kind = wasmModuleKind();
    const worker = new Worker(WORKER_URL, kind ? { env: { ...process.env, ACTLAB_WASM: kind } } : {});
    worker.on('message', (message: unknown) => process.stderr.write(`actlab matmul worker: ${String(message)}\n`));
    worker.unref();
    workers.push(worker);
  }
  return true;
}

/** Products with fewer multiply-adds than this stay in one thread (waking workers costs ~0.1 ms). */
const MIN_WORK = 1 << 24;

/** Whether `a` is a view of shared memory (then workers can read and write it in place). */
function isShared(a: MatrixArray): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}

/** `source` itself when it is in shared memory, else a copy of it there. */
function shared<T extends MatrixArray>(source: T): T {
  if (isShared(source)) return source;
  const Type = source instanceof Float32Array ? Float32Array : Float64Array;
  const view = new Type(new SharedArrayBuffer(source.byteLength) as unknown as ArrayBuffer) as T;
  view.set(source);
  return view;
}

const splitter: MatmulSplitter = (a, b, out, bias, m, k, n, relu, own) => {
  if (m * k * n < MIN_WORK || m < 2 * (wanted + 1) || !ensureWorkers()) return false;
  const parts = workers.length + 1;
  const rowsPer = Math.ceil(m / parts);
  const sharedB = shared(b);
  const sharedBias = bias && shared(bias);
  const jobs = workers.map((worker, w) => {
    const r0 = Math.min(m, (w + 1) * rowsPer);
    const r1 = Math.min(m, r0 + rowsPer);
    const rows = r1 - r0;
    const Type = out instanceof Float32Array ? Float32Array : Float64Array;
    const job: MatmulJob = {
      a: shared(a.subarray(r0 * k, r1 * k)),
      b: sharedB,
      // A shared `out` is written in place; otherwise the block is copied back below.
      out: isShared(out) ? out.subarray(r0 * n, r1 * n) : new Type(new SharedArrayBuffer(rows * n * Type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer),
      bias: sharedBias,
      m: rows,
      k,
      n,
      relu,
      flag: new Int32Array(new SharedArrayBuffer(4)),
    };
    if (rows > 0) worker.postMessage(job);
    else Atomics.store(job.flag, 0, 1);
    return { job, r0 };
  });
  own(0, Math.min(m, rowsPer));
  for (const { job, r0 } of jobs) {
    waitFor(job.flag);
    if (job.out.buffer !== out.buffer) out.set(job.out, r0 * n);
  }
  return true;
};

/** Waits for a job's flag; throws if the worker failed. */
function waitFor(flag: Int32Array): void {
  Atomics.wait(flag, 0, 0);
  if (Atomics.load(flag, 0) !== 1) throw new ActlabError('matmul worker thread failed (see its message on stderr)', 'WORKER');
}

/** Elementwise forward passes: contiguous blocks of elements, this thread taking the first. */
const forwardSplitter: ForwardSplitter = (id, params, x, out) => {
  if (x.length < 2 * (wanted + 1) || !ensureWorkers()) return false;
  const per = Math.ceil(x.length / (workers.length + 1));
  const jobs = workers.map((worker, w) => {
    const start = Math.min(x.length, (w + 1) * per);
    const end = Math.min(x.length, start + per);
    const job: ForwardJob = {
      kind: 'forward',
      id,
      params,
      x: shared(x.subarray(start, end)),
      out: isShared(out) ? out.subarray(start, end) : new Float64Array(new SharedArrayBuffer((end - start) * 8)),
      flag: new Int32Array(new SharedArrayBuffer(4)),
    };
    if (end > start) worker.postMessage(job);
    else Atomics.store(job.flag, 0, 1);
    return { job, start };
  });
  forward(getElementwise(id), x.subarray(0, per), { out: out.subarray(0, per), params });
  for (const { job, start } of jobs) {
    waitFor(job.flag);
    if (job.out.buffer !== out.buffer) out.set(job.out, start);
  }
  return true;
};

/**
 * Uses `threads − 1` worker threads (default: one per core, at most 8) for large matrix
 * products; returns the number of threads. The workers start with the first product large
 * enough to need them; calling this again resizes the pool, `enableMatmulThreads(1)` stops
 * them. Workers do not keep the process alive.
 * @param options.startNow Start the workers now, in the background, instead of at the first
 *   large product: their start-up (loading the module, compiling its WebAssembly: ~0.1 s) then
 *   overlaps whatever the caller does first (the CLI's `run` does this).
 * @throws {InvalidParameterError} unless threads is an integer in [1, 64].
 */
export function enableMatmulThreads(threads: number = Math.min(availableParallelism(), 8), options: { readonly startNow?: boolean } = {}): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new InvalidParameterError('enableMatmulThreads', 'threads', threads, 'an integer in [1, 64]');
  }
  for (const worker of workers) void worker.terminate();
  workers = [];
  wanted = threads - 1;
  setMatmulSplitter(threads > 1 ? splitter : undefined);
  setForwardSplitter(threads > 1 ? forwardSplitter : undefined);
  if (options.startNow && threads > 1) ensureWorkers();
  return threads;
}
