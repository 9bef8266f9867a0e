import { describe, expect, it } from 'vitest';
import { ffnParameterCount, gatedHiddenWidth, outputStatistics, transformerFfn } from '../src/experiments/transformer-ffn.js';
import { matmulTransposeB } from '../src/kernels/matmul.js';
import { createRng } from '../src/math/rng.js';
import { setWasmEnabled } from '../src/wasm/index.js';

/** What numpy prints for modern.py's transformer_activation_comparison() (seed 42). */
const CHAPTER = `Activation Comparison for Transformer FFN
==================================================

ReLU:
 Output mean: 0.0088
 Output std: 1.4041
 Output range: [-7.24, 7.09]

GELU:
 Output mean: 0.0073
 Output std: 1.3515
 Output range: [-6.87, 6.88]

Swish:
 Output mean: 0.0059
 Output std: 1.2605
 Output range: [-6.29, 6.47]`;

/** Reference: a plain triple loop, float64 sums in index order. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (a[i * k + p] as number) * (b[j * k + p] as number);
      out[i * n + j] = s;
    }
  }
  return out;
}

describe('matmulTransposeB', () => {
  // Odd sizes exercise the zero-padded edge tiles; k > 256 exercises several depth blocks.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [13, 300, 9],
    [130, 520, 131],
    [4, 0, 4],
  ];

  it('equals a naive triple loop exactly on integer-valued float64 (exact sums)', () => {
    const rng = createRng('default', 1);
    for (const [m, k, n] of shapes) {
      const a = new Float64Array(m * k).map(() => Math.floor(rng.uniform() * 21) - 10);
      const b = new Float64Array(n * k).map(() => Math.floor(rng.uniform() * 21) - 10);
      expect(matmulTransposeB(a, b, m, k, n)).toEqual(naive(a, b, m, k, n));
    }
  });

  it('float64 agrees with the naive loop to summation rounding', () => {
    const rng = createRng('numpy', 7);
    for (const [m, k, n] of shapes) {
      const a = rng.fillNormal(new Float64Array(m * k));
      const b = rng.fillNormal(new Float64Array(n * k));
      const got = matmulTransposeB(a, b, m, k, n, new Float64Array(m * n));
      const want = naive(a, b, m, k, n);
      for (let i = 0; i < got.length; i++) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-13 * Math.max(1, k));
    }
  });

  it('float32 in TypeScript is the float64 dot product rounded once (within one float32 rounding)', () => {
    const rng = createRng('numpy', 8);
    for (const [m, k, n] of shapes) {
      const a = rng.fillNormal(new Float32Array(m * k));
      const b = rng.fillNormal(new Float32Array(n * k));
      setWasmEnabled(false); // the WebAssembly kernel sums in float32: test/wasm.test.ts bounds it
      const got = matmulTransposeB(a, b, m, k, n);
      setWasmEnabled(true);
      expect(got).toBeInstanceOf(Float32Array);
      const want = naive(a, b, m, k, n);
      for (let i = 0; i < got.length; i++) {
        const w = want[i] as number;
        // Products of float32 values are exact in float64; only the float64 summation order differs.
        expect(Math.abs((got[i] as number) - w)).toBeLessThanOrEqual(Math.abs(w) * 2 ** -24 + 1e-12 * k);
      }
    }
  });

  it('checks shapes', () => {
    expect(() => matmulTransposeB(new Float32Array(6), new Float32Array(6), 2, 3, 3)).toThrow(/b has length 6/);
    expect(() => matmulTransposeB(new Float32Array(6), new Float32Array(6), 2, 3, 2, new Float32Array(5))).toThrow(/out has length/);
  });

  it('reports progress per block of rows, ending at 1', () => {
    const seen: number[] = [];
    matmulTransposeB(new Float32Array(300 * 4), new Float32Array(8 * 4), 300, 4, 8, undefined, { progress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(1);
  });
});

describe('transformer-ffn bookkeeping', () => {
  it('gated FFNs at hidden width 2/3·d_ff have the ungated parameter count', () => {
    expect(gatedHiddenWidth(3072)).toBe(2048);
    expect(ffnParameterCount(768, 3072, false)).toBe(2 * 768 * 3072);
    expect(ffnParameterCount(768, 2048, true)).toBe(ffnParameterCount(768, 3072, false));
    expect(ffnParameterCount(768, 2048, true)).toBe(4_718_592);
  });

  it('statistics: population std, range, histogram', () => {
    const s = outputStatistics(new Float64Array([1, 2, 3, 4]), 3);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 15);
    expect([s.min, s.max]).toEqual([1, 4]);
    expect(s.histogram.counts).toEqual([1, 1, 2]);
  });

  it('a small run: gated variants after the chapter draws leave the chapter numbers unchanged', () => {
    const config = { ...transformerFfn.defaults, tokens: 8, dModel: 12, dFF: 24, bins: 10 };
    const seen: number[] = [];
    const withGated = transformerFfn.run(config, createRng('numpy', 42), (f) => seen.push(f));
    const without = transformerFfn.run({ ...config, gated: [] }, createRng('numpy', 42));
    expect(withGated.outputs.map((s) => s.id)).toEqual(['relu', 'gelu_tanh', 'swish', 'swiglu', 'geglu']);
    expect(withGated.outputs.slice(0, 3)).toEqual(without.outputs);
    const gated = withGated.outputs.slice(3);
    for (const s of gated) {
      expect(s.hidden).toBe(16);
      expect(s.parameters).toBe(ffnParameterCount(12, 24, false));
      expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(8 * 12);
    }
    expect(seen[seen.length - 1]).toBe(1);
    const report = transformerFfn.report(withGated, config);
    expect(report).toContain('SwiGLU:');
    expect(report).toContain('GEGLU:');
    expect(report).toContain(`hidden width 16 ≈ 2/3·24`);
  });

  it('rejects a non-gated activation in gated', () => {
    expect(() => transformerFfn.run({ ...transformerFfn.defaults, tokens: 2, dModel: 2, dFF: 3, gated: ['relu'] }, createRng('numpy', 1))).toThrow();
  });
});

describe('transformer-ffn textbook mode (numpy, seed 42)', () => {
  for (const precision of ['float64', 'float32'] as const) {
    it(
      `reproduces the chapter's printout (${precision})`,
      () => {
        const config = { ...transformerFfn.defaults, gated: [], precision };
        const result = transformerFfn.run(config, createRng('numpy', 42));
        const report = transformerFfn.report(result, config);
        expect(report.startsWith(`${CHAPTER}\n`)).toBe(true);
        expect(report.slice(CHAPTER.length)).toMatch(/^\n\nNote: the chapter's "GELU" is its gelu_approx, the tanh approximation/);
      },
      180_000,
    );
  }
});
