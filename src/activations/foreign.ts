/**
 * What the registry does with other frameworks' names at run time: the spellings it refuses
 * (TF.js's `hardSigmoid` means slope 0.2, actlab's `hard_sigmoid` 1/6), the parameter names it
 * accepts under actlab's name (`lambd` → `lambda`) and those it refuses with a note (PyTorch
 * softplus's `threshold`). Small on purpose: the registry loads it with every lookup, while
 * the full table of names, defaults and kink derivatives ({@link CONVENTIONS} in
 * conventions.ts) is loaded only by `fromFramework` and the documentation; `test/aliases.test.ts`
 * derives these lists from that table and fails when they differ.
 * @module
 */
import type { ActivationId } from './index.js';

/** The frameworks whose names and defaults actlab records. */
export type Framework = 'pytorch' | 'tfjs' | 'jax' | 'keras';

/** In table order. */
export const FRAMEWORKS: readonly Framework[] = ['pytorch', 'tfjs', 'jax', 'keras'];

/** Display names. */
export const FRAMEWORK_LABELS: Readonly<Record<Framework, string>> = { pytorch: 'PyTorch', tfjs: 'TF.js', jax: 'JAX', keras: 'Keras 3' };

/** A spelling refused by exact match, with what its framework means by it. */
export interface RefusedSpelling {
  readonly framework: Framework;
  /** The activation it names. */
  readonly id: ActivationId;
  /** Where it lives in that framework. */
  readonly api: string;
  /** That framework's defaults that differ from actlab's, in actlab's parameter names. */
  readonly defaults: Readonly<Record<string, number>>;
  /** The frameworks whose defaults actlab's are (said in the note). */
  readonly actlabAs: readonly Framework[];
}

/**
 * The spellings that would fall on an actlab name by case-insensitive lookup but mean something
 * else in every framework that writes them so.
 */
export const REFUSED_SPELLINGS: Readonly<Record<string, RefusedSpelling>> = {
  leakyRelu: { framework: 'tfjs', id: 'leaky_relu', api: 'tf.leakyRelu', defaults: { negative_slope: 0.2 }, actlabAs: ['pytorch', 'jax'] },
  leakyReLU: { framework: 'tfjs', id: 'leaky_relu', api: 'tf.layers.leakyReLU', defaults: { negative_slope: 0.3 }, actlabAs: ['pytorch', 'jax'] },
  hardSigmoid: { framework: 'tfjs', id: 'hard_sigmoid', api: "activation: 'hardSigmoid'", defaults: { slope: 0.2 }, actlabAs: ['pytorch', 'jax', 'keras'] },
  thresholdedReLU: { framework: 'tfjs', id: 'threshold', api: 'tf.layers.thresholdedReLU', defaults: { threshold: 1 }, actlabAs: [] },
  ThresholdedReLU: { framework: 'tfjs', id: 'threshold', api: "layer className 'ThresholdedReLU'", defaults: { threshold: 1 }, actlabAs: [] },
};

/** A framework's name for one of actlab's parameters (same meaning). */
export interface ParamRename {
  /** actlab's name. */
  readonly to: string;
  readonly frameworks: readonly Framework[];
}

/** Parameter names accepted under actlab's name, by activation. */
export const PARAM_RENAMES: Readonly<Partial<Record<ActivationId, Readonly<Record<string, ParamRename>>>>> = {
  leaky_relu: { alpha: { to: 'negative_slope', frameworks: ['tfjs', 'keras'] } },
  prelu: { init: { to: 'slope', frameworks: ['pytorch'] }, alpha: { to: 'slope', frameworks: ['tfjs', 'keras'] } },
  softshrink: { lambd: { to: 'lambda', frameworks: ['pytorch'] }, threshold: { to: 'lambda', frameworks: ['keras'] } },
  hardshrink: { lambd: { to: 'lambda', frameworks: ['pytorch'] }, threshold: { to: 'lambda', frameworks: ['keras'] } },
  threshold: { theta: { to: 'threshold', frameworks: ['tfjs'] }, default_value: { to: 'value', frameworks: ['keras'] } },
};

/** A framework's parameter that actlab refuses, and why. */
export interface RefusedParam {
  readonly frameworks: readonly Framework[];
  /** What to do instead; the error's message. */
  readonly note: string;
}

const alongLastAxis = (frameworks: readonly Framework[]): RefusedParam => ({
  frameworks,
  note: 'actlab acts along the last axis: pass rowLength (its size), transposing first for another axis',
});
const axis = { axis: alongLastAxis(['tfjs', 'jax', 'keras']), dim: alongLastAxis(['pytorch']) };

const approximate: RefusedParam = {
  frameworks: ['pytorch', 'jax', 'keras'],
  note: "actlab has an id for each: gelu (erf; approximate='none'/False) and gelu_tanh (approximate='tanh'/True)",
};

const kerasRelu: RefusedParam = {
  frameworks: ['keras'],
  note: "Keras's relu options are other activations here: leaky_relu { negative_slope }, relu6 or hard_tanh { min_val: 0, max_val }, threshold { threshold, value: 0 }",
};

/** Parameter names refused with a note, by activation. */
export const REFUSED_PARAMS: Readonly<Partial<Record<ActivationId, Readonly<Record<string, RefusedParam>>>>> = {
  relu: { max_value: kerasRelu, threshold: kerasRelu, negative_slope: kerasRelu },
  gelu: { approximate },
  gelu_tanh: { approximate },
  softplus: {
    threshold: {
      frameworks: ['pytorch'],
      note: 'PyTorch returns z above threshold/β (off by up to e^-20 ≈ 2e-9); actlab is exact there: leave it out',
    },
  },
  softmax: axis,
  log_softmax: axis,
  glu: axis,
  swiglu: axis,
  geglu: axis,
  reglu: axis,
};

/** A parameter refused for every activation: what a PyTorch user writes by habit. */
export const REFUSED_EVERYWHERE: Readonly<Record<string, RefusedParam>> = {
  inplace: {
    frameworks: ['pytorch'],
    note: 'write in place with out: forward(id, x, { out: x })',
  },
};
