/**
 * A report worker: runs the tasks it is sent and posts back their sections (and progress).
 * Each experiment seeds its own generator, so where it runs does not change a number.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import '../formula/install.js'; // a formula named in a task is read here too
import type { RngKind } from '../math/rng.js';
import { installFashionMnistLoader } from '../node/fashion-mnist.js';
import { runTask, type ReportTask } from './build.js';

// The fashion-mnist section reads its images from disk here.
installFashionMnistLoader();

export interface WorkerRequest {
  readonly task: ReportTask;
  readonly index: number;
  readonly rng: RngKind;
  readonly seed: number;
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly index: number; readonly fraction: number }
  | { readonly kind: 'done'; readonly index: number; readonly section: ReturnType<typeof runTask> }
  | { readonly kind: 'error'; readonly index: number; readonly message: string };

parentPort?.on('message', (request: WorkerRequest) => {
  const post = (message: WorkerMessage) => parentPort?.postMessage(message);
  try {
    let last = -1;
    const section = runTask(request.task, request.rng, request.seed, (fraction) => {
      const percent = Math.floor(fraction * 100);
      if (percent !== last) {
        last = percent;
        post({ kind: 'progress', index: request.index, fraction });
      }
    });
    post({ kind: 'done', index: request.index, section });
  } catch (error) {
    post({ kind: 'error', index: request.index, message: error instanceof Error ? error.message : String(error) });
  }
});
