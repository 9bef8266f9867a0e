/**
 * The bulk normal fill both generators share: in WebAssembly when the array is long enough and
 * the module is available, otherwise one draw at a time in index order.
 * @module
 */
import type { FillNormalOptions, FloatArray } from './common.js';
import { fillNormalsInWasm, WASM_MIN_FILL, type WasmStateBlock } from './wasm-bridge.js';

/**
 * Fills `out` with `scale · rng.normal()` in index order and returns it. For a `Float32Array`,
 * {@link FillNormalOptions.roundFirst} selects numpy's other rounding order.
 */
export function fillNormals<T extends FloatArray, G extends { normal(): number }>(
  rng: G,
  block: WasmStateBlock<G>,
  out: T,
  scale: number,
  options: FillNormalOptions,
): T {
  const n = out.length;
  if (n >= WASM_MIN_FILL && fillNormalsInWasm(rng, block, out, scale, options)) return out;
  if (options.roundFirst && out instanceof Float32Array) {
    // round32(g) · round32(s) is exact in double (24 + 24 bits), so storing it rounds once:
    // the same as numpy's float32 multiply.
    const s32 = Math.fround(scale);
    for (let i = 0; i < n; i++) out[i] = Math.fround(rng.normal()) * s32;
  } else if (scale === 1) {
    for (let i = 0; i < n; i++) out[i] = rng.normal();
  } else {
    for (let i = 0; i < n; i++) out[i] = scale * rng.normal();
  }
  return out;
}
