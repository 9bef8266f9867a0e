/**
 * An elementwise forward pass that may be split across threads: {@link forwardSplit} is
 * {@link forward} unless a splitter is installed (`enableMatmulThreads` in src/node installs one
 * with the matrix product's), in which case large float64 passes of the compute-bound
 * activations — every one but the piecewise-linear family: sigmoid, swish and gelu_tanh in
 * their exact WebAssembly kernels (~17–22 ns per element on one core here), the other smooth
 * ones in TypeScript (~25–90 ns) — are divided into blocks of elements, one per thread. Each
 * element is computed by the same code whichever thread runs it (the workers load the same
 * WebAssembly), so the result has the same bits. The piecewise-linear family (~1 ns per
 * element, memory-bound) stays on one thread: copying its blocks to shared memory and back
 * (~50 ms for 12.6 million elements) would cost more than it computes.
 * @module
 */
import { getActivation } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { forward, getBackend, WASM_KERNEL_IDS_FLOAT64, wasmBackend } from './index.js';
import { overlaps, sameView } from './validate.js';

/**
 * Computes `out = f(x)` for a registry activation `id` with resolved `params` on several
 * threads: returns false to decline, else true once `out` holds the result (synchronously).
 */
export type ForwardSplitter = (id: string, params: ParamValues, x: Float64Array, out: Float64Array) => boolean;

let splitter: ForwardSplitter | undefined;

/** Installs (or with `undefined` removes) the forward splitter; returns the previous one. */
export function setForwardSplitter(next: ForwardSplitter | undefined): ForwardSplitter | undefined {
  const previous = splitter;
  splitter = next;
  return previous;
}

/** Elements below which a pass stays on one thread (the copies to shared memory would dominate). */
const MIN_ELEMENTS = 1 << 18;

/**
 * `out = f(x)` elementwise, as `forward(definition, x, { out, params })`, split across threads
 * when a splitter is installed, x and out are large Float64Arrays, the activation is the
 * registry's own and not piecewise-linear, the default backend is in use and out is x or
 * does not overlap it (else {@link forward} copies x first).
 * @param params The activation's parameters, resolved (every value given).
 */
export function forwardSplit<T extends Float32Array | Float64Array>(definition: ElementwiseActivation, x: T, out: T, params: ParamValues): T {
  const eligible =
    splitter !== undefined &&
    x instanceof Float64Array &&
    out instanceof Float64Array &&
    x.length === out.length &&
    (!overlaps(x, out) || sameView(x, out)) &&
    x.length >= MIN_ELEMENTS &&
    getBackend() === wasmBackend &&
    !WASM_KERNEL_IDS_FLOAT64.includes(definition.id) &&
    getActivation(definition.id) === definition;
  if (eligible && splitter?.(definition.id, params, x, out)) return out;
  return forward(definition, x, { out, params });
}
