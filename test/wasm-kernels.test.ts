/**
 * The WebAssembly SIMD kernels (assembly/kernels → src/kernels/wasm.ts): every elementwise
 * activation × {forward, backward} in float32 against the mpmath fixtures (f ≤ 2 ULP,
 * f′ ≤ 4 ULP, the bounds of the scalar definitions), through both data paths; agreement with
 * the TypeScript backend; properties (symmetry, monotonicity, in place = out of place, chunk
 * and tail boundaries, NaN and ±∞); the allocator. Prints the measured ULP table.
 */
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ACTIVATIONS, getElementwise, resolveParams, type ElementwiseActivation, type ParamValues } from '../src/activations/index.js';
import { InvalidArgumentError, InvalidParameterError, SizeLimitError } from '../src/errors.js';
import {
  allocateKernelArray,
  backward,
  COPY_CHUNK,
  forward,
  freeKernelArray,
  getBackend,
  getKernelPrecision,
  isKernelArray,
  jsBackend,
  reserveKernelMemory,
  setKernelPrecision,
  WASM_KERNEL_IDS,
  WASM_KERNEL_IDS_FLOAT64,
  wasmBackend,
} from '../src/kernels/index.js';
import { KERNELS } from '../src/kernels/descriptors.js';
import { setWasmEnabled, wasmKernels } from '../src/wasm/index.js';
import { loadPoints, loadScalarCases, ulp32, ulpError } from './support/fixtures.js';

afterEach(() => setWasmEnabled(true));

const points = loadPoints();
const cases = loadScalarCases();
const float32Indices = points.map((z, i) => (Math.fround(z) === z || !Number.isFinite(z) ? i : -1)).filter((i) => i >= 0);
const inputs = float32Indices.map((i) => points[i] as number);
const TARGET = { f: 2, df: 4 } as const;

const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
/** Exact in float32 arithmetic: the kernels must give the TypeScript values bit for bit. */
const PIECEWISE_LINEAR = new Set(['relu', 'leaky_relu', 'prelu', 'rrelu', 'relu6', 'hard_tanh', 'threshold', 'hardshrink', 'linear', 'softshrink']);

function run(activation: ElementwiseActivation, params: ParamValues, x: Float32Array, zeroCopy: boolean) {
  const n = x.length;
  const g = new Float32Array(n).fill(1);
  if (!zeroCopy) {
    const y = new Float32Array(n);
    const d = new Float32Array(n);
    wasmBackend.forward(activation, params, x, y);
    wasmBackend.backward(activation, params, x, g, d);
    return { y, d };
  }
  reserveKernelMemory(16 * n + 64);
  const xs = allocateKernelArray(n, 'float32');
  const ys = allocateKernelArray(n, 'float32');
  const gs = allocateKernelArray(n, 'float32');
  const ds = allocateKernelArray(n, 'float32');
  xs.set(x);
  gs.set(g);
  wasmBackend.forward(activation, params, xs, ys);
  wasmBackend.backward(activation, params, xs, gs, ds);
  const result = { y: Float32Array.from(ys), d: Float32Array.from(ds) };
  for (const a of [xs, ys, gs, ds]) freeKernelArray(a);
  return result;
}

interface Row {
  name: string;
  wasm: { f: number; df: number };
  ts: { f: number; df: number };
  /** float64 kernels (piecewise-linear family), in float64 ULPs. */
  wasm64?: { f: number; df: number };
}
const rows: Row[] = [];

/** Both data paths on x; they must agree bit for bit. Returns the copy-through results. */
function runBothPaths(activation: ElementwiseActivation, params: ParamValues, x: Float32Array) {
  const copied = run(activation, params, x, false);
  const inPlace = run(activation, params, x, true);
  expect(Array.from(inPlace.y)).toEqual(Array.from(copied.y));
  expect(Array.from(inPlace.d)).toEqual(Array.from(copied.d));
  return copied;
}

describe('WebAssembly float32 kernels against the mpmath fixtures', () => {
  it('cover every elementwise activation of the registry', () => {
    expect(wasmKernels()).toBeDefined();
    // Every one but those the descriptor table marks TypeScript-only, each with its reason.
    const typescriptOnly = Object.keys(KERNELS).filter((id) => KERNELS[id]?.typescriptOnly);
    expect([...WASM_KERNEL_IDS].sort()).toEqual(ELEMENTWISE.map((a) => a.id).filter((id) => !typescriptOnly.includes(id)).sort());
    expect(getBackend()).toBe(wasmBackend);
  });

  for (const fixture of cases) {
    it(`${fixture.name}: f ≤ 2 ULP, f′ ≤ 4 ULP, zero-copy and copy-through alike`, () => {
      const activation = getElementwise(fixture.id);
      const params = resolveParams(activation, fixture.params);
      const x = Float32Array.from(inputs);
      const copied = runBothPaths(activation, params, x);
      // The TypeScript backend on the same inputs, for the table.
      const tsY = new Float32Array(x.length);
      const tsD = new Float32Array(x.length);
      jsBackend.forward(activation, params, x, tsY);
      jsBackend.backward(activation, params, x, new Float32Array(x.length).fill(1), tsD);
      const row: Row = { name: fixture.name, wasm: { f: 0, df: 0 }, ts: { f: 0, df: 0 } };
      const failures: string[] = [];
      for (const [order, wasm, ts] of [['f', copied.y, tsY], ['df', copied.d, tsD]] as const) {
        const refs = fixture[order];
        for (let k = 0; k < float32Indices.length; k++) {
          const ref = refs[float32Indices[k] as number]!;
          const err = ulpError(wasm[k] as number, ref, 'float32');
          row.wasm[order] = Math.max(row.wasm[order], err);
          row.ts[order] = Math.max(row.ts[order], ulpError(ts[k] as number, ref, 'float32'));
          if (err > TARGET[order]) failures.push(`${order} at z=${inputs[k]}: got ${wasm[k]}, want ${ref.hi}: ${err.toFixed(2)} ULP`);
        }
      }
      if (WASM_KERNEL_IDS_FLOAT64.includes(fixture.id)) {
        // Float64 kernels over every point (not only the float32 ones), zero-copy.
        reserveKernelMemory(3 * 8 * points.length + 64);
        const x64 = allocateKernelArray(points.length, 'float64');
        const y64 = allocateKernelArray(points.length, 'float64');
        const d64 = allocateKernelArray(points.length, 'float64');
        x64.set(points);
        d64.fill(1);
        wasmBackend.forward(activation, params, x64, y64);
        wasmBackend.backward(activation, params, x64, d64, d64);
        row.wasm64 = { f: 0, df: 0 };
        for (const [order, values] of [['f', y64], ['df', d64]] as const) {
          for (let i = 0; i < points.length; i++) {
            const err = ulpError(values[i] as number, fixture[order][i]!, 'float64');
            row.wasm64[order] = Math.max(row.wasm64[order], err);
            if (err > TARGET[order]) failures.push(`${order} float64 at z=${points[i]}: got ${values[i]}: ${err.toFixed(2)} ULP`);
          }
        }
        for (const a of [x64, y64, d64]) freeKernelArray(a);
      }
      rows.push(row);
      expect(failures.slice(0, 12)).toEqual([]);
    });
  }

  afterAll(() => {
    const fmt = (x: number) => (x === 0 ? '0' : x < 0.001 ? x.toExponential(0) : x.toFixed(3));
    console.log(
      [
        '',
        `WebAssembly float32 kernels: max error in ULPs against mpmath, ${inputs.length} float32 points; targets f ≤ 2, f′ ≤ 4`,
        '| case | f (wasm f32) | f′ (wasm f32) | f (ts f32) | f′ (ts f32) | f (wasm f64) | f′ (wasm f64) |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...rows
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(
            (r) =>
              `| ${r.name} | ${fmt(r.wasm.f)} | ${fmt(r.wasm.df)} | ${fmt(r.ts.f)} | ${fmt(r.ts.df)} | ` +
              `${r.wasm64 ? fmt(r.wasm64.f) : '(ts)'} | ${r.wasm64 ? fmt(r.wasm64.df) : '(ts)'} |`,
          ),
        '',
      ].join('\n'),
    );
  });
});

/** Float32 inputs of every kind: small, moderate, huge, subnormal, ±0, ±∞. */
const anyFloat32 = fc.oneof(
  fc.float({ noNaN: true }),
  fc.float({ min: -20, max: 20, noNaN: true }),
  fc.float({ min: -3, max: 3, noNaN: true }),
  fc.constantFrom(0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38),
);

/** Error in float32 ULPs of `value` against the float64 scalar definition. */
function errorAgainstScalar(value: number, exact: number): number {
  if (Number.isNaN(exact)) return Number.isNaN(value) ? 0 : Infinity;
  if (!Number.isFinite(exact) || Math.abs(exact) >= 3.4028235677973366e38) return value === Math.fround(exact) ? 0 : Infinity;
  return Math.abs(value - exact) / ulp32(exact);
}

/** The precise mode's bound: one rounding of a ~1e−10-accurate float64 value (plus rare ties). */
const PRECISE = 0.52;

describe("setKernelPrecision: the 'precise' mode (float64 evaluation, rounded once)", () => {
  afterEach(() => setKernelPrecision('fast'));

  it("defaults to 'fast', returns the previous mode and rejects other values", () => {
    expect(getKernelPrecision()).toBe('fast');
    expect(setKernelPrecision('precise')).toBe('fast');
    expect(getKernelPrecision()).toBe('precise');
    expect(setKernelPrecision('fast')).toBe('precise');
    expect(() => setKernelPrecision('exact' as never)).toThrow(InvalidParameterError);
    expect(getKernelPrecision()).toBe('fast');
  });

  for (const fixture of cases.filter((c) => !PIECEWISE_LINEAR.has(c.id))) {
    it(`${fixture.name}: f and f′ ≤ ${PRECISE} ULP, zero-copy and copy-through alike`, () => {
      setKernelPrecision('precise');
      const activation = getElementwise(fixture.id);
      const params = resolveParams(activation, fixture.params);
      const x = Float32Array.from(inputs);
      const copied = runBothPaths(activation, params, x);
      const failures: string[] = [];
      for (const [order, values] of [['f', copied.y], ['df', copied.d]] as const) {
        for (let k = 0; k < float32Indices.length; k++) {
          const ref = fixture[order][float32Indices[k] as number]!;
          const err = ulpError(values[k] as number, ref, 'float32');
          if (err > PRECISE) failures.push(`${order} at z=${inputs[k]}: got ${values[k]}, want ${ref.hi}: ${err.toFixed(3)} ULP`);
        }
      }
      expect(failures.slice(0, 12)).toEqual([]);
    });
  }

  it('differs from the fast mode only within the bounds, with the same special values', () => {
    const x = Float32Array.from([NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, -100, -0.5, 0.5, 3]);
    for (const id of ['sigmoid', 'tanh', 'elu', 'selu', 'celu', 'swish', 'softplus', 'log_sigmoid', 'mish', 'hard_sigmoid']) {
      const activation = getElementwise(id);
      const params = resolveParams(activation, {});
      const fast = run(activation, params, x, true);
      setKernelPrecision('precise');
      const precise = run(activation, params, x, true);
      setKernelPrecision('fast');
      for (let i = 0; i < x.length; i++) {
        for (const [a, b] of [[fast.y[i], precise.y[i]], [fast.d[i], precise.d[i]]] as const) {
          if (Number.isNaN(b)) expect(a, `${id}(${x[i]})`).toBeNaN();
          else if (!Number.isFinite(b) || b === 0) expect(a, `${id}(${x[i]})`).toBe(b);
          else expect(Math.abs((a as number) - (b as number)) / ulp32(b as number), `${id}(${x[i]})`).toBeLessThanOrEqual(4.5);
        }
      }
    }
  });
});

describe('WebAssembly = TypeScript', () => {
  for (const activation of ELEMENTWISE) {
    const exact = PIECEWISE_LINEAR.has(activation.id);
    it(`${activation.id}: ${exact ? 'bit for bit' : 'within 2 ULP (f) and 4 ULP (f′) of the float64 definition'}, for random float32 inputs and gradients`, () => {
      const params = resolveParams(activation, {});
      fc.assert(
        fc.property(fc.array(anyFloat32, { minLength: 1, maxLength: 40 }), fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 40, maxLength: 40 }), (values, grads) => {
          const x = Float32Array.from(values);
          const g = Float32Array.from(grads.slice(0, x.length));
          const y = new Float32Array(x.length);
          const d = new Float32Array(x.length);
          wasmBackend.forward(activation, params, x, y);
          wasmBackend.backward(activation, params, x, g, d);
          for (let i = 0; i < x.length; i++) {
            const z = x[i] as number;
            const f = activation.f(z, params);
            const df = (g[i] as number) * activation.df(z, params);
            if (exact) {
              expect(Object.is(y[i], Math.fround(f)) || y[i] === Math.fround(f), `f(${z})`).toBe(true);
              expect(Object.is(d[i], Math.fround(df)) || d[i] === Math.fround(df) || (Number.isNaN(d[i]) && Number.isNaN(df)), `g·f′(${z})`).toBe(true);
            } else {
              expect(errorAgainstScalar(y[i] as number, f), `f(${z}) = ${y[i]}, want ${f}`).toBeLessThanOrEqual(2);
              // gradOut·f′ rounded once: the error is the f′ error (≤ 4 ULP) plus the product's rounding.
              expect(errorAgainstScalar(d[i] as number, df), `${g[i]}·f′(${z}) = ${d[i]}, want ${df}`).toBeLessThanOrEqual(4.5);
            }
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  for (const id of WASM_KERNEL_IDS_FLOAT64) {
    it(`${id} float64: bit for bit, any length, in place, zero-copy or not`, () => {
      const activation = getElementwise(id);
      const params = resolveParams(activation, {});
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.double(), fc.double({ min: -10, max: 10 })), { minLength: 1, maxLength: 41 }), (values) => {
          const x = Float64Array.from(values);
          const g = Float64Array.from(values, (_, i) => (i % 7) - 3.25);
          const y = forward(id, x);
          const d = backward(id, x, g).gradIn;
          for (let i = 0; i < x.length; i++) {
            const z = x[i] as number;
            expect(Object.is(y[i], activation.f(z, params)), `f(${z}) = ${y[i]}`).toBe(true);
            expect(Object.is(d[i], (g[i] as number) * activation.df(z, params)), `g·f′(${z}) = ${d[i]}`).toBe(true);
          }
          const inPlace = Float64Array.from(x);
          forward(id, inPlace, { out: inPlace });
          expect(Array.from(inPlace)).toEqual(Array.from(y));
        }),
        { numRuns: 100 },
      );
      const n = COPY_CHUNK + 3;
      reserveKernelMemory(2 * 8 * n + 64);
      const xs = allocateKernelArray(n, 'float64');
      const ys = allocateKernelArray(n, 'float64');
      for (let i = 0; i < n; i++) xs[i] = Math.sin(i) * 8;
      forward(id, xs, { out: ys });
      expect(Array.from(ys)).toEqual(Array.from(forward(id, Float64Array.from(xs))));
      freeKernelArray(xs);
      freeKernelArray(ys);
    });
  }

  it('the leaky family and threshold bit for bit (signed zeros included) for any parameters, float32 and float64', () => {
    const slope = fc.oneof(fc.constantFrom(0, -0, 1, 0.5), fc.double({ min: -2, max: 2, noNaN: true }));
    fc.assert(
      fc.property(
        fc.constantFrom('prelu', 'leaky_relu', 'threshold', 'hard_tanh', 'hardshrink', 'softshrink'),
        slope,
        slope,
        fc.boolean(),
        fc.array(fc.tuple(fc.float({ noNaN: true }), fc.float({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 23 }),
        (id, a, b, single, pairs) => {
          const activation = getElementwise(id);
          const given: Record<string, Record<string, number>> = {
            prelu: { slope: a },
            leaky_relu: { negative_slope: a },
            threshold: { threshold: a, value: b },
            hard_tanh: { min_val: Math.min(a, b) - 1, max_val: Math.max(a, b) },
            hardshrink: { lambda: Math.abs(a) },
            softshrink: { lambda: Math.abs(a) },
          };
          const params = resolveParams(activation, given[id]);
          const xs = pairs.map(([z]) => z);
          const gs = pairs.map(([, v]) => v);
          const x = single ? Float32Array.from(xs) : Float64Array.from(xs);
          const g = single ? Float32Array.from(gs) : Float64Array.from(gs);
          const y = single ? new Float32Array(x.length) : new Float64Array(x.length);
          const d = single ? new Float32Array(x.length) : new Float64Array(x.length);
          wasmBackend.forward(activation, params, x, y);
          wasmBackend.backward(activation, params, x, g, d);
          const round = single ? Math.fround : (v: number) => v;
          for (let i = 0; i < x.length; i++) {
            const z = x[i] as number;
            const f = round(activation.f(z, params));
            const df = round((g[i] as number) * activation.df(z, params));
            expect(Object.is(y[i], f), `${id} f(${z}) = ${y[i]}, want ${f}`).toBe(true);
            expect(Object.is(d[i], df), `${id} g·f′(${z}) = ${d[i]}, want ${df}`).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a dense sweep of [-20, 20] and of the neighbourhood of every root of f′ agrees too', () => {
    const sweep: number[] = [];
    for (let z = -20; z <= 20; z += 1 / 512) sweep.push(z);
    for (const root of [-1.2784645427610737, -0.7517915246935645, -0.7524614220710163, -1.1924312145154952]) {
      let z = Math.fround(root);
      for (let k = 0; k < 200; k++) z = below32(z);
      for (let k = 0; k < 400; k++) {
        sweep.push(z);
        z = above32Next(z);
      }
    }
    const x = Float32Array.from(sweep);
    const failures: string[] = [];
    for (const activation of ELEMENTWISE) {
      const params = resolveParams(activation, {});
      const y = new Float32Array(x.length);
      const d = new Float32Array(x.length);
      wasmBackend.forward(activation, params, x, y);
      wasmBackend.backward(activation, params, x, new Float32Array(x.length).fill(1), d);
      for (let i = 0; i < x.length; i++) {
        const z = x[i] as number;
        const ef = errorAgainstScalar(y[i] as number, activation.f(z, params));
        const ed = errorAgainstScalar(d[i] as number, activation.df(z, params));
        if (ef > 2 || ed > 4) failures.push(`${activation.id} at ${z}: f ${ef.toFixed(2)} ULP, f′ ${ed.toFixed(2)} ULP`);
      }
    }
    expect(failures.slice(0, 12)).toEqual([]);
  });
});

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
/** The float32 below a positive or negative nonzero float32 z. */
function below32(z: number): number {
  F32[0] = z;
  U32[0] = (U32[0] as number) + (z > 0 ? -1 : 1);
  return F32[0] as number;
}
/** The float32 above a nonzero float32 z. */
function above32Next(z: number): number {
  F32[0] = z;
  U32[0] = (U32[0] as number) + (z > 0 ? 1 : -1);
  return F32[0] as number;
}

describe('properties of the WebAssembly kernels', () => {
  const f32 = (id: string, x: Float32Array, params: Record<string, number> = {}) => forward(id, x, { params });
  const df32 = (id: string, x: Float32Array) => backward(id, x, new Float32Array(x.length).fill(1)).gradIn;
  const finite = fc.float({ min: -1e6, max: 1e6, noNaN: true });

  it('odd functions are odd and their derivatives even, exactly', () => {
    const odd = ['tanh', 'softsign', 'tanhshrink', 'softshrink', 'hardshrink', 'hard_tanh', 'linear'];
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 33 }), (values) => {
        const x = Float32Array.from(values);
        const minus = x.map((v) => -v);
        for (const id of odd) {
          const y = f32(id, x);
          const yMinus = f32(id, minus);
          const d = df32(id, x);
          const dMinus = df32(id, minus);
          for (let i = 0; i < x.length; i++) {
            expect(yMinus[i] === -(y[i] as number), `${id}(−${x[i]})`).toBe(true);
            expect(dMinus[i] === d[i] || x[i] === 0, `${id}′(−${x[i]})`).toBe(true);
          }
        }
        const sigmoid = f32('sigmoid', x);
        const sigmoidMinus = f32('sigmoid', minus);
        const sd = df32('sigmoid', x);
        const sdMinus = df32('sigmoid', minus);
        for (let i = 0; i < x.length; i++) {
          // σ(−z) = 1 − σ(z) up to the two roundings; σ′ is even, exactly.
          expect(Math.abs((sigmoidMinus[i] as number) - (1 - (sigmoid[i] as number)))).toBeLessThanOrEqual(1.2e-7);
          expect(sdMinus[i]).toBe(sd[i]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('monotone activations give sorted outputs for sorted inputs', () => {
    const monotone = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'celu', 'softplus', 'log_sigmoid', 'relu6', 'hard_tanh', 'hard_sigmoid', 'softsign', 'squareplus', 'tanhshrink', 'softshrink', 'linear'];
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { minLength: 2, maxLength: 64 }), (values) => {
        const x = Float32Array.from(values).sort();
        for (const id of monotone) {
          const y = f32(id, x);
          for (let i = 1; i < y.length; i++) expect(y[i]! >= y[i - 1]!, `${id} at ${x[i - 1]}, ${x[i]}: ${y[i - 1]}, ${y[i]}`).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('in place = out of place, and every element is the same whatever its position (tails of 1–3, chunk boundaries)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ELEMENTWISE.map((a) => a.id)),
        fc.array(fc.float({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 23 }),
        (id, values) => {
          const x = Float32Array.from(values);
          const y = f32(id, x);
          const g = Float32Array.from(values, (_, i) => (i % 5) - 2.5);
          const d = backward(id, x, g).gradIn;
          const inPlace = Float32Array.from(x);
          forward(id, inPlace, { out: inPlace });
          expect(Array.from(inPlace)).toEqual(Array.from(y));
          const gInPlace = Float32Array.from(g);
          backward(id, x, gInPlace, { out: gInPlace });
          expect(Array.from(gInPlace)).toEqual(Array.from(d));
          for (let i = 0; i < x.length; i++) {
            const alone = f32(id, x.subarray(i, i + 1));
            expect(Object.is(alone[0], y[i])).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('long arrays across copy chunks: copy-through = zero-copy = element by element', () => {
    const n = COPY_CHUNK * 2 + 7;
    reserveKernelMemory(3 * 4 * n); // allocations below must not grow the memory (detaching earlier ones)
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 12);
    const g = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11));
    for (const id of ['gelu', 'swish', 'relu', 'elu']) {
      const copied = forward(id, x);
      const gradCopied = backward(id, x, g).gradIn;
      const xs = allocateKernelArray(n, 'float32');
      const ys = allocateKernelArray(n, 'float32');
      const gs = allocateKernelArray(n, 'float32');
      xs.set(x);
      gs.set(g);
      forward(id, xs, { out: ys });
      expect(ys).toEqual(copied);
      backward(id, xs, gs, { out: gs }); // in place over gradOut, zero-copy
      expect(gs).toEqual(gradCopied);
      // Mixed: x in the module's memory, out outside it.
      expect(forward(id, xs)).toEqual(copied);
      for (const i of [0, COPY_CHUNK - 1, COPY_CHUNK, COPY_CHUNK + 1, n - 1]) {
        expect(Object.is(forward(id, x.subarray(i, i + 1))[0], copied[i])).toBe(true);
      }
      for (const a of [xs, ys, gs]) freeKernelArray(a);
    }
  });

  it('NaN in gives NaN out for f and f′; ±∞ give the limits of the scalar definitions', () => {
    for (const activation of ELEMENTWISE) {
      const params = resolveParams(activation, {});
      const x = Float32Array.from([NaN, Infinity, -Infinity, NaN, 1]);
      const y = forward(activation, x);
      const d = backward(activation, x, new Float32Array(5).fill(1)).gradIn;
      expect(Number.isNaN(y[0]) && Number.isNaN(y[3]), activation.id).toBe(true);
      expect(Number.isNaN(d[0]) && Number.isNaN(d[3]), activation.id).toBe(true);
      for (const i of [1, 2]) {
        // ±0 count as equal, as in the fixture comparisons.
        expect(y[i] === Math.fround(activation.f(x[i] as number, params)), `${activation.id}(${x[i]}) = ${y[i]}`).toBe(true);
        // (NaN both where f′ has no limit: Snake's oscillates.)
        const slope = Math.fround(activation.df(x[i] as number, params));
        expect(d[i] === slope || (Number.isNaN(d[i]) && Number.isNaN(slope)), `${activation.id}′(${x[i]}) = ${d[i]}`).toBe(true);
      }
    }
  });

  it('Float64Array data of smooth activations and look-alike definitions run in TypeScript, with the scalar values exactly', () => {
    const x = Float64Array.from([-2, -0.5, 0, 0.5, 2]);
    const y = forward('gelu', x);
    const gelu = getElementwise('gelu');
    expect(Array.from(y)).toEqual(Array.from(x, (z) => gelu.f(z, {})));
    const lookAlike: ElementwiseActivation = { ...gelu, f: () => 42 };
    expect(Array.from(forward(lookAlike, Float32Array.from([1, 2])))).toEqual([42, 42]);
  });

  it('without WebAssembly the same calls run in TypeScript', () => {
    const x = Float32Array.from([-3, -1, 0, 1, 3]);
    const withWasm = forward('sigmoid', x);
    setWasmEnabled(false);
    expect(wasmKernels()).toBeUndefined();
    const without = forward('sigmoid', x);
    const plain = allocateKernelArray(5, 'float32');
    expect(isKernelArray(plain)).toBe(false);
    for (let i = 0; i < 5; i++) expect(Math.abs(without[i]! - withWasm[i]!)).toBeLessThanOrEqual(ulp32(without[i]!));
  });
});

describe('kernel arrays (zero-copy memory)', () => {
  it('allocates zeroed views into the module memory, frees and reuses them', () => {
    const a = allocateKernelArray(1000, 'float32');
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(1000);
    expect(isKernelArray(a)).toBe(true);
    expect(a.every((v) => v === 0)).toBe(true);
    a.fill(3);
    const offset = a.byteOffset;
    freeKernelArray(a);
    const b = allocateKernelArray(1000, 'float32');
    expect(b.byteOffset).toBe(offset);
    expect(b.every((v) => v === 0)).toBe(true);
    const c = allocateKernelArray(10, 'float64');
    expect(c).toBeInstanceOf(Float64Array);
    expect(c.byteOffset % 16).toBe(0);
    freeKernelArray(b);
    freeKernelArray(c);
    expect(isKernelArray(new Float32Array(4))).toBe(false);
  });

  it('kernel calls never grow the memory; reserving first keeps earlier arrays attached', () => {
    reserveKernelMemory(8 << 20);
    const x = allocateKernelArray(1 << 20, 'float32');
    const before = wasmKernels()!.exports.memory.buffer;
    const y = allocateKernelArray(1 << 20, 'float32');
    expect(wasmKernels()!.exports.memory.buffer).toBe(before);
    x.fill(-1);
    forward('elu', x, { out: y });
    forward('gelu', new Float32Array(3 << 20)); // copy-through of a large foreign array
    backward('swish', x, y, { out: y });
    expect(wasmKernels()!.exports.memory.buffer).toBe(before);
    expect(x.length).toBe(1 << 20);
    freeKernelArray(x);
    freeKernelArray(y);
  });

  it('never hands out overlapping blocks, whatever the order of allocations and frees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5000 }), fc.nat()), { minLength: 1, maxLength: 60 }),
        (steps) => {
          reserveKernelMemory(60 * 5000 * 8 + 60 * 16);
          const live: Float64Array[] = [];
          for (const [allocate, length, pick] of steps) {
            if (allocate || live.length === 0) {
              const a = allocateKernelArray(length, 'float64');
              expect(a.every((v) => v === 0)).toBe(true);
              a.fill(live.length + 1);
              live.push(a);
            } else {
              const [a] = live.splice(pick % live.length, 1);
              freeKernelArray(a!);
            }
            // Every live block still holds its own mark: nothing overlapped it.
            live.forEach((a, k) => {
              if (a.length) expect(a[0] === a[a.length - 1] && a[0]! > 0, `block ${k}`).toBe(true);
            });
            const spans = live.map((a) => [a.byteOffset, a.byteOffset + a.byteLength] as const).sort((p, q) => p[0] - q[0]);
            for (let k = 1; k < spans.length; k++) expect(spans[k]![0]).toBeGreaterThanOrEqual(spans[k - 1]![1]);
          }
          for (const a of live) freeKernelArray(a);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects bad lengths and dtypes with typed errors naming what is allowed', () => {
    expect(() => allocateKernelArray(-1, 'float32')).toThrow(InvalidArgumentError);
    expect(() => allocateKernelArray(1.5, 'float32')).toThrow(/non-negative integer/);
    expect(() => allocateKernelArray(4, 'int8' as 'float32')).toThrow(/'float32' or 'float64'/);
    expect(() => allocateKernelArray(2 ** 31, 'float32')).toThrow(SizeLimitError);
    expect(() => allocateKernelArray(2 ** 31, 'float32')).toThrow(/at most 536870912/);
    expect(() => reserveKernelMemory(-5)).toThrow(InvalidArgumentError);
    expect(() => reserveKernelMemory(2 ** 33)).toThrow(SizeLimitError);
  });
});
