/** Panel 6: the chapter's selection guide as questions; the answer with its computed reasons. */
import { ARCHITECTURES, ARCHITECTURE_GUIDE, CONCERNS, DOMAINS, LAYERS, TASKS, TASK_GUIDE, type AdviceQuestion } from '../../../src/analysis/advisor.js';
import { getActivation } from '../../../src/activations/index.js';
import { quick } from '../compute.js';
import type { AdviseReply } from '../protocol.js';
import { checkbox, checkboxGroup, el, field, fmt, numberInput, panelLayout, select, type Context } from '../ui.js';

const CONCERN_LABELS: Record<string, string> = {
  dead_neurons: 'dead neurons',
  vanishing_gradients: 'vanishing gradients',
  speed: 'speed',
  smoothness: 'smoothness',
  bounded_output: 'bounded output',
};

export function mount(root: HTMLElement, ctx: Context): void {
  const a = ctx.state.advisor;
  const form = el('form', { class: 'controls', 'aria-label': 'questions' });
  form.addEventListener('submit', (event) => event.preventDefault());
  const answer = el('div', { class: 'output answer', 'aria-live': 'polite' });
  panelLayout(root, 'Advisor', 'The chapter’s selection guide — its architecture table, output-layer table and decision flowchart — as a few questions. Every number in the reasons is computed now from the library.', { controls: form, output: answer });

  const question = (): AdviceQuestion => {
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
  };

  const ask = async () => {
    ctx.save();
    const reply = await quick.request<AdviseReply>({ kind: 'advise', question: question() });
    if (!reply.ok) {
      answer.replaceChildren(el('p', { class: 'error', role: 'alert', text: reply.error }));
      root.dataset.ready = 'true';
      return;
    }
    const advice = reply.advice;
    const name = (id: string) => {
      try {
        return getActivation(id).name;
      } catch {
        return id;
      }
    };
    answer.replaceChildren(
      el('p', { class: 'recommendation' }, 'Use ', el('strong', { id: 'recommendation', text: name(advice.recommendation) }), advice.alternatives.length ? ` (alternatives: ${advice.alternatives.map(name).join(', ')})` : ''),
      el('p', { text: `Initialise with ${advice.initialiser.scheme}, gain ${advice.initialiser.gain.toPrecision(4)}: ${advice.initialiser.why}` }),
      ...(advice.loss ? [el('p', { text: `Loss: ${advice.loss}${advice.outputRange ? `; output range ${advice.outputRange}` : ''}` })] : []),
      el('h3', { text: 'Why' }),
      el('ol', { class: 'reasons' }, ...advice.reasons.map((r) => {
        const numbers = Object.entries(r.numbers);
        return el('li', {}, r.text, ...(numbers.length ? [el('small', { class: 'numbers-used', text: `computed: ${numbers.map(([k, v]) => `${k} = ${fmt(v, 8)}`).join(', ')}` })] : []));
      })),
    );
    root.dataset.ready = 'true';
  };

  const render = () => {
    const output = a.layer === 'output';
    const guide = ARCHITECTURE_GUIDE[a.architecture];
    form.replaceChildren(
      field('Which layer?', select(LAYERS, a.layer, (v) => {
        a.layer = v;
        a.concerns = [];
        render();
      }, { id: 'advisor-layer' })),
      ...(output
        ? [field('Task', select(TASKS.map((t) => ({ value: t, label: TASK_GUIDE[t].chapter.task })), a.task, (v) => {
            a.task = v;
            void ask();
          }))]
        : [
            field('Architecture', select(ARCHITECTURES.map((v) => ({ value: v, label: ARCHITECTURE_GUIDE[v].chapter.architecture })), a.architecture, (v) => {
              a.architecture = v;
              render();
            }, { id: 'advisor-architecture' }), `the chapter: ${guide.chapter.hidden} — ${guide.chapter.notes}`),
            field('Depth (layers)', numberInput(a.depth, (v) => {
              a.depth = v;
              void ask();
            }, { min: 1, max: 1000, step: 1 })),
            checkbox('Batch normalisation', a.batchNorm, (on) => {
              a.batchNorm = on;
              void ask();
            }),
            checkbox('Skip connections', a.skip, (on) => {
              a.skip = on;
              void ask();
            }),
            ...(a.architecture === 'transformer'
              ? [field('Domain', select(DOMAINS, a.domain, (v) => {
                  a.domain = v;
                  void ask();
                }))]
              : []),
          ]),
      checkboxGroup('Concerns', CONCERNS.map((c) => ({ value: c, label: CONCERN_LABELS[c] ?? c })), a.concerns, (values) => {
        a.concerns = values as typeof a.concerns;
        void ask();
      }),
    );
    void ask();
  };
  render();
}
