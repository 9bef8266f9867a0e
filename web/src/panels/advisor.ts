/** Panel 6: the chapter's selection guide as questions; the answer with its computed reasons. */
import { ARCHITECTURE_GUIDE, type Advice } from '../../../src/analysis/advisor.js';
import { getActivation } from '../../../src/activations/index.js';
import { analysis } from '../compute.js';
import type { AdviseReply } from '../protocol.js';
import { depthRange, label, normalise, offered, offeredConcerns, setAnswer, toggleConcern, toQuestion, visibleControls, type Answers } from '../advisor-form.js';
import { defaultState, type AdvisorState } from '../state.js';
import { checkbox, checkboxGroup, el, field, fmt, numberInput, panelLayout, select, type Context } from '../ui.js';

function activationName(id: string): string {
  try {
    return getActivation(id).name;
  } catch {
    return id;
  }
}

/** The recommendation, initialiser, loss, and each reason with the numbers it was computed from. */
function adviceView(advice: Advice): HTMLElement[] {
  return [
    el('p', { class: 'recommendation' }, 'Use ', el('strong', { id: 'recommendation', text: activationName(advice.recommendation) }), advice.alternatives.length ? ` (alternatives: ${advice.alternatives.map(activationName).join(', ')})` : ''),
    el('p', { text: `Initialise with ${INITIALISERS[advice.initialiser.scheme] ?? advice.initialiser.scheme}, gain ${advice.initialiser.gain.toPrecision(4)}: ${advice.initialiser.why}` }),
    ...(advice.loss ? [el('p', { text: `Loss: ${advice.loss}${advice.outputRange ? `; output range ${advice.outputRange}` : ''}` })] : []),
    el('h3', { text: 'Why' }),
    el('ol', { class: 'reasons' }, ...advice.reasons.map((r) => {
      const numbers = Object.entries(r.numbers);
      return el('li', {}, r.text, ...(numbers.length ? [el('small', { class: 'numbers-used', text: `computed: ${numbers.map(([k, v]) => `${k} = ${fmt(v, 8)}`).join(', ')}` })] : []));
    })),
  ];
}

const INITIALISERS: Record<Advice['initialiser']['scheme'], string> = { he: 'He', lecun: 'LeCun', xavier: 'Xavier (Glorot)' };

/** A checkbox locked when it offers one answer only (ResNet: skip connections are part of it). */
function lockableCheckbox(text: string, checked: boolean, choices: readonly boolean[], onChange: (on: boolean) => void): HTMLElement {
  const node = checkbox(text, checked, onChange);
  const input = node.querySelector('input');
  if (input && choices.length < 2) input.disabled = true;
  return node;
}

/**
 * The questions that apply to the answers' layer, each offering only the answers that keep the
 * question consistent (advisor-form.ts asks the library); `update` takes the adapted answers.
 */
function fields(a: Answers, update: (next: Answers) => void): HTMLElement[] {
  const guide = ARCHITECTURE_GUIDE[a.architecture];
  const options = <T extends string>(values: readonly T[]) => values.map((v) => ({ value: v, label: label(v) }));
  const nodes: HTMLElement[] = [];
  for (const control of visibleControls(a)) {
    if (control === 'layer') {
      nodes.push(field('Which layer?', select(options(offered(a, 'layer')), a.layer, (v) => update(setAnswer(a, 'layer', v)), { id: 'advisor-layer' })));
    } else if (control === 'task') {
      nodes.push(field('Task', select(options(offered(a, 'task')), a.task, (v) => update(setAnswer(a, 'task', v)), { id: 'advisor-task' })));
    } else if (control === 'architecture') {
      nodes.push(field('Architecture', select(options(offered(a, 'architecture')), a.architecture, (v) => update(setAnswer(a, 'architecture', v)), { id: 'advisor-architecture' }), `the chapter: ${guide.chapter.hidden} — ${guide.chapter.notes}`));
    } else if (control === 'depth') {
      const { min, max } = depthRange(a);
      nodes.push(field('Depth (layers)', numberInput(a.depth, (v) => update(setAnswer(a, 'depth', v)), { min, max, step: 1, id: 'advisor-depth' }), min > 1 ? `at least ${min} for ${label(a.architecture)}` : undefined));
    } else if (control === 'batchNorm') {
      nodes.push(lockableCheckbox('Batch normalisation', a.batchNorm, offered(a, 'batchNorm'), (on) => update(setAnswer(a, 'batchNorm', on))));
    } else if (control === 'skip') {
      nodes.push(lockableCheckbox('Skip connections', a.skip, offered(a, 'skip'), (on) => update(setAnswer(a, 'skip', on))));
    } else if (control === 'domain') {
      nodes.push(field('Domain', select(options(offered(a, 'domain')), a.domain, (v) => update(setAnswer(a, 'domain', v)), { id: 'advisor-domain' })));
    } else {
      const concerns = offeredConcerns(a);
      if (concerns.length) {
        nodes.push(checkboxGroup('Concerns', options(concerns), a.concerns, (values) => {
          const toggled = concerns.find((c) => values.includes(c) !== a.concerns.includes(c));
          if (toggled) update(toggleConcern(a, toggled, values.includes(toggled)));
        }));
      }
    }
  }
  return nodes;
}

export function mount(root: HTMLElement, ctx: Context): void {
  const a: AdvisorState = ctx.state.advisor;
  // An address written by hand (or by an older explorer) may hold answers that contradict.
  Object.assign(a, normalise(a, defaultState().advisor));
  const form = el('form', { class: 'controls', 'aria-label': 'questions' });
  form.addEventListener('submit', (event) => event.preventDefault());
  const answer = el('div', { class: 'output answer', 'aria-live': 'polite' });
  panelLayout(root, 'Advisor', 'The chapter’s selection guide — its architecture table, output-layer table and decision flowchart — as a few questions. Every number in the reasons is computed now from the library.', { controls: form, output: answer });

  const ask = async () => {
    ctx.save();
    const reply = await analysis.request<AdviseReply>({ kind: 'advise', question: toQuestion(a) });
    answer.replaceChildren(...(reply.ok ? adviceView(reply.advice) : [el('p', { class: 'error', role: 'alert', text: reply.error })]));
    root.dataset.ready = 'true';
  };

  const render = () => {
    form.replaceChildren(...fields(a, update));
    void ask();
  };
  // Every change redraws the form: an answer can change what the other controls offer.
  const update = (next: Answers) => {
    Object.assign(a, next);
    render();
  };
  render();
}
