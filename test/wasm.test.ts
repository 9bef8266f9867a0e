/**
 * The WebAssembly kernels (assembly/ → src/wasm): the committed binary is what the sources
 * compile to, the module loads here, and every bulk fill gives the same bits and leaves the
 * same state as the TypeScript reference loop.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DefaultRng, NumpyRandomState, type FloatArray } from '../src/math/rng.js';
import { setWasmEnabled, wasmKernels } from '../src/wasm/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

afterEach(() => setWasmEnabled(true));

describe('the WebAssembly module', () => {
  it('loads in Node (WebAssembly with SIMD)', () => {
    expect(wasmKernels(), 'WebAssembly SIMD should be available on Node ≥ 20').toBeDefined();
  });

  it('src/wasm/generated/binary.ts is what assembly/ compiles to', () => {
    // Exits 1 with "… is stale: run npm run build:wasm" otherwise.
    execFileSync(process.execPath, [join(ROOT, 'tools', 'build-wasm.mjs'), '--check'], { stdio: 'pipe' });
  }, 60_000);
});

type Make = (seed: number) => NumpyRandomState | DefaultRng;
const GENERATORS: [string, Make][] = [
  ['numpy', (seed) => new NumpyRandomState(seed)],
  ['default', (seed) => new DefaultRng(seed)],
];

/** Fills with the kernels on or off, after `warmup` single draws; returns the fill and the next draws. */
function fillWith(wasm: boolean, make: Make, seed: number, warmup: number, out: FloatArray, scale: number, roundFirst: boolean) {
  setWasmEnabled(wasm);
  const rng = make(seed);
  for (let i = 0; i < warmup; i++) rng.normal();
  rng.fillNormal(out, scale, { roundFirst });
  const after = [rng.normal(), rng.normal(), rng.uniform()];
  return { out, after };
}

describe.each(GENERATORS)('%s generator: WebAssembly fills = TypeScript fills, bit for bit', (_name, make) => {
  it('for any seed, prior draws, length, scale, dtype and rounding order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4294967295 }),
        fc.integer({ min: 0, max: 1300 }),
        fc.integer({ min: 256, max: 3000 }),
        fc.oneof(fc.constant(1), fc.double({ min: 1e-3, max: 10, noNaN: true })),
        fc.boolean(),
        fc.boolean(),
        (seed, warmup, n, scale, f32, roundFirst) => {
          const Type = f32 ? Float32Array : Float64Array;
          const a = fillWith(true, make, seed, warmup, new Type(n), scale, roundFirst);
          const b = fillWith(false, make, seed, warmup, new Type(n), scale, roundFirst);
          expect(Array.from(a.out)).toEqual(Array.from(b.out));
          expect(a.after).toEqual(b.after);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('across chunk boundaries (2^16 elements per call) and block boundaries', () => {
    const n = (1 << 16) * 2 + 777;
    const a = fillWith(true, make, 42, 1, new Float64Array(n), 0.5, false);
    const b = fillWith(false, make, 42, 1, new Float64Array(n), 0.5, false);
    let differences = 0;
    for (let i = 0; i < n; i++) if (!Object.is(a.out[i], b.out[i])) differences++;
    expect(differences).toBe(0);
    expect(a.after).toEqual(b.after);
  });
});
