/**
 * Part 1, the chapter's `dead_neuron_simulation` as written, and part 2, relu_variants.py's
 * "Dead/Inactive Neuron Rate" panel.
 * @module
 */
import { getElementwise, resolveParams } from '../../activations/index.js';
import type { Rng } from '../../math/rng.js';
import { log10DeadProbability, logNormalCdf } from './probability.js';
import type { ChapterPart, ChapterStrategy, PanelBar, PanelPart } from './types.js';

// ---------------------------------------------------------------------------------------------
// Part 1: the chapter's simulation
// ---------------------------------------------------------------------------------------------

/** The chapter's strategies dict, in its order: (name, hidden-weight scale, bias). */
const CHAPTER_STRATEGIES = [
  { name: 'zero_bias', hiddenScale: 0.1, bias: 0 },
  { name: 'negative_bias', hiddenScale: 0.1, bias: -1 },
  { name: 'positive_bias', hiddenScale: 0.1, bias: 1 },
  { name: 'poor_init', hiddenScale: 1.0, bias: 0 },
] as const;

function sampleStd(v: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i] as number;
  mean /= v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += ((v[i] as number) - mean) ** 2;
  return Math.sqrt(ss / v.length);
}

/**
 * `dead_neuron_simulation` as written, drawing in the program's order: the four strategies'
 * `randn(n_units) * scale` (dict order), then `inputs = randn(samples, k)`, then
 * `input_weights = randn(n_units, k) * sqrt(2/k)`.
 */
export function chapterSimulation(rng: Rng, units: number, samples: number, k: number): ChapterPart {
  const hidden = CHAPTER_STRATEGIES.map((s) => rng.fillNormal(new Float64Array(units), s.hiddenScale));
  const inputs = rng.fillNormal(new Float64Array(samples * k));
  const weights = rng.fillNormal(new Float64Array(units * k), Math.sqrt(2 / k));
  // pre_acts = inputs @ input_weights.T: (samples × units), computed once; the bias is added per strategy.
  const pre = new Float64Array(samples * units);
  for (let i = 0; i < samples; i++) {
    for (let u = 0; u < units; u++) {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += (inputs[i * k + j] as number) * (weights[u * k + j] as number);
      pre[i * units + u] = dot;
    }
  }
  const strategies = CHAPTER_STRATEGIES.map((s, index): ChapterStrategy => {
    let deadCount = 0;
    for (let u = 0; u < units; u++) {
      let dead = true;
      for (let i = 0; i < samples && dead; i++) {
        const z = (pre[i * units + u] as number) + s.bias;
        // relu(z) == 0, as np.all(activations == 0).
        if (Math.max(0, z) !== 0) dead = false;
      }
      if (dead) deadCount++;
    }
    return {
      name: s.name,
      bias: s.bias,
      hiddenScale: s.hiddenScale,
      hiddenWeightsStd: sampleStd(hidden[index] as Float64Array),
      deadCount,
      deadPercent: (100 * deadCount) / units,
      log10DeadProbability: log10DeadProbability(s.bias, samples, k, 2 / k),
      log10DeadProbabilityTypicalNorm: samples * (logNormalCdf(-s.bias / Math.SQRT2) / Math.LN10),
    };
  });
  const count = (name: string) => strategies.find((s) => s.name === name)?.deadCount;
  return { units, samples, inputs: k, strategies, zeroBiasEqualsPoorInit: count('zero_bias') === count('poor_init') };
}

// ---------------------------------------------------------------------------------------------
// Part 2: the relu_variants.py panel
// ---------------------------------------------------------------------------------------------

const PANEL_ACTIVATIONS = [
  { id: 'relu', name: 'ReLU', params: {} },
  { id: 'leaky_relu', name: 'Leaky ReLU', params: { negative_slope: 0.1 } },
  { id: 'elu', name: 'ELU', params: {} },
] as const;

/** `z_samples = randn(samples, neurons) − shift`; per neuron (column), dead as the chapter counts it. */
export function deadRatePanel(rng: Rng, samples: number, neurons: number, shift: number): PanelPart {
  const z = rng.fillNormal(new Float64Array(samples * neurons));
  for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) - shift;
  const bars = PANEL_ACTIVATIONS.map(({ id, name, params }): PanelBar => {
    const def = getElementwise(id);
    const p = resolveParams(def, params);
    let dead = 0;
    let zeroGradient = 0;
    for (let j = 0; j < neurons; j++) {
      let allDead = true;
      let allFlat = true;
      for (let i = 0; i < samples && (allDead || allFlat); i++) {
        const v = z[i * neurons + j] as number;
        const a = def.f(v, p);
        if (id === 'relu' ? a !== 0 : a > 0) allDead = false;
        if (def.df(v, p) !== 0) allFlat = false;
      }
      if (allDead) dead++;
      if (allFlat) zeroGradient++;
    }
    return { activation: id, name, deadPercent: (100 * dead) / neurons, zeroGradientPercent: (100 * zeroGradient) / neurons };
  });
  return { samples, neurons, shift, bars, log10AllNegative: (samples * logNormalCdf(shift)) / Math.LN10 };
}

// ---------------------------------------------------------------------------------------------
// Part 3: training
// ---------------------------------------------------------------------------------------------
