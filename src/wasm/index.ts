/**
 * The WebAssembly kernels (compiled from `assembly/` by AssemblyScript; see
 * tools/build-wasm.mjs): loading, a scratch arena in the module's memory, and typed access to
 * the exports. Everything here is an accelerator behind the TypeScript code, which stays the
 * reference: each caller falls back to its TypeScript loop when {@link wasmKernels} returns
 * `undefined` (no WebAssembly, SIMD unsupported, a browser main thread that refuses
 * synchronous compilation, or `ACTLAB_WASM=0` in the environment): the same bits for the
 * generators' fills and the piecewise-linear activations, within the bounds documented in
 * src/kernels/wasm.ts for the smooth float32 kernels.
 *
 * Nothing happens at import: the base64 text is built, decoded, compiled and instantiated on the
 * first call that wants the kernels (the first array call, ~8 ms in Node), so programs that only
 * evaluate scalars never pay for it, and bundlers drop the binary from scalar-only bundles.
 * Synchronous compilation on a browser's main thread: Chromium refuses it above 8 MB (4 KB
 * before, and still in some embedded WebViews); the module is ~320 kB, so it compiles there
 * today, and where it is refused the TypeScript backend answers (`await loadKernels()` from
 * 'actlab', i.e. {@link loadWasmKernels}, gets the kernels there too).
 *
 * Two builds of the same sources ({@link WasmModuleKind}): the relaxed-SIMD module where the
 * engine validates relaxed SIMD (a ~60-byte probe, checked once per load), else the strict one.
 * `ACTLAB_WASM=strict|relaxed` in Node, or {@link setWasmModule}, overrides the detection;
 * {@link wasmModuleKind} says which one runs. The relaxed module's base64 text is a separate
 * generated module, imported dynamically by {@link loadWasmKernels} (so bundles and the strict
 * path never carry or parse its bytes) and read from its file by the synchronous first use in Node.
 * @module
 */
import { wasmBase64 } from './generated/binary.js';
import { chooseModule, environment, relaxedBase64Sync, relaxedMissing, relaxedSimdSupported, relaxedUnreadable, wantedKind, type WasmModuleKind } from './select.js';

export { relaxedSimdSupported, type WasmModuleKind } from './select.js';

/** The parts of the WebAssembly API used here (typed locally: the project's lib has no DOM). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly __wasmModule?: never;
}
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
  compile(bytes: Uint8Array): Promise<WasmModule>;
}
function webAssembly(): WebAssemblyApi | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  return typeof api === 'object' && api !== null ? api : undefined;
}

/** The raw exports of the module (pointers are byte offsets into `memory`). */
export interface WasmExports {
  readonly memory: WasmMemory;
  /** Byte offset of the constant tables (a WebAssembly.Global). */
  readonly TABLES: { readonly value: number };
  heapBase(): number;
  numpyFillNormal(state: number, out: number, n: number, scale: number, mode: number): void;
  numpyFillUniform(state: number, out: number, n: number): void;
  defaultFillNormal(state: number, out: number, n: number, scale: number, mode: number): void;
  matmulF32(a: number, b: number, c: number, bias: number, m: number, n: number, k: number, row0: number, row1: number, relu: number, scratch: number): void;
  matmulF64(a: number, b: number, c: number, bias: number, m: number, n: number, k: number, row0: number, row1: number, relu: number, scratch: number): void;
  matmulPackF32(b: number, n: number, k: number, dst: number): void;
  matmulPackF64(b: number, n: number, k: number, dst: number): void;
  preluSlopeSumF32(x: number, g: number, n: number, sum: number): number;
  preluSlopeSumF64(x: number, g: number, n: number, sum: number): number;
  /** Adam's update (Keras' form, float32 SIMD) on n elements of θ, g, m, v; returns Σ g² (assembly/optim.ts). */
  adamF32(theta: number, g: number, m: number, v: number, n: number, alpha: number, c1: number, c2: number, eps: number): number;
}

/**
 * Memory layout (bytes): 1024 glibc log tables (written by the host) · 4096 numpy state block ·
 * 8192 default-generator state block · 12288 tempered MT block · 15360 lane scratch ·
 * 16384–24576 polar-method batch buffers · 32768 static data · from max(heap base, 65536) the
 * host's scratch region (SCRATCH_BYTES), then the heap of allocate().
 */

/** Bytes reserved for {@link WasmKernels.scratch} right after static data (never moves). */
export const SCRATCH_BYTES = 1 << 20;

/** The loaded module with its arena. */
export interface WasmKernels {
  readonly exports: WasmExports;
  /** Byte offset of the numpy generator's state block (key, pos, hasGauss, gauss). */
  readonly numpyState: number;
  /** Byte offset of the default generator's state block (s0…s3, hasNormal, cachedNormal). */
  readonly defaultState: number;
  /**
   * A scratch region of at least `bytes` bytes (16-byte aligned, after static data), valid
   * until the next call; grows the memory when needed. Take views of `memory.buffer` *after*
   * calling this, since growing detaches old views. Requests up to {@link SCRATCH_BYTES}
   * are served from a region reserved at load, so they never grow the memory; larger ones are
   * placed after the heap and may grow it (detaching views of allocated blocks).
   */
  scratch(bytes: number): number;
  /**
   * A block of at least `bytes` bytes (16-byte aligned) in the heap after the scratch region,
   * kept until {@link release}. The only calls that may grow the memory (and so detach every
   * existing view of it) are this one, {@link reserve} and oversized {@link scratch} requests.
   */
  allocate(bytes: number): number;
  /** Returns a block from {@link allocate} to the heap; unknown offsets are ignored. */
  release(at: number): void;
  /** Grows the memory now so that blocks totalling `bytes` more can be allocated without growing. */
  reserve(bytes: number): void;
  /** Size in bytes of the live block at `at`, or undefined. */
  blockSize(at: number): number | undefined;
  /**
   * A number that identifies the live block at `at` (a new one for each allocation, so an
   * array kept after its block was freed and handed out again is told apart), or undefined.
   */
  blockSerial(at: number): number | undefined;
  /** Whether the bytes [at, at + bytes) lie inside one live block. */
  insideBlock(at: number, bytes: number): boolean;
  /** Bytes that {@link allocate} or {@link reserve} can still add before the memory reaches its 4 GiB limit. */
  available(): number;
}

/** The WebAssembly (wasm32) memory limit: 65536 pages of 64 KiB. */
export const WASM_MEMORY_LIMIT = 2 ** 32;

let loaded: WasmKernels | null | undefined;
/** The kind of the instance in `loaded`. */
let loadedKind: WasmModuleKind | undefined;
/** Host data written once at load: glibc's log table (see assembly/rng.ts). */
let tableWriter: ((memory: WasmMemory, at: number) => void) | undefined;

/** Registers the writer of the constant tables the module reads (called by src/math/rng/wasm-bridge.ts). */
export function registerWasmTables(writer: (memory: WasmMemory, at: number) => void): void {
  tableWriter = writer;
  if (loaded) writer(loaded.exports.memory, loaded.exports.TABLES.value);
}

function disabledByEnvironment(): boolean {
  return environment() === '0';
}

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function instantiate(api: WebAssemblyApi, module: WasmModule): WasmKernels {
  const instance = new api.Instance(module, { env: { abort: () => { throw new Error('actlab wasm: abort'); } } });
  const exports = instance.exports as unknown as WasmExports;
  const NUMPY_STATE = 4096;
  const DEFAULT_STATE = 8192;
  const heap = heapOf(exports);
  if (tableWriter) tableWriter(exports.memory, exports.TABLES.value);
  return { exports, numpyState: NUMPY_STATE, defaultState: DEFAULT_STATE, ...heap };
}

/** The kernels' memory management over the module's linear memory. */
type Heap = Pick<WasmKernels, 'scratch' | 'allocate' | 'release' | 'reserve' | 'blockSize' | 'blockSerial' | 'insideBlock' | 'available'>;

/**
 * The heap in the module's memory, above its static data: a scratch arena for one call's
 * temporaries, then a bump pointer (`top`) with a first-fit free list of [at, size] sorted by address.
 * size: one closure over the heap's state (top, free list, live blocks and their serials); its
 * eight operations are a few lines each and read together.
 */
function heapOf(exports: WasmExports): Heap {
  const arena = Math.ceil(Math.max(exports.heapBase(), 65536) / 16) * 16;
  const ensure = (end: number): void => {
    const have = exports.memory.buffer.byteLength;
    if (end > WASM_MEMORY_LIMIT) throw new RangeError(`WebAssembly memory cannot exceed ${WASM_MEMORY_LIMIT} bytes`);
    if (end > have) exports.memory.grow(Math.ceil((end - have) / 65536));
  };
  const heapStart = arena + SCRATCH_BYTES;
  ensure(heapStart);
  let top = heapStart;
  const live = new Map<number, number>();
  const serials = new Map<number, number>();
  let nextSerial = 1;
  const free: [number, number][] = [];
  const align = (bytes: number) => Math.max(16, Math.ceil(bytes / 16) * 16);
  const scratch = (bytes: number): number => {
    if (bytes <= SCRATCH_BYTES) return arena;
    ensure(top + bytes);
    return top;
  };
  const allocate = (bytes: number): number => {
    const size = align(bytes);
    for (let k = 0; k < free.length; k++) {
      const [at, available] = free[k] as [number, number];
      if (available < size) continue;
      if (available === size) free.splice(k, 1);
      else free[k] = [at + size, available - size];
      live.set(at, size);
      serials.set(at, nextSerial++);
      return at;
    }
    // Grow generously (doubling the heap where the 4 GiB limit allows): each growth detaches every view.
    if (top + size > exports.memory.buffer.byteLength) {
      try {
        ensure(Math.max(top + size, 2 * top - heapStart));
      } catch {
        ensure(top + size);
      }
    }
    const at = top;
    top += size;
    live.set(at, size);
    serials.set(at, nextSerial++);
    return at;
  };
  const release = (at: number): void => {
    const size = live.get(at);
    if (size === undefined) return;
    live.delete(at);
    serials.delete(at);
    let k = 0;
    while (k < free.length && (free[k] as [number, number])[0] < at) k++;
    free.splice(k, 0, [at, size]);
    // Coalesce with the next and previous blocks, then give a free block at the top back.
    const next = free[k + 1];
    if (next && at + size === next[0]) free.splice(k, 2, [at, size + next[1]]);
    const previous = free[k - 1];
    const current = free[k] as [number, number];
    if (previous && previous[0] + previous[1] === current[0]) free.splice(k - 1, 2, [previous[0], previous[1] + current[1]]);
    const last = free[free.length - 1];
    if (last && last[0] + last[1] === top) {
      top = last[0];
      free.pop();
    }
  };
  const reserve = (bytes: number): void => ensure(top + align(bytes));
  const blockSize = (at: number): number | undefined => live.get(at);
  const blockSerial = (at: number): number | undefined => serials.get(at);
  const insideBlock = (at: number, bytes: number): boolean => {
    const size = live.get(at);
    if (size !== undefined) return bytes <= size;
    for (const [start, length] of live) if (at >= start && at + bytes <= start + length) return true;
    return false;
  };
  const available = (): number => WASM_MEMORY_LIMIT - top;
  return { scratch, allocate, release, reserve, blockSize, blockSerial, insideBlock, available };
}

/**
 * The kernels, compiled and instantiated synchronously on first use, or `undefined` where they
 * are unavailable (see the module notes). Later calls return the same instance. The module is
 * the relaxed-SIMD one where the engine has relaxed SIMD and its bytes can be read
 * synchronously (Node), else the strict one; see {@link wasmModuleKind}.
 * @throws {UnsupportedOperationError} when the relaxed module is demanded (`ACTLAB_WASM=relaxed`
 *   or {@link setWasmModule}) and the engine has no relaxed SIMD, or its bytes cannot be read
 *   synchronously here (a browser: `await loadKernels()` first).
 */
export function wasmKernels(): WasmKernels | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  const api = webAssembly();
  if (disabledByEnvironment() || !api) {
    loaded = null;
    return undefined;
  }
  const kind = wantedKind();
  const relaxed = kind === 'relaxed' ? relaxedBase64Sync() : undefined;
  const unreadable = kind === 'relaxed' && relaxed === undefined ? relaxedUnreadable() : undefined;
  if (unreadable) throw unreadable;
  loaded = null;
  try {
    loaded = instantiate(api, new api.Module(decode(relaxed ?? wasmBase64())));
    loadedKind = relaxed ? 'relaxed' : 'strict';
  } catch {
    loaded = null; // no SIMD, or a main thread that forbids synchronous compilation
  }
  return loaded ?? undefined;
}

/**
 * Compiles the kernels asynchronously (for a browser main thread, where synchronous
 * compilation of a module this size is refused); afterwards {@link wasmKernels} returns them.
 * Where the engine has relaxed SIMD, this imports the relaxed module (a separate chunk for
 * bundlers, fetched only here) unless the strict one is asked for.
 * Resolves to `undefined` where WebAssembly is unavailable.
 * @throws {UnsupportedOperationError} as {@link wasmKernels}.
 */
export async function loadWasmKernels(): Promise<WasmKernels | undefined> {
  if (loaded) return loaded;
  const api = webAssembly();
  if (disabledByEnvironment() || !api) return undefined;
  const kind = wantedKind();
  try {
    const base64 = kind === 'relaxed' ? (await import('./generated/binary-relaxed.js')).wasmRelaxedBase64() : wasmBase64();
    const module = await api.compile(decode(base64));
    // A synchronous first use may have loaded a module meanwhile: keep it (arrays live in its memory).
    if (!loaded) {
      loaded = instantiate(api, module);
      loadedKind = kind;
    }
  } catch {
    loaded = null;
  }
  return loaded ?? undefined;
}

/**
 * The kind of module the kernels run in — loading them first, as {@link wasmKernels} — or
 * `undefined` where they are unavailable.
 * @example
 * ```ts
 * import { wasmModuleKind } from 'actlab';
 * const kind = wasmModuleKind();   // relaxed in Node 22 and Chromium, strict in Node 20 without the flag
 * kind === 'strict' || kind === 'relaxed';   // true
 * ```
 */
export function wasmModuleKind(): WasmModuleKind | undefined {
  return wasmKernels() ? loadedKind : undefined;
}

/**
 * Chooses the module for this process — `'strict'`, `'relaxed'` or `'auto'` (the default:
 * ACTLAB_WASM, else relaxed where available) — for tests and benchmarks. Call it before the
 * first array call; a module already loaded is dropped (with the memory of every kernel array),
 * as by {@link setWasmEnabled}, and the next use loads the chosen one.
 * @throws {UnsupportedOperationError} for `'relaxed'` where the engine has no relaxed SIMD (the choice is then unchanged).
 */
export function setWasmModule(kind: WasmModuleKind | 'auto'): void {
  if (kind === 'relaxed' && !relaxedSimdSupported()) throw relaxedMissing("setWasmModule('relaxed')");
  chooseModule(kind);
  if (loaded && loadedKind !== wantedKind()) loaded = undefined;
}

/** Turns the kernels off (`false`) or back on for this process — for tests and benchmarks. */
export function setWasmEnabled(enabled: boolean): void {
  if (!enabled) loaded = null;
  else if (loaded === null) loaded = undefined;
}
