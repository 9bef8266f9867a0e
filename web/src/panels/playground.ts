/**
 * Panel 5: TF Playground, with an activation per layer and a race mode. The worker trains; the
 * page only draws the decision boundary (a 50×50 grid, scaled up) and the loss curves on canvas.
 */
import { getElementwise } from '../../../src/activations/index.js';
import type { TrainerConfig, TrainerMessage, TrainerSnapshot } from '../protocol.js';
import { seedControls } from '../runner.js';
import { PLAYGROUND_DATASETS, PLAYGROUND_OPTIMIZERS } from '../../../src/nn/playground.js';
import { MAX_OVERLAY, SPEEDS } from '../state.js';
import { activationList, activationSelect, button, checkbox, el, field, fmt, numberInput, select, slider, type Context } from '../ui.js';

const SPEED_STEPS: Record<(typeof SPEEDS)[number], number> = { slow: 10, normal: 60, fast: 0 };
const SPEED_LABELS: Record<(typeof SPEEDS)[number], string> = { slow: 'slow (10 steps/s)', normal: 'normal (60 steps/s)', fast: 'as fast as possible' };
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
// Playground's colours: orange for class 0, blue for class 1, white at p = ½.
const ORANGE = [245, 147, 34] as const;
const BLUE = [8, 119, 189] as const;

function colour(p: number): [number, number, number] {
  const t = Math.abs(2 * p - 1);
  const c = p >= 0.5 ? BLUE : ORANGE;
  return [255 + (c[0] - 255) * t * 0.75, 255 + (c[1] - 255) * t * 0.75, 255 + (c[2] - 255) * t * 0.75];
}

interface NetworkView {
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  history: number[];
}

export function mount(root: HTMLElement, ctx: Context): void {
  const p = ctx.state.playground;
  const controls = el('div', { class: 'controls' });
  const output = el('div', { class: 'output' });
  root.append(
    el('h2', { text: 'Playground' }),
    el('p', { class: 'lede', text: 'Train a small network on a 2-D data set, with any activation in each hidden layer (TensorFlow Playground offers four, one for all layers). Race mode trains the same network with several activations from the same seed — the same data and the same initial weights.' }),
    el('div', { class: 'layout' }, controls, output),
  );

  const playButton = button('Play', () => (running ? send({ type: 'pause' }) : send({ type: 'play' })), { class: 'primary', id: 'play' });
  const stepButton = button('Step', () => send({ type: 'step', epochs: 1 }), { id: 'step' });
  const resetButton = button('Reset', () => send({ type: 'reset' }), { id: 'reset' });
  const epochText = el('span', { class: 'epoch', role: 'status', 'aria-live': 'off', text: 'epoch 0' });
  const boards = el('div', { class: 'boards' });
  const lossCanvas = el('canvas', { class: 'loss', width: 600, height: 180, role: 'img', 'aria-label': 'training loss by epoch' });
  const legend = el('div', { class: 'legend' });
  const errorLine = el('p', { class: 'error', role: 'alert' });
  output.append(el('div', { class: 'transport' }, playButton, stepButton, resetButton, epochText), errorLine, boards, el('h3', { text: 'Loss (binary cross-entropy, log scale): training solid, test dashed' }), lossCanvas, legend);

  let running = false;
  let views: NetworkView[] = [];
  let points: Float32Array | undefined;
  let testPoints: Float32Array | undefined;
  let showTest = false;
  let last: TrainerSnapshot | undefined;
  /** Training (and test) points drawn once per data set, then copied onto each board. */
  let pointsLayer: OffscreenCanvas | undefined;
  let pending: TrainerSnapshot | undefined;
  let frame = 0;

  const worker = new Worker(new URL('../trainer-worker.ts', import.meta.url), { type: 'module' });
  const send = (command: Parameters<Worker['postMessage']>[0]) => worker.postMessage(command);
  worker.onmessage = (event: MessageEvent<TrainerMessage>) => {
    const message = event.data;
    if (message.type === 'error') {
      errorLine.textContent = message.message;
      running = false;
      playButton.textContent = 'Play';
      return;
    }
    errorLine.textContent = '';
    // Histories accumulate from every snapshot; the boards show only the newest, once per frame.
    message.networks.forEach((n, k) => {
      const view = views[k];
      if (!view) return;
      if (message.epoch === 0) view.history = [];
      for (const value of n.history) view.history.push(value);
      if (view.history.length > 6000) view.history = view.history.filter((_, i) => Math.floor(i / 3) % 2 === 0);
    });
    if (message.points) {
      points = message.points;
      pointsLayer = undefined;
    }
    if (message.testPoints) testPoints = message.testPoints;
    pending = message;
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (pending) draw(pending);
        pending = undefined;
      });
    }
  };

  // Training stops when the panel is left (it would slow the other panels' simulations).
  root.addEventListener('visibility', (event) => {
    if (!(event as CustomEvent<boolean>).detail && running) send({ type: 'pause' });
  });

  const config = (): TrainerConfig => {
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
      seed: ctx.state.seed,
      rng: ctx.state.rng,
      stepsPerSecond: SPEED_STEPS[p.speed],
    };
  };

  const configure = () => {
    const c = config();
    boards.replaceChildren();
    boards.classList.toggle('race', c.labels.length > 2);
    views = c.labels.map((label, k) => {
      const canvas = el('canvas', { width: 300, height: 300, class: 'board', role: 'img', 'aria-label': `decision boundary: ${label}` });
      const caption = el('figcaption', { text: label });
      boards.append(el('figure', { class: 'board-figure', style: `--accent:${PALETTE[k % PALETTE.length]}` }, canvas, caption));
      return { canvas, caption, history: [] };
    });
    points = undefined;
    pointsLayer = undefined;
    send({ type: 'configure', config: c });
  };
  const changed = () => {
    ctx.save();
    configure();
  };

  function drawBoard(view: NetworkView, grid: Float32Array, resolution: number, domain: readonly [number, number]): void {
    const c = view.canvas.getContext('2d');
    if (!c) return;
    const image = new ImageData(resolution, resolution);
    for (let i = 0; i < grid.length; i++) {
      const [r, g, b] = colour(grid[i] as number);
      image.data[4 * i] = r;
      image.data[4 * i + 1] = g;
      image.data[4 * i + 2] = b;
      image.data[4 * i + 3] = 255;
    }
    const small = new OffscreenCanvas(resolution, resolution);
    small.getContext('2d')?.putImageData(image, 0, 0);
    const size = view.canvas.width;
    c.imageSmoothingEnabled = true;
    c.drawImage(small, 0, 0, size, size);
    if (!pointsLayer) {
      pointsLayer = new OffscreenCanvas(size, size);
      const p = pointsLayer.getContext('2d');
      const [lo, hi] = domain;
      const plotPoints = (data: Float32Array | undefined, stroke: string) => {
        if (!data || !p) return;
        for (let i = 0; i < data.length; i += 3) {
          const x = (((data[i] as number) - lo) / (hi - lo)) * size;
          const y = size - (((data[i + 1] as number) - lo) / (hi - lo)) * size;
          p.beginPath();
          p.arc(x, y, 3, 0, 2 * Math.PI);
          p.fillStyle = data[i + 2] === 1 ? 'rgb(8,119,189)' : 'rgb(245,147,34)';
          p.fill();
          p.strokeStyle = stroke;
          p.lineWidth = 1;
          p.stroke();
        }
      };
      plotPoints(points, 'white');
      if (showTest) plotPoints(testPoints, 'black');
    }
    c.drawImage(pointsLayer, 0, 0);
  }

  function drawLoss(): void {
    const c = lossCanvas.getContext('2d');
    if (!c) return;
    const width = lossCanvas.clientWidth || 600;
    if (lossCanvas.width !== width) lossCanvas.width = width;
    const height = lossCanvas.height;
    c.clearRect(0, 0, width, height);
    let maxEpoch = 1;
    let maxLoss = 1e-3;
    let minLoss = Infinity;
    for (const v of views) {
      for (let i = 0; i < v.history.length; i += 3) {
        maxEpoch = Math.max(maxEpoch, v.history[i] as number);
        for (const loss of [v.history[i + 1] as number, v.history[i + 2] as number]) {
          if (Number.isFinite(loss)) {
            maxLoss = Math.max(maxLoss, loss);
            minLoss = Math.min(minLoss, loss);
          }
        }
      }
    }
    const top = Math.log10(maxLoss);
    const bottom = Math.min(top - 1, Math.log10(Math.max(1e-4, Number.isFinite(minLoss) ? minLoss : 1e-4)));
    const left = 44;
    const x = (e: number) => left + (e / maxEpoch) * (width - left - 8);
    const y = (l: number) => 6 + ((top - Math.log10(Math.max(l, 1e-12))) / (top - bottom)) * (height - 24);
    c.strokeStyle = '#ccc';
    c.fillStyle = '#555';
    c.font = '11px system-ui, sans-serif';
    for (let d = Math.ceil(bottom); d <= Math.floor(top); d++) {
      c.beginPath();
      c.moveTo(left, y(10 ** d));
      c.lineTo(width - 8, y(10 ** d));
      c.stroke();
      c.fillText(`1e${d}`, 4, y(10 ** d) + 4);
    }
    c.fillText(`epoch ${Math.round(maxEpoch)}`, width - 80, height - 4);
    // Training loss solid, test loss dashed.
    views.forEach((v, k) => {
      c.strokeStyle = PALETTE[k % PALETTE.length] as string;
      for (const [offset, dash, width] of [[1, [], 2], [2, [5, 4], 1.5]] as const) {
        c.lineWidth = width;
        c.setLineDash(dash);
        c.beginPath();
        for (let i = 0; i < v.history.length; i += 3) {
          const px = x(v.history[i] as number);
          const py = y(Math.min(v.history[i + offset] as number, maxLoss));
          if (i === 0) c.moveTo(px, py);
          else c.lineTo(px, py);
        }
        c.stroke();
      }
      c.setLineDash([]);
    });
  }

  function draw(s: TrainerSnapshot): void {
    last = s;
    running = s.running;
    playButton.textContent = running ? 'Pause' : 'Play';
    playButton.setAttribute('aria-pressed', String(running));
    s.networks.forEach((n, k) => {
      const view = views[k];
      if (!view) return;
      drawBoard(view, n.grid, s.resolution, s.domain);
      view.caption.textContent = `${n.label} — train loss ${fmt(n.trainLoss, 3)}, test loss ${fmt(n.testLoss, 3)}, test accuracy ${(100 * n.testAccuracy).toFixed(1)}%`;
    });
    drawLoss();
    legend.replaceChildren(...s.networks.map((n, k) => el('span', { class: 'key', style: `--accent:${PALETTE[k % PALETTE.length]}`, text: n.label })));
    epochText.textContent = `epoch ${s.epoch}${running && s.stepsPerSecond > 0 ? ` · ${s.stepsPerSecond.toFixed(0)} steps/s` : ''}`;
    root.dataset.running = String(running);
    root.dataset.epoch = String(s.epoch);
    root.dataset.loss = String(s.networks[0]?.trainLoss ?? NaN);
    root.dataset.stepsPerSecond = String(s.stepsPerSecond);
    root.dataset.ready = 'true';
  }

  // ── controls ──
  const layersBox = el('fieldset', { class: 'group list' });
  const renderLayers = () => {
    layersBox.replaceChildren(el('legend', { text: 'Hidden layers: width and activation' }));
    p.hidden.forEach((units, l) => {
      const row = el('div', { class: 'row layer' },
        el('span', { class: 'layer-name', text: `${l + 1}` }),
        numberInput(units, (v) => {
          p.hidden[l] = v;
          changed();
        }, { min: 1, max: 16, step: 1, 'aria-label': `layer ${l + 1} width` }),
        activationSelect(p.acts[l] ?? 'tanh', (v) => {
          p.acts[l] = v;
          changed();
        }, { 'aria-label': `layer ${l + 1} activation`, disabled: p.race.length >= 2, title: p.race.length >= 2 ? 'in a race each network uses its racer in every layer' : undefined }),
      );
      if (p.hidden.length > 1) {
        row.append(button('×', () => {
          p.hidden.splice(l, 1);
          p.acts.splice(l, 1);
          renderLayers();
          changed();
        }, { class: 'icon', 'aria-label': `remove layer ${l + 1}` }));
      }
      layersBox.append(row);
    });
    if (p.hidden.length < 6) {
      layersBox.append(button('+ layer', () => {
        p.hidden.push(4);
        p.acts.push(p.acts[p.acts.length - 1] ?? 'tanh');
        renderLayers();
        changed();
      }, { class: 'add', 'aria-label': 'add a hidden layer' }));
    }
  };
  renderLayers();

  const raceBox = el('div');
  const renderRace = () => {
    raceBox.replaceChildren(
      checkbox('Race several activations', p.race.length >= 2, (on) => {
        p.race = on ? ['relu', 'tanh', 'swish', 'mish'] : [];
        renderRace();
        renderLayers();
        changed();
      }),
    );
    if (p.race.length >= 2) {
      raceBox.append(
        activationList('Race', [...p.race], MAX_OVERLAY, (values) => {
          p.race = [...new Set(values)];
          if (p.race.length < 2) p.race = [];
          renderRace();
          renderLayers();
          changed();
        }, 2),
        el('small', { class: 'hint', text: 'Each racer uses its activation in every hidden layer.' }),
      );
    }
  };
  renderRace();

  controls.append(
    field('Data set', select(PLAYGROUND_DATASETS, p.dataset, (v) => {
      p.dataset = v;
      changed();
    }, { id: 'dataset' })),
    slider('Noise', p.noise, { min: 0, max: 0.5, step: 0.05 }, (v) => {
      p.noise = v;
      changed();
    }),
    layersBox,
    slider('Learning rate', p.learningRate, { min: 0.001, max: 1, step: 0.001 }, (v) => {
      p.learningRate = v;
      changed();
    }),
    field('Optimiser', select(PLAYGROUND_OPTIMIZERS, p.optimizer, (v) => {
      p.optimizer = v;
      changed();
    })),
    slider('Batch size', p.batchSize, { min: 1, max: 200, step: 1 }, (v) => {
      p.batchSize = Math.round(v);
      changed();
    }),
    field('Speed', select(SPEEDS.map((s) => ({ value: s, label: SPEED_LABELS[s] })), p.speed, (v) => {
      p.speed = v;
      ctx.save();
      send({ type: 'speed', stepsPerSecond: SPEED_STEPS[v] });
    })),
    checkbox('Show test points', showTest, (on) => {
      showTest = on;
      pointsLayer = undefined;
      const s = last;
      if (s) s.networks.forEach((n, k) => views[k] && drawBoard(views[k], n.grid, s.resolution, s.domain));
    }),
    raceBox,
    seedControls(ctx, configure),
  );
  configure();
}
