/**
 * The lab's limits: every setting at its extremes is either planned or refused for
 * its cost — never a crash — the cost estimates are finite and grow with the sizes, and
 * linear-collapse's two-pass drawing gives the bits of the original one-pass program.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActlabError } from '../src/errors.js';
import {
  checkBudget,
  DEFAULT_BUDGET,
  EXPERIMENTS,
  formatBytes,
  formatSeconds,
  linearCollapse,
  MAX_ARRAY_BYTES,
  planRun,
  RunBudgetError,
  type SettingSpec,
} from '../src/experiments/index.js';
import { createRng } from '../src/math/rng.js';
import { matmul, matrix, type Matrix } from '../src/nn/matrix.js';

/** A value at one end of a setting's range, as text. */
function extreme(spec: SettingSpec, end: 'min' | 'max'): string | undefined {
  const v = spec[end];
  if (v === undefined) return undefined;
  if (spec.exclusiveMin && end === 'min') return String(v + (spec.type === 'integer' ? 1 : 1e-9));
  return String(v);
}

describe('every setting at its extremes (the others at their defaults)', () => {
  for (const experiment of EXPERIMENTS) {
    it(experiment.id, () => {
      for (const [key, spec] of Object.entries(experiment.settings as Record<string, SettingSpec>)) {
        if (spec.type !== 'integer' && spec.type !== 'number' && spec.type !== 'numbers') continue;
        for (const end of ['min', 'max'] as const) {
          const text = extreme(spec, end);
          if (text === undefined) continue;
          const set = { [key]: text };
          try {
            const { cost } = planRun(experiment.id, { set });
            // Accepted: an estimate within the budget.
            expect(Number.isFinite(cost.seconds) && cost.seconds >= 0, `${experiment.id}.${key}=${text}`).toBe(true);
            expect(cost.bytes).toBeLessThanOrEqual(DEFAULT_BUDGET.bytes);
            expect(cost.largestArray).toBeLessThanOrEqual(MAX_ARRAY_BYTES);
          } catch (error) {
            // Refused only for its cost, with the estimate and what to lower (or, for a grid end,
            // because the other end is now on the wrong side; or a bound another setting sets).
            // fashion-mnist: training and held-out images share the 60,000 (a bound set by the other).
            if (/must be > from|training images, validation=\d+ held out/.test(String(error))) continue;
            expect(error, `${experiment.id}.${key}=${text}: ${String(error)}`).toBeInstanceOf(RunBudgetError);
            expect((error as Error).message).toMatch(/ — lower /);
          }
        }
      }
    });
  }
});

describe('cost estimates', () => {
  it('grow with every size setting and are finite for any valid configuration', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXPERIMENTS), fc.integer({ min: 1, max: 8 }), (experiment, factor) => {
        const { cost } = planRun(experiment.id, { budget: { bytes: Infinity, seconds: Infinity } });
        expect(Number.isFinite(cost.bytes) && cost.bytes > 0).toBe(true);
        expect(Number.isFinite(cost.seconds) && cost.seconds > 0).toBe(true);
        // Doubling one integer size never makes a run cheaper.
        for (const [key, spec] of Object.entries(experiment.settings as Record<string, SettingSpec>)) {
          // Sizes only: a seed is no size, recording less often is cheaper, and fashion-mnist's larger batches take fewer Adam steps.
          if (spec.type !== 'integer' || key === 'seed' || key === 'recordEvery' || (experiment.id === 'fashion-mnist' && key === 'batchSize')) continue;
          const base = (experiment.defaults as Record<string, number>)[key] as number;
          const bigger = Math.min(spec.max as number, Math.max(base, 1) * factor);
          let larger;
          try {
            larger = planRun(experiment.id, { set: { [key]: String(bigger) }, budget: { bytes: Infinity, seconds: Infinity } }).cost;
          } catch (error) {
            expect(error).toBeInstanceOf(ActlabError);
            continue;
          }
          expect(larger.seconds, `${experiment.id}.${key}`).toBeGreaterThanOrEqual(cost.seconds - 1e-12);
          expect(larger.bytes, `${experiment.id}.${key}`).toBeGreaterThanOrEqual(cost.bytes);
        }
      }),
      { numRuns: 24 },
    );
  });

  it('layer widths may repeat (the explorer sends hidden=32,32); other lists refuse a repeated entry', () => {
    expect(planRun('dead-neurons', { set: { hidden: '32,32,32' } }).config.hidden).toEqual([32, 32, 32]);
    expect(() => planRun('gradient-flow', { set: { depths: '5,5' } })).toThrow(/5 is listed twice/);
  });

  it('the budget refuses by array size, memory and time, in that order, naming each', () => {
    const experiment = EXPERIMENTS[0]!;
    const cost = { bytes: 10, largestArray: 10, seconds: 1, drivers: 'x × y' };
    expect(() => checkBudget(experiment, { ...cost, largestArray: 2 ** 40 })).toThrow(/one array of 1 TiB; at most 2 GiB per array — lower x × y/);
    expect(() => checkBudget(experiment, { ...cost, bytes: 3 * 2 ** 30 })).toThrow(/about 3 GiB of memory; the limit here is 2 GiB/);
    expect(() => checkBudget(experiment, { ...cost, seconds: 86400 * 3 })).toThrow(/about 3 days; the limit is 10 min/);
    expect(() => checkBudget(experiment, cost)).not.toThrow();
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
    expect(formatSeconds(0.25)).toBe('0.3 s');
    expect(formatSeconds(5400)).toBe('90 min');
  });
});

describe('linear-collapse draws its layers twice instead of keeping them', () => {
  /** The original program: every layer kept, then each input pushed through them. */
  function onePass(depth: number, n: number, samples: number, kind: 'default' | 'numpy', seed: number) {
    const rng = createRng(kind, seed);
    const layers = Array.from({ length: depth }, () => matrix(n, n, rng.fillNormal(new Float64Array(n * n), 1 / Math.sqrt(n))));
    let product = layers[0] as Matrix;
    for (const w of layers.slice(1)) product = matmul(w, product);
    let maxDifference = 0;
    let maxOutput = 0;
    for (let s = 0; s < samples; s++) {
      const x = matrix(n, 1, rng.fillNormal(new Float64Array(n)));
      let h = x;
      for (const w of layers) h = matmul(w, h);
      const collapsed = matmul(product, x);
      for (let i = 0; i < n; i++) {
        maxDifference = Math.max(maxDifference, Math.abs((h.data[i] as number) - (collapsed.data[i] as number)));
        maxOutput = Math.max(maxOutput, Math.abs(h.data[i] as number));
      }
    }
    return { maxDifference, maxOutput };
  }

  it('gives the same bits as keeping every layer (both generators)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom('default' as const, 'numpy' as const), fc.nat(1000), (depth, n, samples, kind, seed) => {
        const config = { ...linearCollapse.defaults, depth, width: n, samples, compare: ['relu'], epochs: 1 };
        const result = linearCollapse.run(config, createRng(kind, seed));
        const expected = onePass(depth, n, samples, kind, seed);
        expect(result.maxDifference).toBe(expected.maxDifference);
        expect(result.maxOutput).toBe(expected.maxOutput);
        expect(result.finite).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
