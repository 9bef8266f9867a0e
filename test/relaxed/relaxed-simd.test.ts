/**
 * The relaxed-SIMD module (tools/build-wasm.mjs builds it beside the strict one; src/wasm/select.ts
 * picks it where the engine validates f32x4.relaxed_madd). This file runs in the vitest project
 * `relaxed-simd`, whose workers start Node with --experimental-wasm-relaxed-simd
 * (vitest.config.ts): the module is chosen; the fast float32 kernels keep their bounds (f ≤ 2 ULP,
 * f′ ≤ 4 ULP against the mpmath fixtures); the float32 matrix product keeps the summation bound;
 * and the paths without a fused step — the precise mode, every float64 kernel, the float64
 * product, the generators' fills — give the strict module's bits.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getElementwise, resolveParams } from '../../src/activations/index.js';
import { setKernelPrecision, WASM_KERNEL_IDS_FLOAT64, wasmBackend } from '../../src/kernels/index.js';
import { matmulTransposeB } from '../../src/kernels/matmul.js';
import { DefaultRng } from '../../src/math/rng.js';
import { relaxedSimdSupported, setWasmModule, wasmKernels, wasmModuleKind } from '../../src/wasm/index.js';
import { loadPoints, loadScalarCases, ulpError } from '../support/fixtures.js';

afterEach(() => {
  setKernelPrecision('fast');
  setWasmModule('auto');
});

const points = loadPoints();
const cases = loadScalarCases();
const float32Indices = points.map((z, i) => (Math.fround(z) === z || !Number.isFinite(z) ? i : -1)).filter((i) => i >= 0);
const inputs = Float32Array.from(float32Indices.map((i) => points[i] as number));

/** f and f′ of one activation on `x` in the loaded module (copy-through: no kernel arrays survive a module switch). */
function evaluate(id: string, params: Record<string, number>, x: Float32Array | Float64Array) {
  const activation = getElementwise(id);
  const resolved = resolveParams(activation, params);
  const Type = x instanceof Float32Array ? Float32Array : Float64Array;
  const y = new Type(x.length);
  const d = new Type(x.length);
  wasmBackend.forward(activation, resolved, x, y);
  wasmBackend.backward(activation, resolved, x, new Type(x.length).fill(1), d);
  return { y, d };
}

/** Runs `compute` in the strict and then the relaxed module. */
function inBoth<T>(compute: () => T): { strict: T; relaxed: T } {
  setWasmModule('strict');
  expect(wasmModuleKind()).toBe('strict');
  const strict = compute();
  setWasmModule('relaxed');
  expect(wasmModuleKind()).toBe('relaxed');
  return { strict, relaxed: compute() };
}

/** Whether two arrays hold the same bits (NaN payloads aside), as a list of the first differences. */
function differences(a: ArrayLike<number>, b: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length && out.length < 5; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) out.push(`[${i}] ${a[i]} vs ${b[i]}`);
  return a.length === b.length ? out : [`lengths ${a.length} vs ${b.length}`];
}

describe('the relaxed-SIMD module in Node with --experimental-wasm-relaxed-simd', () => {
  it('is detected and chosen by default', () => {
    expect(relaxedSimdSupported(), 'this project runs Node with --experimental-wasm-relaxed-simd (vitest.config.ts)').toBe(true);
    expect(wasmKernels()).toBeDefined();
    expect(wasmModuleKind()).toBe('relaxed');
  });

  for (const fixture of cases) {
    it(`${fixture.name}: fast float32 f ≤ 2 ULP, f′ ≤ 4 ULP; precise and float64 = the strict module bit for bit`, () => {
      expect(wasmModuleKind()).toBe('relaxed');
      const fast = evaluate(fixture.id, fixture.params, inputs);
      const failures: string[] = [];
      for (const [order, values, bound] of [['f', fast.y, 2], ['df', fast.d, 4]] as const) {
        for (let k = 0; k < float32Indices.length; k++) {
          const ref = fixture[order][float32Indices[k] as number]!;
          const err = ulpError(values[k] as number, ref, 'float32');
          if (err > bound) failures.push(`${order} at z=${inputs[k]}: got ${values[k]}, want ${ref.hi}: ${err.toFixed(2)} ULP`);
        }
      }
      expect(failures.slice(0, 8)).toEqual([]);
      const precise = inBoth(() => {
        setKernelPrecision('precise');
        const result = evaluate(fixture.id, fixture.params, inputs);
        setKernelPrecision('fast');
        return result;
      });
      expect(differences(precise.relaxed.y, precise.strict.y)).toEqual([]);
      expect(differences(precise.relaxed.d, precise.strict.d)).toEqual([]);
      if (WASM_KERNEL_IDS_FLOAT64.includes(fixture.id)) {
        const x64 = Float64Array.from(points);
        const double = inBoth(() => evaluate(fixture.id, fixture.params, x64));
        expect(differences(double.relaxed.y, double.strict.y)).toEqual([]);
        expect(differences(double.relaxed.d, double.strict.d)).toEqual([]);
      }
    });
  }
});

describe('matrix products in the relaxed-SIMD module', () => {
  /** |computed − exact| / (Σ|a·b| + |bias|) over every entry, the exact value in float64 (float32 products are exact there). */
  function worstError(out: Float32Array, a: Float32Array, b: Float32Array, bias: Float32Array, m: number, k: number, n: number): number {
    let worst = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let exact = bias[j] as number;
        let magnitude = Math.abs(exact);
        for (let p = 0; p < k; p++) {
          const t = (a[i * k + p] as number) * (b[j * k + p] as number);
          exact += t;
          magnitude += Math.abs(t);
        }
        worst = Math.max(worst, Math.abs((out[i * n + j] as number) - exact) / magnitude / (k + 2));
      }
    }
    return worst;
  }

  it('float32: within (k + 2)·2⁻²⁴·Σ|a·b| of the exact value, any shape (fused multiply-adds, same order)', () => {
    expect(wasmModuleKind()).toBe('relaxed');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 800 }), fc.integer({ min: 1, max: 21 }), fc.integer({ min: 0, max: 1000 }), (m, k, n, seed) => {
        const rng = new DefaultRng(seed);
        const a = rng.fillNormal(new Float32Array(m * k));
        const b = rng.fillNormal(new Float32Array(n * k));
        const bias = rng.fillNormal(new Float32Array(n));
        const out = matmulTransposeB(a, b, m, k, n, new Float32Array(m * n), { bias });
        expect(worstError(out, a, b, bias, m, k, n)).toBeLessThanOrEqual(2 ** -24);
      }),
      { numRuns: 40 },
    );
  });

  it('float32: a block-sized product is at least as accurate as the strict module, and float64 products give its bits', () => {
    const [m, k, n] = [300, 1100, 45];
    const rng = new DefaultRng(11);
    const a = rng.fillNormal(new Float32Array(m * k));
    const b = rng.fillNormal(new Float32Array(n * k));
    const bias = rng.fillNormal(new Float32Array(n));
    const single = inBoth(() => matmulTransposeB(a, b, m, k, n, new Float32Array(m * n), { bias }));
    const errors = { strict: worstError(single.strict, a, b, bias, m, k, n), relaxed: worstError(single.relaxed, a, b, bias, m, k, n) };
    const changed = differences(single.relaxed, single.strict).length;
    console.log(`relaxed vs strict float32 product ${m}×${k}·(${n}×${k})ᵀ: worst error / ((k + 2)·Σ|ab|) ${errors.relaxed.toExponential(2)} vs ${errors.strict.toExponential(2)}; entries differ: ${changed > 0}`);
    expect(errors.relaxed).toBeLessThanOrEqual(2 ** -24);
    expect(errors.relaxed).toBeLessThanOrEqual(errors.strict * 1.25);
    const a64 = Float64Array.from(a);
    const b64 = Float64Array.from(b);
    const double = inBoth(() => matmulTransposeB(a64, b64, m, k, n, new Float64Array(m * n), { bias: Float64Array.from(bias) }));
    expect(differences(double.relaxed, double.strict)).toEqual([]);
  });

  it("the generators' bulk fills give the strict module's bits", () => {
    const fills = inBoth(() => {
      const rng = new DefaultRng(5);
      return [rng.fillNormal(new Float64Array(4099)), rng.fillNormal(new Float32Array(4099))];
    });
    fills.strict.forEach((values, i) => expect(differences(fills.relaxed[i]!, values)).toEqual([]));
  });
});
