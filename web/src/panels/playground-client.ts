/**
 * The page's side of the playground's trainer worker: commands go out; snapshots come in, are
 * coalesced to one per animation frame (the worker may send several between two frames), and
 * their loss histories are accumulated here, since each snapshot carries only what is new.
 */
import type { TrainerCommand, TrainerConfig, TrainerMessage, TrainerSnapshot } from '../protocol.js';
export { dataSeedOf, modelConfig } from './playground-model.js';

/** Above this many recorded values, every other (epoch, train, test) triple is dropped. */
const MAX_HISTORY = 6000;

export interface TrainerHandlers {
  /** The newest snapshot, once per animation frame. */
  frame(snapshot: TrainerSnapshot): void;
  /** The worker failed (training stops). */
  error(message: string): void;
  /** A message arrived without an error (clears a shown one). */
  ok(): void;
}

export class TrainerClient {
  /** Whether the worker is training, as of the last snapshot drawn. */
  running = false;
  /** The last snapshot drawn. */
  last: TrainerSnapshot | undefined;
  /** (epoch, train loss, test loss) triples per network, since the last configure or reset. */
  histories: number[][] = [];
  /** Training and test points (x, y, label triples) of the current data set. */
  points: Float32Array | undefined;
  testPoints: Float32Array | undefined;
  /** Counts data-set changes, so a drawing of the points knows when it is stale. */
  pointsVersion = 0;
  private readonly worker: Worker;
  private pending: TrainerSnapshot | undefined;
  private frameRequest = 0;

  constructor(private readonly handlers: TrainerHandlers) {
    this.worker = new Worker(new URL('../trainer-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<TrainerMessage>) => this.receive(event.data);
  }

  send(command: TrainerCommand): void {
    this.worker.postMessage(command);
  }

  /** A new network (or race): histories and points start again. */
  configure(config: TrainerConfig): void {
    this.histories = config.labels.map(() => []);
    this.points = undefined;
    this.pointsVersion += 1;
    this.send({ type: 'configure', config });
  }

  private receive(message: TrainerMessage): void {
    if (message.type === 'error') {
      this.running = false;
      this.handlers.error(message.message);
      return;
    }
    this.handlers.ok();
    message.networks.forEach((network, k) => {
      let history = this.histories[k];
      if (!history) return;
      if (message.epoch === 0) history = [];
      for (const value of network.history) history.push(value);
      if (history.length > MAX_HISTORY) history = history.filter((_, i) => Math.floor(i / 3) % 2 === 0);
      this.histories[k] = history;
    });
    if (message.points) {
      this.points = message.points;
      this.pointsVersion += 1;
    }
    if (message.testPoints) this.testPoints = message.testPoints;
    this.pending = message;
    if (!this.frameRequest) {
      this.frameRequest = requestAnimationFrame(() => {
        this.frameRequest = 0;
        const snapshot = this.pending;
        this.pending = undefined;
        if (!snapshot) return;
        this.last = snapshot;
        this.running = snapshot.running;
        this.handlers.frame(snapshot);
      });
    }
  }
}
