/** The explorer's Advisor form: every path a user can click ends in advice, never in an error; every id speaks in words. */
import { describe, expect, it } from 'vitest';
import { advise, ARCHITECTURES, CONCERNS, DOMAINS, LAYERS, TASKS, VERY_DEEP } from '../src/analysis/advisor.js';
import {
  depthRange,
  isConsistent,
  label,
  LABELS,
  MAX_DEPTH,
  normalise,
  offered,
  offeredConcerns,
  setAnswer,
  toggleConcern,
  toQuestion,
  visibleControls,
  type Answers,
} from '../web/src/advisor-form.js';
import { defaultState } from '../web/src/state.js';

const defaults = (): Answers => defaultState().advisor;

/**
 * Depths a user might type, within what the form offers: its min and max, the default, and each
 * side of the library's thresholds (deep MLP from 11 layers; "very deep" beyond VERY_DEEP).
 * Every other depth in the range is checked by the next test.
 */
function depthsToTry(a: Answers): number[] {
  const { min, max } = depthRange(a);
  return [...new Set([min, 4, 11, VERY_DEEP, VERY_DEEP + 1, max])].filter((d) => d >= min && d <= max);
}

/** Every change the form offers from `a`, as the answers it leads to. */
function moves(a: Answers): Answers[] {
  const next: Answers[] = [];
  for (const control of visibleControls(a)) {
    if (control === 'concerns') {
      for (const c of offeredConcerns(a)) next.push(toggleConcern(a, c, !a.concerns.includes(c)));
    } else if (control === 'depth') {
      for (const d of depthsToTry(a)) next.push(setAnswer(a, 'depth', d));
    } else {
      for (const v of offered(a, control)) next.push(setAnswer(a, control, v as never));
    }
  }
  return next;
}

const key = (a: Answers) => JSON.stringify({ ...a, concerns: [...a.concerns].sort() });

describe('advisor form', () => {
  it('every path from the default answers, through every offered option, yields a question advise() answers', () => {
    const start = defaults();
    expect(isConsistent(start)).toBe(true);
    const seen = new Set([key(start)]);
    const queue = [start];
    const questions = new Map<string, Answers>();
    while (queue.length) {
      const a = queue.pop()!;
      if (!isConsistent(a)) throw new Error(`reached inconsistent answers ${key(a)}`);
      questions.set(JSON.stringify(toQuestion(a)), a);
      for (const b of moves(a)) {
        const k = key(b);
        if (!seen.has(k)) {
          seen.add(k);
          queue.push(b);
        }
      }
    }
    // every distinct question reached is answered by the library itself, not only passed by its check
    for (const [q, a] of questions) {
      expect(() => advise(toQuestion(a)), q).not.toThrow();
    }
    // the exploration reached every layer, architecture, task, domain and concern
    const reached = [...questions.keys()].join(' ');
    for (const id of [...LAYERS, ...ARCHITECTURES, ...TASKS, ...DOMAINS, ...CONCERNS]) expect(reached, id).toContain(`"${id}"`);
    console.log(`advisor form: ${seen.size} answer sets, ${questions.size} distinct questions`);
  });

  it('every depth in the offered range is accepted', () => {
    for (const architecture of ARCHITECTURES) {
      const a = setAnswer(defaults(), 'architecture', architecture);
      const { min, max } = depthRange(a);
      for (let d = min; d <= max; d += d < 30 ? 1 : 97) expect(isConsistent({ ...a, depth: d }), `${architecture} depth ${d}`).toBe(true);
      if (min > 1) expect(isConsistent({ ...a, depth: min - 1 }), `${architecture} depth ${min - 1}`).toBe(false);
      expect(max).toBe(MAX_DEPTH);
    }
  });

  it('every id has a label in words', () => {
    for (const id of [...LAYERS, ...ARCHITECTURES, ...TASKS, ...DOMAINS, ...CONCERNS]) {
      expect(LABELS[id], id).toBeTruthy();
      expect(label(id), id).not.toMatch(/_/);
    }
    expect(label('deep_mlp')).toMatch(/deep MLP/i);
    expect(label('bounded_regression')).toMatch(/bounded regression/i);
  });

  it('picking deep MLP raises the depth to the smallest the library accepts for it', () => {
    const a = setAnswer(defaults(), 'architecture', 'deep_mlp');
    expect(defaults().depth).toBe(4);
    expect(a.depth).toBe(11);
    expect(depthRange(a).min).toBe(11);
    expect(isConsistent(a)).toBe(true);
    // a deeper network keeps its depth
    expect(setAnswer({ ...defaults(), depth: 30 }, 'architecture', 'deep_mlp').depth).toBe(30);
  });

  it('picking ResNet turns skip connections on and locks them', () => {
    const a = setAnswer(defaults(), 'architecture', 'resnet');
    expect(a.skip).toBe(true);
    expect(offered(a, 'skip')).toEqual([true]);
    expect(isConsistent(a)).toBe(true);
  });

  it('bounded output is not offered on a hidden layer; switching to the output layer keeps only its concerns', () => {
    expect(offeredConcerns(defaults())).not.toContain('bounded_output');
    let a = defaults();
    for (const c of offeredConcerns(a)) a = toggleConcern(a, c, true);
    expect(a.concerns).toEqual(['dead_neurons', 'vanishing_gradients', 'speed', 'smoothness']);
    a = setAnswer(a, 'layer', 'output');
    expect(a.concerns).toEqual([]);
    expect(offeredConcerns(a)).toEqual(['bounded_output']);
    a = toggleConcern(a, 'bounded_output', true);
    expect(isConsistent(a)).toBe(true);
    // regression's output is unbounded: choosing it drops the concern rather than ending in an error
    a = setAnswer(a, 'task', 'regression');
    expect(a.concerns).toEqual([]);
    expect(offeredConcerns(a)).toEqual([]);
  });

  it('a gate asks about recurrent networks only', () => {
    const a = setAnswer(setAnswer(defaults(), 'architecture', 'cnn'), 'layer', 'gate');
    expect(a.architecture).toBe('rnn');
    expect(offered(a, 'architecture')).toEqual(['rnn']);
  });

  it('answers from an address that contradict are made consistent', () => {
    expect(normalise({ ...defaults(), architecture: 'deep_mlp', depth: 4 }, defaults()).depth).toBe(11);
    expect(normalise({ ...defaults(), architecture: 'resnet', skip: false }, defaults()).skip).toBe(true);
    expect(normalise({ ...defaults(), layer: 'output', concerns: ['speed', 'bounded_output'] }, defaults()).concerns).toEqual(['bounded_output']);
    expect(normalise({ ...defaults(), layer: 'gate', architecture: 'transformer' }, defaults()).architecture).toBe('rnn');
  });
});
