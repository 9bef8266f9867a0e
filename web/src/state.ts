/**
 * The explorer's whole state as one typed object, and its URL form (TF Playground's idea: the
 * address *is* the state, so any view can be shared). Parsing never throws: a value that is
 * garbage, out of range or an unknown activation falls back to its default and adds a notice.
 * Only values that differ from the defaults are written, so addresses stay short.
 */
import { ACTIVATIONS, getActivation, resolveParams } from '../../src/activations/index.js';
import { ARCHITECTURES, CONCERNS, DOMAINS, LAYERS, TASKS } from '../../src/analysis/advisor.js';

export const PANELS = ['gallery', 'flow', 'dead', 'selu', 'playground', 'advisor', 'figures'] as const;
export type PanelId = (typeof PANELS)[number];
export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  gallery: 'Gallery',
  flow: 'Gradient flow',
  dead: 'Dead neurons',
  selu: 'Self-normalisation',
  playground: 'Playground',
  advisor: 'Advisor',
  figures: 'Chapter figures',
};

export const ELEMENTWISE_IDS: readonly string[] = ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.id);
export const DATASET_NAMES = ['circle', 'xor', 'gaussian', 'spiral', 'moons'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export const STRATEGIES = ['zero_bias', 'negative_bias', 'positive_bias', 'poor_init'] as const;
export const SELU_INITS = ['he', 'lecun', 'gain'] as const;
export const GAINS = ['pytorch', 'variance-preserving'] as const;
export const SPEEDS = ['slow', 'normal', 'fast'] as const;
export const FIGURES = ['classical', 'relu_variants', 'modern', 'gradient_flow', 'xor_convergence', 'ffn_outputs'] as const;
export type FigureId = (typeof FIGURES)[number];
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
  rng: 'default' | 'numpy';
  gallery: GalleryState;
  flow: { acts: string[]; depth: number; units: number; simulations: number; gains: (typeof GAINS)[number] };
  dead: { acts: string[]; strategy: (typeof STRATEGIES)[number]; learningRate: number; optimizer: (typeof OPTIMIZERS)[number]; epochs: number; hidden: number[] };
  selu: { pairs: string[]; layers: number; units: number };
  playground: {
    dataset: (typeof DATASET_NAMES)[number];
    noise: number;
    hidden: number[];
    acts: string[];
    learningRate: number;
    optimizer: (typeof OPTIMIZERS)[number];
    batchSize: number;
    race: string[];
    speed: (typeof SPEEDS)[number];
  };
  advisor: AdvisorState;
  figures: { figure: FigureId; sets: Record<string, string> };
}

export function defaultState(): State {
  return {
    panel: 'gallery',
    seed: 42,
    rng: 'default',
    gallery: { acts: ['gelu', 'relu', 'swish'], params: {}, x: 5, focus: 0 },
    flow: { acts: ['relu', 'sigmoid', 'tanh'], depth: 50, units: 128, simulations: 20, gains: 'pytorch' },
    dead: { acts: ['relu', 'leaky_relu', 'elu'], strategy: 'negative_bias', learningRate: 0.5, optimizer: 'sgd', epochs: 60, hidden: [32, 32] },
    selu: { pairs: ['relu:he', 'selu:lecun', 'tanh:gain'], layers: 50, units: 500 },
    playground: {
      dataset: 'circle',
      noise: 0,
      hidden: [4, 2],
      acts: ['tanh', 'tanh'],
      learningRate: 0.03,
      optimizer: 'sgd',
      batchSize: 10,
      race: [],
      speed: 'normal',
    },
    advisor: { layer: 'hidden', architecture: 'mlp', depth: 4, batchNorm: false, skip: false, task: 'binary', domain: 'nlp', concerns: [] },
    figures: { figure: 'classical', sets: {} },
  };
}

// ───────────────────────────── parsing helpers ─────────────────────────────

class Reader {
  readonly notices: string[] = [];
  readonly used = new Set<string>();
  constructor(private readonly params: URLSearchParams) {}

  raw(key: string): string | undefined {
    this.used.add(key);
    return this.params.get(key) ?? undefined;
  }
  bad(key: string, text: string, why: string): void {
    this.notices.push(`“${key}=${text.length > 40 ? `${text.slice(0, 40)}…` : text}” ignored: ${why}; using the default.`);
  }
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const text = this.raw(key);
    if (text === undefined) return fallback;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    this.bad(key, text, `expected one of ${allowed.join(', ')}`);
    return fallback;
  }
  number(key: string, min: number, max: number, fallback: number, integer = false): number {
    const text = this.raw(key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
      this.bad(key, text, `expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }
  boolean(key: string, fallback: boolean): boolean {
    const text = this.raw(key);
    if (text === undefined) return fallback;
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
    this.bad(key, text, 'expected 0 or 1');
    return fallback;
  }
  /** Activation ids (aliases resolve), elementwise only; unknown names are dropped with a notice. */
  activations(key: string, fallback: string[], minCount: number, maxCount: number, unique = true, vector = false): string[] {
    const text = this.raw(key);
    if (text === undefined) return fallback;
    const out: string[] = [];
    for (const name of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      const id = vector ? canonicalAny(name) : canonicalElementwise(name);
      if (id === undefined && canonicalAny(name) !== undefined) this.notices.push(`“${name.slice(0, 40)}” in ${key} ignored: it acts on whole vectors, this needs an elementwise activation.`);
      else if (id === undefined) this.notices.push(`unknown activation “${name.slice(0, 40)}” in ${key} ignored.`);
      else if (!unique || !out.includes(id)) out.push(id);
    }
    if (out.length < minCount || out.length > maxCount) {
      this.bad(key, text, `expected ${minCount === maxCount ? minCount : `${minCount} to ${maxCount}`} known ${vector ? '' : 'elementwise '}activations`);
      return fallback;
    }
    return out;
  }
  integers(key: string, fallback: number[], min: number, max: number, minCount: number, maxCount: number): number[] {
    const text = this.raw(key);
    if (text === undefined) return fallback;
    const values = text.split(',').map((s) => Number(s));
    if (values.length < minCount || values.length > maxCount || values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
      this.bad(key, text, `expected ${minCount}–${maxCount} integers from ${min} to ${max}, comma-separated`);
      return fallback;
    }
    return values;
  }
}

/** The canonical id of any activation name or alias, or undefined. */
export function canonicalAny(name: string): string | undefined {
  try {
    return getActivation(name).id;
  } catch {
    return undefined;
  }
}

/** The canonical id of an elementwise activation name or alias, or undefined. */
export function canonicalElementwise(name: string): string | undefined {
  try {
    const activation = getActivation(name);
    return activation.kind === 'elementwise' ? activation.id : undefined;
  } catch {
    return undefined;
  }
}

/** Gallery parameters: `elu.alpha:0.5;swish.beta:2`. */
function parseGalleryParams(reader: Reader, acts: readonly string[]): Record<string, Record<string, number>> {
  const text = reader.raw('g.params');
  const out: Record<string, Record<string, number>> = {};
  if (text === undefined) return out;
  for (const item of text.split(';').filter(Boolean)) {
    const match = /^([\w-]+)\.(\w+):(.+)$/.exec(item);
    const id = match ? canonicalAny(match[1] as string) : undefined;
    if (!match || id === undefined || !acts.includes(id)) {
      reader.bad('g.params', item, 'expected activation.parameter:value for a shown activation');
      continue;
    }
    const candidate = { ...(out[id] ?? {}), [match[2] as string]: Number(match[3]) };
    try {
      resolveParams(getActivation(id), candidate);
      out[id] = candidate;
    } catch (error) {
      reader.bad('g.params', item, error instanceof Error ? error.message : String(error));
    }
  }
  return out;
}

const SETTING_KEY = /^[a-zA-Z]+$/;

/** Parses the address's query string; never throws. */
export function parseState(search: string): { state: State; notices: string[] } {
  const defaults = defaultState();
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { state: defaults, notices: ['the address could not be read; showing the defaults.'] };
  }
  const r = new Reader(params);
  const d = defaults;
  const galleryActs = r.activations('g.acts', d.gallery.acts, 1, MAX_OVERLAY, true, true);
  const playgroundHidden = r.integers('p.hidden', d.playground.hidden, 1, 16, 1, 6);
  // Per-layer activations may repeat (tanh, tanh).
  let playgroundActs = r.activations('p.acts', d.playground.acts, 1, 6, false);
  if (playgroundActs.length !== playgroundHidden.length) {
    if (params.has('p.acts') || params.has('p.hidden')) {
      r.notices.push(`p.acts needs one activation per hidden layer (${playgroundHidden.length}); filled in with ${playgroundActs[0] ?? 'tanh'}.`);
    }
    playgroundActs = playgroundHidden.map((_, l) => playgroundActs[l] ?? playgroundActs[0] ?? 'tanh');
  }
  const seluPairs = (() => {
    const text = r.raw('s.pairs');
    if (text === undefined) return d.selu.pairs;
    const pairs: string[] = [];
    for (const item of text.split(',').filter(Boolean)) {
      const [name = '', init = ''] = item.split(':');
      const id = canonicalElementwise(name);
      if (id === undefined || !(SELU_INITS as readonly string[]).includes(init)) {
        r.bad('s.pairs', item, `expected activation:init with init one of ${SELU_INITS.join(', ')}`);
      } else pairs.push(`${id}:${init}`);
    }
    return pairs.length >= 1 && pairs.length <= 4 ? pairs : d.selu.pairs;
  })();
  const figureSets: Record<string, string> = {};
  const setsText = r.raw('c.set');
  if (setsText !== undefined) {
    for (const item of setsText.split(';').filter(Boolean)) {
      const eq = item.indexOf('=');
      const key = item.slice(0, eq);
      const [experiment, setting] = key.split('.');
      if (eq <= 0 || !experiment || !setting || !SETTING_KEY.test(setting) || !/^[a-z-]+$/.test(experiment)) r.bad('c.set', item, 'expected experiment.setting=value');
      else figureSets[key] = item.slice(eq + 1);
    }
  }
  const state: State = {
    panel: r.choice('panel', PANELS, d.panel),
    seed: r.number('seed', 0, 4294967295, d.seed, true),
    rng: r.choice('rng', ['default', 'numpy'] as const, d.rng),
    gallery: { acts: galleryActs, params: parseGalleryParams(r, galleryActs), x: r.number('g.x', 0.5, 50, d.gallery.x), focus: r.number('g.focus', 0, galleryActs.length - 1, 0, true) },
    flow: {
      acts: r.activations('f.acts', d.flow.acts, 1, MAX_OVERLAY),
      depth: r.number('f.depth', 1, 200, d.flow.depth, true),
      units: r.number('f.units', 8, 512, d.flow.units, true),
      simulations: r.number('f.sims', 1, 200, d.flow.simulations, true),
      gains: r.choice('f.gains', GAINS, d.flow.gains),
    },
    dead: {
      acts: r.activations('d.acts', d.dead.acts, 1, 4),
      strategy: r.choice('d.strategy', STRATEGIES, d.dead.strategy),
      learningRate: r.number('d.lr', 0.0001, 10, d.dead.learningRate),
      optimizer: r.choice('d.opt', OPTIMIZERS, d.dead.optimizer),
      epochs: r.number('d.epochs', 1, 500, d.dead.epochs, true),
      hidden: r.integers('d.hidden', d.dead.hidden, 1, 128, 1, 4),
    },
    selu: { pairs: seluPairs, layers: r.number('s.layers', 1, 200, d.selu.layers, true), units: r.number('s.units', 10, 2000, d.selu.units, true) },
    playground: {
      dataset: r.choice('p.data', DATASET_NAMES, d.playground.dataset),
      noise: r.number('p.noise', 0, 0.5, d.playground.noise),
      hidden: playgroundHidden,
      acts: playgroundActs,
      learningRate: r.number('p.lr', 0.00001, 10, d.playground.learningRate),
      optimizer: r.choice('p.opt', OPTIMIZERS, d.playground.optimizer),
      batchSize: r.number('p.batch', 1, 200, d.playground.batchSize, true),
      race: params.get('p.race') === '' ? (r.raw('p.race') ?? '', []) : r.activations('p.race', d.playground.race, 2, MAX_OVERLAY),
      speed: r.choice('p.speed', SPEEDS, d.playground.speed),
    },
    advisor: {
      layer: r.choice('a.layer', LAYERS, d.advisor.layer),
      architecture: r.choice('a.arch', ARCHITECTURES, d.advisor.architecture),
      depth: r.number('a.depth', 1, 1000, d.advisor.depth, true),
      batchNorm: r.boolean('a.bn', d.advisor.batchNorm),
      skip: r.boolean('a.skip', d.advisor.skip),
      task: r.choice('a.task', TASKS, d.advisor.task),
      domain: r.choice('a.domain', DOMAINS, d.advisor.domain),
      concerns: (() => {
        const text = r.raw('a.concerns');
        if (text === undefined) return d.advisor.concerns;
        const list = text.split(',').filter(Boolean);
        const known = list.filter((c): c is (typeof CONCERNS)[number] => (CONCERNS as readonly string[]).includes(c));
        if (known.length !== list.length) r.bad('a.concerns', text, `expected some of ${CONCERNS.join(', ')}`);
        return known;
      })(),
    },
    figures: { figure: r.choice('c.fig', FIGURES, d.figures.figure), sets: figureSets },
  };
  for (const key of params.keys()) {
    if (!r.used.has(key)) r.notices.push(`unknown setting “${key.slice(0, 40)}” ignored.`);
  }
  return { state, notices: r.notices };
}

/** The query string of a state (without '?'); only non-default values. */
export function serializeState(state: State): string {
  const d = defaultState();
  const out = new URLSearchParams();
  const put = (key: string, value: string, fallback: string) => {
    if (value !== fallback) out.set(key, value);
  };
  const list = (v: readonly (string | number)[]) => v.join(',');
  put('panel', state.panel, d.panel);
  put('seed', String(state.seed), String(d.seed));
  put('rng', state.rng, d.rng);
  put('g.acts', list(state.gallery.acts), list(d.gallery.acts));
  const galleryParams = Object.entries(state.gallery.params)
    .filter(([id]) => state.gallery.acts.includes(id))
    .flatMap(([id, values]) => Object.entries(values).map(([name, value]) => `${id}.${name}:${value}`))
    .join(';');
  put('g.params', galleryParams, '');
  put('g.x', String(state.gallery.x), String(d.gallery.x));
  put('g.focus', String(state.gallery.focus), '0');
  put('f.acts', list(state.flow.acts), list(d.flow.acts));
  put('f.depth', String(state.flow.depth), String(d.flow.depth));
  put('f.units', String(state.flow.units), String(d.flow.units));
  put('f.sims', String(state.flow.simulations), String(d.flow.simulations));
  put('f.gains', state.flow.gains, d.flow.gains);
  put('d.acts', list(state.dead.acts), list(d.dead.acts));
  put('d.strategy', state.dead.strategy, d.dead.strategy);
  put('d.lr', String(state.dead.learningRate), String(d.dead.learningRate));
  put('d.opt', state.dead.optimizer, d.dead.optimizer);
  put('d.epochs', String(state.dead.epochs), String(d.dead.epochs));
  put('d.hidden', list(state.dead.hidden), list(d.dead.hidden));
  put('s.pairs', list(state.selu.pairs), list(d.selu.pairs));
  put('s.layers', String(state.selu.layers), String(d.selu.layers));
  put('s.units', String(state.selu.units), String(d.selu.units));
  const p = state.playground;
  const dp = d.playground;
  put('p.data', p.dataset, dp.dataset);
  put('p.noise', String(p.noise), String(dp.noise));
  put('p.hidden', list(p.hidden), list(dp.hidden));
  put('p.acts', list(p.acts), list(dp.acts));
  put('p.lr', String(p.learningRate), String(dp.learningRate));
  put('p.opt', p.optimizer, dp.optimizer);
  put('p.batch', String(p.batchSize), String(dp.batchSize));
  put('p.race', list(p.race), list(dp.race));
  put('p.speed', p.speed, dp.speed);
  const a = state.advisor;
  const da = d.advisor;
  put('a.layer', a.layer, da.layer);
  put('a.arch', a.architecture, da.architecture);
  put('a.depth', String(a.depth), String(da.depth));
  put('a.bn', a.batchNorm ? '1' : '0', da.batchNorm ? '1' : '0');
  put('a.skip', a.skip ? '1' : '0', da.skip ? '1' : '0');
  put('a.task', a.task, da.task);
  put('a.domain', a.domain, da.domain);
  put('a.concerns', list(a.concerns), list(da.concerns));
  put('c.fig', state.figures.figure, d.figures.figure);
  put(
    'c.set',
    Object.entries(state.figures.sets)
      .map(([k, v]) => `${k}=${v}`)
      .join(';'),
    '',
  );
  return out.toString();
}
