/**
 * A run's visible state: the progress bar with the time left (estimated from the rate so far),
 * the Stop button, and the panel's attributes that tests and styles read:
 * `data-ready` (`false` while running, then `true`, `error` or `stopped`), `data-partial`
 * (`true` while the chart shows a result still filling in, or left by Stop) and `data-stopped`.
 * Performance marks `<panel>:start`, `<panel>:first-result` and `<panel>:done` time each run.
 */
import { button, el, progressBar } from './ui.js';

/** "about 12 s left", from the time taken so far and the fraction done. */
export function timeLeft(elapsedMs: number, fraction: number): string {
  // Before half a second (or any progress) the rate says nothing yet.
  if (fraction <= 0 || elapsedMs < 500 || fraction >= 1) return '';
  const seconds = (elapsedMs * (1 - fraction)) / fraction / 1000;
  if (seconds < 1) return 'under a second left';
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // Marks are for measuring only: a browser that refuses one loses nothing else.
  }
}

/** Least time between two redraws of the progress bar. */
export const PROGRESS_EVERY_MS = 150;

/** The status of the runs of a panel; `stop` is called when the Stop button is pressed. */
export class RunStatus {
  /** The progress bar, the status line and the Stop button. */
  readonly root: HTMLElement;
  private readonly bar = progressBar();
  private readonly stopButton: HTMLButtonElement;
  private readonly name: string;
  private started = 0;
  private fraction = 0;
  private shown = false;
  /** When the bar was last redrawn by {@link RunStatus.progress}. */
  private drawn = -Infinity;
  /** Whether a run is going on (started, not yet done, stopped or failed). */
  running = false;

  constructor(
    private readonly panel: HTMLElement,
    stop: () => void,
  ) {
    this.stopButton = button('Stop', stop, { class: 'stop', 'aria-label': 'Stop the run' });
    this.stopButton.disabled = true;
    this.root = el('div', { class: 'run-status' }, this.bar.root, this.stopButton);
    this.name = panel.dataset.panel ?? 'panel';
  }

  /** A run begins: the bar empties, Stop is offered. */
  start(): void {
    this.started = performance.now();
    this.drawn = -Infinity;
    this.fraction = 0;
    this.running = true;
    this.shown = false;
    this.stopButton.disabled = false;
    this.bar.set(0, 'starting…');
    this.panel.dataset.ready = 'false';
    this.panel.dataset.running = 'true';
    delete this.panel.dataset.stopped;
    mark(`${this.name}:start`);
  }

  /**
   * Fraction done in [0, 1] and what the run is doing. The bar is redrawn at most every
   * {@link PROGRESS_EVERY_MS} (each redraw costs the page a layout and a paint, time taken from
   * the run on a two-core machine); the fraction is always kept.
   */
  progress(fraction: number, label?: string): void {
    if (!this.running) return;
    this.fraction = fraction;
    const now = performance.now();
    if (now - this.drawn < PROGRESS_EVERY_MS) return;
    this.drawn = now;
    const left = timeLeft(performance.now() - this.started, fraction);
    this.bar.set(fraction, [`${Math.round(fraction * 100)}%`, label, left].filter(Boolean).join(' — '));
  }

  /** A partial result is on screen (the first one of a run marks the first visible result). */
  partial(): void {
    this.panel.dataset.partial = 'true';
    if (!this.shown) mark(`${this.name}:first-result`);
    this.shown = true;
  }

  /** The run finished; its whole result is on screen. */
  done(seconds: number): void {
    if (!this.shown) mark(`${this.name}:first-result`);
    mark(`${this.name}:done`);
    this.bar.set(1, `done in ${seconds.toFixed(2)} s`);
    this.panel.dataset.partial = 'false';
    this.finish('true');
  }

  /** Stop was pressed: what is on screen stays, marked partial. */
  stopped(): void {
    if (!this.running) return;
    this.bar.set(this.fraction, `stopped at ${Math.round(this.fraction * 100)}%${this.shown ? ' — the chart shows the part computed so far' : ''}`);
    this.panel.dataset.stopped = 'true';
    if (this.shown) this.panel.dataset.partial = 'true';
    this.finish('stopped');
  }

  /** The run was cancelled by a new setting; the next run starts shortly. */
  superseded(): void {
    if (!this.running) return;
    this.bar.set(undefined, 'new settings — starting again…');
    this.finish('false');
  }

  failed(message: string): void {
    this.bar.set(1, `error: ${message}`);
    this.finish('error');
  }

  private finish(state: 'true' | 'false' | 'error' | 'stopped'): void {
    this.running = false;
    this.stopButton.disabled = true;
    this.panel.dataset.ready = state;
    this.panel.dataset.running = 'false';
  }
}
