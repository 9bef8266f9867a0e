/**
 * The matrix product on more than one core (Node only: worker_threads). After
 * `enableMatmulThreads()`, large {@link matmulTransposeB} calls split their output rows between
 * this thread and worker threads; each worker runs the same WebAssembly kernel on its rows, so
 * every entry has the same bits as in one thread. The call stays synchronous: inputs go to
 * SharedArrayBuffers, the workers are woken by a message, this thread computes its own rows and
 * then blocks on `Atomics.wait` until the workers are done.
 *
 * ```ts
 * import { enableMatmulThreads } from 'actlab/node';
 * enableMatmulThreads();        // one worker per extra core
 * ```
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ActlabError, InvalidParameterError } from '../errors.js';
import { setMatmulSplitter, type MatmulSplitter, type MatrixArray } from '../kernels/matmul.js';
import type { MatmulJob } from './matmul-worker.js';

let workers: Worker[] = [];

/** Products with fewer multiply-adds than this stay in one thread (waking workers costs ~0.1 ms). */
const MIN_WORK = 1 << 24;

function shared<T extends MatrixArray>(source: T): T {
  const Type = source instanceof Float32Array ? Float32Array : Float64Array;
  const view = new Type(new SharedArrayBuffer(source.byteLength) as unknown as ArrayBuffer) as T;
  view.set(source);
  return view;
}

const splitter: MatmulSplitter = (a, b, out, bias, m, k, n, relu, own) => {
  if (m * k * n < MIN_WORK || workers.length === 0 || m < 2 * (workers.length + 1)) return false;
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
      out: new Type(new SharedArrayBuffer(rows * n * Type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer),
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
    Atomics.wait(job.flag, 0, 0);
    if (Atomics.load(job.flag, 0) !== 1) throw new ActlabError('matmul worker thread failed (see its message on stderr)', 'WORKER');
    out.set(job.out, r0 * n);
  }
  return true;
};

/**
 * Starts `threads − 1` worker threads (default: one per core) for large matrix products and
 * routes them there; returns the number of threads in use. Calling it again resizes the pool;
 * `enableMatmulThreads(1)` stops the workers. Workers do not keep the process alive.
 * @throws {InvalidParameterError} unless threads is an integer in [1, 64].
 */
export function enableMatmulThreads(threads: number = Math.min(availableParallelism(), 8)): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new InvalidParameterError('enableMatmulThreads', 'threads', threads, 'an integer in [1, 64]');
  }
  for (const worker of workers) void worker.terminate();
  workers = [];
  for (let i = 1; i < threads; i++) {
    const worker = new Worker(new URL('./matmul-worker.js', import.meta.url));
    worker.on('message', (message: unknown) => process.stderr.write(`actlab matmul worker: ${String(message)}\n`));
    worker.unref();
    workers.push(worker);
  }
  setMatmulSplitter(threads > 1 ? splitter : undefined);
  return threads;
}
