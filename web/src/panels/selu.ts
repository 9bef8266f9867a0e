/** Panel 4: mean and variance through many random layers — SELU/LeCun vs ReLU/He vs any other. */
import { SELU_INITS } from '../../../src/experiments/choices.js';
import type { SeluNormalisationResult } from '../../../src/experiments/selu-normalisation.js';
import type { ExperimentReply } from '../protocol.js';
import { mountExperimentPanel } from '../runner.js';
import { activationName, activationSelect, button, el, fmt, select, slider, type Context } from '../ui.js';

/** `activation:init` at its last colon (a formula's label may hold one). */
function splitPair(pair: string): [string, string | undefined] {
  const colon = pair.lastIndexOf(':');
  return colon < 0 ? [pair, undefined] : [pair.slice(0, colon), pair.slice(colon + 1)];
}

function summarise(reply: ExperimentReply): HTMLElement {
  const result = reply.result as SeluNormalisationResult;
  const table = el('table', { class: 'numbers' });
  table.append(el('caption', { text: 'After the last layer (a self-normalising pair stays near mean 0, variance 1)' }));
  table.append(el('thead', {}, el('tr', {}, ...['activation / init', 'weight std', 'mean', 'variance'].map((h) => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  for (const s of result.series) {
    body.append(
      el('tr', {},
        el('th', { scope: 'row', text: `${activationName(s.activation)} / ${s.init}` }),
        el('td', { text: fmt(s.weightStd, 4) }),
        el('td', { text: fmt(s.means[s.means.length - 1] as number, 4) }),
        el('td', { text: fmt(s.variances[s.variances.length - 1] as number, 4) }),
      ),
    );
  }
  table.append(body);
  return table;
}

export function mount(root: HTMLElement, ctx: Context): void {
  const s = ctx.state.selu;
  mountExperimentPanel(root, ctx, {
    title: 'Self-normalisation',
    lede: 'A standard-normal vector pushed through random dense layers x ← f(Wx). SELU with LeCun weights holds mean 0 and variance 1 by itself (its constants are the fixed point); ReLU with He weights keeps the second moment but drifts in mean and variance.',
    experiment: 'selu-normalisation',
    view: 'selu',
    label: 'mean and variance per layer',
    settings: () => ({ pairs: s.pairs.join(','), layers: String(s.layers), units: String(s.units) }),
    summarise,
    controls: (changed) => {
      const pairsBox = el('fieldset', { class: 'group list' });
      const renderPairs = () => {
        pairsBox.replaceChildren(el('legend', { text: 'Activation / weight initialisation' }));
        s.pairs.forEach((pair, i) => {
          const [id = 'relu', init = 'gain'] = splitPair(pair);
          const update = (nextId: string, nextInit: string) => {
            s.pairs[i] = `${nextId}:${nextInit}`;
            changed();
          };
          const row = el('div', { class: 'row' },
            activationSelect(id, (v) => update(v, splitPair(s.pairs[i] ?? '')[1] ?? 'gain'), { 'aria-label': `activation ${i + 1}` }),
            select(SELU_INITS.map((v) => ({ value: v, label: v === 'gain' ? 'gain/√n' : v })), init as (typeof SELU_INITS)[number], (v) => update(splitPair(s.pairs[i] ?? '')[0] ?? id, v), { 'aria-label': `initialisation ${i + 1}` }),
          );
          if (s.pairs.length > 1) {
            row.append(button('×', () => {
              s.pairs.splice(i, 1);
              renderPairs();
              changed();
            }, { class: 'icon', 'aria-label': `remove ${activationName(id)}` }));
          }
          pairsBox.append(row);
        });
        if (s.pairs.length < 4) {
          pairsBox.append(button('+ add', () => {
            s.pairs.push('elu:gain');
            renderPairs();
            changed();
          }, { class: 'add', 'aria-label': 'add a pair' }));
        }
      };
      renderPairs();
      return [
        pairsBox,
        slider('Layers', s.layers, { min: 1, max: 200, step: 1 }, (v) => {
          s.layers = Math.round(v);
          changed();
        }, undefined, { key: 's.layers' }),
        slider('Units per layer', s.units, { min: 10, max: 2000, step: 10 }, (v) => {
          s.units = Math.round(v);
          changed();
        }, 'the chapter: 1000', { key: 's.units' }),
      ];
    },
  });
}
