/**
 * Array kernels: types, out buffers, in-place operation, backward = gradOut·f′, PReLU's
 * parameter gradient, RReLU in training mode and shape checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  InvalidParameterError,
  ShapeError,
  activation,
  backward,
  forward,
  rreluSlope,
  rreluTrain,
  rreluTrainBackward,
  type BoundElementwise,
  type ElementwiseActivation,
  setKernelPrecision,
} from '../src/index.js';
import { resolveParams } from '../src/activations/index.js';
import { allocateKernelArray, COPY_CHUNK, jsBackend, reserveKernelMemory, wasmBackend } from '../src/kernels/index.js';
import { loadPoints, loadScalarCases, ulp32, ulpError, type Reference } from './support/fixtures.js';

const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');

function el(name: string, params: Record<string, number> = {}): BoundElementwise {
  const a = activation(name, params);
  if (a.kind !== 'elementwise') throw new Error(`${name} is not elementwise`);
  return a;
}

/** mulberry32: a tiny seeded generator of uniforms in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inputs covering both signs, the kinks of the common activations and large values. */
const X = [-1000, -50, -7.5, -6, -3, -2, -1, -0.5, -1e-3, -0, 0, 1e-3, 0.5, 1, 2, 3, 5.9, 6, 7.5, 50, 1000, -Infinity, Infinity];
const G = X.map((_, i) => ((i * 37) % 11) / 4 - 1.3);

describe('forward', () => {
  for (const a of ELEMENTWISE) {
    it(`${a.id}: Float64 forward equals the scalar f, Float32 forward is f rounded once (precise kernels) or within 2 ULP of f (fast, the default)`, () => {
      const b = el(a.id);
      const y64 = forward(a.id, Float64Array.from(X));
      expect(y64).toBeInstanceOf(Float64Array);
      expect(y64.length).toBe(X.length);
      const x32 = Float32Array.from(X);
      const y32 = forward(a.id, x32);
      expect(y32).toBeInstanceOf(Float32Array);
      setKernelPrecision('precise');
      const precise32 = forward(a.id, x32);
      setKernelPrecision('fast');
      for (let i = 0; i < X.length; i++) {
        expect(Object.is(y64[i], b.f(X[i] as number)) || y64[i] === b.f(X[i] as number), `${a.id}(${X[i]})`).toBe(true);
        const exact = b.f(x32[i] as number);
        const expected32 = Math.fround(exact);
        expect(precise32[i] === expected32 || (Number.isNaN(precise32[i]) && Number.isNaN(expected32)), `${a.id}(${x32[i]}) f32 precise`).toBe(true);
        const fast = y32[i] as number;
        if (Number.isNaN(expected32) || !Number.isFinite(expected32)) expect(Object.is(fast, expected32) || fast === expected32, `${a.id}(${x32[i]}) f32`).toBe(true);
        else expect(Math.abs(fast - exact) / ulp32(exact), `${a.id}(${x32[i]}) f32`).toBeLessThanOrEqual(2);
      }
    });
  }

  it('writes into a given out buffer and returns that same buffer', () => {
    const x = Float64Array.from([-1, 0, 2]);
    const out = new Float64Array(3).fill(99);
    const result = forward('elu', x, { out });
    expect(result).toBe(out);
    expect(Array.from(out)).toEqual([Math.expm1(-1), 0, 2]);
    const out32 = new Float32Array(3);
    expect(forward('relu', Float32Array.from(x), { out: out32 })).toBe(out32);
    expect(Array.from(out32)).toEqual([0, 0, 2]);
  });

  it('works in place (out = x)', () => {
    for (const name of ['gelu', 'relu', 'softplus', 'tanhshrink']) {
      const expected = forward(name, Float64Array.from(X));
      const x = Float64Array.from(X);
      const result = forward(name, x, { out: x });
      expect(result).toBe(x);
      expect(Array.from(x)).toEqual(Array.from(expected));
      const x32 = Float32Array.from(X);
      const expected32 = forward(name, Float32Array.from(X));
      forward(name, x32, { out: x32 });
      expect(Array.from(x32)).toEqual(Array.from(expected32));
    }
  });

  it('does not modify its input', () => {
    const x = Float64Array.from(X);
    forward('mish', x);
    backward('mish', x, Float64Array.from(G));
    expect(Array.from(x)).toEqual(X);
  });

  it('passes parameters through', () => {
    const x = Float64Array.from([-2, 2]);
    expect(Array.from(forward('leaky_relu', x, { params: { negative_slope: 0.2 } }))).toEqual([-0.4, 2]);
    expect(Array.from(el('leaky_relu', { negative_slope: 0.2 }).forward(x))).toEqual([-0.4, 2]);
    expect(Array.from(forward('leaky_relu', x))).toEqual([-0.02, 2]);
  });

  it('empty arrays give empty results', () => {
    expect(forward('relu', new Float64Array(0)).length).toBe(0);
    expect(backward('relu', new Float32Array(0), new Float32Array(0)).gradIn).toBeInstanceOf(Float32Array);
  });
});

describe('backward', () => {
  // Independent of the definitions' own df: the mpmath references (50 digits) and the forward pass.
  const fixtures = loadScalarCases();
  const points = Float64Array.from(loadPoints());
  it.each(fixtures.map((c) => [c.name, c] as const))('%s: Float64 backward with gradOut = 1 is the mpmath f′ within 4 ULP at every fixture point', (_, c) => {
    const { gradIn } = backward(c.id, points, new Float64Array(points.length).fill(1), { params: c.params });
    expect(gradIn).toBeInstanceOf(Float64Array);
    let worst = 0;
    let at = NaN;
    for (let i = 0; i < points.length; i++) {
      const error = ulpError(gradIn[i] as number, c.df[i] as Reference, 'float64');
      if (error > worst) [worst, at] = [error, points[i] as number];
    }
    expect(worst, `${c.name}′ at z = ${at}`).toBeLessThanOrEqual(4);
  });

  it('random inputs: Float64 gradIn is gradOut times the central difference of forward (away from kinks)', () => {
    const cases = ELEMENTWISE.map((a) => ({ id: a.id, kinks: a.kinks(resolveParams(a)) }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), {
          minLength: 1,
          maxLength: 16,
        }),
        (pairs) => {
          const x = Float64Array.from(pairs, ([z]) => z);
          const g = Float64Array.from(pairs, ([, v]) => v);
          // Central differences at h and h/2 combined by Richardson's rule (truncation error
          // O(h⁴·f⁽⁵⁾), small even for the periodic Snake at |z| = 50), h ≈ 1e−4·|z|; rounding
          // error ε·|f|/h stays far below 1e−6 (plus 1e−300 for subnormal gradOut, where g·f′
          // itself is rounded to a few bits).
          const h = Float64Array.from(x, (z) => 1e-4 * Math.max(1, Math.abs(z)));
          const shifted = (scale: number) => x.map((z, i) => z + scale * (h[i] as number));
          for (const { id, kinks } of cases) {
            const { gradIn } = backward(id, x, g);
            const central = (scale: number) => {
              const [above, below] = [shifted(scale), shifted(-scale)];
              const [fAbove, fBelow] = [forward(id, above), forward(id, below)];
              return x.map((_, i) => ((fAbove[i] as number) - (fBelow[i] as number)) / ((above[i] as number) - (below[i] as number)));
            };
            const [wide, narrow] = [central(1), central(0.5)];
            for (let i = 0; i < x.length; i++) {
              const z = x[i] as number;
              if (kinks.some((k) => Math.abs(z - k) <= 2 * (h[i] as number))) continue;
              const slope = (4 * (narrow[i] as number) - (wide[i] as number)) / 3;
              const expected = (g[i] as number) * slope;
              if (!(Math.abs((gradIn[i] as number) - expected) <= 1e-6 * Math.abs(g[i] as number) * Math.max(1, Math.abs(slope)) + 1e-300)) {
                throw new Error(`${id}: gradIn(${z}, ${g[i]}) = ${gradIn[i]}, central difference gives ${expected}`);
              }
            }
          }
          return true;
        },
      ),
      { numRuns: 100 },
    );
  });

  it('Float32 backward returns Float32Array, gradOut·f′ rounded once', () => {
    const x32 = Float32Array.from(X);
    const g32 = Float32Array.from(G);
    const b = el('gelu');
    const { gradIn } = backward('gelu', x32, g32);
    expect(gradIn).toBeInstanceOf(Float32Array);
    for (let i = 0; i < X.length; i++) {
      expect(gradIn[i]).toBe(Math.fround((g32[i] as number) * b.df(x32[i] as number)));
    }
  });

  it('writes into out, and may alias gradOut', () => {
    const x = Float64Array.from(X);
    const expected = backward('swish', x, Float64Array.from(G)).gradIn;
    const out = new Float64Array(X.length);
    const result = backward('swish', x, Float64Array.from(G), { out });
    expect(result.gradIn).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(expected));
    const g = Float64Array.from(G);
    expect(backward('swish', x, g, { out: g }).gradIn).toBe(g);
    expect(Array.from(g)).toEqual(Array.from(expected));
  });

  it('prelu: paramGradients.slope = Σ_{x ≤ 0} gradOut·x', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), {
          maxLength: 32,
        }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (pairs, slope) => {
          const x = Float64Array.from(pairs, ([z]) => z);
          const g = Float64Array.from(pairs, ([, v]) => v);
          let expected = 0;
          for (let i = 0; i < x.length; i++) if ((x[i] as number) <= 0) expected += (g[i] as number) * (x[i] as number);
          const { gradIn, paramGradients } = backward('prelu', x, g, { params: { slope } });
          expect(Object.keys(paramGradients)).toEqual(['slope']);
          const got = paramGradients.slope as number;
          // Summed in index order like the plain loop, so the result is identical (the x > 0
          // terms contribute exact zeros).
          expect(got).toBe(expected);
          for (let i = 0; i < x.length; i++) {
            expect(gradIn[i]).toBe((g[i] as number) * ((x[i] as number) > 0 ? 1 : slope));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("prelu: the WebAssembly slope sum gives the TypeScript loop's bits (both types, both data paths, every tail, across chunks)", () => {
    const prelu = ACTIVATIONS.find((a) => a.id === 'prelu') as ElementwiseActivation;
    const params = { slope: 0.25 };
    const special = [NaN, -0, 0, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38];
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(...special));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { maxLength: 40 }), fc.boolean(), fc.boolean(), (pairs, single, inMemory) => {
        // (Float32Array | Float64Array).from has no call signature TypeScript can resolve: pick one.
        const make = (values: number[]) => (single ? Float32Array.from(values) : Float64Array.from(values));
        const x = make(pairs.map(([z]) => z));
        const g = make(pairs.map(([, v]) => v));
        const expected = jsBackend.parameterGradient(prelu, params, 'slope', x, g);
        let xs: Float32Array | Float64Array = x;
        let gs: Float32Array | Float64Array = g;
        if (inMemory) {
          reserveKernelMemory(2 * x.byteLength + 64);
          xs = allocateKernelArray(x.length, single ? 'float32' : 'float64');
          gs = allocateKernelArray(x.length, single ? 'float32' : 'float64');
          xs.set(x);
          gs.set(g);
        }
        expect(Object.is(wasmBackend.parameterGradient(prelu, params, 'slope', xs, gs), expected)).toBe(true);
      }),
      { numRuns: 300 },
    );
    // Long enough for several copy-through chunks and an odd tail: the running sum carries over.
    const n = 2 * COPY_CHUNK + 7;
    for (const Type of [Float32Array, Float64Array]) {
      const x = new Type(n).map((_, i) => Math.sin(i) * 100);
      const g = new Type(n).map((_, i) => Math.cos(3 * i));
      expect(wasmBackend.parameterGradient(prelu, params, 'slope', x, g)).toBe(jsBackend.parameterGradient(prelu, params, 'slope', x, g));
    }
  });

  it('prelu: slope gradient on a small exact example', () => {
    const x = Float64Array.from([-2, 3, -0.5, 0, 4]);
    const g = Float64Array.from([1, 10, 4, 7, -1]);
    const { paramGradients } = backward('prelu', x, g);
    expect(paramGradients).toEqual({ slope: -2 + -2 + 0 });
    const bound = el('prelu', { slope: 0.1 }).backward(x, g);
    expect(bound.paramGradients.slope).toBe(-4);
    expect(Array.from(bound.gradIn)).toEqual([0.1, 10, 0.4, 0.7000000000000001, -1]);
  });

  it('prelu: the slope gradient is read before gradIn overwrites an aliased gradOut', () => {
    const x = Float64Array.from([-2, -3]);
    const g = Float64Array.from([1, 1]);
    const { paramGradients } = backward('prelu', x, g, { out: g });
    expect(paramGradients.slope).toBe(-5);
  });

  it('leaky_relu and other non-learnable activations return empty paramGradients', () => {
    const x = Float64Array.from([-1, 1]);
    const g = Float64Array.from([1, 1]);
    expect(backward('leaky_relu', x, g).paramGradients).toEqual({});
    expect(backward('elu', x, g).paramGradients).toEqual({});
    expect(backward('rrelu', x, g).paramGradients).toEqual({});
  });
});

describe('rreluTrain', () => {
  it('slopes lie in [lower, upper] for x ≤ 0 and are 1 for x > 0; out = x·slope', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 64 }),
        fc.integer(),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (xs, seed, p, q) => {
          const lower = Math.min(p, q);
          const upper = Math.max(p, q);
          const x = Float64Array.from(xs);
          const { out, slopes } = rreluTrain(x, mulberry32(seed), { params: { lower, upper } });
          expect(out).toBeInstanceOf(Float64Array);
          expect(slopes).toBeInstanceOf(Float64Array);
          for (let i = 0; i < x.length; i++) {
            const z = x[i] as number;
            const s = slopes[i] as number;
            if (z > 0) expect(s).toBe(1);
            else {
              expect(s).toBeGreaterThanOrEqual(lower);
              expect(s).toBeLessThanOrEqual(upper);
            }
            expect(out[i]).toBe(z > 0 ? z : s * z);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is reproducible with the same seed and draws one number per non-positive element', () => {
    const x = Float64Array.from([-1, 2, -3, 0, 5, -0.25]);
    const a = rreluTrain(x, mulberry32(42));
    const b = rreluTrain(x, mulberry32(42));
    expect(Array.from(a.slopes)).toEqual(Array.from(b.slopes));
    let calls = 0;
    const counting = () => {
      calls++;
      return 0.5;
    };
    const { slopes } = rreluTrain(x, counting);
    expect(calls).toBe(4);
    const mid = (1 / 8 + 1 / 3) / 2;
    expect(Array.from(slopes)).toEqual([1 / 8 + (1 / 3 - 1 / 8) * 0.5, 1, 1 / 8 + (1 / 3 - 1 / 8) * 0.5, 1 / 8 + (1 / 3 - 1 / 8) * 0.5, 1, 1 / 8 + (1 / 3 - 1 / 8) * 0.5]);
    expect(Math.abs((slopes[0] as number) - mid)).toBeLessThanOrEqual(1e-16);
    expect(rreluSlope()).toBe(mid);
  });

  it('the seeded slopes spread over the interval (not constant)', () => {
    const x = new Float64Array(200).fill(-1);
    const { slopes } = rreluTrain(x, mulberry32(7));
    const min = Math.min(...slopes);
    const max = Math.max(...slopes);
    expect(min).toBeGreaterThanOrEqual(1 / 8);
    expect(max).toBeLessThanOrEqual(1 / 3);
    expect(max - min).toBeGreaterThan(0.15);
  });

  it('Float32 input gives Float32 out and slopes', () => {
    const x = Float32Array.from([-1, 2, -3]);
    const { out, slopes } = rreluTrain(x, mulberry32(1));
    expect(out).toBeInstanceOf(Float32Array);
    expect(slopes).toBeInstanceOf(Float32Array);
    expect(out[1]).toBe(2);
    expect(out[0]).toBe(Math.fround(-(slopes[0] as number)));
  });

  it('rejects a random source outside [0, 1)', () => {
    expect(() => rreluTrain(Float64Array.from([-1]), () => 1)).toThrow(InvalidParameterError);
    expect(() => rreluTrain(Float64Array.from([-1]), () => NaN)).toThrow(InvalidParameterError);
    expect(() => rreluTrain(Float64Array.from([-1]), () => -0.1)).toThrow(InvalidParameterError);
  });

  it('rreluTrainBackward = gradOut·slopes', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 32 }), fc.integer(), (xs, seed) => {
        const x = Float64Array.from(xs);
        const { slopes } = rreluTrain(x, mulberry32(seed));
        const g = Float64Array.from(xs, (_, i) => Math.sin(i + 1) * 3);
        const gradIn = rreluTrainBackward(slopes, g);
        expect(gradIn).toBeInstanceOf(Float64Array);
        for (let i = 0; i < x.length; i++) expect(gradIn[i]).toBe((g[i] as number) * (slopes[i] as number));
      }),
      { numRuns: 100 },
    );
  });

  it('rreluTrainBackward with a mismatched gradOut throws ShapeError', () => {
    expect(() => rreluTrainBackward(new Float64Array(3), new Float64Array(2))).toThrow(ShapeError);
  });
});

describe('shape checks', () => {
  it('forward with an out of the wrong length throws ShapeError', () => {
    expect(() => forward('relu', new Float64Array(4), { out: new Float64Array(3) })).toThrow(ShapeError);
    expect(() => forward('relu', new Float32Array(4), { out: new Float32Array(5) })).toThrow(ShapeError);
    expect(() => rreluTrain(new Float64Array(4), mulberry32(1), { out: new Float64Array(3) })).toThrow(ShapeError);
  });

  it('backward with a mismatched gradOut or out throws ShapeError', () => {
    expect(() => backward('relu', new Float64Array(4), new Float64Array(3))).toThrow(ShapeError);
    expect(() => backward('prelu', new Float64Array(4), new Float64Array(5))).toThrow(ShapeError);
    expect(() => backward('relu', new Float64Array(4), new Float64Array(4), { out: new Float64Array(2) })).toThrow(ShapeError);
    expect(() => el('gelu').backward(new Float64Array(2), new Float64Array(1))).toThrow(ShapeError);
  });

  it('the ShapeError message names both lengths', () => {
    try {
      backward('relu', new Float64Array(4), new Float64Array(3));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('3');
      expect((error as Error).message).toContain('4');
    }
  });
});
