/**
 * Every activation as a plain function, as `torch.nn.functional` and `tf.relu` offer them:
 * call it on a number for a number, on a Float64Array or Float32Array for an array of the same
 * type (through the array kernels: WebAssembly SIMD where they apply). Parameters go in an
 * optional object with actlab's names, defaults filling in.
 *
 * ```ts
 * import { gelu, leakyRelu, softmax } from 'actlab/functional';
 *
 * gelu(-1);                                      // -0.15865525393145705
 * leakyRelu(-2, { negative_slope: 0.2 });        // -0.4
 * gelu(new Float32Array([-1, 0, 1]));            // Float32Array [-0.15865525603294373, 0, 0.8413447737693787]
 * softmax(new Float64Array([1, 2, 3, 1, 1, 1]), { rowLength: 3 });
 * ```
 *
 * The names are the registry's ids in camelCase (`leaky_relu` → `leakyRelu`, `gelu_tanh` →
 * `geluTanh`), one function per activation; `test/functional.test.ts` holds the list to the
 * registry. Each function carries its definition (`relu.definition`: formula, paper,
 * derivatives). Derivatives and backward passes: {@link activation} and {@link backward}.
 * @module
 */
import './formula/install.js'; // formulas wherever an activation is named
import {
  getActivation,
  resolveParams,
  type ElementwiseActivation,
  type ElementwiseId,
  type ParamsOf,
  type ParamValues,
  type VectorActivation,
  type VectorId,
} from './activations/index.js';
import { InvalidArgumentError } from './errors.js';
import { forward, type FloatArray } from './kernels/index.js';
import { checkParams, floatArrayKind } from './kernels/validate.js';

/** An elementwise activation as a function of a number or of an array. */
export interface ElementwiseFunction<Id extends ElementwiseId> {
  /** f(z) in float64. */
  (z: number, params?: ParamsOf<Id>): number;
  /** f applied to every element: a new array of x's type, or `out` (which may be x itself). */
  <T extends FloatArray>(x: T, params?: ParamsOf<Id>, out?: T): T;
  readonly id: Id;
  readonly definition: ElementwiseActivation;
}

/** Options of a vector activation's function. */
export interface VectorFunctionOptions<T extends FloatArray> {
  /** The size of the last axis of a row-major matrix (default: the whole array is one row). */
  readonly rowLength?: number;
  /** Write the result here (the result's length; may be x itself for softmax and log_softmax). */
  readonly out?: T;
}

/** A vector activation (softmax, GLU family) as a function of an array, row by row. */
export interface VectorFunction<Id extends VectorId> {
  <T extends FloatArray>(x: T, options?: VectorFunctionOptions<T>): T;
  readonly id: Id;
  readonly definition: VectorActivation;
}

/** The camelCase name of an id, as exported here: `leaky_relu` → `leakyRelu`. */
export function functionName(id: string): string {
  return id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const NUMBER_OR_ARRAY = 'a number, a Float64Array or a Float32Array';

function elementwise<Id extends ElementwiseId>(id: Id): ElementwiseFunction<Id> {
  const definition = getActivation(id) as ElementwiseActivation;
  const name = functionName(id);
  const defaults = resolveParams(definition);
  const values = (params: unknown): ParamValues => (params === undefined ? defaults : checkParams(name, 'params', definition, params));
  function apply(x: number, params?: ParamsOf<Id>): number;
  function apply<T extends FloatArray>(x: T, params?: ParamsOf<Id>, out?: T): T;
  function apply(x: number | FloatArray, params?: ParamsOf<Id>, out?: FloatArray): number | FloatArray {
    if (typeof x === 'number') return definition.f(x, values(params));
    if (floatArrayKind(x) === undefined) {
      throw new InvalidArgumentError(name, 'x', NUMBER_OR_ARRAY, x, Array.isArray(x) ? 'convert a number[] with Float64Array.from(x)' : undefined);
    }
    return forward(definition, x, { params: values(params), ...(out !== undefined ? { out } : {}) });
  }
  return Object.freeze(Object.assign(apply, { id, definition }));
}

function vector<Id extends VectorId>(id: Id): VectorFunction<Id> {
  const definition = getActivation(id) as VectorActivation;
  const name = functionName(id);
  const apply = <T extends FloatArray>(x: T, options: VectorFunctionOptions<T> = {}): T => {
    if (floatArrayKind(x) === undefined) {
      const hint = typeof x === 'number' ? `${id} acts on a whole vector: pass a Float64Array` : Array.isArray(x) ? 'convert a number[] with Float64Array.from(x)' : undefined;
      throw new InvalidArgumentError(name, 'x', 'a Float64Array or a Float32Array', x, hint);
    }
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(name, 'options', 'an object { rowLength?, out? }', options);
    const { rowLength, out } = options;
    return forward(definition, x, { ...(rowLength !== undefined ? { rowLength } : {}), ...(out !== undefined ? { out } : {}) });
  };
  return Object.freeze(Object.assign(apply, { id, definition }));
}

/** Logistic sigmoid 1/(1 + e^{−z}) (Rumelhart, Hinton, Williams 1986). */
export const sigmoid = elementwise('sigmoid');
/** tanh z (LeCun et al. 1998, Efficient BackProp). */
export const tanh = elementwise('tanh');
/** ReLU max(0, z) (Nair, Hinton 2010). */
export const relu = elementwise('relu');
/** Leaky ReLU: z for z > 0, α·z otherwise; `negative_slope` α = 0.01 as PyTorch and JAX (TF.js 0.2, Keras 3 0.2) (Maas et al. 2013). */
export const leakyRelu = elementwise('leaky_relu');
/** PReLU: z for z > 0, a·z otherwise, `slope` a = 0.25 (PyTorch's initial value) (He et al. 2015). */
export const prelu = elementwise('prelu');
/** ELU: z for z > 0, α(e^z − 1) otherwise, `alpha` = 1 (Clevert et al. 2016). */
export const elu = elementwise('elu');
/** SELU λ·ELU(z; α) with the self-normalising constants (Klambauer et al. 2017). */
export const selu = elementwise('selu');
/** Swish z·σ(βz), `beta` = 1 is SiLU (Ramachandran et al. 2017; Elfwing et al. 2018). */
export const swish = elementwise('swish');
/** GELU z·Φ(z), exact (erf form), PyTorch's default (Hendrycks, Gimpel 2016). */
export const gelu = elementwise('gelu');
/** GELU's tanh approximation, JAX's default gelu (Hendrycks, Gimpel 2016). */
export const geluTanh = elementwise('gelu_tanh');
/** The identity z. */
export const linear = elementwise('linear');
/** Softplus log(1 + e^{βz})/β, `beta` = 1, exact everywhere (no threshold) (Dugas et al. 2001). */
export const softplus = elementwise('softplus');
/** log σ(z) = −softplus(−z). */
export const logSigmoid = elementwise('log_sigmoid');
/** Mish z·tanh(softplus z) (Misra 2019). */
export const mish = elementwise('mish');
/** CELU: z for z > 0, α(e^{z/α} − 1) otherwise, `alpha` = 1 (Barron 2017). */
export const celu = elementwise('celu');
/** ReLU6 min(max(0, z), 6) (Howard et al. 2017). */
export const relu6 = elementwise('relu6');
/** HardTanh clip(z, min_val, max_val), −1 and 1 by default (Collobert 2004). */
export const hardTanh = elementwise('hard_tanh');
/** HardSigmoid clip(slope·z + offset, 0, 1): slope 1/6 as PyTorch, JAX and Keras 3 (TF.js: 0.2) (Courbariaux et al. 2015). */
export const hardSigmoid = elementwise('hard_sigmoid');
/** HardSwish z·relu6(z + 3)/6 (Howard et al. 2019, MobileNetV3). */
export const hardSwish = elementwise('hard_swish');
/** Softsign z/(1 + |z|) (Glorot, Bengio 2010). */
export const softsign = elementwise('softsign');
/** Squareplus (z + √(z² + b))/2, `b` = 4 (Barron 2021). */
export const squareplus = elementwise('squareplus');
/** Tanhshrink z − tanh z. */
export const tanhshrink = elementwise('tanhshrink');
/** Softshrink: z ∓ λ outside [−λ, λ], 0 inside, `lambda` = 0.5 (PyTorch's lambd) (Donoho 1995). */
export const softshrink = elementwise('softshrink');
/** Hardshrink: z outside [−λ, λ], 0 inside, `lambda` = 0.5 (PyTorch's lambd). */
export const hardshrink = elementwise('hardshrink');
/** Threshold: z above `threshold`, `value` at or below it (both 0 by default: ReLU) (PyTorch nn.Threshold). */
export const threshold = elementwise('threshold');
/** RReLU in evaluation mode: slope (lower + upper)/2 for z ≤ 0 (Xu et al. 2015); training mode: rreluTrain. */
export const rrelu = elementwise('rrelu');
/** Snake z + sin²(αz)/α, `alpha` = 1, learnable (Liu Ziyin et al. 2020; BigVGAN). */
export const snake = elementwise('snake');
/** softmax(x)_i = e^{x_i}/Σ_j e^{x_j} along rows of `rowLength` (Bridle 1990). */
export const softmax = vector('softmax');
/** log softmax(x)_i = x_i − log Σ_j e^{x_j} along rows of `rowLength`. */
export const logSoftmax = vector('log_softmax');
/** GLU a ⊙ σ(b) for the halves [a, b] of each row (Dauphin et al. 2017). */
export const glu = vector('glu');
/** SwiGLU a ⊙ swish(b) (Shazeer 2020). */
export const swiglu = vector('swiglu');
/** GEGLU a ⊙ gelu(b) (Shazeer 2020). */
export const geglu = vector('geglu');
/** ReGLU a ⊙ relu(b) (Shazeer 2020). */
export const reglu = vector('reglu');
