/** Panel 2: gradient norm per depth, simulated vs the mean-field prediction √n·χ^{L/2}. */
import { GAIN_CHOICES } from '../../../src/experiments/choices.js';
import type { GradientFlowResult } from '../../../src/experiments/gradient-flow.js';
import type { ExperimentReply } from '../protocol.js';
import { mountExperimentPanel } from '../runner.js';
import { MAX_OVERLAY } from '../state.js';
import { activationList, activationName, el, field, fmt, select, slider, type Context } from '../ui.js';

export function depthsUpTo(depth: number): number[] {
  const out = new Set<number>([1]);
  for (let k = 1; k <= 10; k++) out.add(Math.max(1, Math.round((depth * k) / 10)));
  return [...out].sort((a, b) => a - b);
}

function summarise(reply: ExperimentReply): HTMLElement {
  const result = reply.result as GradientFlowResult;
  const last = result.rows[result.rows.length - 1];
  const table = el('table', { class: 'numbers' });
  table.append(el('caption', { text: `After ${last?.depth ?? 0} layers (a unit gradient of norm √n at the top)` }));
  table.append(el('thead', {}, el('tr', {}, ...['activation', 'gain', 'χ = gain²·E[f′(z)²]', 'predicted norm', 'simulated norm', 'per layer'].map((h) => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  // A first partial result may come before χ's quadrature is done (NaN): its cells wait.
  const pending = '…';
  result.activations.forEach((id, k) => {
    const chi = result.chi[k] as number;
    const known = !Number.isNaN(chi);
    body.append(
      el('tr', {},
        el('th', { scope: 'row', text: activationName(id) }),
        el('td', { text: fmt(result.gains[k] as number, 4) }),
        el('td', { text: known ? fmt(chi, 4) : pending }),
        el('td', { text: known ? fmt(last?.predicted[k] as number, 3) : pending }),
        el('td', { text: fmt(last?.simulated[k] as number, 3) }),
        el('td', { text: !known ? pending : chi < 0.999 ? `shrinks ×${fmt(Math.sqrt(chi), 3)} — vanishes` : chi > 1.001 ? `grows ×${fmt(Math.sqrt(chi), 3)} — explodes` : 'preserved (critical)' }),
      ),
    );
  });
  table.append(body);
  const first = result.rows[0];
  const story = result.activations.map((id, k) => {
    const simulated = last?.simulated[k] as number;
    const start = Math.sqrt(result.rows.length ? (first?.predicted[k] as number) ** 2 / (result.chi[k] as number) ** (first?.depth ?? 0) : 1);
    const factor = simulated / start;
    if (Number.isNaN(factor)) return `${activationName(id)}: ${pending}`;
    return `${activationName(id)}: ${factor < 1 ? `÷${fmt(1 / factor, 3)}` : `×${fmt(factor, 3)}`}`;
  });
  return el('div', {},
    el('p', { class: 'story', text: `Through ${last?.depth ?? 0} layers the gradient norm changes by ${story.join(', ')} (simulated). The mean-field prediction √n·χ^(L/2) is the dashed line: where χ < 1 every layer shrinks the gradient by the same factor, so depth turns a small loss per layer into an exponential one.` }),
    table,
  );
}

export function mount(root: HTMLElement, ctx: Context): void {
  const f = ctx.state.flow;
  mountExperimentPanel(root, ctx, {
    title: 'Gradient flow',
    lede: 'A unit gradient back-propagated through random layers: each multiplies it by f′(z) and Wᵀ. The mean-field prediction says the squared norm changes by χ = g²·E[f′(z)²] per layer — below 1 it vanishes, above 1 it explodes. Solid: simulated; dashed: predicted.',
    experiment: 'gradient-flow',
    view: 'flow',
    label: 'gradient norm by depth',
    settings: () => ({ depths: depthsUpTo(f.depth).join(','), units: String(f.units), simulations: String(f.simulations), activations: f.acts.join(','), gains: f.gains }),
    summarise,
    controls: (changed) => {
      return [
        activationList('Activations', [...f.acts], MAX_OVERLAY, (values) => {
          f.acts = [...new Set(values)];
          changed();
        }),
        slider('Depth (layers)', f.depth, { min: 1, max: 200, step: 1 }, (v) => {
          f.depth = Math.round(v);
          changed();
        }, undefined, { key: 'f.depth' }),
        slider('Width (units per layer)', f.units, { min: 8, max: 512, step: 8 }, (v) => {
          f.units = Math.round(v);
          changed();
        }, undefined, { key: 'f.units' }),
        slider('Simulations per depth', f.simulations, { min: 1, max: 200, step: 1 }, (v) => {
          f.simulations = Math.round(v);
          changed();
        }, undefined, { key: 'f.sims' }),
        field('Initialisation gain', select(GAIN_CHOICES, f.gains, (v) => {
          f.gains = v;
          changed();
        }), 'pytorch: calculate_gain (√2 for ReLU, 1 for sigmoid); variance-preserving: 1/√E[f(z)²]'),
      ];
    },
  });
}
