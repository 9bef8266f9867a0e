/**
 * The MLP engine: matrix products, gradient checks through every activation, the chapter's XOR
 * run, losses against hand-computed values, optimisers on a convex quadratic, initialisers and
 * the toy data sets.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, resolveParams } from '../src/activations/index.js';
import type { ElementwiseActivation } from '../src/activations/types.js';
import type { RandomSource } from '../src/math/random.js';
import { InvalidParameterError } from '../src/errors.js';
import {
  DATASETS,
  OPTIMIZERS,
  createOptimizer,
  Dense,
  Network,
  adam,
  at,
  binaryCrossEntropyWithLogits,
  circle,
  fromRows,
  gradientCheck,
  initialiseWeights,
  matmul,
  matmulTransposeA,
  matmulTransposeBMatrix as matmulTransposeB,
  matrix,
  momentum,
  mse,
  orthogonal,
  sgd,
  softmaxCrossEntropyWithLogits,
  spiral,
  transpose,
  twoGaussians,
  twoMoons,
  xor,
  xorPoints,
  type Matrix,
  type Optimizer,
} from '../src/nn/index.js';

/** mulberry32 uniforms and Box–Muller normals: a tiny seeded RandomSource for tests. */
function testRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  return {
    uniform,
    normal() {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      const u1 = 1 - uniform(); // (0, 1]: log stays finite
      const radius = Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * uniform();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
  };
}

function randomMatrix(rows: number, cols: number, random: RandomSource): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = random.normal();
  return m;
}

function naiveProduct(a: number[][], b: number[][]): number[][] {
  return a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] ?? NaN), 0)));
}

function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

describe('matrix', () => {
  const random = testRandom(1);
  const a = randomMatrix(3, 4, random);
  const b = randomMatrix(4, 5, random);

  it('matmul and the transposed products agree with the textbook definition', () => {
    const expected = naiveProduct(rowsOf(a), rowsOf(b)).flat();
    const close = (m: Matrix) => Array.from(m.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 13));
    close(matmul(a, b));
    close(matmulTransposeA(transpose(a), b));
    close(matmulTransposeB(a, transpose(b)));
  });

  it('writes into out without allocating, and refuses an out that aliases an input', () => {
    const out = matrix(3, 5);
    expect(matmul(a, b, out)).toBe(out);
    expect(() => matmul(a, b, matrix(2, 5))).toThrow(/out is 2×5/);
    const square = randomMatrix(3, 3, random);
    expect(() => matmul(square, square, square)).toThrow(/share memory/);
  });
});

const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
/** The vector activations (gated family, softmax, log_softmax), with the kinks of the gated family's gates (not exposed by their definitions). */
const VECTOR_KINKS: Record<string, readonly number[]> = { glu: [], swiglu: [], geglu: [], reglu: [0], softmax: [], log_softmax: [] };
const VECTOR = ACTIVATIONS.filter((a) => a.kind === 'vector').map((a) => a.id);

/**
 * A 3 → 4 (activation) → 2 network on 6 random samples whose hidden pre-activations all lie
 * more than 1e-4 from a kink, resampling weights and inputs until they do.
 */
function smallNetwork(activation: string, kinks: readonly number[], loss: 'softmax_cross_entropy' | 'mse', gradient: 'mean' | 'sum' = 'mean') {
  const random = testRandom(7);
  for (let attempt = 0; attempt < 100; attempt++) {
    const network = new Network(
      { inputs: 3, layers: [{ units: 4, activation }, { units: 2 }], loss, gradient },
      random,
    );
    const hidden = network.layers[0] as Dense;
    for (let i = 0; i < hidden.bias.length; i++) hidden.bias[i] = 0.3 * random.normal();
    const x = randomMatrix(6, 3, random);
    network.forward(x);
    const z = hidden.lastPreActivation() as Matrix;
    if (kinks.every((k) => z.data.every((v) => Math.abs(v - k) > 1e-4))) {
      const y =
        loss === 'mse' ? randomMatrix(6, 2, random) : Float64Array.from({ length: 6 }, () => (random.uniform() < 0.5 ? 0 : 1));
      return { network, x, y };
    }
  }
  throw new Error(`no kink-free sample for ${activation}`);
}

describe('gradient check', () => {
  const cases = [
    ...ELEMENTWISE.map((a) => ({ id: a.id, kinks: a.kinks(resolveParams(a)) })),
    ...VECTOR.map((id) => {
      const kinks = VECTOR_KINKS[id];
      if (!kinks) throw new Error(`new vector activation ${id}: list its kinks in VECTOR_KINKS`);
      return { id, kinks };
    }),
  ];
  it('covers, once each, every activation the mpmath fixtures hold (test/fixtures/scalar and vector)', () => {
    const fixtureIds = (dir: string) =>
      readdirSync(join(import.meta.dirname, 'fixtures', dir))
        .filter((f) => f.endsWith('.json') && !f.includes('@') && f !== 'points.json' && f !== 'critical-points.json')
        .map((f) => f.slice(0, -'.json'.length));
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...fixtureIds('scalar'), ...fixtureIds('vector')].sort());
  });

  for (const loss of ['softmax_cross_entropy', 'mse'] as const) {
    it.each(cases)(`$id with ${loss}: back-propagation agrees with central differences to 1e-6`, ({ id, kinks }) => {
      const { network, x, y } = smallNetwork(id, kinks, loss);
      const result = gradientCheck(network, x, y, { step: 1e-6 });
      expect(result.parameters.map((p) => p.name)).toContain('layer0.weight');
      for (const p of result.parameters) expect(p.relativeError, `${id} ${p.name}`).toBeLessThanOrEqual(1e-6);
      expect(result.relativeError).toBeLessThanOrEqual(1e-6);
    });
  }

  it('detects a gradient that is 0.1 % off', () => {
    const { network, x, y } = smallNetwork('gelu', [], 'mse');
    const computeGradients = network.computeGradients.bind(network);
    network.computeGradients = (bx, by) => {
      const loss = computeGradients(bx, by);
      for (const p of network.parameters()) p.gradient.forEach((v, i) => (p.gradient[i] = v * 1.001));
      return loss;
    };
    // ‖1.001g − g‖ / ‖1.001g‖ = 0.001/1.001.
    expect(gradientCheck(network, x, y).relativeError).toBeCloseTo(0.001 / 1.001, 8);
  });

  it("checks PReLU's learnable slope, which has a non-zero gradient", () => {
    const { network, x, y } = smallNetwork('prelu', [0], 'softmax_cross_entropy');
    const result = gradientCheck(network, x, y);
    const slope = result.parameters.find((p) => p.name === 'layer0.slope');
    expect(slope).toBeDefined();
    expect(Math.abs(slope?.analytic[0] ?? 0)).toBeGreaterThan(1e-6);
    expect(slope?.relativeError).toBeLessThanOrEqual(1e-6);
  });

  it("'sum' gradient mode is N times the mean-loss gradient, and checks against N·loss", () => {
    const mean = smallNetwork('tanh', [], 'mse', 'mean');
    const summed = smallNetwork('tanh', [], 'mse', 'sum');
    mean.network.computeGradients(mean.x, mean.y);
    summed.network.computeGradients(summed.x, summed.y);
    const g = (mean.network.layers[0] as Dense).weightGradient.data;
    const gs = (summed.network.layers[0] as Dense).weightGradient.data;
    g.forEach((v, i) => expect(gs[i]).toBeCloseTo(6 * v, 12));
    expect(gradientCheck(summed.network, summed.x, summed.y).relativeError).toBeLessThanOrEqual(1e-6);
  });

  it('a PReLU slope is updated by the optimiser', () => {
    const { network, x, y } = smallNetwork('prelu', [0], 'softmax_cross_entropy');
    const layer = network.layers[0] as Dense;
    const before = layer.activationParameters.slope?.value[0];
    network.trainStep(x, y, sgd({ learningRate: 0.1 }));
    const after = layer.activationParameters.slope?.value[0];
    expect(before).toBe(0.25);
    expect(after).not.toBe(before);
    expect(layer.activationParams().slope).toBe(after);
  });
});

describe('dense layer', () => {
  it('a gated layer has a linear part twice as wide as its output', () => {
    const layer = new Dense({ inputs: 3, units: 4, activation: 'swiglu', random: testRandom(2) });
    expect(layer.preActivationUnits).toBe(8);
    expect([layer.weight.rows, layer.weight.cols]).toEqual([8, 3]);
    expect(layer.forward(matrix(5, 3)).cols).toBe(4);
  });

  it('counts ReLU units whose input is negative for every sample as dead, sigmoid units never', () => {
    const random = testRandom(3);
    const x = randomMatrix(20, 3, random);
    const relu = new Dense({ inputs: 3, units: 4, activation: 'relu', random });
    relu.bias.set([-100, -100, 100, 0]);
    relu.forward(x);
    expect(relu.deadUnits().slice(0, 3)).toEqual([true, true, false]);
    const sigmoid = new Dense({ inputs: 3, units: 4, activation: 'sigmoid', random });
    sigmoid.forward(x);
    expect(sigmoid.deadUnits()).toEqual([false, false, false, false]);
  });

  it('the default init is He with the activation gain: std √2/√fan_in for ReLU', () => {
    const layer = new Dense({ inputs: 400, units: 50, activation: 'relu', random: testRandom(4) });
    const data = layer.weight.data;
    const std = Math.sqrt(data.reduce((s, v) => s + v * v, 0) / data.length);
    // 20 000 draws: the sample std is within ~0.5 % of the true one.
    expect(std).toBeCloseTo(Math.SQRT2 / 20, 2);
  });
});

/** The chapter's 2-4-1 XOR network: sigmoid units, W ~ randn·0.5, MSE ½·mean, summed gradients. */
function chapterXorNetwork(random: RandomSource): Network {
  const init = { scheme: 'scaled-normal', scale: 0.5 } as const;
  return new Network(
    {
      inputs: 2,
      layers: [
        { units: 4, activation: 'sigmoid', init },
        { units: 1, activation: 'sigmoid', init },
      ],
      loss: { kind: 'mse', half: true },
      gradient: 'sum',
    },
    random,
  );
}

describe("the chapter's XOR network", () => {
  it('2-4-1 sigmoid, MSE ½·mean, summed gradients, lr 0.5, W ~ randn·0.5: loss < 0.01 within 5000 epochs', () => {
    const random = testRandom(42);
    const network = chapterXorNetwork(random);
    expect(Array.from((network.layers[0] as Dense).bias)).toEqual([0, 0, 0, 0]);
    const { x, y } = xorPoints();
    const history = network.fit({
      x,
      y,
      epochs: 5000,
      optimizer: sgd({ learningRate: 0.5 }),
      random,
      shuffle: false,
      onEpoch: (m) => m.loss >= 0.01,
    });
    const last = history[history.length - 1];
    expect(last?.loss).toBeLessThan(0.01);
    expect(history.length).toBeLessThan(5000);
    expect(last?.accuracy).toBe(1);
    expect(last?.gradientNorms.length).toBe(2);
    expect(last?.deadFractions).toEqual([0, 0]);
    // It starts near chance: every output ≈ ½, so the loss ≈ ½·¼ = 0.125.
    expect(history[0]?.loss).toBeGreaterThan(0.1);
  });

  it("replays the chapter's numpy run (np.random.seed(42)) loss for loss", () => {
    // np.random.seed(42); np.random.randn(12): W1 = the first 8 (4×2, row-major) ·0.5, W2 = the next 4 ·0.5.
    const numpyRandn = [
      0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254, -0.23415337472333597,
      -0.23413695694918055, 1.5792128155073915, 0.7674347291529088, -0.4694743859349521, 0.5425600435859647,
      -0.46341769281246226, -0.46572975357025687,
    ];
    let next = 0;
    const replay: RandomSource = { uniform: () => 0, normal: () => numpyRandn[next++] as number };
    const network = chapterXorNetwork(replay);
    const { x, y } = xorPoints();
    const history = network.fit({ x, y, epochs: 1040, optimizer: sgd({ learningRate: 0.5 }), random: replay, shuffle: false });
    // The chapter's losses[k] (before update k) with numpy 1.x: losses[1], [100], [1000].
    expect(history[0]?.loss).toBeCloseTo(0.12569559989955348, 12);
    expect(history[99]?.loss).toBeCloseTo(0.12476450975808298, 12);
    expect(history[999]?.loss).toBeCloseTo(0.011880636616059785, 12);
    // The chapter's "Sigmoid converged at epoch: 1040" (first k with losses[k] < 0.01).
    expect(history.findIndex((m) => m.loss < 0.01) + 1).toBe(1040);
  });

  it('the same network with a linear last layer and MSE on sigmoid outputs has the same gradients', () => {
    const spec = (last: string | undefined, outputActivation?: string) =>
      new Network(
        {
          inputs: 2,
          layers: [
            { units: 4, activation: 'sigmoid', init: 'xavier' },
            { units: 1, init: 'xavier', ...(last ? { activation: last } : {}) },
          ],
          loss: { kind: 'mse', half: true, ...(outputActivation ? { outputActivation } : {}) },
        },
        testRandom(9),
      );
    const a = spec('sigmoid');
    const b = spec(undefined, 'sigmoid');
    const { x, y } = xorPoints();
    expect(a.computeGradients(x, y)).toBeCloseTo(b.computeGradients(x, y), 15);
    const ga = (a.layers[0] as Dense).weightGradient.data;
    const gb = (b.layers[0] as Dense).weightGradient.data;
    ga.forEach((v, i) => expect(gb[i]).toBeCloseTo(v, 15));
    expect(a.accuracy(x, y)).toBe(b.accuracy(x, y));
  });
});

describe('losses', () => {
  it('MSE: ½·mean((p − y)²) with half, mean((p − y)²) without', () => {
    const p = fromRows([[1], [2]]);
    const y = fromRows([[0], [0]]);
    const half = mse(p, y, { half: true });
    expect(half.loss).toBe(1.25);
    expect(Array.from(half.gradient.data)).toEqual([0.5, 1]);
    const full = mse(p, y);
    expect(full.loss).toBe(2.5);
    expect(Array.from(full.gradient.data)).toEqual([1, 2]);
  });

  it('binary cross-entropy from logits: log 2 at 0, finite and exact at ±800', () => {
    const z = fromRows([[0], [800], [800], [-800], [-800]]);
    const cases: [number, number][] = [
      [1, Math.LN2],
      [1, 0],
      [0, 800],
      [0, 0],
      [1, 800],
    ];
    cases.forEach(([label, expected], i) => {
      const row = matrix(1, 1, [z.data[i] as number]);
      const { loss, gradient } = binaryCrossEntropyWithLogits(row, matrix(1, 1, [label]));
      expect(loss).toBeCloseTo(expected, 14);
      expect(Number.isFinite(gradient.data[0])).toBe(true);
    });
    const all = binaryCrossEntropyWithLogits(z, fromRows(cases.map(([label]) => [label])));
    expect(all.loss).toBeCloseTo((Math.LN2 + 1600) / 5, 12);
    // dℓ/dz = (σ(z) − y)/N: σ(800) − 0 = 1.
    expect(all.gradient.data[2]).toBe(1 / 5);
  });

  it('softmax cross-entropy: −log softmax at the target class, and shift-invariant', () => {
    const logits = fromRows([[1, 2, 3]]);
    const target = fromRows([[0, 0, 1]]);
    const { loss, gradient } = softmaxCrossEntropyWithLogits(logits, target);
    expect(loss).toBeCloseTo(Math.log(1 + Math.exp(-1) + Math.exp(-2)), 15);
    const total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(gradient.data[0]).toBeCloseTo(Math.exp(1) / total, 15);
    expect(gradient.data[2]).toBeCloseTo(Math.exp(3) / total - 1, 15);
    const shifted = softmaxCrossEntropyWithLogits(fromRows([[1001, 1002, 1003]]), target);
    expect(shifted.loss).toBeCloseTo(loss, 12);
    shifted.gradient.data.forEach((v, i) => expect(v).toBeCloseTo(gradient.data[i] as number, 12));
    expect(softmaxCrossEntropyWithLogits(fromRows([[-800, 800]]), fromRows([[1, 0]])).loss).toBe(1600);
  });
});

describe('optimisers', () => {
  // f(θ) = ½θᵀAθ − bᵀθ with A = [[3, 1], [1, 2]] (positive definite), minimum at A⁻¹b = (0.2, 0.4).
  const value = (t: Float64Array) => {
    const [x = 0, y = 0] = t;
    return 0.5 * (3 * x * x + 2 * x * y + 2 * y * y) - (x + y);
  };
  const minimise = (optimizer: Optimizer, steps: number) => {
    const theta = Float64Array.of(3, -2);
    const gradient = new Float64Array(2);
    const values = [value(theta)];
    for (let s = 0; s < steps; s++) {
      const [x = 0, y = 0] = theta;
      gradient[0] = 3 * x + y - 1;
      gradient[1] = x + 2 * y - 1;
      optimizer.step([{ value: theta, gradient }]);
      values.push(value(theta));
    }
    return { theta, values };
  };
  const optimizers: [string, () => Optimizer][] = [
    ['sgd', () => sgd({ learningRate: 0.1 })],
    ['momentum', () => momentum({ learningRate: 0.05, momentum: 0.9 })],
    ['nesterov', () => momentum({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
    ['adam', () => adam({ learningRate: 0.05 })],
  ];
  it.each(optimizers)('%s decreases a convex quadratic to its minimum', (_, make) => {
    const { theta, values } = minimise(make(), 1000);
    expect(values[values.length - 1]).toBeLessThan(values[0] as number);
    expect(theta[0]).toBeCloseTo(0.2, 4);
    expect(theta[1]).toBeCloseTo(0.4, 4);
  });

  it('SGD decreases the quadratic at every step (lr below 2/λmax)', () => {
    const { values } = minimise(sgd({ learningRate: 0.1 }), 50);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1] as number);
  });

  it('createOptimizer builds each named optimiser with its defaults, step for step as the direct call', () => {
    expect([...OPTIMIZERS]).toEqual(['sgd', 'momentum', 'adam']);
    const direct = { sgd: sgd({ learningRate: 0.05 }), momentum: momentum({ learningRate: 0.05 }), adam: adam({ learningRate: 0.05 }) };
    for (const name of OPTIMIZERS) {
      const made = createOptimizer(name, 0.05);
      expect(made.name).toBe(name);
      expect(Array.from(minimise(made, 20).theta)).toEqual(Array.from(minimise(direct[name], 20).theta));
    }
  });

  it('createOptimizer refuses an unknown name with an InvalidParameterError naming the allowed ones (no silent SGD)', () => {
    for (const name of ['rmsprop', 'SGD', '', '__proto__']) {
      let error: unknown;
      try {
        createOptimizer(name, 0.1, 'dead-neurons');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as Error).message).toBe(`dead-neurons: optimizer must be one of: sgd, momentum, adam, got ${JSON.stringify(name)}`);
    }
  });

  it("Adam's bias-corrected first step is lr·g/(|g| + ε)", () => {
    const theta = Float64Array.of(1, 1);
    const gradient = Float64Array.of(0.5, -2);
    adam({ learningRate: 0.1, epsilon: 1e-8 }).step([{ value: theta, gradient }]);
    expect(theta[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 15);
    expect(theta[1]).toBeCloseTo(1 + (0.1 * 2) / (2 + 1e-8), 15);
  });
});

describe('initialisers', () => {
  const gram = (w: Matrix) => matmulTransposeA(w, w);
  const expectIdentity = (m: Matrix, scale = 1) => {
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) expect(Math.abs(at(m, i, j) - (i === j ? scale : 0))).toBeLessThanOrEqual(1e-12);
  };

  it('orthogonal: WᵀW = I for square W (to 1e-12), gain² I with a gain', () => {
    const random = testRandom(5);
    for (const n of [1, 2, 8, 32]) expectIdentity(gram(orthogonal(matrix(n, n), random)));
    expectIdentity(gram(orthogonal(matrix(6, 6), random, { gain: 2 })), 4);
  });

  it('orthogonal: a tall W has orthonormal columns, a wide W orthonormal rows', () => {
    const random = testRandom(6);
    expectIdentity(gram(orthogonal(matrix(7, 3), random)));
    const wide = orthogonal(matrix(3, 7), random);
    expectIdentity(matmulTransposeB(wide, wide));
  });

  it("scaled-normal fills W row by row, as numpy's randn(out, in) * scale", () => {
    let k = 0;
    const counting: RandomSource = { uniform: () => 0, normal: () => k++ };
    const w = initialiseWeights(matrix(2, 3), { scheme: 'scaled-normal', scale: 0.5 }, counting);
    expect(rowsOf(w)).toEqual([
      [0, 0.5, 1],
      [1.5, 2, 2.5],
    ]);
  });

  it('He, LeCun and Xavier use g/√fan_in, 1/√fan_in and g·√(2/(fan_in + fan_out))', () => {
    const one: RandomSource = { uniform: () => 1, normal: () => 1 };
    const first = (spec: Parameters<typeof initialiseWeights>[1]) => initialiseWeights(matrix(2, 8), spec, one).data[0];
    expect(first('he')).toBeCloseTo(Math.SQRT2 / Math.sqrt(8), 15);
    expect(first({ scheme: 'he', mode: 'fan_out', gain: 1 })).toBeCloseTo(1 / Math.SQRT2, 15);
    expect(first('lecun')).toBeCloseTo(1 / Math.sqrt(8), 15);
    expect(first({ scheme: 'xavier', gain: 2 })).toBeCloseTo(2 * Math.sqrt(2 / 10), 15);
    // Uniform variant: U(−√3·std, √3·std); uniform() → 1 gives the upper bound.
    expect(first({ scheme: 'lecun', distribution: 'uniform' })).toBeCloseTo(Math.sqrt(3 / 8), 15);
  });
});

describe('data sets', () => {
  const balance = (y: Float64Array) => y.reduce((s, v) => s + v, 0) / y.length;

  it("the chapter's XOR has four points labelled 0, 1, 1, 0", () => {
    const { x, y } = xorPoints();
    expect(rowsOf(x)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(Array.from(y)).toEqual([0, 1, 1, 0]);
  });

  it.each(Object.entries(DATASETS))('%s: n points in 2-D, 0/1 labels, reproducible from the seed', (_, generate) => {
    const a = generate(200, 0.1, testRandom(11));
    expect([a.x.rows, a.x.cols, a.y.length]).toEqual([200, 2, 200]);
    expect(a.y.every((v) => v === 0 || v === 1)).toBe(true);
    const b = generate(200, 0.1, testRandom(11));
    expect(Array.from(b.x.data)).toEqual(Array.from(a.x.data));
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
    const c = generate(200, 0.1, testRandom(12));
    expect(Array.from(c.x.data)).not.toEqual(Array.from(a.x.data));
  });

  it('two-class sets are balanced: exactly for gaussian, spiral, moons and noise-free circle; about ½ for xor', () => {
    expect(balance(twoGaussians(300, 0.3, testRandom(1)).y)).toBe(0.5);
    expect(balance(spiral(300, 0.3, testRandom(1)).y)).toBe(0.5);
    expect(balance(twoMoons(301, 0.2, testRandom(1)).y)).toBeCloseTo(151 / 301, 15);
    expect(balance(circle(300, 0, testRandom(1)).y)).toBe(0.5);
    expect(Math.abs(balance(xor(2000, 0, testRandom(1)).y) - 0.5)).toBeLessThan(0.05);
  });

  it("circle without noise: label 1 inside radius 2.5, label 0 between 3.5 and 5 (Playground's radius 5)", () => {
    const { x, y } = circle(400, 0, testRandom(2));
    for (let i = 0; i < y.length; i++) {
      const r = Math.hypot(at(x, i, 0), at(x, i, 1));
      if (y[i] === 1) expect(r).toBeLessThan(2.5);
      else expect(r >= 3.5 && r <= 5).toBe(true);
    }
  });

  it('xor without noise: label 1 exactly where x·y ≥ 0, every point at least 0.3 from the axes', () => {
    const { x, y } = xor(500, 0, testRandom(3));
    for (let i = 0; i < y.length; i++) {
      expect(y[i]).toBe(at(x, i, 0) * at(x, i, 1) >= 0 ? 1 : 0);
      expect(Math.min(Math.abs(at(x, i, 0)), Math.abs(at(x, i, 1)))).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('gaussian: centres (2, 2) and (−2, −2), variance 0.5 + 7·noise', () => {
    const { x } = twoGaussians(8000, 0.5, testRandom(4));
    const firstX = Array.from({ length: 4000 }, (_, i) => at(x, i, 0));
    const mean = firstX.reduce((s, v) => s + v, 0) / firstX.length;
    const variance = firstX.reduce((s, v) => s + (v - mean) ** 2, 0) / (firstX.length - 1);
    // Standard errors: 2/√4000 ≈ 0.03 for the mean, √(2/4000) ≈ 2 % for the variance; allow 4.
    expect(Math.abs(mean - 2)).toBeLessThan(0.13);
    expect(Math.abs(variance / 4 - 1)).toBeLessThan(0.09);
  });

  it('spiral without noise: radius 5·i/(n/2), the two arms point-symmetric', () => {
    const { x } = spiral(100, 0, testRandom(5));
    expect(Math.hypot(at(x, 10, 0), at(x, 10, 1))).toBeCloseTo((5 * 10) / 50, 14);
    expect(at(x, 60, 0)).toBeCloseTo(-at(x, 10, 0), 14);
    expect(at(x, 60, 1)).toBeCloseTo(-at(x, 10, 1), 14);
  });

  it('moons without noise: the outer arc runs from (1, 0) to (−1, 0), the inner from (0, ½) to (2, ½)', () => {
    const { x } = twoMoons(10, 0, testRandom(6));
    expect(rowsOf(x)[0]).toEqual([1, 0]);
    expect(at(x, 4, 0)).toBe(-1);
    expect(rowsOf(x)[5]).toEqual([0, 0.5]);
    expect(at(x, 9, 0)).toBe(2);
  });

  it('rejects odd sizes for the sets generated half per class', () => {
    expect(() => circle(3, 0, testRandom(1))).toThrow(/even/);
    expect(() => spiral(10, -1, testRandom(1))).toThrow(/noise/);
  });
});

describe('training on a Playground set', () => {
  it('a ReLU MLP with Adam and mini-batches learns two Gaussians; metrics cover every layer', () => {
    const random = testRandom(21);
    const { x, y } = twoGaussians(200, 0.1, random);
    const network = new Network({ inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 1 }], loss: 'bce' }, random);
    const history = network.fit({ x, y, epochs: 20, batchSize: 32, optimizer: adam({ learningRate: 0.02 }), random });
    expect(history.length).toBe(20);
    expect(history[19]?.epoch).toBe(20);
    expect(history[19]?.accuracy).toBeGreaterThan(0.95);
    expect(history[19]?.loss).toBeLessThan(history[0]?.loss as number);
    expect(history[19]?.gradientNorms.length).toBe(2);
    expect(history[19]?.deadFractions.length).toBe(2);
  });

  it('softmax cross-entropy takes class indices for a multi-output network', () => {
    const random = testRandom(22);
    const { x, y } = spiral(100, 0, random);
    const network = new Network({ inputs: 2, layers: [{ units: 6, activation: 'tanh' }, { units: 2 }], loss: 'softmax_cross_entropy' }, random);
    const before = network.lossOn(x, y);
    network.fit({ x, y, epochs: 30, batchSize: 20, optimizer: adam({ learningRate: 0.01 }), random });
    expect(network.lossOn(x, y)).toBeLessThan(before);
  });
});
