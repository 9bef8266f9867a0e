/**
 * Promise-based clients of the compute workers, and the pool that keeps workers warm.
 *
 * A worker takes ~0.2–0.4 s to start (it evaluates the library; Vega and Vega-Lite too where it
 * draws), so workers are started before they are needed: {@link primeFor} starts those the
 * first panel needs as the page loads, and each worker a client takes is replaced by a warm
 * spare in the background. Cancelling a request terminates its worker (a synchronous experiment
 * cannot be interrupted any other way), so a stopped run stops burning CPU at once, and the next
 * request takes a spare that is ready.
 *
 * Lanes, so that nothing waits behind a long run: {@link charts} (every chart, partial or
 * final), {@link analysis} (property sheets, the advisor), and one client per experiment panel
 * (and per experiment of a figure: they run in parallel).
 */
import type { ComputeMessage, ComputeRequest, GalleryReply, GalleryRequest, ProgressHandler, RenderReply } from './protocol.js';

export type { ProgressHandler } from './protocol.js';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}


interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: ProgressHandler;
}

function spawn(): Worker {
  return new Worker(new URL('./compute-worker.ts', import.meta.url), { type: 'module' });
}

function spawnCharts(): Worker {
  return new Worker(new URL('./chart-worker.ts', import.meta.url), { type: 'module', name: 'charts' });
}

/** How long after a worker is taken its replacement starts (not while the page's first results are due). */
const REFILL_MS = 3000;

/** Workers started ahead of need; {@link take} hands one out and starts a replacement later. */
class WorkerPool {
  private readonly spares: Worker[] = [];
  private refill: ReturnType<typeof setTimeout> | undefined;

  /** Starts workers until `count` spares wait. */
  prime(count: number): void {
    while (this.spares.length < count) this.spares.push(spawn());
  }

  take(): Worker {
    const worker = this.spares.shift() ?? spawn();
    // One spare kept warm for the next cancel or panel; started after the work at hand has begun,
    // so its start-up does not compete with the page's first results.
    if (this.refill === undefined && this.spares.length === 0) {
      this.refill = setTimeout(() => {
        this.refill = undefined;
        this.prime(1);
      }, REFILL_MS);
    }
    return worker;
  }
}

export const pool = new WorkerPool();

export class ComputeClient {
  private worker: Worker | undefined;
  /** Where a worker comes from: the pool of compute workers unless told otherwise. */
  constructor(private readonly source: () => Worker = () => pool.take()) {}

  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Takes its worker from the pool now (a panel that will soon run calls this as it mounts). */
  warm(): this {
    this.ensure();
    return this;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = this.source();
    worker.onmessage = (event: MessageEvent<ComputeMessage>) => {
      const message = event.data;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.type === 'progress') pending.progress?.(message.fraction, message.label, message.partial);
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

  request<T>(request: ComputeRequest, progress?: ProgressHandler): Promise<T> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(progress ? { progress } : {}) });
      worker.postMessage({ id, request });
    });
  }

  /**
   * Stops whatever runs at once: the worker is terminated (its CPU freed) and every pending
   * request rejects with {@link CancelledError}; the next request takes a warm worker.
   */
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

/** Every chart: the gallery's curves, experiments' charts (partial and final), chapter figures. */
export const charts = new ComputeClient(spawnCharts);
/** Property sheets and the advisor: never queued behind a chart or a run. */
export const analysis = new ComputeClient();

/** Compute workers a panel's run takes where it is more than one: dead neurons' runs split by activation (runner.ts). */
const RUN_WORKERS: Readonly<Record<string, number>> = { dead: 2 };

/**
 * Starts, as the page loads, the workers its first panel needs: the charts lane, the analysis
 * lane, or a spare for an experiment's run (the chapter's figures start theirs as they run: the
 * first, drawn from the definitions, needs none).
 */
export function primeFor(panel: string): void {
  performance.mark('workers:prime');
  if (panel === 'gallery') {
    charts.warm();
    analysis.warm();
  } else if (panel === 'advisor') analysis.warm();
  else if (panel === 'figures' || panel === 'data') charts.warm();
  else if (panel !== 'playground') {
    // An experiment's first chart comes while it runs: the charts worker warms up meanwhile.
    void charts.request({ kind: 'warm-render' }).catch(() => undefined);
    pool.prime(RUN_WORKERS[panel] ?? 1);
  }
}

/**
 * The gallery: its chart and its property sheet computed in parallel on two workers; `chart`
 * is called with the SVG as soon as it is drawn, before the sheet is done (twice when the first
 * drawing is the charts worker's light one: then with Vega's).
 */
export async function requestGallery(request: GalleryRequest, chart: (drawn: RenderReply) => void): Promise<GalleryReply> {
  const started = performance.now();
  const svg = charts.request<RenderReply>({ kind: 'gallery-chart', entries: request.entries, x: request.x, width: request.width }).then(async (first) => {
    let reply = first;
    if (first.spec !== undefined && first.svg.includes('data-quick="true"')) {
      // A light first drawing (Vega was not ready): shown now, Vega's drawing of it follows.
      chart({ svg: first.svg });
      performance.measure('gallery:first-chart', { start: started });
      reply = { ...(await charts.request<RenderReply>({ kind: 'render', spec: first.spec, width: request.width })), spec: first.spec };
    }
    chart(reply);
    performance.measure('gallery:chart', { start: started });
    return reply.svg;
  });
  const sheet = analysis.request<Omit<GalleryReply, 'svg'>>({ kind: 'gallery-sheet', focus: request.focus }).then((reply) => {
    performance.measure('gallery:sheet', { start: started });
    return reply;
  });
  const [drawn, rest] = await Promise.all([svg, sheet]);
  return { svg: drawn, ...rest };
}
