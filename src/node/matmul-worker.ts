/**
 * A matrix-product worker thread (see threads.ts): computes its block of output rows with the
 * WebAssembly kernel — or its block of a large elementwise forward pass (src/kernels/parallel.ts)
 * — reading inputs from and writing the result to shared memory, then flips the job's flag so
 * the waiting thread wakes.
 * @module
 */
import '../formula/install.js'; // a formula's id from the main thread is read here too
import { parentPort } from 'node:worker_threads';
import { getElementwise } from '../activations/index.js';
import type { ParamValues } from '../activations/types.js';
import { forward } from '../kernels/index.js';
import { matmulTransposeB, type MatrixArray } from '../kernels/matmul.js';

/** One job: out = act(a·bᵀ + bias) for a block of rows; all arrays are views of SharedArrayBuffers. */
export interface MatmulJob {
  readonly a: MatrixArray;
  readonly b: MatrixArray;
  readonly out: MatrixArray;
  readonly bias: MatrixArray | undefined;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly relu: boolean;
  /** [0] = 0 while running, 1 when done, 2 on error (the message is posted). */
  readonly flag: Int32Array;
}

/** One block of an elementwise forward pass: out = f(x), f the registry's activation `id`. */
export interface ForwardJob {
  readonly kind: 'forward';
  readonly id: string;
  readonly params: ParamValues;
  readonly x: Float64Array;
  readonly out: Float64Array;
  /** As {@link MatmulJob.flag}. */
  readonly flag: Int32Array;
}

parentPort?.on('message', (job: MatmulJob | ForwardJob) => {
  try {
    if ('kind' in job) forward(getElementwise(job.id), job.x, { out: job.out, params: job.params });
    else matmulTransposeB(job.a, job.b, job.m, job.k, job.n, job.out, { ...(job.bias ? { bias: job.bias } : {}), activation: job.relu ? 'relu' : 'none' });
    Atomics.store(job.flag, 0, 1);
  } catch (error) {
    parentPort?.postMessage(error instanceof Error ? error.message : String(error));
    Atomics.store(job.flag, 0, 2);
  }
  Atomics.notify(job.flag, 0);
});
