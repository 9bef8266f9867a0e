/**
 * Runs an experiment in its panel's own worker: progress with the time left, the chart filling
 * in from the run's partial results (drawn on the charts lane, so the run is never paused to
 * draw), Stop, the printout and the CLI equivalent.
 */
import { CancelledError, charts, ComputeClient } from './compute.js';
import { showSvg } from './plot.js';
import type { ExperimentReply, RenderReply } from './protocol.js';
import { RunLanes, type Splitting } from './run-lanes.js';
import { RunStatus } from './run-status.js';
import { RNG_KINDS } from './state.js';
import { debounce, el, numberInput, panelLayout, select, field, type Context } from './ui.js';
import { cliCommand } from './cli-command.js';

export { cliCommand, shellWord } from './cli-command.js';

export interface RunnerOptions {
  readonly experiment: string;
  readonly view: 'flow' | 'dead' | 'selu';
  readonly label: string;
  /** The `--set` values, as the CLI takes them. */
  settings(): Record<string, string>;
  /** Extra output under the chart (a table of the numbers that matter). */
  summarise?(reply: ExperimentReply): HTMLElement;
  /**
   * How the experiment's runs split (its `split` from the library, e.g. by `activations`): each
   * run then goes to two workers, a slice of the list each, and is merged (run-lanes.ts).
   */
  readonly split?: Splitting;
}

export function seedControls(ctx: Context, onChange: () => void): HTMLElement {
  return el(
    'div',
    { class: 'seed' },
    field('Seed', numberInput(ctx.state.seed, (v) => {
      ctx.state.seed = v;
      ctx.save();
      onChange();
    }, { min: 0, max: 4294967295, step: 1 })),
    field('Generator', select(RNG_KINDS, ctx.state.rng, (v) => {
      ctx.state.rng = v;
      ctx.save();
      onChange();
    }), 'numpy: the chapter’s random numbers, bit for bit (slower: it draws every weight matrix)'),
  );
}

/**
 * Calls `draw` with the newest value pushed, one call at a time: values pushed while a draw is
 * going on are coalesced to the last one (partial charts never queue up behind each other), and
 * a draw starts at least `gapMs` after the one before it started (partial charts are drawn on a
 * core the run could use). `clear` drops what waits and lets the next value be drawn at once.
 */
export function latestOnly<T>(draw: (value: T) => Promise<void>, gapMs = 0): { push(value: T): void; clear(): void } {
  let latest: { value: T } | undefined;
  let busy = false;
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pump = async () => {
    const next = latest;
    if (!next) return;
    latest = undefined;
    busy = true;
    lastStart = performance.now();
    try {
      await draw(next.value);
    } catch {
      // A partial chart that cannot be drawn is skipped: the next one (or the final) follows.
    }
    busy = false;
    schedule();
  };
  const schedule = () => {
    if (busy || timer !== undefined || !latest) return;
    const wait = lastStart + gapMs - performance.now();
    if (wait <= 0) void pump();
    else
      timer = setTimeout(() => {
        timer = undefined;
        void pump();
      }, wait);
  };
  return {
    push(value) {
      latest = { value };
      schedule();
    },
    clear() {
      latest = undefined;
      lastStart = -Infinity;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Least time between the starts of two partial charts' drawings (each takes the charts worker ~0.1 s). */
export const PARTIAL_DRAW_GAP_MS = 400;

/** Quiet time before a changed setting starts a run (the old run is cancelled at once). */
export const SETTLE_MS = 120;

/** The runner's output: status, chart, summary, and the printout with its CLI command; `show` draws a result. */
function runnerOutput(output: HTMLElement, status: RunStatus, options: RunnerOptions) {
  const chart = el('div', { class: 'plot', id: `${options.view}-plot` });
  const summary = el('div', { class: 'summary' });
  const printout = el('pre', { class: 'printout' });
  const command = el('code', { class: 'cli' });
  output.append(
    status.root,
    chart,
    summary,
    el('details', { class: 'more' }, el('summary', { text: 'Printout and the same run at the command line' }), el('p', {}, 'Same seed, same numbers: ', command), printout),
  );
  const show = ({ svg, spec }: RenderReply, label: string, result: unknown, partial: boolean) => {
    showSvg(chart, svg, label, spec);
    chart.dataset.partial = String(partial);
    try {
      summary.replaceChildren(...(options.summarise ? [options.summarise({ result } as ExperimentReply)] : []));
    } catch {
      // A partial result may not hold what the table needs yet.
    }
  };
  return { chart, show, printout, command };
}

export function createRunner(output: HTMLElement, panel: HTMLElement, ctx: Context, options: RunnerOptions): { run: () => void; schedule: () => void; stop: () => void } {
  // A split run takes two workers (both cores), any other one.
  const heavy = new RunLanes(Array.from({ length: options.split ? 2 : 1 }, () => new ComputeClient().warm()), options.split);
  let generation = 0;
  const stop = () => {
    heavy.cancel();
    status.stopped();
  };
  const status = new RunStatus(panel, stop);
  const { chart, show, printout, command } = runnerOutput(output, status, options);
  const width = () => Math.max(320, chart.clientWidth || 900);
  // Partial charts are drawn on the charts lane, so the run itself never pauses to draw.
  const partials = latestOnly(async ({ mine, result }: { mine: number; result: unknown }) => {
    const drawn = await charts.request<RenderReply>({ kind: 'render-view', view: options.view, result, width: width() });
    if (mine !== generation || !status.running) return;
    show(drawn, `${options.label} (so far)`, result, true);
    status.partial();
  }, PARTIAL_DRAW_GAP_MS);
  const run = () => {
    const mine = ++generation;
    heavy.cancel();
    partials.clear();
    const set = options.settings();
    command.textContent = cliCommand(options.experiment, ctx.state.seed, ctx.state.rng, set);
    status.start();
    const request = { kind: 'experiment', experiment: options.experiment, seed: ctx.state.seed, rng: ctx.state.rng, set, partials: true } as const;
    heavy
      .run(request, (fraction, label, partial) => {
        if (mine !== generation) return;
        status.progress(fraction, label);
        if (partial !== undefined) partials.push({ mine, result: partial });
      })
      .then(async (reply) => {
        if (mine !== generation) return;
        partials.clear();
        const drawn = await charts.request<RenderReply>({ kind: 'render-view', view: options.view, result: reply.result, width: width() });
        if (mine !== generation) return;
        show(drawn, options.label, reply.result, false);
        printout.textContent = reply.printout;
        status.done(reply.seconds);
      })
      .catch((error: unknown) => {
        if (error instanceof CancelledError || mine !== generation) return;
        status.failed(error instanceof Error ? error.message : String(error));
      });
  };
  const settle = debounce(run, SETTLE_MS);
  // A new setting stops the old run now (its worker no longer computes) and starts after a short settle.
  const schedule = () => {
    if (status.running) {
      generation++;
      heavy.cancel();
      status.superseded();
    }
    settle();
  };
  return { run, schedule, stop };
}

export interface ExperimentPanelOptions extends RunnerOptions {
  readonly title: string;
  readonly lede: string;
  /** The panel's controls; each calls `changed` after editing the state (saves the address, schedules a run). */
  controls(changed: () => void): HTMLElement[];
}

/** An experiment panel (gradient flow, dead neurons, self-normalisation): frame, runner, controls with the seed last, first run. */
export function mountExperimentPanel(root: HTMLElement, ctx: Context, options: ExperimentPanelOptions): void {
  const { controls, output } = panelLayout(root, options.title, options.lede);
  const runner = createRunner(output, root, ctx, options);
  const changed = () => {
    ctx.save();
    runner.schedule();
  };
  controls.append(...options.controls(changed), seedControls(ctx, runner.schedule));
  runner.run();
}
