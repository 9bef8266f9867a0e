/**
 * actlab — a laboratory for neural-network activation functions.
 *
 * ```ts
 * import { activation, formulaActivation } from 'actlab';
 *
 * const gelu = activation('gelu');
 * gelu.f(-1);   // -0.15865525393145705  (z·Φ(z), exact to the last bit)
 * gelu.df(-1);  // -0.0833154705876863
 * const elu = activation('elu', { alpha: 0.5 });
 * elu.forward(new Float32Array([-1, 0, 1]));   // Float32Array [-0.31606027483940125, 0, 1]
 *
 * // Your own: a formula in z, wherever a name goes (docs/formulas.md); f′, f″ exact by construction
 * const mine = activation(formulaActivation('z*tanh(softplus(z))'));
 * mine.f(1);    // 0.8650983882673103
 * mine.df(1);   // 1.0490362200997922
 * ```
 *
 * Plain functions of a number or an array, named as in `torch.nn.functional`, are in
 * `actlab/functional` (`relu(z)`, `gelu(x)`, `leakyRelu(z, { negative_slope: 0.2 })`).
 * @module
 */
import './formula/install.js'; // formulas wherever an activation is named
import { frameworkMeaning } from './activations/conventions.js';
import { ACTIVATIONS, canonicalParams, type ElementwiseName, type Framework, type VectorName } from './activations/index.js';
import type { Activation, ElementwiseActivation, ParamValues, VectorActivation } from './activations/types.js';
import { InvalidArgumentError } from './errors.js';
import { backward, forward, type ArrayOptions, type BackwardResult, type FloatArray } from './kernels/index.js';
import { checkActivation, checkParams } from './kernels/validate.js';

// The public surface, named one by one: what README and TSDoc document, nothing internal (the
// registry's lookup tables, the kernels' routing lists and chunk size, formatting helpers).
export {
  ACTIVATIONS,
  ACTIVATION_IDS,
  FRAMEWORKS,
  SELU_ALPHA,
  SELU_SCALE,
  defineElementwise,
  defineVector,
  describeRange,
  formulaActivation,
  getActivation,
  getElementwise,
  isFormula,
  getVector,
  resolveParams,
  rreluEvalSlope,
  type Activation,
  type ActivationId,
  type ActivationName,
  type DefinitionOf,
  type ElementwiseActivation,
  type ElementwiseId,
  type ElementwiseName,
  type Family,
  type Framework,
  type ParamName,
  type ParamSpec,
  type ParamSpecs,
  type ParamValues,
  type ParamsOf,
  type Reference,
  type VectorActivation,
  type VectorId,
  type VectorName,
} from './activations/index.js';
export {
  FORMULA_BUILTINS,
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_KINKS,
  MAX_FORMULA_LENGTH,
  parseActivationSpec,
  splitActivationList,
  type ActivationSpec,
  type FormulaActivation,
} from './formula/index.js';
export { CONVENTIONS, type ActivationConventions, type FrameworkConvention, type FrameworkName } from './activations/conventions.js';
export {
  ActlabError,
  DetachedArrayError,
  ForeignConventionError,
  FreedArrayError,
  InvalidArgumentError,
  InvalidParameterError,
  ShapeError,
  SizeLimitError,
  FormulaError,
  UnknownActivationError,
  UnsupportedOperationError,
} from './errors.js';
export {
  MAX_KERNEL_ARRAY_BYTES,
  MAX_RESULT_LENGTH,
  allocateKernelArray,
  backward,
  forward,
  freeKernelArray,
  getBackend,
  getKernelPrecision,
  isKernelArray,
  jsBackend,
  loadKernels,
  reserveKernelMemory,
  rreluSlope,
  rreluTrain,
  rreluTrainBackward,
  setBackend,
  setKernelPrecision,
  wasmBackend,
  type ArrayOptions,
  type BackwardResult,
  type FloatArray,
  type KernelBackend,
  type KernelDtype,
  type KernelPrecision,
  type RreluTrainResult,
  type UniformSource,
} from './kernels/index.js';
export { matmulTransposeB, MATMUL_BLOCK, type MatmulOptions, type MatrixArray } from './kernels/matmul.js';
export { relaxedSimdSupported, setWasmModule, wasmModuleKind, type WasmModuleKind } from './wasm/index.js';
export {
  ARCHITECTURES,
  ARCHITECTURE_GUIDE,
  AdvisorError,
  AnalysisDomainError,
  CHAPTER_TABLE,
  CONCERNS,
  CONCERN_LAYERS,
  DOMAINS,
  FLOWCHART,
  FLOWCHART_DEFAULT,
  LAYERS,
  MAX_DEPTH,
  MAX_KINK,
  MAX_SIGMA,
  MAX_VARIANCE,
  MIN_NORMAL,
  MIN_SIGMA_W,
  MIN_VARIANCE,
  SAFE_DEFAULT,
  SCALE_SHAPE_FAMILIES,
  TASKS,
  TASK_GUIDE,
  VERY_DEEP,
  advise,
  criticalSigmaW,
  edgeOfChaos,
  gain,
  gaussianMeanSquare,
  gaussianMoments,
  initStd,
  initialise,
  lengthFixedPoint,
  lengthMap,
  properties,
  propagation,
  regenerateTable,
  selfNormalizingConstants,
  type Advice,
  type AdviceQuestion,
  type AdviceReason,
  type Architecture,
  type ArchitectureGuide,
  type ChapterRow,
  type Concern,
  type Continuity,
  type Cost,
  type Domain,
  type ElementwisePropertySheet,
  type Extremum,
  type FlowchartStep,
  type GainReport,
  type InitOptions,
  type InitScheme,
  type Initialiser,
  type Interval,
  type Kink,
  type Layer,
  type Moments,
  type Propagation,
  type PropagationOptions,
  type PropertyOptions,
  type PropertySheet,
  type PytorchGain,
  type Saturation,
  type ScaleShapeFamily,
  type SelfNormalizing,
  type TableOptions,
  type TableRow,
  type Task,
  type TaskGuide,
  type VectorPropertySheet,
} from './analysis/index.js';
/**
 * The activations as plain functions of a number or an array (`relu(z)`, `gelu(x)`), as
 * `tf.relu` and `torch.relu` are: these names are functions, not definition objects. The
 * definitions are `getActivation('relu')` (typed by id), `ACTIVATIONS`, and each function's
 * `.definition`. Also `actlab/functional`.
 */
export {
  celu, elu, geglu, gelu, geluTanh, glu, hardSigmoid, hardSwish, hardTanh, hardshrink, leakyRelu, linear, logSigmoid, logSoftmax, mish, prelu,
  reglu, relu, relu6, rrelu, selu, sigmoid, snake, softmax, softplus, softshrink, softsign, squareplus, swiglu, swish, tanh, tanhshrink, threshold,
  type ElementwiseFunction,
  type VectorFunction,
  type VectorFunctionOptions,
} from './functional.js';

/** An elementwise activation with its parameters bound. */
export interface BoundElementwise {
  readonly kind: 'elementwise';
  readonly definition: ElementwiseActivation;
  readonly params: ParamValues;
  /** f(z) in float64. */
  f(z: number): number;
  /** f′(z) in float64 (the documented one-sided value at kinks). */
  df(z: number): number;
  /** f″(z) in float64. */
  d2f(z: number): number;
  forward<T extends FloatArray>(x: T, out?: T): T;
  backward<T extends FloatArray>(x: T, gradOut: FloatArray, out?: T): BackwardResult<T>;
}

/** A vector activation (softmax, GLU family) with its parameters bound. */
export interface BoundVector {
  readonly kind: 'vector';
  readonly definition: VectorActivation;
  readonly params: ParamValues;
  /** Applies along rows of length `rowLength` (a positive integer dividing the length; default: the whole array is one row). */
  forward<T extends FloatArray>(x: T, rowLength?: number, out?: T): T;
  /** Jᵀ·gradOut row by row. */
  backward<T extends FloatArray>(x: T, gradOut: FloatArray, rowLength?: number, out?: T): BackwardResult<T>;
}

export type BoundActivation = BoundElementwise | BoundVector;

/**
 * Looks up an activation by name or alias and binds its parameters (validated, defaults
 * filled in). The bound `forward`/`backward` check their arguments as {@link forward} and
 * {@link backward} do; a vector activation's `rowLength` is passed on as given (`undefined`:
 * the whole array is one row; anything else must be a positive integer dividing the length).
 * @throws {UnknownActivationError} for an unknown name (with the closest match).
 * @throws {InvalidParameterError} for an unknown, non-finite or out-of-range parameter.
 * @throws {InvalidArgumentError} if `name` is neither a name nor a definition, or `params` is not an object.
 */
export function activation(name: ElementwiseName | ElementwiseActivation, params?: Readonly<Record<string, number>>): BoundElementwise;
export function activation(name: VectorName | VectorActivation, params?: Readonly<Record<string, number>>): BoundVector;
export function activation(name: string | Activation, params?: Readonly<Record<string, number>>): BoundActivation;
export function activation(name: string | Activation, params: Readonly<Record<string, number>> = {}): BoundActivation {
  const definition = checkActivation('activation', name);
  const values = checkParams('activation', 'params', definition, params);
  // Only the options actually given: `undefined` means absent, anything else is checked by forward/backward.
  const options = (out: unknown, rowLength?: unknown) => ({
    params: values,
    ...(out !== undefined ? { out } : {}),
    ...(rowLength !== undefined ? { rowLength } : {}),
  });
  if (definition.kind === 'elementwise') {
    return {
      kind: 'elementwise',
      definition,
      params: values,
      f: (z) => definition.f(z, values),
      df: (z) => definition.df(z, values),
      d2f: (z) => definition.d2f(z, values),
      forward: (x, out) => forward(definition, x, options(out) as ArrayOptions<typeof x>),
      backward: (x, gradOut, out) => backward(definition, x, gradOut, options(out) as ArrayOptions<typeof x>),
    };
  }
  return {
    kind: 'vector',
    definition,
    params: values,
    forward: (x, rowLength, out) => forward(definition, x, options(out, rowLength) as ArrayOptions<typeof x>),
    backward: (x, gradOut, rowLength, out) => backward(definition, x, gradOut, options(out, rowLength) as ArrayOptions<typeof x>),
  };
}

/**
 * An activation as another framework means it by one of its names: TF.js's `leakyRelu` is
 * Leaky ReLU with slope 0.2, Keras 3's `LeakyReLU` 0.3, JAX's `gelu` the tanh form — bound with
 * that framework's defaults. `params` may use the framework's parameter names (`alpha`,
 * `lambd`). The table is {@link CONVENTIONS}; docs/conventions.md prints it.
 *
 * ```ts
 * import { fromFramework } from 'actlab';
 *
 * fromFramework('tfjs', 'hardSigmoid').params;   // { slope: 0.2, offset: 0.5 }
 * fromFramework('jax', 'gelu').definition.id;    // 'gelu_tanh'
 * ```
 * @throws {InvalidArgumentError} for a framework other than 'pytorch', 'tfjs', 'jax', 'keras', or params not an object.
 * @throws {UnknownActivationError} for a name that framework does not use (with the closest it does).
 * @throws {InvalidParameterError}, {@link ForeignConventionError} for the parameters, as {@link activation}.
 */
export function fromFramework(framework: Framework, name: string, params: Readonly<Record<string, number>> = {}): BoundActivation {
  const { definition, defaults } = frameworkMeaning(framework, name);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidArgumentError('fromFramework', 'params', 'an object of parameter values', params);
  }
  return activation(definition, { ...defaults, ...(canonicalParams(definition, params) as Readonly<Record<string, number>>) });
}

/** All activation definitions in catalogue order. */
export function listActivations(): readonly Activation[] {
  return ACTIVATIONS;
}
