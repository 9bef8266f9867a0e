/** Messages between the page and its workers (structured-clone plain data only). */
import type { PropertySheet } from '../../src/analysis/properties.js';
import type { Propagation } from '../../src/analysis/propagation.js';
import type { Advice, AdviceQuestion } from '../../src/analysis/advisor.js';
import type { RngKind } from '../../src/math/rng.js';
import type { PlaygroundDataset, PlaygroundFeature, PlaygroundOptimizer, PlaygroundTask, Regularization } from '../../src/nn/playground.js';

export interface CurveEntry {
  readonly id: string;
  readonly params: Readonly<Record<string, number>>;
}

/** The gallery's curves and the activation whose property sheet is shown. */
export interface GalleryRequest {
  readonly entries: readonly CurveEntry[];
  readonly x: number;
  readonly width: number;
  readonly focus: CurveEntry;
}

/** A chart drawn from an experiment's result (final or partial). */
export type ExperimentView = 'flow' | 'dead' | 'selu';

export type ComputeRequest =
  /** Loads and warms up the drawing code now (a worker that will draw soon): replies undefined. */
  | { readonly kind: 'warm-render' }
  /** The gallery's chart: replies a {@link RenderReply}. */
  | { readonly kind: 'gallery-chart'; readonly entries: readonly CurveEntry[]; readonly x: number; readonly width: number }
  | { readonly kind: 'gallery-sheet'; readonly focus: CurveEntry }
  /** A run, in a compute worker (its charts are drawn by the charts worker); `partials`: forward the run's partial results with its progress (throttled). */
  | { readonly kind: 'experiment'; readonly experiment: string; readonly seed: number; readonly rng: RngKind; readonly set: Readonly<Record<string, string>>; readonly partials?: boolean }
  /** The whole run from the results of runs over consecutive slices of its split setting (`set`: the whole run's): replies an {@link ExperimentReply}. */
  | { readonly kind: 'merge'; readonly experiment: string; readonly set: Readonly<Record<string, string>>; readonly parts: readonly unknown[] }
  /** Draws a view of a result (final, or a running experiment's partial one): replies a {@link RenderReply}. */
  | { readonly kind: 'render-view'; readonly view: ExperimentView; readonly result: unknown; readonly width: number }
  /** Draws a chapter figure from its experiments' results (keyed by experiment id): replies a {@link RenderReply}. */
  | { readonly kind: 'figure-draw'; readonly figure: string; readonly results: Readonly<Record<string, unknown>>; readonly width: number }
  | { readonly kind: 'advise'; readonly question: AdviceQuestion }
  /** Which WebAssembly module the compute workers run: replies `'relaxed'`, `'strict'` or `'none'` (src/wasm/index.ts). */
  | { readonly kind: 'wasm-module' }
  /** Draws a spec a reply carried again at another width (the chart's box was resized). */
  | { readonly kind: 'render'; readonly spec: unknown; readonly width: number };

/** Progress of a request: fraction done, a label, and the partial result when the run sent one. */
export type ProgressHandler = (fraction: number, label?: string, partial?: unknown) => void;

/** A drawn chart, and its spec to draw it again at another width (see plot.ts). */
export interface RenderReply {
  readonly svg: string;
  readonly spec?: unknown;
}

export interface GalleryReply {
  /** The chart, rendered to SVG in the worker. */
  readonly svg: string;
  /** Its Vega-Lite spec, to draw it again at another width (see plot.ts). */
  readonly spec?: unknown;
  /** Absent when the analysis refuses the focused activation (see `refusal`). */
  readonly sheet?: PropertySheet;
  /** Why the analysis refused it (Snake: f′ oscillates, no limits at ±∞); the plot is still drawn. */
  readonly refusal?: string;
  /** Elementwise activations only. */
  readonly propagation?: Propagation;
}

export interface ExperimentReply {
  readonly config: Record<string, unknown>;
  readonly result: unknown;
  readonly printout: string;
  readonly seconds: number;
}

export interface FigureReply {
  readonly svg: string;
  /** The figure's Vega-Lite spec, to draw it again at another width (see plot.ts). */
  readonly spec?: unknown;
  readonly printouts: readonly { readonly experiment: string; readonly printout: string }[];
  readonly seconds: number;
}

export type AdviseReply = { readonly ok: true; readonly advice: Advice } | { readonly ok: false; readonly error: string };

export type ComputeMessage =
  /** `partial`: the run's result so far (same shape as the final one), when it sent one and it was due. */
  | { readonly id: number; readonly type: 'progress'; readonly fraction: number; readonly label?: string; readonly partial?: unknown }
  | { readonly id: number; readonly type: 'done'; readonly value: unknown }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

export interface TrainerConfig {
  readonly dataset: PlaygroundDataset;
  readonly noise: number;
  /** The network's input features (its input width is their count). */
  readonly features: readonly PlaygroundFeature[];
  readonly hidden: readonly number[];
  /** One list of per-layer activations per network (several: a race). */
  readonly networks: readonly (readonly string[])[];
  readonly labels: readonly string[];
  readonly learningRate: number;
  readonly optimizer: PlaygroundOptimizer;
  readonly batchSize: number;
  /** Weight penalty and its rate λ (weights only, never biases). */
  readonly regularization: Regularization;
  readonly regularizationRate: number;
  /** Fraction of the points used for training (0.1 … 0.9); the rest give the test loss. */
  readonly trainRatio: number;
  /** Seeds the network's weights and the batch order. */
  readonly seed: number;
  /** Seeds the data set and its split ("Regenerate" draws a new one; the weights keep `seed`). */
  readonly dataSeed: number;
  readonly rng: RngKind;
  /** Target steps (epochs) per second; 0 = as fast as possible. */
  readonly stepsPerSecond: number;
  /** Show the class (sign) instead of the continuous output; changed alone by the `discretize` command. */
  readonly discretize: boolean;
}

export type TrainerCommand =
  | DiagramCommand
  | { readonly type: 'configure'; readonly config: TrainerConfig }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step'; readonly epochs: number }
  | { readonly type: 'reset' }
  | { readonly type: 'speed'; readonly stepsPerSecond: number }
  /** Discretise the output or not: the network trains on, the next snapshot shows it. */
  | { readonly type: 'discretize'; readonly on: boolean };

export interface TrainerSnapshot {
  readonly type: 'snapshot';
  readonly epoch: number;
  readonly running: boolean;
  /** Epochs per second over the last second of running. */
  readonly stepsPerSecond: number;
  readonly resolution: number;
  readonly domain: readonly [number, number];
  /** Classification (labels 0/1, cross-entropy) or regression (targets in [−1, 1], ½·squared error). */
  readonly task: PlaygroundTask;
  /** Whether the grids show the class (sign) instead of the continuous output. */
  readonly discretize: boolean;
  /**
   * Training points (x, y, value) as flat triples, sent with the first snapshot after configure.
   * The value is on the grids' colour scale 0…1: the label 0/1, or (target + 1)/2 for regression.
   */
  readonly points?: Float32Array;
  readonly testPoints?: Float32Array;
  /** The network diagram's picture, while one is asked for ({@link DiagramCommand}), at most ~10 times a second. */
  readonly picture?: NetworkPicture;
  readonly networks: readonly {
    readonly label: string;
    /**
     * The output on the resolution² grid, on the colour scale 0…1 (½ white): P(class 1), or
     * (value + 1)/2 clamped for regression; 0 or 1 only when `discretize`.
     */
    readonly grid: Float32Array;
    readonly trainLoss: number;
    readonly testLoss: number;
    /** NaN for regression. */
    readonly trainAccuracy: number;
    readonly testAccuracy: number;
    /** (epoch, train loss, test loss) triples recorded since the last snapshot. */
    readonly history: Float64Array;
  }[];
}

export type TrainerMessage = TrainerSnapshot | { readonly type: 'error'; readonly message: string };

/**
 * One network drawn as Playground draws it: every unit's output over a coarse grid of the board's
 * square (inputs first, the output last), and the weights and biases between the layers.
 */
export interface NetworkPicture {
  /** Which network of the configuration (a race has several) and its label. */
  readonly network: number;
  readonly label: string;
  /** The input units' names (x₁, x₂, or the features the network reads). */
  readonly inputs: readonly string[];
  /** Units per layer: inputs, each hidden layer, output. */
  readonly widths: readonly number[];
  /** Per layer after the inputs: its activation's name. */
  readonly activations: readonly string[];
  /** Per layer after the inputs: weights, units × (units of the layer before), row-major. */
  readonly weights: readonly Float32Array[];
  /** Per layer after the inputs: one bias per unit. */
  readonly biases: readonly Float32Array[];
  /** Side of the grid: each unit's output is resolution² values, row 0 at the top (largest x₂). */
  readonly resolution: number;
  /** Per layer (inputs first): units × resolution² outputs, unit after unit. */
  readonly outputs: readonly Float32Array[];
  /**
   * Per layer: the value drawn white and the distance from it drawn in full colour (orange
   * below, blue above), one pair per unit — inputs by their own range, hidden layers by the
   * layer's largest |output| (at least 1), a probability around ½.
   */
  readonly centres: readonly Float32Array[];
  readonly scales: readonly Float32Array[];
}

/** Asks the trainer to send (`network` ≥ 0) or stop sending (−1) a {@link NetworkPicture} with its snapshots. */
export interface DiagramCommand {
  readonly type: 'diagram';
  readonly network: number;
}
