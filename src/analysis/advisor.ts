/**
 * The activation advisor: the chapter's selection guide (architecture table, output-layer table
 * by task, decision flowchart) as data, and {@link advise}, which walks the flowchart for one
 * layer and justifies its answer. The tables quote the chapter; every number in a reason is
 * computed at call time from the library (property sheets, Gaussian moments, gains, kernels),
 * never typed in.
 * @module
 */
import { distance } from 'fastest-levenshtein';
import { getActivation } from '../activations/index.js';
import { ActlabError } from '../errors.js';
import { forward } from '../kernels/index.js';
import { gain, type GainReport } from './gain.js';
import { properties, type ElementwisePropertySheet, type Interval } from './properties.js';

// ─────────────────────────────── vocabulary ───────────────────────────────

export const LAYERS = ['hidden', 'output', 'gate'] as const;
export type Layer = (typeof LAYERS)[number];

export const ARCHITECTURES = [
  'mlp',
  'deep_mlp',
  'cnn',
  'resnet',
  'transformer',
  'rnn',
  'gan_generator',
  'gan_discriminator',
  'vae_encoder',
] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export const TASKS = ['binary', 'multiclass', 'regression', 'bounded_regression', 'multilabel'] as const;
export type Task = (typeof TASKS)[number];

export const CONCERNS = ['dead_neurons', 'vanishing_gradients', 'speed', 'smoothness', 'bounded_output'] as const;
export type Concern = (typeof CONCERNS)[number];

/** Transformer domain: the chapter's "GELU is standard for NLP; Swish for vision". */
export const DOMAINS = ['nlp', 'vision'] as const;
export type Domain = (typeof DOMAINS)[number];

/** The layers each concern can change or be checked against. */
export const CONCERN_LAYERS: Readonly<Record<Concern, readonly Layer[]>> = {
  dead_neurons: ['hidden'],
  vanishing_gradients: ['hidden'],
  speed: ['hidden'],
  smoothness: ['hidden'],
  bounded_output: ['output', 'gate'],
};

// ─────────────────────────────── the chapter's tables ───────────────────────────────

export interface ArchitectureGuide {
  /** The chapter's row, verbatim. */
  readonly chapter: { readonly architecture: string; readonly hidden: string; readonly output: string; readonly notes: string };
  /** Hidden-layer activations of the row, as actlab ids, in the chapter's order. */
  readonly hidden: readonly string[];
  /**
   * Output activations of the row as actlab ids. `fixed`: the row names the output whatever
   * the task (GAN, VAE); otherwise the task decides ("Task-dependent", or CNN's softmax for
   * classification).
   */
  readonly output: { readonly ids: readonly string[]; readonly fixed: boolean };
  /** Fully connected: where the chapter allows SELU ("Requirement: … fully-connected architecture"). */
  readonly fullyConnected: boolean;
  /** Smallest depth the row's name implies ("Deep MLP (>10 layers)"). */
  readonly minDepth?: number;
}

/** The chapter's architecture table. */
export const ARCHITECTURE_GUIDE: Readonly<Record<Architecture, ArchitectureGuide>> = {
  mlp: {
    chapter: { architecture: 'MLP (general)', hidden: 'ReLU or Leaky ReLU', output: 'Task-dependent', notes: 'Start with ReLU; try Leaky if dead neurons' },
    hidden: ['relu', 'leaky_relu'],
    output: { ids: [], fixed: false },
    fullyConnected: true,
  },
  deep_mlp: {
    chapter: { architecture: 'Deep MLP (>10 layers)', hidden: 'SELU or ELU', output: 'Task-dependent', notes: 'SELU with LeCun init; no BatchNorm needed' },
    hidden: ['selu', 'elu'],
    output: { ids: [], fixed: false },
    fullyConnected: true,
    minDepth: 11,
  },
  cnn: {
    chapter: { architecture: 'CNN', hidden: 'ReLU', output: 'Softmax (classification)', notes: 'ReLU is standard; BatchNorm handles activation drift' },
    hidden: ['relu'],
    output: { ids: ['softmax'], fixed: false },
    fullyConnected: false,
  },
  resnet: {
    chapter: { architecture: 'ResNet', hidden: 'ReLU', output: 'Softmax', notes: 'Skip connections allow ReLU to work at any depth' },
    hidden: ['relu'],
    output: { ids: ['softmax'], fixed: false },
    fullyConnected: false,
  },
  transformer: {
    chapter: { architecture: 'Transformer', hidden: 'GELU (preferred) or Swish', output: 'Task-dependent', notes: 'GELU is standard for NLP; Swish for vision' },
    hidden: ['gelu', 'swish'],
    output: { ids: [], fixed: false },
    fullyConnected: false,
  },
  rnn: {
    chapter: { architecture: 'RNN/LSTM', hidden: 'Tanh (gates), Sigmoid (gates)', output: 'Task-dependent', notes: 'LSTM gates require bounded activations' },
    hidden: ['tanh', 'sigmoid'],
    output: { ids: [], fixed: false },
    fullyConnected: false,
  },
  gan_generator: {
    chapter: { architecture: 'GAN Generator', hidden: 'ReLU or Leaky ReLU', output: 'Tanh', notes: 'Tanh output for [-1, 1] image range' },
    hidden: ['relu', 'leaky_relu'],
    output: { ids: ['tanh'], fixed: true },
    fullyConnected: false,
  },
  gan_discriminator: {
    chapter: { architecture: 'GAN Discriminator', hidden: 'Leaky ReLU', output: 'Sigmoid or none', notes: 'Leaky ReLU prevents mode collapse' },
    hidden: ['leaky_relu'],
    output: { ids: ['sigmoid', 'linear'], fixed: true },
    fullyConnected: false,
  },
  vae_encoder: {
    chapter: { architecture: 'VAE Encoder', hidden: 'ReLU or ELU', output: 'Linear (mean/logvar)', notes: 'Smooth activations help gradient flow' },
    hidden: ['relu', 'elu'],
    output: { ids: ['linear'], fixed: true },
    fullyConnected: false,
  },
};

export interface TaskGuide {
  /** The chapter's row, verbatim. */
  readonly chapter: { readonly task: string; readonly activation: string; readonly loss: string; readonly outputRange: string };
  /** The row's activation as an actlab id ("Sigmoid * scale" → sigmoid, "Linear (none)" → linear). */
  readonly activation: string;
  readonly alternatives: readonly string[];
}

/** The chapter's "Output Layer Activations by Task" table. */
export const TASK_GUIDE: Readonly<Record<Task, TaskGuide>> = {
  binary: {
    chapter: { task: 'Binary Classification', activation: 'Sigmoid', loss: 'Binary Cross-Entropy', outputRange: '(0, 1)' },
    activation: 'sigmoid',
    alternatives: ['linear'],
  },
  multiclass: {
    chapter: { task: 'Multi-class Classification', activation: 'Softmax', loss: 'Cross-Entropy', outputRange: 'Probability simplex' },
    activation: 'softmax',
    alternatives: ['log_softmax'],
  },
  regression: {
    chapter: { task: 'Regression', activation: 'Linear (none)', loss: 'MSE or MAE', outputRange: '(-∞, +∞)' },
    activation: 'linear',
    alternatives: [],
  },
  bounded_regression: {
    chapter: { task: 'Bounded Regression', activation: 'Sigmoid * scale', loss: 'MSE', outputRange: '(0, scale)' },
    activation: 'sigmoid',
    alternatives: ['tanh'],
  },
  multilabel: {
    chapter: { task: 'Multi-label Classification', activation: 'Sigmoid (each)', loss: 'Binary CE per label', outputRange: '(0, 1) per label' },
    activation: 'sigmoid',
    alternatives: ['linear'],
  },
};

export interface FlowchartStep {
  /** The chapter's question, verbatim. */
  readonly question: string;
  /**
   * Where "yes" leads. The chapter lists only the questions; these answers are its tables'
   * (architecture rows, output table) and the surrounding text.
   */
  readonly yes: string;
}

/** The chapter's decision flowchart, in order; the first "yes" decides. */
export const FLOWCHART: readonly FlowchartStep[] = [
  { question: 'Is it an output layer?', yes: 'choose by task (output-layer table)' },
  { question: 'Is it a transformer or modern NLP model?', yes: 'GELU ("GELU is standard for NLP; Swish for vision")' },
  { question: 'Is it an RNN gate?', yes: 'Sigmoid for gates, Tanh for candidate values ("LSTM gates require bounded activations")' },
  { question: 'Are you using batch normalization?', yes: 'ReLU ("BatchNorm handles activation drift")' },
  { question: 'Is the network very deep (>20 layers) without skip connections?', yes: 'SELU with LeCun init ("no BatchNorm needed")' },
];

/** The flowchart's last box, verbatim. */
export const FLOWCHART_DEFAULT = 'Default: ReLU is almost always a safe starting choice';
/** The chapter's closing advice, verbatim. */
export const SAFE_DEFAULT = 'ReLU is the safe default; only switch if you have specific reasons.';
/** Depth beyond which the flowchart calls a network "very deep". */
export const VERY_DEEP = 20;

// ─────────────────────────────── question and answer ───────────────────────────────

export interface AdviceQuestion {
  readonly layer: Layer;
  readonly architecture?: Architecture;
  /** Number of layers of the network (a positive integer). */
  readonly depth?: number;
  readonly batchNorm?: boolean;
  readonly skipConnections?: boolean;
  /** Output layers only. */
  readonly task?: Task;
  /** Transformers only: 'nlp' (default) → GELU, 'vision' → Swish. */
  readonly domain?: Domain;
  readonly concerns?: readonly Concern[];
}

export interface AdviceReason {
  readonly text: string;
  /** The numbers quoted in `text`, at full precision, each computed at call time. */
  readonly numbers: Record<string, number>;
}

export interface Initialiser {
  readonly scheme: 'he' | 'lecun' | 'xavier';
  readonly gain: number;
  readonly why: string;
}

export interface Advice {
  /** An actlab activation id. */
  readonly recommendation: string;
  readonly alternatives: string[];
  readonly initialiser: Initialiser;
  readonly loss?: string;
  readonly outputRange?: string;
  readonly reasons: AdviceReason[];
}

/** A question the advisor cannot answer as asked: unknown value or contradictory answers. */
export class AdvisorError extends ActlabError {
  constructor(
    message: string,
    /** The question field at fault, e.g. `architecture`. */
    readonly field?: string,
    /** The allowed values of that field, where it has a closed set. */
    readonly allowed?: readonly string[],
  ) {
    super(message, 'ADVISOR');
  }
}

// ─────────────────────────────── validation ───────────────────────────────

const QUESTION_KEYS = ['layer', 'architecture', 'depth', 'batchNorm', 'skipConnections', 'task', 'domain', 'concerns'] as const;

function closest(value: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = distance(value.toLowerCase(), candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined;
  throw new AdvisorError(
    `unknown ${field} ${shown}` + (suggestion ? ` — did you mean "${suggestion}"?` : '') + `; allowed: ${allowed.join(', ')}`,
    field,
    allowed,
  );
}

function optionalBoolean(field: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new AdvisorError(`${field} must be true or false, got ${JSON.stringify(value)}`, field, ['true', 'false']);
}

interface Checked {
  layer: Layer;
  architecture: Architecture | undefined;
  depth: number | undefined;
  batchNorm: boolean | undefined;
  skipConnections: boolean | undefined;
  task: Task | undefined;
  domain: Domain | undefined;
  concerns: Concern[];
}

/**
 * Checks a question: known values only, and no contradictory answers.
 * @throws {AdvisorError} naming the allowed values, or saying which answers contradict.
 */
export function checkQuestion(question: AdviceQuestion): Checked {
  if (typeof question !== 'object' || question === null) {
    throw new AdvisorError(`a question must be an object with a layer (one of: ${LAYERS.join(', ')})`, 'layer', LAYERS);
  }
  for (const key of Object.keys(question)) {
    if (!(QUESTION_KEYS as readonly string[]).includes(key)) {
      throw new AdvisorError(`unknown question field "${key}"; allowed: ${QUESTION_KEYS.join(', ')}`, key, QUESTION_KEYS);
    }
  }
  if (question.layer === undefined) {
    throw new AdvisorError(`which layer? layer is required; allowed: ${LAYERS.join(', ')}`, 'layer', LAYERS);
  }
  const layer = oneOf('layer', question.layer, LAYERS);
  const architecture = question.architecture === undefined ? undefined : oneOf('architecture', question.architecture, ARCHITECTURES);
  const task = question.task === undefined ? undefined : oneOf('task', question.task, TASKS);
  const domain = question.domain === undefined ? undefined : oneOf('domain', question.domain, DOMAINS);
  const batchNorm = optionalBoolean('batchNorm', question.batchNorm);
  const skipConnections = optionalBoolean('skipConnections', question.skipConnections);
  if (question.concerns !== undefined && !Array.isArray(question.concerns)) {
    throw new AdvisorError(`concerns must be a list; allowed entries: ${CONCERNS.join(', ')}`, 'concerns', CONCERNS);
  }
  const concerns = [...new Set((question.concerns ?? []).map((c) => oneOf('concern', c, CONCERNS)))];
  const depth = question.depth;
  if (depth !== undefined && (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1)) {
    throw new AdvisorError(`depth must be a positive integer (the number of layers), got ${JSON.stringify(depth) ?? String(depth)}`, 'depth');
  }
  const guide = architecture ? ARCHITECTURE_GUIDE[architecture] : undefined;

  // Contradictions: say which answers disagree rather than guess.
  if (layer !== 'output' && task !== undefined) {
    throw new AdvisorError(
      `task applies to output layers (layer "output"), not to a ${layer} layer; drop the task or ask about layer "output"`,
      'task',
      TASKS,
    );
  }
  if (layer === 'output' && task === undefined && !guide?.output.fixed) {
    const fixed = ARCHITECTURES.filter((a) => ARCHITECTURE_GUIDE[a].output.fixed);
    throw new AdvisorError(
      `an output layer's activation depends on the task: give a task, one of: ${TASKS.join(', ')}` +
        (architecture ? ` (the chapter's ${guide?.chapter.architecture} row says "${guide?.chapter.output}")` : '') +
        ` — only ${fixed.join(', ')} fix the output without one`,
      'task',
      TASKS,
    );
  }
  if (layer === 'output' && task !== undefined && guide?.output.fixed) {
    const wanted = TASK_GUIDE[task].activation;
    if (!guide.output.ids.includes(wanted)) {
      throw new AdvisorError(
        `architecture ${architecture} fixes the output layer (chapter: "${guide.chapter.output}"; "${guide.chapter.notes}"), ` +
          `but task ${task} asks for ${wanted}; drop the task, or drop the architecture to choose by task`,
        'task',
        TASKS,
      );
    }
  }
  if (layer === 'gate' && architecture !== undefined && architecture !== 'rnn') {
    throw new AdvisorError(
      `gates belong to recurrent networks (RNN/LSTM/GRU): layer "gate" needs architecture rnn (or none), got ${architecture}; ` +
        `for the other architectures ask about layer hidden or output`,
      'architecture',
      ['rnn'],
    );
  }
  if (architecture === 'resnet' && skipConnections === false) {
    throw new AdvisorError(
      'a resnet has skip connections by definition (chapter: "Skip connections allow ReLU to work at any depth"); ' +
        'for a network without them use architecture mlp, deep_mlp or cnn',
      'skipConnections',
    );
  }
  if (guide?.minDepth !== undefined && depth !== undefined && depth < guide.minDepth) {
    throw new AdvisorError(
      `architecture ${architecture} means "${guide.chapter.architecture}", but depth is ${depth}; use architecture mlp for ${depth} layers`,
      'depth',
    );
  }
  if (domain !== undefined && (architecture !== 'transformer' || layer !== 'hidden')) {
    throw new AdvisorError(
      `domain (${DOMAINS.join(' or ')}) applies to hidden layers of a transformer ("GELU is standard for NLP; Swish for vision"); ` +
        `got layer ${layer}` + (architecture ? `, architecture ${architecture}` : ' without an architecture'),
      'domain',
      DOMAINS,
    );
  }
  for (const concern of concerns) {
    const layers = CONCERN_LAYERS[concern];
    if (!layers.includes(layer)) {
      const hint =
        concern === 'bounded_output'
          ? 'hidden layers are unbounded in every row of the chapter\'s table; for a bounded result ask about layer output with task bounded_regression'
          : layer === 'output'
            ? "an output layer's activation is set by the task"
            : 'a gate must be bounded ("LSTM gates require bounded activations")';
      throw new AdvisorError(`concern ${concern} applies to ${layers.join(' and ')} layers, not to ${layer === 'output' ? 'an' : 'a'} ${layer} layer: ${hint}`, 'concerns', CONCERNS);
    }
  }
  if (concerns.includes('bounded_output') && layer === 'output') {
    const id = task ? TASK_GUIDE[task].activation : guide?.output.ids[0];
    if (id === 'linear') {
      throw new AdvisorError(
        `concern bounded_output contradicts ` +
          (task ? `task ${task}, whose output range is ${TASK_GUIDE[task].chapter.outputRange}` : `architecture ${architecture}, whose output is "${guide?.chapter.output}"`) +
          `; for a bounded target use task bounded_regression (output range (0, scale))`,
        'concerns',
        CONCERNS,
      );
    }
  }
  return { layer, architecture, depth, batchNorm, skipConnections, task, domain, concerns };
}

// ─────────────────────────────── library numbers (cached) ───────────────────────────────

const sheets = new Map<string, ElementwisePropertySheet>();
const gains = new Map<string, GainReport>();

/** The property sheet of an elementwise activation (defaults), computed once per id. */
function sheet(id: string): ElementwisePropertySheet {
  let s = sheets.get(id);
  if (!s) {
    const computed = properties(id, {}, { timing: false });
    if (computed.kind !== 'elementwise') throw new Error(`advisor: ${id} is not elementwise`);
    s = computed;
    sheets.set(id, s);
  }
  return s;
}

function gainOf(id: string): GainReport {
  let g = gains.get(id);
  if (!g) {
    g = gain(id);
    gains.set(id, g);
  }
  return g;
}

/** Total transcendental calls per element for f and f′ (0 for piecewise-linear activations). */
function transcendentalCalls(id: string): number {
  const cost = sheet(id).cost;
  const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);
  return Math.round((sum(cost.f) + sum(cost.df)) * 100) / 100;
}

// ─────────────────────────────── formatting ───────────────────────────────

/** A number for prose: 4 significant digits, exponent form for tiny/huge values, − for minus. */
export function formatAdviceNumber(x: number, digits = 4): string {
  if (x === Infinity) return '+∞';
  if (x === -Infinity) return '−∞';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a < 1e-3 || a >= 1e6 ? x.toExponential(1).replace('e+', 'e') : String(Number(x.toPrecision(digits)));
  return text.replace(/-/g, '−');
}

const num = formatAdviceNumber;

/** Fixed decimals for moments ("0.000", "1.000"); a tiny negative shows as 0.000. */
function fixed(x: number, places = 3): string {
  const text = x.toFixed(places);
  return (/^-0\.0*$/.test(text) ? text.slice(1) : text).replace(/-/g, '−');
}

/** (inf, sup) with brackets for attained ends: "(0, 1)", "[0, +∞)". */
function intervalText(r: Interval): string {
  return `${r.infimumAttained ? '[' : '('}${num(r.infimum)}, ${num(r.supremum)}${r.supremumAttained ? ']' : ')'}`;
}

// ─────────────────────────────── reasons ───────────────────────────────

class Reasons {
  readonly list: AdviceReason[] = [];
  private readonly seen = new Set<string>();

  add(key: string, text: string, numbers: Record<string, number>): void {
    if (this.seen.has(key)) return;
    const entries = Object.entries(numbers);
    if (!entries.length || !entries.every(([, v]) => Number.isFinite(v))) {
      throw new Error(`advisor: reason "${key}" needs finite computed numbers`);
    }
    this.seen.add(key);
    this.list.push({ text, numbers });
  }
}

/** sigmoid′ ≤ 0.25, so L layers scale a gradient by ≤ 0.25^L. */
function sigmoidVanishing(reasons: Reasons, depth: number | undefined): void {
  const s = sheet('sigmoid').derivativeRange.supremum;
  const layers = depth ?? VERY_DEEP;
  const scale = s ** layers;
  const log10 = layers * Math.log10(s);
  const scaleText = scale > 0 ? num(scale, 2) : `10^${num(log10, 4)}`;
  reasons.add(
    'sigmoid-vanishing',
    `sigmoid′ ≤ ${num(s)}: through ${layers} layers gradients scale by ≤ ${scaleText} — why sigmoid and tanh are not used for deep hidden layers`,
    { sigmoidDerivativeMax: s, depth: layers, gradientScale: scale, log10GradientScale: log10 },
  );
}

/** The ReLU family's f′ is 1 on the active side; E[f′²] (½ for ReLU) is restored by the He gain. */
function activeSlope(reasons: Reasons, id: string, lead: string): void {
  const s = sheet(id);
  const active = s.derivativeRange.supremum;
  const m = s.moments.meanDerivativeSquare;
  const values = s.derivativeRange.values;
  reasons.add(
    'active-slope',
    `${lead}${id}′ = ${num(active)} when active (` +
      (values ? `f′ takes only the values ${values.map((v) => num(v)).join(' and ')}` : `f′ ≤ ${num(active)} everywhere`) +
      `), E[f′(z)²] = ${num(m)} at N(0,1): active units pass gradients unchanged, with no 0.25-per-layer shrink`,
    { derivativeWhenActive: active, meanDerivativeSquare: m },
  );
}

function heGain(reasons: Reasons, id: string): void {
  const g = gainOf(id);
  reasons.add(
    'he-gain',
    `He gain 1/√E[${id}(z)²] = 1/√${num(g.secondMoment)} = ${num(g.gain)}${id === 'relu' ? ' (= √2)' : ''}: weights ~ N(0, ${num(g.gain ** 2)}/fan_in) ` +
      `keep the pre-activation variance at 1 from layer to layer`,
    { gain: g.gain, secondMoment: g.secondMoment },
  );
}

function seluMoments(reasons: Reasons, lead: string): void {
  const m = sheet('selu').moments;
  reasons.add(
    'selu-moments',
    `${lead}E[selu(z)] = ${fixed(m.mean)}, E[selu(z)²] = ${fixed(m.meanSquare)} at N(0,1): with LeCun weights (variance 1/fan_in) a layer maps ` +
      `zero mean, unit variance to zero mean, unit variance — self-normalising, no batch norm needed`,
    { mean: m.mean, meanSquare: m.meanSquare },
  );
}

function reluMeanDrift(reasons: Reasons, depth: number | undefined): void {
  const mean = sheet('relu').moments.mean;
  reasons.add(
    'relu-drift',
    `relu's E[f(z)] = ${num(mean)} ≠ 0 at N(0,1): with no batch norm to re-centre them, ${depth ? `each of the ${depth} layers` : 'each layer'} shifts the activations' mean`,
    { reluMean: mean, ...(depth ? { depth } : {}) },
  );
}

function batchNormRelu(reasons: Reasons): void {
  const mean = sheet('relu').moments.mean;
  const ms = sheet('relu').moments.meanSquare;
  reasons.add(
    'batch-norm',
    `Flowchart: "Are you using batch normalization?" — yes → ReLU ("BatchNorm handles activation drift"): relu's mean E[f(z)] = ${num(mean)} and ` +
      `variance E[f²] − E[f]² = ${num(ms - mean * mean)} at N(0,1) are re-normalised by the next batch norm, so no self-normalising activation is needed`,
    { reluMean: mean, reluVariance: ms - mean * mean },
  );
}

function smoothMinimum(reasons: Reasons, id: 'gelu' | 'swish', lead: string): void {
  const s = sheet(id);
  const min = s.extrema.find((e) => e.kind === 'minimum');
  if (!min) throw new Error(`advisor: ${id} has no minimum`);
  reasons.add(
    `${id}-minimum`,
    `${lead}${id} is smooth (${s.smoothness}) with its minimum ${num(min.value)} at z = ${num(min.at)}: small negative inputs pass a small negative signal ` +
      `and a nonzero gradient instead of relu's hard 0`,
    { minimum: min.value, minimumAt: min.at },
  );
}

function meanSlope(reasons: Reasons, id: string): void {
  const m = sheet(id).moments.meanDerivative;
  const r = sheet('relu').moments.meanDerivative;
  reasons.add(
    `${id}-mean-slope`,
    `E[${id}′(z)] = ${num(m)} at N(0,1), the same average slope as relu (${num(r)}), without relu's jump of f′ at 0`,
    { meanDerivative: m, reluMeanDerivative: r },
  );
}

/** Why an activation's gradient is never exactly 0 on an interval. */
function noDeadUnits(reasons: Reasons, id: string, lead = '', tail = ''): void {
  const s = sheet(id);
  const dr = s.derivativeRange;
  const reluDead = 1 - sheet('relu').moments.meanDerivative;
  if (dr.values && (dr.values[0] as number) > 0) {
    reasons.add(
      'no-dead',
      `${lead}${id}′ ≥ ${num(dr.values[0] as number)} everywhere, so no unit's gradient is exactly 0 (relu′ = 0 for every z < 0: a fraction ${num(reluDead)} of N(0,1) inputs)${tail}`,
      { derivativeMin: dr.values[0] as number, reluZeroGradientFraction: reluDead },
    );
  } else if (dr.infimum === 0 && !dr.infimumAttained) {
    reasons.add(
      'no-dead',
      `${lead}${id}′ > 0 everywhere (its infimum ${num(dr.infimum)} is only approached as |z| → ∞, never attained), so no unit's gradient is exactly 0; ` +
        `relu′ = 0 for a fraction ${num(reluDead)} of N(0,1) inputs${tail}`,
      { derivativeInfimum: dr.infimum, reluZeroGradientFraction: reluDead },
    );
  } else {
    const zeros = s.extrema.map((e) => e.at);
    reasons.add(
      'no-dead',
      `${lead}${id}′ is 0 only at the isolated point${zeros.length === 1 ? '' : 's'} z = ${zeros.map((z) => num(z)).join(', ')} and ranges down to ${num(dr.infimum)}: ` +
        `negative inputs keep a gradient, where relu′ = 0 for a fraction ${num(reluDead)} of N(0,1) inputs${tail}`,
      { derivativeInfimum: dr.infimum, ...(zeros.length ? { zeroAt: zeros[0] as number } : {}), reluZeroGradientFraction: reluDead },
    );
  }
}

function smoothnessReason(reasons: Reasons, id: string, lead = ''): void {
  const s = sheet(id);
  const relu = sheet('relu').kinks[0];
  if (!relu) throw new Error('advisor: relu has no kink');
  const kink = s.kinks[0];
  if (!kink) {
    reasons.add(
      'smoothness',
      `${lead}${id} has no kink (${s.smoothness}), while relu′ jumps from ${num(relu.df[0])} to ${num(relu.df[1])} at 0`,
      { reluDerivativeLeft: relu.df[0], reluDerivativeRight: relu.df[1] },
    );
    return;
  }
  const agree = kink.continuity !== 'C0' && kink.continuity !== 'discontinuous';
  reasons.add(
    'smoothness',
    agree
      ? `${lead}${id}′ is continuous at ${num(kink.at)} (left ${num(kink.df[0])}, right ${num(kink.df[1])}: ${kink.continuity}) while relu′ jumps from ${num(relu.df[0])} to ${num(relu.df[1])}`
      : `${lead}${id}′ jumps at ${num(kink.at)} (left ${num(kink.df[0])}, right ${num(kink.df[1])}: ${kink.continuity}); elu, the chapter's smoother alternative, is C1 there but not self-normalising`,
    { derivativeLeft: kink.df[0], derivativeRight: kink.df[1], reluDerivativeLeft: relu.df[0], reluDerivativeRight: relu.df[1] },
  );
}

function speedReason(reasons: Reasons, id: string): void {
  const mine = transcendentalCalls(id);
  const relu = transcendentalCalls('relu');
  const gelu = transcendentalCalls('gelu');
  reasons.add(
    'speed',
    mine === relu
      ? `${id} needs ${num(mine)} transcendental calls per element for f and f′ together (a comparison and a multiply); gelu needs ${num(gelu)}`
      : `${id} needs ${num(mine)} transcendental calls per element for f and f′ together, relu ${num(relu)}: if speed outweighs the reasons above, relu is the fallback`,
    { transcendentalCalls: mine, reluTranscendentalCalls: relu, ...(mine === relu ? { geluTranscendentalCalls: gelu } : {}) },
  );
}

function vanishingReason(reasons: Reasons, id: string, depth: number | undefined): void {
  const sup = sheet(id).derivativeRange.supremum;
  const ms = sheet(id).moments.meanDerivativeSquare;
  const g = gainOf(id).gain;
  reasons.add(
    'vanishing',
    `${id}′ reaches ${num(sup)} and E[${id}′(z)²] × gain² = ${num(ms)} × ${num(g * g)} = ${num(ms * g * g)} per layer with its initialiser, ` +
      `so backpropagated gradients keep their scale instead of shrinking`,
    { derivativeMax: sup, meanDerivativeSquare: ms, gainSquared: g * g, perLayerFactor: ms * g * g },
  );
  sigmoidVanishing(reasons, depth);
}

// ─────────────────────────────── initialisers ───────────────────────────────

function initialiserFor(id: string, layer: Layer): Initialiser {
  if (layer === 'output' && id !== 'tanh') {
    const g = gainOf('linear').gain;
    return {
      scheme: 'xavier',
      gain: g,
      why: `Glorot/Xavier (std = gain·√(2/(fan_in + fan_out))) balances forward and backward variance; the output layer's pre-activations (logits) are linear, gain ${num(g)}`,
    };
  }
  const report = gainOf(id);
  switch (id) {
    case 'selu':
      return {
        scheme: 'lecun',
        gain: report.gain,
        why:
          `SELU requires LeCun normal init (std = 1/√fan_in): its variance-preserving gain 1/√E[selu(z)²] = ${num(report.gain)}` +
          (report.pytorch
            ? `; PyTorch's calculate_gain('selu') = ${report.pytorch.formula} = ${num(report.pytorch.value)} trades self-normalisation for gradient flow`
            : ''),
      };
    case 'sigmoid': {
      const m = sheet('sigmoid').moments;
      const value = report.pytorch?.value ?? 1;
      return {
        scheme: 'xavier',
        gain: value,
        why:
          `Glorot/Xavier with gain ${num(value)} (PyTorch's calculate_gain('sigmoid')); the "variance-preserving" 1/√E[σ(z)²] = ${num(report.gain)} is inflated ` +
          `by σ's mean: ${num(m.mean ** 2)} of E[σ(z)²] = ${num(m.meanSquare)} is the mean squared`,
      };
    }
    case 'tanh':
      return {
        scheme: 'xavier',
        gain: report.gain,
        why:
          `Glorot/Xavier for a symmetric, saturating activation, gain 1/√E[tanh(z)²] = ${num(report.gain)}` +
          (report.pytorch ? ` (PyTorch uses ${report.pytorch.formula} = ${num(report.pytorch.value)})` : ''),
      };
    default:
      return {
        scheme: 'he',
        gain: report.gain,
        why:
          `He/Kaiming (std = gain/√fan_in), gain 1/√E[${id}(z)²] = ${num(report.gain)} at N(0,1)` +
          (id === 'relu' ? ' = √2 (He et al. 2015)' : '') +
          (report.pytorch && id !== 'relu' ? `; PyTorch's calculate_gain gives ${num(report.pytorch.value)}` : ''),
      };
  }
}

// ─────────────────────────────── the flowchart ───────────────────────────────

function uniqueWithout(ids: readonly string[], rec: string): string[] {
  return [...new Set(ids)].filter((id) => id !== rec);
}

function adviseOutput(q: Checked): Advice {
  const reasons = new Reasons();
  const guide = q.architecture ? ARCHITECTURE_GUIDE[q.architecture] : undefined;
  const taskGuide = q.task ? TASK_GUIDE[q.task] : undefined;
  const rec = taskGuide?.activation ?? (guide?.output.ids[0] as string);
  const alternatives = uniqueWithout([...(taskGuide?.alternatives ?? []), ...(guide?.output.fixed ? guide.output.ids : [])], rec);
  const lead = taskGuide
    ? `Output layer, ${taskGuide.chapter.task} → ${taskGuide.chapter.activation} with ${taskGuide.chapter.loss}, range ${taskGuide.chapter.outputRange}: `
    : `Output layer of a ${guide?.chapter.architecture} → "${guide?.chapter.output}"` +
      // The row's note, where it is about the output ("Tanh output for [-1, 1] image range").
      (guide && guide.chapter.notes.includes(guide.chapter.output) ? ` ("${guide.chapter.notes}")` : '') +
      ': ';

  if (rec === 'softmax') {
    const probe = [2, 1, 0.1];
    const p = Array.from(forward(getActivation('softmax'), Float64Array.from(probe)));
    const shifted = Array.from(forward(getActivation('softmax'), Float64Array.from(probe.map((v) => v + 100))));
    const sum = p.reduce((a, b) => a + b, 0);
    const shift = Math.max(...p.map((v, i) => Math.abs(v - (shifted[i] as number))));
    reasons.add(
      'softmax',
      `${lead}softmax([${probe.join(', ')}]) = [${p.map((v) => num(v, 3)).join(', ')}], sum ${fixed(sum)}: one probability per class; ` +
        `adding 100 to every logit changes it by ${num(shift)} (shift-invariant)`,
      { p0: p[0] as number, p1: p[1] as number, p2: p[2] as number, sum, shiftChange: shift },
    );
  } else if (rec === 'linear') {
    const s = sheet('linear');
    reasons.add(
      'linear',
      `${lead}f(z) = z has range ${intervalText(s.range)} and f′ = ${num(s.derivativeRange.supremum)} everywhere: predictions can take any real value and the loss gradient passes unchanged`,
      { derivative: s.derivativeRange.supremum },
    );
  } else if (rec === 'tanh') {
    const s = sheet('tanh');
    reasons.add(
      'tanh-output',
      `${lead}tanh maps onto ${intervalText(s.range)}, the range of images scaled to [−1, 1], and is zero-centred (E[tanh(z)] = ${fixed(s.moments.mean)})`,
      { infimum: s.range.infimum, supremum: s.range.supremum, mean: s.moments.mean },
    );
  } else {
    // sigmoid
    const s = sheet('sigmoid');
    const numbers = { infimum: s.range.infimum, supremum: s.range.supremum };
    if (q.task === 'bounded_regression') {
      reasons.add(
        'sigmoid-output',
        `${lead}sigmoid maps onto ${intervalText(s.range)}; multiplied by the target's upper bound it covers (0, scale) without ever predicting outside it`,
        numbers,
      );
    } else if (q.task === 'multilabel') {
      const sig = getActivation('sigmoid');
      if (sig.kind !== 'elementwise') throw new Error('advisor: sigmoid is not elementwise');
      const a = sig.f(2, {});
      const b = sig.f(1, {});
      reasons.add(
        'sigmoid-output',
        `${lead}each label gets its own probability in ${intervalText(s.range)}; unlike softmax they need not sum to 1 (sigmoid(2) + sigmoid(1) = ${num(a + b)})`,
        { ...numbers, sigmoidOf2: a, sigmoidOf1: b },
      );
    } else {
      reasons.add(
        'sigmoid-output',
        `${lead}sigmoid maps onto ${intervalText(s.range)}, a probability for the positive class; with binary cross-entropy the logit's gradient is σ(z) − y`,
        numbers,
      );
    }
  }
  if (q.concerns.includes('bounded_output')) {
    const r = rec === 'softmax' ? undefined : sheet(rec).range;
    if (r) {
      reasons.add('bounded', `bounded output: ${rec}'s range ${intervalText(r)} is bounded on both sides`, { infimum: r.infimum, supremum: r.supremum });
    }
  }
  const outputRange = taskGuide ? taskGuide.chapter.outputRange : intervalText(sheet(rec).range);
  const loss = taskGuide ? taskGuide.chapter.loss : q.architecture === 'gan_discriminator' ? TASK_GUIDE.binary.chapter.loss : undefined;
  return {
    recommendation: rec,
    alternatives,
    initialiser: initialiserFor(rec, 'output'),
    ...(loss ? { loss } : {}),
    outputRange,
    reasons: reasons.list,
  };
}

function adviseGate(q: Checked): Advice {
  const reasons = new Reasons();
  const sig = sheet('sigmoid');
  const tanh = sheet('tanh');
  reasons.add(
    'gate-sigmoid',
    `Flowchart: "Is it an RNN gate?" — yes ("LSTM gates require bounded activations"): sigmoid maps onto ${intervalText(sig.range)}, ` +
      `so a gate value is the fraction of the signal let through (0 blocks, 1 passes)`,
    { infimum: sig.range.infimum, supremum: sig.range.supremum },
  );
  reasons.add(
    'gate-tanh',
    `tanh, the alternative, maps onto ${intervalText(tanh.range)} with E[tanh(z)] = ${fixed(tanh.moments.mean)}: the zero-centred squashing used for the candidate cell values, not for gating`,
    { infimum: tanh.range.infimum, supremum: tanh.range.supremum, mean: tanh.moments.mean },
  );
  if (q.concerns.includes('bounded_output')) {
    reasons.add('bounded', `bounded output: sigmoid′ ≤ ${num(sig.derivativeRange.supremum)} and its range ${intervalText(sig.range)} is bounded on both sides`, {
      infimum: sig.range.infimum,
      supremum: sig.range.supremum,
      derivativeMax: sig.derivativeRange.supremum,
    });
  }
  return { recommendation: 'sigmoid', alternatives: ['tanh'], initialiser: initialiserFor('sigmoid', 'gate'), reasons: reasons.list };
}

/** The chapter's reasons to leave ReLU: "Leaky ReLU: When dead neurons are a concern", "ELU: When you want smoother gradients". */
function reluFamily(concerns: readonly Concern[]): { rec: string; note: string } {
  if (concerns.includes('smoothness')) {
    return { rec: 'elu', note: 'smoothness concern → "ELU: When you want smoother gradients and can afford the computation": ' };
  }
  if (concerns.includes('dead_neurons')) {
    return { rec: 'leaky_relu', note: 'dead_neurons concern → "Leaky ReLU: When dead neurons are a concern; good general alternative": ' };
  }
  return { rec: 'relu', note: '' };
}

function adviseHidden(q: Checked): Advice {
  const reasons = new Reasons();
  const arch = q.architecture;
  const guide = arch ? ARCHITECTURE_GUIDE[arch] : undefined;
  const skips = q.skipConnections ?? arch === 'resnet';
  const batchNorm = q.batchNorm === true;
  const veryDeep = q.depth !== undefined && q.depth > VERY_DEEP;
  const fullyConnected = guide ? guide.fullyConnected : true;
  let rec: string;
  let alternatives: string[];

  /** Reasons for a member of the ReLU family chosen by `reluFamily`. */
  const familyReasons = (id: string, lead: string) => {
    if (id === 'elu') smoothnessReason(reasons, 'elu', lead);
    else if (id === 'leaky_relu') noDeadUnits(reasons, 'leaky_relu', lead);
    else activeSlope(reasons, id, lead);
  };

  if (arch === 'transformer') {
    const vision = q.domain === 'vision';
    rec = vision ? 'swish' : 'gelu';
    alternatives = vision ? ['gelu'] : ['gelu_tanh', 'swish'];
    smoothMinimum(
      reasons,
      rec as 'gelu' | 'swish',
      `Flowchart: "Is it a transformer or modern NLP model?" — yes → ${vision ? 'Swish ("Swish for vision")' : 'GELU ("GELU is standard for NLP")'}: `,
    );
    meanSlope(reasons, rec);
  } else if (arch === 'rnn') {
    rec = 'tanh';
    alternatives = ['sigmoid'];
    const t = sheet('tanh');
    const s = sheet('sigmoid');
    reasons.add(
      'rnn-tanh',
      `RNN/LSTM row: "Tanh (gates), Sigmoid (gates)" — the hidden state uses tanh: range ${intervalText(t.range)}, zero-centred (E[tanh(z)] = ${fixed(t.moments.mean)}), ` +
        `and tanh′ ≤ ${num(t.derivativeRange.supremum)} where sigmoid′ ≤ ${num(s.derivativeRange.supremum)}`,
      { infimum: t.range.infimum, supremum: t.range.supremum, mean: t.moments.mean, tanhDerivativeMax: t.derivativeRange.supremum, sigmoidDerivativeMax: s.derivativeRange.supremum },
    );
  } else if (arch === 'gan_discriminator') {
    const smooth = q.concerns.includes('smoothness');
    rec = smooth ? 'elu' : 'leaky_relu';
    alternatives = smooth ? ['leaky_relu', 'prelu'] : ['prelu'];
    noDeadUnits(reasons, 'leaky_relu', 'GAN Discriminator row: "Leaky ReLU prevents mode collapse": ', '; the generator gets a gradient through every unit');
    if (smooth) smoothnessReason(reasons, 'elu', 'smoothness concern: ');
    heGain(reasons, rec);
  } else if (batchNorm) {
    const family = reluFamily(q.concerns);
    rec = family.rec;
    alternatives = ['leaky_relu', ...(guide?.hidden ?? []), 'relu'];
    batchNormRelu(reasons);
    if (family.note) familyReasons(rec, family.note);
    heGain(reasons, rec);
  } else if (fullyConnected && !skips && (veryDeep || arch === 'deep_mlp')) {
    rec = 'selu';
    alternatives = ['elu'];
    const why = veryDeep
      ? `Very deep (${q.depth} > ${VERY_DEEP} layers), fully connected, without skip connections or batch norm → SELU with LeCun init: `
      : `Deep MLP row: "SELU or ELU" — "SELU with LeCun init; no BatchNorm needed": `;
    seluMoments(reasons, why);
    reluMeanDrift(reasons, q.depth);
    sigmoidVanishing(reasons, q.depth);
    if (q.concerns.includes('smoothness')) smoothnessReason(reasons, 'selu', 'smoothness concern: ');
  } else {
    const family = reluFamily(q.concerns);
    rec = family.rec;
    alternatives = [...(guide?.hidden ?? []), arch === 'vae_encoder' ? 'elu' : 'leaky_relu', 'relu', ...(rec === 'elu' ? ['gelu', 'swish'] : ['prelu'])];
    let lead: string;
    if (skips && (veryDeep || arch === 'resnet')) lead = `Skip connections allow ReLU to work at any depth`;
    else if (guide) lead = `${guide.chapter.architecture} row: "${guide.chapter.hidden}" — "${guide.chapter.notes}"`;
    else lead = FLOWCHART_DEFAULT;
    if (family.note) {
      activeSlope(reasons, 'relu', `${lead}: `);
      familyReasons(rec, family.note);
    } else {
      activeSlope(reasons, 'relu', `${lead}: `);
    }
    heGain(reasons, rec);
    if (veryDeep && !fullyConnected && !skips) {
      // The flowchart's SELU branch needs a fully connected network.
      reasons.add(
        'selu-needs-fc',
        `${q.depth} > ${VERY_DEEP} layers without skip connections or batch norm, but SELU requires a fully-connected architecture; ` +
          `relu's mean E[f(z)] = ${num(sheet('relu').moments.mean)} then drifts unchecked — add batch norm ("BatchNorm handles activation drift") or skip connections`,
        { reluMean: sheet('relu').moments.mean, depth: q.depth as number },
      );
    }
    sigmoidVanishing(reasons, q.depth);
  }

  // Concerns not already settled above add their numbers for the recommendation.
  if (q.concerns.includes('smoothness')) smoothnessReason(reasons, rec);
  if (q.concerns.includes('dead_neurons')) noDeadUnits(reasons, rec);
  if (q.concerns.includes('vanishing_gradients')) vanishingReason(reasons, rec, q.depth);
  if (q.concerns.includes('speed')) {
    speedReason(reasons, rec);
    if (transcendentalCalls(rec) > transcendentalCalls('relu')) alternatives = [...alternatives, 'relu'];
  }
  return { recommendation: rec, alternatives: uniqueWithout(alternatives, rec), initialiser: initialiserFor(rec, 'hidden'), reasons: reasons.list };
}

/**
 * Advice for one layer, following the chapter's flowchart: output layer → by task; transformer
 * → GELU (Swish for vision); RNN gate → sigmoid (tanh for candidates); batch norm → ReLU;
 * very deep (> 20), fully connected, without skip connections or batch norm → SELU with LeCun
 * init; otherwise the architecture's row, defaulting to ReLU with He init. Concerns then adjust
 * the ReLU family (dead_neurons → Leaky ReLU, smoothness → ELU) and add their numbers.
 * @throws {AdvisorError} for unknown values (the message lists the allowed ones) and for
 *   contradictory answers.
 */
export function advise(question: AdviceQuestion): Advice {
  const q = checkQuestion(question);
  if (q.layer === 'output') return adviseOutput(q);
  if (q.layer === 'gate') return adviseGate(q);
  return adviseHidden(q);
}
