/**
 * Property tests over random parameters and random inputs, for every activation of the
 * registry: parameters log-uniform over the whole range the validator accepts (plus its edges,
 * the defaults and ordinary values), inputs over the whole float range. They check what holds
 * without an oracle at every point (the mpmath comparisons are in accuracy*.test.ts):
 *
 * - no NaN from f, f′ or f″ for a finite input and valid parameters (NaN is never the true
 *   value there; ±∞ only where the true value overflows);
 * - the array paths — WebAssembly (ACTLAB_WASM on), the same backend with WebAssembly turned
 *   off, and the plain TypeScript backend — give the scalar definition's bits for float64,
 *   forward (f) and backward (g·f′);
 * - signed zeros: f(−0) = f′(0)·(−0), i.e. −0 exactly where f rises through the origin;
 * - the vector activations (softmax, log_softmax, the GLU family) give no NaN for finite rows
 *   and cotangents, however large.
 */
import fc from 'fast-check';
import { acceptedParams } from './support/params.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  getElementwise,
  resolveParams,
  type ElementwiseActivation,
  type ParamSpec,
  type ParamValues,
  type VectorActivation,
} from '../src/index.js';
import { backward, forward, jsBackend, wasmBackend } from '../src/kernels/index.js';
import { setWasmEnabled, wasmKernels } from '../src/wasm/index.js';

const MAX = 1.7976931348623157e308;
const elementwise = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const vectors = ACTIVATIONS.filter((a): a is VectorActivation => a.kind === 'vector');
let propertyRuns = 0;

/** A double with a uniformly drawn binary exponent over the whole range (subnormals included). */
const logUniformMagnitude = fc
  .tuple(fc.integer({ min: -1074, max: 1023 }), fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }))
  .map(([e, m]) => Math.min(MAX, m * 2 ** e));

/** Values the validator accepts for one parameter: log-uniform, ordinary, edges and default. */
function parameterValue(spec: ParamSpec): fc.Arbitrary<number> {
  const magnitude = fc.oneof(
    { weight: 4, arbitrary: logUniformMagnitude },
    { weight: 3, arbitrary: fc.double({ min: 1e-3, max: 1e3, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(5e-324, 1e-310, 2.2250738585072014e-308, 1e-155, 0.5, 1, 2, 1e155, 1e300, MAX) },
  );
  const signed = spec.min !== undefined && spec.min >= 0 ? magnitude : fc.tuple(fc.boolean(), magnitude).map(([negative, m]) => (negative ? -m : m));
  return fc.oneof(
    { weight: 8, arbitrary: signed },
    { weight: 1, arbitrary: fc.constant(spec.default) },
    { weight: 1, arbitrary: fc.constantFrom(0, spec.min ?? 0, spec.max ?? 0) },
  );
}

const parameters = (a: ElementwiseActivation): fc.Arbitrary<ParamValues> => acceptedParams(a, parameterValue);

/** Inputs over the whole float range, near the usual scale, and the hard points. */
const input = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.boolean(), logUniformMagnitude).map(([negative, m]) => (negative ? -m : m)) },
  { weight: 3, arbitrary: fc.double({ min: -20, max: 20, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324, 1, -1, 3, -3, 690, -690, 745, -745, MAX, -MAX, Infinity, -Infinity) },
);

/** The scalar definition with its parameters bound. */
function bind(id: string, given: Record<string, number> = {}) {
  const a = getElementwise(id);
  const p = resolveParams(a, given);
  return { f: (z: number) => a.f(z, p), df: (z: number) => a.df(z, p), d2f: (z: number) => a.d2f(z, p) };
}

/**
 * The signed zero f(±0) where f(0) = 0 (generate.py's zero_sign): where 0 is a kink, the
 * branch that holds it (the kink convention) in IEEE arithmetic — slope·(±0) for the leaky
 * family (as PyTorch), the +0 of Softshrink's and Hardshrink's zero band, HardTanh's clamp
 * value; everywhere else the sign f has on that side of the origin (read here from
 * f(±5e−324), nearer 0 than any parameter, which keeps its sign even where it underflows).
 */
function zeroSign(a: ElementwiseActivation, params: ParamValues, zero: number): number {
  if (a.id === 'leaky_relu' || a.id === 'prelu' || a.id === 'rrelu') {
    const slope = a.df(-1, params);
    return slope === 0 ? 0 : slope * zero;
  }
  if (a.id === 'softshrink' || a.id === 'hardshrink') return 0;
  if (a.id === 'hard_tanh' && (params.min_val === 0 || params.max_val === 0)) return 0;
  // θ = −5e−324: no double lies between θ and 0 to probe, but ±0 > θ is the identity branch
  if (a.id === 'threshold') return (params.threshold as number) < 0 ? zero : 0;
  const side = a.f(Object.is(zero, -0) ? -5e-324 : 5e-324, params);
  return side < 0 || Object.is(side, -0) ? -0 : 0;
}

const describeValue = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** Every float64 array path against the scalar definition, bit for bit; returns the mismatches. */
function pathMismatches(a: ElementwiseActivation, params: ParamValues, zs: number[]): string[] {
  const x = Float64Array.from(zs);
  const g = Float64Array.from(zs, (_, i) => ((i * 7) % 5) - 2.5);
  const out: string[] = [];
  const paths: Array<[string, () => void, () => void]> = [
    ['wasm backend', () => setWasmEnabled(true), () => undefined],
    ['ACTLAB_WASM off', () => setWasmEnabled(false), () => setWasmEnabled(true)],
  ];
  for (const [name, before, after] of paths) {
    before();
    try {
      for (const backend of name === 'wasm backend' ? [wasmBackend, jsBackend] : [wasmBackend]) {
        const y = new Float64Array(x.length);
        backend.forward(a, params, x, y);
        const d = new Float64Array(x.length);
        backend.backward(a, params, x, g, d);
        for (let i = 0; i < x.length; i++) {
          const z = x[i] as number;
          const want = a.f(z, params);
          if (!Object.is(y[i], want)) out.push(`${name}/${backend.name} f(${describeValue(z)}; ${JSON.stringify(params)}) = ${describeValue(y[i]!)}, scalar ${describeValue(want)}`);
          const wantG = (g[i] as number) * a.df(z, params);
          if (!Object.is(d[i], wantG)) out.push(`${name}/${backend.name} g·f′(${describeValue(z)}; ${JSON.stringify(params)}) = ${describeValue(d[i]!)}, scalar ${describeValue(wantG)}`);
        }
      }
    } finally {
      after();
    }
  }
  return out;
}

describe('every activation, random parameters over the accepted range, inputs over the whole float range', () => {
  it('the WebAssembly kernels are loaded (the float64 paths below compare them)', () => {
    expect(wasmKernels()).toBeDefined();
  });

  for (const a of elementwise) {
    it(`${a.id}: f, f′, f″ never NaN for finite input; array paths = scalar bits; signed zeros at ±0`, () => {
      fc.assert(
        fc.property(parameters(a), fc.array(input, { minLength: 1, maxLength: 24 }), (params, zs) => {
          propertyRuns++;
          const problems: string[] = [];
          for (const z of zs) {
            if (!Number.isFinite(z)) continue;
            for (const order of ['f', 'df', 'd2f'] as const) {
              const v = a[order](z, params);
              if (Number.isNaN(v)) problems.push(`${order}(${z}; ${JSON.stringify(params)}) = NaN`);
            }
          }
          problems.push(...pathMismatches(a, params, zs));
          for (const zero of [-0, 0]) {
            if (a.f(zero, params) !== 0) continue;
            const want = zeroSign(a, params, zero);
            if (!Object.is(a.f(zero, params), want)) problems.push(`f(${describeValue(zero)}; ${JSON.stringify(params)}) = ${describeValue(a.f(zero, params))}, want ${describeValue(want)}`);
          }
          expect(problems.slice(0, 5)).toEqual([]);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('the reported cases: kinks, huge and tiny parameters, cancellation', () => {
    // HardSigmoid's default is relu6(z + 3)/6: exact zero at −3, exact next to it
    const hs = bind('hard_sigmoid');
    expect(hs.f(-3)).toBe(0);
    expect(hs.f(3)).toBe(1);
    expect(hs.f(-2.9999999999999996)).toBe(4.440892098500626e-16 / 6);
    expect(bind('hard_sigmoid', { offset: MAX }).f(1e308)).toBe(1);
    expect(bind('hard_sigmoid', { slope: 0.2 }).f(-2.5)).toBe(0);
    for (const z of [-1, 1]) expect(Number.isNaN(bind('swish', { beta: 1e155 }).d2f(z))).toBe(false);
    // z·σ(βz) = z(½ + βz/4 + …) with βz = 8.9e−16: z/2·(1 + 4.4e−16)
    expect(bind('swish', { beta: 5e-324 }).f(1.797e308)).toBe(8.985000000000004e307);
    expect(bind('squareplus', { b: 1e-250 }).d2f(0)).toBeCloseTo(5e124, -110);
    expect(bind('squareplus', { b: 5e-324 }).d2f(0)).toBe(1 / (2 * Math.sqrt(5e-324)));
    expect(Array.from(forward('log_softmax', new Float64Array([1e308, -1e308])))).toEqual([0, -Infinity]);
    for (const id of ['swish', 'gelu_tanh', 'selu', 'hard_swish', 'tanhshrink', 'gelu', 'mish', 'tanh', 'softsign', 'elu', 'celu', 'leaky_relu']) {
      expect(Object.is(bind(id).f(-0), -0), `${id}(-0)`).toBe(true);
    }
    expect(Object.is(bind('tanhshrink').f(-5e-324), -0)).toBe(true);
    expect(Object.is(bind('tanhshrink').f(-1e-308), -0)).toBe(true);
    expect(Object.is(bind('gelu').f(-5e-324), -0)).toBe(true);
    // a clamp at 0 holds ±0 (the kink convention): its value, +0
    expect(Object.is(bind('hard_tanh', { min_val: -1, max_val: 0 }).f(-0), 0)).toBe(true);
    expect(Object.is(bind('hard_tanh', { min_val: 0, max_val: 1 }).f(-0), 0)).toBe(true);
    for (const params of [{ min_val: -1, max_val: 0 }, { min_val: 0, max_val: 1 }, { negative_slope: -1 }]) {
      const a = getElementwise('negative_slope' in params ? 'leaky_relu' : 'hard_tanh');
      expect(pathMismatches(a, resolveParams(a, params), [-0, 0, -5e-324, 5e-324])).toEqual([]);
    }
  });
});

/** A finite double anywhere in the range, or an ordinary one. */
const entry = fc.oneof(
  fc.tuple(fc.boolean(), logUniformMagnitude).map(([negative, m]) => (negative ? -m : m)),
  fc.double({ min: -50, max: 50, noNaN: true }),
  fc.constantFrom(0, MAX, -MAX, 1e308, -1e308),
);

describe('vector activations: no NaN for finite rows and cotangents, whatever their size', () => {
  for (const a of vectors) {
    it(`${a.id}: forward and VJP finite-input rows give no NaN; log-softmax ≤ 0, softmax in [0, 1]`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 6 }), fc.array(entry, { minLength: 12, maxLength: 12 }), fc.array(entry, { minLength: 12, maxLength: 12 }), (half, xs, gs) => {
          propertyRuns++;
          const n = a.checkLength(half) === undefined ? half : 2 * half;
          const x = Float64Array.from(xs.slice(0, n));
          const g = Float64Array.from(gs.slice(0, a.outputLength(n)));
          const y = forward(a, x, { rowLength: n });
          const { gradIn } = backward(a, x, g, { rowLength: n });
          for (const v of [...y, ...gradIn]) expect(Number.isNaN(v), `${a.id}(${xs.slice(0, n)}) with g = ${gs.slice(0, a.outputLength(n))}`).toBe(false);
          if (a.id === 'log_softmax') for (const v of y) expect(v <= 0).toBe(true);
          if (a.id === 'softmax') for (const v of y) expect(v >= 0 && v <= 1).toBe(true);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('the gated VJP does not overflow in g·a where g·a·act′(b) is finite', () => {
    const { gradIn } = backward('swiglu', new Float64Array([1e200, -700]), new Float64Array([1e200]), { rowLength: 2 });
    expect(Number.isFinite(gradIn[1])).toBe(true);
    const relu = backward('reglu', new Float64Array([1e300, -1]), new Float64Array([1e300]), { rowLength: 2 });
    expect(relu.gradIn[1]).toBe(0);
  });
});

afterAll(() => {
  console.log(`accuracy-paths: ${propertyRuns} property runs`);
});
