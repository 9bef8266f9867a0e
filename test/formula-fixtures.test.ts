/**
 * Formulas the registry lacks against mpmath (test/fixtures/formulas.py), and the property
 * sheet of a formula against the registry's sheet of the same function.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formulaActivation } from '../src/activations/index.js';
import { properties } from '../src/analysis/properties.js';

interface FixtureFile {
  readonly points: readonly number[];
  readonly formulas: readonly { readonly text: string; readonly f: readonly number[]; readonly df: readonly number[]; readonly d2f: readonly number[] }[];
}

const FIXTURES = JSON.parse(readFileSync(new URL('fixtures/formula/formulas.json', import.meta.url), 'utf8')) as FixtureFile;
/** References below this are compared absolutely against it (the subnormal tail: a product amplifies its spacing). */
const TINY = 2 ** -1000;
const EPSILON = 2 ** -52;

/**
 * Bounds in units of 2⁻⁵² relative to the reference, as c₀ + c₁·|z| for f, f′, f″: c₁ where the
 * formula itself rounds an argument that exp then amplifies (1.5·z in sigmoid(1.5*z): a
 * relative error of |1.5z|·2⁻⁵³, which the registry's swish avoids with a double-double).
 * Within 0.05 of a sign change of the reference only the absolute error is bounded (1e-15);
 * at the points `excluded` names (up to z = 354) the absolute error is bounded by 1e-14: there
 * the formula as written cancels or overflows.
 */
const BOUNDS: Readonly<Record<string, { readonly c0: readonly [number, number, number]; readonly c1: readonly [number, number, number]; readonly excluded?: (z: number, order: 'f' | 'df' | 'd2f') => boolean }>> = {
  // f′ = 1 + sin 2z touches 0 at −π/4 + kπ (no sign change): 1 + sin 2z cancels there
  'z + sin(z)^2': { c0: [4, 16, 16], c1: [0, 0, 0], excluded: (z, order) => order === 'df' && Math.abs(Math.sin(2 * z) + 1) < 0.1 },
  'z*sigmoid(1.5*z)': { c0: [4, 16, 64], c1: [1, 1, 1] },
  // e^z overflows beyond z = 709.78 (softplus(z) would not); the jet of log1p(e^z) forms f″ as
  // σ − σ², which cancels as σ → 1 (relative error ≈ e^z·2⁻⁵³): for z > 2 f″ is bounded
  // absolutely, up to z = 354 where u′² = e^{2z} overflows (beyond, f″ of this formula is wrong)
  'log1p(exp(z))*tanh(z)': { c0: [4, 16, 64], c1: [0, 0, 0], excluded: (z, order) => z > 709 || (order === 'd2f' && z > 2) },
  'z*erf(z)': { c0: [4, 16, 64], c1: [0, 0, 0] },
};

describe('formulas against high-precision references (mpmath)', () => {
  for (const fixture of FIXTURES.formulas) {
    test(`${fixture.text}: f, f′, f″ within (c₀ + c₁|z|) × 2⁻⁵² relative`, () => {
      const { c0, c1, excluded = () => false } = BOUNDS[fixture.text]!;
      const activation = formulaActivation(fixture.text);
      const report: string[] = [];
      (['f', 'df', 'd2f'] as const).forEach((order, k) => {
        const reference = fixture[order];
        // both neighbours of each sign change (and exact zeros)
        const signChanges = FIXTURES.points.filter(
          (_, i) => reference[i] === 0 || (i > 0 && reference[i - 1]! < 0 !== reference[i]! < 0) || (i + 1 < reference.length && reference[i + 1]! < 0 !== reference[i]! < 0),
        );
        let worst = 0;
        let worstAt = NaN;
        let nearWorst = 0;
        let excludedWorst = 0;
        FIXTURES.points.forEach((z, i) => {
          const a = activation[order](z, {});
          const b = reference[i]!;
          if (a === b) return;
          if (excluded(z, order)) {
            if (z <= 354) excludedWorst = Math.max(excludedWorst, Math.abs(a - b));
            return;
          }
          if (signChanges.some((c) => Math.abs(z - c) < 0.05)) {
            nearWorst = Math.max(nearWorst, Math.abs(a - b));
            return;
          }
          const error = Math.abs(a - b) / Math.max(Math.abs(b), TINY) / EPSILON / (c0[k]! + c1[k]! * Math.abs(z));
          if (!(error <= worst)) {
            worst = error;
            worstAt = z;
          }
        });
        report.push(`${order}: ${(worst * 100).toFixed(0)}% of (${c0[k]} + ${c1[k]}|z|) × 2⁻⁵² at ${worstAt}, abs near sign changes ${nearWorst.toExponential(2)}, abs where excluded ${excludedWorst.toExponential(2)}`);
        expect(worst, `${fixture.text} ${order} at ${worstAt}`).toBeLessThanOrEqual(1);
        expect(nearWorst).toBeLessThanOrEqual(1e-15);
        expect(excludedWorst).toBeLessThanOrEqual(1e-14);
      });
      console.log(`${fixture.text}\n  ${report.join('\n  ')}`);
    });
  }
});

/** Every number of a and b equal within `relative`, every other leaf identical; paths of differences. */
function differences(a: unknown, b: unknown, relative: number, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b || (a !== a && b !== b)) return [];
    return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], relative, `${path}.${key}`));
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

test('the property sheet of z*sigmoid(1.5*z) is swish’s with β = 1.5, field by field (numbers within 1e-9 relative)', () => {
  const { id, name, params, cost, ...mine } = properties(formulaActivation('z*sigmoid(1.5*z)'));
  const { id: _id, name: _name, params: _params, cost: _cost, ...swish } = properties('swish', { beta: 1.5 });
  expect(differences(mine, swish, 1e-9)).toEqual([]);
  expect([id, name, params]).toEqual(['z*sigmoid(1.5*z)', 'z*sigmoid(1.5*z)', {}]);
  expect(cost).toBeDefined();
});

test.each([
  ['where(z>0,z,exp(z)-1)', 'elu', {}],
  ['z*tanh(softplus(z))', 'mish', {}],
  ['z*sigmoid(z)', 'swish', {}],
] as const)('the property sheet of %s is %s’s (numbers within 1e-9 relative)', (text, id, params) => {
  const { id: _id, name: _name, params: _params, cost: _cost, ...mine } = properties(formulaActivation(text));
  const { id: _i, name: _n, params: _p, cost: _c, ...theirs } = properties(id, params);
  expect(differences(mine, theirs, 1e-9)).toEqual([]);
});

test('max(z, 0.1*z) has leaky_relu’s sheet but for f′ at the tie: 0.55 (half of each side) where leaky_relu takes 0.1', () => {
  const { id: _id, name: _name, params: _params, cost: _cost, ...mine } = properties(formulaActivation('max(z,0.1*z)'));
  const { id: _i, name: _n, params: _p, cost: _c, ...theirs } = properties('leaky_relu', { negative_slope: 0.1 });
  expect(differences(mine, theirs, 1e-9)).toEqual(['.derivativeRange.values.1: 0.55 vs 1', '.derivativeRange.values.2: 1 vs undefined']);
  expect(mine.derivativeRange.values).toEqual([0.1, 0.55, 1]);
});
