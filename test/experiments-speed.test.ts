/**
 * The fast experiments: random layers drawn as σ‖v‖·ξ (gaussian-layer.ts) are the same
 * stochastic process as full matrices — checked against the matrices and against the exact
 * mean-field moments within sampling error — numpy's mode still draws the matrices, and long
 * runs stream partial results of the final shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getElementwise, resolveParams } from '../src/activations/index.js';
import { gaussianMoments } from '../src/analysis/moments.js';
import { deadNeurons, type DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import { NormalPool, layerMethod, scaledNorm } from '../src/experiments/gaussian-layer.js';
import { gradientFlow, type GradientFlowConfig, type GradientFlowResult } from '../src/experiments/gradient-flow.js';
import { planRun, runExperiment } from '../src/experiments/index.js';
import { seluNormalisation, type SeluNormalisationConfig, type SeluNormalisationResult } from '../src/experiments/selu-normalisation.js';
import { vanishingGradient, type VanishingGradientResult } from '../src/experiments/vanishing-gradient.js';
import { createRng } from '../src/math/rng.js';

/** Mean and standard error of a sample. */
function stats(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

/** |difference of two sample means| in standard errors (Welch). */
function zScore(a: readonly number[], b: readonly number[]): number {
  const x = stats(a);
  const y = stats(b);
  return Math.abs(x.mean - y.mean) / Math.sqrt(x.se ** 2 + y.se ** 2);
}

const FLOW: GradientFlowConfig = { depths: [1, 3, 8], units: 12, simulations: 1, activations: ['relu', 'tanh', 'sigmoid'], gains: 'pytorch', method: 'auto' };

/** One simulation per seed: the final gradient norms, [depth][activation][seed]. */
function flowSamples(method: string, seeds: number, first: number): number[][][] {
  const out = FLOW.depths.map(() => FLOW.activations.map(() => [] as number[]));
  for (let seed = first; seed < first + seeds; seed++) {
    const result = gradientFlow.run({ ...FLOW, method }, createRng('default', seed));
    result.rows.forEach((row, r) => row.simulated.forEach((v, k) => out[r]![k]!.push(v)));
  }
  return out;
}

describe('projected random layers: the same process as full matrices', () => {
  it('gradient-flow: the norms agree with the explicit-matrix method, and E‖g‖² with n·χ^L exactly', () => {
    const projected = flowSamples('projected', 1500, 0);
    const matrices = flowSamples('matrices', 1500, 100_000);
    const zs: number[] = [];
    FLOW.activations.forEach((id, k) => {
      const def = getElementwise(id);
      const result = gradientFlow.run({ ...FLOW, method: 'projected' }, createRng('default', 1));
      const chi = result.chi[k] as number;
      expect(chi).toBeCloseTo((result.gains[k] as number) ** 2 * gaussianMoments(def, resolveParams(def, {}), 1).meanDerivativeSquare, 12);
      FLOW.depths.forEach((depth, r) => {
        const a = projected[r]![k]!;
        const b = matrices[r]![k]!;
        zs.push(zScore(a, b));
        // E‖g_L‖² = n·χ^L holds exactly for this process (the mean-field recursion is exact in expectation).
        const squares = stats(a.map((v) => v * v));
        zs.push(Math.abs(squares.mean - FLOW.units * chi ** depth) / squares.se);
      });
    });
    console.log(`gradient-flow z-scores: ${zs.map((z) => z.toFixed(2)).join(' ')}`);
    for (const z of zs) expect(z).toBeLessThan(4.5);
  });

  it('gradient-flow: the default mean over the chapter-sized run is near the prediction √n·χ^{L/2} (ReLU is critical)', () => {
    const result = gradientFlow.run({ ...gradientFlow.defaults }, createRng('default', 42));
    expect(result.method).toBe('projected');
    expect(result.simulationsDone).toBe(100);
    for (const row of result.rows) {
      // ReLU with gain √2: χ = 1, predicted √256 = 16; the mean norm is a little below √E‖g‖² (Jensen).
      expect(row.predicted[0]).toBeCloseTo(16, 10);
      expect(row.simulated[0]).toBeGreaterThan(12);
      expect(row.simulated[0]).toBeLessThan(17);
      // Sigmoid: within 20 % of √n·χ^{L/2} at every depth (its spread is small).
      expect(Math.abs((row.simulated[1] as number) / (row.predicted[1] as number) - 1)).toBeLessThan(0.2);
    }
  });

  it('selu-normalisation: the variances after 3 layers agree with the explicit-matrix method', () => {
    const config: SeluNormalisationConfig = { pairs: ['relu:he', 'selu:lecun', 'tanh:gain'], layers: 3, units: 10, method: 'auto' };
    const sample = (method: string, first: number) => {
      const out = config.pairs.map(() => [[], []] as [number[], number[]]);
      for (let seed = first; seed < first + 1500; seed++) {
        seluNormalisation.run({ ...config, method }, createRng('default', seed)).series.forEach((s, k) => {
          out[k]![0].push(s.means[2] as number);
          out[k]![1].push(s.variances[2] as number);
        });
      }
      return out;
    };
    const a = sample('projected', 0);
    const b = sample('matrices', 50_000);
    const zs = a.flatMap((pair, k) => [zScore(pair[0], b[k]![0]), zScore(pair[1], b[k]![1])]);
    console.log(`selu-normalisation z-scores: ${zs.map((z) => z.toFixed(2)).join(' ')}`);
    for (const z of zs) expect(z).toBeLessThan(4.5);
  });

  it('vanishing-gradient: the log-norms per layer agree with the explicit-matrix method', () => {
    const sample = (method: string, first: number) => {
      const out: number[][] = [[], [], []];
      for (let seed = first; seed < first + 1500; seed++) {
        const { layers } = vanishingGradient.run({ activation: 'tanh', depth: 6, units: 10, weightScale: 0.5, method }, createRng('default', seed));
        [0, 2, 5].forEach((l, i) => out[i]!.push(Math.log(layers[l]!.norm)));
      }
      return out;
    };
    const a = sample('projected', 0);
    const b = sample('matrices', 50_000);
    const zs = a.map((xs, i) => zScore(xs, b[i]!));
    console.log(`vanishing-gradient z-scores: ${zs.map((z) => z.toFixed(2)).join(' ')}`);
    for (const z of zs) expect(z).toBeLessThan(4.5);
  });
});

describe('numpy mode draws the full matrices (the chapter’s bits)', () => {
  it('method auto means matrices with numpy and projected with the default generator', () => {
    expect(layerMethod('auto', createRng('numpy', 1))).toBe('matrices');
    expect(layerMethod('auto', createRng('default', 1))).toBe('projected');
    expect(layerMethod('matrices', createRng('default', 1))).toBe('matrices');
    expect(layerMethod('projected', createRng('numpy', 1))).toBe('projected');
  });

  it('numpy runs are the same with method=auto and method=matrices', () => {
    for (const [id, set] of [
      ['gradient-flow', { depths: '2,3', units: '8', simulations: '3' }],
      ['selu-normalisation', { layers: '4', units: '16' }],
      ['vanishing-gradient', { depth: '5', units: '9' }],
    ] as const) {
      const auto = runExperiment(id, { rng: 'numpy', seed: 3, set });
      const matrices = runExperiment(id, { rng: 'numpy', seed: 3, set: { ...set, method: 'matrices' } });
      expect(auto.result).toEqual(matrices.result);
    }
  });

  it('the cost estimate follows the generator: the explorer’s largest gradient-flow run fits the budget by default, not with numpy', () => {
    const set = { depths: '1,25,50,75,100,125,150,175,200', units: '512', simulations: '200', activations: 'relu,sigmoid,tanh' };
    expect(planRun('gradient-flow', { set }).cost.seconds).toBeLessThan(120);
    expect(() => planRun('gradient-flow', { set, rng: 'numpy' })).toThrow(/would take about/);
    expect(planRun('gradient-flow', { set: {} }).cost.seconds).toBeLessThan(2);
    expect(planRun('selu-normalisation', { set: { pairs: 'relu:he,selu:lecun,tanh:gain', units: '2000' } }).cost.seconds).toBeLessThan(2);
  });
});

describe('partial results while a run goes', () => {
  it('gradient-flow: every depth, the mean over the simulations so far, ending in the final result', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 150 }),
        fc.constantFrom('projected', 'matrices'),
        (depths, units, simulations, method) => {
          const partials: GradientFlowResult[] = [];
          const fractions: number[] = [];
          const config = { ...FLOW, depths, units, simulations, method };
          const result = gradientFlow.run(config, createRng('default', 7), (fraction, _label, partial) => {
            fractions.push(fraction);
            if (partial) partials.push(partial);
          });
          expect(partials.length).toBeGreaterThan(0);
          expect(partials.length).toBeLessThanOrEqual(method === 'projected' ? 102 : 102 * depths.length);
          for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
          expect(fractions[fractions.length - 1]).toBe(1);
          for (const p of partials) {
            expect(p.rows.every((row) => row.simulations >= p.simulationsDone && row.simulated.length === config.activations.length)).toBe(true);
            if (method === 'projected') expect(p.rows.map((row) => row.depth)).toEqual(depths);
          }
          expect(partials[partials.length - 1]).toEqual(result);
          expect(result.simulationsDone).toBe(simulations);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('selu-normalisation and vanishing-gradient: the layers so far', () => {
    const selu: SeluNormalisationResult[] = [];
    const result = seluNormalisation.run({ pairs: ['relu:he', 'selu:lecun'], layers: 120, units: 20, method: 'auto' }, createRng('default', 1), (_f, _l, p) => p && selu.push(p));
    expect(selu.length).toBeGreaterThan(20);
    expect(selu.length).toBeLessThanOrEqual(61);
    for (const p of selu) for (const s of p.series) expect(s.means.length).toBe(p.layersDone);
    expect(selu[selu.length - 1]).toEqual(result);
    const vanishing: VanishingGradientResult[] = [];
    const v = vanishingGradient.run({ activation: 'sigmoid', depth: 200, units: 10, weightScale: 0.1, method: 'auto' }, createRng('default', 1), (_f, _l, p) => p && vanishing.push(p));
    expect(vanishing[vanishing.length - 1]).toEqual(v);
    expect(vanishing.map((p) => p.layers.length)).toEqual([...vanishing.map((p) => p.layers.length)].sort((a, b) => a - b));
  });

  it('dead-neurons: each run’s curve so far, then the finished runs', () => {
    const partials: DeadNeuronsResult[] = [];
    const config = { ...deadNeurons.defaults, parts: ['training'], strategies: ['negative_bias'], hidden: [6], epochs: 40, samples: 64 };
    const result = deadNeurons.run(config, createRng('default', 42), (_f, _l, p) => p && partials.push(p));
    expect(partials.length).toBeGreaterThan(20);
    expect(partials.length).toBeLessThan(80);
    const lengths = partials.map((p) => p.training?.runs.length ?? 0);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    const first = partials[0]?.training?.runs[0];
    expect(first?.curve.length).toBeLessThan(result.training?.runs[0]?.curve.length ?? 0);
    expect(partials[partials.length - 1]).toEqual(result);
  });
});

describe('NormalPool and scaledNorm', () => {
  it('hands out the generator’s normals in order when the counts divide the pool', () => {
    const pool = new NormalPool(createRng('default', 5), 1000);
    const direct = createRng('default', 5).fillNormal(new Float64Array(3000));
    const got: number[] = [];
    for (let i = 0; i < 60; i++) {
      const at = pool.take(50);
      got.push(...pool.values.subarray(at, at + 50));
    }
    expect(Float64Array.from(got)).toEqual(direct);
  });

  it('scaledNorm overflows only when the norm does', () => {
    expect(scaledNorm(Float64Array.of(3e200, 4e200))).toBeCloseTo(5e200, -190);
    expect(scaledNorm(Float64Array.of(0, 0))).toBe(0);
    expect(scaledNorm(Float64Array.of(Infinity, 1))).toBe(Infinity);
    expect(scaledNorm(Float64Array.of(1, 2, 2), 1, 2)).toBeCloseTo(Math.SQRT2 * 2, 14);
  });
});
