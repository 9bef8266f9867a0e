/**
 * Textbook mode: `--rng numpy --seed 42` reproduces the numbers the chapter's programs print
 * (the chapter's four Python programs, run with numpy), to the printed digits. Each expected line below is
 * copied from the programs' output.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../src/experiments/index.js';

const textbook = (id: string, set: Record<string, string> = {}) => runExperiment(id, { rng: 'numpy', seed: 42, set });

describe('textbook mode reproduces the chapter', () => {
  it('classical.py vanishing_gradient_demo: the norm table and "Gradient shrunk by factor: 4.37e+12"', () => {
    const { report } = textbook('vanishing-gradient');
    expect(report.split('\n').filter((l) => l.startsWith(' Layer') || l.startsWith('Gradient shrunk'))).toEqual([
      ' Layer 20: gradient norm = 1.98e+00',
      ' Layer 15: gradient norm = 7.72e-04',
      ' Layer 10: gradient norm = 4.39e-07',
      ' Layer  5: gradient norm = 1.85e-10',
      ' Layer  4: gradient norm = 4.27e-11',
      ' Layer  3: gradient norm = 9.66e-12',
      ' Layer  2: gradient norm = 2.19e-12',
      ' Layer  1: gradient norm = 4.54e-13',
      'Gradient shrunk by factor: 4.37e+12',
    ]);
  });

  it('relu_family.py relu_vs_sigmoid_training: sigmoid converges at epoch 1040, ReLU at 162, 6.4x', () => {
    const { report } = textbook('xor-race');
    expect(report).toContain('Sigmoid converged at epoch: 1040');
    expect(report).toContain('ReLU converged at epoch: 162');
    expect(report).toContain('ReLU was 6.4x faster');
  });

  it(
    'relu_family.py gradient_flow_comparison: the depth table (1.1e9 normal draws)',
    () => {
      const { report } = textbook('gradient-flow');
      const rows = report.split('\n').filter((l) => /^\s+\d+ \|/.test(l));
      expect(rows.slice(0, 3)).toEqual([
        '     5 |     1.56e+01 |     6.75e-03 |       2311x',
        '    10 |     1.56e+01 |     2.89e-06 |    5401856x',
        '    20 |     1.51e+01 |     4.96e-13 | 30475214135113x',
      ]);
      // Depth 50: Python prints the ratio 4.94e33 as a 34-digit integer, i.e. every bit of one
      // double. The normals are numpy's to the bit, but the norms sum 256 squares in another
      // order than numpy's BLAS, so the ratio agrees to a few ULPs (~1e−15), not to the bit.
      const depth50 = rows[3] ?? '';
      expect(depth50.startsWith('    50 |     1.46e+01 |     2.96e-33 | ')).toBe(true);
      const ratio = Number(/\| (\d+)x$/.exec(depth50)?.[1]);
      expect(Math.abs(ratio / 4936735623260228042952687648505856 - 1)).toBeLessThan(4e-15);
    },
    180_000,
  );
});

describe("Python's number formatting", () => {
  it('pythonFixed rounds exact ties to even like Python, everything else like toFixed', async () => {
    const { pythonFixed, pythonExponential } = await import('../src/experiments/types.js');
    expect(pythonFixed(0.125, 2)).toBe('0.12'); // Python: f"{0.125:.2f}" == '0.12'
    expect(pythonFixed(0.375, 2)).toBe('0.38');
    expect(pythonFixed(-0.125, 2)).toBe('-0.12');
    expect(pythonFixed(2.5, 0)).toBe('2');
    expect(pythonFixed(1.4041, 4)).toBe('1.4041');
    expect(pythonFixed(0.1 + 0.2, 1)).toBe('0.3');
    expect(pythonExponential(4.37e12, 2)).toBe('4.37e+12');
    expect(pythonExponential(2.96e-33, 2)).toBe('2.96e-33');
  });
});
