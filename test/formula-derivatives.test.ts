/**
 * A formula's f, f′ and f″ against the registry's exact definitions of the same function
 * (mish, swish, softsign, leaky_relu, elu), over a dense grid and every extreme double.
 * Errors are relative, measured away from cancellation points: within 0.05 of a sign change of
 * the reference quantity (a minimum, an inflection point) the sum of the product rule cancels
 * and a relative error says nothing about the formula; there the absolute error is bounded.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formulaActivation, getActivation, getElementwise, resolveParams } from '../src/activations/index.js';
import type { ElementwiseActivation } from '../src/activations/types.js';

const EXTREMES = [1e-300, -1e-300, 5e-324, -5e-324, 700, -700, 745, -745, 1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 0, -0];

function grid(): number[] {
  const zs: number[] = [];
  for (let i = -30 * 64; i <= 30 * 64; i++) zs.push(i / 64);
  for (let k = -600; k <= 616; k++) {
    zs.push(10 ** (k / 2), -(10 ** (k / 2)));
  }
  return [...new Set([...zs, ...EXTREMES])].filter(Number.isFinite).sort((a, b) => a - b);
}

const ZS = grid();
const MIN_NORMAL = 2 ** -1022;
const ORDERS = ['f', 'df', 'd2f'] as const;

interface Measured {
  relative: number;
  worstAt: number;
  absoluteNearCancellation: number;
}

/** Sign changes of the reference along the grid (where relative errors are meaningless). */
function cancellationPoints(reference: (z: number) => number): number[] {
  const points: number[] = [];
  for (let i = 1; i < ZS.length; i++) {
    const a = reference(ZS[i - 1]!);
    const b = reference(ZS[i]!);
    if (a < 0 !== b < 0 || a === 0 || b === 0) points.push(ZS[i]!);
  }
  return points;
}

function measure(formula: (z: number) => number, reference: (z: number) => number, skip: (z: number) => boolean = () => false): Measured {
  const near = cancellationPoints(reference);
  let relative = 0;
  let worstAt = NaN;
  let absoluteNearCancellation = 0;
  for (const z of ZS) {
    if (skip(z)) continue;
    const a = formula(z);
    const b = reference(z);
    if (a === b) continue;
    if (near.some((c) => Math.abs(z - c) < 0.05)) {
      absoluteNearCancellation = Math.max(absoluteNearCancellation, Math.abs(a - b));
      continue;
    }
    // below the normal range a relative error measures the subnormal spacing, not the formula
    const error = Math.abs(a - b) / Math.max(Math.abs(b), MIN_NORMAL);
    if (!(error <= relative)) {
      relative = error;
      worstAt = z;
    }
  }
  return { relative, worstAt, absoluteNearCancellation };
}

/** The same value, counting +0 and −0 as equal. */
function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

const CASES: readonly {
  text: string;
  id: string;
  params?: Record<string, number>;
  bounds: readonly [number, number, number];
  skip?: (z: number) => boolean;
  /** Beyond this |z|, f′ and f″ are compared absolutely (≤ 1e-15). */
  relativeUpTo?: number;
}[] = [
  { text: 'z*tanh(softplus(z))', id: 'mish', bounds: [1e-15, 1e-14, 3e-14] },
  { text: 'z*sigmoid(z)', id: 'swish', bounds: [1e-15, 2e-14, 2e-13] },
  // the quotient rule's a′ − q·b′ = 1 − |z|/(1 + |z|) cancels as |z| grows: relative error ≈ |z|·2⁻⁵³,
  // so f′ and f″ are compared relatively for |z| ≤ 1e3 (f everywhere) and absolutely beyond
  { text: 'z/(1+abs(z))', id: 'softsign', bounds: [1e-15, 1e-13, 1e-13], relativeUpTo: 1e3 },
  // at the tie z = 0 max passes half to each side (0.55), leaky_relu the slope (0.1)
  { text: 'max(z,0.1*z)', id: 'leaky_relu', params: { negative_slope: 0.1 }, bounds: [0, 0, 0], skip: (z) => z === 0 },
  { text: 'where(z>0,z,exp(z)-1)', id: 'elu', bounds: [1e-15, 1e-15, 1e-15] },
  // exact GELU as JAX writes it (z/2 first: z·erfc would overflow at 1e308); rounding z/√2
  // costs ≈ z²·2⁻⁵³ relative in the left tail (≤ 1.6e-13 before it underflows at z ≈ −38)
  { text: 'z/2*erfc(-z/sqrt(2))', id: 'gelu', bounds: [3e-13, 3e-13, 3e-13] },
];

describe('a formula against the registry definition of the same function', () => {
  for (const { text, id, params = {}, bounds, skip = () => false, relativeUpTo = Infinity } of CASES) {
    test(`${text} = ${id}: f, f′, f″ within ${bounds.join(', ')} (relative, away from cancellation)`, () => {
      const mine = formulaActivation(text);
      const theirs = getElementwise(id);
      const p = resolveParams(theirs, params);
      const report: string[] = [];
      ORDERS.forEach((order, k) => {
        const far = (z: number) => order !== 'f' && Math.abs(z) > relativeUpTo;
        const m = measure((z) => mine[order](z, {}), (z) => theirs[order](z, p), (z) => skip(z) || far(z));
        for (const z of ZS.filter(far)) expect(Math.abs(mine[order](z, {}) - theirs[order](z, p)), `${order}(${z})`).toBeLessThanOrEqual(1e-15);
        report.push(`${order}: max rel ${m.relative.toExponential(2)} at ${m.worstAt}, abs near cancellation ${m.absoluteNearCancellation.toExponential(2)}`);
        expect(m.relative, `${text} ${order} at ${m.worstAt}`).toBeLessThanOrEqual(bounds[k]!);
        expect(m.absoluteNearCancellation, `${text} ${order}`).toBeLessThanOrEqual(1e-15);
      });
      console.log(`${text} vs ${id}\n  ${report.join('\n  ')}`);
    });

    test(`${text} = ${id} at ±∞ and NaN`, () => {
      const mine = formulaActivation(text);
      const theirs = getElementwise(id);
      const p = resolveParams(theirs, params);
      for (const z of [Infinity, -Infinity]) {
        for (const order of ORDERS) expect(same(mine[order](z, {}), theirs[order](z, p)), `${order}(${z})`).toBe(true);
      }
      for (const order of ORDERS) expect(mine[order](NaN, {})).toBeNaN();
    });
  }

  test('kinks: where, max and abs switch at 0; the tie convention of max is half to each side', () => {
    expect(formulaActivation('max(z,0.1*z)').kinks({})).toEqual([0]);
    expect(formulaActivation('max(z,0.1*z)').df(0, {})).toBeCloseTo(0.55, 15);
    expect(formulaActivation('where(z>0,z,exp(z)-1)').kinks({})).toEqual([0]);
    expect(formulaActivation('where(z>0,z,exp(z)-1)').df(0, {})).toBe(getElementwise('elu').df(0, { alpha: 1 }));
    expect(formulaActivation('z/(1+abs(z))').kinks({})).toEqual([0]);
    expect(formulaActivation('abs(z)').df(0, {})).toBe(0);
    expect(formulaActivation('relu(z - 1.5)').kinks({})).toEqual([1.5]);
    const [left, right] = formulaActivation('abs(z^2 - 2)').kinks({});
    expect(Math.abs(left! + Math.SQRT2)).toBeLessThanOrEqual(2 ** -52);
    expect(Math.abs(right! - Math.SQRT2)).toBeLessThanOrEqual(2 ** -52);
    expect(formulaActivation('z*tanh(softplus(z))').kinks({})).toEqual([]);
  });

  test('the formula is an activation every lookup returns: same text, same object', () => {
    const a = getActivation('z*sigmoid(z)');
    expect(getActivation('  z*sigmoid(z) ')).toBe(a);
    expect(getActivation(a.id)).toBe(a);
    expect(a.family).toBe('formula');
    const labelled = getActivation('My mish=z*tanh(softplus(z))') as ElementwiseActivation;
    expect(labelled.name).toBe('My mish');
    expect(getActivation(labelled.id)).toBe(labelled);
    const square = formulaActivation('z^2', { name: 'square' });
    expect([square.name, square.id]).toEqual(['square', 'square=z^2']);
    expect(getActivation('square=z^2')).toBe(square);
    expect(formulaActivation('z^2', { name: 'a=b' }).id).toBe('z^2');
    expect(formulaActivation('z^2', { name: 'a=b' }).name).toBe('a=b');
    expect(formulaActivation('z^2').name).toBe('z^2');
  });
});

/** Formulas that leave their domain for some z: log, sqrt, log1p and fractional powers of anything. */
const partialFormula: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('z', '-z', '0.5', '2', 'pi'),
    fc.tuple(fc.constantFrom('log', 'sqrt', 'log1p', 'exp', 'tanh', 'sin', 'softplus', 'elu', 'abs'), tie('node')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('node'), tie('node')).map(([op, a, b]) => `(${a})${op}(${b})`),
    fc.tuple(tie('node'), fc.constantFrom('2', '0.5', '-1', '1.5', 'z')).map(([a, n]) => `(${a})^${n}`),
    fc.tuple(fc.constantFrom('max', 'min'), tie('node'), tie('node')).map(([f, a, b]) => `${f}(${a}, ${b})`),
  ),
})).node;

describe('outside its domain a formula has no derivatives', () => {
  test('log″(−2), log1p″(−2), sqrt′(−1) are NaN, not the derivative formulas’ numbers', () => {
    for (const [text, z] of [['log(z)', -2], ['log1p(z)', -2], ['sqrt(z)', -1], ['z^0.5', -1], ['(-1)^z', 0.5]] as const) {
      const a = formulaActivation(text);
      expect(a.f(z, {}), text).toBeNaN();
      expect(a.df(z, {}), text).toBeNaN();
      expect(a.d2f(z, {}), text).toBeNaN();
    }
  });

  test('for any formula and z: f(z) NaN ⇒ f′(z) and f″(z) NaN', () => {
    fc.assert(
      fc.property(partialFormula, fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), (text, z) => {
        const a = formulaActivation(text);
        if (!Number.isNaN(a.f(z, {}))) return;
        expect(a.df(z, {}), `${text} at ${z}`).toBeNaN();
        expect(a.d2f(z, {}), `${text} at ${z}`).toBeNaN();
      }),
      { numRuns: 2000 },
    );
  });
});
