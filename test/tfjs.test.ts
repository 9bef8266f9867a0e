/**
 * actlab/tfjs: actlab activations as TF.js ops and layers. On TF.js's cpu backend:
 * the op's values and tf.grad gradients are actlab's own forward/backward bits for every
 * activation (and within the kernels' float32 tolerance of the mpmath fixtures), parameters
 * are honoured, bad input gives typed errors, a small model trains through the layer and
 * serialises; and where TF.js's own ops are off (tanh′ tails, its GELU), measured against the
 * same fixtures.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, getActivation, resolveParams, type ElementwiseActivation, type VectorActivation } from '../src/activations/index.js';
import { InvalidArgumentError, InvalidParameterError, ShapeError, UnknownActivationError, UnsupportedOperationError } from '../src/errors.js';
import { backward, forward } from '../src/kernels/index.js';
import { createRng } from '../src/math/rng.js';
import { TFJS_LAYER_CLASS_NAME, tfjsActivation, tfjsActivationLayer, tfjsActivationLayerClass } from '../src/tfjs/index.js';
import { loadPoints, loadScalarCases, ulpError, type Reference } from './support/fixtures.js';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;

let tf: Tf;
beforeAll(async () => {
  try {
    tf = await import('@tensorflow/tfjs');
  } catch (cause) {
    throw new Error('test/tfjs.test.ts needs @tensorflow/tfjs (a devDependency of actlab): run npm install', { cause });
  }
  await tf.setBackend('cpu');
});

const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const VECTOR = ACTIVATIONS.filter((a): a is VectorActivation => a.kind === 'vector');

/** Indices of the fixture points that are float32 numbers (so a float32 tensor holds them exactly). */
const POINTS = loadPoints();
const FLOAT32_INDICES = POINTS.map((z, i) => [z, i] as const).filter(([z]) => Object.is(Math.fround(z), z)).map(([, i]) => i);
const X32 = Float32Array.from(FLOAT32_INDICES, (i) => POINTS[i] as number);
const CASES = loadScalarCases();

/** Same bits, NaN equal to NaN, +0 distinct from −0. */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function seededFloat32(n: number, seed: number, scale = 1): Float32Array {
  return createRng('default', seed).fillNormal(new Float32Array(n), scale);
}

/** Largest float32 ULP error of `values` against references picked by FLOAT32_INDICES. */
function maxUlp(values: ArrayLike<number>, refs: readonly Reference[], keep: (z: number) => boolean = () => true): { ulp: number; at: number } {
  let worst = { ulp: 0, at: NaN };
  FLOAT32_INDICES.forEach((pointIndex, i) => {
    const z = X32[i] as number;
    if (!keep(z)) return;
    const error = ulpError(values[i] as number, refs[pointIndex] as Reference, 'float32');
    if (error > worst.ulp) worst = { ulp: error, at: z };
  });
  return worst;
}

/** Largest relative error |v − exact|/|exact| (where exact ≠ 0 and finite). */
function maxRelative(values: ArrayLike<number>, refs: readonly Reference[], keep: (z: number) => boolean = () => true): { relative: number; at: number } {
  let worst = { relative: 0, at: NaN };
  FLOAT32_INDICES.forEach((pointIndex, i) => {
    const z = X32[i] as number;
    const ref = refs[pointIndex] as Reference;
    if (!keep(z) || ref.hi === 0 || !Number.isFinite(ref.hi) || Math.abs(ref.hi) < 1.1754943508222875e-38) return;
    const relative = Math.abs((values[i] as number) - ref.hi) / Math.abs(ref.hi);
    if (relative > worst.relative) worst = { relative, at: z };
  });
  return worst;
}

function data(t: Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

describe('tfjsActivation: values and gradients are actlab’s', () => {
  it.each(ELEMENTWISE.map((a) => a.id))('%s: forward and tf.grad give forward/backward’s bits, within the kernels’ tolerance of mpmath', (id) => {
    const op = tfjsActivation(tf, id);
    const specials = Float32Array.of(NaN, Infinity, -Infinity, 0, -0);
    const x = new Float32Array(X32.length + specials.length);
    x.set(X32);
    x.set(specials, X32.length);
    const dy = seededFloat32(x.length, 7);
    const xt = tf.tensor(x);
    const y = data(op(xt));
    const grad = data(tf.grad(op)(xt));
    const gradDy = data(tf.grad(op)(xt, tf.tensor(dy)));
    expect(sameBits(y, forward(id, x))).toBe(true);
    expect(sameBits(grad, backward(id, x, new Float32Array(x.length).fill(1)).gradIn)).toBe(true);
    expect(sameBits(gradDy, backward(id, x, dy).gradIn)).toBe(true);
    // Bound to the definition, not only to the kernels: the mpmath references of f and f′.
    const fixture = CASES.find((c) => c.name === id);
    expect(fixture, `fixture ${id}.json`).toBeDefined();
    expect(maxUlp(y, fixture!.f).ulp).toBeLessThanOrEqual(2);
    expect(maxUlp(grad, fixture!.df).ulp).toBeLessThanOrEqual(4);
  });

  it('the second derivative (tf.grad of tf.grad) is f″ of the definition; a third one is refused', () => {
    const x = Float32Array.of(-30, -5, -1.5, -0.25, 0.5, 1, 3, 12);
    for (const id of ['gelu', 'tanh', 'softplus', 'elu', 'mish', 'sigmoid']) {
      const definition = getActivation(id) as ElementwiseActivation;
      const op = tfjsActivation(tf, id);
      const second = data(tf.grad(tf.grad(op))(tf.tensor(x)));
      const values = resolveParams(definition);
      expect(sameBits(second, Float32Array.from(x, (z) => definition.d2f(z, values))), id).toBe(true);
    }
    const gelu = tfjsActivation(tf, 'gelu');
    expect(() => tf.grad(tf.grad(tf.grad(gelu)))(tf.tensor([1]))).toThrow(UnsupportedOperationError);
  });

  it.each(VECTOR.map((a) => a.id))('%s: along the last axis, values and the vector–Jacobian product are forward/backward’s', (id) => {
    const definition = getActivation(id) as VectorActivation;
    const [rows, n] = [3, 8];
    const x = seededFloat32(rows * n, 11, 3);
    const out = definition.outputLength(n);
    const dy = seededFloat32(rows * out, 13);
    const op = tfjsActivation(tf, id);
    const xt = tf.tensor(x, [rows, n]);
    const y = op(xt);
    expect(y.shape).toEqual([rows, out]);
    expect(sameBits(data(y), forward(id, x, { rowLength: n }))).toBe(true);
    expect(sameBits(data(tf.grad(op)(xt, tf.tensor(dy, [rows, out]))), backward(id, x, dy, { rowLength: n }).gradIn)).toBe(true);
    // A rank-3 tensor is rows of its last axis too.
    expect(sameBits(data(op(tf.tensor(x, [1, rows, n]))), forward(id, x, { rowLength: n }))).toBe(true);
    expect(() => tf.grad(tf.grad((t: Tensor) => op(t).sum()))(xt)).toThrow(UnsupportedOperationError);
  });

  it('leaks no tensors: inside tf.tidy, the op and its first and second gradients leave nothing behind', () => {
    const x = tf.tensor([-2, -0.5, 0, 1, 3, 7]);
    const before = tf.memory().numTensors;
    for (const id of ['gelu', 'softmax', 'swiglu']) {
      const op = tfjsActivation(tf, id);
      tf.tidy(() => {
        op(x);
        tf.grad((t: Tensor) => op(t).sum())(x);
        if (id === 'gelu') tf.grad(tf.grad(op))(x);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('honours parameters (every fixture case with non-default ones) and aliases', () => {
    const withParams = CASES.filter((c) => c.name.includes('@'));
    expect(withParams.length).toBeGreaterThanOrEqual(12);
    const xt = tf.tensor(X32);
    for (const c of withParams) {
      const op = tfjsActivation(tf, c.id, c.params);
      const y = data(op(xt));
      const grad = data(tf.grad(op)(xt));
      expect(sameBits(y, forward(c.id, X32, { params: c.params })), c.name).toBe(true);
      expect(sameBits(grad, backward(c.id, X32, new Float32Array(X32.length).fill(1), { params: c.params }).gradIn), c.name).toBe(true);
      expect(maxUlp(y, c.f).ulp, c.name).toBeLessThanOrEqual(2);
      expect(maxUlp(grad, c.df).ulp, c.name).toBeLessThanOrEqual(4);
      // The parameters change the values: the default op differs somewhere.
      expect(sameBits(y, data(tfjsActivation(tf, c.id)(xt))), c.name).toBe(false);
    }
    expect(sameBits(data(tfjsActivation(tf, 'silu')(xt)), data(tfjsActivation(tf, 'swish')(xt)))).toBe(true);
    expect(sameBits(data(tfjsActivation(tf, 'Leaky-ReLU', { negative_slope: 0.2 })(xt)), forward('leaky_relu', X32, { params: { negative_slope: 0.2 } }))).toBe(true);
    expect(tfjsActivation(tf, 'gelu').name).toBe('gelu');
  });
});

describe('tf is passed in', () => {
  it('actlab/tfjs never imports TF.js at run time (only the tf given is used)', () => {
    const source = readFileSync(new URL('../src/tfjs/index.ts', import.meta.url), 'utf8');
    const imports = source.match(/^import[^;]*;/gm) ?? [];
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).not.toMatch(/@tensorflow/);
  });

  it('works with the @tensorflow/tfjs-core namespace and a backend (no tf.layers needed for the op)', async () => {
    const core = await import('@tensorflow/tfjs-core');
    const gelu = tfjsActivation(core, 'gelu');
    const x = core.tensor([-1, 0, 1]);
    expect(sameBits(gelu(x).dataSync() as Float32Array, forward('gelu', Float32Array.of(-1, 0, 1)))).toBe(true);
    expect(sameBits(core.grad(gelu)(x).dataSync() as Float32Array, backward('gelu', Float32Array.of(-1, 0, 1), Float32Array.of(1, 1, 1)).gradIn)).toBe(true);
  });
});

describe('tfjsActivation: typed errors name what is allowed', () => {
  it('refuses what is not a TF.js namespace', () => {
    for (const bad of [undefined, null, {}, 42, { Tensor: class {}, tensor: () => 0 }]) {
      expect(() => tfjsActivation(bad as unknown as Tf, 'relu')).toThrow(InvalidArgumentError);
    }
    expect(() => tfjsActivation({} as unknown as Tf, 'relu')).toThrow(/tf must be the TensorFlow\.js namespace \(import \* as tf from '@tensorflow\/tfjs' or '@tensorflow\/tfjs-core'\).*got an object/);
    // tfjs-core alone (no tf.layers): the op works, the layer says what to import.
    const core = { Tensor: tf.Tensor, customGrad: tf.customGrad, tensor: tf.tensor };
    expect(data(tfjsActivation(core, 'relu')(tf.tensor([-1, 2])))).toEqual(Float32Array.of(0, 2));
    expect(() => tfjsActivationLayer(core as unknown as Tf, 'relu')).toThrow(/tfjsActivationLayer: tf must be a TensorFlow\.js namespace with layers \(import \* as tf from '@tensorflow\/tfjs'/);
  });

  it('refuses unknown activations and bad parameters (the registry’s errors)', () => {
    expect(() => tfjsActivation(tf, 'rleu')).toThrow(UnknownActivationError);
    expect(() => tfjsActivation(tf, 'rleu')).toThrow(/did you mean "relu"/);
    expect(() => tfjsActivation(tf, 42 as unknown as string)).toThrow(InvalidArgumentError);
    expect(() => tfjsActivation(tf, 'elu', { alpha: -1 })).toThrow(InvalidParameterError);
    expect(() => tfjsActivation(tf, 'elu', { alpha: -1 })).toThrow('elu: alpha must be a finite number > 0, got -1');
    expect(() => tfjsActivation(tf, 'leaky_relu', { slope: 0.2 })).toThrow(/parameter name must be one of: negative_slope, got "slope"/); // (TF.js's alpha is accepted: same meaning)
    expect(() => tfjsActivation(tf, 'elu', 'big' as unknown as Record<string, number>)).toThrow(InvalidArgumentError);
    expect(() => tfjsActivationLayer(tf, 'elu', { alpha: Number.NaN })).toThrow(InvalidParameterError);
    expect(() => tfjsActivationLayer(tf, 'nope')).toThrow(UnknownActivationError);
  });

  it('refuses non-tensors and tensors of another dtype, saying how to convert', () => {
    const relu = tfjsActivation(tf, 'relu');
    const call = (x: unknown) => () => relu(x as Tensor);
    expect(call(Float32Array.of(1))).toThrow(/tfjsActivation\(relu\): x must be a float32 tf\.Tensor of the tf passed in, got Float32Array\(1\) \(wrap it with tf\.tensor\(x\)\)/);
    expect(call([1, 2])).toThrow(InvalidArgumentError);
    expect(call({ dataSync: () => [1], dtype: 'float32', shape: [1] })).toThrow(/a tensor of another copy of TF\.js: pass that copy as tf/);
    expect(call(3)).toThrow(InvalidArgumentError);
    expect(call(tf.tensor([1, 2], [2], 'int32'))).toThrow(/this one is int32: convert it with tf\.cast\(x, 'float32'\)/);
    expect(call(tf.tensor([true], [1], 'bool'))).toThrow(InvalidArgumentError);
    try {
      relu(tf.tensor([1], [1], 'int32'));
    } catch (error) {
      expect((error as InvalidArgumentError).code).toBe('INVALID_ARGUMENT');
    }
  });

  it('refuses shapes a vector activation cannot take', () => {
    expect(() => tfjsActivation(tf, 'softmax')(tf.scalar(1))).toThrow(ShapeError);
    expect(() => tfjsActivation(tf, 'glu')(tf.zeros([2, 3]))).toThrow(/glu.*even.*last axis of a tensor of shape \[2, 3\]/);
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [2], units: 5 }));
    expect(() => model.add(tfjsActivationLayer(tf, 'swiglu'))).toThrow(ShapeError);
    // Empty tensors stay empty, with the output's shape.
    expect(tfjsActivation(tf, 'swiglu')(tf.zeros([0, 4])).shape).toEqual([0, 2]);
    expect(tfjsActivation(tf, 'gelu')(tf.zeros([0])).shape).toEqual([0]);
  });
});

describe('tfjsActivationLayer', () => {
  /** y = sin(2·x₀) + x₁², 64 seeded samples. */
  function dataset(): { xs: Tensor; ys: Tensor } {
    const x = createRng('default', 2026).fillUniform(new Float32Array(128)).map((u) => 2 * u - 1);
    const y = new Float32Array(64);
    for (let i = 0; i < 64; i++) y[i] = Math.sin(2 * (x[2 * i] as number)) + (x[2 * i + 1] as number) ** 2;
    return { xs: tf.tensor(x, [64, 2]), ys: tf.tensor(y, [64, 1]) };
  }

  async function trainLoss(id: string, units: number, epochs: number): Promise<{ before: number; after: number; model: import('@tensorflow/tfjs').Sequential }> {
    const { xs, ys } = dataset();
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [2], units, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
    model.add(tfjsActivationLayer(tf, id));
    model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const before = (model.evaluate(xs, ys) as Tensor).dataSync()[0] as number;
    await model.fit(xs, ys, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
    const after = (model.evaluate(xs, ys) as Tensor).dataSync()[0] as number;
    return { before, after, model };
  }

  it('trains a small model (dense → gelu → dense): the loss falls, and the layer computes actlab’s forward', async () => {
    const { before, after, model } = await trainLoss('gelu', 16, 40);
    console.log(`tfjs: training loss with the actlab gelu layer ${before.toPrecision(4)} → ${after.toPrecision(4)} (40 epochs)`);
    expect(after).toBeLessThan(0.2 * before);
    const { xs } = dataset();
    const hidden = model.layers[0]!.apply(xs) as Tensor;
    const activated = model.layers[1]!.apply(hidden) as Tensor;
    expect(activated.shape).toEqual([64, 16]);
    expect(sameBits(data(activated), forward('gelu', data(hidden)))).toBe(true);
  });

  it('trains through a gated layer (dense 16 → swiglu 8 → dense)', async () => {
    const { before, after, model } = await trainLoss('swiglu', 16, 40);
    console.log(`tfjs: training loss with the actlab swiglu layer ${before.toPrecision(4)} → ${after.toPrecision(4)} (40 epochs)`);
    expect(after).toBeLessThan(0.2 * before);
    expect(model.layers[1]!.outputShape).toEqual([null, 8]);
  });

  it('serialises: config, save and load give the same predictions', async () => {
    const layer = tfjsActivationLayer(tf, 'Leaky-ReLU', { negative_slope: 0.2 }, { name: 'act' });
    expect(layer.activation).toBe('leaky_relu');
    expect(layer.getConfig()).toMatchObject({ name: 'act', activation: 'leaky_relu', params: { negative_slope: 0.2 } });
    expect(layer.getClassName()).toBe(TFJS_LAYER_CLASS_NAME);
    expect(tfjsActivationLayerClass(tf)).toBe(layer.constructor);
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4 }), layer, tf.layers.dense({ units: 2 })] });
    let saved: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.tensor(seededFloat32(15, 3), [5, 3]);
    expect(sameBits(data(loaded.predict(x) as Tensor), data(model.predict(x) as Tensor))).toBe(true);
    expect(loaded.layers[1]!.getConfig()).toMatchObject({ activation: 'leaky_relu', params: { negative_slope: 0.2 } });
  });

  it('every activation and parameter name survives TF.js’s camel-casing of a loaded config', async () => {
    for (const definition of ACTIVATIONS) {
      const params = Object.fromEntries(Object.entries(definition.params).map(([name, spec]) => [name, spec.default]));
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 8 }), tfjsActivationLayer(tf, definition.id, params)] });
      const loaded = await tf.models.modelFromJSON(model.toJSON(null, false) as import('@tensorflow/tfjs').io.ModelJSON['modelTopology']);
      expect(loaded.layers[1]!.getConfig(), definition.id).toMatchObject({ activation: definition.id, params });
    }
  });
});

describe('where TF.js’s built-ins are off (cpu backend, against the mpmath fixtures)', () => {
  const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;
  const fixture = (name: string) => CASES.find((c) => c.name === name)!;
  const within = (lo: number, hi: number) => (z: number) => Math.abs(z) >= lo && Math.abs(z) <= hi;
  const finite = (z: number) => Number.isFinite(z) && Math.abs(z) < 1e30;
  /** The fixture's exact value at the i-th float32 point. */
  const exactAt = (refs: readonly Reference[], i: number) => (refs[FLOAT32_INDICES[i]!] as Reference).hi;

  /** Largest absolute error over the points `keep` selects. */
  function maxAbsolute(values: ArrayLike<number>, refs: readonly Reference[], keep: (z: number) => boolean): { absolute: number; at: number } {
    let worst = { absolute: 0, at: NaN };
    for (let i = 0; i < X32.length; i++) {
      if (!keep(X32[i] as number)) continue;
      const absolute = Math.abs((values[i] as number) - exactAt(refs, i));
      if (absolute > worst.absolute) worst = { absolute, at: X32[i] as number };
    }
    return worst;
  }

  it('tanh′: tf.grad(tf.tanh) is 1 − tanh² in float32, which cancels for |z| ≳ 2 and is 0 from |z| ≈ 9; actlab’s is within 4 ULP everywhere', () => {
    const ref = fixture('tanh').df;
    const xt = tf.tensor(X32);
    const builtin = data(tf.grad((t: Tensor) => tf.tanh(t))(xt));
    const ours = data(tf.grad(tfjsActivation(tf, 'tanh'))(xt));
    const oursUlp = maxUlp(ours, ref, finite);
    const middle = maxRelative(builtin, ref, within(2, 9));
    const low = maxRelative(builtin, ref, within(2, 5));
    const oursMiddle = maxRelative(ours, ref, within(2, 9));
    // Where tanh rounds to ±1 in float32 the built-in's derivative is exactly 0, although
    // 4e^(−2|z|) is a normal float32 up to |z| ≈ 44.
    const flushed = [...X32.keys()].filter((i) => builtin[i] === 0 && Math.abs(exactAt(ref, i)) >= FLOAT32_MIN_NORMAL);
    const firstFlushed = Math.min(...flushed.map((i) => Math.abs(X32[i] as number)));
    const lastFlushed = Math.max(...flushed.map((i) => Math.abs(X32[i] as number)));
    console.log(
      `tfjs tanh′: tf.grad(tf.tanh) relative error up to ${middle.relative.toExponential(2)} for 2 ≤ |z| ≤ 9 (at z = ${middle.at}), ${low.relative.toExponential(2)} for 2 ≤ |z| ≤ 5, ` +
        `0 instead of 4e^(−2|z|) at ${flushed.length} points with ${firstFlushed} ≤ |z| ≤ ${lastFlushed}; ` +
        `actlab: ${oursUlp.ulp.toFixed(2)} float32 ULP at most, relative ${oursMiddle.relative.toExponential(2)} for 2 ≤ |z| ≤ 9`,
    );
    expect(oursUlp.ulp).toBeLessThanOrEqual(4);
    expect(oursMiddle.relative).toBeLessThan(2.5e-7);
    expect(middle.relative).toBeGreaterThan(1e-1);
    expect(low.relative).toBeGreaterThan(1e-4);
    expect(flushed.length).toBeGreaterThan(20);
    expect(firstFlushed).toBeLessThan(10);
    expect(lastFlushed).toBeGreaterThan(40);
    // One point by hand: tanh′(10) = 4e^−20/(1 + e^−20)² ≈ 8.2446e−9.
    const at10 = [10];
    expect(data(tf.grad((t: Tensor) => tf.tanh(t))(tf.tensor(at10)))[0]).toBe(0);
    expect(data(tf.grad(tfjsActivation(tf, 'tanh'))(tf.tensor(at10)))[0]).toBeCloseTo(8.2446e-9, 12);
  });

  it('GELU: TF.js’s "gelu" is x·½(1 + erf(x/√2)) with a 1.5e−7 erf, so its left tail and its derivative are off; "gelu_new" is the tanh approximation', () => {
    const exact = fixture('gelu');
    const xt = tf.tensor(X32);
    const geluLayer = tf.layers.activation({ activation: 'gelu' });
    const geluNewLayer = tf.layers.activation({ activation: 'gelu_new' });
    const builtin = (t: Tensor) => geluLayer.apply(t) as Tensor;
    const builtinNew = (t: Tensor) => geluNewLayer.apply(t) as Tensor;
    const gelu = tfjsActivation(tf, 'gelu');
    const y = data(builtin(xt));
    const g = data(tf.grad(builtin)(xt));
    const yNew = data(builtinNew(xt));
    const ours = data(gelu(xt));
    const oursGrad = data(tf.grad(gelu)(xt));
    const tail = maxRelative(y, exact.f, (z) => z >= -10 && z <= -3);
    const oursTail = maxRelative(ours, exact.f, (z) => z >= -10 && z <= -3);
    const gradAbsolute = maxAbsolute(g, exact.df, within(0, 6));
    const oursGradAbsolute = maxAbsolute(oursGrad, exact.df, within(0, 6));
    const valueAbsolute = maxAbsolute(y, exact.f, within(0, 6));
    const newVsExact = maxAbsolute(yNew, exact.f, within(0, 6));
    const newVsTanh = maxAbsolute(yNew, fixture('gelu_tanh').f, within(0, 6));
    const nearTail = maxRelative(y, exact.f, (z) => z >= -5 && z <= -3);
    const zeroed = [...X32.keys()].filter((i) => y[i] === 0 && exactAt(exact.f, i) !== 0 && Math.abs(exactAt(exact.f, i)) >= FLOAT32_MIN_NORMAL);
    console.log(
      `tfjs gelu: tf "gelu" relative error up to ${tail.relative.toExponential(2)} on [−10, −3] (at ${tail.at}), ${nearTail.relative.toExponential(2)} on [−5, −3], absolute ${valueAbsolute.absolute.toExponential(2)} on |z| ≤ 6, ` +
        `0 at ${zeroed.length} points where GELU is a normal float32; its tf.grad absolute error up to ${gradAbsolute.absolute.toExponential(2)} on |z| ≤ 6 (at ${gradAbsolute.at}); ` +
        `actlab: relative ${oursTail.relative.toExponential(2)} on [−10, −3], gradient absolute ${oursGradAbsolute.absolute.toExponential(2)}, ${maxUlp(ours, exact.f, finite).ulp.toFixed(2)}/${maxUlp(oursGrad, exact.df, finite).ulp.toFixed(2)} ULP (f/f′). ` +
        `tf "gelu_new" differs from exact GELU by up to ${newVsExact.absolute.toExponential(2)} (at ${newVsExact.at}) and by ${newVsTanh.absolute.toExponential(2)} from actlab's gelu_tanh on |z| ≤ 6`,
    );
    expect(maxUlp(ours, exact.f, finite).ulp).toBeLessThanOrEqual(2);
    expect(maxUlp(oursGrad, exact.df, finite).ulp).toBeLessThanOrEqual(4);
    expect(oursTail.relative).toBeLessThan(2.5e-7);
    expect(tail.relative).toBeGreaterThan(1e-2);
    expect(zeroed.length).toBeGreaterThan(0);
    expect(gradAbsolute.absolute).toBeGreaterThan(1e-7);
    expect(oursGradAbsolute.absolute).toBeLessThan(1.2e-7);
    // gelu_new is another function (Hendrycks & Gimpel's tanh form), not a less accurate GELU.
    expect(newVsExact.absolute).toBeGreaterThan(1e-4);
    expect(nearTail.relative).toBeGreaterThan(1e-3);
  });
});
