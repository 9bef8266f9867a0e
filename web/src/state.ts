/**
 * The explorer's whole state as one typed object, and its URL form (TF Playground's idea: the
 * address *is* the state, so any view can be shared). One table, {@link STATE_KEYS}, says for
 * every key of the address where its value lives in the state, its type and range, and its
 * default; parsing, writing and the defaults are all read from it (Playground's `State.PROPS`).
 * The allowed values come from the library (data sets, optimisers, training strategies, gain
 * choices, initialisations, the advisor's questions, the chapter's figures); the sizes are the
 * explorer's own, smaller than the CLI's so that a run takes seconds.
 *
 * Parsing never throws: a value that is garbage, out of range or an unknown activation falls
 * back to its default and adds a notice. Only values that differ from the defaults are written,
 * so addresses stay short.
 */
import { ARCHITECTURES, CONCERNS, DOMAINS, LAYERS, TASKS } from '../../src/analysis/advisor.js';
import { GAIN_CHOICES, SCHEDULES, SELU_INITS, TRAINING_STRATEGIES, type Schedule, type TrainingStrategy } from '../../src/experiments/choices.js';
import { CHAPTER_FIGURE_IDS, type ChapterFigureId } from '../../src/figures/chapter.js';
import type { RngKind } from '../../src/math/rng.js';
import { OPTIMIZERS, type OptimizerName } from '../../src/nn/optimizers.js';
import { PLAYGROUND_DATASETS, PLAYGROUND_DEFAULTS, PLAYGROUND_FEATURES, PLAYGROUND_OPTIMIZERS, REGULARIZATIONS, type PlaygroundDataset, type PlaygroundFeature, type PlaygroundOptimizer, type Regularization } from '../../src/nn/playground.js';
import { activations, boolean, choice, integers, number, pairs, parameters, Reader, settings, subset, type Codec } from './url-codecs.js';

export const PANELS = ['gallery', 'flow', 'dead', 'selu', 'playground', 'data', 'advisor', 'figures'] as const;
export type PanelId = (typeof PANELS)[number];
export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  gallery: 'Gallery',
  flow: 'Gradient flow',
  dead: 'Dead neurons',
  selu: 'Self-normalisation',
  playground: 'Playground',
  data: 'Real data',
  advisor: 'Advisor',
  figures: 'Chapter figures',
};

export const RNG_KINDS: readonly RngKind[] = ['default', 'numpy'];
export const SPEEDS = ['slow', 'normal', 'fast'] as const;
export type FigureId = ChapterFigureId;
/** Most curves or runs shown side by side (six lines stay tellable apart in one chart and legend). */
export const MAX_OVERLAY = 6;

export interface GalleryState {
  acts: string[];
  /** Non-default parameter values, per activation id. */
  params: Record<string, Record<string, number>>;
  /** Half-width of the plotted interval [−x, x]. */
  x: number;
  /** Index in `acts` of the activation whose formula and property sheet are shown. */
  focus: number;
}

export interface AdvisorState {
  layer: (typeof LAYERS)[number];
  architecture: (typeof ARCHITECTURES)[number];
  depth: number;
  batchNorm: boolean;
  skip: boolean;
  task: (typeof TASKS)[number];
  domain: (typeof DOMAINS)[number];
  concerns: (typeof CONCERNS)[number][];
}

export interface State {
  panel: PanelId;
  seed: number;
  rng: RngKind;
  gallery: GalleryState;
  flow: { acts: string[]; depth: number; units: number; simulations: number; gains: (typeof GAIN_CHOICES)[number] };
  dead: { acts: string[]; strategy: TrainingStrategy; learningRate: number; optimizer: OptimizerName; epochs: number; hidden: number[] };
  selu: { pairs: string[]; layers: number; units: number };
  playground: {
    dataset: PlaygroundDataset;
    noise: number;
    /** Training share of the points, in percent (10 … 90). */
    trainPercent: number;
    /** How many times the data were regenerated (0: the data follow the seed). */
    regen: number;
    features: PlaygroundFeature[];
    hidden: number[];
    acts: string[];
    learningRate: number;
    optimizer: PlaygroundOptimizer;
    batchSize: number;
    regularization: Regularization;
    regularizationRate: number;
    discretize: boolean;
    race: string[];
    speed: (typeof SPEEDS)[number];
  };
  /** The "Real data" panel: MLPs on a Fashion-MNIST subset served by `actlab start`. */
  data: { acts: string[]; hidden: number[]; epochs: number; learningRate: number; schedule: Schedule; batchSize: number; train: number; test: number };
  advisor: AdvisorState;
  figures: { figure: FigureId; sets: Record<string, string> };
}

/** Where a value lives in the state: a top-level field, or `section.field`. */
export type StatePath = { [K in keyof State]: State[K] extends object ? `${K}.${keyof State[K] & string}` : K }[keyof State];
type ValueAt<P extends StatePath> = P extends `${infer S extends keyof State}.${infer F}` ? (F extends keyof State[S] ? State[S][F] : never) : P extends keyof State ? State[P] : never;

/** One key of the address. */
export interface StateKey<P extends StatePath = StatePath> {
  readonly key: string;
  readonly path: P;
  /** The value's type and range. */
  readonly type: Codec<ValueAt<P>, State>;
  readonly default: ValueAt<P>;
  /** Mends the state after this key was read, when it must agree with another key. */
  readonly after?: (state: State, reader: Reader) => void;
}

const key = <P extends StatePath>(entry: StateKey<P>): StateKey<P> => entry;

/** p.acts needs one activation per hidden layer: a short list is filled with its first entry. */
function oneActivationPerLayer(state: State, reader: Reader): void {
  const p = state.playground;
  if (p.acts.length === p.hidden.length) return;
  if (reader.has('p.acts') || reader.has('p.hidden')) reader.note(`p.acts needs one activation per hidden layer (${p.hidden.length}); filled in with ${p.acts[0] ?? 'tanh'}.`);
  p.acts = p.hidden.map((_, l) => p.acts[l] ?? p.acts[0] ?? 'tanh');
}

const P = PLAYGROUND_DEFAULTS;

/**
 * Every key of the address, in the order it is written (and read: a key whose range depends on
 * another — g.focus on g.acts, p.acts on p.hidden — comes after it).
 */
export const STATE_KEYS = [
  key({ key: 'panel', path: 'panel', type: choice(PANELS), default: 'gallery' }),
  key({ key: 'seed', path: 'seed', type: number(0, 4294967295, true), default: 42 }),
  key({ key: 'rng', path: 'rng', type: choice(RNG_KINDS), default: 'default' }),
  key({ key: 'g.acts', path: 'gallery.acts', type: activations(1, MAX_OVERLAY, { vector: true }), default: ['gelu', 'relu', 'swish'] }),
  key({ key: 'g.params', path: 'gallery.params', type: parameters((s: State) => s.gallery.acts), default: {} }),
  key({ key: 'g.x', path: 'gallery.x', type: number(0.5, 50), default: 5 }),
  key({ key: 'g.focus', path: 'gallery.focus', type: number(0, (s: State) => s.gallery.acts.length - 1, true), default: 0 }),
  key({ key: 'f.acts', path: 'flow.acts', type: activations(1, MAX_OVERLAY), default: ['relu', 'sigmoid', 'tanh'] }),
  key({ key: 'f.depth', path: 'flow.depth', type: number(1, 200, true), default: 50 }),
  key({ key: 'f.units', path: 'flow.units', type: number(8, 512, true), default: 128 }),
  key({ key: 'f.sims', path: 'flow.simulations', type: number(1, 200, true), default: 20 }),
  key({ key: 'f.gains', path: 'flow.gains', type: choice(GAIN_CHOICES), default: 'pytorch' }),
  key({ key: 'd.acts', path: 'dead.acts', type: activations(1, 4), default: ['relu', 'leaky_relu', 'elu'] }),
  key({ key: 'd.strategy', path: 'dead.strategy', type: choice(TRAINING_STRATEGIES), default: 'negative_bias' }),
  key({ key: 'd.lr', path: 'dead.learningRate', type: number(0.0001, 10), default: 0.5 }),
  key({ key: 'd.opt', path: 'dead.optimizer', type: choice(OPTIMIZERS), default: 'sgd' }),
  key({ key: 'd.epochs', path: 'dead.epochs', type: number(1, 500, true), default: 60 }),
  key({ key: 'd.hidden', path: 'dead.hidden', type: integers(1, 128, 1, 4), default: [32, 32] }),
  key({ key: 's.pairs', path: 'selu.pairs', type: pairs(SELU_INITS, 1, 4), default: ['relu:he', 'selu:lecun', 'tanh:gain'] }),
  key({ key: 's.layers', path: 'selu.layers', type: number(1, 200, true), default: 50 }),
  key({ key: 's.units', path: 'selu.units', type: number(10, 2000, true), default: 500 }),
  key({ key: 'p.data', path: 'playground.dataset', type: choice(PLAYGROUND_DATASETS), default: P.dataset }),
  key({ key: 'p.noise', path: 'playground.noise', type: number(0, 0.5), default: P.noise }),
  key({ key: 'p.train', path: 'playground.trainPercent', type: number(10, 90, true), default: P.trainRatio * 100 }),
  key({ key: 'p.regen', path: 'playground.regen', type: number(0, 4294967295, true), default: 0 }),
  key({ key: 'p.feat', path: 'playground.features', type: subset(PLAYGROUND_FEATURES, 1), default: [...P.features] }),
  key({ key: 'p.hidden', path: 'playground.hidden', type: integers(1, 16, 1, 6), default: [...P.hidden] }),
  key({ key: 'p.acts', path: 'playground.acts', type: activations(1, 6, { unique: false }), default: [...P.activations], after: oneActivationPerLayer }),
  key({ key: 'p.lr', path: 'playground.learningRate', type: number(0.00001, 10), default: P.learningRate }),
  key({ key: 'p.opt', path: 'playground.optimizer', type: choice(PLAYGROUND_OPTIMIZERS), default: P.optimizer }),
  key({ key: 'p.batch', path: 'playground.batchSize', type: number(1, 200, true), default: P.batchSize }),
  key({ key: 'p.reg', path: 'playground.regularization', type: choice(REGULARIZATIONS), default: P.regularization }),
  key({ key: 'p.rrate', path: 'playground.regularizationRate', type: number(0, 10), default: P.regularizationRate }),
  key({ key: 'p.disc', path: 'playground.discretize', type: boolean(), default: false }),
  key({ key: 'p.race', path: 'playground.race', type: activations(2, MAX_OVERLAY, { emptyIsNone: true }), default: [] }),
  key({ key: 'p.speed', path: 'playground.speed', type: choice(SPEEDS), default: 'normal' }),
  key({ key: 'r.acts', path: 'data.acts', type: activations(1, 4), default: ['relu', 'gelu'] }),
  key({ key: 'r.hidden', path: 'data.hidden', type: integers(8, 512, 1, 3), default: [256, 128] }),
  key({ key: 'r.epochs', path: 'data.epochs', type: number(1, 50, true), default: 5 }),
  key({ key: 'r.lr', path: 'data.learningRate', type: number(0.00001, 1), default: 0.001 }),
  key({ key: 'r.sched', path: 'data.schedule', type: choice(SCHEDULES), default: 'cosine' }),
  key({ key: 'r.batch', path: 'data.batchSize', type: number(8, 1024, true), default: 64 }),
  key({ key: 'r.train', path: 'data.train', type: number(100, 60000, true), default: 10000 }),
  key({ key: 'r.test', path: 'data.test', type: number(100, 10000, true), default: 2000 }),
  key({ key: 'a.layer', path: 'advisor.layer', type: choice(LAYERS), default: 'hidden' }),
  key({ key: 'a.arch', path: 'advisor.architecture', type: choice(ARCHITECTURES), default: 'mlp' }),
  key({ key: 'a.depth', path: 'advisor.depth', type: number(1, 1000, true), default: 4 }),
  key({ key: 'a.bn', path: 'advisor.batchNorm', type: boolean(), default: false }),
  key({ key: 'a.skip', path: 'advisor.skip', type: boolean(), default: false }),
  key({ key: 'a.task', path: 'advisor.task', type: choice(TASKS), default: 'binary' }),
  key({ key: 'a.domain', path: 'advisor.domain', type: choice(DOMAINS), default: 'nlp' }),
  key({ key: 'a.concerns', path: 'advisor.concerns', type: subset(CONCERNS), default: [] }),
  key({ key: 'c.fig', path: 'figures.figure', type: choice(CHAPTER_FIGURE_IDS), default: 'classical' }),
  key({ key: 'c.set', path: 'figures.sets', type: settings(), default: {} }),
] as const;

// Every field of State has a key (a missing one is a compile error here).
type Unkeyed = Exclude<StatePath, (typeof STATE_KEYS)[number]['path']>;
const everyFieldKeyed: [Unkeyed] extends [never] ? true : Unkeyed = true;
void everyFieldKeyed;

/** The value at `path` (`section.field` or a top-level field). */
export function getAt(state: State, path: StatePath): unknown {
  const [head, field] = path.split('.') as [keyof State, string | undefined];
  return field === undefined ? state[head] : (state[head] as unknown as Record<string, unknown>)[field];
}

/** Sets the value at `path`, creating its section when needed. */
function setAt(state: State, path: StatePath, value: unknown): void {
  const [head, field] = path.split('.') as [keyof State, string | undefined];
  const target = state as unknown as Record<string, Record<string, unknown>>;
  if (field === undefined) (target as Record<string, unknown>)[head] = value;
  else (target[head] ??= {})[field] = value;
}

// The table mixes paths; read through this one view of it (each entry's codec matches its path).
const TABLE = STATE_KEYS as unknown as readonly StateKey<StatePath>[];

export function defaultState(): State {
  const state = {} as State;
  for (const entry of TABLE) setAt(state, entry.path, structuredClone(entry.default));
  return state;
}

/** Parses the address's query string; never throws. */
export function parseState(search: string): { state: State; notices: string[] } {
  const state = defaultState();
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { state, notices: ['the address could not be read; showing the defaults.'] };
  }
  const reader = new Reader(params);
  for (const entry of TABLE) {
    const text = reader.raw(entry.key);
    const value = text === undefined ? undefined : entry.type.parse(text, entry.key, reader, state);
    if (value !== undefined) setAt(state, entry.path, value);
    entry.after?.(state, reader);
  }
  for (const name of params.keys()) {
    if (!reader.used.has(name)) reader.note(`unknown setting “${name.slice(0, 40)}” ignored.`);
  }
  return { state, notices: reader.notices };
}

/** The query string of a state (without '?'); only non-default values. */
export function serializeState(state: State): string {
  const out = new URLSearchParams();
  for (const entry of TABLE) {
    const text = entry.type.format(getAt(state, entry.path) as never, state);
    if (text !== entry.type.format(entry.default as never, state)) out.set(entry.key, text);
  }
  return out.toString();
}
