/**
 * One initialisation rule for every trainer (src/nn/classifier/init.ts): the advisor's scheme,
 * the analysis engine's gain, and — for a formula the engine cannot analyse — the same gain by
 * quadrature, checked against closed forms; an activation with no finite E[f(z)²] is refused
 * with a typed error, by the experiment before any data is read. Also the schedule the
 * fashion-mnist runs train with and the optimisers' setLearningRate.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gain } from '../src/analysis/gain.js';
import { AnalysisDomainError } from '../src/analysis/features.js';
import { hiddenInit, learningRateAt } from '../src/experiments/fashion-mnist.js';
import { createClassifier, disposeClassifier, hiddenInitialiser } from '../src/nn/classifier/index.js';
import { adam, momentum, sgd } from '../src/nn/optimizers.js';
import { InvalidParameterError } from '../src/errors.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');

describe('hiddenInitialiser', () => {
  it('pairs schemes as the advisor does, with the analysis engine gains', () => {
    expect(hiddenInitialiser('relu')).toEqual({ scheme: 'he', gain: gain('relu').gain, source: 'analysis' });
    expect(hiddenInitialiser('relu').gain).toBeCloseTo(Math.SQRT2, 12);
    expect(hiddenInitialiser('selu')).toEqual({ scheme: 'lecun', gain: 1, source: 'none' });
    expect(hiddenInitialiser('tanh')).toMatchObject({ scheme: 'xavier', source: 'analysis' });
    expect(hiddenInitialiser('sigmoid')).toEqual({ scheme: 'xavier', gain: 1, source: 'analysis' });
    expect(hiddenInitialiser('z*sigmoid(z)').gain).toBeCloseTo(gain('swish').gain, 9);
    expect(hiddenInitialiser('elu', { alpha: 0.5 }).gain).toBe(gain('elu', { alpha: 0.5 }).gain);
    expect(hiddenInitialiser('selu', {}, 'he')).toEqual({ scheme: 'he', gain: gain('selu').gain, source: 'analysis' });
  });

  it('finds by quadrature the gain of a formula the engine cannot analyse: a·sin(b·z) and a·exp(b·z) against their closed forms', () => {
    // E[a² sin²(bz)] = a²(1 − e^(−2b²))/2 and E[a² e^(2bz)] = a² e^(2b²) for z ~ N(0, 1).
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true }), fc.boolean(), (a, b, periodic) => {
        const formula = periodic ? `${a}*sin(${b}*z)` : `${a}*exp(${b / 2}*z)`;
        const expected = periodic ? 1 / (a * Math.sqrt((1 - Math.exp(-2 * b * b)) / 2)) : Math.exp(-((b / 2) ** 2)) / a;
        const chosen = hiddenInitialiser(formula);
        expect(chosen.scheme).toBe('he');
        expect(chosen.source).toBe('quadrature');
        expect(Math.abs(chosen.gain / expected - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it.each(['log(z)', 'sqrt(z)', '1/z', '1/abs(z)', 'exp(z^2/4)', '0*z'])('refuses %s: no finite positive E[f(z)²], a typed error that says why', (formula) => {
    let caught: unknown;
    try {
      hiddenInitialiser(formula);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnalysisDomainError);
    expect((caught as Error).message).toMatch(/no variance-preserving initialisation gain/);
    expect(hiddenInitialiser(formula, {}, 'lecun')).toEqual({ scheme: 'lecun', gain: 1, source: 'none' });
  });

  it('is the rule of both trainers: the float32 classifier draws with its std, the float64 trainer gets its scheme and gain', () => {
    for (const activation of ['relu', 'tanh', 'selu', 'sigmoid', 'sin(z)', 'exp(z)', 'z*tanh(z)']) {
      const chosen = hiddenInitialiser(activation);
      const model = createClassifier({ inputs: 30, hidden: [20, 10], classes: 3, activation, seed: 1 });
      const [first, second] = model.layers;
      const std = (fanIn: number, fanOut: number) => (chosen.scheme === 'he' ? chosen.gain / Math.sqrt(fanIn) : chosen.scheme === 'lecun' ? 1 / Math.sqrt(fanIn) : chosen.gain * Math.sqrt(2 / (fanIn + fanOut)));
      expect(first?.init).toEqual({ scheme: chosen.scheme, std: std(30, 20) });
      expect(second?.init).toEqual({ scheme: chosen.scheme, std: std(20, 10) });
      disposeClassifier(model);
      expect(hiddenInit(activation)).toEqual(chosen.scheme === 'lecun' ? { scheme: 'lecun' } : { scheme: chosen.scheme, gain: chosen.gain });
    }
  });

  it('the experiment refuses an activation without a gain before it reads any data', () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
    const run = spawnSync(process.execPath, [BIN, 'run', 'fashion-mnist', '--data', '/nonexistent/fashion', '--set', 'activations=relu,log(z)', '--set', 'quick=true'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^actlab: log\(z\): no variance-preserving initialisation gain/m);
    expect(run.stderr).not.toMatch(/no data set folder|\n\s+at /);
  });
});

describe('the learning-rate schedule', () => {
  it('cosine starts at the rate, falls monotonically, stays positive; constant keeps it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 }), (rate, epochs) => {
        const cosine = Array.from({ length: epochs }, (_, i) => learningRateAt({ learningRate: rate, schedule: 'cosine' }, i + 1, epochs));
        expect(cosine[0]).toBe(rate);
        for (let i = 1; i < epochs; i++) expect(cosine[i]).toBeLessThan(cosine[i - 1] as number);
        expect(cosine.at(-1)).toBeGreaterThan(0);
        expect(learningRateAt({ learningRate: rate, schedule: 'constant' }, epochs, epochs)).toBe(rate);
      }),
    );
    expect(learningRateAt({ learningRate: 1e-3, schedule: 'cosine' }, 8, 15)).toBeCloseTo(1e-3 * 0.5 * (1 + Math.cos((7 * Math.PI) / 15)), 18);
  });

  it('setLearningRate: the next step is the step of an optimiser built with that rate; the state is kept; bad rates refused', () => {
    for (const make of [(lr: number) => sgd({ learningRate: lr }), (lr: number) => momentum({ learningRate: lr }), (lr: number) => adam({ learningRate: lr })]) {
      const changed = make(0.1);
      const fresh = make(0.05);
      const a = { value: new Float64Array([1, -2]), gradient: new Float64Array([0.3, -0.7]) };
      const b = { value: new Float64Array([1, -2]), gradient: new Float64Array([0.3, -0.7]) };
      changed.setLearningRate?.(0.05);
      changed.step([a]);
      fresh.step([b]);
      expect(a.value).toEqual(b.value);
      expect(() => changed.setLearningRate?.(0)).toThrow(InvalidParameterError);
      expect(() => changed.setLearningRate?.(Number.NaN)).toThrow(InvalidParameterError);
    }
  });
});
