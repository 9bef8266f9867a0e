/**
 * The explorer's chapter-figure plan (web/src/figure-plan.ts): what each run is declared to read
 * of the page's seed and generator is what it reads — the seed controls are shown exactly for
 * the figures whose runs draw random numbers — and every control is labelled in words.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../src/experiments/index.js';
import type { RngKind } from '../src/math/rng.js';
import { FIGURE_PLAN, figureSettings } from '../web/src/figure-plan.js';

/** Each run at sizes that take milliseconds. */
const SMALL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'selu-normalisation': { units: '20', layers: '5' },
  // A shift that leaves some units dead and some not (the chapter's 0.5 leaves none, whatever the seed).
  'dead-neurons': { panelSamples: '20', panelNeurons: '50', panelShift: '1.5' },
  'gelu-approximation': { points: '21' },
  'gradient-flow': { depths: '2,4', units: '8', simulations: '2' },
  // Long enough to converge, so that the generator shows in the epochs.
  'xor-race': { seeds: '0-2', epochs: '3000', activations: 'relu,tanh' },
  'transformer-ffn': { tokens: '8', dModel: '8', dFF: '16' },
};

const steps = Object.values(FIGURE_PLAN).flatMap((plan) => plan.experiments);

describe('the chapter figures’ runs', () => {
  it.each(steps.map((step) => [step.experiment, step] as const))('%s reads what it declares of the seed and the generator', (_, step) => {
    const set = { ...figureSettings(step, {}), ...SMALL[step.experiment] };
    const result = (seed: number, rng: RngKind) => runExperiment(step.experiment, { seed, rng, set }).result;
    const base = result(1, 'default');
    const seedMatters = JSON.stringify(result(2, 'default')) !== JSON.stringify(base);
    const generatorMatters = JSON.stringify(result(1, 'numpy')) !== JSON.stringify(base);
    const read = seedMatters ? 'seed' : generatorMatters ? 'generator' : 'none';
    expect(read).toBe(step.randomness);
  });

  it('every control has a label in words, not the setting’s key', () => {
    for (const step of steps) {
      for (const [key, control] of Object.entries(step.controls)) {
        expect(control.label).not.toBe(key);
        expect(control.label).not.toMatch(/[a-z][A-Z]|`/);
        expect(`${control.label} ${control.hint ?? ''}`).not.toContain(key.length > 4 && /[A-Z]/.test(key) ? key : '\u0000');
      }
    }
  });
});
