/**
 * A fashion-mnist job worker: trains the (activation, seed) runs it is sent, posting each epoch
 * and the finished run. Each run draws only from its own seed, so where it runs changes no number.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import '../formula/install.js'; // a formula named in the runs is read here too
import { DEFAULT_TRAINER, fashionMnistSplits, trainRun, type FashionMnistConfig, type FashionRun } from '../experiments/fashion-mnist.js';
import { installFashionMnistLoader } from './fashion-mnist.js';

export interface JobRequest {
  readonly config: FashionMnistConfig;
  readonly index: number;
  readonly activation: string;
  readonly seed: number;
}

export type JobMessage =
  | { readonly kind: 'epoch' | 'done'; readonly index: number; readonly run: FashionRun }
  | { readonly kind: 'error'; readonly index: number; readonly message: string };

installFashionMnistLoader();
parentPort?.on('message', (request: JobRequest) => {
  const post = (message: JobMessage) => parentPort?.postMessage(message);
  try {
    const { splits, epochs } = fashionMnistSplits(request.config);
    const config = { ...request.config, epochs };
    const run = trainRun(DEFAULT_TRAINER, config, splits, request.activation, request.seed, (partial) => post({ kind: 'epoch', index: request.index, run: partial }));
    post({ kind: 'done', index: request.index, run });
  } catch (error) {
    post({ kind: 'error', index: request.index, message: error instanceof Error ? error.message : String(error) });
  }
});
