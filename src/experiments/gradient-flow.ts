/**
 * The chapter's gradient-flow comparison (relu_family.py, `gradient_flow_comparison`), for any
 * list of activations, with the mean-field prediction beside each simulated number.
 *
 * Per layer the simulation draws standard-normal pre-activations z (shared by all activations,
 * as in the chapter), multiplies the gradient by f′(z) and then by Wᵀ, W ~ N(0, g²/n). Because z
 * is drawn afresh rather than propagated forward, this is exactly the mean-field setting at
 * q = 1: E‖δ‖² grows by χ = g²·E[f′(z)²] per layer, so the mean norm after L layers is
 * ≈ √n·χ^{L/2} — the "predicted" column, from the analysis engine's Gaussian moments.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { gain } from '../analysis/gain.js';
import { gaussianMoments } from '../analysis/moments.js';
import type { Rng } from '../math/rng.js';
import { GAIN_CHOICES } from './choices.js';
import { checkElementwiseList, NS_PER_ACTIVATION, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import { pythonExponential, type Experiment, type Progress } from './types.js';
import { norm2, transposeTimes } from './vanishing-gradient.js';

export interface GradientFlowConfig {
  readonly [key: string]: readonly number[] | readonly string[] | number | string;
  readonly depths: readonly number[];
  readonly units: number;
  readonly simulations: number;
  readonly activations: readonly string[];
  /** 'pytorch': PyTorch's calculate_gain where it has one (the chapter: √2 for ReLU, 1 for sigmoid), else the variance-preserving gain; 'variance-preserving': 1/√E[f(z)²] for all. */
  readonly gains: string;
}

export interface GradientFlowRow {
  readonly depth: number;
  /** Mean gradient norm over the simulations, per activation (in `activations` order); non-finite when it overflowed. */
  readonly simulated: readonly number[];
  /** √n·χ^{depth/2}, χ = g²·E[f′(z)²] at z ~ N(0, 1). */
  readonly predicted: readonly number[];
}

export interface GradientFlowResult {
  readonly activations: readonly string[];
  readonly gains: readonly number[];
  /** χ per activation. */
  readonly chi: readonly number[];
  readonly rows: readonly GradientFlowRow[];
}

export const gradientFlow: Experiment<GradientFlowConfig, GradientFlowResult> = {
  id: 'gradient-flow',
  title: 'Gradient flow by depth: ReLU vs sigmoid (and any other activation)',
  description:
    'Mean gradient norm after backpropagating a unit gradient through 5, 10, 20 and 50 layers of 256 units, 100 simulations each, beside the mean-field prediction √n·χ^{L/2}.',
  chapter: 'relu_family.py: gradient_flow_comparison()',
  defaults: { depths: [5, 10, 20, 50], units: 256, simulations: 100, activations: ['relu', 'sigmoid'], gains: 'pytorch' },
  settings: {
    depths: { type: 'numbers', integer: true, min: 1, max: 10_000, maxItems: 64, description: 'network depths to simulate' },
    units: { type: 'integer', min: 1, max: 4096, description: 'units per layer' },
    simulations: { type: 'integer', min: 1, max: 100_000, description: 'simulations per depth' },
    activations: { type: 'list', maxItems: 32, entries: 'elementwise activation ids', check: checkElementwiseList, description: 'activation ids (elementwise)' },
    gains: { type: 'string', choices: GAIN_CHOICES, description: 'weight gain per activation' },
  },
  cost(config) {
    const n = config.units;
    const layers = config.depths.reduce((a, b) => a + b, 0) * config.simulations;
    const a = config.activations.length;
    return {
      bytes: 8 * (n * n + (a + 2) * n) + 1e6,
      largestArray: 8 * n * n,
      seconds: seconds(layers * (n * NS_PER_NORMAL + a * (n * n * (NS_PER_NORMAL + NS_PER_FMA) + n * NS_PER_ACTIVATION))) + 0.05 * a,
      drivers: 'sum of depths × simulations × activations × units²',
    };
  },
  run(config, rng: Rng, progress?: Progress) {
    const n = config.units;
    const defs: ElementwiseActivation[] = config.activations.map((id) => getElementwise(id));
    const params: ParamValues[] = defs.map((d) => resolveParams(d, {}));
    const gains = defs.map((d) => {
      const report = gain(d);
      return config.gains === 'pytorch' && report.pytorch ? report.pytorch.value : report.gain;
    });
    const chi = defs.map((d, k) => (gains[k] as number) ** 2 * gaussianMoments(d, params[k] as ParamValues, 1).meanDerivativeSquare);
    const z = new Float64Array(n);
    const w = new Float64Array(n * n);
    const grads = defs.map(() => new Float64Array(n));
    const scratch = new Float64Array(n);
    const totalLayers = config.depths.reduce((a, b) => a + b, 0) * config.simulations;
    let done = 0;
    const rows: GradientFlowRow[] = [];
    for (const depth of config.depths) {
      const sums = defs.map(() => 0);
      for (let sim = 0; sim < config.simulations; sim++) {
        for (const g of grads) g.fill(1);
        for (let layer = 0; layer < depth; layer++) {
          rng.fillNormal(z);
          defs.forEach((def, k) => {
            const g = grads[k] as Float64Array;
            const p = params[k] as ParamValues;
            for (let i = 0; i < n; i++) g[i] = (g[i] as number) * def.df(z[i] as number, p);
            rng.fillNormal(w, (gains[k] as number) / Math.sqrt(n));
            transposeTimes(w, g, n, scratch);
            g.set(scratch);
          });
          done++;
        }
        defs.forEach((_, k) => {
          sums[k] = (sums[k] as number) + norm2(grads[k] as Float64Array);
        });
        progress?.(done / totalLayers, `depth ${depth}`);
      }
      rows.push({
        depth,
        simulated: sums.map((s) => s / config.simulations),
        predicted: chi.map((c) => Math.sqrt(n) * c ** (depth / 2)),
      });
    }
    return { activations: config.activations, gains, chi, rows };
  },
  report(result) {
    const names = result.activations.map((id) => (id === 'relu' ? 'ReLU' : id === 'sigmoid' ? 'Sigmoid' : id));
    const chapterPair = names.length === 2;
    const lines = ['Gradient Flow Comparison', '='.repeat(50)];
    lines.push(`${'Depth'.padStart(6)} | ${names.map((n) => n.padStart(12)).join(' | ')}${chapterPair ? ` | ${'Ratio'.padStart(10)}` : ''}`);
    lines.push('-'.repeat(50));
    for (const row of result.rows) {
      const cells = row.simulated.map((v) => (Number.isFinite(v) ? pythonExponential(v, 2) : 'overflow').padStart(12));
      let line = `${String(row.depth).padStart(6)} | ${cells.join(' | ')}`;
      if (chapterPair) {
        const [a, b] = row.simulated as [number, number];
        const ratio = Number.isFinite(a) && Number.isFinite(b) ? (b > 0 ? a / b : Infinity) : NaN;
        // Python's f"{ratio:>10.0f}x" prints the full integer part of a large float.
        line += ` | ${(Number.isFinite(ratio) ? BigInt(Math.round(ratio)).toString() : Number.isNaN(ratio) ? '—' : 'inf').padStart(10)}x`;
      }
      lines.push(line);
    }
    if (result.rows.some((row) => row.simulated.some((v) => !Number.isFinite(v)))) {
      lines.push('overflow: the simulated gradient norm exceeded the float64 range (χ > 1 over many layers): no finite mean to report.');
    }
    lines.push('', 'Mean-field prediction √n·χ^(L/2), χ = gain²·E[f′(z)²] at z ~ N(0, 1):');
    lines.push(`  ${result.activations.map((id, k) => `${id}: gain ${(result.gains[k] as number).toPrecision(6)}, χ = ${(result.chi[k] as number).toPrecision(6)}`).join('; ')}`);
    for (const row of result.rows) {
      lines.push(
        `  depth ${String(row.depth).padStart(3)}: ${row.predicted.map((p, k) => `${result.activations[k]} ${Number.isFinite(p) ? pythonExponential(p, 2) : '> 1.8e+308'} (simulated ${Number.isFinite(row.simulated[k]) ? pythonExponential(row.simulated[k] as number, 2) : 'overflow'})`).join(', ')}`,
      );
    }
    return lines.join('\n');
  },
};
