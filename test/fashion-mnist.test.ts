/**
 * The fashion-mnist experiment in quick mode (5,000 training images, 3 epochs): it learns, it
 * streams epoch-by-epoch partial results, its printout carries the verdict and the reference
 * table, its settings are checked before any work, and missing data names the apt package.
 * Needs the data set: apt-get install -y dataset-fashion-mnist (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DatasetMissingError } from '../src/data/types.js';
import { planRun, runExperiment, RunBudgetError } from '../src/experiments/index.js';
import {
  engineTrainer,
  hiddenInit,
  REFERENCE_ACCURACY,
  setImageDatasetLoader,
  summarise,
  verdictOf,
  type FashionMnistResult,
  type FashionRun,
} from '../src/experiments/fashion-mnist.js';
import { fashionMnistFigure } from '../src/figures/fashion-mnist-figure.js';
import { installFashionMnistLoader } from '../src/node/fashion-mnist.js';
import { loadFashionMnistCached } from '../src/data/fashion-mnist.js';
import { assembleReport, reportTasks, runTask } from '../src/report/build.js';
import { InvalidParameterError, UnknownActivationError } from '../src/errors.js';

const DATA = '/usr/share/datasets/fashion-mnist';
const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');

beforeAll(() => {
  if (!existsSync(join(DATA, 'train-images-idx3-ubyte.gz'))) throw new Error(`Fashion-MNIST is missing from ${DATA}: apt-get install -y dataset-fashion-mnist`);
  installFashionMnistLoader();
});
afterEach(() => installFashionMnistLoader());

const QUICK = { quick: 'true', activations: 'relu,tanh', seeds: '0', timing: 'false' };

describe('quick mode', () => {
  let result: FashionMnistResult;
  let report: string;
  const partials: FashionMnistResult[] = [];

  beforeAll(() => {
    const run = runExperiment('fashion-mnist', { set: QUICK, progress: (_f, _l, partial) => partial && partials.push(partial as FashionMnistResult) });
    result = run.result as FashionMnistResult;
    report = run.report;
  }, 120_000);

  it('learns: test accuracy far above chance (0.1) on the subset', () => {
    expect(result.sizes).toEqual({ train: 5000, validation: 1000, test: 1000 });
    expect(result.architecture).toEqual([784, 256, 128, 10]);
    for (const run of result.runs) {
      expect(run.epochs).toHaveLength(3);
      expect(run.test?.accuracy).toBeGreaterThanOrEqual(0.7);
      // Training lowers the loss.
      expect(run.epochs[2]?.trainLoss).toBeLessThan(run.epochs[0]?.trainLoss as number);
    }
    console.log('quick mode test accuracy:', result.summaries.map((s) => `${s.activation} ${s.testMean}`).join(', '));
  });

  it('tests the best-validation epoch, records dead units and gradient norms per layer', () => {
    for (const run of result.runs) {
      const best = Math.max(...run.epochs.map((e) => e.validationAccuracy));
      expect(run.epochs[run.bestEpoch - 1]?.validationAccuracy).toBe(best);
      for (const epoch of run.epochs) {
        expect(epoch.dead).toHaveLength(2);
        expect(epoch.gradientNorms).toHaveLength(3);
        for (const norm of epoch.gradientNorms) expect(norm).toBeGreaterThan(0);
      }
    }
    // tanh′ is never 0: no tanh unit can be dead.
    expect(result.summaries.find((s) => s.activation === 'tanh')?.deadLast).toEqual([0, 0]);
  });

  it('streams partial results epoch by epoch', () => {
    // Two runs of three epochs: one partial after each epoch and one after each run.
    expect(partials).toHaveLength(8);
    expect(partials[0]?.runs).toHaveLength(1);
    expect(partials[0]?.runs[0]?.epochs).toHaveLength(1);
    expect(partials[0]?.runs[0]?.test).toBeNull();
    expect(partials.at(-1)?.verdict?.sentence).toBe(result.verdict?.sentence);
  });

  it('prints one row per activation, the verdict and the reference table', () => {
    expect(report).toMatch(/^relu {9}\d\d\.\d\d ± 0\.00/m);
    expect(report).toMatch(/^tanh {9}\d\d\.\d\d ± 0\.00/m);
    expect(report).toMatch(/Verdict \(quick mode: this subset only\): The activations' mean test accuracies span \d+\.\d pp \(best \w+ [\d.]+ %, worst \w+ [\d.]+ %; largest seed sd 0\.0 pp\)/);
    expect(report).toMatch(/ReLU ranks [12] of 2/);
    expect(report).toContain('scikit-learn MLPClassifier 0.87–0.88; MLP 256-128-100 0.8833');
    expect(report).toContain('Quick mode trains on a subset');
  });

  it('repeats to the bit from the same seeds (timing=false)', () => {
    const again = runExperiment('fashion-mnist', { set: { ...QUICK, activations: 'relu' } }).result as FashionMnistResult;
    expect(again.runs[0]).toEqual(result.runs[0]);
  }, 60_000);

  it('draws the figure: a band (seed range) and a line (mean) per activation', () => {
    const spec = fashionMnistFigure(result) as unknown as { layer: { mark: { type: string } }[]; data: { values: { mean: number; low: number; high: number }[] } };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['area', 'line']);
    expect(spec.data.values).toHaveLength(6);
    for (const v of spec.data.values) expect(v.low <= v.mean && v.mean <= v.high).toBe(true);
  });
});

describe('the verdict from the measured spread', () => {
  const run = (activation: string, seed: number, accuracy: number): FashionRun => ({
    activation,
    seed,
    epochs: [{ epoch: 1, trainLoss: 1, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: accuracy, learningRate: 1e-3, dead: [0], gradientNorms: [1, 1], seconds: 1 }],
    bestEpoch: 1,
    stoppedEarly: false,
    epochTo85: accuracy >= 0.85 ? 1 : null,
    test: { accuracy, loss: 1 },
    diverged: false,
  });
  const summary = (id: string, accuracies: number[]) => summarise(id, accuracies.map((a, i) => run(id, i, a)));

  it('within a few points, ReLU best: the claim holds', () => {
    const verdict = verdictOf([summary('sigmoid', [0.86, 0.87]), summary('relu', [0.885, 0.889])]);
    expect(verdict).toMatchObject({ best: 'relu', worst: 'sigmoid', reluRank: 1, reluGapPoints: 0 });
    expect(verdict?.spreadPoints).toBeCloseTo(2.2, 10);
    expect(verdict?.sentence).toMatch(/span 2\.2 pp .*as the chapter claims\. ReLU ranks 1 of 2, the best: a safe default here\./);
  });

  it('a spread beyond 3 points and ReLU far behind: against the claim', () => {
    const verdict = verdictOf([summary('relu', [0.8, 0.801]), summary('gelu', [0.89, 0.891]), summary('tanh', [0.85, 0.85])]);
    expect(verdict?.reluRank).toBe(3);
    expect(verdict?.sentence).toMatch(/span 9\.0 pp .*against the chapter's claim\. ReLU ranks 3 of 3, 9\.0 pp below the best: not the safe default here/);
    expect(verdictOf([summary('relu', [0.8])])).toBeNull();
  });
});

describe('settings and errors, before any work', () => {
  it('refuses bad settings with typed errors', () => {
    expect(() => planRun('fashion-mnist', { set: { seeds: 'x' } })).toThrow(InvalidParameterError);
    expect(() => planRun('fashion-mnist', { set: { activations: 'rleu' } })).toThrow(UnknownActivationError);
    expect(() => planRun('fashion-mnist', { set: { batchSize: '0' } })).toThrow(/batchSize/);
    expect(() => planRun('fashion-mnist', { set: { hidden: '256,128', quick: 'maybe' } })).toThrow(/true or false/);
    // A formula is an activation too.
    expect(planRun('fashion-mnist', { set: { quick: 'true', activations: 'relu,z*sigmoid(1.5*z)' } }).config.activations).toHaveLength(2);
  });

  it('estimates the cost: the default sweep fits 10 minutes on two cores (the CLI runs its jobs side by side), not on one; quick mode fits anywhere', () => {
    const twoCores = { bytes: 8 * 2 ** 30, seconds: 600, cores: 2 };
    const full = planRun('fashion-mnist', { budget: twoCores }).cost;
    expect(full.parallelJobs).toBe(24);
    expect(full.seconds / 2).toBeLessThan(600);
    expect(() => planRun('fashion-mnist')).toThrow(RunBudgetError);
    expect(() => planRun('fashion-mnist')).toThrow(/quick=true caps/);
    const quick = planRun('fashion-mnist', { set: { quick: 'true' } }).cost.seconds;
    expect(quick).toBeLessThan(60);
    expect(quick).toBeGreaterThan(3); // at least reading the data
    // Quick mode caps the sizes; smaller ones are kept.
    expect(planRun('fashion-mnist', { set: { quick: 'true', validation: '59999' } }).cost.seconds).toBe(quick);
  });

  it('more training images than there are: refused before any work, naming the limit', () => {
    expect(() => planRun('fashion-mnist', { set: { quick: 'false', trainSamples: '55000', epochs: '1', activations: 'relu', seeds: '0' } })).toThrow(/trainSamples .*at most 50000/);
  });

  it('a wrong data folder names the apt package', () => {
    expect(() => runExperiment('fashion-mnist', { set: { ...QUICK, data: '/nonexistent/fashion' } })).toThrow(DatasetMissingError);
    expect(() => runExperiment('fashion-mnist', { set: { ...QUICK, data: '/nonexistent/fashion' } })).toThrow(/apt-get install -y dataset-fashion-mnist/);
  });

  it('without a loader (a browser) the error names the apt package too', () => {
    setImageDatasetLoader(undefined);
    expect(() => runExperiment('fashion-mnist', { set: QUICK })).toThrow(/no data set loader .*apt-get install -y dataset-fashion-mnist/);
  });

  it('the CLI: --data DIR, one line and status 2 when it is wrong', () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
    const run = spawnSync(process.execPath, [BIN, 'run', 'fashion-mnist', '--data', '/nonexistent/fashion', '--set', 'quick=true'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^actlab: no data set folder \/nonexistent\/fashion; install Fashion-MNIST with `apt-get install -y dataset-fashion-mnist`/);
  });
});

describe('the CLI on worker threads', () => {
  it('trains the runs side by side (a formula too) and gives the one-thread result, run for run', () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
    const run = (threads: string) => {
      const argv = [BIN, 'run', 'fashion-mnist', '--threads', threads, '--json', '--set', 'activations=relu,max(z, 0.1*z),tanh', '--set', 'seeds=0', '--set', 'hidden=16', '--set', 'epochs=2', '--set', 'timing=false'];
      const outcome = spawnSync(process.execPath, argv, { encoding: 'utf8' });
      expect(outcome.status, outcome.stderr).toBe(0);
      return JSON.parse(outcome.stdout) as { result: FashionMnistResult };
    };
    const two = run('2');
    expect(two.result.runs.map((r) => r.activation)).toEqual(['relu', 'max(z, 0.1*z)', 'tanh']);
    expect(two).toEqual(run('1'));
  }, 120_000);
});

describe('the trainer interface', () => {
  it('snapshot and restore give back the same model', () => {
    const data = loadFashionMnistCached();
    const batch = { images: data.train.images.subarray(0, 784 * 256), labels: data.train.labels.subarray(0, 256) };
    const model = engineTrainer.create({ inputs: 784, hidden: [16], classes: 10, activation: 'selu', learningRate: 1e-3 }, 7);
    const before = model.evaluate(batch);
    const saved = model.snapshot();
    const stats = model.trainEpoch(batch, { batchSize: 64, learningRate: 1e-3 });
    expect(stats.deadFractions).toHaveLength(1);
    expect(model.evaluate(batch).loss).not.toBe(before.loss);
    model.restore(saved);
    expect(model.evaluate(batch)).toEqual(before);
  });

  it('initialises as the advisor chooses, and trains a formula activation too', () => {
    expect(hiddenInit('relu')).toMatchObject({ scheme: 'he' });
    expect((hiddenInit('relu') as { gain: number }).gain).toBeCloseTo(Math.SQRT2, 10);
    expect(hiddenInit('selu')).toEqual({ scheme: 'lecun' });
    expect(hiddenInit('tanh')).toMatchObject({ scheme: 'xavier' });
    const data = loadFashionMnistCached();
    const batch = { images: data.train.images.subarray(0, 784 * 512), labels: data.train.labels.subarray(0, 512) };
    const model = engineTrainer.create({ inputs: 784, hidden: [32], classes: 10, activation: 'z*sigmoid(1.5*z)', learningRate: 1e-3 }, 1);
    const first = model.trainEpoch(batch, { batchSize: 64, learningRate: 1e-3 });
    for (let epoch = 0; epoch < 4; epoch++) model.trainEpoch(batch, { batchSize: 64, learningRate: 1e-3 });
    expect(model.evaluate(batch).loss).toBeLessThan(first.loss);
  });
});

describe('the report section', () => {
  it('quick: a section and the accuracy figure; a missing data set is a skipped section naming the apt package', () => {
    const task = reportTasks({ quick: true }).find((t) => t.experiment === 'fashion-mnist');
    expect(task?.set).toMatchObject({ quick: 'true', timing: 'false' });
    const section = runTask(task!, 'numpy', 42);
    expect(section.printout).toContain('Verdict (quick mode: this subset only):');
    const figures = assembleReport([section], 'numpy', 42).figures.map((f) => f.name);
    expect(figures).toContain('fashion_mnist_accuracy');
    setImageDatasetLoader(() => {
      throw new DatasetMissingError('/x', 'no data set folder /x; install Fashion-MNIST with `apt-get install -y dataset-fashion-mnist`');
    });
    const skipped = runTask(task!, 'numpy', 42);
    expect(skipped.result).toBeUndefined();
    expect(skipped.printout).toMatch(/^Skipped: .*apt-get install -y dataset-fashion-mnist/);
    expect(assembleReport([skipped], 'numpy', 42).figures.map((f) => f.name)).not.toContain('fashion_mnist_accuracy');
  }, 60_000);

  it('the reference numbers are the benchmark table’s', () => {
    expect(REFERENCE_ACCURACY).toMatchObject({ sklearnMlpLow: 0.87, sklearnMlpHigh: 0.88, mlp256_128_100: 0.8833 });
  });
});
