/**
 * Panel 5: TF Playground, with an activation per layer and a race mode. The worker trains
 * (playground-client.ts speaks to it); the page only draws the decision boundary (a 50×50 grid,
 * scaled up) and the loss curves on canvas (playground-draw.ts).
 */
import { getElementwise } from '../../../src/activations/index.js';
import type { TrainerConfig, TrainerSnapshot } from '../protocol.js';
import type { State } from '../state.js';
import { button, el, fmt, panelLayout, type Context } from '../ui.js';
import { modelConfig, TrainerClient } from './playground-client.js';
import { playgroundControls, SPEED_STEPS } from './playground-controls.js';
import { drawBoard, drawLoss, paletteColour, pointsLayer } from './playground-draw.js';

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

/** The decision boundaries: one canvas per network, and the data points they all show. */
class Boards {
  readonly root = el('div', { class: 'boards' });
  showTest = false;
  private boards: { canvas: HTMLCanvasElement; caption: HTMLElement }[] = [];
  /** The points drawn once per data set (and per "show test points"), then copied onto each board. */
  private layer: { version: number; showTest: boolean; canvas: OffscreenCanvas } | undefined;

  constructor(private readonly client: TrainerClient) {}

  reset(labels: readonly string[]): void {
    this.root.replaceChildren();
    this.root.classList.toggle('race', labels.length > 2);
    this.boards = labels.map((label, k) => {
      const canvas = el('canvas', { width: 300, height: 300, class: 'board', role: 'img', 'aria-label': `decision boundary: ${label}` });
      const caption = el('figcaption', { text: label });
      this.root.append(el('figure', { class: 'board-figure', style: `--accent:${paletteColour(k)}` }, canvas, caption));
      return { canvas, caption };
    });
  }

  draw(s: TrainerSnapshot): void {
    const { client } = this;
    if (!this.layer || this.layer.version !== client.pointsVersion || this.layer.showTest !== this.showTest) {
      const size = this.boards[0]?.canvas.width ?? 300;
      this.layer = { version: client.pointsVersion, showTest: this.showTest, canvas: pointsLayer(size, s.domain, client.points, this.showTest ? client.testPoints : undefined) };
    }
    const points = this.layer.canvas;
    s.networks.forEach((n, k) => {
      const board = this.boards[k];
      if (board) drawBoard(board.canvas, n.grid, s.resolution, points);
    });
  }

  caption(s: TrainerSnapshot): void {
    s.networks.forEach((n, k) => {
      const board = this.boards[k];
      if (board) board.caption.textContent = `${n.label} — train loss ${fmt(n.trainLoss, 3)}, test loss ${fmt(n.testLoss, 3)}${Number.isNaN(n.testAccuracy) ? '' : `, test accuracy ${(100 * n.testAccuracy).toFixed(1)}%`}`;
    });
  }
}

const LEDE =
  'Train a small network on a 2-D data set, with any activation in each hidden layer (TensorFlow Playground offers four, one for all layers). Race mode trains the same network with several activations from the same seed — the same data and the same initial weights.';

export function mount(root: HTMLElement, ctx: Context): void {
  const { controls, output } = panelLayout(root, 'Playground', LEDE);
  const playButton = button('Play', () => client.send({ type: client.running ? 'pause' : 'play' }), { class: 'primary', id: 'play' });
  const epochText = el('span', { class: 'epoch', role: 'status', 'aria-live': 'off', text: 'epoch 0' });
  const lossCanvas = el('canvas', { class: 'loss', width: 600, height: 180, role: 'img', 'aria-label': 'training loss by epoch' });
  const legend = el('div', { class: 'legend' });
  const lossHeading = el('h3', { text: 'Loss (binary cross-entropy, log scale): training solid, test dashed' });
  const errorLine = el('p', { class: 'error', role: 'alert' });
  const client = new TrainerClient({
    frame: (s) => {
      playButton.textContent = s.running ? 'Pause' : 'Play';
      playButton.setAttribute('aria-pressed', String(s.running));
      boards.draw(s);
      boards.caption(s);
      drawLoss(lossCanvas, client.histories);
      const heading = `Loss (${s.task === 'regression' ? '½·squared error' : 'binary cross-entropy'}, log scale): training solid, test dashed`;
      if (lossHeading.textContent !== heading) lossHeading.textContent = heading;
      legend.replaceChildren(...s.networks.map((n, k) => el('span', { class: 'key', style: `--accent:${paletteColour(k)}`, text: n.label })));
      epochText.textContent = `epoch ${s.epoch}${s.running && s.stepsPerSecond > 0 ? ` · ${s.stepsPerSecond.toFixed(0)} steps/s` : ''}`;
      publish(root, s);
    },
    error: (message) => {
      errorLine.textContent = message;
      playButton.textContent = 'Play';
    },
    ok: () => {
      errorLine.textContent = '';
    },
  });
  const boards = new Boards(client);
  const transport = el('div', { class: 'transport' }, playButton, button('Step', () => client.send({ type: 'step', epochs: 1 }), { id: 'step' }), button('Reset', () => client.send({ type: 'reset' }), { id: 'reset' }), epochText);
  output.append(transport, errorLine, boards.root, lossHeading, lossCanvas, legend);

  // Training stops when the panel is left (it would slow the other panels' simulations).
  root.addEventListener('visibility', (event) => {
    if (!(event as CustomEvent<boolean>).detail && client.running) client.send({ type: 'pause' });
  });
  const configure = () => {
    const config = trainerConfig(ctx.state);
    boards.reset(config.labels);
    client.configure(config);
  };
  const changed = () => {
    ctx.save();
    configure();
  };
  const showTest = (on: boolean) => {
    boards.showTest = on;
    if (client.last) boards.draw(client.last);
  };
  controls.append(...playgroundControls(ctx, { changed, speed: (stepsPerSecond) => client.send({ type: 'speed', stepsPerSecond }), showTest, discretize: (on) => client.send({ type: 'discretize', on }), reseed: configure }));
  configure();
}
