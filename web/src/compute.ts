/** A promise-based client of the compute worker; a cancelled request terminates the worker. */
import type { ComputeMessage, ComputeRequest } from './protocol.js';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: (fraction: number, label?: string) => void;
}

export class ComputeClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./compute-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<ComputeMessage>) => {
      const message = event.data;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.type === 'progress') pending.progress?.(message.fraction, message.label);
      else {
        this.pending.delete(message.id);
        if (message.type === 'done') pending.resolve(message.value);
        else pending.reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      for (const p of this.pending.values()) p.reject(new Error(event.message || 'worker failed'));
      this.pending.clear();
      this.worker?.terminate();
      this.worker = undefined;
    };
    this.worker = worker;
    return worker;
  }

  request<T>(request: ComputeRequest, progress?: (fraction: number, label?: string) => void): Promise<T> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(progress ? { progress } : {}) });
      worker.postMessage({ id, request });
    });
  }

  /** Stops whatever runs (a synchronous experiment cannot be interrupted: the worker is replaced). */
  cancel(): void {
    if (this.pending.size === 0) return;
    this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new CancelledError());
    this.pending.clear();
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }
}

/**
 * Quick requests (gallery, advisor) share one worker; each experiment panel gets its own (see
 * runner.ts), so a long run never delays a slider and cancelling one panel's run never stops
 * another's.
 */
export const quick = new ComputeClient();
