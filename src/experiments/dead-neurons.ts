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
 *
 * The parts live in dead-neurons/: the configuration and result types (types.ts), the exact
 * probabilities (probability.ts), parts 1 and 2 (chapter.ts), part 3 (training.ts) and the
 * text report (report.ts); this file is the experiment (settings, cost, run).
 * @module
 */
import { getElementwise, resolveParams } from '../activations/index.js';
import { InvalidParameterError } from '../errors.js';
import type { Rng } from '../math/rng.js';
import { chapterSimulation, deadRatePanel } from './dead-neurons/chapter.js';
import { deadNeuronsReport } from './dead-neurons/report.js';
import { deadNeuronsSplit } from './dead-neurons/split.js';
import { copyOf, DATASET_NAMES, strategyOf, trainingPart } from './dead-neurons/training.js';
import {
  DEAD_NEURON_PARTS,
  TRAINING_STRATEGIES,
  type ChapterPart,
  type DeadNeuronsConfig,
  type DeadNeuronsResult,
  type PanelPart,
  type TrainingPart,
} from './dead-neurons/types.js';
import { activationsNanoseconds, checkElementwiseList, NS_PER_ACTIVATION, NS_PER_FMA, NS_PER_NORMAL, seconds } from './settings.js';
import type { Experiment, Progress } from './types.js';

export * from './dead-neurons/types.js';
export { formatLog10, log10DeadProbability, logNormalCdf } from './dead-neurons/probability.js';
export { chapterSimulation, deadRatePanel } from './dead-neurons/chapter.js';
export { strategyOf } from './dead-neurons/training.js';
export { deadNeuronsSplit } from './dead-neurons/split.js';

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
    activations: { type: 'list', maxItems: 16, entries: 'elementwise activation ids or formulas in z', check: checkElementwiseList, description: 'part 3: hidden activations (elementwise ids); relu, then controls' },
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
      const epochNs = 3 * n * weights * NS_PER_FMA + 5 * weights * NS_PER_FMA;
      const metricsNs = n * weights * NS_PER_FMA;
      const activationNs = config.strategies.length * activationsNanoseconds(config.activations) * n * units;
      ns += runs * (config.epochs * epochNs + recorded * metricsNs) + activationNs * (3 * config.epochs + 2 * recorded);
      // Per layer the engine keeps inputs, pre-activations, activations and gradients for every sample.
      const perLayer = 8 * n * Math.max(...widths) * 6;
      bytes += 8 * 4 * weights + widths.length * perLayer + 24 * n + runs * recorded * (8 * config.hidden.length + 64);
      largestArray = Math.max(largestArray, 8 * n * Math.max(...widths));
    }
    return { bytes, largestArray, seconds: seconds(ns), drivers: 'units × chapterSamples, panelSamples × panelNeurons, or samples × hidden widths × epochs × runs' };
  },
  run(config, rng: Rng, progress?: Progress<DeadNeuronsResult>) {
    const state = rng.getState();
    const parts = new Set(config.parts);
    for (const part of parts) {
      if (!(DEAD_NEURON_PARTS as readonly string[]).includes(part)) throw new InvalidParameterError('dead-neurons', 'parts', part, `one of: ${DEAD_NEURON_PARTS.join(', ')}`);
    }
    for (const strategy of config.strategies) strategyOf(strategy, 0, 1);
    const result: { chapter?: ChapterPart; panel?: PanelPart; training?: TrainingPart } = {};
    if (parts.has('chapter')) result.chapter = chapterSimulation(copyOf(rng, state), config.units, config.chapterSamples, config.inputs);
    if (parts.has('panel')) result.panel = deadRatePanel(copyOf(rng, state), config.panelSamples, config.panelNeurons, config.panelShift);
    // Partial results: the parts finished, and part 3's runs so far (each run's curve as it grows).
    const onTraining = progress && ((fraction: number, label?: string, training?: TrainingPart) => progress(fraction, label, training && { ...result, training }));
    if (parts.has('training')) result.training = trainingPart(config, rng, state, onTraining);
    return result;
  },
  report: deadNeuronsReport,
  split: deadNeuronsSplit,
};
