/**
 * Vector activations (softmax, log_softmax and the gated family) against the mpmath fixtures
 * in test/fixtures/vector, plus row handling and shapes.
 */
import { describe, expect, it } from 'vitest';
import { ShapeError, activation, backward, forward, type BoundVector } from '../src/index.js';
import { absoluteError, loadVectorCases, ulp32, ulpError, type Reference } from './support/fixtures.js';

const EPS = 2 ** -52;
const IDS = ['softmax', 'log_softmax', 'glu', 'swiglu', 'geglu', 'reglu'] as const;
const GATED = new Set(['glu', 'swiglu', 'geglu', 'reglu']);

function vec(name: string): BoundVector {
  const a = activation(name);
  if (a.kind !== 'vector') throw new Error(`${name} is not a vector activation`);
  return a;
}

const sigmoid = (b: number) => 1 / (1 + Math.exp(-b));

/**
 * A conditioned bound on the absolute error of a VJP entry: 8ε times the magnitude of the
 * terms that an exact algorithm must combine (cancellation among them is what makes a ULP
 * bound unattainable near zero).
 * - softmax: vjp_j = y_j·(g_j − Σ g_i y_i): 8ε·y_j·(|g_j| + Σ|g_i|·y_i).
 * - log_softmax: vjp_j = g_j − y_j·Σ g_i (y = softmax): 8ε·(|g_j| + y_j·Σ|g_i|).
 * - gated: each entry is a single product, so the ULP bound must hold; the absolute bound is
 *   only 8ε times the reference magnitude (equivalent to ~8 ULP of the result).
 */
function vjpScale(id: string, x: readonly number[], g: readonly number[], j: number, refs: readonly Reference[]): number {
  if (id === 'softmax' || id === 'log_softmax') {
    const y = forward('softmax', Float64Array.from(x));
    const yj = y[j] as number;
    if (id === 'softmax') {
      let s = 0;
      for (let i = 0; i < g.length; i++) s += Math.abs(g[i] as number) * (y[i] as number);
      return yj * (Math.abs(g[j] as number) + s);
    }
    let s = 0;
    for (let i = 0; i < g.length; i++) s += Math.abs(g[i] as number);
    return Math.abs(g[j] as number) + yj * s;
  }
  return Math.abs((refs[j] as Reference).hi);
}

for (const id of IDS) {
  const cases = loadVectorCases(id);

  describe(`${id} against the mpmath fixtures`, () => {
    it('the fixture file has cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(5);
    });

    it('float64 forward is within 4 ULP of the exact values', () => {
      for (const [c, { x, y }] of cases.entries()) {
        const got = forward(id, Float64Array.from(x));
        expect(got).toBeInstanceOf(Float64Array);
        expect(got.length).toBe(y.length);
        for (let i = 0; i < y.length; i++) {
          const err = ulpError(got[i] as number, y[i] as Reference, 'float64');
          expect(err, `case ${c} (x = ${JSON.stringify(x)}) entry ${i}: got ${got[i]}, want ${(y[i] as Reference).hi}`).toBeLessThanOrEqual(4);
        }
      }
    });

    it('float64 VJP is within 4 ULP or within the conditioned absolute bound', () => {
      for (const [c, { x, g, vjp }] of cases.entries()) {
        const { gradIn, paramGradients } = backward(id, Float64Array.from(x), Float64Array.from(g));
        expect(gradIn).toBeInstanceOf(Float64Array);
        expect(paramGradients).toEqual({});
        expect(gradIn.length).toBe(x.length);
        for (let j = 0; j < vjp.length; j++) {
          const ref = vjp[j] as Reference;
          const got = gradIn[j] as number;
          const ulps = ulpError(got, ref, 'float64');
          if (ulps <= 4) continue;
          const absolute = absoluteError(got, ref);
          const bound = 8 * EPS * vjpScale(id, x, g, j, vjp);
          expect(absolute, `case ${c} entry ${j}: got ${got}, want ${ref.hi} (${ulps} ULP)`).toBeLessThanOrEqual(bound);
        }
      }
    });

    it('float32 forward is within 2 float32 ULP of the exact values (float32-representable inputs)', () => {
      let checked = 0;
      for (const [c, { x, y }] of cases.entries()) {
        if (!x.every((v) => Math.fround(v) === v)) continue;
        checked++;
        const got = forward(id, Float32Array.from(x));
        expect(got).toBeInstanceOf(Float32Array);
        for (let i = 0; i < y.length; i++) {
          const err = ulpError(got[i] as number, y[i] as Reference, 'float32');
          expect(err, `case ${c} entry ${i}: got ${got[i]}, want ${(y[i] as Reference).hi}`).toBeLessThanOrEqual(2);
        }
      }
      expect(checked).toBeGreaterThanOrEqual(3);
    });

    it('float32 forward is the float64 result rounded once (any fixture input)', () => {
      for (const { x } of cases) {
        const x32 = Float32Array.from(x);
        const got = forward(id, x32);
        const wide = forward(id, Float64Array.from(x32));
        for (let i = 0; i < got.length; i++) {
          const w = wide[i] as number;
          const d = Math.abs((got[i] as number) - w);
          if (Number.isFinite(w)) expect(d).toBeLessThanOrEqual(ulp32(w));
          else expect(got[i]).toBe(w);
        }
      }
    });
  });
}

describe('rows', () => {
  const matrix = [1, 2, 3, 4, -5, 0.5, 7, 100, 0, 0, -1e-3, 1e-3];

  for (const id of IDS) {
    it(`${id}: a 3×4 matrix with rowLength 4 equals three separate rows`, () => {
      const a = vec(id);
      const x = Float64Array.from(matrix);
      const all = a.forward(x, 4);
      const outRow = GATED.has(id) ? 2 : 4;
      expect(all.length).toBe(3 * outRow);
      const g = Float64Array.from({ length: all.length }, (_, i) => ((i * 7) % 5) - 2.5);
      const { gradIn } = a.backward(x, g, 4);
      expect(gradIn.length).toBe(12);
      for (let r = 0; r < 3; r++) {
        const row = x.slice(4 * r, 4 * r + 4);
        const single = a.forward(row);
        expect(Array.from(all.slice(outRow * r, outRow * r + outRow))).toEqual(Array.from(single));
        const singleGrad = a.backward(row, g.slice(outRow * r, outRow * r + outRow)).gradIn;
        expect(Array.from(gradIn.slice(4 * r, 4 * r + 4))).toEqual(Array.from(singleGrad));
      }
    });
  }

  it('softmax of each row sums to 1 separately (rows do not mix)', () => {
    const y = forward('softmax', Float64Array.from(matrix), { rowLength: 4 });
    for (let r = 0; r < 3; r++) {
      const s = (y[4 * r] as number) + (y[4 * r + 1] as number) + (y[4 * r + 2] as number) + (y[4 * r + 3] as number);
      expect(Math.abs(s - 1)).toBeLessThanOrEqual(4 * EPS);
    }
    // Whole-array softmax differs from row-wise softmax.
    const whole = forward('softmax', Float64Array.from(matrix));
    expect(Array.from(whole)).not.toEqual(Array.from(y));
  });

  it('default rowLength is the whole array', () => {
    const x = Float64Array.from(matrix);
    expect(Array.from(forward('log_softmax', x))).toEqual(Array.from(forward('log_softmax', x, { rowLength: 12 })));
  });
});

describe('gated shapes', () => {
  for (const id of ['glu', 'swiglu', 'geglu', 'reglu']) {
    it(`${id}: output length is half, and rowLength 3 (odd) throws ShapeError`, () => {
      const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
      expect(forward(id, x).length).toBe(3);
      expect(forward(id, x, { rowLength: 2 }).length).toBe(3);
      expect(forward(id, Float32Array.from(x), { rowLength: 6 })).toBeInstanceOf(Float32Array);
      expect(() => forward(id, x, { rowLength: 3 })).toThrow(ShapeError);
      expect(() => backward(id, x, new Float64Array(3), { rowLength: 3 })).toThrow(ShapeError);
      expect(() => forward(id, Float64Array.from([1, 2, 3]))).toThrow(ShapeError);
    });
  }

  it('glu(a, b) = a·σ(b) with the value half first', () => {
    const y = forward('glu', Float64Array.from([2, -3, 0, 1]));
    expect(y[0]).toBe(2 * 0.5);
    expect(Math.abs((y[1] as number) - -3 * sigmoid(1))).toBeLessThanOrEqual(4 * EPS * 3);
  });

  it('reglu zeroes entries with a negative gate and passes a·b otherwise', () => {
    const y = forward('reglu', Float64Array.from([5, 7, -1, 2]));
    expect(Array.from(y)).toEqual([0, 14]);
  });

  it('rowLength must divide the array length and be a positive integer', () => {
    const x = new Float64Array(6);
    expect(() => forward('softmax', x, { rowLength: 4 })).toThrow(ShapeError);
    expect(() => forward('softmax', x, { rowLength: 2.5 })).toThrow(ShapeError);
    expect(() => forward('softmax', x, { rowLength: -2 })).toThrow(ShapeError);
    expect(() => forward('softmax', x, { out: new Float64Array(5) })).toThrow(ShapeError);
    expect(() => forward('glu', x, { out: new Float64Array(6) })).toThrow(ShapeError);
    expect(() => backward('softmax', x, new Float64Array(5))).toThrow(ShapeError);
    expect(() => backward('glu', x, new Float64Array(6))).toThrow(ShapeError);
  });

  it('the bound object passes rowLength and out through', () => {
    const a = vec('glu');
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const out = new Float64Array(4);
    expect(a.forward(x, 4, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(forward('glu', x, { rowLength: 4 })));
    expect(Array.from(out)).not.toEqual(Array.from(forward('glu', x)));
  });
});
