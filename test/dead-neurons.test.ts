/**
 * The dead-neurons experiment: the chapter's simulation as written (textbook mode), the
 * relu_variants.py panel, and the training measurement where ReLUs really die.
 *
 * Textbook note: in relu_family.py `dead_neuron_simulation()` runs after
 * `gradient_flow_comparison()` on the continuing numpy stream (seeded 42 once, ~1.1e9 normals
 * earlier). Every count is 0 there, and 0 for any generator state (the exact P(dead) below makes
 * a non-zero count a ~1% event at most), so the fresh `seed(42)` state prints the same four lines.
 * The counts at `chapterSamples = 5` were produced by the program's own code with numpy 2.4.6.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type RngKind } from '../src/math/rng.js';
import { normalCdf } from '../src/math/normal.js';
import { deadNeurons, log10DeadProbability, type DeadNeuronsConfig, type DeadNeuronsResult } from '../src/experiments/dead-neurons.js';

const run = (set: Partial<DeadNeuronsConfig>, kind: RngKind = 'default', seed = 42) => {
  const config = { ...deadNeurons.defaults, ...set } as DeadNeuronsConfig;
  const result = deadNeurons.run(config, createRng(kind, seed));
  return { config, result, report: deadNeurons.report(result, config) };
};

const CHAPTER_LINES = [
  '      zero_bias:    0 dead neurons (0.0%)',
  '  negative_bias:    0 dead neurons (0.0%)',
  '  positive_bias:    0 dead neurons (0.0%)',
  '      poor_init:    0 dead neurons (0.0%)',
];

const counts = (result: DeadNeuronsResult) => Object.fromEntries((result.chapter?.strategies ?? []).map((s) => [s.name, s.deadCount]));

describe('part 1: dead_neuron_simulation as written', () => {
  it('textbook mode (numpy, seed 42) prints the chapter lines', () => {
    const { report } = run({ parts: ['chapter'] }, 'numpy', 42);
    const lines = report.split('\n');
    expect(lines.slice(0, 6)).toEqual(['Dead Neuron Simulation', '='.repeat(50), ...CHAPTER_LINES]);
  });

  it('draws in the program order: with 5 samples per unit numpy seed 42 gives the program’s 40, 250, 1, 40', () => {
    const { result, report } = run({ parts: ['chapter'], chapterSamples: 5 }, 'numpy', 42);
    expect(counts(result)).toEqual({ zero_bias: 40, negative_bias: 250, positive_bias: 1, poor_init: 40 });
    expect(report).toContain('      zero_bias:   40 dead neurons (4.0%)');
    expect(report).toContain('  negative_bias:  250 dead neurons (25.0%)');
  });

  it('zero_bias and poor_init give identical counts for any seed (hidden_weights is never used)', () => {
    for (const kind of ['numpy', 'default'] as const) {
      for (const seed of [0, 1, 7, 42, 123456]) {
        for (const chapterSamples of [5, 1000]) {
          const { result } = run({ parts: ['chapter'], chapterSamples }, kind, seed);
          const c = counts(result);
          expect(c.zero_bias).toBe(c.poor_init);
          expect(result.chapter?.zeroBiasEqualsPoorInit).toBe(true);
          if (chapterSamples === 1000) expect(c).toEqual({ zero_bias: 0, negative_bias: 0, positive_bias: 0, poor_init: 0 });
          else expect(c.zero_bias).toBeGreaterThan(0);
        }
      }
    }
  });

  it('P(unit dead) = E_w[Φ(−b/‖w‖)^n], ‖w‖² ~ 0.2·χ²₁₀: checked against an independent integral (scipy)', () => {
    // b = 0: Φ(0)^n = 2^−n whatever w is.
    expect(log10DeadProbability(0, 1000, 10, 0.2)).toBeCloseTo(-1000 * Math.log10(2), 10);
    expect(log10DeadProbability(0, 5, 10, 0.2)).toBeCloseTo(-5 * Math.log10(2), 12);
    // Reference values: trapezoid over s on a 1e−5 grid with scipy.special.log_ndtr.
    const rel = (log10: number, reference: number) => Math.abs(10 ** log10 / reference - 1);
    expect(rel(log10DeadProbability(-1, 1000, 10, 0.2), 8.577455760525004e-6)).toBeLessThan(1e-8);
    expect(rel(log10DeadProbability(-1, 5, 10, 0.2), 0.29093666176496125)).toBeLessThan(1e-10);
    expect(rel(log10DeadProbability(1, 5, 10, 0.2), 0.0008853662425302776)).toBeLessThan(1e-9);
    expect(log10DeadProbability(1, 1000, 10, 0.2)).toBeCloseTo(-393.89743056589117, 6);
  });

  it('explains the zeros: P(dead) for b = −1 is ~1e−5 (small ‖w‖ dominates), < 1e−100 at the typical norm; expected count < 0.01', () => {
    const { result, report } = run({ parts: ['chapter'] }, 'numpy', 42);
    const negative = result.chapter?.strategies.find((s) => s.name === 'negative_bias');
    expect(negative).toBeDefined();
    const p = negative?.log10DeadProbability ?? 0;
    // The mixture over ‖w‖ (not astronomically small) …
    expect(p).toBeGreaterThan(-6);
    expect(p).toBeLessThan(-5);
    // … still far too small for one dead unit among 1000 …
    expect(10 ** p * 1000).toBeLessThan(0.01);
    // … and at the typical ‖w‖² = 2 the probability is below 1e−100: Φ(1/√2)^1000 ≈ 9e−120.
    expect(negative?.log10DeadProbabilityTypicalNorm).toBeLessThan(-100);
    expect(negative?.log10DeadProbabilityTypicalNorm).toBeCloseTo(1000 * Math.log10(normalCdf(Math.SQRT1_2)), 8);
    expect(report).toContain('b = −1: P = 8.58e-06, expected dead 8.58e-03');
    expect(report).toContain('b = +1: P = 1.27e-394');
  });
});

describe('part 2: the Dead/Inactive Neuron Rate panel', () => {
  it('0% for all three, because Φ(0.5)^1000 ≈ 6e−161', () => {
    const { result } = run({ parts: ['panel'] }, 'numpy', 42);
    const panel = result.panel;
    expect(panel?.bars.map((b) => [b.name, b.deadPercent, b.zeroGradientPercent])).toEqual([
      ['ReLU', 0, 0],
      ['Leaky ReLU', 0, 0],
      ['ELU', 0, 0],
    ]);
    expect(panel?.log10AllNegative).toBeCloseTo(1000 * Math.log10(normalCdf(0.5)), 8);
    expect(panel?.log10AllNegative).toBeLessThan(-160);
  });

  it("the chapter's criteria are equal by construction; by the gradient only ReLU can die", () => {
    // A shift and sample count where dead neurons are common: P = Φ(2)^10 ≈ 0.79.
    const { result } = run({ parts: ['panel'], panelShift: 2, panelSamples: 10 }, 'default', 3);
    const [relu, leaky, elu] = result.panel?.bars ?? [];
    expect(relu?.deadPercent).toBeGreaterThan(50);
    expect(leaky?.deadPercent).toBe(relu?.deadPercent);
    expect(elu?.deadPercent).toBe(relu?.deadPercent);
    expect(relu?.zeroGradientPercent).toBe(relu?.deadPercent);
    expect(leaky?.zeroGradientPercent).toBe(0);
    expect(elu?.zeroGradientPercent).toBe(0);
  });
});

describe('part 3: death during training at a high learning rate', () => {
  it(
    'defaults (default rng, seed 42): ReLU units die, Leaky ReLU and ELU never do; the report has all three parts',
    () => {
      const { result, report } = run({});
      const runs = result.training?.runs ?? [];
      expect(runs).toHaveLength(12);
      const of = (activation: string, strategy: string) => runs.find((r) => r.activation === activation && r.strategy === strategy);
      const negative = of('relu', 'negative_bias');
      expect(Math.max(...(negative?.finalDead ?? [0]))).toBeGreaterThan(0);
      // Units alive at initialisation are killed by the large steps (not only dead on arrival).
      expect(Math.max(...runs.filter((r) => r.activation === 'relu').flatMap((r) => r.killed))).toBeGreaterThan(0.1);
      expect(Math.max(...(of('relu', 'poor_init')?.killed ?? [0]))).toBeGreaterThan(0);
      for (const r of runs.filter((r) => r.activation !== 'relu')) {
        expect(r.divergedAt).toBeNull();
        expect(r.finalDead.every((d) => d === 0)).toBe(true);
        expect(r.peakDead.every((d) => d === 0)).toBe(true);
      }
      // Curves start at epoch 0 and end at the last epoch, one value per hidden layer.
      expect(negative?.curve[0]?.epoch).toBe(0);
      expect(negative?.curve.at(-1)?.epoch).toBe(deadNeurons.defaults.epochs);
      expect(negative?.curve.every((p) => p.dead.length === 2)).toBe(true);
      expect(report.split('\n').slice(2, 6)).toEqual(CHAPTER_LINES);
      expect(report).toContain('Dead/Inactive Neuron Rate');
      expect(report).toMatch(/relu\s+negative_bias\s+−1/);
    },
    60_000,
  );

  it('is deterministic for a fixed seed', () => {
    const set: Partial<DeadNeuronsConfig> = { parts: ['training'], strategies: ['negative_bias', 'poor_init'], activations: ['relu', 'elu'], epochs: 15 };
    const a = run(set, 'default', 5);
    const b = run(set, 'default', 5);
    expect(a.result).toEqual(b.result);
    expect(a.report).toBe(b.report);
    // Each part starts from the generator as given: the training part ignores whether the others ran.
    const withOthers = run({ ...set, parts: ['chapter', 'training'] }, 'default', 5);
    expect(withOthers.result.training).toEqual(a.result.training);
  });
});
