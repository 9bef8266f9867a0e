/** Panel 6: the chapter's selection guide as questions; the answer with its computed reasons. */
import { ARCHITECTURES, ARCHITECTURE_GUIDE, CONCERNS, DOMAINS, LAYERS, TASKS, TASK_GUIDE, type Advice, type AdviceQuestion } from '../../../src/analysis/advisor.js';
import { getActivation } from '../../../src/activations/index.js';
import { quick } from '../compute.js';
import type { AdviseReply } from '../protocol.js';
import type { AdvisorState } from '../state.js';
import { checkbox, checkboxGroup, el, field, fmt, numberInput, panelLayout, select, type Context } from '../ui.js';

const CONCERN_LABELS: Record<string, string> = {
  dead_neurons: 'dead neurons',
  vanishing_gradients: 'vanishing gradients',
  speed: 'speed',
  smoothness: 'smoothness',
  bounded_output: 'bounded output',
};

/** The library's question from the answers given (only those that apply to the layer asked about). */
function question(a: AdvisorState): AdviceQuestion {
  const q: Record<string, unknown> = { layer: a.layer };
  if (a.layer === 'output') q.task = a.task;
  else {
    q.architecture = a.architecture;
    q.depth = a.depth;
    q.batchNorm = a.batchNorm;
    q.skipConnections = a.skip;
    if (a.architecture === 'transformer') q.domain = a.domain;
  }
  if (a.concerns.length) q.concerns = a.concerns;
  return q as unknown as AdviceQuestion;
}

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
    el('p', { text: `Initialise with ${advice.initialiser.scheme}, gain ${advice.initialiser.gain.toPrecision(4)}: ${advice.initialiser.why}` }),
    ...(advice.loss ? [el('p', { text: `Loss: ${advice.loss}${advice.outputRange ? `; output range ${advice.outputRange}` : ''}` })] : []),
    el('h3', { text: 'Why' }),
    el('ol', { class: 'reasons' }, ...advice.reasons.map((r) => {
      const numbers = Object.entries(r.numbers);
      return el('li', {}, r.text, ...(numbers.length ? [el('small', { class: 'numbers-used', text: `computed: ${numbers.map(([k, v]) => `${k} = ${fmt(v, 8)}`).join(', ')}` })] : []));
    })),
  ];
}

/** The questions about a hidden (or gate) layer; `ask` after an answer, `render` when the form's shape changes. */
function hiddenLayerFields(a: AdvisorState, ask: () => void, render: () => void): HTMLElement[] {
  const guide = ARCHITECTURE_GUIDE[a.architecture];
  return [
    field('Architecture', select(ARCHITECTURES.map((v) => ({ value: v, label: ARCHITECTURE_GUIDE[v].chapter.architecture })), a.architecture, (v) => {
      a.architecture = v;
      render();
    }, { id: 'advisor-architecture' }), `the chapter: ${guide.chapter.hidden} — ${guide.chapter.notes}`),
    field('Depth (layers)', numberInput(a.depth, (v) => {
      a.depth = v;
      ask();
    }, { min: 1, max: 1000, step: 1 })),
    checkbox('Batch normalisation', a.batchNorm, (on) => {
      a.batchNorm = on;
      ask();
    }),
    checkbox('Skip connections', a.skip, (on) => {
      a.skip = on;
      ask();
    }),
    ...(a.architecture === 'transformer'
      ? [field('Domain', select(DOMAINS, a.domain, (v) => {
          a.domain = v;
          ask();
        }))]
      : []),
  ];
}

export function mount(root: HTMLElement, ctx: Context): void {
  const a = ctx.state.advisor;
  const form = el('form', { class: 'controls', 'aria-label': 'questions' });
  form.addEventListener('submit', (event) => event.preventDefault());
  const answer = el('div', { class: 'output answer', 'aria-live': 'polite' });
  panelLayout(root, 'Advisor', 'The chapter’s selection guide — its architecture table, output-layer table and decision flowchart — as a few questions. Every number in the reasons is computed now from the library.', { controls: form, output: answer });

  const ask = async () => {
    ctx.save();
    const reply = await quick.request<AdviseReply>({ kind: 'advise', question: question(a) });
    answer.replaceChildren(...(reply.ok ? adviceView(reply.advice) : [el('p', { class: 'error', role: 'alert', text: reply.error })]));
    root.dataset.ready = 'true';
  };
  const askNow = () => void ask();

  const render = () => {
    form.replaceChildren(
      field('Which layer?', select(LAYERS, a.layer, (v) => {
        a.layer = v;
        a.concerns = [];
        render();
      }, { id: 'advisor-layer' })),
      ...(a.layer === 'output'
        ? [field('Task', select(TASKS.map((t) => ({ value: t, label: TASK_GUIDE[t].chapter.task })), a.task, (v) => {
            a.task = v;
            askNow();
          }))]
        : hiddenLayerFields(a, askNow, render)),
      checkboxGroup('Concerns', CONCERNS.map((c) => ({ value: c, label: CONCERN_LABELS[c] ?? c })), a.concerns, (values) => {
        a.concerns = values as typeof a.concerns;
        askNow();
      }),
    );
    askNow();
  };
  render();
}
