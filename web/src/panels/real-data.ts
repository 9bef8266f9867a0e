/**
 * The "Real data" panel: MLPs trained in the browser on a subset of Fashion-MNIST served by
 * `actlab start` (GET /data/fashion-mnist, serve-data.ts), one worker per activation from the
 * same seed; test accuracy per epoch drawn live; at the end the misclassified test images of
 * the activation chosen. When the server has no data set, the panel says how to install it.
 */
import { SCHEDULES } from '../../../src/experiments/choices.js';
import { charts } from '../compute.js';
import { showSvg, chartWidth } from '../plot.js';
import type { RenderReply } from '../protocol.js';
import { readSubset, type Subset } from '../real-data-protocol.js';
import { latestOnly } from '../runner.js';
import { RunStatus } from '../run-status.js';
import { activationList, activationName, button, el, field, integerListInput, numberInput, panelLayout, select, type Context } from '../ui.js';
import { RealDataRace, type RaceSettings } from './real-data-run.js';
import { accuracySpec, misclassifiedGrid, missingData, type AccuracyPoint } from './real-data-view.js';

/** The server's answer: the subset, or the reason there is none (and the install command when it is missing). */
type Loaded = { subset: Subset } | { message: string; command?: string };

const loads = new Map<string, Promise<Loaded>>();

/** Fetches (once per size) the first `train` training and `test` test images. */
function loadSubset(train: number, test: number): Promise<Loaded> {
  const key = `${train},${test}`;
  let pending = loads.get(key);
  if (!pending) {
    pending = (async (): Promise<Loaded> => {
      const response = await fetch(`/data/fashion-mnist?train=${train}&test=${test}`);
      if (response.ok) return { subset: readSubset(await response.arrayBuffer()) };
      const body = (await response.json().catch(() => ({}))) as { message?: string; command?: string };
      return { message: body.message ?? `the server answered ${response.status}`, ...(body.command ? { command: body.command } : {}) };
    })().catch((error: unknown) => ({ message: error instanceof Error ? error.message : String(error) }));
    pending.then((loaded) => 'message' in loaded && loads.delete(key), () => undefined);
    loads.set(key, pending);
  }
  return pending;
}

/** The boxes of the settings; `changed` saves the address. */
function controls(ctx: Context, changed: () => void, run: () => void): HTMLElement[] {
  const r = ctx.state.data;
  const box = (key: string, value: number, set: (v: number) => void) =>
    numberInput(value, (v) => {
      set(v);
      changed();
    }, {}, { key });
  return [
    activationList('Activations (raced from one seed)', [...r.acts], 4, (values) => {
      r.acts = [...new Set(values)];
      changed();
    }),
    field('Hidden widths', integerListInput(r.hidden, 'r.hidden', (values) => {
      r.hidden = values;
      changed();
    }), 'comma-separated, 1–3 layers'),
    field('Epochs', box('r.epochs', r.epochs, (v) => (r.epochs = v))),
    field('Learning rate (Adam)', box('r.lr', r.learningRate, (v) => (r.learningRate = v))),
    field('Schedule', select(SCHEDULES, r.schedule, (v) => {
      r.schedule = v;
      changed();
    }), 'cosine: annealed to 0 over the epochs'),
    field('Batch size', box('r.batch', r.batchSize, (v) => (r.batchSize = v))),
    field('Training images', box('r.train', r.train, (v) => (r.train = v)), 'the first N of the 60,000'),
    field('Test images', box('r.test', r.test, (v) => (r.test = v)), 'the first N of the 10,000'),
    field('Seed', box('seed', ctx.state.seed, (v) => (ctx.state.seed = v))),
    button('Run', run, { class: 'run primary' }),
  ];
}

/** A table of each activation's last test accuracy and mean training time per epoch. */
function summary(acts: readonly string[], points: readonly AccuracyPoint[], times: Map<string, number[]>): HTMLElement {
  const rows = acts.map((id) => {
    const mine = points.filter((p) => p.id === id);
    const last = mine.at(-1);
    const ms = times.get(id) ?? [];
    const mean = ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : NaN;
    return el('tr', { 'data-activation': id },
      el('th', { scope: 'row', text: activationName(id) }),
      el('td', { class: 'accuracy', text: last ? `${(100 * last.accuracy).toFixed(1)}%` : '—' }),
      el('td', { class: 'epochs', text: String(mine.length) }),
      el('td', { class: 'ms-per-epoch', text: Number.isFinite(mean) ? mean.toFixed(0) : '—' }));
  });
  const head = el('tr', {}, ...['activation', 'test accuracy', 'epochs', 'ms per epoch (training)'].map((h) => el('th', { scope: 'col', text: h })));
  return el('table', { class: 'numbers real-data-summary' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

export function mount(root: HTMLElement, ctx: Context): void {
  root.dataset.ready = 'true';
  const { controls: left, output } = panelLayout(root, 'Real data',
    'Fashion-MNIST (28×28 greyscale clothes, 10 classes), a subset served by actlab start: an MLP per activation, trained here in your browser from the same seed with Adam, its test accuracy drawn after every epoch. At the end, the test images it gets wrong.');
  const chart = el('div', { class: 'plot', 'aria-live': 'polite' });
  const table = el('div', { class: 'real-data-table' });
  const pick = el('div', { class: 'real-data-pick' });
  const grid = el('div', { class: 'real-data-grid' });
  const notice = el('div', { class: 'real-data-notice' });
  let race: RealDataRace | undefined;
  /** Bumped by every Run and Stop: a run whose data arrive after it was stopped or replaced does not start. */
  let generation = 0;
  const status = new RunStatus(root, () => {
    generation += 1;
    race?.stop();
    status.stopped();
  });
  output.append(notice, status.root, chart, table, pick, grid);
  // Charts are drawn in order of asking: an older drawing that comes back late is dropped.
  let asked = 0;
  let shown = 0;
  const drawNow = async (spec: unknown) => {
    const mine = ++asked;
    const reply = await charts.request<RenderReply>({ kind: 'render', spec, width: chartWidth(chart) });
    if (mine < shown) return;
    shown = mine;
    showSvg(chart, reply.svg, 'test accuracy over epochs, per activation', spec);
    if (status.running) status.partial();
  };
  const draw = Object.assign(latestOnly(drawNow), { final: drawNow });
  const run = () => void start();
  left.append(...controls(ctx, ctx.save, run));

  const showMissing = (loaded: Loaded): boolean => {
    if (!('message' in loaded)) return false;
    notice.replaceChildren(missingData(loaded.message, loaded.command ?? 'apt-get install -y dataset-fashion-mnist'));
    return true;
  };
  void loadSubset(ctx.state.data.train, ctx.state.data.test).then(showMissing);

  async function start(): Promise<void> {
    race?.stop();
    draw.clear();
    const mine = ++generation;
    const r = { ...ctx.state.data, acts: [...ctx.state.data.acts], hidden: [...ctx.state.data.hidden] };
    const seed = ctx.state.seed;
    status.start();
    const loaded = await loadSubset(r.train, r.test);
    if (mine !== generation) return;
    if (showMissing(loaded) || !('subset' in loaded)) return status.failed('no data set (see above)');
    notice.replaceChildren();
    race = startRace(loaded.subset, { ...r, seed }, { chart, table, pick, grid }, status, draw);
  }
}

/** Where a race shows itself. */
interface RaceView {
  readonly chart: HTMLElement;
  readonly table: HTMLElement;
  readonly pick: HTMLElement;
  readonly grid: HTMLElement;
}

/** Starts a race and shows it: the chart and table after every epoch, the grid as each activation finishes. */
function startRace(subset: Subset, settings: RaceSettings, view: RaceView, status: RunStatus, draw: { push(spec: unknown): void; clear(): void; final(spec: unknown): Promise<void> }): RealDataRace {
  const { chart, table, pick, grid } = view;
  const points: AccuracyPoint[] = [];
  const times = new Map<string, number[]>();
  const predictions = new Map<string, Uint8Array>();
  const started = performance.now();
  chart.replaceChildren();
  [table, pick, grid].forEach((node) => node.replaceChildren());
  return new RealDataRace(subset, settings, {
    epoch: (point, ms) => {
      points.push(point);
      times.set(point.id, [...(times.get(point.id) ?? []), ms]);
      table.replaceChildren(summary(settings.acts, points, times));
      draw.push(accuracySpec(settings.acts, points, settings.epochs, chartWidth(chart)));
    },
    progress: (fraction) => status.progress(fraction, 'training'),
    finished: (id, predicted) => {
      predictions.set(id, predicted);
      showGrid(subset, predictions, pick, grid);
    },
    done: () => {
      // The last epochs' chart is on screen before the run says it is done.
      draw.clear();
      const finish = () => status.done((performance.now() - started) / 1000);
      draw.final(accuracySpec(settings.acts, points, settings.epochs, chartWidth(chart))).then(finish, finish);
    },
    failed: (message) => status.failed(message),
  });
}

/** The select of the finished activations and the grid of the chosen one's misclassified images. */
function showGrid(subset: Subset, predictions: Map<string, Uint8Array>, pick: HTMLElement, grid: HTMLElement): void {
  const ids = [...predictions.keys()];
  const chosen = pick.dataset.chosen && predictions.has(pick.dataset.chosen) ? pick.dataset.chosen : (ids[0] as string);
  const render = (id: string) => {
    pick.dataset.chosen = id;
    grid.replaceChildren(misclassifiedGrid(subset, predictions.get(id) as Uint8Array));
  };
  pick.replaceChildren(field('Misclassified by', select(ids.map((id) => ({ value: id, label: activationName(id) })), chosen, render)));
  render(chosen);
}
