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
import { getElementwise, resolveParams } from '../src/activations/index.js';
import { jsBackend } from '../src/kernels/js.js';
import { matmulTransposeB } from '../src/kernels/matmul.js';
import { wasmBackend } from '../src/kernels/wasm.js';
import { matmul as nnMatmul, matmulTransposeA, matmulTransposeB as nnMatmulTransposeB, matrix } from '../src/nn/matrix.js';
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

describe('matmulTransposeB: the WebAssembly kernels (sums in the element type) and the TypeScript one (float64 sums)', () => {
  /**
   * |computed − exact| ≤ (k + 2)·u·(Σ|a·b| + |bias|), u = 2⁻²⁴ (float32) or 2⁻⁵³ (float64):
   * Higham's γ_k bound for the sum, plus the bias add and the final rounding. The reference is
   * float64 (exact products of float32 values) — for float64 inputs it carries its own
   * rounding, so the bound is doubled there.
   */
  function check(wasm: boolean, m: number, k: number, n: number, withBias: boolean, relu: boolean, seed: number, f64 = false) {
    const rng = new DefaultRng(seed);
    const Type = f64 ? Float64Array : Float32Array;
    const a = rng.fillNormal(new Type(m * k));
    const b = rng.fillNormal(new Type(n * k));
    const bias = withBias ? rng.fillNormal(new Type(n)) : undefined;
    setWasmEnabled(wasm);
    const out = matmulTransposeB(a, b, m, k, n, new Type(m * n), { ...(bias ? { bias } : {}), activation: relu ? 'relu' : 'none' });
    setWasmEnabled(true);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let exact = bias ? (bias[j] as number) : 0;
        let magnitude = Math.abs(exact);
        for (let p = 0; p < k; p++) {
          const t = (a[i * k + p] as number) * (b[j * k + p] as number);
          exact += t;
          magnitude += Math.abs(t);
        }
        if (relu) exact = Math.max(exact, 0);
        const tolerance = (f64 ? 2 * 2 ** -53 : 2 ** -24) * (k + 2) * magnitude;
        const got = out[i * n + j] as number;
        if (!(Math.abs(got - exact) <= tolerance)) expect.fail(`(${i}, ${j}) of ${m}×${k}·(${n}×${k})ᵀ: ${got} vs ${exact} ± ${tolerance}`);
        if (relu) expect(got).toBeGreaterThanOrEqual(0);
      }
    }
  }

  it.each([
    [true, false],
    [false, false],
    [true, true],
    [false, true],
  ])('within the summation bound for any shape, bias and ReLU (WebAssembly: %s, float64: %s)', (wasm, f64) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 21 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (m, k, n, withBias, relu, seed) => check(wasm, m, k, n, withBias, relu, seed, f64),
      ),
      { numRuns: 40 },
    );
  });

  it('a block-sized case: 300 rows (two row blocks), k = 513 (three depth slices), 45 columns (a partial panel)', () => {
    check(true, 300, 513, 45, true, true, 7);
    check(true, 300, 513, 45, true, true, 8, true);
  });
});

describe('nn products (src/nn/matrix.ts): WebAssembly and the plain loops give the same bits', () => {
  it('a·b, aᵀ·b and a·bᵀ for any shape above the WebAssembly threshold, k across depth slices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, k, m, seed) => {
          const rng = new DefaultRng(seed);
          const a = matrix(n, k, rng.fillNormal(new Float64Array(n * k)));
          const b = matrix(k, m, rng.fillNormal(new Float64Array(k * m)));
          const bt = matrix(m, k, rng.fillNormal(new Float64Array(m * k)));
          const at = matrix(k, n, rng.fillNormal(new Float64Array(k * n)));
          const run = () => [nnMatmul(a, b).data, matmulTransposeA(at, b).data, nnMatmulTransposeB(a, bt).data];
          const fast = run();
          setWasmEnabled(false);
          const plain = run();
          setWasmEnabled(true);
          fast.forEach((f, i) => expect(Array.from(f)).toEqual(Array.from(plain[i] as Float64Array)));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("PReLU's slope gradient in WebAssembly", () => {
  it('has the bits of the TypeScript sum, for both dtypes, any length (across copy chunks) and signed zeros', () => {
    const prelu = getElementwise('prelu');
    const params = resolveParams(prelu, {});
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (n, seed, f32) => {
        const rng = new DefaultRng(seed);
        const Type = f32 ? Float32Array : Float64Array;
        const x = rng.fillNormal(new Type(n));
        const g = rng.fillNormal(new Type(n));
        for (let i = 0; i < n; i += 97) x[i] = i % 2 ? 0 : -0;
        const fast = wasmBackend.parameterGradient(prelu, params, 'slope', x, g);
        const plain = jsBackend.parameterGradient(prelu, params, 'slope', x, g);
        expect(Object.is(fast, plain)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
