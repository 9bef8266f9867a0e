/**
 * Runs a chapter figure's experiments in parallel, one worker each (both cores work on a figure
 * that needs two experiments), streams their partial results, and draws the figure. Each
 * experiment is `runExperiment` with the figure's settings and the page's seed, as
 * `actlab run` runs it: the printouts equal the CLI's.
 */
import { getChapterFigure } from '../../src/figures/chapter.js';
import type { RngKind } from '../../src/math/rng.js';
import { CancelledError, charts, ComputeClient } from './compute.js';
import { FIGURE_PLAN, figureSettings, figureTitle } from './figure-plan.js';
import { chartWidth, showSvg } from './plot.js';
import type { ExperimentReply, FigureReply, RenderReply } from './protocol.js';
import { RunStatus } from './run-status.js';
import { cliCommand, latestOnly } from './runner.js';
import type { FigureId } from './state.js';
import { el, type Context } from './ui.js';

export interface FigureRunRequest {
  readonly figure: FigureId;
  readonly seed: number;
  readonly rng: RngKind;
  readonly sets: Readonly<Record<string, string>>;
}

export interface FigureRunHandlers {
  /** Overall fraction done (the mean over the experiments) and what runs. */
  progress(fraction: number, label: string): void;
  /** Every experiment has a result (partial or final), and one of them changed: the figure so far. */
  partial(results: Readonly<Record<string, unknown>>): void;
}

/**
 * Runs `request`'s experiments, experiment k on `lane(k)`, and draws the figure on the charts lane;
 * cancelling the lanes rejects the promise with a CancelledError.
 */
export async function runFigure(request: FigureRunRequest, lane: (k: number) => ComputeClient, handlers: FigureRunHandlers, width: number): Promise<FigureReply> {
  const started = performance.now();
  const steps = FIGURE_PLAN[request.figure].experiments;
  const fractions = steps.map(() => 0);
  const known: Record<string, unknown> = {};
  const update = (experiment: string, result: unknown) => {
    known[experiment] = result;
    if (steps.length > 0 && steps.every((s) => s.experiment in known)) handlers.partial({ ...known });
  };
  const replies = await Promise.all(
    steps.map((step, k) =>
      lane(k)
        .request<ExperimentReply>(
          { kind: 'experiment', experiment: step.experiment, seed: request.seed, rng: request.rng, set: figureSettings(step, request.sets), partials: true },
          (fraction, label, partial) => {
            fractions[k] = fraction;
            handlers.progress(fractions.reduce((a, b) => a + b, 0) / steps.length, `${step.experiment}${label ? `: ${label}` : ''}`);
            if (partial !== undefined) update(step.experiment, partial);
          },
        )
        .then((reply) => {
          fractions[k] = 1;
          // A finished experiment counts as known while the others still run.
          if (fractions.some((f) => f < 1)) update(step.experiment, reply.result);
          return reply;
        }),
    ),
  );
  const results = Object.fromEntries(steps.map((step, k) => [step.experiment, replies[k]?.result]));
  const { svg, spec } = await charts.request<RenderReply>({ kind: 'figure-draw', figure: request.figure, results, width });
  return {
    svg,
    spec,
    printouts: steps.map((step, k) => ({ experiment: step.experiment, printout: replies[k]?.printout ?? '' })),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The figures panel's run: status with Stop, the chart (filling in from partial results), the
 * printouts and CLI commands, appended to `output`; returns the function that runs the figure
 * chosen in the state (cancelling the one before).
 */
export function mountFigureRun(root: HTMLElement, output: HTMLElement, ctx: Context): () => void {
  const f = ctx.state.figures;
  const intro = el('p', { class: 'figure-intro', id: 'figure-intro' });
  const chart = el('div', { class: 'plot figure', id: 'figure-plot' });
  const commands = el('div', { class: 'cli-list' });
  const printouts = el('div');
  const width = () => Math.max(200, chartWidth(chart) || 900);
  // One worker per experiment of the figure (they run in parallel); Stop terminates them all.
  const lanes: ComputeClient[] = [];
  const lane = (k: number) => (lanes[k] ??= new ComputeClient());
  let generation = 0;
  const status = new RunStatus(root, () => {
    for (const l of lanes) l.cancel();
    status.stopped();
  });
  output.append(intro, status.root, chart, el('details', { class: 'more' }, el('summary', { text: 'Printouts and the same runs at the command line' }), commands, printouts));
  const partials = latestOnly(async ({ mine, figure, results }: { mine: number; figure: FigureId; results: Readonly<Record<string, unknown>> }) => {
    const { svg, spec } = await charts.request<RenderReply>({ kind: 'figure-draw', figure, results, width: width() });
    if (mine !== generation || !status.running) return;
    showSvg(chart, svg, `${figureTitle(figure)} (so far)`, spec);
    chart.dataset.partial = 'true';
    status.partial();
  });
  return () => {
    const mine = ++generation;
    for (const l of lanes) l.cancel();
    partials.clear();
    const figure = f.figure;
    intro.textContent = getChapterFigure(figure)?.intro ?? '';
    commands.replaceChildren(...FIGURE_PLAN[figure].experiments.map((step) => el('p', {}, el('code', { class: 'cli', text: cliCommand(step.experiment, ctx.state.seed, ctx.state.rng, figureSettings(step, f.sets)) }))));
    status.start();
    runFigure({ figure, seed: ctx.state.seed, rng: ctx.state.rng, sets: f.sets }, lane, {
      progress: (fraction, label) => {
        if (mine === generation) status.progress(fraction, label);
      },
      partial: (results) => {
        if (mine === generation) partials.push({ mine, figure, results });
      },
    }, width())
      .then((reply) => {
        if (mine !== generation) return;
        showSvg(chart, reply.svg, figureTitle(figure), reply.spec);
        chart.dataset.partial = 'false';
        printouts.replaceChildren(...reply.printouts.map((p) => el('div', {}, el('h4', { text: p.experiment }), el('pre', { class: 'printout', text: p.printout }))));
        status.done(reply.seconds);
      })
      .catch((error: unknown) => {
        if (error instanceof CancelledError || mine !== generation) return;
        status.failed(error instanceof Error ? error.message : String(error));
      });
  };
}
