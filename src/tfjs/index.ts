/**
 * TensorFlow.js interop (`actlab/tfjs`): any actlab activation as a TF.js op whose gradient is
 * actlab's exact derivative, and as a layer for `tf.sequential()`.
 *
 * TF.js is never imported here: you pass your `tf` namespace in, so this works with
 * `@tensorflow/tfjs` or with `@tensorflow/tfjs-core` plus any backend (the layer needs
 * `tf.layers`, i.e. `@tensorflow/tfjs` or tfjs-layers). Values and gradients are computed by
 * actlab's array kernels ({@link forward}, {@link backward}) on the tensor's data, so they are
 * the same bits as `forward(id, float32Array)` — read back with `dataSync()`, which on a GPU
 * backend costs a download per call.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { tfjsActivation, tfjsActivationLayer } from 'actlab/tfjs';
 *
 * const gelu = tfjsActivation(tf, 'gelu');               // exact GELU, x·Φ(x)
 * const x = tf.tensor([-1, 0, 1]);
 * gelu(x).arraySync();             // [-0.1586553, 0, 0.8413448]
 * tf.grad(gelu)(x).arraySync();    // [-0.0833155, 0.5, 1.0833155]  (Φ(x) + x·φ(x))
 *
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [4], units: 8 }),
 *   tfjsActivationLayer(tf, 'swiglu'),                   // halves the last axis, 8 to 4
 *   tf.layers.dense({ units: 1 }),
 * ] });
 * model.outputShape;               // [null, 1]
 * ```
 * @module
 */
import '../formula/install.js'; // formulas wherever an activation is named
import { resolveParams, type Activation, type ElementwiseActivation, type ParamValues } from '../activations/index.js';
import { InvalidArgumentError, ShapeError, UnsupportedOperationError } from '../errors.js';
import { backward, forward } from '../kernels/index.js';
import { checkActivation, checkParams } from '../kernels/validate.js';

/** What actlab reads from a tensor. */
export interface TfjsTensorLike {
  readonly shape: number[];
  readonly dtype: string;
  readonly size: number;
  dataSync(): ArrayLike<number>;
}

/**
 * The part of the TF.js namespace that {@link tfjsActivation} uses: `import * as tf from
 * '@tensorflow/tfjs'` (or `'@tensorflow/tfjs-core'`) fits it. Typed structurally (with `any`
 * where TF.js's own generics would need its types) so that actlab's declarations do not
 * depend on TF.js being installed; the op's tensor type comes from the `tf` passed in.
 */
export interface TfjsCore {
  readonly Tensor: abstract new (...args: any[]) => TfjsTensorLike;
  customGrad(f: (...args: any[]) => { value: any; gradFunc: (dy: any, saved: any[]) => any }): (...args: any[]) => any;
  tensor(values: Float32Array, shape: number[], dtype: 'float32'): any;
}

/** The namespace {@link tfjsActivationLayer} needs: {@link TfjsCore} plus `tf.layers.Layer` (`@tensorflow/tfjs`). */
export interface TfjsWithLayers extends TfjsCore {
  readonly layers: {
      readonly Layer: abstract new (args?: any) => any;
  };
  readonly serialization?: {
      registerClass(cls: any): void;
  };
}

/** The tensor type of the `tf` passed in. */
export type TensorOf<TF extends TfjsCore> = InstanceType<TF['Tensor']>;
/** The layer type of the `tf` passed in. */
export type LayerOf<TF extends TfjsWithLayers> = InstanceType<TF['layers']['Layer']>;

const NAMESPACE = "the TensorFlow.js namespace (import * as tf from '@tensorflow/tfjs' or '@tensorflow/tfjs-core')";

function checkCore(fn: string, tf: unknown): TfjsCore {
  const candidate = tf as Partial<Record<string, unknown>> | null;
  const ok =
    (typeof candidate === 'object' || typeof candidate === 'function') &&
    candidate !== null &&
    typeof candidate.Tensor === 'function' &&
    typeof candidate.customGrad === 'function' &&
    typeof candidate.tensor === 'function';
  if (!ok) throw new InvalidArgumentError(fn, 'tf', `${NAMESPACE}, with Tensor, customGrad and tensor`, tf);
  return tf as TfjsCore;
}

function checkLayers(fn: string, tf: unknown): TfjsWithLayers {
  const core = checkCore(fn, tf) as TfjsWithLayers;
  const layers = (core as { layers?: { Layer?: unknown } }).layers;
  if (typeof layers !== 'object' || layers === null || typeof layers.Layer !== 'function') {
    throw new InvalidArgumentError(
      fn,
      'tf',
      "a TensorFlow.js namespace with layers (import * as tf from '@tensorflow/tfjs'; tfjs-core alone has no tf.layers)",
      tf,
      'use tfjsActivation for the op alone',
    );
  }
  return core;
}

/** Activation and parameters, checked by the registry. */
function resolve(fn: string, id: unknown, params: unknown): { definition: Activation; values: ParamValues } {
  const definition = checkActivation(fn, id);
  const values = params === undefined ? resolveParams(definition, {}) : checkParams(fn, 'params', definition, params, 'an object of parameter values (or undefined)');
  return { definition, values };
}

/** x as a float32 tensor of the given tf, or a typed error saying what is allowed. */
function checkTensor(fn: string, tf: TfjsCore, x: unknown): TfjsTensorLike {
  if (!(x instanceof tf.Tensor)) {
    const looksLikeTensor = typeof x === 'object' && x !== null && typeof (x as { dataSync?: unknown }).dataSync === 'function';
    const hint = looksLikeTensor ? 'a tensor of another copy of TF.js: pass that copy as tf' : 'wrap it with tf.tensor(x)';
    throw new InvalidArgumentError(fn, 'x', 'a float32 tf.Tensor of the tf passed in', x, hint);
  }
  if (x.dtype !== 'float32') {
    throw new InvalidArgumentError(fn, 'x', 'a float32 tf.Tensor', x, `this one is ${x.dtype}: convert it with tf.cast(x, 'float32')`);
  }
  return x;
}

/** The tensor's data as a Float32Array (TF.js float32 data is one; copied otherwise). */
function float32Data(x: TfjsTensorLike): Float32Array {
  const data = x.dataSync();
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** Shape of the result of a vector activation along the last axis of `shape`. */
function vectorOutputShape(fn: string, definition: Activation, shape: readonly number[]): number[] {
  if (definition.kind !== 'vector') return [...shape];
  if (shape.length === 0) throw new ShapeError(`${fn}: ${definition.id} acts along the last axis: it needs a tensor of rank ≥ 1, got a scalar`);
  const n = shape[shape.length - 1] as number;
  if (n > 0) {
    const problem = definition.checkLength(n);
    if (problem) throw new ShapeError(`${fn}: ${problem} (the last axis of a tensor of shape [${shape.join(', ')}])`);
  }
  return [...shape.slice(0, -1), n === 0 ? 0 : definition.outputLength(n)];
}

/**
 * A TF.js op computing actlab's activation `id`, with actlab's exact derivative as its gradient.
 *
 * The returned function takes a float32 tensor of any shape and returns a float32 tensor:
 * elementwise activations keep the shape; vector ones (softmax, log_softmax, glu, swiglu,
 * geglu, reglu) act along the last axis, whose length the gated family halves. Under
 * `tf.grad` the gradient is actlab's {@link backward}: dy·f′(x) for elementwise activations,
 * the vector–Jacobian product Jᵀ·dy for vector ones — bit for bit what `backward(id,
 * Float32Array, dy)` returns. Second derivatives (`tf.grad` of a `tf.grad`) are exact for
 * elementwise activations (f″ from the definition); a third derivative, or a second one of a
 * vector activation, throws {@link UnsupportedOperationError}.
 *
 * Parameters are constants of the op (PReLU's slope is not trained here; RReLU uses its
 * evaluation-mode slope). Values at kinks follow actlab's kink conventions (PyTorch's).
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { tfjsActivation } from 'actlab/tfjs';
 * const elu = tfjsActivation(tf, 'elu', { alpha: 0.5 });
 * const x = tf.tensor([-2, 0.5]);
 * elu(x).arraySync();             // [-0.4323324, 0.5]
 * tf.grad(elu)(x).arraySync();    // [0.0676676, 1]  (α·eᶻ for z ≤ 0)
 * const logSoftmax = tfjsActivation(tf, 'log_softmax');  // along the last axis
 * logSoftmax(tf.tensor([[1, 2, 3]])).arraySync();        // [[-2.4076059, -1.407606, -0.407606]]
 * ```
 * @param tf the TF.js namespace (`@tensorflow/tfjs`, or `@tensorflow/tfjs-core` with a backend).
 * @param id an activation id or alias ({@link getActivation}), or a definition object.
 * @param params parameter values; defaults fill in what is missing.
 * @throws {InvalidArgumentError} if `tf` is not a TF.js namespace (code `INVALID_ARGUMENT`);
 *   the returned op throws it for an argument that is not a float32 tensor of this `tf`.
 * @throws {UnknownActivationError}, {@link InvalidParameterError} for the activation and its parameters.
 * @throws {ShapeError} (from the op) for a scalar given to a vector activation, or a last axis
 *   the activation does not accept (an odd length for the gated family).
 */
export function tfjsActivation<TF extends TfjsCore>(tf: TF, id: string | Activation, params?: Readonly<Record<string, number>>): (x: TensorOf<TF>) => TensorOf<TF> {
  const fn = 'tfjsActivation';
  const core = checkCore(fn, tf);
  const { definition, values } = resolve(fn, id, params);
  const opName = `${fn}(${definition.id})`;
  const rowOptions = (shape: readonly number[]) => ({ params: values, rowLength: shape.length > 0 && definition.kind === 'vector' ? shape[shape.length - 1] : undefined });

  // Beyond f″ actlab has no exact derivative: this op refuses to be differentiated again.
  const curvatureOp = core.customGrad((x: TfjsTensorLike, dy: TfjsTensorLike, g: TfjsTensorLike) => {
    const elementwise = definition as ElementwiseActivation;
    const xs = float32Data(x);
    const dys = float32Data(dy);
    const gs = float32Data(g);
    const out = new Float32Array(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = (gs[i] as number) * (dys[i] as number) * elementwise.d2f(xs[i] as number, values);
    return {
      value: core.tensor(out, [...x.shape], 'float32'),
      gradFunc: () => {
        throw new UnsupportedOperationError(`${opName}: third derivatives are not available (actlab defines f, f′ and f″)`);
      },
    };
  });

  // The gradient as an op of (x, dy) whose own gradient is known, so that tf.grad(tf.grad(op))
  // is exact for elementwise activations instead of a silent zero.
  const gradientOp: (x: TfjsTensorLike, dy: TfjsTensorLike) => TfjsTensorLike = core.customGrad(
    (x: TfjsTensorLike, dy: TfjsTensorLike, save: (tensors: unknown[]) => void) => {
      save([x, dy]);
      const xs = float32Data(x);
      const gradIn = xs.length === 0 ? new Float32Array(0) : backward(definition, xs, float32Data(dy), rowOptions(x.shape)).gradIn;
      return {
        value: core.tensor(gradIn, [...x.shape], 'float32'),
        gradFunc: (g: TfjsTensorLike, saved: TfjsTensorLike[]) => {
          if (definition.kind !== 'elementwise') {
            throw new UnsupportedOperationError(`${opName}: second derivatives of ${definition.id} are not available (actlab has its vector–Jacobian product only)`);
          }
          const [xSaved, dySaved] = saved as [TfjsTensorLike, TfjsTensorLike];
          // ∂(dy·f′(x))/∂x = dy·f″(x) and ∂(dy·f′(x))/∂dy = f′(x), each times the incoming g.
          return [curvatureOp(xSaved, dySaved, g), gradientOp(xSaved, g)];
        },
      };
    },
  );

  const op = core.customGrad((x: TfjsTensorLike, save: (tensors: unknown[]) => void) => {
    save([x]);
    const shape = vectorOutputShape(opName, definition, x.shape);
    const xs = float32Data(x);
    const y = x.size === 0 ? new Float32Array(0) : forward(definition, xs, rowOptions(x.shape));
    return {
      value: core.tensor(y, shape, 'float32'),
      gradFunc: (dy: TfjsTensorLike, saved: TfjsTensorLike[]) => gradientOp(saved[0] as TfjsTensorLike, dy),
    };
  });

  const apply = (x: TensorOf<TF>): TensorOf<TF> => op(checkTensor(opName, core, x)) as TensorOf<TF>;
  Object.defineProperty(apply, 'name', { value: definition.id });
  return apply;
}

/** Arguments of an actlab activation layer: the activation, its parameters and TF.js's own layer arguments. */
export interface TfjsActivationLayerArgs {
  /** An activation id or alias (stored as its canonical id). */
  readonly activation: string;
  readonly params?: Readonly<Record<string, number>>;
  /** TF.js layer arguments: `name`, `inputShape`, `trainable`, … */
  readonly [layerArgument: string]: unknown;
}

/** What the layer class adds to TF.js's `Layer`. */
export interface TfjsActivationLayerFields {
  /** Canonical id of the activation. */
  readonly activation: string;
  /** Every parameter value, defaults filled in. */
  readonly params: ParamValues;
}

/** Shape as TF.js layers write it: `null` for an unknown size (the batch). */
type LayerShape = (number | null)[];

/** `leakyRelu` → `leaky_relu`: undoes TF.js's camel-casing of a loaded config. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** One class per TF.js copy (its Layer and serialization registry are that copy's). */
const layerClasses = new WeakMap<object, new (args: TfjsActivationLayerArgs) => unknown>();

/** The layer's class name in saved models (`model.toJSON()`, `tf.loadLayersModel`). */
export const TFJS_LAYER_CLASS_NAME = 'ActlabActivation';

/**
 * The layer class behind {@link tfjsActivationLayer} for this `tf`, registered with
 * `tf.serialization.registerClass` under {@link TFJS_LAYER_CLASS_NAME}. Call it before
 * `tf.loadLayersModel` of a model saved with actlab layers (creating a layer registers it too).
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { tfjsActivationLayer, tfjsActivationLayerClass } from 'actlab/tfjs';
 * const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4 }), tfjsActivationLayer(tf, 'gelu')] });
 * const topology = JSON.parse(model.toJSON() as string); // or model.save(…)
 * // In a program that loads the model: register the class first.
 * tfjsActivationLayerClass(tf);
 * const loaded = await tf.models.modelFromJSON(topology);
 * loaded.layers[1]?.getConfig().activation;             // 'gelu'
 * ```
 * @throws {InvalidArgumentError} if `tf` has no `tf.layers.Layer` (tfjs-core alone).
 */
export function tfjsActivationLayerClass<TF extends TfjsWithLayers>(tf: TF): new (args: TfjsActivationLayerArgs) => LayerOf<TF> & TfjsActivationLayerFields {
  return layerClass('tfjsActivationLayerClass', tf) as new (args: TfjsActivationLayerArgs) => LayerOf<TF> & TfjsActivationLayerFields;
}

// size: the layer class is defined inside, once per TF.js copy (its base class is the `tf` passed
// in); its methods are a few lines each.
function layerClass(fn: string, tf: unknown): new (args: TfjsActivationLayerArgs) => unknown {
  const namespace = checkLayers(fn, tf);
  const known = layerClasses.get(namespace.layers.Layer);
  if (known) return known;
  const Base = namespace.layers.Layer as unknown as new (args?: Record<string, unknown>) => any;

  class ActlabActivation extends Base implements TfjsActivationLayerFields {
    static readonly className = TFJS_LAYER_CLASS_NAME;
    declare readonly activation: string;
    declare readonly params: ParamValues;
    declare private readonly definition: Activation;
    declare private readonly op: (x: TfjsTensorLike) => TfjsTensorLike;

    constructor(args: TfjsActivationLayerArgs) {
      const layerFn = 'tfjsActivationLayer';
      if (typeof args !== 'object' || args === null) throw new InvalidArgumentError(layerFn, 'args', 'an object { activation, params?, …layer arguments }', args);
      const { activation, params, ...layerArgs } = args;
      if (typeof activation !== 'string') throw new InvalidArgumentError(layerFn, 'activation', 'an activation id or alias (a string, so that the layer serialises)', activation);
      const { definition, values } = resolve(layerFn, activation, params);
      super(layerArgs);
      Object.defineProperties(this, {
        activation: { value: definition.id, enumerable: true },
        params: { value: values, enumerable: true },
        definition: { value: definition },
        op: { value: tfjsActivation(namespace, definition, values) },
      });
      // A mask passes through an elementwise function unchanged; not through a change of the last axis.
      this.supportsMasking = definition.kind === 'elementwise';
    }

    /**
     * TF.js camel-cases every string and key of a loaded config (`leaky_relu` → `leakyRelu`,
     * `min_val` → `minVal`); actlab's names are snake_case, so loading turns them back before
     * the registry sees them (an alias such as `leakyRelu` may carry another framework's meaning).
     */
    static fromConfig(cls: new (args: TfjsActivationLayerArgs) => unknown, config: Record<string, unknown>): unknown {
      const { activation, params, ...rest } = config;
      const loadedParams =
        typeof params === 'object' && params !== null ? Object.fromEntries(Object.entries(params).map(([name, value]) => [snakeCase(name), value])) : params;
      return new cls({ ...rest, activation: typeof activation === 'string' ? snakeCase(activation) : activation, params: loadedParams } as TfjsActivationLayerArgs);
    }

    computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
      if (this.definition.kind === 'elementwise') return [...shape];
      const last = shape[shape.length - 1];
      if (shape.length === 0 || last === null || last === undefined) return [...shape];
      return vectorOutputShape(`tfjsActivationLayer(${this.activation})`, this.definition, shape as number[]);
    }

    call(inputs: TfjsTensorLike | TfjsTensorLike[]): TfjsTensorLike {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return this.op(x as TfjsTensorLike);
    }

    getConfig(): Record<string, unknown> {
      return { ...super.getConfig(), activation: this.activation, params: { ...this.params } };
    }
  }

  namespace.serialization?.registerClass(ActlabActivation);
  layerClasses.set(namespace.layers.Layer, ActlabActivation);
  return ActlabActivation;
}

/**
 * A TF.js layer applying actlab's activation `id` ({@link tfjsActivation}), for
 * `tf.sequential()` and the functional API. Elementwise activations keep the shape; vector
 * ones act along the last axis (the gated family halves it: `swiglu` maps 2·d features to d).
 * The layer has no weights; it serialises with `model.toJSON()` / `model.save()` as
 * `{ className: 'ActlabActivation', config: { activation, params, … } }`.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { tfjsActivationLayer } from 'actlab/tfjs';
 * const model = tf.sequential();
 * model.add(tf.layers.dense({ inputShape: [2], units: 16 }));
 * model.add(tfjsActivationLayer(tf, 'gelu'));               // exact GELU and GELU′
 * model.add(tf.layers.dense({ units: 1 }));
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * model.layers[1]?.getConfig();    // { activation: 'gelu', params: {}, … }
 * ```
 * @param tf the TF.js namespace with layers (`import * as tf from '@tensorflow/tfjs'`).
 * @param id an activation id or alias.
 * @param params parameter values; defaults fill in what is missing.
 * @param layerArgs TF.js layer arguments (`name`, `inputShape`, …).
 * @throws {InvalidArgumentError} if `tf` has no `tf.layers.Layer`, or `id` is not a string.
 * @throws {UnknownActivationError}, {@link InvalidParameterError} for the activation and its parameters.
 */
export function tfjsActivationLayer<TF extends TfjsWithLayers>(
  tf: TF,
  id: string,
  params?: Readonly<Record<string, number>>,
  layerArgs: Readonly<Record<string, unknown>> = {},
): LayerOf<TF> & TfjsActivationLayerFields {
  const Layer = layerClass('tfjsActivationLayer', tf) as new (args: TfjsActivationLayerArgs) => LayerOf<TF> & TfjsActivationLayerFields;
  if (typeof layerArgs !== 'object' || layerArgs === null) throw new InvalidArgumentError('tfjsActivationLayer', 'layerArgs', 'an object of TF.js layer arguments (name, inputShape, …)', layerArgs);
  return new Layer({ ...layerArgs, activation: id, ...(params === undefined ? {} : { params }) });
}
