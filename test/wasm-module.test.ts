/**
 * Which WebAssembly module loads (src/wasm/select.ts): the relaxed-SIMD build where the engine
 * validates f32x4.relaxed_madd, else the strict one; setWasmModule and ACTLAB_WASM override it.
 * This project runs Node without --experimental-wasm-relaxed-simd (test/relaxed/ runs with it).
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { UnsupportedOperationError } from '../src/errors.js';
import { relaxedSimdSupported, setWasmModule, wasmKernels, wasmModuleKind } from '../src/wasm/index.js';

afterEach(() => setWasmModule('auto'));

/** Node 20 has relaxed SIMD only behind a flag; Node ≥ 22 ships it. */
const nodeHasIt = Number(process.versions.node.split('.')[0]) >= 22;

describe('choosing the WebAssembly module', () => {
  it('detects relaxed SIMD as the engine has it, and loads that module by default', () => {
    expect(relaxedSimdSupported()).toBe(nodeHasIt);
    expect(wasmKernels()).toBeDefined();
    expect(wasmModuleKind()).toBe(nodeHasIt ? 'relaxed' : 'strict');
  });

  it('setWasmModule(strict) switches to the strict module; relaxed without the feature is a typed error naming the remedy', () => {
    setWasmModule('strict');
    expect(wasmModuleKind()).toBe('strict');
    if (nodeHasIt) return void expect(() => setWasmModule('relaxed')).not.toThrow();
    expect(() => setWasmModule('relaxed')).toThrow(UnsupportedOperationError);
    expect(() => setWasmModule('relaxed')).toThrow(/Node ≥ 22.*--experimental-wasm-relaxed-simd/);
    expect(wasmModuleKind(), 'a refused choice leaves the module as it was').toBe('strict');
  });

  it('ACTLAB_WASM=relaxed and =strict are obeyed by the built library in a child Node, with and without the flag', () => {
    const script = "import('./dist/index.js').then(async (m) => { try { m.forward('relu', new Float32Array(8)); const w = await import('./dist/wasm/index.js'); console.log(w.wasmModuleKind()); } catch (e) { console.log(e.name + ': ' + e.message); } })";
    const run = (env: string, flags: string[]) =>
      spawnSync(process.execPath, [...flags, '-e', script], { env: { ...process.env, ACTLAB_WASM: env }, encoding: 'utf8' }).stdout.trim();
    expect(run('strict', ['--experimental-wasm-relaxed-simd'])).toBe('strict');
    expect(run('relaxed', ['--experimental-wasm-relaxed-simd'])).toBe('relaxed');
    expect(run('auto', ['--experimental-wasm-relaxed-simd'])).toBe('relaxed');
    if (!nodeHasIt) expect(run('relaxed', [])).toMatch(/^UnsupportedOperationError: .*Node ≥ 22.*--experimental-wasm-relaxed-simd/);
  });
});
