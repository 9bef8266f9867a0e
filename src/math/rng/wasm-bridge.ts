/**
 * Bulk normal fills in WebAssembly (src/wasm, assembly/rng.ts): the same draws as the
 * TypeScript generators, several times faster. The generator's state is copied into the
 * module's state block, the module fills the array in chunks through its scratch arena, and
 * the advanced state is copied back. Importing this module also hands the module glibc's log
 * table, which its numpy generator reads.
 * @module
 */
import { registerWasmTables, wasmKernels, type WasmKernels } from '../../wasm/index.js';
import { GLOG_A, GLOG_B, GLOG_LN2_HI, GLOG_LN2_LO, GLOG_TAB } from '../log/glibc-table.js';
import type { FillNormalOptions, FloatArray } from './common.js';

/** Fills shorter than this stay in TypeScript (copying the state costs more than it saves). */
export const WASM_MIN_FILL = 256;
/** Elements generated per call into the arena before copying out. */
const WASM_CHUNK = 1 << 16;

/**
 * How a generator's state travels to and from its block in the module's memory (the layout is
 * assembly/rng.ts's). `store` and `load` are given a fresh buffer each time: the fill may grow
 * the memory, which detaches older views.
 */
export interface WasmStateBlock<G> {
  /** Which of the module's generators: selects its state block and its fill loop. */
  readonly generator: 'numpy' | 'default';
  /** Writes `rng`'s state at byte offset `at`. */
  store(rng: G, buffer: ArrayBuffer, at: number): void;
  /** Reads the advanced state back into `rng`. */
  load(rng: G, buffer: ArrayBuffer, at: number): void;
}

/**
 * Fills `out` with `scale ·` normals in the module, advancing `rng` exactly as the same number
 * of TypeScript draws would; returns `false` (and touches nothing) when WebAssembly is off or
 * unavailable.
 */
export function fillNormalsInWasm<G>(rng: G, block: WasmStateBlock<G>, out: FloatArray, scale: number, options: FillNormalOptions): boolean {
  const kernels = wasmKernels();
  if (!kernels) return false;
  const numpy = block.generator === 'numpy';
  const at = numpy ? kernels.numpyState : kernels.defaultState;
  block.store(rng, kernels.exports.memory.buffer, at);
  fillInChunks(kernels, out, scale, options, (ptr, count, mode) =>
    numpy ? kernels.exports.numpyFillNormal(at, ptr, count, scale, mode) : kernels.exports.defaultFillNormal(at, ptr, count, scale, mode),
  );
  block.load(rng, kernels.exports.memory.buffer, at);
  return true;
}

/**
 * Runs `fill(ptr, count, mode)` over `out` in chunks through the arena and copies each chunk
 * out. Modes: 0 float64 `scale·g`; 1 float32 `round32(scale·g)`; 2 float32 with `roundFirst`.
 */
function fillInChunks(
  kernels: WasmKernels,
  out: FloatArray,
  scale: number,
  options: FillNormalOptions,
  fill: (ptr: number, count: number, mode: number) => void,
): void {
  const f32 = out instanceof Float32Array;
  const mode = !f32 ? 0 : options.roundFirst && scale !== 1 ? 2 : 1;
  const bytes = f32 ? 4 : 8;
  const ptr = kernels.scratch(Math.min(out.length, WASM_CHUNK) * bytes);
  for (let start = 0; start < out.length; start += WASM_CHUNK) {
    const count = Math.min(WASM_CHUNK, out.length - start);
    fill(ptr, count, mode);
    const buffer = kernels.exports.memory.buffer;
    out.set(f32 ? new Float32Array(buffer, ptr, count) : new Float64Array(buffer, ptr, count), start);
  }
}

// The WebAssembly generator reads glibc's log table from its memory (layout: assembly/rng.ts).
registerWasmTables((memory, at) => {
  const f64 = new Float64Array(memory.buffer, at, 128 * 2 + 5 + 11 + 2);
  f64.set(GLOG_TAB, 0);
  f64.set(GLOG_A, 256);
  f64.set(GLOG_B, 261);
  f64[272] = GLOG_LN2_HI;
  f64[273] = GLOG_LN2_LO;
});
