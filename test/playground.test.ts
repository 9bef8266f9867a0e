/** The playground trainer (what the explorer's worker runs): seeded, per-layer, and it learns. */
import { describe, expect, it } from 'vitest';
import { PLAYGROUND_DEFAULTS, PlaygroundTrainer, playgroundData } from '../src/nn/playground.js';

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
