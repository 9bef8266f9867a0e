/**
 * A float32 multilayer-perceptron classifier built for speed: its parameters, Adam moments and
 * every per-batch buffer are allocated once, in the WebAssembly module's memory where the
 * kernels run (so the matrix products and the activation kernels read and write them in place),
 * in ordinary arrays on the TypeScript path.
 * @module
 */
import { getElementwise, resolveParams } from '../../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../../activations/types.js';
import { InvalidParameterError, ShapeError } from '../../errors.js';
import { createRng } from '../../math/rng.js';
import { wasmKernels, type WasmKernels } from '../../wasm/index.js';
import { Gemm, packedLength, scratchLength } from './gemm.js';
import { hiddenInitialiser, type ClassifierInit } from './init.js';

export type { ClassifierInit } from './init.js';


/** What {@link createClassifier} takes. */
export interface ClassifierSpec {
  /** Input features (784 for 28×28 images). */
  readonly inputs: number;
  /** Widths of the hidden layers, e.g. [256, 128]; may be empty (softmax regression). */
  readonly hidden: readonly number[];
  /** Classes (units of the output layer, whose logits feed softmax cross-entropy). */
  readonly classes: number;
  /** Elementwise activation of every hidden layer: a registry id or alias, or a formula in z. */
  readonly activation: string;
  /** The activation's parameters (defaults fill in what is missing). */
  readonly params?: Readonly<Record<string, number>>;
  /** Seed of the initial weights (the `default` generator, xoshiro128**). */
  readonly seed: number;
  /**
   * `auto` (default): as the advisor pairs initialisers with activations — LeCun for SELU,
   * Xavier for sigmoid (gain 1) and tanh (gain 1/√E[tanh(z)²]), He for everything else with
   * the activation's variance-preserving gain 1/√E[f(z)²] at N(0, 1) (√2 for ReLU). `he`,
   * `lecun`, `xavier` force a scheme (He and Xavier with that gain).
   */
  readonly init?: ClassifierInit;
  /** Rows of the largest batch the buffers hold at first (default 256; they grow on demand). */
  readonly capacity?: number;
}

/** One dense layer's place in the flat parameter array. */
export interface ClassifierLayer {
  readonly inputs: number;
  readonly units: number;
  /** Offset of the weight matrix (units × inputs, row-major: one unit per row) in the flat parameters. */
  readonly weightAt: number;
  /** Offset of the bias (units) in the flat parameters. */
  readonly biasAt: number;
  /** The scheme and standard deviation its weights were drawn with. */
  readonly init: { readonly scheme: 'he' | 'lecun' | 'xavier'; readonly std: number };
}

/** Per-batch buffers (rows = capacity). Index l is layer l; `activations[0]` is the input batch. */
export interface Workspace {
  readonly capacity: number;
  /** activations[0]: the inputs; activations[l + 1]: hidden layer l's output f(z). */
  readonly activations: Float32Array[];
  /** Pre-activations z of every layer (the last: logits). */
  readonly pre: Float32Array[];
  /** ∂L/∂z of every layer (filled from ∂L/∂a in place). */
  readonly grads: Float32Array[];
  /** f′(z) of each hidden layer. */
  readonly slopes: Float32Array[];
  /** All ones (the seed of f′ = backward(z, 1)). */
  readonly ones: Float32Array;
  /** δᵀ of the current layer (units × rows). */
  readonly deltaT: Float32Array;
  readonly packed: Float32Array;
  readonly scratch: Float32Array;
}

/** A classifier made by {@link createClassifier}. Treat as opaque; read it through the functions. */
export interface Classifier {
  readonly spec: ClassifierSpec;
  readonly activation: ElementwiseActivation;
  readonly params: ParamValues;
  readonly layers: readonly ClassifierLayer[];
  /** Total trainable parameters. */
  readonly parameterCount: number;
  /** Adam's step count (batches trained). */
  step: number;
  /** @internal the flat arrays and buffers; rebuilt views when the module's memory grows. */
  state: ClassifierState;
}

/** @internal */
export interface ClassifierState {
  readonly gemm: Gemm;
  /** The memory these views were taken from (rebuild when it changed). */
  buffer: ArrayBufferLike | undefined;
  block: number | undefined;
  /** Weights then bias of each layer, in order. */
  parameters: Float32Array;
  gradients: Float32Array;
  moment1: Float32Array;
  moment2: Float32Array;
  workspace: Workspace;
  readonly layout: Layout;
  readonly capacity: number;
  /** Column sums of δ (float64, one per unit of the widest layer). */
  readonly sums: Float64Array;
  /** Where the backward pass marks live units when no tally is kept. */
  readonly scratchAlive: Uint8Array;
}

const ALIGN = 4; // floats: 16 bytes

/** The buffers' names and sizes in floats, in allocation order. */
interface Layout {
  readonly names: readonly string[];
  readonly sizes: readonly number[];
}

function layoutOf(layers: readonly ClassifierLayer[], inputs: number, capacity: number, parameterCount: number, wasm: boolean): Layout {
  const names: string[] = [];
  const sizes: number[] = [];
  const add = (name: string, size: number) => {
    names.push(name);
    sizes.push(Math.ceil(size / ALIGN) * ALIGN);
  };
  for (const name of ['parameters', 'gradients', 'moment1', 'moment2']) add(name, parameterCount);
  add('a0', capacity * inputs);
  let maxUnits = 1;
  let maxPacked = 0;
  let maxDepth = capacity;
  layers.forEach((layer, l) => {
    const hidden = l < layers.length - 1;
    add(`z${l}`, capacity * layer.units);
    add(`g${l}`, capacity * layer.units);
    if (hidden) add(`a${l + 1}`, capacity * layer.units);
    if (hidden) add(`s${l}`, capacity * layer.units);
    maxUnits = Math.max(maxUnits, layer.units);
    maxDepth = Math.max(maxDepth, layer.inputs, layer.units);
    // W (units×inputs), xᵀ (inputs × rows) and Wᵀ (inputs × units) are the packed operands.
    maxPacked = Math.max(maxPacked, packedLength(wasm, layer.units, layer.inputs), packedLength(wasm, layer.inputs, capacity), packedLength(wasm, layer.inputs, layer.units));
  });
  add('ones', capacity * maxUnits);
  add('deltaT', capacity * maxUnits);
  add('packed', maxPacked);
  add('scratch', scratchLength(maxDepth));
  return { names, sizes };
}

/** Views of every buffer: over the module's memory from byte `block` on, or new arrays. */
function viewsOf(layout: Layout, kernels: WasmKernels | undefined, block: number | undefined): (name: string) => Float32Array {
  const views = new Map<string, Float32Array>();
  let offset = block ?? 0;
  layout.names.forEach((name, i) => {
    const size = layout.sizes[i] as number;
    views.set(name, kernels ? new Float32Array(kernels.exports.memory.buffer, offset, size) : new Float32Array(size));
    offset += 4 * size;
  });
  return (name) => views.get(name) as Float32Array;
}

/** Points the state's arrays at the views `get` gives. */
function assignViews(state: ClassifierState, get: (name: string) => Float32Array, layers: number): void {
  state.parameters = get('parameters');
  state.gradients = get('gradients');
  state.moment1 = get('moment1');
  state.moment2 = get('moment2');
  const indices = Array.from({ length: layers }, (_, l) => l);
  state.workspace = {
    capacity: state.capacity,
    activations: indices.map((l) => get(`a${l}`)),
    pre: indices.map((l) => get(`z${l}`)),
    grads: indices.map((l) => get(`g${l}`)),
    slopes: indices.slice(0, -1).map((l) => get(`s${l}`)),
    ones: get('ones'),
    deltaT: get('deltaT'),
    packed: get('packed'),
    scratch: get('scratch'),
  };
}

/** Allocates every buffer for batches of `capacity` rows; keeps parameters and moments of `previous` (then released). */
export function allocateState(model: { layers: readonly ClassifierLayer[]; parameterCount: number; spec: ClassifierSpec }, capacity: number, previous?: ClassifierState): ClassifierState {
  const kernels = previous ? previous.gemm.kernels : wasmKernels();
  const layout = layoutOf(model.layers, model.spec.inputs, capacity, model.parameterCount, kernels !== undefined);
  const total = layout.sizes.reduce((a, b) => a + b, 0);
  const block = kernels ? kernels.allocate(total * 4) : undefined;
  // The heap hands blocks back with their old contents: biases and Adam's moments start at 0.
  if (kernels) new Float32Array(kernels.exports.memory.buffer, block, total).fill(0);
  const empty = new Float32Array(0);
  const maxUnits = Math.max(...model.layers.map((layer) => layer.units));
  const state: ClassifierState = {
    gemm: previous?.gemm ?? new Gemm(kernels),
    buffer: kernels?.exports.memory.buffer,
    block,
    layout,
    capacity,
    sums: new Float64Array(maxUnits),
    scratchAlive: new Uint8Array(maxUnits),
    parameters: empty,
    gradients: empty,
    moment1: empty,
    moment2: empty,
    workspace: { capacity, activations: [], pre: [], grads: [], slopes: [], ones: empty, deltaT: empty, packed: empty, scratch: empty },
  };
  assignViews(state, viewsOf(layout, kernels, block), model.layers.length);
  state.workspace.ones.fill(1);
  if (previous) {
    // Allocating may have grown the memory: take the old block's views again before copying.
    const old = currentState(previous, model.layers.length);
    for (const key of ['parameters', 'moment1', 'moment2'] as const) state[key].set(old[key]);
    if (kernels && old.block !== undefined) kernels.release(old.block);
  }
  return state;
}

/**
 * The state with live views: if the module's memory grew since the views were taken (growth
 * detaches every view), they are taken again over the same offsets, in place.
 */
export function currentState(state: ClassifierState, layers: number): ClassifierState {
  const kernels = state.gemm.kernels;
  if (!kernels || state.block === undefined || kernels.exports.memory.buffer === state.buffer) return state;
  assignViews(state, viewsOf(state.layout, kernels, state.block), layers);
  state.buffer = kernels.exports.memory.buffer;
  return state;
}

function checkWidth(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65536) {
    throw new InvalidParameterError('createClassifier', name, value, 'an integer in [1, 65536]');
  }
  return value;
}

/**
 * A classifier `inputs → hidden… → classes` with one elementwise activation in every hidden
 * layer, softmax cross-entropy on the logits, biases zero and weights drawn (layer by layer, in
 * row-major order) from the `default` generator seeded with `spec.seed`: the same spec gives
 * the same bits. Release its WebAssembly memory with {@link disposeClassifier} when done.
 * @throws {InvalidParameterError} for widths that are not integers in [1, 65536], an unknown
 *   `init`, a seed outside [0, 2³² − 1]; {@link UnknownActivationError} and
 *   {@link FormulaError} for the activation (it must be elementwise).
 */
export function createClassifier(spec: ClassifierSpec): Classifier {
  const inputs = checkWidth('inputs', spec.inputs);
  const hidden = (spec.hidden ?? []).map((w, i) => checkWidth(`hidden[${i}]`, w));
  const classes = checkWidth('classes', spec.classes);
  const choice = spec.init ?? 'auto';
  if (!['auto', 'he', 'lecun', 'xavier'].includes(choice)) throw new InvalidParameterError('createClassifier', 'init', choice, "'auto', 'he', 'lecun' or 'xavier'");
  const capacity = spec.capacity === undefined ? 256 : checkWidth('capacity', spec.capacity);
  const activation = getElementwise(spec.activation);
  const given = spec.params ?? {};
  const params = resolveParams(activation, given);
  const random = createRng('default', spec.seed);
  const hiddenScheme = hidden.length > 0 ? hiddenInitialiser(activation, given, choice) : { scheme: 'xavier' as const, gain: 1 };
  const widths = [inputs, ...hidden, classes];
  const layers: ClassifierLayer[] = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const fanIn = widths[l] as number;
    const units = widths[l + 1] as number;
    const { scheme, gain: g } = l + 1 < widths.length - 1 ? hiddenScheme : { scheme: 'xavier' as const, gain: 1 };
    const std = scheme === 'he' ? g / Math.sqrt(fanIn) : scheme === 'lecun' ? 1 / Math.sqrt(fanIn) : g * Math.sqrt(2 / (fanIn + units));
    layers.push({ inputs: fanIn, units, weightAt: at, biasAt: at + fanIn * units, init: { scheme, std } });
    at += fanIn * units + units;
  }
  const base = { spec, layers, parameterCount: at };
  const state = allocateState(base, capacity);
  for (const layer of layers) random.fillNormal(state.parameters.subarray(layer.weightAt, layer.biasAt), layer.init.std);
  return { ...base, activation, params, step: 0, state };
}

/** Returns the classifier's WebAssembly memory to the heap; the classifier must not be used afterwards. */
export function disposeClassifier(model: Classifier): void {
  const { gemm, block } = model.state;
  if (gemm.kernels && block !== undefined) gemm.kernels.release(block);
  model.state.block = undefined;
}

/** Copies of each layer's weight (units × inputs, row-major) and bias. */
export function classifierWeights(model: Classifier): { weight: Float32Array; bias: Float32Array }[] {
  const { parameters } = currentState(model.state, model.layers.length);
  return model.layers.map((layer) => ({
    weight: parameters.slice(layer.weightAt, layer.biasAt),
    bias: parameters.slice(layer.biasAt, layer.biasAt + layer.units),
  }));
}

/** Makes sure the buffers hold batches of `rows`; returns the live state. */
export function stateFor(model: Classifier, rows: number): ClassifierState {
  const state = currentState(model.state, model.layers.length);
  if (rows <= state.workspace.capacity) return state;
  model.state = allocateState(model, Math.max(rows, 2 * state.workspace.capacity), state);
  return model.state;
}

/**
 * Writes weights (as {@link classifierWeights} returns them) back into the classifier — e.g. the
 * best epoch's, kept for early stopping. Adam's moments and step count are left as they are.
 * @throws {ShapeError} unless there is one entry per layer with the layer's weight and bias lengths.
 */
export function setClassifierWeights(model: Classifier, layers: readonly { readonly weight: Float32Array; readonly bias: Float32Array }[]): void {
  if (layers.length !== model.layers.length) throw new ShapeError(`setClassifierWeights: ${layers.length} layers given, the classifier has ${model.layers.length}`);
  const { parameters } = currentState(model.state, model.layers.length);
  model.layers.forEach((layer, l) => {
    const { weight, bias } = layers[l] as { weight: Float32Array; bias: Float32Array };
    if (weight.length !== layer.biasAt - layer.weightAt || bias.length !== layer.units) {
      throw new ShapeError(`setClassifierWeights: layer ${l} needs a weight of ${layer.units}×${layer.inputs} and a bias of ${layer.units}, got lengths ${weight.length} and ${bias.length}`);
    }
    parameters.set(weight, layer.weightAt);
    parameters.set(bias, layer.biasAt);
  });
}
