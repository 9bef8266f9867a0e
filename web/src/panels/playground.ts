/**
 * Panel 5: TF Playground, with an activation per layer and a race mode. The worker trains
 * (playground-client.ts speaks to it); the page only draws: the network (network-diagram.ts),
 * the decision boundaries (a 50×50 grid, scaled up; playground-boards.ts) and the loss curves
 * (playground-draw.ts).
 */
import { getElementwise } from '../../../src/activations/index.js';
import type { TrainerConfig, TrainerSnapshot } from '../protocol.js';
import type { State } from '../state.js';
import { button, el, panelLayout, type Context } from '../ui.js';
import { NetworkDiagram } from './network-diagram.js';
import { Boards } from './playground-boards.js';
import { modelConfig, TrainerClient } from './playground-client.js';
import { playgroundControls, SPEED_STEPS } from './playground-controls.js';
import { networkStyles, styleAttribute, type NetworkStyle } from './playground-colours.js';
import { drawLoss } from './playground-draw.js';

/** What the worker trains: one network, or one per racer with its activation in every layer. */
function trainerConfig(state: State): TrainerConfig {
  const p = state.playground;
  const race = p.race.length >= 2;
  return {
    dataset: p.dataset,
    noise: p.noise,
    hidden: p.hidden,
    networks: race ? p.race.map((id) => p.hidden.map(() => id)) : [p.acts],
    labels: race ? p.race.map((id) => getElementwise(id).name) : [p.acts.map((id) => getElementwise(id).name).join(' → ')],
    learningRate: p.learningRate,
    optimizer: p.optimizer,
    batchSize: p.batchSize,
    seed: state.seed,
    rng: state.rng,
    stepsPerSecond: SPEED_STEPS[p.speed],
    ...modelConfig(p, state.seed),
  };
}

/** The data attributes the browser tests read. */
function publish(root: HTMLElement, s: TrainerSnapshot): void {
  root.dataset.running = String(s.running);
  root.dataset.epoch = String(s.epoch);
  root.dataset.loss = String(s.networks[0]?.trainLoss ?? NaN);
  root.dataset.stepsPerSecond = String(s.stepsPerSecond);
  root.dataset.ready = 'true';
}

const LEDE =
  'Train a small network on a 2-D data set, with any activation in each hidden layer (TensorFlow Playground offers four, one for all layers). Race mode trains the same network with several activations from the same seed — the same data and the same initial weights.';

/**
 * The network diagram and the boards, tied together: the diagram shows one network (a race's
 * chosen one, picked on its board or in the diagram's list) and asks the worker for its pictures
 * only while it is on screen.
 */
function pictures(client: TrainerClient): { diagram: NetworkDiagram; boards: Boards; reset(labels: readonly string[], styles: readonly NetworkStyle[]): void } {
  const ask = () => client.send({ type: 'diagram', network: diagram.wanted ? diagram.selected : -1 });
  let labels: readonly string[] = [];
  const choose = (k: number) => {
    diagram.selected = k;
    diagram.networks(labels, choose);
    boards.mark(k);
    ask();
  };
  const diagram = new NetworkDiagram(ask);
  const boards = new Boards(client, choose);
  return {
    diagram,
    boards,
    reset(next, styles) {
      labels = next;
      boards.reset(labels, styles);
      diagram.networks(labels, choose);
      boards.mark(diagram.selected);
      ask();
    },
  };
}

/**
 * The loss chart: as wide as its box (measured on resize, not read in a frame), redrawn at most
 * every 100 ms while training (the curves move by a pixel at most in between) and on every
 * snapshot when not.
 */
function lossChart(client: TrainerClient, styles: () => readonly NetworkStyle[]): { canvas: HTMLCanvasElement; draw(running: boolean): void } {
  const canvas = el('canvas', { class: 'loss', role: 'img', 'aria-label': 'training (solid) and test (dashed) loss by epoch' });
  let width = 0;
  let drawn = -Infinity;
  const draw = (running: boolean) => {
    const now = performance.now();
    if (width <= 0 || (running && now - drawn < 100)) return;
    drawn = now;
    drawLoss(canvas, client.histories, styles(), width);
  };
  new ResizeObserver(([entry]) => {
    width = Math.floor(entry?.contentRect.width ?? 0);
    drawn = -Infinity;
    draw(false);
  }).observe(canvas);
  return { canvas, draw };
}

/** The race's key: each network's label beside a stroke in its style (rebuilt only when the labels change). */
function showLegend(legend: HTMLElement, s: TrainerSnapshot, styles: readonly NetworkStyle[]): void {
  const labels = s.networks.map((n) => n.label).join('|');
  if (legend.dataset.labels === labels) return;
  legend.dataset.labels = labels;
  legend.replaceChildren(...s.networks.map((n, k) => el('span', { class: 'key', style: styleAttribute(styles[k] ?? { colour: 'currentColor', dash: [] }), text: n.label })));
}

export function mount(root: HTMLElement, ctx: Context): void {
  const { controls, output } = panelLayout(root, 'Playground', LEDE);
  const playButton = button('Play', () => client.send({ type: client.running ? 'pause' : 'play' }), { class: 'primary', id: 'play' });
  const epochText = el('span', { class: 'epoch', role: 'status', 'aria-live': 'off', text: 'epoch 0' });
  const legend = el('div', { class: 'legend' });
  const lossHeading = el('h3', { text: 'Loss (binary cross-entropy, log scale): training solid, test dashed' });
  const errorLine = el('p', { class: 'error', role: 'alert' });
  const client = new TrainerClient({
    frame: (s) => {
      const started = performance.now();
      playButton.textContent = s.running ? 'Pause' : 'Play';
      playButton.setAttribute('aria-pressed', String(s.running));
      view.boards.draw(s);
      view.boards.caption(s);
      if (s.picture) view.diagram.show(s.picture);
      loss.draw(s.running);
      const heading = `Loss (${s.task === 'regression' ? '½·squared error' : 'binary cross-entropy'}, log scale): training solid, test dashed`;
      if (lossHeading.textContent !== heading) lossHeading.textContent = heading;
      showLegend(legend, s, styles);
      epochText.textContent = `epoch ${s.epoch}${s.running && s.stepsPerSecond > 0 ? ` · ${s.stepsPerSecond.toFixed(0)} steps/s` : ''}`;
      publish(root, s);
      performance.measure('playground frame', { start: started, end: performance.now() });
    },
    error: (message) => {
      errorLine.textContent = message;
      playButton.textContent = 'Play';
    },
    ok: () => {
      errorLine.textContent = '';
    },
  });
  const view = pictures(client);
  /** Each network's colour (its activation's) and dash, as last configured. */
  let styles: readonly NetworkStyle[] = [];
  const loss = lossChart(client, () => styles);
  const transport = el('div', { class: 'transport' }, playButton, button('Step', () => client.send({ type: 'step', epochs: 1 }), { id: 'step' }), button('Reset', () => client.send({ type: 'reset' }), { id: 'reset' }), epochText);
  const top = el('div', { class: 'pg-top' }, view.diagram.root, view.boards.root);
  output.append(transport, errorLine, top, lossHeading, loss.canvas, legend);

  // Training stops when the panel is left (it would slow the other panels' simulations).
  root.addEventListener('visibility', (event) => {
    if (!(event as CustomEvent<boolean>).detail && client.running) client.send({ type: 'pause' });
  });
  const configure = () => {
    const config = trainerConfig(ctx.state);
    styles = networkStyles(config.networks);
    client.configure(config);
    view.reset(config.labels, styles);
  };
  const changed = () => {
    ctx.save();
    configure();
  };
  const showTest = (on: boolean) => {
    view.boards.showTest = on;
    if (client.last) view.boards.draw(client.last);
  };
  controls.append(...playgroundControls(ctx, { changed, speed: (stepsPerSecond) => client.send({ type: 'speed', stepsPerSecond }), showTest, discretize: (on) => client.send({ type: 'discretize', on }), reseed: configure }));
  configure();
}
