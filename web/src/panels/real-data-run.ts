/**
 * One race of the "Real data" panel: each activation trained from the same seed in its own
 * worker (real-data-worker.ts), at most {@link PARALLEL} at once (the explorer's machines have
 * two cores); every epoch's test accuracy is reported as it comes; {@link RealDataRace.stop}
 * terminates every worker at once.
 */
import type { Schedule } from '../../../src/experiments/choices.js';
import type { RealDataJob, RealDataMessage, Subset } from '../real-data-protocol.js';
import type { AccuracyPoint } from './real-data-view.js';

/** Workers training at once. */
export const PARALLEL = 2;

/** The settings of a race, besides the data. */
export interface RaceSettings {
  readonly acts: readonly string[];
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly learningRate: number;
  readonly schedule: Schedule;
  readonly batchSize: number;
  readonly seed: number;
}

/** What a race tells the panel. */
export interface RaceEvents {
  epoch(point: AccuracyPoint, trainMs: number): void;
  progress(fraction: number): void;
  finished(id: string, predictions: Uint8Array): void;
  done(): void;
  failed(message: string): void;
}

export class RealDataRace {
  private readonly workers = new Map<string, Worker>();
  private readonly fractions = new Map<string, number>();
  private next = 0;
  private left: number;
  private over = false;

  constructor(
    private readonly subset: Subset,
    private readonly settings: RaceSettings,
    private readonly events: RaceEvents,
  ) {
    this.left = settings.acts.length;
    for (let i = 0; i < Math.min(PARALLEL, settings.acts.length); i++) this.startNext();
  }

  private startNext(): void {
    const id = this.settings.acts[this.next++];
    if (id === undefined || this.over) return;
    const worker = new Worker(new URL('../real-data-worker.ts', import.meta.url), { type: 'module', name: `real-data ${id}` });
    this.workers.set(id, worker);
    worker.onmessage = (event: MessageEvent<RealDataMessage>) => this.receive(id, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || `the worker training ${id} failed`);
    };
    const { acts: _acts, ...rest } = this.settings;
    const job: RealDataJob = { ...this.subset, ...rest, activation: id };
    worker.postMessage(job);
  }

  private receive(id: string, message: RealDataMessage): void {
    if (this.over) return;
    if (message.type === 'progress') {
      this.fractions.set(id, message.fraction);
      let total = 0;
      for (const f of this.fractions.values()) total += f;
      this.events.progress(total / this.settings.acts.length);
    } else if (message.type === 'epoch') {
      this.fractions.set(id, message.epoch / this.settings.epochs);
      this.events.epoch({ id, epoch: message.epoch, accuracy: message.accuracy }, message.trainMs);
    } else if (message.type === 'done') {
      this.workers.get(id)?.terminate();
      this.workers.delete(id);
      this.fractions.set(id, 1);
      this.events.finished(id, message.predictions);
      this.left -= 1;
      if (this.left === 0) {
        this.over = true;
        this.events.done();
      } else this.startNext();
    } else this.fail(`${id}: ${message.message}`);
  }

  private fail(message: string): void {
    if (this.over) return;
    this.stop();
    this.events.failed(message);
  }

  /** Ends every worker at once; nothing more is reported. */
  stop(): void {
    this.over = true;
    for (const worker of this.workers.values()) worker.terminate();
    this.workers.clear();
  }
}
