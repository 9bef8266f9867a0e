/**
 * Accuracy for random parameters: every parametrised elementwise activation against the mpmath
 * fixtures of test/fixtures/params (generate.py): its defaults and library variants, the
 * extremes the validator accepts, and values drawn log-uniformly over the whole accepted range,
 * each at its own inputs — kinks and their neighbours, critical points (roots of f′ and f″) and
 * their neighbours, the implementation's thresholds, random points near the parameter's scale
 * and over the whole float range, and the hard points. Float64 scalar API, f ≤ 2 ULP,
 * f′ ≤ 4 ULP, f″ ≤ 4 ULP; no NaN or ∞ where the true value is finite; zeros with the sign of
 * the true value. Prints the table of maxima per activation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, resolveParams, type ElementwiseActivation } from '../src/activations/index.js';
import { loadParamCases, paramFixtureIds, ulpError, zeroSignMatches } from './support/fixtures.js';
import { expectReadmeHolds, ulpCell } from './support/readme-table.js';

const TARGET = { f: 2, df: 4, d2f: 4 } as const;
type Order = keyof typeof TARGET;

interface Row {
  id: string;
  sets: number;
  points: number;
  max: Record<Order, number>;
  worst: Record<Order, string>;
}
const rows: Row[] = [];

const elementwise = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const parametrised = elementwise.filter((a) => Object.keys(a.params).length > 0);
const available = new Set(paramFixtureIds());

/** The Markdown table of the measured maxima, sorted by activation (README's random-parameter table). */
function tableLines(measured: readonly Row[]): string[] {
  return [
    '| activation | parameter sets | points | f | f′ | f″ |',
    '|---|---:|---:|---:|---:|---:|',
    ...[...measured]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => `| ${r.id} | ${r.sets} | ${r.points} | ${ulpCell(r.max.f)} | ${ulpCell(r.max.df)} | ${ulpCell(r.max.d2f)} |`),
  ];
}

describe('accuracy for random parameters against mpmath fixtures (float64)', () => {
  it('every parametrised elementwise activation of the registry has random-parameter fixtures', () => {
    expect(parametrised.map((a) => a.id).filter((id) => !available.has(id))).toEqual([]);
  });

  for (const activation of parametrised) {
    it.runIf(available.has(activation.id))(`${activation.id}: f ≤ 2 ULP, f′ ≤ 4 ULP, f″ ≤ 4 ULP, signed zeros, for every fixture parameter set`, () => {
      const cases = loadParamCases(activation.id);
      const row: Row = { id: activation.id, sets: cases.length, points: 0, max: { f: 0, df: 0, d2f: 0 }, worst: { f: '', df: '', d2f: '' } };
      const failures: string[] = [];
      for (const c of cases) {
        const params = resolveParams(activation, c.params);
        row.points += c.z.length;
        for (const order of ['f', 'df', 'd2f'] as const) {
          const fn = activation[order];
          const refs = c[order];
          for (let i = 0; i < c.z.length; i++) {
            const z = c.z[i] as number;
            const ref = refs[i]!;
            const value = fn(z, params);
            const err = ulpError(value, ref, 'float64');
            const where = `${order}(${z}; ${JSON.stringify(c.params)})`;
            if (err > row.max[order]) {
              row.max[order] = err;
              row.worst[order] = where;
            }
            if (err > TARGET[order]) failures.push(`${where} = ${value}, want ${ref.hi} (+${ref.e} ulp): ${err.toPrecision(3)} ULP`);
            else if (Number.isFinite(z) && !zeroSignMatches(value, ref)) failures.push(`${where} = ${Object.is(value, -0) ? '-0' : value}, want ${Object.is(ref.hi, -0) ? '-0' : ref.hi}`);
          }
        }
      }
      rows.push(row);
      expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
    });
  }

  it("README's random-parameter table is the one this run measured", () => {
    expect(rows.length, 'run the whole file: the table needs every activation').toBe(parametrised.length);
    expectReadmeHolds(tableLines(rows));
  });

  afterAll(() => {
    console.log(
      [
        '',
        'Random parameters: measured max error in ULPs against mpmath, float64 scalar API; targets f ≤ 2, f′ ≤ 4, f″ ≤ 4',
        ...tableLines(rows),
        '',
      ].join('\n'),
    );
    if (process.env.ACTLAB_ULP_WORST) for (const r of rows) console.log(`${r.id}: worst f ${r.worst.f}; f′ ${r.worst.df}; f″ ${r.worst.d2f}`);
  });
});
