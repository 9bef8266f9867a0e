/**
 * Formulas in the lab: every experiment that takes activations runs a formula like a registered
 * activation (the same numbers, to a stated tolerance, for a formula equal to one), the MLP
 * engine trains a formula layer and passes the gradient check, the array kernels take formulas
 * on the TypeScript path, the cost estimates grow with a formula, and charts give a formula a
 * colour and a name of its own.
 *
 * Tolerances. A formula's f and f′ agree with the registry's to a few ULPs, not always to the
 * bit (different, equally exact, evaluation orders), so the simulations, which multiply hundreds
 * of f′ values per layer, agree to a relative 1e-13 (gradient flow, measured 4e-16; vanishing
 * gradient 9e-16) or 1e-9 (self-normalisation over 20 layers, measured 2e-14); a piecewise-linear
 * formula (`max(z, 0.1*z)`) trains to the same bits as leaky_relu (tolerance 1e-9 in loss).
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, formulaActivation, getElementwise, resolveParams, type ElementwiseActivation } from '../src/activations/index.js';
import type { DeadNeuronsResult } from '../src/experiments/dead-neurons.js';
import { cachedGain } from '../src/experiments/gaussian-layer.js';
import type { GradientFlowResult } from '../src/experiments/gradient-flow.js';
import { getExperiment, planRun, runExperiment } from '../src/experiments/index.js';
import type { SeluNormalisationResult } from '../src/experiments/selu-normalisation.js';
import { activationNanoseconds, NS_PER_ACTIVATION } from '../src/experiments/settings.js';
import type { VanishingGradientResult } from '../src/experiments/vanishing-gradient.js';
import type { XorRaceResult } from '../src/experiments/xor-race.js';
import { activationColour, colourByActivation, displayName, FORMULA_COLOURS, NEUTRAL } from '../src/figures/palette.js';
import { gradientFlowFigure } from '../src/figures/specs.js';
import { backward, forward, jsBackend } from '../src/kernels/index.js';
import { gradientCheck, Network, type Dense } from '../src/nn/index.js';
import { matrix } from '../src/nn/matrix.js';
import { PLAYGROUND_DEFAULTS, PlaygroundTrainer } from '../src/nn/playground.js';
import { createRng } from '../src/math/rng.js';
import { tfjsActivation } from '../src/tfjs/index.js';

/** max |a − b| / max(|a|, |b|, tiny) over two equally long lists. */
function maxRelative(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x === y) continue;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-300));
  }
  return worst;
}

describe('experiments run formulas', () => {
  it('gradient-flow: z*sigmoid(z) gives swish’s numbers (relative 1e-13), beside relu, from the same seed', () => {
    const set = { depths: '5,10,20,50', simulations: '20', units: '256' };
    const formula = runExperiment('gradient-flow', { seed: 7, set: { ...set, activations: 'relu,z*sigmoid(z)' } }).result as GradientFlowResult;
    const swish = runExperiment('gradient-flow', { seed: 7, set: { ...set, activations: 'relu,swish' } }).result as GradientFlowResult;
    const simulated = (r: GradientFlowResult, k: number) => r.rows.map((row) => row.simulated[k] as number);
    expect(simulated(formula, 0)).toEqual(simulated(swish, 0)); // relu: the same draws, the same bits
    const error = maxRelative(simulated(formula, 1), simulated(swish, 1));
    console.log(`gradient-flow z*sigmoid(z) vs swish: max relative difference of the simulated norms ${error.toExponential(2)}, of gain and χ ${maxRelative([...formula.gains, ...formula.chi], [...swish.gains, ...swish.chi]).toExponential(2)}`);
    expect(error).toBeLessThan(1e-13);
    expect(maxRelative([...formula.gains, ...formula.chi], [...swish.gains, ...swish.chi])).toBeLessThan(1e-13);
  });

  it("gradient-flow: a list with a formula's own commas, and its label in the report", () => {
    const { config, report } = runExperiment('gradient-flow', { set: { activations: 'relu,Leaky=max(z, 0.1*z)', depths: '5', simulations: '2', units: '64' } });
    expect(config.activations).toEqual(['relu', 'Leaky=max(z, 0.1*z)']);
    expect(report).toMatch(/Leaky: gain/);
    expect(report).not.toMatch(/Leaky=max/);
  });

  it('dead-neurons: max(z, 0.1*z) trains like leaky_relu with slope 0.1 (loss within 1e-9, the same dead fractions)', () => {
    const set = { parts: 'training', epochs: '40', samples: '128', hidden: '16,16', leakySlope: '0.1', strategies: 'zero_bias,negative_bias' };
    const formula = runExperiment('dead-neurons', { seed: 3, set: { ...set, activations: 'max(z,0.1*z)' } }).result as DeadNeuronsResult;
    const leaky = runExperiment('dead-neurons', { seed: 3, set: { ...set, activations: 'leaky_relu' } }).result as DeadNeuronsResult;
    const runs = (r: DeadNeuronsResult) => r.training?.runs ?? [];
    expect(runs(formula)).toHaveLength(2);
    const lossDifference = Math.max(...runs(formula).map((run, k) => Math.abs(run.finalLoss - runs(leaky)[k]!.finalLoss)));
    console.log(`dead-neurons max(z,0.1*z) vs leaky_relu(0.1), 40 epochs: largest final-loss difference ${lossDifference.toExponential(2)}`);
    for (const [k, run] of runs(formula).entries()) {
      const other = runs(leaky)[k]!;
      expect(run.finalDead).toEqual(other.finalDead);
      expect(Math.abs(run.finalLoss - other.finalLoss)).toBeLessThan(1e-9);
      expect(run.finalAccuracy).toBe(other.finalAccuracy);
    }
  });

  it('selu-normalisation: SELU written as a formula keeps SELU’s mean and variance (relative 1e-9)', () => {
    const selu = '1.0507009873554805*where(z > 0, z, 1.6732632423543772*expm1(z))';
    const set = { layers: '20', units: '256' };
    const formula = runExperiment('selu-normalisation', { seed: 5, set: { ...set, pairs: `${selu}:lecun` } }).result as SeluNormalisationResult;
    const registry = runExperiment('selu-normalisation', { seed: 5, set: { ...set, pairs: 'selu:lecun' } }).result as SeluNormalisationResult;
    const a = formula.series[0]!;
    const b = registry.series[0]!;
    const error = maxRelative([...a.means, ...a.variances], [...b.means, ...b.variances]);
    console.log(`selu-normalisation SELU as a formula vs selu, 20 layers: max relative difference ${error.toExponential(2)}`);
    expect(error).toBeLessThan(1e-9);
  });

  it('vanishing-gradient: 1/(1+exp(-z)) vanishes like sigmoid (relative 1e-12)', () => {
    const formula = runExperiment('vanishing-gradient', { seed: 2, set: { activation: '1/(1+exp(-z))' } });
    const registry = runExperiment('vanishing-gradient', { seed: 2, set: { activation: 'sigmoid' } });
    const norms = (r: unknown) => (r as VanishingGradientResult).layers.map((l) => l.norm);
    const error = maxRelative(norms(formula.result), norms(registry.result));
    console.log(`vanishing-gradient 1/(1+exp(-z)) vs sigmoid: max relative difference ${error.toExponential(2)}`);
    expect(error).toBeLessThan(1e-12);
    expect(formula.report).toContain('through 1/(1+exp(-z)) network');
  });

  it('xor-race: a formula races relu from the same seeds, and learns', () => {
    const { result, report } = runExperiment('xor-race', { set: { activations: 'relu,Mine=z*sigmoid(1.5*z)', seeds: '0-4', epochs: '3000' } });
    const [relu, mine] = (result as XorRaceResult).stats;
    expect(relu?.activation).toBe('relu');
    expect(mine?.activation).toBe('Mine=z*sigmoid(1.5*z)');
    expect(mine?.convergedFraction).toBeGreaterThanOrEqual(0.8);
    expect(report).toMatch(/^Mine +converged/m);
  });

  it('linear-collapse and transformer-ffn take formulas', () => {
    expect(runExperiment('linear-collapse', { set: { compare: 'relu,My leaky=max(z,0.1*z)', epochs: '200' } }).report).toMatch(/hidden My leaky +final loss/);
    const ffn = runExperiment('transformer-ffn', { set: { activations: 'Mine=z*tanh(softplus(z))', gated: 'none', tokens: '8', dModel: '16', dFF: '32' } });
    expect(ffn.report).toContain('Mine');
  });

  it('cost estimates grow with a formula, and stay finite', () => {
    expect(activationNanoseconds('swish')).toBe(NS_PER_ACTIVATION);
    expect(activationNanoseconds('z*sigmoid(z)')).toBeGreaterThan(NS_PER_ACTIVATION);
    expect(activationNanoseconds('gelu(z)+elu(z)+swish(z)+mish(z)')).toBeGreaterThan(activationNanoseconds('z*sigmoid(z)'));
    for (const [id, set] of [
      ['gradient-flow', { activations: 'relu,z*sigmoid(z)' }],
      ['dead-neurons', { activations: 'relu,max(z,0.1*z)' }],
      ['xor-race', { activations: 'relu,z*sigmoid(z)' }],
      ['selu-normalisation', { pairs: 'relu:he,z*sigmoid(z):gain' }],
      ['vanishing-gradient', { activation: 'z*sigmoid(z)' }],
      ['linear-collapse', { compare: 'relu,z*sigmoid(z)' }],
      ['transformer-ffn', { activations: 'relu,z*sigmoid(z)' }],
    ] as const) {
      const registryList = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, v.replace('z*sigmoid(z)', 'swish').replace('max(z,0.1*z)', 'leaky_relu')]));
      const withFormula = planRun(id, { set }).cost.seconds;
      const withRegistry = planRun(id, { set: registryList }).cost.seconds;
      expect(Number.isFinite(withFormula), id).toBe(true);
      expect(withFormula, id).toBeGreaterThan(withRegistry);
    }
  });

  it('the gain of a formula comes from the same quadrature as the registry’s, and is cached', () => {
    const formula = getElementwise('z*tanh(softplus(z))');
    const mish = getElementwise('mish');
    const g = cachedGain(formula, {});
    expect(Math.abs(g.gain - cachedGain(mish, {}).gain) / g.gain).toBeLessThan(1e-13);
    expect(g.pytorch).toBeUndefined();
    expect(cachedGain(formula, {})).toBe(g);
  });

  it('gradient-flow refuses, before it starts, a formula whose gain the analysis cannot compute; z + sin(z)^2 has snake’s', () => {
    expect(() => planRun('gradient-flow', { set: { activations: 'relu,where(z > 0, z, expm1(z)) + 0.1*sin(z)^2' } })).toThrow(/no limit as z → −∞/);
    const snake = runExperiment('gradient-flow', { set: { activations: 'z + sin(z)^2,snake', depths: '5', simulations: '2', units: '32' } }).result as GradientFlowResult;
    expect(Math.abs(snake.gains[0]! - snake.gains[1]!) / snake.gains[1]!).toBeLessThan(1e-12);
  });

  it('settings describe formulas, and refuse a bad one with its column', () => {
    expect(getExperiment('gradient-flow').settings.activations?.entries).toMatch(/formulas in z/);
    expect(() => planRun('gradient-flow', { set: { activations: 'relu,max(z,0.1*z' } })).toThrow(/missing "\)" at 12/);
  });
});

describe('the MLP engine and the kernels take formulas', () => {
  it('a Dense layer with a formula trains, and back-propagation agrees with central differences to 1e-6', () => {
    const random = createRng('default', 11);
    const network = new Network({ inputs: 3, layers: [{ units: 5, activation: 'z*tanh(softplus(z))' }, { units: 4, activation: 'My=where(z > 0, z, expm1(z))' }, { units: 2 }], loss: 'mse' }, random);
    expect((network.layers[0] as Dense).activation.family).toBe('formula');
    const x = matrix(8, 3);
    const y = matrix(8, 2);
    for (let i = 0; i < x.data.length; i++) x.data[i] = random.normal();
    for (let i = 0; i < y.data.length; i++) y.data[i] = random.normal();
    const check = gradientCheck(network, x, y, { step: 1e-6 });
    console.log(`gradient check of a formula network: relative error ${check.relativeError.toExponential(2)}`);
    expect(check.relativeError).toBeLessThan(1e-6);
  });

  it('the Playground races a formula against relu from the same seed: both learn, the formula like swish', () => {
    const race = (activation: string) => {
      const trainer = new PlaygroundTrainer({ ...PLAYGROUND_DEFAULTS, dataset: 'xor', hidden: [4, 4], activations: [activation, activation], seed: 9 });
      const before = trainer.losses().train;
      trainer.step(150);
      return { before, after: trainer.losses().train, accuracy: trainer.accuracies().test };
    };
    const relu = race('relu');
    const formula = race('z*sigmoid(z)');
    const swish = race('swish');
    console.log(`Playground xor, 150 epochs, seed 9: relu loss ${relu.before.toFixed(3)} → ${relu.after.toFixed(3)}, z*sigmoid(z) ${formula.before.toFixed(3)} → ${formula.after.toFixed(3)} (swish ${swish.after.toFixed(3)})`);
    for (const run of [relu, formula]) {
      expect(run.after).toBeLessThan(run.before / 2);
      expect(run.accuracy).toBeGreaterThan(0.85);
    }
    expect(Math.abs(formula.after - swish.after)).toBeLessThan(1e-6);
  });

  it('forward and backward run a formula on the TypeScript path, float64 and float32', () => {
    const formula = getElementwise('z*tanh(softplus(z))');
    for (const Type of [Float64Array, Float32Array]) {
      const x = new Type(1000);
      const g = new Type(1000).fill(0.5);
      for (let i = 0; i < x.length; i++) x[i] = (i - 500) / 50;
      const viaForward = forward(formula, x);
      const viaName = forward('z*tanh(softplus(z))', x);
      const plain = new Type(x.length);
      jsBackend.forward(formula, {}, x, plain);
      expect(viaForward).toEqual(plain);
      expect(viaName).toEqual(plain);
      const { gradIn } = backward(formula, x, g);
      const plainGrad = new Type(x.length);
      jsBackend.backward(formula, {}, x, g, plainGrad);
      expect(gradIn).toEqual(plainGrad);
      // against the registry's mish: a few float64 ULPs, so equal after rounding to float32
      const mish = forward('mish', Float64Array.from(x));
      expect(maxRelative(Array.from(viaForward), Array.from(Type === Float32Array ? mish.map(Math.fround) : mish))).toBeLessThan(Type === Float32Array ? 1.2e-7 : 1e-14);
    }
  });
});

it('TF.js: tfjsActivation takes a formula; its forward and gradient are mish’s in float32 (1 ULP)', async () => {
  let tf: typeof import('@tensorflow/tfjs');
  try {
    tf = await import('@tensorflow/tfjs');
  } catch (cause) {
    throw new Error('this test needs @tensorflow/tfjs (a devDependency of actlab): run npm install', { cause });
  }
  await tf.setBackend('cpu');
  const x = tf.tensor([-3, -0.5, 0.5, 2]);
  const formula = tfjsActivation(tf, 'z*tanh(softplus(z))');
  const mish = tfjsActivation(tf, 'mish');
  const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 1.2e-7 * Math.abs(b[i]!));
  expect(close(formula(x).arraySync() as number[], mish(x).arraySync() as number[])).toBe(true);
  const grad = (op: typeof formula) => tf.grad((t: import('@tensorflow/tfjs').Tensor) => op(t).sum())(x).arraySync() as number[];
  expect(close(grad(formula), grad(mish))).toBe(true);
});

it('a formula is never given a WebAssembly kernel, and splits across worker threads with the same bits', async () => {
  const { wasmBackend } = await import('../src/kernels/index.js');
  const formula = getElementwise('z*sigmoid(z)');
  const x = Float32Array.from({ length: 4096 }, (_, i) => (i - 2048) / 256);
  const viaWasm = new Float32Array(x.length);
  const viaJs = new Float32Array(x.length);
  wasmBackend.forward(formula, {}, x, viaWasm); // no descriptor: the TypeScript loop, no error
  jsBackend.forward(formula, {}, x, viaJs);
  expect(viaWasm).toEqual(viaJs);
  // Worker threads run the build (dist/): the worker rebuilds the formula from its id.
  const DIST = new URL('../dist/', import.meta.url);
  const { enableMatmulThreads } = (await import(new URL('node/threads.js', DIST).href)) as typeof import('../src/node/threads.js');
  const { forwardSplit, setForwardSplitter } = (await import(new URL('kernels/parallel.js', DIST).href)) as typeof import('../src/kernels/parallel.js');
  // The build's own registry, with its formula reader (what the package's entry points install).
  await import(new URL('formula/install.js', DIST).href);
  const dist = (await import(new URL('activations/index.js', DIST).href)) as typeof import('../src/activations/index.js');
  const kernels = (await import(new URL('kernels/index.js', DIST).href)) as typeof import('../src/kernels/index.js');
  const definition = dist.getElementwise('My mish=z*tanh(softplus(z))');
  const big = Float64Array.from({ length: (1 << 18) + 5 }, (_, i) => Math.sin(i) * 5);
  const one = kernels.forward(definition, big);
  enableMatmulThreads(2);
  const installed = setForwardSplitter(undefined);
  let split = false;
  setForwardSplitter((...args) => (split = installed?.(...args) ?? false));
  const two = forwardSplit(definition, big, new Float64Array(big.length), {});
  enableMatmulThreads(1);
  expect(split).toBe(true);
  expect(Array.from(two)).toEqual(Array.from(one));
}, 60_000);

describe('charts: a formula’s colour and name', () => {
  const registryColours = new Set(ACTIVATIONS.map((a) => activationColour(a.id)));

  it('a formula has a stable colour no registered activation has, and its label or expression as its name', () => {
    const colour = activationColour('z*tanh(softplus(z))');
    expect(FORMULA_COLOURS).toContain(colour);
    expect(registryColours.has(colour)).toBe(false);
    expect(activationColour('z*tanh(softplus(z))')).toBe(colour);
    expect(activationColour('z*sigmoid(1.5*z')).toBe(NEUTRAL); // not a formula: unparsable
    expect(displayName('My swish=z*sigmoid(1.5*z)')).toBe('My swish');
    expect(displayName('z*sigmoid(1.5*z)')).toBe('z*sigmoid(1.5*z)');
    for (const colour of FORMULA_COLOURS) expect(registryColours.has(colour)).toBe(false);
    expect(new Set(FORMULA_COLOURS).size).toBe(FORMULA_COLOURS.length);
  });

  it('formulas in one chart never share a colour', () => {
    const ids = Array.from({ length: FORMULA_COLOURS.length }, (_, k) => `z*sigmoid(${k + 1}*z)`);
    const encoding = colourByActivation(['relu', ...ids]) as { scale: { domain: string[]; range: string[] } };
    expect(new Set(encoding.scale.range).size).toBe(ids.length + 1);
    expect(encoding.scale.domain).toEqual(['ReLU', ...ids]);
  });

  it('the gradient-flow figure draws a labelled formula under its label, in its colour', () => {
    const { result } = runExperiment('gradient-flow', { set: { activations: 'relu,My swish=z*sigmoid(1.5*z)', depths: '5,10', simulations: '2', units: '32' } });
    const text = JSON.stringify(gradientFlowFigure(result as GradientFlowResult));
    expect(text).toContain('"My swish"');
    expect(text).toContain(activationColour('My swish=z*sigmoid(1.5*z)'));
  });
});

/** A formula built with a name: the legend's name, the same function. */
it('formulaActivation names a formula; resolveParams takes no parameters for it', () => {
  const named: ElementwiseActivation = formulaActivation('z*sigmoid(1.5*z)', { name: 'Mine' });
  expect(named.name).toBe('Mine');
  expect(resolveParams(named, {})).toEqual({});
});

it('selu-normalisation pairs read the init after the last colon, so a formula label may hold one', () => {
  const labelled = runExperiment('selu-normalisation', { set: { pairs: 'a:b=z*tanh(softplus(z)):he,relu:he', layers: '3', units: '16' } });
  const plain = runExperiment('selu-normalisation', { set: { pairs: 'z*tanh(softplus(z)):he,relu:he', layers: '3', units: '16' } });
  expect(labelled.report).toContain('a:b');
  expect(JSON.stringify(labelled.result).replaceAll('a:b=', '')).toBe(JSON.stringify(plain.result));
  // a formula with no init takes the gain; a registered name with an unknown init is refused
  expect(() => runExperiment('selu-normalisation', { set: { pairs: 'a:b=z', layers: '2', units: '8' } })).not.toThrow();
  expect(() => planRun('selu-normalisation', { set: { pairs: 'relu:bogus' } })).toThrow(/activation:init with init one of/);
});
