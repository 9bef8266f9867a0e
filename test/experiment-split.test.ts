/**
 * Runs split along a list setting (two workers in the explorer) merge to the whole run, to the
 * bit: the dead-neurons runs by activation, whatever the cut, with the whole run's printout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadNeuronsSplit, type DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import { mergeRuns, runExperiment, slices } from '../src/experiments/index.js';

/** A small part 3 (few epochs), so that many cuts can be checked. */
const SMALL = { parts: 'training', strategies: 'negative_bias,poor_init', epochs: '6', hidden: '8,8', samples: '64' } as const;

describe('slices', () => {
  it('cuts a list into consecutive non-empty slices of near-equal length, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 6 }), (list, ways) => {
        const cut = slices(list, ways);
        expect(cut.flat()).toEqual(list);
        expect(cut.length).toBe(Math.min(ways, list.length));
        const sizes = cut.map((s) => s.length);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
      }),
    );
  });
});

describe('dead neurons split by activation', () => {
  it('the explorer’s default run: [relu, leaky_relu, elu] = [relu, leaky_relu] + [elu], same result and printout', () => {
    const set = { parts: 'training', strategies: 'negative_bias', activations: 'relu,leaky_relu,elu', learningRate: '0.5', optimizer: 'sgd', epochs: '60', hidden: '32,32' };
    const whole = runExperiment('dead-neurons', { seed: 42, set });
    const parts = slices(['relu', 'leaky_relu', 'elu'], 2).map((acts) => runExperiment('dead-neurons', { seed: 42, set: { ...set, activations: acts.join(',') } }).result);
    const merged = mergeRuns('dead-neurons', set, parts);
    expect(merged.result).toEqual(whole.result);
    expect(merged.report).toBe(whole.report);
    expect(merged.config).toEqual(whole.config);
  }, 60_000);

  it('any cut of any activation list, any seed and generator, with parts 1 and 2 too', () => {
    const ids = ['relu', 'leaky_relu', 'elu', 'gelu', 'tanh', 'softplus'];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ids, { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.constantFrom('default' as const, 'numpy' as const),
        fc.boolean(),
        (acts, ways, seed, rng, allParts) => {
          const set = { ...SMALL, ...(allParts ? { parts: 'chapter,panel,training', units: '20', panelNeurons: '20', panelSamples: '30' } : {}), activations: acts.join(',') };
          const whole = runExperiment('dead-neurons', { seed, rng, set });
          const parts = slices(acts, ways).map((slice) => runExperiment('dead-neurons', { seed, rng, set: { ...set, activations: slice.join(',') } }).result);
          const merged = mergeRuns('dead-neurons', set, parts);
          expect(merged.result).toEqual(whole.result);
          expect(merged.report).toBe(whole.report);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);

  it('merges partial results: a slice not yet heard from is left out, the others keep their order', () => {
    const set = { ...SMALL, activations: 'relu,elu' };
    const relu = runExperiment('dead-neurons', { seed: 1, set: { ...set, activations: 'relu' } }).result as DeadNeuronsResult;
    const elu = runExperiment('dead-neurons', { seed: 1, set: { ...set, activations: 'elu' } }).result as DeadNeuronsResult;
    expect(deadNeuronsSplit.merge([elu]).training?.runs.map((r) => r.activation)).toEqual(['elu', 'elu']);
    expect(deadNeuronsSplit.merge([relu, elu]).training?.runs.map((r) => r.activation)).toEqual(['relu', 'relu', 'elu', 'elu']);
    expect(deadNeuronsSplit.merge([{}, {}])).toEqual({});
  });

  it('refuses to merge runs of an experiment that does not split, naming those that do', () => {
    expect(() => mergeRuns('gradient-flow', {}, [])).toThrow(/merge: experiment must be one whose runs split: dead-neurons, got "gradient-flow"/);
  });
});
