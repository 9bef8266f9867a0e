/**
 * The dense (fully connected) layer: y = act(x·Wᵀ + b), with any activation from the registry.
 *
 * - Elementwise activations (`relu`, `gelu`, `prelu`, … and `linear`) act on each unit.
 *   Learnable activation parameters (PReLU's `slope`, one per layer as PyTorch's default
 *   `nn.PReLU()`) are trained like weights; their gradient comes from the kernels'
 *   `paramGradients`.
 * - Vector activations act on each row: the gated family (`glu`, `swiglu`, `geglu`, `reglu`)
 *   halves its input, so the layer's linear part has 2·units outputs — value half first, gate
 *   half second, as the registry's GLU convention; `softmax`/`log_softmax` keep the width.
 *
 * RReLU is used in its deterministic evaluation form (slope (lower + upper)/2): a training-mode
 * RReLU needs a random source in every forward pass, which this layer does not take.
 * @module
 */
import { getActivation, resolveParams } from '../activations/index.js';
import type { Activation, ParamValues } from '../activations/types.js';
import { gain as activationGain } from '../analysis/gain.js';
import { InvalidParameterError, ShapeError } from '../errors.js';
import { backward as kernelBackward, forward as kernelForward } from '../kernels/index.js';
import type { RandomSource } from '../math/random.js';
import { initialiseWeights, type InitSpec } from './init.js';
import { addRowVector, columnSums, matmul, matmulTransposeA, matmulTransposeB, matrix, type Matrix } from './matrix.js';

/** A trainable array and its gradient, as the optimisers take them. */
export interface Parameter {
  /** Human-readable name, e.g. `layer0.weight`. */
  readonly name: string;
  readonly value: Float64Array;
  readonly gradient: Float64Array;
}

/** Everything a {@link Dense} layer needs. */
export interface DenseOptions {
  readonly inputs: number;
  /** Output width (after the activation; a gated layer's linear part is twice as wide). */
  readonly units: number;
  /** Registry id or alias; default `linear`. */
  readonly activation?: string;
  /** Activation parameters; learnable ones (PReLU `slope`) start at this value. */
  readonly params?: Readonly<Record<string, number>>;
  /** Default `{ scheme: 'he', gain: 'auto' }`: std = g/√fan_in with g the activation's variance-preserving gain. */
  readonly init?: InitSpec;
  /** Source for the initial weights. */
  readonly random: RandomSource;
}

/**
 * The gate of each gated unit: a·g(b) with a, b independent N(0, 1) has E[(a·g(b))²] =
 * E[g(b)²], so the gated layer's variance-preserving gain is its gate's.
 */
const GATE_OF: Readonly<Record<string, string>> = { glu: 'sigmoid', swiglu: 'swish', geglu: 'gelu', reglu: 'relu' };

/**
 * The default initialisation — He with the activation's own gain — is variance-preserving for
 * every activation (He et al.'s √2 for ReLU, 1 for linear, computed for the rest). PyTorch's
 * `nn.Linear` (kaiming_uniform with a = √5, i.e. U(±1/√fan_in)) and Keras (glorot_uniform)
 * disagree with each other, so actlab takes the one with a derivation. Biases start at zero,
 * as in the chapter (PyTorch draws them from U(±1/√fan_in)).
 */
const DEFAULT_INIT: InitSpec = { scheme: 'he', gain: 'auto' };

/** A fully connected layer with an activation. */
export class Dense {
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  /** Width of the linear part z = x·Wᵀ + b: 2·units for the gated family, else units. */
  readonly preActivationUnits: number;
  /** W, preActivationUnits × inputs. */
  readonly weight: Matrix;
  readonly bias: Float64Array;
  /** dL/dW from the last {@link backward}, overwritten (not accumulated) by each call. */
  readonly weightGradient: Matrix;
  readonly biasGradient: Float64Array;
  /** Learnable activation parameters by name: value and gradient, each of length 1. */
  readonly activationParameters: Readonly<Record<string, { readonly value: Float64Array; readonly gradient: Float64Array }>>;
  private readonly fixedParams: ParamValues;
  private input: Matrix | undefined;
  private preActivation: Matrix | undefined;

  constructor(options: DenseOptions) {
    const { inputs, units } = options;
    for (const [name, value] of [
      ['inputs', inputs],
      ['units', units],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) throw new InvalidParameterError('dense layer', name, value, 'a positive integer');
    }
    this.inputs = inputs;
    this.units = units;
    this.activation = getActivation(options.activation ?? 'linear');
    this.preActivationUnits = preActivationWidth(this.activation, units);
    const params = resolveParams(this.activation, options.params ?? {});
    const learnable: Record<string, { value: Float64Array; gradient: Float64Array }> = {};
    const fixed: Record<string, number> = {};
    for (const [name, value] of Object.entries(params)) {
      if (this.activation.params[name]?.learnable) learnable[name] = { value: Float64Array.of(value), gradient: new Float64Array(1) };
      else fixed[name] = value;
    }
    this.activationParameters = learnable;
    this.fixedParams = fixed;
    this.weight = matrix(this.preActivationUnits, inputs);
    this.bias = new Float64Array(this.preActivationUnits);
    this.weightGradient = matrix(this.preActivationUnits, inputs);
    this.biasGradient = new Float64Array(this.preActivationUnits);
    const init = options.init ?? DEFAULT_INIT;
    initialiseWeights(this.weight, init, options.random, needsGain(init) ? this.variancePreservingGain(params) : 1);
  }

  /** The activation's variance-preserving gain 1/√E[f(z)²], z ~ N(0, 1) (1 for softmax). */
  private variancePreservingGain(params: ParamValues): number {
    if (this.activation.kind === 'elementwise') return activationGain(this.activation, params).gain;
    const gate = GATE_OF[this.activation.id];
    return gate ? activationGain(gate).gain : 1;
  }

  /** Current activation parameters, learnable ones at their trained values. */
  activationParams(): ParamValues {
    const values: Record<string, number> = { ...this.fixedParams };
    for (const [name, p] of Object.entries(this.activationParameters)) values[name] = p.value[0] as number;
    return values;
  }

  /** y = act(x·Wᵀ + b). Caches x and z for {@link backward}. */
  forward(x: Matrix): Matrix {
    if (x.cols !== this.inputs) throw new ShapeError(`dense layer: input has ${x.cols} columns, expected ${this.inputs}`);
    const z = matmulTransposeB(x, this.weight);
    addRowVector(z, this.bias, z);
    this.input = x;
    this.preActivation = z;
    const y = matrix(x.rows, this.units);
    kernelForward(this.activation, z.data, { params: this.activationParams(), out: y.data, rowLength: this.preActivationUnits });
    return y;
  }

  /**
   * Given dL/dy for the last forward's output, fills dL/dW, dL/db and the learnable activation
   * parameters' gradients, and returns dL/dx.
   */
  backward(gradOutput: Matrix): Matrix {
    const { input, preActivation } = this;
    if (!input || !preActivation) throw new ShapeError('dense layer: backward before forward');
    if (gradOutput.rows !== input.rows || gradOutput.cols !== this.units) {
      throw new ShapeError(`dense layer: gradient is ${gradOutput.rows}×${gradOutput.cols}, expected ${input.rows}×${this.units}`);
    }
    const gradPre = matrix(preActivation.rows, preActivation.cols);
    const { paramGradients } = kernelBackward(this.activation, preActivation.data, gradOutput.data, {
      params: this.activationParams(),
      out: gradPre.data,
      rowLength: this.preActivationUnits,
    });
    for (const [name, p] of Object.entries(this.activationParameters)) p.gradient[0] = paramGradients[name] ?? 0;
    matmulTransposeA(gradPre, input, this.weightGradient);
    columnSums(gradPre, this.biasGradient);
    return matmul(gradPre, this.weight);
  }

  /** Weight, bias and learnable activation parameters, named `${prefix}.weight` etc. */
  parameters(prefix = 'dense'): Parameter[] {
    const list: Parameter[] = [
      { name: `${prefix}.weight`, value: this.weight.data, gradient: this.weightGradient.data },
      { name: `${prefix}.bias`, value: this.bias, gradient: this.biasGradient },
    ];
    for (const [name, p] of Object.entries(this.activationParameters)) list.push({ name: `${prefix}.${name}`, value: p.value, gradient: p.gradient });
    return list;
  }

  /**
   * Which units are dead on the last forward's batch: a unit is dead when no gradient can reach
   * its weights through the activation for any sample — f′(z) = 0 for every row (for ReLU: its
   * output is exactly 0 for every sample; also a saturated hard_tanh/relu6 unit). A gated unit
   * a·g(b) is dead when both partials g(b) and a·g′(b) vanish for every row (ReGLU with b ≤ 0
   * throughout). Softmax units are never dead (their Jacobian is never zero).
   */
  deadUnits(): boolean[] {
    const z = this.preActivation;
    if (!z) throw new ShapeError('dense layer: deadUnits before forward');
    const dead = new Array<boolean>(this.units).fill(true);
    const params = this.activationParams();
    const activation = this.activation;
    if (activation.kind === 'elementwise') {
      for (let i = 0; i < z.rows; i++) {
        for (let j = 0; j < this.units; j++) {
          if (dead[j] && activation.df(z.data[i * z.cols + j] as number, params) !== 0) dead[j] = false;
        }
      }
      return dead;
    }
    if (!GATE_OF[activation.id]) return dead.fill(false);
    // Gated units do not mix, so a vector–Jacobian product with all-ones holds each unit's own
    // partials ∂y_j/∂a_j and ∂y_j/∂b_j.
    const ones = new Float64Array(z.rows * this.units).fill(1);
    const { gradIn } = kernelBackward(activation, z.data, ones, { params, rowLength: this.preActivationUnits });
    for (let i = 0; i < z.rows; i++) {
      for (let j = 0; j < this.units; j++) {
        const base = i * z.cols;
        if (dead[j] && ((gradIn[base + j] as number) !== 0 || (gradIn[base + this.units + j] as number) !== 0)) dead[j] = false;
      }
    }
    return dead;
  }

  /** The pre-activation z of the last forward pass (undefined before the first). */
  lastPreActivation(): Matrix | undefined {
    return this.preActivation;
  }
}

function needsGain(init: InitSpec): boolean {
  return typeof init === 'object' && 'gain' in init && init.gain === 'auto';
}

/** The linear part's width such that the activation maps it to `units` per row. */
function preActivationWidth(activation: Activation, units: number): number {
  if (activation.kind === 'elementwise') return units;
  for (const width of [units, 2 * units]) {
    if (activation.checkLength(width) === undefined && activation.outputLength(width) === units) return width;
  }
  throw new InvalidParameterError(activation.id, 'units', units, 'a width this vector activation can produce');
}
