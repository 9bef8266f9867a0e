/**
 * Building the report on all cores: the experiments are independent (each seeds its own
 * generator), so a small pool of worker threads runs them side by side, longest first. The
 * numbers are the same as in one thread; only the wall time changes.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ActlabError } from '../errors.js';
import { assembleReport, reportTasks, type BuildOptions, type Report, type ReportSection } from './build.js';
import type { WorkerMessage, WorkerRequest } from './worker.js';

export interface ParallelOptions extends BuildOptions {
  /** Worker threads (default: the number of cores, at most the number of experiments). */
  readonly threads?: number;
}

/** Runs the report's experiments in worker threads and assembles the report. */
export async function buildReportInParallel(options: ParallelOptions = {}): Promise<Report> {
  const rng = options.rng ?? 'numpy';
  const seed = options.seed ?? 42;
  const tasks = reportTasks(options);
  const order = tasks.map((_, i) => i).sort((a, b) => (tasks[b]?.weight ?? 0) - (tasks[a]?.weight ?? 0));
  const total = tasks.reduce((s, t) => s + t.weight, 0);
  const fractions = tasks.map(() => 0);
  const sections: (ReportSection | undefined)[] = tasks.map(() => undefined);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), tasks.length));
  const report = () => {
    const done = tasks.reduce((s, t, i) => s + t.weight * (fractions[i] ?? 0), 0);
    const running = tasks.filter((_, i) => (fractions[i] ?? 0) > 0 && (fractions[i] ?? 0) < 1).map((t) => t.experiment);
    options.progress?.(done / total, running.join(', ') || 'starting');
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(new URL('./worker.js', import.meta.url));
      try {
        while (next < order.length) {
          const index = order[next++] as number;
          const task = tasks[index];
          if (!task) break;
          const request: WorkerRequest = { task, index, rng, seed };
          sections[index] = await new Promise<ReportSection>((resolve, reject) => {
            const onMessage = (message: WorkerMessage) => {
              if (message.index !== index) return;
              if (message.kind === 'progress') {
                fractions[index] = message.fraction;
                report();
                return;
              }
              worker.off('message', onMessage);
              worker.off('error', reject);
              if (message.kind === 'error') reject(new ActlabError(`${task.experiment}: ${message.message}`, 'EXPERIMENT'));
              else {
                fractions[index] = 1;
                report();
                resolve(message.section);
              }
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.postMessage(request);
          });
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return assembleReport(sections as ReportSection[], rng, seed, options.progress);
}
