/**
 * The float64 WebAssembly forward kernels of the smooth activations (assembly/double): the port
 * of V8's Math.exp against Math.exp, and sigmoid, swish and gelu_tanh against their scalar
 * definitions, bit for bit (Object.is: −0 and NaN included) — any double, focused ranges,
 * every tail length, in place, zero-copy and copy-through, across copy chunks, any β.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { getElementwise, resolveParams, type ParamValues } from '../src/activations/index.js';
import { allocateKernelArray, COPY_CHUNK, freeKernelArray, reserveKernelMemory, WASM_FORWARD_IDS_FLOAT64, wasmBackend } from '../src/kernels/index.js';
import { wasmKernels } from '../src/wasm/index.js';

const SMOOTH = ['sigmoid', 'swish', 'gelu_tanh'] as const;

type ExpKernel = (x: number, out: number, n: number) => void;

/** The first index where the WebAssembly forward pass differs from the definition, or -1. */
function firstMismatch(id: string, params: ParamValues, x: Float64Array, y: Float64Array): number {
  const f = getElementwise(id).f;
  for (let i = 0; i < x.length; i++) if (!Object.is(y[i], f(x[i] as number, params))) return i;
  return -1;
}

/** Forward through every data path: copy-through, in place, zero-copy, zero-copy in place. */
function check(id: string, params: ParamValues, values: ArrayLike<number>): void {
  const activation = getElementwise(id);
  const x = Float64Array.from(values);
  const n = x.length;
  const describeAt = (i: number, y: Float64Array) => `${id}(${x[i]}; ${JSON.stringify(params)}) = ${y[i]}, definition ${activation.f(x[i] as number, params)}`;
  const y = new Float64Array(n);
  wasmBackend.forward(activation, params, x, y);
  let bad = firstMismatch(id, params, x, y);
  expect(bad, bad < 0 ? '' : describeAt(bad, y)).toBe(-1);
  const inPlace = Float64Array.from(x);
  wasmBackend.forward(activation, params, inPlace, inPlace);
  bad = firstMismatch(id, params, x, inPlace);
  expect(bad, bad < 0 ? '' : describeAt(bad, inPlace)).toBe(-1);
  reserveKernelMemory(2 * 8 * n + 64);
  const xs = allocateKernelArray(n, 'float64');
  const ys = allocateKernelArray(n, 'float64');
  try {
    xs.set(x);
    wasmBackend.forward(activation, params, xs, ys);
    bad = firstMismatch(id, params, x, ys);
    expect(bad, bad < 0 ? '' : describeAt(bad, ys)).toBe(-1);
    wasmBackend.forward(activation, params, xs, xs);
    bad = firstMismatch(id, params, x, xs);
    expect(bad, bad < 0 ? '' : describeAt(bad, xs)).toBe(-1);
  } finally {
    freeKernelArray(xs);
    freeKernelArray(ys);
  }
}

const anyDouble = fc.oneof(
  fc.double(),
  fc.double({ min: -40, max: 40 }),
  fc.double({ min: -1e-8, max: 1e-8 }),
  fc.double({ min: -760, max: -680 }),
  fc.double({ min: 680, max: 760 }),
  fc.double({ min: -32, max: -18 }),
  fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1, -1, 30, -30, 690, -690, 708, -708, 1e300, -1e300, 6.69692879491417e299),
);

describe('WebAssembly port of Math.exp (assembly/double/exp.ts)', () => {
  const kernels = wasmKernels();
  it.runIf(kernels !== undefined)('gives Math.exp bit for bit on a few million arguments across the whole range', () => {
    const exp = (kernels!.exports as unknown as Record<string, ExpKernel>).expF64!;
    const n = 1 << 18;
    reserveKernelMemory(2 * 8 * n + 64);
    const x = allocateKernelArray(n, 'float64');
    const out = allocateKernelArray(n, 'float64');
    const bits = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
    const draws: Array<(i: number) => number> = [
      () => (Math.random() * 2 - 1) * 750,
      () => (Math.random() * 2 - 1) * 40,
      () => (Math.random() * 2 - 1) * 1.5,
      () => (Math.random() < 0.5 ? -1 : 1) * 2 ** (-28 - Math.random() * 1000),
      () => (Math.random() < 0.5 ? -1 : 1) * (700 + Math.random() * 46),
      () => -690 - Math.random() * 60,
    ];
    let mismatches = 0;
    try {
      for (const draw of [...draws, undefined, undefined]) {
        if (draw) for (let i = 0; i < n; i++) x[i] = draw(i);
        else for (let i = 0; i < 2 * n; i++) bits[i] = (Math.random() * 2 ** 32) >>> 0;
        x.set([0, -0, 1, -1, Infinity, -Infinity, NaN, 708, -708, 709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, 2 ** -28, -(2 ** -28), 5e-324, -5e-324]);
        exp(x.byteOffset, out.byteOffset, n - 1);
        for (let i = 0; i < n - 1; i++) if (!Object.is(out[i], Math.exp(x[i] as number))) mismatches++;
      }
    } finally {
      freeKernelArray(x);
      freeKernelArray(out);
    }
    expect(mismatches).toBe(0);
  });
});

describe('float64 forward kernels of the smooth activations = the scalar definitions, bit for bit', () => {
  it('are routed: their float64 forward pass is WebAssembly', () => {
    for (const id of SMOOTH) expect(WASM_FORWARD_IDS_FLOAT64).toContain(id);
  });

  for (const id of SMOOTH) {
    const defaults = resolveParams(getElementwise(id), {});
    it(`${id}: any double, every tail length, in place, zero-copy and copy-through`, () => {
      fc.assert(
        fc.property(fc.array(anyDouble, { minLength: 1, maxLength: 37 }), (values) => check(id, defaults, values)),
        { numRuns: 300 },
      );
    });

    it(`${id}: dense sweeps of the focused ranges, across copy chunks`, () => {
      const n = COPY_CHUNK + 3;
      const ranges: Array<[number, number]> = [
        [-40, 40],
        [-1e-8, 1e-8],
        [-760, -680],
        [680, 760],
        [-31, -17],
        [17, 31],
      ];
      for (const [lo, hi] of ranges) check(id, defaults, Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1)));
      check(id, defaults, Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * 2 ** (-1074 + (i % 1100))));
    });
  }

  it('swish: any β > 0 (tiny, huge, past the split limit)', () => {
    const beta = fc.oneof(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.constantFrom(1, 1.702, 5e-324, 1e-310, 7e299, 1.7976931348623157e308));
    fc.assert(
      fc.property(beta, fc.array(anyDouble, { minLength: 1, maxLength: 23 }), (b, values) => check('swish', { beta: b }, values)),
      { numRuns: 300 },
    );
  });

  it('swish: β log-uniform over the whole accepted range (5e−324 … max), inputs over the whole range', () => {
    const magnitude = fc
      .tuple(fc.integer({ min: -1074, max: 1023 }), fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }))
      .map(([e, m]) => Math.min(1.7976931348623157e308, m * 2 ** e));
    const signed = fc.tuple(fc.boolean(), magnitude).map(([negative, m]) => (negative ? -m : m));
    fc.assert(
      fc.property(magnitude, fc.array(fc.oneof(signed, anyDouble), { minLength: 1, maxLength: 23 }), (b, values) => check('swish', { beta: b }, values)),
      { numRuns: 300 },
    );
  });

  it('a freshly loaded module gives the definition on its very first call (swish split β before its constants were set)', async () => {
    vi.resetModules();
    const kernels = await import('../src/kernels/index.js');
    const activations = await import('../src/activations/index.js');
    const swish = activations.getElementwise('swish');
    const beta = 0.7804703807689006;
    const x = Float64Array.from([-207.21484572533225, -802.8164633009106, -1.5, 3]);
    const y = new Float64Array(x.length);
    kernels.wasmBackend.forward(swish, { beta }, x, y);
    for (let i = 0; i < x.length; i++) expect(Object.is(y[i], swish.f(x[i] as number, { beta })), `swish(${x[i]})`).toBe(true);
    vi.resetModules();
  });

  it('backward stays in TypeScript and still matches g·f′', () => {
    for (const id of SMOOTH) {
      const a = getElementwise(id);
      const params = resolveParams(a, {});
      const x = Float64Array.from([-800, -50, -1.5, -0, 0, 1e-9, 2.5, 40, NaN, Infinity]);
      const g = Float64Array.from(x, (_, i) => i - 3.5);
      const d = new Float64Array(x.length);
      wasmBackend.backward(a, params, x, g, d);
      for (let i = 0; i < x.length; i++) expect(Object.is(d[i], (g[i] as number) * a.df(x[i] as number, params))).toBe(true);
    }
  });
});
