/**
 * Dead ReLUs: the chapter's simulation (relu_family.py, `dead_neuron_simulation`), the "Dead/
 * Inactive Neuron Rate" panel of relu_variants.py (`visualize_relu_variants`), and a measurement
 * where death really happens — training at a high learning rate.
 *
 * 1. `chapter`: the program as written. Its `hidden_weights` are drawn but never used, so
 *    `zero_bias` and `poor_init` are the same experiment; and a bias of ±1 cannot silence a unit
 *    over 1000 samples of N(b, ‖w‖²) pre-activations, so every count is 0. Beside the counts, the
 *    exact probability that a unit is dead, P = E_w[Φ(−b/‖w‖)^n] with ‖w‖² ~ (2/k)·χ²_k, by
 *    quadrature over the χ² density in log space (the values go down to 1e−400).
 * 2. `panel`: z ~ N(−0.5, 1), 1000 samples × 500 neurons; a neuron is "dead" when every output
 *    is 0 (ReLU) or ≤ 0 (Leaky ReLU, ELU). All three criteria are "every z ≤ 0", so the three
 *    bars are equal by construction, and Φ(0.5)^1000 ≈ 1e−160 makes them 0%.
 * 3. `training`: an MLP with ReLU hidden layers trained from one seed under each initialisation
 *    strategy, at a deliberately high learning rate; Leaky ReLU and ELU as controls.
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import { normalTail } from '../math/normal.js';
import { integratePanels } from '../math/quadrature.js';
import { createRng, type Rng } from '../math/rng.js';
import { DATASETS, type Dataset } from '../nn/datasets.js';
import { Network, type LayerSpec } from '../nn/network.js';
import { createOptimizer } from '../nn/optimizers.js';
import { TRAINING_STRATEGIES } from './choices.js';
import { checkElementwiseList, NS_PER_ACTIVATION, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import { pythonFixed, type Experiment, type Progress } from './types.js';

// ---------------------------------------------------------------------------------------------
// Configuration and result types
// ---------------------------------------------------------------------------------------------

export const DEAD_NEURON_PARTS = ['chapter', 'panel', 'training'] as const;
export { TRAINING_STRATEGIES, type TrainingStrategy } from './choices.js';

export interface DeadNeuronsConfig {
  readonly [key: string]: readonly string[] | readonly number[] | number | string;
  /** Which of the three parts to run. */
  readonly parts: readonly string[];
  // Part 1 (the chapter's simulation).
  readonly units: number;
  readonly chapterSamples: number;
  readonly inputs: number;
  // Part 2 (the relu_variants.py panel).
  readonly panelSamples: number;
  readonly panelNeurons: number;
  readonly panelShift: number;
  // Part 3 (training).
  readonly strategies: readonly string[];
  readonly activations: readonly string[];
  readonly dataset: string;
  readonly samples: number;
  readonly noise: number;
  readonly hidden: readonly number[];
  readonly optimizer: string;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly biasMagnitude: number;
  readonly poorInitScale: number;
  readonly leakySlope: number;
  readonly recordEvery: number;
}

/** One line of the chapter's printout, with the exact probability behind it. */
export interface ChapterStrategy {
  readonly name: string;
  readonly bias: number;
  /** The scale of the (unused) `hidden_weights`: 0.1, or 1.0 for `poor_init`. */
  readonly hiddenScale: number;
  /** Sample standard deviation of the drawn hidden weights: different, and irrelevant. */
  readonly hiddenWeightsStd: number;
  readonly deadCount: number;
  readonly deadPercent: number;
  /** log₁₀ P(a unit is dead) = log₁₀ E_w[Φ(−b/‖w‖)^samples], ‖w‖² ~ (2/k)·χ²_k. */
  readonly log10DeadProbability: number;
  /** log₁₀ of the same at the typical norm ‖w‖² = E‖w‖² = 2: samples·log₁₀ Φ(−b/√2). */
  readonly log10DeadProbabilityTypicalNorm: number;
}

export interface ChapterPart {
  readonly units: number;
  readonly samples: number;
  readonly inputs: number;
  readonly strategies: readonly ChapterStrategy[];
  /** zero_bias and poor_init differ only in the unused hidden weights: equal counts, always. */
  readonly zeroBiasEqualsPoorInit: boolean;
}

export interface PanelBar {
  readonly activation: string;
  readonly name: string;
  /** The chapter's criterion: every output == 0 (ReLU) or ≤ 0 (others), as a percentage. */
  readonly deadPercent: number;
  /** By the gradient: f′(z) = 0 for every sample, as a percentage (0 for Leaky ReLU and ELU). */
  readonly zeroGradientPercent: number;
}

export interface PanelPart {
  readonly samples: number;
  readonly neurons: number;
  readonly shift: number;
  readonly bars: readonly PanelBar[];
  /** log₁₀ Φ(shift)^samples: P(all of a neuron's samples are negative). */
  readonly log10AllNegative: number;
}

export interface TrainingCurvePoint {
  readonly epoch: number;
  /** Dead fraction per hidden layer. */
  readonly dead: readonly number[];
  readonly loss: number;
}

export interface TrainingRun {
  readonly activation: string;
  readonly strategy: string;
  readonly bias: number;
  /** Weight std multiplier over He (1, or poorInitScale). */
  readonly weightScale: number;
  /** Dead fraction per hidden layer before training. */
  readonly initialDead: readonly number[];
  /** Dead fraction per hidden layer after the last epoch (or when training diverged). */
  readonly finalDead: readonly number[];
  /** Per hidden layer: fraction of units alive at initialisation and dead at the end. */
  readonly killed: readonly number[];
  /** Largest dead fraction per hidden layer over the recorded epochs. */
  readonly peakDead: readonly number[];
  readonly finalLoss: number;
  readonly finalAccuracy: number;
  /** Epoch whose update made the loss or parameters non-finite; null if training stayed finite. */
  readonly divergedAt: number | null;
  /**
   * Largest |z| over the hidden layers' pre-activations at the end. Above ~745, e^z underflows:
   * ELU′ = αe^z becomes exactly 0 and a blown-up ELU unit is counted dead in floating point.
   */
  readonly maxAbsPreActivation: number;
  readonly curve: readonly TrainingCurvePoint[];
}

export interface TrainingPart {
  readonly dataset: string;
  readonly samples: number;
  readonly architecture: readonly number[];
  readonly optimizer: string;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly runs: readonly TrainingRun[];
}

export interface DeadNeuronsResult {
  readonly chapter?: ChapterPart;
  readonly panel?: PanelPart;
  readonly training?: TrainingPart;
}

// ---------------------------------------------------------------------------------------------
// Probabilities
// ---------------------------------------------------------------------------------------------

/** log Φ(x), accurate in both tails (−∞ only where Φ underflows, x < −38.5). */
export function logNormalCdf(x: number): number {
  return x < 0 ? Math.log(normalTail(-x)) : Math.log1p(-normalTail(x));
}

/** log Γ(k/2) for a positive integer k, by the recurrence from Γ(1) = 1 or Γ(½) = √π. */
function logGammaHalf(k: number): number {
  let value = k % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  for (let m = k % 2 === 0 ? 1 : 0.5; m < k / 2; m += 1) value += Math.log(m);
  return value;
}

/**
 * log₁₀ P(a ReLU unit is dead over n samples) for pre-activations x·w + b with x ~ N(0, I_k)
 * (fresh per sample) and w ~ N(0, (c)·I_k), c = weightVariance: given w the n pre-activations are
 * i.i.d. N(b, ‖w‖²), so P = E[Φ(−b/‖w‖)^n] with ‖w‖² = c·S, S ~ χ²_k. Integrated over
 * u = ln S (so the s^{k/2−1} behaviour at 0 and the long right tail are both smooth), in log
 * space: the integrand is scaled by its maximum, so results far below the double range
 * (e.g. 1e−400 for b = +1) come out as their logarithm.
 */
export function log10DeadProbability(bias: number, samples: number, k: number, weightVariance: number): number {
  const logNorm = (k / 2) * Math.LN2 + logGammaHalf(k);
  const logIntegrand = (u: number): number => {
    const s = Math.exp(u);
    const sigma = Math.sqrt(weightVariance * s);
    // χ²_k density times the Jacobian ds = s du.
    const logDensity = (k / 2) * u - s / 2 - logNorm;
    const logPhi = logNormalCdf(-bias / sigma);
    return logDensity + (logPhi === 0 ? 0 : samples * logPhi);
  };
  const lo = Math.log(1e-12);
  const hi = Math.log(Math.max(1e4, 40 * k));
  let max = -Infinity;
  for (let u = lo; u <= hi; u += 0.01) max = Math.max(max, logIntegrand(u));
  if (max === -Infinity) return -Infinity;
  const edges: number[] = [];
  for (let u = lo; u < hi; u += 0.05) edges.push(u);
  edges.push(hi);
  const integral = integratePanels((u) => Math.exp(logIntegrand(u) - max), edges);
  return (max + Math.log(integral)) / Math.LN10;
}

/** 10^l as "m.mme−NNN" for any l (values far outside the double range included). */
export function formatLog10(l: number, digits = 2): string {
  if (l === -Infinity) return '0';
  if (!Number.isFinite(l)) return String(10 ** l);
  let exponent = Math.floor(l);
  let mantissa = 10 ** (l - exponent);
  if (Number(mantissa.toFixed(digits)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa.toFixed(digits)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

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

export function strategyOf(name: string, biasMagnitude: number, poorInitScale: number): { bias: number; weightScale: number } {
  switch (name) {
    case 'zero_bias':
      return { bias: 0, weightScale: 1 };
    case 'negative_bias':
      return { bias: -biasMagnitude, weightScale: 1 };
    case 'positive_bias':
      return { bias: biasMagnitude, weightScale: 1 };
    case 'poor_init':
      return { bias: 0, weightScale: poorInitScale };
    default:
      throw new InvalidParameterError('dead-neurons', 'strategy', name, `one of: ${TRAINING_STRATEGIES.join(', ')}`);
  }
}

function copyOf(rng: Rng, state: unknown): Rng {
  const copy = createRng(rng.kind, 0);
  copy.setState(state);
  return copy;
}

function allFinite(network: Network): boolean {
  for (const p of network.parameters()) for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i] as number)) return false;
  return true;
}

function trainOne(
  config: DeadNeuronsConfig,
  def: ElementwiseActivation,
  params: ParamValues,
  strategy: string,
  data: Dataset,
  rng: Rng,
): TrainingRun {
  const { bias, weightScale } = strategyOf(strategy, config.biasMagnitude, config.poorInitScale);
  const hiddenCount = config.hidden.length;
  // Every hidden layer: He normal (std √2/√fan_in, the ReLU gain, for every activation so the
  // controls start from the same weights), times weightScale; the logit layer LeCun-normal.
  const layers: LayerSpec[] = config.hidden.map((units) => ({
    units,
    activation: def.id,
    params,
    init: { scheme: 'he', gain: Math.SQRT2 * weightScale },
  }));
  layers.push({ units: 1, activation: 'linear', init: { scheme: 'he', gain: 1 } });
  const network = new Network({ inputs: 2, layers, loss: 'bce' }, rng);
  for (let l = 0; l < hiddenCount; l++) (network.layers[l] as (typeof network.layers)[number]).bias.fill(bias);
  const hiddenDead = (fractions: readonly number[]) => fractions.slice(0, hiddenCount);
  const deadMasks = () => network.layers.slice(0, hiddenCount).map((layer) => layer.deadUnits());

  const start = network.metrics(data.x, data.y, 0);
  const initialMasks = deadMasks();
  const curve: TrainingCurvePoint[] = [{ epoch: 0, dead: hiddenDead(start.deadFractions), loss: start.loss }];
  const optimizer = createOptimizer(config.optimizer, config.learningRate, 'dead-neurons');
  const n = data.x.rows;
  const batchSize = config.batchSize > 0 ? Math.min(config.batchSize, n) : n;
  let divergedAt: number | null = null;
  let last = start;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    if (batchSize === n) {
      network.trainStep(data.x, data.y, optimizer);
    } else {
      // Mini-batches: Network.fit's shuffling, one epoch at a time.
      network.fit({ x: data.x, y: data.y, epochs: 1, batchSize, optimizer, random: rng });
    }
    const finite = allFinite(network);
    if (!finite || epoch <= 20 || epoch % config.recordEvery === 0 || epoch === config.epochs) {
      last = network.metrics(data.x, data.y, epoch);
      curve.push({ epoch, dead: hiddenDead(last.deadFractions), loss: last.loss });
    }
    if (!finite || !Number.isFinite(last.loss)) {
      divergedAt = epoch;
      break;
    }
  }
  const finalMasks = deadMasks();
  let maxAbsPreActivation = 0;
  for (const layer of network.layers.slice(0, hiddenCount)) {
    const z = layer.lastPreActivation();
    if (z) for (let i = 0; i < z.data.length; i++) maxAbsPreActivation = Math.max(maxAbsPreActivation, Math.abs(z.data[i] as number));
  }
  const killed = finalMasks.map((mask, l) => {
    const before = initialMasks[l] as boolean[];
    return mask.filter((dead, j) => dead && !before[j]).length / mask.length;
  });
  // A loop, not Math.max(...curve): a long run records hundreds of thousands of points.
  const peakDead = Array.from({ length: hiddenCount }, (_, l) => curve.reduce((peak, p) => Math.max(peak, p.dead[l] as number), -Infinity));
  return {
    activation: def.id,
    strategy,
    bias,
    weightScale,
    initialDead: hiddenDead(start.deadFractions),
    finalDead: hiddenDead(last.deadFractions),
    killed,
    peakDead,
    finalLoss: last.loss,
    finalAccuracy: last.accuracy,
    divergedAt,
    maxAbsPreActivation,
    curve,
  };
}

// ---------------------------------------------------------------------------------------------
// The experiment
// ---------------------------------------------------------------------------------------------

const DATASET_NAMES = Object.keys(DATASETS);

/** |z| beyond which e^{−|z|} underflows (e^−745 is the smallest subnormal): a blown-up run. */
const BLOWN_UP = 700;

export const deadNeurons: Experiment<DeadNeuronsConfig, DeadNeuronsResult> = {
  id: 'dead-neurons',
  title: 'Dead ReLUs: the chapter’s simulation, why it finds none, and where they really die',
  description:
    "Part 1 runs the chapter's dead_neuron_simulation as written. Its hidden_weights are drawn and never used, so zero_bias and poor_init are the same experiment; and with 1000 samples a bias of ±1 cannot silence a unit, so every count is 0. Beside each count the exact P(unit dead) = E_w[Φ(−b/‖w‖)^1000], ‖w‖² ~ 0.2·χ²₁₀ (quadrature): 2^−1000 ≈ 9.3e−302 for b = 0, ≈ 1.3e−394 for b = +1, and ≈ 8.6e−6 for b = −1 — not astronomically small, because the rare units with a small ‖w‖ dominate the average (at the typical ‖w‖² = 2 it would be 9e−120) — yet still ~100× too small to expect one dead unit among 1000 (expected 0.0086). " +
    "Part 2 is relu_variants.py's 'Dead/Inactive Neuron Rate' panel (z ~ N(−0.5, 1), 1000 × 500): its criteria (all outputs == 0 for ReLU, ≤ 0 for Leaky ReLU and ELU) all mean 'every z ≤ 0', so the three bars are equal by construction, and Φ(0.5)^1000 ≈ 1e−160 makes them 0%; by the gradient (f′ = 0 on every sample) Leaky ReLU and ELU can never be dead. " +
    "Part 3 measures death where it happens: a 2 → 32 → 32 → 1 MLP (binary cross-entropy on logits) on two moons, trained full-batch from one seed under each strategy — biases 0, −1, +1, or He weights ×4 (poor_init) — at a deliberately high learning rate (SGD 0.5), with Leaky ReLU (0.1) and ELU as controls. 'Dead' is the nn engine's Dense.deadUnits: f′(z) = 0 for every training sample, so no gradient reaches the unit's weights (for ReLU: z ≤ 0 on all 512 points; under full-batch descent a dead first-layer unit stays dead for good). Reported per hidden layer: dead at initialisation, at the end, killed during training (alive at init, dead at the end), and the curve over epochs. Runs whose loss goes non-finite are flagged as diverged, and runs whose pre-activations pass ±700 as blown up (there e^z underflows and even ELU′ = αe^z is exactly 0). The learning rate is high on purpose: with the 4× init the controls can diverge instead of dying for some seeds (not for seed 42). " +
    'Each part starts from the generator as given (a copy of its state), so a part’s numbers do not depend on which other parts run. In textbook mode (--rng numpy --seed 42) part 1 prints the chapter’s four lines; in the chapter it runs after gradient_flow_comparison on the continuing stream, but with every count 0 any state prints the same lines.',
  chapter: 'relu_family.py: dead_neuron_simulation(); relu_variants.py: visualize_relu_variants() (Dead/Inactive Neuron Rate panel)',
  defaults: {
    parts: ['chapter', 'panel', 'training'],
    units: 1000,
    chapterSamples: 1000,
    inputs: 10,
    panelSamples: 1000,
    panelNeurons: 500,
    panelShift: 0.5,
    strategies: [...TRAINING_STRATEGIES],
    activations: ['relu', 'leaky_relu', 'elu'],
    dataset: 'moons',
    samples: 512,
    noise: 0.1,
    hidden: [32, 32],
    optimizer: 'sgd',
    learningRate: 0.5,
    epochs: 100,
    batchSize: 0,
    biasMagnitude: 1,
    poorInitScale: 4,
    leakySlope: 0.1,
    recordEvery: 5,
  },
  settings: {
    parts: { type: 'list', maxItems: 3, choices: [...DEAD_NEURON_PARTS], description: 'parts to run: chapter (the simulation as written), panel (relu_variants.py), training (the real measurement)' },
    units: { type: 'integer', min: 1, max: 100000, description: 'part 1: units (n_units)' },
    chapterSamples: { type: 'integer', min: 1, max: 100000, description: 'part 1: input samples per unit (1000 in the chapter; try 5 to see dead units and zero_bias = poor_init)' },
    inputs: { type: 'integer', min: 1, max: 1000, description: 'part 1: input dimension k (weights randn·√(2/k))' },
    panelSamples: { type: 'integer', min: 1, max: 100000, description: 'part 2: samples per neuron' },
    panelNeurons: { type: 'integer', min: 1, max: 100000, description: 'part 2: neurons' },
    panelShift: { type: 'number', min: -1000, max: 1000, description: 'part 2: z ~ N(−shift, 1)' },
    strategies: { type: 'list', maxItems: 4, choices: [...TRAINING_STRATEGIES], description: 'part 3: initialisation strategies' },
    activations: { type: 'list', maxItems: 16, entries: 'elementwise activation ids', check: checkElementwiseList, description: 'part 3: hidden activations (elementwise ids); relu, then controls' },
    dataset: { type: 'string', choices: DATASET_NAMES, description: 'part 3: 2-D data set' },
    samples: { type: 'integer', min: 2, max: 100000, description: 'part 3: training points' },
    noise: { type: 'number', min: 0, max: 100, description: 'part 3: data noise (moons: std; Playground sets: fraction 0…0.5)' },
    hidden: { type: 'numbers', integer: true, min: 1, max: 4096, maxItems: 16, repeats: true, description: 'part 3: hidden layer widths, e.g. 32,32' },
    optimizer: { type: 'string', choices: ['sgd', 'momentum', 'adam'], description: 'part 3: optimiser' },
    learningRate: { type: 'number', min: 0, exclusiveMin: true, max: 1e6, description: 'part 3: learning rate (deliberately high by default)' },
    epochs: { type: 'integer', min: 0, max: 1_000_000, description: 'part 3: training epochs' },
    batchSize: { type: 'integer', min: 0, max: 100000, description: 'part 3: mini-batch size (0 = full batch, no shuffling)' },
    biasMagnitude: { type: 'number', min: 0, max: 1e6, description: 'part 3: |b| of negative_bias / positive_bias' },
    poorInitScale: { type: 'number', min: 0, max: 1e6, description: 'part 3: poor_init weight std as a multiple of He' },
    leakySlope: { type: 'number', min: 0, max: 1e6, description: 'part 3: Leaky ReLU negative slope' },
    recordEvery: { type: 'integer', min: 1, max: 1_000_000, description: 'part 3: record the dead fractions every epoch up to 20, then every this many epochs' },
  },
  validate(config) {
    // The parameters each training run resolves, checked before part 1 starts.
    for (const id of config.activations) {
      const def = getElementwise(id);
      resolveParams(def, 'negative_slope' in def.params ? { negative_slope: config.leakySlope } : {});
    }
  },
  cost(config) {
    const parts = new Set(config.parts);
    let bytes = 1e6;
    let largestArray = 0;
    let ns = 0;
    if (parts.has('chapter')) {
      const { units: u, chapterSamples: c, inputs: k } = config;
      bytes += 8 * (c * u + c * k + u * k + 4 * u);
      largestArray = Math.max(largestArray, 8 * c * u, 8 * c * k, 8 * u * k);
      ns += (4 * u + c * k + u * k) * NS_PER_NORMAL + c * u * k * NS_PER_FMA + 4 * c * u * NS_PER_FMA + 4e7;
    }
    if (parts.has('panel')) {
      const cells = config.panelSamples * config.panelNeurons;
      bytes = Math.max(bytes, 1e6 + 8 * cells);
      largestArray = Math.max(largestArray, 8 * cells);
      ns += cells * (NS_PER_NORMAL + 6 * NS_PER_ACTIVATION);
    }
    if (parts.has('training')) {
      const n = config.samples;
      const widths = [2, ...config.hidden, 1];
      let weights = 0;
      for (let l = 1; l < widths.length; l++) weights += (widths[l - 1] as number) * (widths[l] as number);
      const units = config.hidden.reduce((a, b) => a + b, 0);
      const runs = config.activations.length * config.strategies.length;
      const recorded = Math.min(config.epochs, 20 + config.epochs / config.recordEvery) + 1;
      // Per epoch: forward, the two backward products, the update; and the activations and their slopes.
      const epochNs = 3 * n * weights * NS_PER_FMA + 5 * weights * NS_PER_FMA + 3 * n * units * NS_PER_ACTIVATION;
      const metricsNs = n * weights * NS_PER_FMA + 2 * n * units * NS_PER_ACTIVATION;
      ns += runs * (config.epochs * epochNs + recorded * metricsNs);
      // Per layer the engine keeps inputs, pre-activations, activations and gradients for every sample.
      const perLayer = 8 * n * Math.max(...widths) * 6;
      bytes += 8 * 4 * weights + widths.length * perLayer + 24 * n + runs * recorded * (8 * config.hidden.length + 64);
      largestArray = Math.max(largestArray, 8 * n * Math.max(...widths));
    }
    return { bytes, largestArray, seconds: seconds(ns), drivers: 'units × chapterSamples, panelSamples × panelNeurons, or samples × hidden widths × epochs × runs' };
  },
  run(config, rng: Rng, progress?: Progress) {
    const state = rng.getState();
    const parts = new Set(config.parts);
    for (const part of parts) {
      if (!(DEAD_NEURON_PARTS as readonly string[]).includes(part)) throw new InvalidParameterError('dead-neurons', 'parts', part, `one of: ${DEAD_NEURON_PARTS.join(', ')}`);
    }
    for (const strategy of config.strategies) strategyOf(strategy, 0, 1);
    const result: { chapter?: ChapterPart; panel?: PanelPart; training?: TrainingPart } = {};
    if (parts.has('chapter')) result.chapter = chapterSimulation(copyOf(rng, state), config.units, config.chapterSamples, config.inputs);
    if (parts.has('panel')) result.panel = deadRatePanel(copyOf(rng, state), config.panelSamples, config.panelNeurons, config.panelShift);
    if (parts.has('training')) {
      const dataRng = copyOf(rng, state);
      const generate = DATASETS[config.dataset as keyof typeof DATASETS];
      if (!generate) throw new InvalidParameterError('dead-neurons', 'dataset', config.dataset, `one of: ${DATASET_NAMES.join(', ')}`);
      const samples = config.dataset === 'moons' || config.dataset === 'xor' ? config.samples : config.samples - (config.samples % 2);
      const data = generate(samples, config.noise, dataRng);
      // Every run starts from the same state, right after the data: the same initial draws.
      const afterData = dataRng.getState();
      const runs: TrainingRun[] = [];
      const total = config.activations.length * config.strategies.length;
      for (const id of config.activations) {
        const def = getElementwise(id);
        const params = resolveParams(def, 'negative_slope' in def.params ? { negative_slope: config.leakySlope } : {});
        for (const strategy of config.strategies) {
          runs.push(trainOne(config, def, params, strategy, data, copyOf(rng, afterData)));
          progress?.(runs.length / total, `${id} ${strategy}`);
        }
      }
      result.training = {
        dataset: config.dataset,
        samples,
        architecture: [2, ...config.hidden, 1],
        optimizer: config.optimizer,
        learningRate: config.learningRate,
        epochs: config.epochs,
        batchSize: config.batchSize,
        runs,
      };
    }
    return result;
  },
  report(result) {
    const lines: string[] = [];
    const percent = (f: number) => `${(100 * f).toFixed(1)}%`;
    const { chapter, panel, training } = result;
    if (chapter) {
      lines.push('', 'Dead Neuron Simulation', '='.repeat(50));
      for (const s of chapter.strategies) {
        lines.push(`${s.name.padStart(15)}: ${String(s.deadCount).padStart(4)} dead neurons (${pythonFixed(s.deadPercent, 1)}%)`);
      }
      const k = chapter.inputs;
      lines.push(
        '',
        `Why (${chapter.units} units, ${chapter.samples} samples of x ~ N(0, I_${k}), w ~ N(0, ${formatNumber(2 / k)}·I_${k})):`,
        `  zero_bias and poor_init differ only in hidden_weights (std ${chapter.strategies
          .filter((s) => s.name === 'zero_bias' || s.name === 'poor_init')
          .map((s) => s.hiddenWeightsStd.toFixed(2))
          .join(' vs ')}), which the code never uses: ${chapter.zeroBiasEqualsPoorInit ? 'identical counts, for any seed' : 'counts differ (?)'}.`,
        `  P(unit dead) = E_w[Φ(−b/‖w‖)^${chapter.samples}], ‖w‖² ~ ${formatNumber(2 / k)}·χ²_${k}; expected dead = ${chapter.units}·P:`,
      );
      const seen = new Set<number>();
      for (const s of chapter.strategies) {
        if (seen.has(s.bias)) continue;
        seen.add(s.bias);
        lines.push(
          `    b = ${signed(s.bias)}: P = ${formatLog10(s.log10DeadProbability)}, expected dead ${formatLog10(s.log10DeadProbability + Math.log10(chapter.units))}` +
            `  (at the typical ‖w‖² = 2: ${formatLog10(s.log10DeadProbabilityTypicalNorm)})`,
        );
      }
      lines.push('  For b = −1 the average is dominated by the rare units with a small ‖w‖, not by the typical one.');
    }
    if (panel) {
      lines.push(
        '',
        `Dead/Inactive Neuron Rate (relu_variants.py panel: z ~ N(−${panel.shift}, 1), ${panel.samples} samples × ${panel.neurons} neurons)`,
        '-'.repeat(50),
      );
      for (const bar of panel.bars) {
        lines.push(`${bar.name.padStart(12)}: ${pythonFixed(bar.deadPercent, 1)}% (chapter: all outputs ${bar.activation === 'relu' ? '== 0' : '<= 0'}); f′ = 0 on every sample: ${pythonFixed(bar.zeroGradientPercent, 1)}%`);
      }
      lines.push(
        `  P(all ${panel.samples} samples of a neuron negative) = Φ(${panel.shift})^${panel.samples} = ${formatLog10(panel.log10AllNegative)}; expected dead of ${panel.neurons}: ${formatLog10(panel.log10AllNegative + Math.log10(panel.neurons))}`,
        '  All three criteria mean "every z ≤ 0" (sign f(z) = sign z), so the bars are equal by construction.',
      );
    }
    if (training) {
      const batch = training.batchSize > 0 ? `batch ${training.batchSize}` : 'full batch';
      lines.push(
        '',
        `Dead units during training (${training.dataset}, ${training.samples} points, ${training.architecture.join(' → ')}, BCE on logits, ${training.optimizer} lr ${training.learningRate}, ${batch}, ${training.epochs} epochs)`,
        '"dead" = f′(z) = 0 on every training point (ReLU: z ≤ 0 on all of them); per hidden layer L1/L2/…',
        `${'activation'.padEnd(11)} ${'strategy'.padEnd(14)} ${'bias'.padStart(5)} ${'W×He'.padStart(5)}  ${'dead at init'.padEnd(16)} ${'dead at end'.padEnd(16)} ${'killed'.padEnd(16)} ${'loss'.padStart(7)} ${'acc'.padStart(6)}`,
      );
      const layers = (v: readonly number[]) => v.map(percent).join('/').padEnd(16);
      for (const run of training.runs) {
        // A non-finite loss is no number to report: the run diverged (said at the end of the line).
        const loss = Number.isFinite(run.finalLoss) ? run.finalLoss.toFixed(3) : '—';
        lines.push(
          `${run.activation.padEnd(11)} ${run.strategy.padEnd(14)} ${signed(run.bias).padStart(5)} ${formatNumber(run.weightScale).padStart(5)}  ${layers(run.initialDead)} ${layers(run.finalDead)} ${layers(run.killed)} ${loss.padStart(7)} ${percent(run.finalAccuracy).padStart(6)}` +
            (run.divergedAt !== null ? `  diverged at epoch ${run.divergedAt}` : run.maxAbsPreActivation > BLOWN_UP ? `  blew up: |z| up to ${run.maxAbsPreActivation.toExponential(1)}` : ''),
        );
      }
      if (training.runs.some((r) => r.divergedAt !== null)) {
        lines.push('Diverged: the dead fractions are measured on non-finite parameters and mean nothing (relu′ is 0 at a non-finite input, so it counts as dead).');
      }
      if (training.runs.some((r) => r.divergedAt === null && r.maxAbsPreActivation > BLOWN_UP)) {
        lines.push(`Blew up: pre-activations beyond ±${BLOWN_UP}, where e^z underflows, so even ELU′ = αe^z is exactly 0 ("dead" in floating point only).`);
      }
    }
    return lines.join('\n').replace(/^\n/, '');
  },
};

/** A bias for the report: 0, +1, −1. */
function signed(x: number): string {
  return x > 0 ? `+${formatNumber(x)}` : formatNumber(x);
}

/** A short decimal for the report (0.2, −1, 4). */
function formatNumber(x: number): string {
  return Number(x.toPrecision(6)).toString().replace('-', '−');
}

