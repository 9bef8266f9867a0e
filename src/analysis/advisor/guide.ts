/**
 * The chapter's selection guide as data: the vocabulary of a question (layers, architectures,
 * tasks, concerns, domains), the architecture table, the output-layer table by task, and the
 * decision flowchart. The tables quote the chapter verbatim; the flowchart is walked by
 * ./flowchart.ts.
 * @module
 */

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
