/** Panel 3: the share of dead units per layer over training, per activation, for a bias strategy. */
import { TRAINING_STRATEGIES } from '../../../src/experiments/choices.js';
import type { DeadNeuronsResult } from '../../../src/experiments/dead-neurons.js';
import { deadNeuronsSplit } from '../../../src/experiments/dead-neurons/split.js';
import { OPTIMIZERS } from '../../../src/nn/optimizers.js';
import type { ExperimentReply } from '../protocol.js';
import { mountExperimentPanel } from '../runner.js';
import { activationList, activationName, el, field, fmt, integerListInput, select, slider, type Context } from '../ui.js';

const STRATEGY_LABELS: Record<string, string> = {
  zero_bias: 'zero bias (He weights)',
  negative_bias: 'negative bias −1',
  positive_bias: 'positive bias +1',
  poor_init: 'poor init (4× He weights)',
};

function summarise(reply: ExperimentReply): HTMLElement {
  const runs = (reply.result as DeadNeuronsResult).training?.runs ?? [];
  const layers = runs[0]?.finalDead.length ?? 0;
  const table = el('table', { class: 'numbers' });
  table.append(el('caption', { text: 'Dead units (f′ = 0 on every training point), per hidden layer' }));
  const headers = ['activation', ...Array.from({ length: layers }, (_, l) => `layer ${l + 1}: start → end`), 'final loss', 'accuracy'];
  table.append(el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  for (const run of runs) {
    body.append(
      el('tr', {},
        el('th', { scope: 'row', text: activationName(run.activation) }),
        ...run.finalDead.map((d, l) => el('td', { text: `${(100 * (run.initialDead[l] as number)).toFixed(1)}% → ${(100 * d).toFixed(1)}%` })),
        el('td', { text: run.divergedAt !== null ? `diverged at epoch ${run.divergedAt}` : fmt(run.finalLoss, 4) }),
        el('td', { text: `${(100 * run.finalAccuracy).toFixed(1)}%` }),
      ),
    );
  }
  table.append(body);
  return table;
}

export function mount(root: HTMLElement, ctx: Context): void {
  const d = ctx.state.dead;
  mountExperimentPanel(root, ctx, {
    title: 'Dead neurons',
    lede: 'An MLP trained on two moons at a deliberately high learning rate. A ReLU unit whose pre-activation is negative on every input gets no gradient and never recovers; Leaky ReLU and ELU keep a gradient. Pick the bias strategy and learning rate and watch the share of dead units per layer.',
    experiment: 'dead-neurons',
    view: 'dead',
    label: 'dead units per layer over training',
    settings: () => ({
      parts: 'training',
      strategies: d.strategy,
      activations: d.acts.join(','),
      learningRate: String(d.learningRate),
      optimizer: d.optimizer,
      epochs: String(d.epochs),
      hidden: d.hidden.join(','),
    }),
    summarise,
    split: deadNeuronsSplit,
    controls: (changed) => {
      const hidden = integerListInput(d.hidden, 'd.hidden', (values) => {
        d.hidden = values;
        changed();
      });
      return [
        activationList('Hidden activations', [...d.acts], 4, (values) => {
          d.acts = [...new Set(values)];
          changed();
        }),
        field('Bias strategy', select(TRAINING_STRATEGIES.map((s) => ({ value: s, label: STRATEGY_LABELS[s] ?? s })), d.strategy, (v) => {
          d.strategy = v;
          changed();
        })),
        slider('Learning rate', d.learningRate, { min: 0.01, max: 2, step: 0.01 }, (v) => {
          d.learningRate = v;
          changed();
        }, undefined, { key: 'd.lr' }),
        field('Optimiser', select(OPTIMIZERS, d.optimizer, (v) => {
          d.optimizer = v;
          changed();
        })),
        slider('Epochs', d.epochs, { min: 1, max: 500, step: 1 }, (v) => {
          d.epochs = Math.round(v);
          changed();
        }, undefined, { key: 'd.epochs' }),
        field('Hidden widths', hidden, 'comma-separated, 1–4 layers'),
      ];
    },
  });
}
