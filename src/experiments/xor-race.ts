/**
 * The chapter's XOR training race (relu_family.py, `relu_vs_sigmoid_training`), generalised:
 * the same 2-4-1 network (hidden activation of your choice, sigmoid output, loss ½·mean((ŷ − y)²),
 * weights randn·0.5, zero biases, full-batch gradient descent at lr 0.5 for 5000 epochs) trained
 * from many seeds, so the convergence epoch is a distribution rather than one lucky draw.
 *
 * The chapter's backward pass sums the per-sample gradients of a *mean* loss — an effective
 * learning rate 4× the stated one on XOR's 4 samples. `gradient: 'sum'` reproduces it;
 * `gradient: 'mean'` is the true gradient of the stated loss.
 * @module
 */
import { ACTIVATIONS, getElementwise, resolveParams } from '../activations/index.js';
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';
import { InvalidParameterError } from '../errors.js';
import { logistic } from '../math/logistic.js';
import { createRng, type Rng } from '../math/rng.js';
import { activationLabel, activationNanoseconds, checkElementwiseList, NS_PER_ACTIVATION, seconds } from './settings.js';
import { pythonFixed, type Experiment, type Progress } from './types.js';

const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
] as const;
const Y = [0, 1, 1, 0] as const;

export interface XorTrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly threshold: number;
  readonly gradient: 'sum' | 'mean';
  readonly hidden: number;
  readonly weightScale: number;
  /** Stop at the first epoch below the threshold (losses then end there). Default false: train all epochs. */
  readonly stopAtConvergence?: boolean;
}

/**
 * Estimated time of one training epoch of the 2-h-1 network on XOR's four samples (ns): the
 * activation and its derivative per hidden unit and sample, and the multiply-adds around them.
 */
export function xorEpochNanoseconds(hidden: number, activationNs = NS_PER_ACTIVATION): number {
  // 4 samples × (f and f′) per hidden unit: a formula's slower calls on top of the registry's.
  return 200 + hidden * (400 + 8 * Math.max(0, activationNs - NS_PER_ACTIVATION));
}

/**
 * One run of the chapter's network from an already-seeded generator; returns the first epoch
 * whose loss is below the threshold (epochs if never), the loss curve (every epoch trained)
 * and the outputs of the last forward pass. Training stops at the first epoch whose loss is not
 * finite or whose update leaves a non-finite weight (a learning rate or weight scale far too
 * large): `divergedAt` is that epoch (null if training stayed finite), and the loss curve ends
 * there.
 */
// size: a line-by-line port of the chapter's XOR program (forward, backward and update in numpy's
// order, the same arrays): that order is what reproduces its printed digits, so it reads as one loop.
export function trainXor(
  def: ElementwiseActivation,
  params: ParamValues,
  rng: Rng,
  options: XorTrainingOptions,
): { converged: number; divergedAt: number | null; losses: Float64Array; outputs: Float64Array } {
  const h = options.hidden;
  // W1: h×2 then W2: 1×h, drawn in that order as the chapter's randn(4, 2)*0.5, randn(1, 4)*0.5.
  const w1 = new Float64Array(h * 2);
  rng.fillNormal(w1, options.weightScale);
  const w2 = new Float64Array(h);
  rng.fillNormal(w2, options.weightScale);
  const b1 = new Float64Array(h);
  let b2 = 0;
  const z1 = new Float64Array(4 * h);
  const a1 = new Float64Array(4 * h);
  const a2 = new Float64Array(4);
  const dz2 = new Float64Array(4);
  const losses = new Float64Array(options.epochs);
  const scale = options.gradient === 'mean' ? 1 / 4 : 1;
  let converged = options.epochs;
  const dw2 = new Float64Array(h);
  const dw1 = new Float64Array(h * 2);
  const db1 = new Float64Array(h);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    let loss = 0;
    for (let s = 0; s < 4; s++) {
      const [x0, x1] = X[s] as readonly [number, number];
      let z2 = b2;
      for (let j = 0; j < h; j++) {
        const z = x0 * (w1[2 * j] as number) + x1 * (w1[2 * j + 1] as number) + (b1[j] as number);
        z1[s * h + j] = z;
        const a = def.f(z, params);
        a1[s * h + j] = a;
        z2 += a * (w2[j] as number);
      }
      const out = logistic(z2);
      a2[s] = out;
      const diff = out - (Y[s] as number);
      loss += diff * diff;
      dz2[s] = diff * out * (1 - out);
    }
    loss = (0.5 * loss) / 4;
    losses[epoch] = loss;
    if (!Number.isFinite(loss)) return { converged, divergedAt: epoch, losses: losses.subarray(0, epoch + 1), outputs: Float64Array.from(a2) };
    if (converged === options.epochs && loss < options.threshold) {
      converged = epoch;
      if (options.stopAtConvergence) return { converged, divergedAt: null, losses: losses.subarray(0, epoch + 1), outputs: Float64Array.from(a2) };
    }
    // Backward (the chapter's: dz2 = (a2 − y)·a2(1 − a2), summed over samples).
    let db2 = 0;
    dw2.fill(0);
    dw1.fill(0);
    db1.fill(0);
    for (let s = 0; s < 4; s++) {
      const d2 = dz2[s] as number;
      db2 += d2;
      const [x0, x1] = X[s] as readonly [number, number];
      for (let j = 0; j < h; j++) {
        dw2[j] = (dw2[j] as number) + d2 * (a1[s * h + j] as number);
        const dz1 = d2 * (w2[j] as number) * def.df(z1[s * h + j] as number, params);
        dw1[2 * j] = (dw1[2 * j] as number) + dz1 * x0;
        dw1[2 * j + 1] = (dw1[2 * j + 1] as number) + dz1 * x1;
        db1[j] = (db1[j] as number) + dz1;
      }
    }
    const lr = options.learningRate * scale;
    for (let j = 0; j < h; j++) {
      w2[j] = (w2[j] as number) - lr * (dw2[j] as number);
      w1[2 * j] = (w1[2 * j] as number) - lr * (dw1[2 * j] as number);
      w1[2 * j + 1] = (w1[2 * j + 1] as number) - lr * (dw1[2 * j + 1] as number);
      b1[j] = (b1[j] as number) - lr * (db1[j] as number);
    }
    b2 -= lr * db2;
    let sum = b2;
    for (let j = 0; j < h; j++) sum += (w2[j] as number) + (w1[2 * j] as number) + (w1[2 * j + 1] as number) + (b1[j] as number);
    // A sum is non-finite when any term is (or when finite terms overflow: also a blown-up run).
    if (!Number.isFinite(sum)) return { converged, divergedAt: epoch, losses: losses.subarray(0, epoch + 1), outputs: Float64Array.from(a2) };
  }
  // Outputs of the last forward pass (before its update), for accuracy.
  return { converged, divergedAt: null, losses, outputs: Float64Array.from(a2) };
}

export interface XorRaceConfig {
  readonly [key: string]: readonly string[] | readonly number[] | number | string;
  readonly activations: readonly string[];
  /** Seeds; each run re-seeds the generator (as the chapter does with np.random.seed(42)). */
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly learningRate: number;
  readonly threshold: number;
  readonly gradient: string;
  readonly hidden: number;
  readonly weightScale: number;
}

export interface XorRaceStats {
  readonly activation: string;
  /** Convergence epoch per seed (= epochs when it never converged). */
  readonly epochs: readonly number[];
  /** Epoch at which training diverged (non-finite loss or weights), per seed; null if it did not. */
  readonly divergedAt: readonly (number | null)[];
  readonly convergedFraction: number;
  readonly divergedFraction: number;
  readonly median: number;
  readonly quartiles: readonly [number, number];
}

export interface XorRaceResult {
  readonly epochs: number;
  readonly stats: readonly XorRaceStats[];
}

function quantile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (i - lo);
}

/** The ids to race: 'all' stands for every elementwise activation except the identity. */
function expandActivations(ids: readonly string[]): string[] {
  return ids.flatMap((id) =>
    id === 'all' ? ACTIVATIONS.filter((a) => a.kind === 'elementwise' && a.id !== 'linear').map((a) => a.id) : [id],
  );
}

/** Fraction of XOR's four samples whose output is on the right side of ½. */
export function xorAccuracy(outputs: Float64Array): number {
  let correct = 0;
  for (let s = 0; s < 4; s++) if (Math.abs((outputs[s] as number) - (Y[s] as number)) < 0.5) correct++;
  return correct / 4;
}

export const xorRace: Experiment<XorRaceConfig, XorRaceResult> = {
  id: 'xor-race',
  title: 'XOR training race: convergence epoch over many seeds',
  description:
    "The chapter's 2-4-1 XOR network trained with each activation from each seed; the convergence epoch (first epoch with loss < 0.01) as a distribution. With the chapter's single seed 42 sigmoid converges at epoch 1040 and ReLU at 162, but ReLU fails to converge from many other seeds.",
  chapter: 'relu_family.py: relu_vs_sigmoid_training()',
  defaults: {
    activations: ['sigmoid', 'relu'],
    seeds: [42],
    epochs: 5000,
    learningRate: 0.5,
    threshold: 0.01,
    gradient: 'sum',
    hidden: 4,
    weightScale: 0.5,
  },
  settings: {
    activations: {
      type: 'list',
      maxItems: 64,
      entries: 'elementwise activation ids or formulas in z (or all)',
      check: (value) => {
        const ids = value as readonly string[];
        if (ids.includes('all') && ids.length > 1) throw new InvalidParameterError('xor-race', 'activations', ids.join(','), "'all' alone or a list of activation ids");
        checkElementwiseList(ids.filter((id) => id !== 'all'));
      },
      description: "hidden-layer activation ids (elementwise), or 'all'",
    },
    seeds: { type: 'numbers', integer: true, min: 0, max: 4294967295, maxItems: 100_000, description: 'seeds, one training run each (e.g. 0..99 as "0-99")' },
    epochs: { type: 'integer', min: 1, max: 10_000_000, description: 'training epochs' },
    learningRate: { type: 'number', min: 0, max: 1e6, description: 'learning rate' },
    threshold: { type: 'number', min: 0, max: 1e6, description: 'convergence threshold on the loss' },
    gradient: { type: 'string', choices: ['sum', 'mean'], description: "'sum' as the chapter (4× effective lr) or 'mean'" },
    hidden: { type: 'integer', min: 1, max: 4096, description: 'hidden units' },
    weightScale: { type: 'number', min: 0, max: 1e6, description: 'initial weights randn·scale' },
  },
  cost(config) {
    const ids = expandActivations(config.activations);
    const runs = ids.length * config.seeds.length;
    const epochNs = ids.reduce((sum, id) => sum + xorEpochNanoseconds(config.hidden, activationNanoseconds(id)), 0);
    return {
      bytes: 8 * config.epochs + 64 * runs + 48 * config.hidden + 1e6,
      largestArray: 8 * config.epochs,
      seconds: seconds(config.seeds.length * config.epochs * epochNs),
      drivers: 'activations × seeds × epochs × hidden',
    };
  },
  run(config, rng: Rng, progress?: Progress) {
    const stats: XorRaceStats[] = [];
    const total = expandActivations(config.activations).length * config.seeds.length;
    let done = 0;
    for (const id of expandActivations(config.activations)) {
      const def = getElementwise(id);
      const params = resolveParams(def, {});
      const epochs: number[] = [];
      const divergedAt: (number | null)[] = [];
      for (const seed of config.seeds) {
        const seeded = createRng(rng.kind, seed);
        const run = trainXor(def, params, seeded, {
          epochs: config.epochs,
          learningRate: config.learningRate,
          threshold: config.threshold,
          gradient: config.gradient === 'mean' ? 'mean' : 'sum',
          hidden: config.hidden,
          weightScale: config.weightScale,
          stopAtConvergence: true, // only the convergence epoch is kept
        });
        epochs.push(run.converged);
        divergedAt.push(run.divergedAt);
        progress?.(++done / total, id);
      }
      const convergedEpochs = epochs.filter((e) => e < config.epochs).sort((a, b) => a - b);
      stats.push({
        activation: id,
        epochs,
        divergedAt,
        convergedFraction: convergedEpochs.length / epochs.length,
        divergedFraction: divergedAt.filter((d) => d !== null).length / epochs.length,
        median: quantile(convergedEpochs, 0.5),
        quartiles: [quantile(convergedEpochs, 0.25), quantile(convergedEpochs, 0.75)],
      });
    }
    return { epochs: config.epochs, stats };
  },
  report(result, config) {
    const lines = ['Training Speed Comparison (XOR task)', '='.repeat(50)];
    if (config.seeds.length === 1) {
      const named = result.stats.map((s) => ({
        name: s.activation === 'relu' ? 'ReLU' : s.activation === 'sigmoid' ? 'Sigmoid' : activationLabel(s.activation),
        epoch: s.epochs[0] as number,
        divergedAt: s.divergedAt[0] ?? null,
      }));
      for (const { name, epoch, divergedAt } of named) {
        if (divergedAt !== null) lines.push(`${name} diverged at epoch ${divergedAt}: the loss or the weights became non-finite (learning rate or weight scale too large)`);
        else if (epoch >= result.epochs) lines.push(`${name} did not converge in ${result.epochs} epochs (loss never below ${config.threshold})`);
        else lines.push(`${name} converged at epoch: ${epoch}`);
      }
      const [slow, fast] = named;
      const converged = (x: typeof slow) => x !== undefined && x.divergedAt === null && x.epoch < result.epochs;
      // "x faster" only compares two runs that both converged, and not at epoch 0 (no ratio there).
      if (named.length === 2 && converged(slow) && converged(fast) && (fast?.epoch as number) > 0) {
        lines.push(`${fast?.name} was ${pythonFixed((slow?.epoch as number) / (fast?.epoch as number), 1)}x faster`);
      }
      return lines.join('\n');
    }
    lines.push(`${config.seeds.length} seeds, ${result.epochs} epochs, gradient: ${config.gradient}`);
    for (const s of result.stats) {
      lines.push(
        `${activationLabel(s.activation).padEnd(14)} converged ${(s.convergedFraction * 100).toFixed(0).padStart(3)}% of seeds; median epoch ${Number.isNaN(s.median) ? '—' : s.median.toFixed(0)} (quartiles ${s.quartiles.map((q) => (Number.isNaN(q) ? '—' : q.toFixed(0))).join('–')})` +
          (s.divergedFraction > 0 ? `; diverged (non-finite loss) from ${(s.divergedFraction * 100).toFixed(0)}% of seeds` : ''),
      );
    }
    return lines.join('\n');
  },
};
