/**
 * First partial results come soon, and change no number. Gradient flow's comes before χ's
 * Gaussian quadrature: with PyTorch's tabulated gains the simulation needs none, so the first
 * partial goes out with χ (and the prediction) not yet known, and the run's numbers are those of
 * a run that computed χ first. Dead neurons' comes after the first epoch.
 * (This file's first test needs a cold module: no moments remembered yet.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getElementwise, resolveParams } from '../src/activations/index.js';
import { gain, pytorchGainValue } from '../src/analysis/gain.js';
import { gaussianMoments } from '../src/analysis/moments.js';
import { deadNeurons, type DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import { gradientFlow, type GradientFlowConfig, type GradientFlowResult } from '../src/experiments/gradient-flow.js';
import { createRng } from '../src/math/rng.js';

const CONFIG: GradientFlowConfig = { depths: [1, 5, 10], units: 32, simulations: 4, activations: ['relu', 'sigmoid', 'tanh'], gains: 'pytorch', method: 'auto' };

function runWithPartials(config: GradientFlowConfig, rng: 'default' | 'numpy' = 'default'): { result: GradientFlowResult; partials: GradientFlowResult[] } {
  const partials: GradientFlowResult[] = [];
  const result = gradientFlow.run(config, createRng(rng, 5), (_f, _l, partial) => partial && partials.push(partial));
  return { result, partials };
}

describe('gradient flow: the first partial result before the quadrature', () => {
  it('cold: the first partial has no χ yet (NaN, no prediction), the next ones and the result have it', () => {
    const { result, partials } = runWithPartials(CONFIG);
    expect(partials.length).toBeGreaterThanOrEqual(2);
    const [first, ...rest] = partials as [GradientFlowResult, ...GradientFlowResult[]];
    expect(first.chi.every(Number.isNaN)).toBe(true);
    expect(first.rows.every((row) => row.predicted.every(Number.isNaN) && row.simulated.every(Number.isFinite))).toBe(true);
    for (const partial of rest) expect(partial.chi).toEqual(result.chi);
  });

  it('warm (moments remembered from an earlier run): χ is in the first partial already', () => {
    const { result, partials } = runWithPartials(CONFIG);
    expect(partials[0]?.chi).toEqual(result.chi);
  });

  it('the same numbers with or without partial results, and χ = gain²·E[f′(z)²] to the bit', () => {
    for (const gains of ['pytorch', 'variance-preserving']) {
      for (const rng of ['default', 'numpy'] as const) {
        const config = { ...CONFIG, gains, activations: ['relu', 'leaky_relu', 'selu', 'gelu', 'tanh', 'sigmoid'] };
        const { result } = runWithPartials(config, rng);
        expect(gradientFlow.run(config, createRng(rng, 5))).toEqual(result);
        config.activations.forEach((id, k) => {
          const def = getElementwise(id);
          const params = resolveParams(def, {});
          const report = gain(def, params);
          expect(result.gains[k]).toBe(gains === 'pytorch' && report.pytorch ? report.pytorch.value : report.gain);
          expect(result.chi[k]).toBe((result.gains[k] as number) ** 2 * gaussianMoments(def, params, 1).meanDerivativeSquare);
        });
      }
    }
  });

  it('PyTorch’s tabulated gain without the quadrature is the gain report’s, for any parameters', () => {
    const ids = ['linear', 'relu', 'leaky_relu', 'tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'swish'];
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.oneof(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.constant(1e200)), (id, slope) => {
        const def = getElementwise(id);
        const params = resolveParams(def, 'negative_slope' in def.params ? { negative_slope: slope } : {});
        let report;
        try {
          report = gain(def, params);
        } catch {
          return; // parameters the analysis refuses have no gain report to compare with
        }
        expect(pytorchGainValue(id, params)).toBe(report.pytorch?.value);
      }),
      { numRuns: 60 },
    );
  });
});

describe('dead neurons: the first partial result after the first epoch', () => {
  it('the first run’s curve up to epoch 1, then every epochs/20 epochs; the same result with or without partials', () => {
    const config = { ...deadNeurons.defaults, parts: ['training'], strategies: ['negative_bias'], hidden: [6], epochs: 60, samples: 64 };
    const partials: DeadNeuronsResult[] = [];
    const result = deadNeurons.run(config, createRng('default', 3), (_f, _l, p) => p && partials.push(p));
    const epochs = (p: DeadNeuronsResult | undefined) => p?.training?.runs.at(-1)?.curve.at(-1)?.epoch;
    expect(epochs(partials[0])).toBe(1);
    expect(epochs(partials[1])).toBe(4);
    expect(deadNeurons.run(config, createRng('default', 3))).toEqual(result);
  });
});
