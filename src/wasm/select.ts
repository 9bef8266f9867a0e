/**
 * Which build of the kernels to load — strict or relaxed SIMD — from the caller's choice, the
 * environment's ACTLAB_WASM and the engine's features (see src/wasm/index.ts).
 * @module
 */
import { UnsupportedOperationError } from '../errors.js';

/** The environment's ACTLAB_WASM (Node), or undefined. */
export function environment(): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ACTLAB_WASM;
}

/**
 * Which of the two builds of the kernels runs (tools/build-wasm.mjs compiles both from the same
 * sources): `'strict'` — WebAssembly SIMD only, the same bits in every engine; `'relaxed'` —
 * also relaxed SIMD, whose `f32x4.relaxed_madd` is one fused multiply-add where the CPU has it
 * (Chromium ≥ 114, Node ≥ 22, Node 20 with `--experimental-wasm-relaxed-simd`). The relaxed
 * module fuses only the float32 matrix product's multiply-adds and the fast mode's float32
 * polynomial steps, where the documented bounds hold either way; the precise mode and every
 * float64 path have no fused step, so they give the strict module's bits.
 */
export type WasmModuleKind = 'strict' | 'relaxed';

/**
 * The smallest module that uses relaxed SIMD: one function returning f32x4.relaxed_madd of three
 * zero vectors. It validates exactly where the engine has relaxed SIMD.
 */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () -> v128
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x0a, 0x3d, 0x01, 0x3b, 0x00, // code: one body of 59 bytes, no locals
  ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]), // v128.const 0, three times
  0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd, end
]);

/** Whether this engine validates relaxed SIMD (false where WebAssembly is absent). */
export function relaxedSimdSupported(): boolean {
  const api = (globalThis as { WebAssembly?: { validate?: (bytes: Uint8Array) => boolean } }).WebAssembly;
  try {
    return typeof api?.validate === 'function' && api.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/** The error for a demand of the relaxed module (named by `source`) in an engine without relaxed SIMD. */
export function relaxedMissing(source: string): UnsupportedOperationError {
  return new UnsupportedOperationError(
    `the relaxed-SIMD WebAssembly module was requested (${source}) but this engine has no relaxed SIMD: use Node ≥ 22, Node 20 with --experimental-wasm-relaxed-simd, or Chromium ≥ 114`,
  );
}

/** A choice made by setWasmModule (src/wasm/index.ts), before the environment's ACTLAB_WASM and detection. */
let chosen: WasmModuleKind | 'auto' = 'auto';

/** Records setWasmModule's choice. */
export function chooseModule(kind: WasmModuleKind | 'auto'): void {
  chosen = kind;
}

/** The module asked for by setWasmModule or ACTLAB_WASM, if any. */
function askedKind(): WasmModuleKind | undefined {
  const env = environment();
  return chosen !== 'auto' ? chosen : env === 'strict' || env === 'relaxed' ? env : undefined;
}

/**
 * The error for a demand of the relaxed module where its bytes cannot be read synchronously (no
 * file system, or a bundle without the generated file), or undefined when nothing demanded it.
 */
export function relaxedUnreadable(): UnsupportedOperationError | undefined {
  if (askedKind() !== 'relaxed') return undefined;
  return new UnsupportedOperationError(
    'the relaxed-SIMD WebAssembly module was requested but cannot be read synchronously here (no file system, or its generated file is missing): await loadKernels() first, which imports it',
  );
}

/**
 * The module to load: {@link setWasmModule}'s choice, else `ACTLAB_WASM=strict|relaxed`, else
 * relaxed where the engine has it. A demand for relaxed SIMD where it is missing throws.
 */
export function wantedKind(): WasmModuleKind {
  const asked = askedKind();
  if (asked === 'strict') return 'strict';
  if (relaxedSimdSupported()) return 'relaxed';
  if (asked === 'relaxed') throw relaxedMissing(chosen === 'relaxed' ? "setWasmModule('relaxed')" : 'ACTLAB_WASM=relaxed');
  return 'strict';
}

/**
 * The relaxed module's base64 text read synchronously from its generated file next to this one
 * (Node only: dist/wasm/generated/binary-relaxed.js, or the .ts source under a TypeScript
 * runner), or undefined where there is no file system — there the synchronous first use loads
 * the strict module and loadWasmKernels (src/wasm/index.ts) imports the relaxed one. The path is built at
 * run time so that bundlers do not copy the file as an asset.
 */
export function relaxedBase64Sync(): string | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const fs = typeof get === 'function' ? (get('fs') as { readFileSync(path: URL, encoding: 'utf8'): string } | undefined) : undefined;
  if (!fs) return undefined;
  const base = import.meta.url;
  for (const name of ['binary-relaxed.js', 'binary-relaxed.ts']) {
    let text: string;
    try {
      text = fs.readFileSync(new URL(`generated/${name}`, base), 'utf8');
    } catch {
      continue;
    }
    const start = text.indexOf("return '") + 8;
    const end = text.indexOf("'", start);
    if (start >= 8 && end > start) return text.slice(start, end);
  }
  return undefined;
}
