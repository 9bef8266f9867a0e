/**
 * The Advisor panel's form as pure logic: the library's question from the answers, which options
 * each control offers, how the other answers adapt after a change, and a label in words for
 * every id. The contradiction rules stay in the library (`checkQuestion`): an option is offered
 * only when the question it leads to passes that check, so the form can never end in an error
 * and never disagrees with `actlab advise`.
 * @module
 */
import {
  AdvisorError,
  ARCHITECTURE_GUIDE,
  ARCHITECTURES,
  checkQuestion,
  CONCERNS,
  DOMAINS,
  LAYERS,
  TASK_GUIDE,
  TASKS,
  type AdviceQuestion,
  type Architecture,
  type Concern,
  type Domain,
  type Layer,
  type Task,
} from '../../src/analysis/advisor.js';
import type { AdvisorState } from './state.js';

/** The answers on the form (the explorer's state, also kept in the address). */
export type Answers = AdvisorState;

/** The form's controls, named by the answer each one sets. */
export type Control = 'layer' | 'architecture' | 'depth' | 'batchNorm' | 'skip' | 'task' | 'domain' | 'concerns';

/** Largest depth the form accepts (the address keeps 1..1000). */
export const MAX_DEPTH = 1000;

// ─────────────────────────────── words ───────────────────────────────

const LAYER_LABELS: Record<Layer, string> = { hidden: 'hidden layer', output: 'output layer', gate: 'RNN/LSTM gate' };
const DOMAIN_LABELS: Record<Domain, string> = { nlp: 'language (NLP)', vision: 'vision' };
const CONCERN_LABELS: Record<Concern, string> = {
  dead_neurons: 'dead neurons',
  vanishing_gradients: 'vanishing gradients',
  speed: 'speed',
  smoothness: 'smoothness',
  bounded_output: 'bounded output',
};

/**
 * A label in words for every id the form shows. Architectures and tasks take the chapter's own
 * row names ("Deep MLP (>10 layers)", "Bounded Regression"), so there is one source for them.
 */
export const LABELS: Readonly<Record<string, string>> = {
  ...LAYER_LABELS,
  ...Object.fromEntries(ARCHITECTURES.map((a) => [a, ARCHITECTURE_GUIDE[a].chapter.architecture])),
  ...Object.fromEntries(TASKS.map((t) => [t, TASK_GUIDE[t].chapter.task])),
  ...DOMAIN_LABELS,
  ...CONCERN_LABELS,
};

/** The label of an id (the id itself only if the table lacks it, which a test forbids). */
export function label(id: string): string {
  return LABELS[id] ?? id;
}

// ─────────────────────────────── the question ───────────────────────────────

/** The library's question from the answers (only those that apply to the layer asked about). */
export function toQuestion(a: Answers): AdviceQuestion {
  const q: { -readonly [K in keyof AdviceQuestion]: AdviceQuestion[K] } = { layer: a.layer };
  if (a.layer === 'output') q.task = a.task;
  else {
    q.architecture = a.architecture;
    q.depth = a.depth;
    q.batchNorm = a.batchNorm;
    q.skipConnections = a.skip;
    if (a.architecture === 'transformer' && a.layer === 'hidden') q.domain = a.domain;
  }
  if (a.concerns.length) q.concerns = a.concerns;
  return q;
}

/**
 * The library's verdicts by question: offering options asks about the same few thousand
 * questions over and over (every option of every control after every change).
 */
const verdicts = new Map<string, AdvisorError | undefined>();

/** The field the library objects to, or undefined when the question is consistent. */
function objection(a: Answers): AdvisorError | undefined {
  const question = toQuestion(a);
  const key = JSON.stringify(question);
  if (verdicts.has(key)) return verdicts.get(key);
  let verdict: AdvisorError | undefined;
  try {
    checkQuestion(question);
  } catch (error) {
    if (!(error instanceof AdvisorError)) throw error;
    verdict = error;
  }
  if (verdicts.size >= 20_000) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

/** Whether the library accepts the question the answers make. */
export function isConsistent(a: Answers): boolean {
  return objection(a) === undefined;
}

function copy(a: Answers): Answers {
  return { ...a, concerns: [...a.concerns] };
}

// ─────────────────────────────── adapting ───────────────────────────────

/**
 * The other answers adjusted after `changed` was set, so the question stays consistent: for each
 * field the library objects to (never the one just changed), the smallest fix — raise the depth
 * to the next the library accepts (deep MLP → 11), turn skip connections on (ResNet), take the
 * architecture the library names (a gate → RNN), drop the concerns that no longer apply (output
 * layer → only "bounded output"). Returns the answers as far as they could be fixed; callers
 * check {@link isConsistent}.
 */
export function adapt(answers: Answers, changed?: Control): Answers {
  const a = copy(answers);
  for (let round = 0; round < 8; round++) {
    const error = objection(a);
    if (!error) return a;
    const field = error.field === 'skipConnections' ? 'skip' : error.field;
    if (field === changed) return a;
    if (field === 'depth') {
      const d = smallestDepth(a, a.depth + 1);
      if (d === undefined) return a;
      a.depth = d;
    } else if (field === 'skip') a.skip = !a.skip;
    else if (field === 'architecture' && error.allowed?.length) a.architecture = error.allowed[0] as Architecture;
    else if (field === 'concerns') a.concerns = keptConcerns(a);
    else return a;
  }
  return a;
}

/** Smallest depth ≥ `from` with which the library raises no objection about depth. */
function smallestDepth(a: Answers, from: number): number | undefined {
  for (let d = Math.max(1, from); d <= MAX_DEPTH; d++) {
    if (objection({ ...a, depth: d })?.field !== 'depth') return d;
  }
  return undefined;
}

/** The concerns that still apply, in order: each kept if the library accepts it with those kept before. */
function keptConcerns(a: Answers): Concern[] {
  const kept: Concern[] = [];
  for (const c of a.concerns) {
    if (objection({ ...a, concerns: [...kept, c] })?.field !== 'concerns') kept.push(c);
  }
  return kept;
}

/** The answers with one control set, the others adapted. */
export function setAnswer<C extends Exclude<Control, 'concerns'>>(a: Answers, control: C, value: Answers[C]): Answers {
  return adapt({ ...copy(a), [control]: value }, control);
}

/** The answers with one concern ticked or unticked, the others adapted. */
export function toggleConcern(a: Answers, concern: Concern, on: boolean): Answers {
  const concerns = on ? CONCERNS.filter((c) => c === concern || a.concerns.includes(c)) : a.concerns.filter((c) => c !== concern);
  return adapt({ ...copy(a), concerns }, 'concerns');
}

/**
 * Answers from anywhere (an old address, e.g. deep MLP at depth 4) made consistent; when no
 * adaptation can, the layer's defaults.
 */
export function normalise(a: Answers, defaults: Answers): Answers {
  const adapted = adapt(a);
  if (isConsistent(adapted)) return adapted;
  const fallback = adapt({ ...copy(defaults), layer: a.layer }, 'layer');
  return isConsistent(fallback) ? fallback : copy(defaults);
}

// ─────────────────────────────── what each control offers ───────────────────────────────

/** The controls that apply to the answers' layer (the others are not asked). */
export function visibleControls(a: Answers): Control[] {
  if (a.layer === 'output') return ['layer', 'task', 'concerns'];
  return ['layer', 'architecture', 'depth', 'batchNorm', 'skip', ...(a.layer === 'hidden' && a.architecture === 'transformer' ? (['domain'] as const) : []), 'concerns'];
}

const CHOICES = { layer: LAYERS, architecture: ARCHITECTURES, task: TASKS, domain: DOMAINS, batchNorm: [false, true], skip: [false, true] } as const;

/** The values a select or checkbox offers: those that, with the other answers adapted, give a consistent question. */
export function offered<C extends keyof typeof CHOICES>(a: Answers, control: C): Answers[C][] {
  return (CHOICES[control] as unknown as readonly Answers[C][]).filter((v) => v === a[control] || isConsistent(setAnswer(a, control, v)));
}

/** The concerns shown: those ticked, and those that can be ticked. */
export function offeredConcerns(a: Answers): Concern[] {
  return CONCERNS.filter((c) => a.concerns.includes(c) || isConsistent(toggleConcern(a, c, true)));
}

/** The depths offered: min..max (the library's rules only ever ask for a minimum depth). */
export function depthRange(a: Answers): { min: number; max: number } {
  return { min: smallestDepth(a, 1) ?? a.depth, max: MAX_DEPTH };
}

export type { Architecture, Concern, Domain, Layer, Task };
