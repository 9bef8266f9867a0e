/**
 * How PyTorch, TF.js, JAX and Keras 3 name each activation, their default parameters and the
 * derivative their backward pass takes at a kink. A framework's spelling means what that
 * framework means by it, or the registry refuses it with a note naming actlab's spelling of
 * that meaning (TF.js's `hardSigmoid` has slope 0.2; actlab's `hard_sigmoid` is PyTorch's, slope
 * 1/6): the registry's small run-time lists (foreign.ts) are what {@link deriveRefusedSpellings}
 * computes from this table (a test compares them), so that a lookup does not load the table.
 * {@link fromFramework} binds any framework's meaning; `docs/conventions.md` is generated from
 * this table (`node tools/generate-conventions.mjs`).
 *
 * Sources, read for this table: PyTorch's torch.nn / torch.nn.functional documentation; TF.js
 * 4.22's own code (tfjs-core ops and gradients, tfjs-layers activations and advanced
 * activation layers); `jax/_src/nn/functions.py`; Keras 3's `keras.activations` and layer
 * documentation.
 * @module
 */
import { InvalidArgumentError, UnknownActivationError } from '../errors.js';
import { closestName } from '../suggest.js';
import { FRAMEWORKS, type Framework, type RefusedSpelling } from './foreign.js';
import { ACTIVATION_IDS, ACTIVATIONS, getActivation, normaliseName, type ActivationId, type ParamName } from './index.js';
import type { Activation, ParamValues, ResolvedParams } from './types.js';

/** One way a framework spells an activation. */
export interface FrameworkName {
  /**
   * The spelling, exactly as the framework writes it (`leakyRelu`, `LeakyReLU`). Absent when
   * the framework reaches the activation only through an argument
   * (`F.gelu(x, approximate='tanh')`): documented, never looked up.
   */
  readonly name?: string;
  /** Where it lives, for people: `torch.nn.functional.leaky_relu`, `tf.leakyRelu`. */
  readonly api: string;
  /**
   * The framework's default parameter values, in actlab's parameter names, where they differ
   * from actlab's defaults (TF.js `leakyRelu`: `{ negative_slope: 0.2 }`). Absent: the same.
   */
  readonly defaults?: Readonly<Record<string, number>>;
  /** Parameters the framework requires (no default), in actlab's names. */
  readonly required?: readonly string[];
}

/** How one framework offers one activation (with parameters named `Param`: any, by default). */
export interface FrameworkConvention<Param extends string = string> {
  readonly names: readonly FrameworkName[];
  /**
   * f′ at each of the activation's kinks (in the order of the definition's `kinks(p)`) as the
   * framework's backward pass computes it, for parameter values p. Absent: no kinks, or not
   * recorded (Keras 3: it depends on the backend).
   */
  readonly kinkDerivatives?: (p: ResolvedParams<Param>) => readonly number[];
  /** What else a user of this framework should know. */
  readonly note?: string;
}

/** Everything recorded about one activation (with parameters named `Param`: any, by default). */
export interface ActivationConventions<Param extends string = string> {
  readonly pytorch?: FrameworkConvention<Param>;
  readonly tfjs?: FrameworkConvention<Param>;
  readonly jax?: FrameworkConvention<Param>;
  readonly keras?: FrameworkConvention<Param>;
}

/**
 * Aliases that are no framework's spelling: descriptive or historical names, each with where it
 * comes from. Every alias of a definition is either here or the normalised form of a framework
 * spelling recorded below (a test holds this).
 */
export const DESCRIPTIVE_ALIASES: Readonly<Record<string, string>> = {
  rectifier: 'Nair & Hinton’s name for max(0, z)',
  lrelu: 'common abbreviation (papers, Darknet)',
  parametric_relu: 'He et al. (2015)’s name',
  randomized_relu: 'Xu et al. (2015)’s name',
  logistic: 'the logistic function σ',
  hyperbolic_tangent: 'the function’s name',
  none: 'Keras 2’s activation=None, which is linear',
  swish1: 'Swish-1, Ramachandran et al. (2017)’s name for β = 1',
  gelu_exact: 'descriptive: the erf form',
  gelu_erf: 'descriptive: the erf form',
  gelu_approximate: 'descriptive: the tanh approximation',
  approximate_gelu: 'descriptive: the tanh approximation',
};

/**
 * The table as written: every id must have an entry, and each `kinkDerivatives` reads its own
 * activation's parameters by name (checked by the type).
 */
const TABLE = {
  sigmoid: {
    pytorch: { names: [{ name: 'sigmoid', api: 'torch.sigmoid, F.sigmoid' }, { name: 'Sigmoid', api: 'nn.Sigmoid' }] },
    tfjs: { names: [{ name: 'sigmoid', api: "tf.sigmoid, activation: 'sigmoid'" }] },
    jax: { names: [{ name: 'sigmoid', api: 'jax.nn.sigmoid' }] },
    keras: { names: [{ name: 'sigmoid', api: 'keras.activations.sigmoid' }] },
  },
  tanh: {
    pytorch: { names: [{ name: 'tanh', api: 'torch.tanh, F.tanh' }, { name: 'Tanh', api: 'nn.Tanh' }] },
    tfjs: { names: [{ name: 'tanh', api: "tf.tanh, activation: 'tanh'" }] },
    jax: { names: [{ name: 'tanh', api: 'jax.numpy.tanh' }] },
    keras: { names: [{ name: 'tanh', api: 'keras.activations.tanh' }] },
  },
  relu: {
    pytorch: { names: [{ name: 'relu', api: 'F.relu' }, { name: 'ReLU', api: 'nn.ReLU' }], kinkDerivatives: () => [0] },
    // step(x) = x > 0 ? 1 : 0 (tfjs-core Relu_grad)
    tfjs: { names: [{ name: 'relu', api: "tf.relu, activation: 'relu'" }], kinkDerivatives: () => [0] },
    // documented: "except under differentiation, we take ∇relu(0) = 0"
    jax: { names: [{ name: 'relu', api: 'jax.nn.relu' }], kinkDerivatives: () => [0] },
    keras: { names: [{ name: 'relu', api: 'keras.activations.relu' }, { name: 'ReLU', api: 'keras.layers.ReLU' }] },
  },
  leaky_relu: {
    pytorch: {
      names: [{ name: 'leaky_relu', api: 'F.leaky_relu' }, { name: 'LeakyReLU', api: 'nn.LeakyReLU' }],
      kinkDerivatives: (p) => [p.negative_slope],
    },
    tfjs: {
      names: [
        { name: 'leakyRelu', api: 'tf.leakyRelu', defaults: { negative_slope: 0.2 } },
        { name: 'leakyReLU', api: 'tf.layers.leakyReLU', defaults: { negative_slope: 0.3 } },
        { name: 'LeakyReLU', api: "layer className 'LeakyReLU'", defaults: { negative_slope: 0.3 } },
      ],
      // where(x > 0, dy, α·dy) (tfjs-core LeakyRelu_grad)
      kinkDerivatives: (p) => [p.negative_slope],
    },
    // where(x >= 0, x, α·x): the x ≥ 0 branch at 0
    jax: { names: [{ name: 'leaky_relu', api: 'jax.nn.leaky_relu' }], kinkDerivatives: () => [1] },
    keras: {
      names: [
        { name: 'leaky_relu', api: 'keras.activations.leaky_relu', defaults: { negative_slope: 0.2 } },
        { name: 'LeakyReLU', api: 'keras.layers.LeakyReLU', defaults: { negative_slope: 0.3 } },
      ],
      note: 'Keras 2 called the slope alpha (layer default 0.3).',
    },
  },
  prelu: {
    pytorch: {
      names: [{ name: 'prelu', api: 'F.prelu (weight required)' }, { name: 'PReLU', api: 'nn.PReLU (init 0.25)' }],
      kinkDerivatives: (p) => [p.slope],
    },
    tfjs: {
      names: [{ name: 'prelu', api: 'tf.prelu (alpha required), tf.layers.prelu (alpha initialised to 0)', defaults: { slope: 0 } }],
      kinkDerivatives: (p) => [p.slope],
    },
    keras: { names: [{ name: 'PReLU', api: 'keras.layers.PReLU (alpha initialised to 0)', defaults: { slope: 0 } }] },
  },
  elu: {
    pytorch: { names: [{ name: 'elu', api: 'F.elu' }, { name: 'ELU', api: 'nn.ELU' }], kinkDerivatives: (p) => [p.alpha] },
    // EluGrad: y >= 0 ? dy : dy·(y + 1), and y = 0 at z = 0; TF.js supports only α = 1
    tfjs: { names: [{ name: 'elu', api: "tf.elu, activation: 'elu' (α = 1 only)" }], kinkDerivatives: () => [1], note: 'TF.js has no α: only α = 1.' },
    jax: { names: [{ name: 'elu', api: 'jax.nn.elu' }], kinkDerivatives: (p) => [p.alpha] },
    keras: { names: [{ name: 'elu', api: 'keras.activations.elu' }, { name: 'ELU', api: 'keras.layers.ELU' }] },
  },
  selu: {
    pytorch: { names: [{ name: 'selu', api: 'F.selu' }, { name: 'SELU', api: 'nn.SELU' }], kinkDerivatives: () => [1.0507009873554805 * 1.6732632423543772] },
    tfjs: { names: [{ name: 'selu', api: "tf.selu, activation: 'selu'" }], kinkDerivatives: () => [1.0507009873554805 * 1.6732632423543772] },
    jax: { names: [{ name: 'selu', api: 'jax.nn.selu' }], kinkDerivatives: () => [1.0507009873554805 * 1.6732632423543772] },
    keras: { names: [{ name: 'selu', api: 'keras.activations.selu' }] },
  },
  swish: {
    pytorch: { names: [{ name: 'silu', api: 'F.silu' }, { name: 'SiLU', api: 'nn.SiLU' }], note: 'No β: β = 1.' },
    tfjs: { names: [{ name: 'swish', api: "activation: 'swish'" }], note: 'No β in the layer API: β = 1.' },
    jax: { names: [{ name: 'silu', api: 'jax.nn.silu' }, { name: 'swish', api: 'jax.nn.swish' }], note: 'No β: β = 1.' },
    keras: { names: [{ name: 'silu', api: 'keras.activations.silu' }, { name: 'swish', api: 'keras.activations.swish' }], note: 'No β: β = 1.' },
  },
  gelu: {
    pytorch: { names: [{ name: 'gelu', api: "F.gelu (approximate='none')" }, { name: 'GELU', api: 'nn.GELU' }] },
    tfjs: { names: [{ name: 'gelu', api: "activation: 'gelu' (erf)" }] },
    jax: { names: [{ api: 'jax.nn.gelu(x, approximate=False)' }], note: 'jax.nn.gelu defaults to the tanh form: actlab gelu_tanh.' },
    keras: { names: [{ name: 'gelu', api: 'keras.activations.gelu (approximate=False)' }] },
  },
  gelu_tanh: {
    pytorch: { names: [{ api: "F.gelu(x, approximate='tanh')" }] },
    tfjs: { names: [{ name: 'gelu_new', api: "activation: 'gelu_new'" }] },
    jax: { names: [{ name: 'gelu', api: 'jax.nn.gelu (approximate=True, the default)' }] },
    keras: { names: [{ api: 'keras.activations.gelu(x, approximate=True)' }] },
  },
  linear: {
    pytorch: { names: [{ name: 'Identity', api: 'nn.Identity' }] },
    tfjs: { names: [{ name: 'linear', api: "activation: 'linear'" }] },
    keras: { names: [{ name: 'linear', api: 'keras.activations.linear' }] },
  },
  softplus: {
    pytorch: {
      names: [{ name: 'softplus', api: 'F.softplus' }, { name: 'Softplus', api: 'nn.Softplus' }],
      note: 'PyTorch switches to z above threshold/β (threshold = 20); actlab stays exact and refuses threshold.',
    },
    tfjs: { names: [{ name: 'softplus', api: "tf.softplus, activation: 'softplus'" }], note: 'No β: β = 1.' },
    jax: { names: [{ name: 'softplus', api: 'jax.nn.softplus' }], note: 'No β: β = 1.' },
    keras: { names: [{ name: 'softplus', api: 'keras.activations.softplus' }], note: 'No β: β = 1.' },
  },
  log_sigmoid: {
    pytorch: { names: [{ name: 'logsigmoid', api: 'F.logsigmoid' }, { name: 'LogSigmoid', api: 'nn.LogSigmoid' }] },
    tfjs: { names: [{ name: 'logSigmoid', api: 'tf.logSigmoid' }] },
    jax: { names: [{ name: 'log_sigmoid', api: 'jax.nn.log_sigmoid' }] },
    keras: { names: [{ name: 'log_sigmoid', api: 'keras.activations.log_sigmoid' }] },
  },
  mish: {
    pytorch: { names: [{ name: 'mish', api: 'F.mish' }, { name: 'Mish', api: 'nn.Mish' }] },
    tfjs: { names: [{ name: 'mish', api: "activation: 'mish'" }] },
    jax: { names: [{ name: 'mish', api: 'jax.nn.mish' }] },
    keras: { names: [{ name: 'mish', api: 'keras.activations.mish' }] },
  },
  celu: {
    pytorch: { names: [{ name: 'celu', api: 'F.celu' }, { name: 'CELU', api: 'nn.CELU' }], kinkDerivatives: () => [1] },
    // max(z, 0) + α·expm1(min(z, 0)/α): each of max and min passes ½ at the tie, ½ + ½ = 1
    jax: { names: [{ name: 'celu', api: 'jax.nn.celu' }], kinkDerivatives: () => [1] },
    keras: { names: [{ name: 'celu', api: 'keras.activations.celu' }] },
  },
  relu6: {
    pytorch: { names: [{ name: 'relu6', api: 'F.relu6' }, { name: 'ReLU6', api: 'nn.ReLU6' }], kinkDerivatives: () => [0, 0] },
    // lessEqual(x, 6)·step(x) (tfjs-core Relu6_grad): 0 at 0, 1 at 6
    tfjs: { names: [{ name: 'relu6', api: "tf.relu6, activation: 'relu6'" }], kinkDerivatives: () => [0, 1] },
    // custom JVP: select((x > 0) & (x < 6), g, 0)
    jax: { names: [{ name: 'relu6', api: 'jax.nn.relu6' }], kinkDerivatives: () => [0, 0] },
    keras: { names: [{ name: 'relu6', api: 'keras.activations.relu6' }] },
  },
  hard_tanh: {
    pytorch: { names: [{ name: 'hardtanh', api: 'F.hardtanh' }, { name: 'Hardtanh', api: 'nn.Hardtanh' }], kinkDerivatives: () => [0, 0] },
    // where(x > 1, 1, where(x < -1, -1, x)): the middle branch at ±1
    jax: { names: [{ name: 'hard_tanh', api: 'jax.nn.hard_tanh (m = −1, M = 1 fixed)' }], kinkDerivatives: () => [1, 1] },
    keras: { names: [{ name: 'hard_tanh', api: 'keras.activations.hard_tanh' }] },
  },
  hard_sigmoid: {
    pytorch: { names: [{ name: 'hardsigmoid', api: 'F.hardsigmoid' }, { name: 'Hardsigmoid', api: 'nn.Hardsigmoid' }], kinkDerivatives: () => [0, 0] },
    // add(0.5, mul(0.2, x)) clipped by clipByValue, whose gradient passes at both bounds (≥, ≤)
    tfjs: {
      names: [{ name: 'hardSigmoid', api: "activation: 'hardSigmoid'", defaults: { slope: 0.2 } }],
      kinkDerivatives: (p) => [p.slope, p.slope],
    },
    // relu6(x + 3)/6 with relu6's custom JVP
    jax: { names: [{ name: 'hard_sigmoid', api: 'jax.nn.hard_sigmoid' }], kinkDerivatives: () => [0, 0] },
    keras: { names: [{ name: 'hard_sigmoid', api: 'keras.activations.hard_sigmoid' }], note: 'Keras 2 (and TF.js) used slope 0.2.' },
  },
  hard_swish: {
    pytorch: { names: [{ name: 'hardswish', api: 'F.hardswish' }, { name: 'Hardswish', api: 'nn.Hardswish' }], kinkDerivatives: () => [-0.5, 1.5] },
    // x·hard_sigmoid(x) with hard_sigmoid′ = 0 at ±3: f′(−3) = 0, f′(3) = hard_sigmoid(3) = 1
    jax: { names: [{ name: 'hard_silu', api: 'jax.nn.hard_silu' }, { name: 'hard_swish', api: 'jax.nn.hard_swish' }], kinkDerivatives: () => [0, 1] },
    keras: { names: [{ name: 'hard_silu', api: 'keras.activations.hard_silu' }, { name: 'hard_swish', api: 'keras.activations.hard_swish' }] },
  },
  softsign: {
    pytorch: { names: [{ name: 'softsign', api: 'F.softsign' }, { name: 'Softsign', api: 'nn.Softsign' }], kinkDerivatives: () => [1] },
    // f′ is continuous (the kink is in f″): 1 at 0 everywhere
    tfjs: { names: [{ name: 'softsign', api: "activation: 'softsign'" }], kinkDerivatives: () => [1] },
    jax: { names: [{ name: 'soft_sign', api: 'jax.nn.soft_sign' }], kinkDerivatives: () => [1] },
    keras: { names: [{ name: 'softsign', api: 'keras.activations.softsign' }] },
  },
  squareplus: {
    jax: { names: [{ name: 'squareplus', api: 'jax.nn.squareplus' }] },
    keras: { names: [{ name: 'squareplus', api: 'keras.activations.squareplus' }] },
  },
  tanhshrink: {
    pytorch: { names: [{ name: 'tanhshrink', api: 'F.tanhshrink' }, { name: 'Tanhshrink', api: 'nn.Tanhshrink' }] },
    keras: { names: [{ name: 'tanh_shrink', api: 'keras.activations.tanh_shrink' }] },
  },
  softshrink: {
    pytorch: {
      names: [{ name: 'softshrink', api: 'F.softshrink' }, { name: 'Softshrink', api: 'nn.Softshrink' }],
      kinkDerivatives: () => [0, 0],
    },
    keras: { names: [{ name: 'soft_shrink', api: 'keras.activations.soft_shrink' }] },
  },
  hardshrink: {
    pytorch: {
      names: [{ name: 'hardshrink', api: 'F.hardshrink' }, { name: 'Hardshrink', api: 'nn.Hardshrink' }],
      kinkDerivatives: () => [0, 0],
    },
    keras: { names: [{ name: 'hard_shrink', api: 'keras.activations.hard_shrink' }] },
  },
  // Snake is in none of the four (BigVGAN's own module, and the paper's code): no spelling to record.
  snake: {},
  threshold: {
    pytorch: {
      names: [{ name: 'threshold', api: 'F.threshold', required: ['threshold', 'value'] }, { name: 'Threshold', api: 'nn.Threshold', required: ['threshold', 'value'] }],
      kinkDerivatives: () => [0],
    },
    tfjs: {
      names: [
        { name: 'thresholdedReLU', api: 'tf.layers.thresholdedReLU', defaults: { threshold: 1 } },
        { name: 'ThresholdedReLU', api: "layer className 'ThresholdedReLU'", defaults: { threshold: 1 } },
      ],
      note: 'TF.js cannot differentiate thresholdedReLU: tf.grad throws "gradient function not found for Greater" (x·cast(x > θ)).',
    },
    keras: { names: [{ name: 'threshold', api: 'keras.activations.threshold', required: ['threshold', 'value'] }] },
  },
  rrelu: {
    pytorch: { names: [{ name: 'rrelu', api: 'F.rrelu (training=False)' }, { name: 'RReLU', api: 'nn.RReLU (eval mode)' }], kinkDerivatives: (p) => [(p.lower + p.upper) / 2] },
  },
  softmax: {
    pytorch: { names: [{ name: 'softmax', api: 'F.softmax' }, { name: 'Softmax', api: 'nn.Softmax' }] },
    tfjs: { names: [{ name: 'softmax', api: "tf.softmax, activation: 'softmax'" }] },
    jax: { names: [{ name: 'softmax', api: 'jax.nn.softmax' }] },
    keras: { names: [{ name: 'softmax', api: 'keras.activations.softmax' }] },
  },
  log_softmax: {
    pytorch: { names: [{ name: 'log_softmax', api: 'F.log_softmax' }, { name: 'LogSoftmax', api: 'nn.LogSoftmax' }] },
    tfjs: { names: [{ name: 'logSoftmax', api: "tf.logSoftmax, activation: 'logSoftmax'" }] },
    jax: { names: [{ name: 'log_softmax', api: 'jax.nn.log_softmax' }] },
    keras: { names: [{ name: 'log_softmax', api: 'keras.activations.log_softmax' }] },
  },
  glu: {
    pytorch: { names: [{ name: 'glu', api: 'F.glu' }, { name: 'GLU', api: 'nn.GLU' }] },
    jax: { names: [{ name: 'glu', api: 'jax.nn.glu' }] },
    keras: { names: [{ name: 'glu', api: 'keras.activations.glu' }] },
  },
  swiglu: {},
  geglu: {},
  reglu: {},
} satisfies { readonly [Id in ActivationId]: ActivationConventions<ParamName<Id>> };

/**
 * The conventions of every activation, read with any id: `kinkDerivatives` takes the values
 * resolveParams gives for that activation.
 */
export const CONVENTIONS = TABLE as Readonly<Record<ActivationId, ActivationConventions>>;

/** One framework's spelling of one activation, with the activation it names. */
export interface FrameworkSpelling extends FrameworkName {
  readonly name: string;
  readonly framework: Framework;
  readonly id: ActivationId;
}

function collectSpellings(): readonly FrameworkSpelling[] {
  return ACTIVATION_IDS.flatMap((id) =>
    FRAMEWORKS.flatMap((framework) =>
      (CONVENTIONS[id][framework]?.names ?? []).flatMap((entry) => (entry.name === undefined ? [] : [{ ...entry, name: entry.name, framework, id }])),
    ),
  );
}

/** Every named spelling in {@link CONVENTIONS}, in table order. */
export const FRAMEWORK_SPELLINGS: readonly FrameworkSpelling[] = /* @__PURE__ */ collectSpellings();

/**
 * What a framework means by one of its names: actlab's definition and that framework's defaults
 * (in actlab's parameter names). The spelling is matched exactly, then ignoring case, `-` and
 * `_`, among that framework's spellings.
 * @throws {InvalidArgumentError} for a framework other than 'pytorch', 'tfjs', 'jax', 'keras'.
 * @throws {UnknownActivationError} for a name that framework's column of the table does not hold.
 */
export function frameworkMeaning(
  framework: Framework,
  name: string,
): { readonly definition: Activation; readonly defaults: ParamValues; readonly spelling: FrameworkSpelling } {
  if (typeof framework !== 'string' || !FRAMEWORKS.includes(framework)) {
    throw new InvalidArgumentError('fromFramework', 'framework', `one of ${FRAMEWORKS.map((f) => `'${f}'`).join(', ')}`, framework);
  }
  if (typeof name !== 'string') throw new InvalidArgumentError('fromFramework', 'name', 'a string', name);
  const own = FRAMEWORK_SPELLINGS.filter((s) => s.framework === framework);
  const spelling = own.find((s) => s.name === name) ?? own.find((s) => normaliseName(s.name) === normaliseName(name));
  if (!spelling) {
    const known = [...new Set(own.map((s) => s.name))];
    throw new UnknownActivationError(name, closestName(name, known, normaliseName), known);
  }
  return { definition: getActivation(spelling.id), defaults: Object.freeze({ ...(spelling.defaults ?? {}) }), spelling };
}

/** Whether a spelling means what actlab's definition with its own defaults means. */
function sameMeaning(spelling: FrameworkSpelling, definition: Activation): boolean {
  if (spelling.id !== definition.id) return false;
  return Object.entries(spelling.defaults ?? {}).every(([param, value]) => definition.params[param]?.default === value);
}

/**
 * The spellings the registry must refuse by exact match, computed from the table: those that
 * normalise to an actlab name (or to none) but mean something else in every framework that
 * writes them so. A spelling that some framework uses with actlab's meaning (`LeakyReLU`:
 * PyTorch 0.01, Keras 0.3) keeps actlab's meaning, and so does a canonical id (Keras's
 * `leaky_relu`, JAX's `gelu`); docs/conventions.md flags both.
 */
export function deriveRefusedSpellings(): Record<string, RefusedSpelling> {
  const byNormalisedName = new Map<string, Activation>();
  for (const a of ACTIVATIONS) for (const n of [a.id, ...a.aliases]) byNormalisedName.set(n, a);
  const uses = new Map<string, FrameworkSpelling[]>();
  for (const s of FRAMEWORK_SPELLINGS) uses.set(s.name, [...(uses.get(s.name) ?? []), s]);
  const refused: Record<string, RefusedSpelling> = {};
  for (const [name, spellings] of uses) {
    const resolved = byNormalisedName.get(normaliseName(name));
    if (resolved && (resolved.id === normaliseName(name) || spellings.some((s) => sameMeaning(s, resolved)))) continue;
    const first = spellings[0] as FrameworkSpelling;
    const definition = getActivation(first.id);
    const defaults = first.defaults ?? {};
    const actlabAs = FRAMEWORKS.filter((framework) =>
      (CONVENTIONS[first.id][framework]?.names ?? []).some((entry) =>
        Object.keys(defaults).every((param) => !entry.required?.includes(param) && (entry.defaults?.[param] ?? definition.params[param]?.default) === definition.params[param]?.default),
      ),
    );
    refused[name] = { framework: first.framework, id: first.id, api: first.api, defaults, actlabAs };
  }
  return refused;
}
