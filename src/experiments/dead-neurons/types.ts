/**
 * The dead-neurons experiment's configuration and result, part by part.
 * @module
 */

export const DEAD_NEURON_PARTS = ['chapter', 'panel', 'training'] as const;
export { TRAINING_STRATEGIES, type TrainingStrategy } from '../choices.js';

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
