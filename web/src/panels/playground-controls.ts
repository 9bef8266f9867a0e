/**
 * The playground's controls. Each edits the playground's part of the state and calls
 * `changed` (save the address, rebuild the network); speed, "show test points" and "discretise
 * output" only redraw (the network trains on).
 */
import {
  FEATURE_LABELS,
  PLAYGROUND_CLASSIFICATION,
  PLAYGROUND_FEATURES,
  PLAYGROUND_OPTIMIZERS,
  PLAYGROUND_REGRESSION,
  REGULARIZATION_RATES,
  REGULARIZATIONS,
  type PlaygroundDataset,
  type Regularization,
} from '../../../src/nn/playground.js';
import { seedControls } from '../runner.js';
import { MAX_OVERLAY, SPEEDS, type State } from '../state.js';
import { activationList, activationSelect, button, checkbox, el, field, numberInput, select, slider, type Context } from '../ui.js';

type Playground = State['playground'];
export type Speed = (typeof SPEEDS)[number];

/** Target epochs per second of each speed (0: as fast as possible). */
export const SPEED_STEPS: Readonly<Record<Speed, number>> = { slow: 10, normal: 60, fast: 0 };
const SPEED_LABELS: Readonly<Record<Speed, string>> = { slow: 'slow (10 steps/s)', normal: 'normal (60 steps/s)', fast: 'as fast as possible' };
const MAX_LAYERS = 6;

export interface PlaygroundControlHandlers {
  /** A setting of the network or data changed: save the address and rebuild. */
  changed(): void;
  /** The speed changed (the network runs on). */
  speed(stepsPerSecond: number): void;
  showTest(on: boolean): void;
  /** "Discretise output" changed (already saved); the network trains on. */
  discretize(on: boolean): void;
  /** The seed or generator changed (already saved). */
  reseed(): void;
}

const DATASET_LABELS: Readonly<Record<PlaygroundDataset, string>> = {
  circle: 'circle',
  xor: 'XOR',
  gaussian: 'two Gaussians',
  spiral: 'spiral',
  moons: 'two moons',
  'reg-plane': 'plane',
  'reg-gauss': 'multi-Gaussian',
};
const DATASET_OPTIONS = [
  ...PLAYGROUND_CLASSIFICATION.map((value) => ({ value, label: DATASET_LABELS[value], group: 'classification' })),
  ...PLAYGROUND_REGRESSION.map((value) => ({ value, label: DATASET_LABELS[value], group: 'regression' })),
];
const REGULARIZATION_LABELS: Readonly<Record<Regularization, string>> = { none: 'none', l1: 'L1', l2: 'L2' };

/** The data set, "Regenerate" (new points, same network seed), noise and the training share. */
function dataControls(p: Playground, changed: () => void): HTMLElement[] {
  return [
    field('Data set', select(DATASET_OPTIONS, p.dataset, (v) => {
      p.dataset = v;
      changed();
    }, { id: 'dataset' })),
    button('Regenerate data', () => {
      p.regen = (p.regen + 1) % 4294967296;
      changed();
    }, { id: 'regenerate', title: 'new points from a new data seed; the network keeps its seed and initial weights' }),
    slider('Noise', p.noise, { min: 0, max: 0.5, step: 0.05 }, (v) => {
      p.noise = v;
      changed();
    }, undefined, { key: 'p.noise' }),
    slider('Training data (%)', p.trainPercent, { min: 10, max: 90, step: 10 }, (v) => {
      p.trainPercent = Math.min(90, Math.max(10, Math.round(v)));
      changed();
    }, 'the rest are test points: the dashed test loss', { key: 'p.train' }),
  ];
}

/** One checkbox per input feature; the last one checked cannot be unchecked (the network needs an input). */
function featuresControl(p: Playground, changed: () => void): HTMLElement {
  const root = el('fieldset', { class: 'group features' });
  const render = () => {
    root.replaceChildren(el('legend', { text: 'Input features' }));
    const only = p.features.length === 1;
    for (const feature of PLAYGROUND_FEATURES) {
      const on = p.features.includes(feature);
      const box = checkbox(FEATURE_LABELS[feature], on, (checked) => {
        p.features = PLAYGROUND_FEATURES.filter((f) => (f === feature ? checked : p.features.includes(f)));
        render();
        changed();
      });
      const input = box.querySelector('input');
      if (input) {
        input.dataset.feature = feature;
        if (on && only) {
          input.disabled = true;
          input.title = 'the network needs at least one input';
        }
      }
      root.append(box);
    }
  };
  render();
  return root;
}

/** L1/L2 and its rate λ (Playground's choices; an address's other value in range is kept as an option). */
function regularizationControls(p: Playground, changed: () => void): HTMLElement {
  const rates: number[] = [...REGULARIZATION_RATES];
  if (!rates.includes(p.regularizationRate)) rates.push(p.regularizationRate);
  rates.sort((a, b) => a - b);
  return el('div', { class: 'regularization' },
    el('div', { class: 'row' },
      field('Regularisation', select(REGULARIZATIONS.map((value) => ({ value, label: REGULARIZATION_LABELS[value] })), p.regularization, (v) => {
        p.regularization = v;
        changed();
      }, { id: 'regularization' })),
      field('Rate λ', select(rates.map((r) => ({ value: String(r), label: String(r) })), String(p.regularizationRate), (v) => {
        p.regularizationRate = Number(v);
        changed();
      }, { id: 'regularization-rate' })),
    ),
    el('small', { class: 'hint', text: 'L1 adds λ·Σ|w|, L2 λ·½Σw² to the loss: weights only, not biases; λ = 0 is off' }),
  );
}

/** One row per hidden layer (width, activation, remove) and "+ layer"; `render` redraws it. */
function layersControl(p: Playground, changed: () => void): { root: HTMLElement; render(): void } {
  const root = el('fieldset', { class: 'group list' });
  const render = () => {
    root.replaceChildren(el('legend', { text: 'Hidden layers: width and activation' }));
    const racing = p.race.length >= 2;
    p.hidden.forEach((units, l) => {
      const row = el('div', { class: 'row layer' },
        el('span', { class: 'layer-name', text: `${l + 1}` }),
        numberInput(units, (v) => {
          p.hidden[l] = v;
          changed();
        }, { min: 1, max: 16, step: 1, 'aria-label': `layer ${l + 1} width` }, { key: 'p.hidden' }),
        activationSelect(p.acts[l] ?? 'tanh', (v) => {
          p.acts[l] = v;
          changed();
        }, { 'aria-label': `layer ${l + 1} activation`, disabled: racing, title: racing ? 'in a race each network uses its racer in every layer' : undefined }),
      );
      if (p.hidden.length > 1) {
        row.append(button('×', () => {
          p.hidden.splice(l, 1);
          p.acts.splice(l, 1);
          render();
          changed();
        }, { class: 'icon', 'aria-label': `remove layer ${l + 1}` }));
      }
      root.append(row);
    });
    if (p.hidden.length < MAX_LAYERS) {
      root.append(button('+ layer', () => {
        p.hidden.push(4);
        p.acts.push(p.acts[p.acts.length - 1] ?? 'tanh');
        render();
        changed();
      }, { class: 'add', 'aria-label': 'add a hidden layer' }));
    }
  };
  render();
  return { root, render };
}

/** The race switch and, when on, its list of racers; a race also locks the per-layer activations. */
function raceControl(p: Playground, changed: () => void, layersChanged: () => void): HTMLElement {
  const root = el('div');
  const render = () => {
    root.replaceChildren(
      checkbox('Race several activations', p.race.length >= 2, (on) => {
        p.race = on ? ['relu', 'tanh', 'swish', 'mish'] : [];
        render();
        layersChanged();
        changed();
      }),
    );
    if (p.race.length >= 2) {
      root.append(
        activationList('Race', [...p.race], MAX_OVERLAY, (values) => {
          p.race = [...new Set(values)];
          if (p.race.length < 2) p.race = [];
          render();
          layersChanged();
          changed();
        }, 2),
        el('small', { class: 'hint', text: 'Each racer uses its activation in every hidden layer.' }),
      );
    }
  };
  render();
  return root;
}

/** Every control of the playground, in display order. */
export function playgroundControls(ctx: Context, handlers: PlaygroundControlHandlers): HTMLElement[] {
  const p = ctx.state.playground;
  const { changed } = handlers;
  const layers = layersControl(p, changed);
  return [
    ...dataControls(p, changed),
    featuresControl(p, changed),
    layers.root,
    slider('Learning rate', p.learningRate, { min: 0.001, max: 1, step: 0.001 }, (v) => {
      p.learningRate = v;
      changed();
    }, undefined, { key: 'p.lr' }),
    field('Optimiser', select(PLAYGROUND_OPTIMIZERS, p.optimizer, (v) => {
      p.optimizer = v;
      changed();
    })),
    regularizationControls(p, changed),
    slider('Batch size', p.batchSize, { min: 1, max: 200, step: 1 }, (v) => {
      p.batchSize = Math.round(v);
      changed();
    }, undefined, { key: 'p.batch' }),
    field('Speed', select(SPEEDS.map((s) => ({ value: s, label: SPEED_LABELS[s] })), p.speed, (v) => {
      p.speed = v;
      ctx.save();
      handlers.speed(SPEED_STEPS[v]);
    })),
    checkbox('Show test points', false, handlers.showTest),
    checkbox('Discretise output', p.discretize, (on) => {
      p.discretize = on;
      ctx.save();
      handlers.discretize(on);
    }),
    raceControl(p, changed, layers.render),
    seedControls(ctx, handlers.reseed),
  ];
}
