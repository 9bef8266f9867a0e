/**
 * The fashion-mnist experiment on several cores: its (activation, seed) runs are independent
 * (each draws only from its own seed), so a small pool of worker threads trains them side by
 * side, each worker one run at a time. The result is the one-thread result, run for run (the
 * same order, the same numbers); only the times per epoch differ.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ActlabError } from '../errors.js';
import {
  DEFAULT_TRAINER,
  fashionMnistJobs,
  fashionMnistResultOf,
  fashionMnistSplits,
  type FashionMnistConfig,
  type FashionMnistResult,
  type FashionRun,
} from '../experiments/fashion-mnist.js';
import type { Progress } from '../experiments/types.js';
import type { JobMessage, JobRequest } from './fashion-mnist-worker.js';

const WORKER_URL = new URL('./fashion-mnist-worker.js', import.meta.url);

/** Whether the compiled worker is there (not when running from TypeScript sources). */
export function fashionMnistThreadsAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/** Trains one job on `worker`, reporting its epochs; resolves with the finished run. */
function trainOn(worker: Worker, request: JobRequest, onEpoch: (run: FashionRun) => void): Promise<FashionRun> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: JobMessage) => {
      if (message.index !== request.index) return;
      if (message.kind === 'epoch') return onEpoch(message.run);
      worker.off('message', onMessage);
      worker.off('error', reject);
      if (message.kind === 'error') reject(new ActlabError(`fashion-mnist: ${message.message}`, 'EXPERIMENT'));
      else resolve(message.run);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.postMessage(request);
  });
}

/**
 * Runs fashion-mnist on `threads` worker threads (at most one per run). The data set is read
 * here first, so a missing or corrupt file is refused before any worker starts.
 */
export async function runFashionMnistOnThreads(config: FashionMnistConfig, threads: number, progress?: Progress<FashionMnistResult>): Promise<FashionMnistResult> {
  const { splits, source, epochs } = fashionMnistSplits(config);
  const jobs = fashionMnistJobs(config);
  const runs: (FashionRun | undefined)[] = jobs.map(() => undefined);
  const finished = jobs.map(() => false);
  const report = (label: string) => {
    const done = runs.reduce((sum, run, i) => sum + (finished[i] ? 1 : (run?.epochs.length ?? 0) / epochs), 0);
    progress?.(done / jobs.length, label, fashionMnistResultOf(config, splits, source, DEFAULT_TRAINER.name, runs.filter((r): r is FashionRun => r !== undefined)));
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, async () => {
      const worker = new Worker(WORKER_URL);
      try {
        while (next < jobs.length) {
          const index = next++;
          const { activation, seed } = jobs[index] as { activation: string; seed: number };
          const label = `${activation} seed ${seed}`;
          runs[index] = await trainOn(worker, { config, index, activation, seed }, (partial) => {
            runs[index] = partial;
            report(`${label} epoch ${partial.epochs.length}`);
          });
          finished[index] = true;
          report(label);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return fashionMnistResultOf(config, splits, source, DEFAULT_TRAINER.name, runs as FashionRun[]);
}
