/**
 * The WebAssembly SIMD backend: float32 forward and backward of every elementwise activation
 * but those the descriptor table marks TypeScript-only (Snake), and float64 of the
 * piecewise-linear family, in compiled kernels (assembly/kernels); which body computes which
 * activation, with which parameter layout, is src/kernels/descriptors.ts; the
 * float64 forward pass of sigmoid, swish and gelu_tanh in kernels that give the TypeScript
 * definitions' bits exactly (assembly/double: V8's Math.exp ported bit for bit); and
 * everything else — Float64Array data of the other smooth activations and float64 backward
 * passes of the smooth ones, vector activations, parameter gradients, activation objects that
 * are not the registry's own — in the plain TypeScript backend. Without WebAssembly (see {@link wasmKernels}) every call goes
 * to the TypeScript backend, with results that agree with the fixtures to the same bounds.
 *
 * Accuracy — two modes for the float32 kernels of the smooth activations, chosen with
 * {@link setKernelPrecision}:
 * - **'fast'** (the default): evaluated in float32 SIMD (four lanes per instruction) —
 *   a Cody–Waite reduced exponential with a degree-6 polynomial (~1 ULP), formulas arranged so
 *   that its error is damped rather than amplified (σ(u) = 2^{−k}/d with no rounded numerator)
 *   — with float64 SIMD kept for the steps float32 cannot hold (the f′ of sigmoid and tanh, the
 *   formulas of Mish′ and Swish′ with their root expansions), and vectors with an extreme lane (e.g. βx < −87, a result next
 *   to a kink) sent to the precise body: within 2 ULP for f and 4 ULP for f′ (gradOut·f′ with
 *   gradOut = 1) of the float64 definitions and of the mpmath fixtures (tools/check-kernels.mjs
 *   sweeps 2^23 inputs per activation). Fast bodies: sigmoid, tanh, ELU, SELU, CELU (ELU and
 *   CELU with a loop of their own at α = 1), Swish, softsign and hard-sigmoid forward (float32
 *   lanes, in a loop of its own, at slope 1/6 with 6·offset a float32 — its default; float64 lanes
 *   for any other slope or offset); sigmoid, tanh, ELU, SELU, CELU, Swish, softplus, log-sigmoid and Mish
 *   backward. Parameters the fast bodies cannot use exactly
 *   (an α that is not a float32, a β of Swish or softplus that is not a power of two) and every
 *   other activation take the precise body;
 * - **'precise'**: each float32 input widened to float64 (exactly), evaluated there with the
 *   kernels' own vectorised exp/expm1/log1p/Mills ratio (≈1e−10 relative) and
 *   cancellation-free formulas, rounded once to float32: within ~0.51 ULP (nearly always the
 *   correctly rounded float32).
 * Both modes give the same results in place and out of place, on both data paths and for any
 * length, and follow the scalar definitions at NaN, ±∞ and ±0 (a zero result has the sign of
 * the exact value), for every parameter value the registry accepts (test/kernels-accuracy.test.ts
 * draws them log-uniformly over the whole range: α, β, b up to 1.8e308 and down to 5e−324).
 * HardSigmoid decides its kinks on the exact affine value, with the default slope fl(1/6)
 * read as 1/6 itself (f(−3) = 0 exactly), as the scalar definition. The piecewise-linear family
 * (ReLU, Leaky ReLU, PReLU, RReLU, ReLU6, HardTanh, Threshold, Hardshrink, linear) gives
 * exactly the TypeScript backend's values in both modes (ReLU6 and HardTanh, where their float32
 * bounds are their values, as pmin/pmax in a loop of their own), and so do the float64 forward kernels
 * of sigmoid, swish and gelu_tanh (the same IEEE operations in the same order,
 * test/wasm-float64.test.ts).
 *
 * Data paths, per call (kernel arrays: src/kernels/memory.ts):
 * - **zero-copy** when every array of the call lives in the module's memory (arrays from
 *   {@link allocateKernelArray}): the kernel reads and writes them in place;
 * - **copy-through** otherwise: the arrays outside the module's memory are copied through a
 *   fixed scratch region in chunks of {@link COPY_CHUNK} elements (no allocation per call).
 * @module
 */
import { ACTIVATIONS, rreluEvalSlope } from '../activations/index.js';
import type { Activation, ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import { LOW, twoProd } from '../math/dd.js';
import { loadWasmKernels, wasmKernels, type WasmKernels } from '../wasm/index.js';
import { KERNELS, layoutArgs, type KernelArgs, type Layout, type LayoutHelpers } from './descriptors.js';
import { jsBackend } from './js.js';
import { offsetIn } from './memory.js';
import type { FloatArray, KernelBackend } from './types.js';

/** Elements per chunk on the copy-through path (64 KiB of float32: stays in L2). */
export const COPY_CHUNK = 16384;

type ForwardKernel = (x: number, out: number, n: number, p0: number, p1: number, p2: number, p3: number) => void;
type BackwardKernel = (x: number, gradOut: number, gradIn: number, n: number, p0: number, p1: number, p2: number, p3: number) => void;

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The float32 next to `f` (a float32) towards +∞ (`up`) or −∞. */
function step32(f: number, up: boolean): number {
  if (f === 0) return up ? 1.401298464324817e-45 : -1.401298464324817e-45;
  F32[0] = f;
  const away = up === f > 0;
  U32[0] = (U32[0] as number) + (away ? 1 : -1);
  return F32[0] as number;
}
/** The largest float32 ≤ t: for float32 z, z > t ⇔ z > below32(t) and z ≤ t ⇔ z ≤ below32(t). */
export function below32(t: number): number {
  const f = Math.fround(t);
  return f > t ? step32(f, false) : f;
}
/** The smallest float32 ≥ t: for float32 z, z < t ⇔ z < above32(t) and z ≥ t ⇔ z ≥ above32(t). */
export function above32(t: number): number {
  const f = Math.fround(t);
  return f < t ? step32(f, true) : f;
}

const F64 = new Float64Array(1);
const F64_WORDS = new Uint32Array(F64.buffer);
/**
 * The upper 26 significant bits of a, truncated (Dekker's split rounds, which overflows next to
 * the largest double): high·z and (a − high)·z are exact for a float32 z.
 */
function splitHigh(a: number): number {
  F64[0] = a;
  F64_WORDS[0] = (F64_WORDS[0] as number) & ~0x7ffffff; // little-endian: word 0 holds the low 32 mantissa bits
  return F64[0] as number;
}

/**
 * Precision modes of the float32 WebAssembly kernels (see {@link setKernelPrecision}).
 * - `'fast'`: float32 SIMD evaluation, ≤ 2 ULP for f and ≤ 4 ULP for f′ (the default);
 * - `'precise'`: float64 evaluation rounded once, ≤ 0.51 ULP ("correct to the last bit" but
 *   for rare ties of the final rounding).
 */
export type KernelPrecision = 'fast' | 'precise';

let precision: KernelPrecision = 'fast';

/**
 * Chooses how the float32 WebAssembly kernels of the smooth activations evaluate: `'fast'` in
 * float32 SIMD where a fast body exists (within 2 ULP for f and 4 ULP for f′ — gradOut·f′(x)
 * with gradOut = 1 — of the float64 definitions; the default) or `'precise'` in float64
 * rounded once to float32 (within ~0.51 ULP, the "correct to the last bit" mode; roughly
 * 1.2–3× slower where the fast mode has a body, see the module notes for which).
 * Float64 data, the piecewise-linear activations and the TypeScript backend are not affected.
 * The setting is global (per module instance) and takes effect at the next call.
 * @returns the previous mode.
 * @throws {InvalidParameterError} if `mode` is not 'fast' or 'precise'.
 * @example
 * ```ts
 * import { forward, setKernelPrecision } from 'actlab';
 * const previous = setKernelPrecision('precise');   // 'fast'
 * forward('gelu', new Float32Array([-1, 0, 1]));    // Float32Array [-0.15865525603294373, 0, 0.8413447737693787]  (float64, rounded once)
 * setKernelPrecision(previous);
 * ```
 */
export function setKernelPrecision(mode: KernelPrecision): KernelPrecision {
  if (mode !== 'fast' && mode !== 'precise') throw new InvalidParameterError('setKernelPrecision', 'mode', mode, "'fast' or 'precise'");
  const previous = precision;
  precision = mode;
  return previous;
}

/** The current precision mode of the float32 kernels (see {@link setKernelPrecision}). */
export function getKernelPrecision(): KernelPrecision {
  return precision;
}

/** The exported kernel for a route, direction and element type: the fast body when the mode asks for it and one exists. */
function kernelFor(p: Plan, direction: 'Forward' | 'Backward'): ForwardKernel & BackwardKernel {
  const { kernel, suffix } = p;
  const exports = p.kernels.exports as unknown as Exports;
  if (suffix === 'F32' && p.fast && precision === 'fast') {
    const fast = exports[`${kernel}Fast${direction}F32`];
    if (fast) return fast as ForwardKernel & BackwardKernel;
  }
  return exports[`${kernel}${direction}${suffix}`] as ForwardKernel & BackwardKernel;
}

/** What the descriptors' parameter layouts compute with. */
const HELPERS: LayoutHelpers = {
  below32,
  above32,
  splitHigh,
  twoProd: (a, b) => {
    const hi = twoProd(a, b);
    return [hi, LOW[0] as number];
  },
  rreluEvalSlope,
};

/** Routes by id and direction, read from the descriptor table (src/kernels/descriptors.ts). */
const routesOf = (kind: 'float32' | 'float64' | 'forward64'): ReadonlyMap<string, Layout> =>
  new Map(Object.entries(KERNELS).flatMap(([id, route]) => (route[kind] ? [[id, route[kind]] as const] : [])));
const ROUTES = routesOf('float32');
/**
 * Float64 routes: the piecewise-linear family, exact in float64 (its parameters used as
 * given). The smooth activations' backward passes stay in TypeScript for Float64Array data:
 * their kernels are accurate to float32, not to the last bit of a double.
 */
const ROUTES64 = routesOf('float64');
/**
 * Float64 forward-only routes: the smooth activations whose definitions reduce to Math.exp and
 * IEEE basic operations, in kernels that give their bits exactly (assembly/double: a port of
 * V8's Math.exp, fdlibm's e_exp.c, and of the double-double helpers).
 */
const FORWARD64 = routesOf('forward64');

/** The registry's own definitions (a look-alike object with another f must not get these kernels). */
const REGISTRY = new Set<Activation>(ACTIVATIONS);

/** Ids of the activations with float32 WebAssembly kernels (every elementwise one but those marked `typescriptOnly`). */
export const WASM_KERNEL_IDS: readonly string[] = Object.freeze([...ROUTES.keys()]);
/** Ids of the activations with float64 WebAssembly kernels forward and backward (the piecewise-linear family). */
export const WASM_KERNEL_IDS_FLOAT64: readonly string[] = Object.freeze([...ROUTES64.keys()]);
/**
 * Ids of the activations whose float64 forward pass is WebAssembly: the piecewise-linear
 * family and sigmoid, swish and gelu_tanh (bit for bit the TypeScript definitions).
 */
export const WASM_FORWARD_IDS_FLOAT64: readonly string[] = Object.freeze([...ROUTES64.keys(), ...FORWARD64.keys()]);

type Exports = Record<string, ForwardKernel | BackwardKernel | undefined>;
type ArrayType = Float32ArrayConstructor | Float64ArrayConstructor;

interface Plan {
  readonly kernels: WasmKernels;
  readonly kernel: string;
  readonly suffix: 'F32' | 'F64';
  readonly args: KernelArgs;
  readonly Type: ArrayType;
  /** Whether a fast body may compute this call (its parameters allow it). */
  readonly fast: boolean;
}

/** The compiled kernel for this call, or undefined when it belongs to the TypeScript backend. */
function plan(activation: ElementwiseActivation, params: ParamValues, arrays: FloatArray[], isForward: boolean): Plan | undefined {
  if (!REGISTRY.has(activation)) return undefined;
  const single = arrays.every((a) => a instanceof Float32Array);
  if (!single && !arrays.every((a) => a instanceof Float64Array)) return undefined;
  const layout = single ? ROUTES.get(activation.id) : (ROUTES64.get(activation.id) ?? (isForward ? FORWARD64.get(activation.id) : undefined));
  if (!layout) return undefined;
  const kernels = wasmKernels();
  if (!kernels) return undefined;
  const args = layoutArgs(layout, params, HELPERS);
  const fast = layout.fast ? layout.fast(params) : true;
  return { kernels, kernel: layout.body, suffix: single ? 'F32' : 'F64', args, Type: single ? Float32Array : Float64Array, fast };
}


/**
 * Walks x and g (same length and type) in chunks of {@link COPY_CHUNK}: an array in the
 * module's memory is passed in place, any other is copied into scratch first. `step` gets the
 * chunk's offsets, its start and length, and the staging area of g (its offset and a view of
 * the chunk), which a kernel may overwrite with its result.
 */
function overPairs(
  kernels: WasmKernels,
  Type: Float32ArrayConstructor | Float64ArrayConstructor,
  x: FloatArray,
  g: FloatArray,
  step: (sx: number, sg: number, start: number, count: number, staged: { readonly at: number; readonly view: FloatArray }) => void,
): void {
  const n = x.length;
  const size = Type.BYTES_PER_ELEMENT;
  const px = offsetIn(kernels, x);
  const pg = offsetIn(kernels, g);
  const chunk = Math.min(n, COPY_CHUNK);
  const at = kernels.scratch(chunk * size * 2);
  const gAt = at + chunk * size;
  const xs = new Type(kernels.exports.memory.buffer, at, chunk);
  const gs = new Type(kernels.exports.memory.buffer, gAt, chunk);
  for (let start = 0; start < n; start += COPY_CHUNK) {
    const count = Math.min(COPY_CHUNK, n - start);
    if (px === undefined) xs.set(x.subarray(start, start + count));
    if (pg === undefined) gs.set(g.subarray(start, start + count));
    step(
      px === undefined ? at : px + start * size,
      pg === undefined ? gAt : pg + start * size,
      start,
      count,
      { at: gAt, view: count === chunk ? gs : gs.subarray(0, count) },
    );
  }
}

/**
 * The WebAssembly backend (automatic dispatch, see the module notes).
 *
 * - `forward`: out[i] = f(x[i]) — WebAssembly for Float32Array x and out (every elementwise
 *   activation) and for Float64Array x and out (the piecewise-linear family, sigmoid, swish,
 *   gelu_tanh), zero-copy when both live in the module's memory, else copy-through; TypeScript
 *   for anything else.
 * - `backward`: gradIn[i] = gradOut[i]·f′(x[i]) (f′ at kinks as PyTorch's backward) — the same
 *   dispatch over x, gradOut and gradIn, except that float64 backward of the smooth
 *   activations stays in TypeScript.
 * - `parameterGradient`: PReLU's slope in WebAssembly (same dispatch; a float64 sum in index
 *   order, the TypeScript loop's bits); anything else in TypeScript.
 * - `vectorForward`, `vectorBackward`: the TypeScript backend.
 */
export const wasmBackend: KernelBackend = {
  name: 'wasm',
  forward(activation, params, x, out) {
    const p = plan(activation, params, [x, out], true);
    if (!p) return jsBackend.forward(activation, params, x, out);
    const { kernels, Type } = p;
    const kernel: ForwardKernel = kernelFor(p, 'Forward');
    const [p0, p1, p2, p3] = p.args;
    const n = x.length;
    const size = Type.BYTES_PER_ELEMENT;
    const px = offsetIn(kernels, x);
    const po = offsetIn(kernels, out);
    if (px !== undefined && po !== undefined) {
      kernel(px, po, n, p0, p1, p2, p3);
      return;
    }
    if (p.kernel === 'identity') {
      // A copy needs no staging: one pass instead of three.
      if (out !== x) out.set(x);
      return;
    }
    const chunk = Math.min(n, COPY_CHUNK);
    const at = kernels.scratch(chunk * size);
    const staging = new Type(kernels.exports.memory.buffer, at, chunk);
    for (let start = 0; start < n; start += COPY_CHUNK) {
      const count = Math.min(COPY_CHUNK, n - start);
      let source = at;
      if (px === undefined) staging.set(x.subarray(start, start + count));
      else source = px + start * size;
      kernel(source, po === undefined ? at : po + start * size, count, p0, p1, p2, p3);
      if (po === undefined) out.set(count === chunk ? staging : staging.subarray(0, count), start);
    }
  },
  backward(activation, params, x, gradOut, gradIn) {
    const p = plan(activation, params, [x, gradOut, gradIn], false);
    if (!p) return jsBackend.backward(activation, params, x, gradOut, gradIn);
    const { kernels, Type } = p;
    const kernel: BackwardKernel = kernelFor(p, 'Backward');
    const [p0, p1, p2, p3] = p.args;
    const n = x.length;
    const size = Type.BYTES_PER_ELEMENT;
    const px = offsetIn(kernels, x);
    const pg = offsetIn(kernels, gradOut);
    const pi = offsetIn(kernels, gradIn);
    if (px !== undefined && pg !== undefined && pi !== undefined) {
      kernel(px, pg, pi, n, p0, p1, p2, p3);
      return;
    }
    overPairs(kernels, Type, x, gradOut, (sx, sg, start, count, staged) => {
      // Without a gradIn in the module's memory, the result overwrites the staged gradOut.
      kernel(sx, sg, pi === undefined ? staged.at : pi + start * size, count, p0, p1, p2, p3);
      if (pi === undefined) gradIn.set(staged.view, start);
    });
  },
  parameterGradient(activation, params, parameter, x, gradOut) {
    // PReLU's slope (the one learnable parameter in the registry): a float64 sum in index order,
    // chunk after chunk from the running sum — the bits of the TypeScript loop.
    const kernels = activation.id === 'prelu' && parameter === 'slope' && REGISTRY.has(activation) ? wasmKernels() : undefined;
    const single = x instanceof Float32Array && gradOut instanceof Float32Array;
    if (!kernels || (!single && !(x instanceof Float64Array && gradOut instanceof Float64Array))) {
      return jsBackend.parameterGradient(activation, params, parameter, x, gradOut);
    }
    const sumKernel = single ? kernels.exports.preluSlopeSumF32 : kernels.exports.preluSlopeSumF64;
    let sum = 0;
    overPairs(kernels, single ? Float32Array : Float64Array, x, gradOut, (sx, sg, _start, count) => {
      sum = sumKernel(sx, sg, count, sum);
    });
    return sum;
  },
  vectorForward: jsBackend.vectorForward,
  vectorBackward: jsBackend.vectorBackward,
};

/**
 * Compiles the WebAssembly kernels asynchronously, for an engine that refuses to compile them
 * synchronously on a browser's main thread (Chromium allows it up to 8 MB, the module is about
 * 320 kB; older Chromium and some WebViews stop at 4 KB). Otherwise unnecessary: the first array
 * call compiles them synchronously, and until they are available every call runs in the
 * TypeScript kernels (within the bounds of the module notes, not the same bits).
 * @returns whether the kernels are available afterwards (false without WebAssembly SIMD or with `ACTLAB_WASM=0`).
 * @example
 * ```ts
 * import { forward, loadKernels } from 'actlab';
 *
 * await loadKernels();                       // in a page's main script, before the first forward()
 * forward('relu', new Float32Array([-1, 2]));   // Float32Array [0, 2]
 * ```
 */
export async function loadKernels(): Promise<boolean> {
  return (await loadWasmKernels()) !== undefined;
}

export {
  allocateKernelArray,
  checkKernelMemory,
  checkLiveArray,
  freeKernelArray,
  isKernelArray,
  MAX_KERNEL_ARRAY_BYTES,
  reserveKernelMemory,
  type KernelDtype,
} from './memory.js';
