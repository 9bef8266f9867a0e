/** The playground trainer (what the explorer's worker runs): seeded, per-layer, and it learns. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/activations/index.js';
import { createRng } from '../src/math/rng.js';
import { regressGaussian, regressPlane } from '../src/nn/datasets.js';
import { fromRows } from '../src/nn/matrix.js';
import { FEATURE_LABELS, PLAYGROUND_DEFAULTS, PLAYGROUND_FEATURES, PLAYGROUND_OPTIMIZERS, PlaygroundTrainer, REGULARIZATION_RATES, featureMatrix, playgroundData } from '../src/nn/playground.js';
import { addRegularizationGradient, regularizationPenalty } from '../src/nn/regularization.js';

describe('PlaygroundTrainer', () => {
  it('learns XOR with the default network: loss below 0.1 within 300 epochs', () => {
    const trainer = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'xor' });
    const start = trainer.losses().train;
    expect(start).toBeGreaterThan(0.5);
    trainer.step(300);
    expect(trainer.losses().train).toBeLessThan(0.1);
    expect(trainer.accuracies().test).toBeGreaterThan(0.9);
  });

  it('is reproducible: the same seed gives the same bits', () => {
    const a = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, seed: 3 });
    const b = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, seed: 3 });
    a.step(20);
    b.step(20);
    expect(a.grid(10)).toEqual(b.grid(10));
    expect(a.losses()).toEqual(b.losses());
  });

  it('uses one activation per hidden layer', () => {
    const trainer = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, hidden: [3, 3], activations: ['relu', 'swish'] });
    expect(trainer.network.layers.map((l) => l.activation.id)).toEqual(['relu', 'swish', 'linear']);
    expect(() => new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, hidden: [3, 3], activations: ['relu'] })).toThrow(/one per hidden layer/);
  });

  it('races start from the same data and the same initial weights', () => {
    const data = playgroundData(PLAYGROUND_DEFAULTS);
    const relu = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, activations: ['relu', 'relu'] }, data);
    const mish = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, activations: ['mish', 'mish'] }, data);
    relu.network.layers.forEach((layer, l) => expect(layer.weight.data).toEqual(mish.network.layers[l]?.weight.data));
    expect(data.train.y.length + data.test.y.length).toBe(PLAYGROUND_DEFAULTS.samples);
  });
});

const weightNorm = (t: PlaygroundTrainer) => Math.sqrt(t.network.layers.reduce((sum, layer) => sum + layer.weight.data.reduce((a, w) => a + w * w, 0), 0));
const nearZero = (t: PlaygroundTrainer, eps: number) => t.network.layers.reduce((count, layer) => count + layer.weight.data.filter((w) => Math.abs(w) < eps).length, 0);

describe('playground: input features', () => {
  it('the input width follows the features, and they change the result', () => {
    const plain = new PlaygroundTrainer(PLAYGROUND_DEFAULTS);
    const squares = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, features: ['x1sq', 'x2sq'] });
    const five = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, features: ['sinx2', 'x1', 'x2', 'x1x2', 'sinx1'] });
    expect(plain.network.inputs).toBe(2);
    expect(five.network.inputs).toBe(5);
    expect(five.features).toEqual(['x1', 'x2', 'x1x2', 'sinx1', 'sinx2']);
    expect(five.inputs.train.cols).toBe(5);
    expect(five.gridInputs(4).cols).toBe(5);
    plain.step(50);
    squares.step(50);
    // The circle is linear in x₁², x₂²: those two features learn it far faster than x₁, x₂.
    expect(squares.losses().train).toBeLessThan(0.15);
    expect(plain.losses().train).toBeGreaterThan(0.4);
  });

  it('computes each feature from the point', () => {
    const [x1, x2] = [1.5, -2];
    const row = featureMatrix(fromRows([[x1, x2]]), PLAYGROUND_FEATURES).data;
    expect([...row]).toEqual([x1, x2, x1 * x1, x2 * x2, x1 * x2, Math.sin(x1), Math.sin(x2)]);
    expect(Object.keys(FEATURE_LABELS)).toEqual([...PLAYGROUND_FEATURES]);
  });

  it('refuses no features and unknown ones', () => {
    expect(() => new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, features: [] })).toThrow(/at least one input feature/);
    expect(() => new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, features: ['cosx1' as never] })).toThrow(/features/);
  });
});

describe('playground: L1/L2 regularisation (weights only)', () => {
  const xor = { ...PLAYGROUND_DEFAULTS, dataset: 'xor' } as const;

  it('L2 shrinks the weight norm against none on the same seed, for every optimiser', () => {
    for (const optimizer of PLAYGROUND_OPTIMIZERS) {
      const none = new PlaygroundTrainer({ ...xor, optimizer });
      const l2 = new PlaygroundTrainer({ ...xor, optimizer, regularization: 'l2', regularizationRate: 0.03 });
      none.step(100);
      l2.step(100);
      expect(weightNorm(l2), optimizer).toBeLessThan(0.75 * weightNorm(none));
    }
  });

  it('L1 drives some weights to ~0 (within lr·λ), none does not', () => {
    const none = new PlaygroundTrainer(xor);
    const l1 = new PlaygroundTrainer({ ...xor, regularization: 'l1', regularizationRate: 0.01 });
    none.step(200);
    l1.step(200);
    expect(nearZero(none, 1e-3)).toBeLessThanOrEqual(1);
    expect(nearZero(l1, 1e-3)).toBeGreaterThanOrEqual(3);
    expect(l1.penalty()).toBeCloseTo(0.01 * l1.network.layers.reduce((s, l) => s + l.weight.data.reduce((a, w) => a + Math.abs(w), 0), 0), 12);
  });

  it('rate 0 or "none" gives the same bits as no regularisation', () => {
    const base = new PlaygroundTrainer(xor);
    const zero = new PlaygroundTrainer({ ...xor, regularization: 'l2', regularizationRate: 0 });
    const off = new PlaygroundTrainer({ ...xor, regularization: 'none', regularizationRate: 3 });
    for (const t of [base, zero, off]) t.step(5);
    expect(zero.grid(8)).toEqual(base.grid(8));
    expect(off.grid(8)).toEqual(base.grid(8));
  });

  it('the penalty gradient is λ·w (L2) and λ·sign(w) (L1) on weights, nothing on biases or activation parameters', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom('l1' as const, 'l2' as const), (values, rate, kind) => {
        const weight = { name: 'layer0.weight', value: Float64Array.from(values), gradient: new Float64Array(values.length).fill(0.5) };
        const bias = { name: 'layer0.bias', value: Float64Array.from(values), gradient: new Float64Array(values.length).fill(0.5) };
        const slope = { name: 'layer0.slope', value: Float64Array.of(0.25), gradient: Float64Array.of(0.5) };
        addRegularizationGradient([weight, bias, slope], kind, rate);
        values.forEach((w, i) => expect(weight.gradient[i]).toBeCloseTo(0.5 + rate * (kind === 'l1' ? Math.sign(w) : w), 12));
        expect([...bias.gradient, ...slope.gradient].every((g) => g === 0.5)).toBe(true);
        // The gradient is the penalty's derivative (central difference away from L1's kink at 0).
        const h = 1e-6;
        values.forEach((w, i) => {
          if (kind === 'l1' && Math.abs(w) < 10 * h) return;
          const at = (v: number) => regularizationPenalty([{ ...weight, value: Float64Array.of(v) }], kind, rate);
          expect((at(w + h) - at(w - h)) / (2 * h)).toBeCloseTo((weight.gradient[i] as number) - 0.5, 4);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses an unknown penalty or a negative rate', () => {
    expect(() => new PlaygroundTrainer({ ...xor, regularization: 'l3' as never })).toThrow(/regularization/);
    expect(() => new PlaygroundTrainer({ ...xor, regularization: 'l2', regularizationRate: -1 })).toThrow(/regularizationRate/);
    expect(REGULARIZATION_RATES).toEqual([0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]);
  });
});

describe('playground: train/test ratio', () => {
  it('splits round(n·ratio) training points and computes the test loss on the rest', () => {
    for (const [ratio, train] of [[0.1, 40], [0.5, 200], [0.7, 280], [0.9, 360]] as const) {
      const data = playgroundData({ ...PLAYGROUND_DEFAULTS, trainRatio: ratio });
      expect(data.train.y.length, String(ratio)).toBe(train);
      expect(data.test.y.length).toBe(400 - train);
    }
    const t = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, trainRatio: 0.2 });
    expect(t.losses().test).toBeCloseTo(t.network.lossOn(featureMatrix(t.data.test.x, ['x1', 'x2']), t.data.test.y), 14);
    expect(() => playgroundData({ ...PLAYGROUND_DEFAULTS, trainRatio: 1 })).toThrow(/trainRatio/);
  });

  it('the ratio changes the result', () => {
    const half = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'xor' });
    const tenth = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'xor', trainRatio: 0.1 });
    half.step(20);
    tenth.step(20);
    expect(tenth.losses().train).not.toBe(half.losses().train);
  });
});

describe('playground: regression sets', () => {
  it("targets are Playground's: the plane (x₁ + x₂)/10, the bumps within [−1, 1]", () => {
    const plane = regressPlane(200, 0, createRng('default', 1));
    for (let i = 0; i < 200; i++) expect(plane.y[i]).toBeCloseTo(((plane.x.data[2 * i] as number) + (plane.x.data[2 * i + 1] as number)) / 10, 14);
    const bumps = regressGaussian(500, 0, createRng('default', 1));
    expect(bumps.y.every((v) => v >= -1 && v <= 1)).toBe(true);
    expect(bumps.y.some((v) => v > 0.5) && bumps.y.some((v) => v < -0.5)).toBe(true);
    // At a bump's centre (−4, 2.5) the target is its sign, +1; at (−4, −4), 1.5 from the bump (−4, −2.5), −(1 − 1.5/2).
    const at = (x: number, y: number) => {
      const draws = [(x + 6) / 12, (y + 6) / 12, 0.5, 0.5];
      return regressGaussian(1, 0, { uniform: () => draws.shift() as number } as never).y[0];
    };
    expect(at(-4, 2.5)).toBeCloseTo(1, 12);
    expect(at(-4, -4)).toBeCloseTo(-0.25, 12);
  });

  it('learns the plane to a low squared error with a linear output', () => {
    const t = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'reg-plane' });
    expect(t.task).toBe('regression');
    expect(t.network.loss.name).toBe('mse (½)');
    const start = t.losses();
    t.step(200);
    const end = t.losses();
    expect(end.train).toBeLessThan(0.02);
    expect(end.test).toBeLessThan(0.02);
    expect(end.test).toBeLessThan(start.test / 5);
    expect(Number.isNaN(t.accuracies().test)).toBe(true);
    const gauss = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'reg-gauss' });
    const before = gauss.losses().test;
    gauss.step(100);
    expect(gauss.losses().test).toBeLessThan(before / 3);
  });
});

describe('playground: discretise output and regenerate data', () => {
  it('discretize rounds the grid to the class (0/1) or the sign (±1)', () => {
    const c = new PlaygroundTrainer(PLAYGROUND_DEFAULTS);
    const smooth = c.grid(10);
    expect([...c.grid(10, true)]).toEqual([...smooth].map((p) => (p >= 0.5 ? 1 : 0)));
    const r = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'reg-plane' });
    r.step(5);
    expect([...r.grid(10, true)]).toEqual([...r.grid(10)].map((v) => (v >= 0 ? 1 : -1)));
  });

  it('a new data seed changes the points but not the initial weights', () => {
    const a = new PlaygroundTrainer(PLAYGROUND_DEFAULTS);
    const b = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataSeed: 7 });
    const same = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataSeed: PLAYGROUND_DEFAULTS.seed });
    expect(b.data.train.x.data).not.toEqual(a.data.train.x.data);
    expect(same.data.train.x.data).toEqual(a.data.train.x.data);
    a.network.layers.forEach((layer, l) => expect(b.network.layers[l]?.weight.data).toEqual(layer.weight.data));
  });
});

describe('playground: every new option in a race', () => {
  it('racers share the data, the features and the initial weights; all train', () => {
    const config = { ...PLAYGROUND_DEFAULTS, dataset: 'reg-gauss', features: ['x1', 'x2', 'x1x2'], regularization: 'l2', regularizationRate: 0.001, trainRatio: 0.7, dataSeed: 9 } as const;
    const data = playgroundData(config);
    const racers = ['relu', 'tanh', 'swish'].map((id) => new PlaygroundTrainer({ ...config, activations: [id, id] }, data));
    racers.forEach((t) => expect(t.network.layers[0]?.weight.data).toEqual(racers[0]?.network.layers[0]?.weight.data));
    for (const t of racers) {
      const before = t.losses().train;
      t.step(30);
      expect(t.losses().train).toBeLessThan(before);
    }
  });
});

describe('playground: every activation with the new options', () => {
  it('each elementwise activation trains the multi-Gaussian set with extra features and an L1 penalty to a finite, lower loss', () => {
    const elementwise = ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.id);
    expect(elementwise.length).toBeGreaterThanOrEqual(25);
    const config = { ...PLAYGROUND_DEFAULTS, dataset: 'reg-gauss', features: ['x1', 'x2', 'sinx1', 'sinx2'], regularization: 'l1', regularizationRate: 0.001, trainRatio: 0.3, samples: 200 } as const;
    const data = playgroundData(config);
    const stuck: string[] = [];
    for (const id of elementwise) {
      const t = new PlaygroundTrainer({ ...config, activations: [id, id] }, data);
      const before = t.losses().train;
      t.step(10);
      const after = t.losses();
      expect(Number.isFinite(after.train) && Number.isFinite(after.test), id).toBe(true);
      if (!(after.train < before)) stuck.push(id);
    }
    expect(stuck).toEqual([]);
  });
});
