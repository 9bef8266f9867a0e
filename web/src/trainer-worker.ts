/**
 * The playground's worker: trains one network (or several, a race) with the library's
 * PlaygroundTrainer and posts snapshots — losses, accuracies and the decision-boundary grid
 * (on one colour scale 0…1 for classification and regression, discretised when asked) — at
 * most ~30 times a second, so the page only draws.
 */
import '../../src/formula/install.js'; // formulas wherever an activation is named
import { PLAYGROUND_DEFAULTS, PlaygroundTrainer, playgroundData, playgroundDomain, type PlaygroundConfig } from '../../src/nn/playground.js';
import { loadWasmKernels } from '../../src/wasm/index.js';
import { networkPicture, pictureBuffers, pictureInputs, PICTURE_RESOLUTION } from './network-picture.js';
import type { NetworkPicture, TrainerCommand, TrainerConfig, TrainerMessage, TrainerSnapshot } from './protocol.js';

const scope = self as unknown as {
  postMessage(message: TrainerMessage, transfer?: Transferable[]): void;
  onmessage: ((event: { data: TrainerCommand }) => void) | null;
};

const RESOLUTION = 50;
const SNAPSHOT_MS = 33;

let config: TrainerConfig | undefined;
let trainers: PlaygroundTrainer[] = [];
let histories: number[][] = [];
let running = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let sendPoints = false;
let stepsPerSecond = 0;
let budget = 0;
let lastTick = 0;
let discretize = false;
const recentSteps: { t: number; epoch: number }[] = [];

function build(): void {
  if (!config) return;
  const c = config;
  trainers = [];
  histories = [];
  const base: PlaygroundConfig = {
    dataset: c.dataset,
    noise: c.noise,
    samples: PLAYGROUND_DEFAULTS.samples,
    features: c.features,
    hidden: c.hidden,
    activations: c.networks[0] ?? [],
    learningRate: c.learningRate,
    optimizer: c.optimizer,
    batchSize: c.batchSize,
    regularization: c.regularization,
    regularizationRate: c.regularizationRate,
    trainRatio: c.trainRatio,
    seed: c.seed,
    dataSeed: c.dataSeed,
    rng: c.rng,
  };
  const data = playgroundData(base);
  for (const activations of c.networks) {
    trainers.push(new PlaygroundTrainer({ ...base, activations }, data));
    histories.push([]);
  }
  recentSteps.length = 0;
  sendPoints = true;
  for (let k = 0; k < trainers.length; k++) record(k);
}

function record(k: number): void {
  const trainer = trainers[k] as PlaygroundTrainer;
  const losses = trainer.losses();
  (histories[k] as number[]).push(trainer.epoch, losses.train, losses.test);
}

/** A regression value v ∈ [−1, 1] on the colour scale 0…1 of classification's P(class 1): (v + 1)/2, clamped. */
function toColourScale(v: number): number {
  return Math.min(1, Math.max(0, (v + 1) / 2));
}

/** (x, y, value) triples; the value on the colour scale (see TrainerSnapshot.points). */
function flatten(x: Float64Array, y: Float64Array, regression: boolean): Float32Array {
  const out = new Float32Array(y.length * 3);
  for (let i = 0; i < y.length; i++) {
    out[3 * i] = x[2 * i] as number;
    out[3 * i + 1] = x[2 * i + 1] as number;
    out[3 * i + 2] = regression ? toColourScale(y[i] as number) : (y[i] as number);
  }
  return out;
}

/** The trainer's output grid on the colour scale 0…1, discretised when asked. */
function colourGrid(trainer: PlaygroundTrainer): Float32Array {
  const grid = trainer.grid(RESOLUTION, discretize);
  if (trainer.task === 'regression') for (let i = 0; i < grid.length; i++) grid[i] = toColourScale(grid[i] as number);
  return grid;
}

function snapshot(): void {
  const first = trainers[0];
  if (!first || !config) return;
  const now = performance.now();
  while (recentSteps.length > 1 && now - (recentSteps[0] as { t: number }).t > 1000) recentSteps.shift();
  const oldest = recentSteps[0];
  const measured = running && oldest && now > oldest.t + 100 ? ((first.epoch - oldest.epoch) * 1000) / (now - oldest.t) : 0;
  const transfer: Transferable[] = [];
  const networks = trainers.map((trainer, k) => {
    const grid = colourGrid(trainer);
    const losses = trainer.losses();
    const accuracies = trainer.accuracies();
    const history = Float64Array.from(histories[k] as number[]);
    histories[k] = [];
    transfer.push(grid.buffer, history.buffer);
    return {
      label: config?.labels[k] ?? '',
      grid,
      trainLoss: losses.train,
      testLoss: losses.test,
      trainAccuracy: accuracies.train,
      testAccuracy: accuracies.test,
      history,
    };
  });
  const message: TrainerSnapshot = {
    type: 'snapshot',
    epoch: first.epoch,
    running,
    stepsPerSecond: measured,
    resolution: RESOLUTION,
    domain: playgroundDomain(config.dataset),
    task: first.task,
    discretize,
    networks,
    ...diagramPicture(transfer),
    ...(sendPoints ? { points: flatten(first.data.train.x.data, first.data.train.y, first.task === 'regression'), testPoints: flatten(first.data.test.x.data, first.data.test.y, first.task === 'regression') } : {}),
  };
  sendPoints = false;
  scope.postMessage(message, transfer);
}

function stepAll(epochs: number): void {
  for (let k = 0; k < trainers.length; k++) {
    const trainer = trainers[k] as PlaygroundTrainer;
    for (let e = 0; e < epochs; e++) {
      trainer.step(1);
      // Record every epoch early on, then sparser (the loss chart needs a few hundred points).
      if (trainer.epoch <= 200 || trainer.epoch % Math.ceil(trainer.epoch / 200) === 0) record(k);
    }
  }
}

function tick(): void {
  timer = undefined;
  if (!running) return;
  const now = performance.now();
  const elapsed = Math.min(250, now - lastTick);
  lastTick = now;
  const started = performance.now();
  if (stepsPerSecond > 0) {
    budget += (elapsed * stepsPerSecond) / 1000;
    const whole = Math.floor(budget);
    budget -= whole;
    if (whole > 0) stepAll(whole);
  } else {
    // As fast as possible: train for ~25 ms between snapshots.
    while (performance.now() - started < 25) stepAll(1);
  }
  recentSteps.push({ t: performance.now(), epoch: trainers[0]?.epoch ?? 0 });
  snapshot();
  const spent = performance.now() - started;
  timer = setTimeout(tick, Math.max(0, SNAPSHOT_MS - spent));
}

function play(): void {
  if (running || trainers.length === 0) return;
  running = true;
  lastTick = performance.now();
  budget = 0;
  recentSteps.length = 0;
  recentSteps.push({ t: lastTick, epoch: trainers[0]?.epoch ?? 0 });
  timer = setTimeout(tick, 0);
}

function pause(): void {
  running = false;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  snapshot();
}

// The network diagram: whose picture goes with the snapshots (−1: none, the diagram is hidden),
// at most every PICTURE_MS while running (each is a forward pass of the picture's grid), with
// every snapshot when not (pause, step, reset).
const PICTURE_MS = 100;
let diagram = -1;
let lastPicture = -Infinity;

function diagramPicture(transfer: Transferable[]): { picture?: NetworkPicture } {
  const trainer = trainers[diagram];
  const now = performance.now();
  if (!trainer || !config || (running && now - lastPicture < PICTURE_MS)) return {};
  lastPicture = now;
  const { inputs, names } = pictureInputs(trainer, PICTURE_RESOLUTION);
  const picture = networkPicture(trainer.network, inputs, names, PICTURE_RESOLUTION, { network: diagram, label: config.labels[diagram] ?? '' });
  transfer.push(...pictureBuffers(picture));
  return { picture };
}

const ready = loadWasmKernels();

scope.onmessage = (event) => {
  const command = event.data;
  void ready.then(() => {
    try {
      switch (command.type) {
        case 'configure': {
          const wasRunning = running;
          pause();
          config = command.config;
          stepsPerSecond = config.stepsPerSecond;
          discretize = config.discretize;
          build();
          snapshot();
          if (wasRunning) play();
          break;
        }
        case 'play':
          play();
          break;
        case 'pause':
          pause();
          break;
        case 'step':
          pause();
          stepAll(command.epochs);
          snapshot();
          break;
        case 'reset': {
          const wasRunning = running;
          pause();
          build();
          snapshot();
          if (wasRunning) play();
          break;
        }
        case 'speed':
          stepsPerSecond = command.stepsPerSecond;
          break;
        case 'discretize':
          discretize = command.on;
          if (!running) snapshot();
          break;
        case 'diagram':
          diagram = command.network;
          if (diagram >= 0 && !running) snapshot();
          break;
      }
    } catch (error) {
      running = false;
      scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
};
