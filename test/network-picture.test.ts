/**
 * The network diagram's data (web/src/network-picture.ts), checked against the network itself:
 * every unit's output over the grid is what the layer computes from the units before it with the
 * weights and biases the picture carries, and the output unit is the trainer's own board.
 */
import { describe, expect, it } from 'vitest';
import { getElementwise } from '../src/activations/index.js';
import { gridPoints, PLAYGROUND_DEFAULTS, PlaygroundTrainer, playgroundDomain } from '../src/nn/playground.js';
import { networkPicture, pictureInputs, PICTURE_RESOLUTION } from '../web/src/network-picture.js';

describe('network picture', () => {
  const trainer = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'xor', hidden: [4, 3], activations: ['tanh', 'relu'] });
  trainer.step(5);
  const { inputs, names } = pictureInputs(trainer, PICTURE_RESOLUTION);
  const picture = networkPicture(trainer.network, inputs, names, PICTURE_RESOLUTION, { network: 0, label: 'Tanh → ReLU' });
  const n = PICTURE_RESOLUTION ** 2;

  it('has every unit and every weight, inputs named x₁ and x₂', () => {
    expect(picture.inputs).toEqual(['x₁', 'x₂']);
    expect(picture.widths).toEqual([2, 4, 3, 1]);
    expect(picture.activations).toEqual(['Tanh', 'ReLU', 'Sigmoid']);
    expect(picture.weights.map((w) => w.length)).toEqual([8, 12, 3]);
    expect(picture.biases.map((b) => b.length)).toEqual([4, 3, 1]);
    expect(picture.outputs.map((o) => o.length)).toEqual([2 * n, 4 * n, 3 * n, 1 * n]);
  });

  it('each unit computes f(Σ w·(units before) + b) from the picture’s own numbers', () => {
    const acts = [getElementwise('tanh'), getElementwise('relu')];
    for (let l = 1; l <= 2; l++) {
      const before = picture.widths[l - 1] as number;
      for (let unit = 0; unit < (picture.widths[l] as number); unit++) {
        for (const i of [0, 57, 233, n - 1]) {
          let z = picture.biases[l - 1]?.[unit] as number;
          for (let j = 0; j < before; j++) z += (picture.weights[l - 1]?.[unit * before + j] as number) * (picture.outputs[l - 1]?.[j * n + i] as number);
          const f = acts[l - 1] as ReturnType<typeof getElementwise>;
          expect(picture.outputs[l]?.[unit * n + i]).toBeCloseTo(f.f(z, {}), 5);
        }
      }
    }
  });

  it('the output unit is the board: P(class 1) at the grid’s points, drawn white at ½', () => {
    const board = trainer.grid(PICTURE_RESOLUTION);
    for (const i of [0, 123, n - 1]) expect(picture.outputs[3]?.[i]).toBeCloseTo(board[i] as number, 6);
    expect(picture.centres[3]?.[0]).toBe(0.5);
    expect(picture.scales[3]?.[0]).toBe(0.5);
    // The raw inputs: x₁ runs left to right, x₂ top to bottom, over the board's domain.
    const grid = gridPoints(playgroundDomain('xor'), PICTURE_RESOLUTION);
    expect(picture.outputs[0]?.[0]).toBeCloseTo(grid.data[0] as number, 6);
    expect(picture.outputs[0]?.[n]).toBeCloseTo(grid.data[1] as number, 6);
    expect(grid.data[1]).toBeGreaterThan(0);
  });

  it('draws the features the network reads, by their names, over the board', () => {
    const featured = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'reg-plane', features: ['x1sq', 'x1x2', 'sinx2'] });
    const { inputs: x, names: labels } = pictureInputs(featured, 4);
    const p = networkPicture(featured.network, x, labels, 4, { network: 0, label: '' });
    expect(p.inputs).toEqual(['x₁²', 'x₁x₂', 'sin x₂']);
    expect(p.widths).toEqual([3, 4, 2, 1]);
    expect(p.activations.at(-1)).toBe('Linear (identity)');
    const grid = gridPoints(playgroundDomain('reg-plane'), 4);
    for (const i of [0, 5, 15]) {
      const [x1, x2] = [grid.data[2 * i] as number, grid.data[2 * i + 1] as number];
      expect(p.outputs[0]?.[i]).toBeCloseTo(x1 * x1, 4);
      expect(p.outputs[0]?.[16 + i]).toBeCloseTo(x1 * x2, 4);
      expect(p.outputs[0]?.[32 + i]).toBeCloseTo(Math.sin(x2), 5);
    }
    // x₁² is never negative: drawn from its smallest (orange) to its largest value (blue).
    expect(p.centres[0]?.[0]).toBeGreaterThan(0);
    // A regression output is drawn around 0, orange for −1, blue for +1.
    expect(p.centres[3]?.[0]).toBe(0);
  });
});
