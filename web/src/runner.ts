/** Runs an experiment in the heavy worker for a panel: progress, chart, printout, CLI equivalent. */
import { CancelledError, ComputeClient } from './compute.js';
import { showSvg } from './plot.js';
import type { ExperimentReply } from './protocol.js';
import { RNG_KINDS } from './state.js';
import { debounce, el, numberInput, panelLayout, progressBar, select, field, type Context } from './ui.js';

export interface RunnerOptions {
  readonly experiment: string;
  readonly view: 'flow' | 'dead' | 'selu';
  readonly label: string;
  /** The `--set` values, as the CLI takes them. */
  settings(): Record<string, string>;
  /** Extra output under the chart (a table of the numbers that matter). */
  summarise?(reply: ExperimentReply): HTMLElement;
}

export function cliCommand(experiment: string, seed: number, rng: string, set: Record<string, string>): string {
  const parts = ['actlab run', experiment, `--seed ${seed}`, `--rng ${rng}`, ...Object.entries(set).map(([k, v]) => `--set ${k}=${v}`)];
  return parts.join(' ');
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
    }), 'numpy: the chapter’s own random stream'),
  );
}

export function createRunner(output: HTMLElement, panel: HTMLElement, ctx: Context, options: RunnerOptions): { run: () => void; schedule: () => void } {
  const progress = progressBar();
  const chart = el('div', { class: 'plot', id: `${options.view}-plot` });
  const summary = el('div', { class: 'summary' });
  const printout = el('pre', { class: 'printout' });
  const command = el('code', { class: 'cli' });
  output.append(
    progress.root,
    chart,
    summary,
    el('details', { class: 'more' }, el('summary', { text: 'Printout and the same run at the command line' }), el('p', {}, 'Same seed, same numbers: ', command), printout),
  );
  const heavy = new ComputeClient();
  let generation = 0;
  const run = () => {
    const mine = ++generation;
    heavy.cancel();
    const set = options.settings();
    command.textContent = cliCommand(options.experiment, ctx.state.seed, ctx.state.rng, set);
    progress.set(0, 'starting…');
    panel.dataset.ready = 'false';
    heavy
      .request<ExperimentReply>(
        { kind: 'experiment', experiment: options.experiment, seed: ctx.state.seed, rng: ctx.state.rng, set, view: options.view, width: Math.max(320, chart.clientWidth || 900) },
        (fraction, label) => {
          if (mine === generation) progress.set(fraction, `${Math.round(fraction * 100)}%${label ? ` — ${label}` : ''}`);
        },
      )
      .then((reply) => {
        if (mine !== generation) return;
        showSvg(chart, reply.svg ?? '', options.label, reply.spec);
        summary.replaceChildren(...(options.summarise ? [options.summarise(reply)] : []));
        printout.textContent = reply.printout;
        progress.set(1, `done in ${reply.seconds.toFixed(2)} s`);
        panel.dataset.ready = 'true';
      })
      .catch((error: unknown) => {
        if (error instanceof CancelledError || mine !== generation) return;
        progress.set(1, `error: ${error instanceof Error ? error.message : String(error)}`);
        panel.dataset.ready = 'error';
      });
  };
  return { run, schedule: debounce(run, 400) };
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
