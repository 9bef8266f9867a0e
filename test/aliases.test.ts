/**
 * Names from other frameworks mean what they mean there, or are refused with a note. Over the
 * whole table of PyTorch, TF.js, JAX and Keras 3 spellings (src/activations/conventions.ts):
 * `fromFramework(framework, name)` gives that framework's documented function with its
 * documented defaults (compared with the naive formula written out here, and for TF.js with
 * TF.js itself, values and gradients at the kinks); `getActivation(name)` gives the same
 * meaning, or throws ForeignConventionError whose note names actlab's spelling of it. The
 * frameworks' defaults are written here independently of the table (from their documentation
 * and code), so a wrong default in the table fails. docs/conventions.md is checked fresh.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVENTIONS, DESCRIPTIVE_ALIASES, deriveRefusedSpellings, FRAMEWORK_SPELLINGS, type FrameworkSpelling } from '../src/activations/conventions.js';
import {
  ACTIVATIONS,
  FRAMEWORK_LABELS,
  getActivation,
  PARAM_RENAMES,
  REFUSED_PARAMS,
  REFUSED_SPELLINGS,
  resolveParams,
  type Activation,
  type ElementwiseActivation,
  FRAMEWORKS,
} from '../src/activations/index.js';
import { ForeignConventionError, InvalidArgumentError, InvalidParameterError, UnknownActivationError } from '../src/errors.js';
import { activation, forward, fromFramework, type BoundActivation } from '../src/index.js';

type Params = Record<string, number>;

// ─── the functions, naively, and the defaults each framework documents ───

/** Abramowitz & Stegun 7.1.26: |error| ≤ 1.5e-7, enough to tell GELU's forms apart (they differ by up to 4.7e-4). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x < 0 ? -y : y;
}
const softplus1 = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

const NAIVE: Record<string, (z: number, p: Params) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(0, z),
  leaky_relu: (z, p) => (z >= 0 ? z : p.negative_slope! * z),
  prelu: (z, p) => (z >= 0 ? z : p.slope! * z),
  elu: (z, p) => (z > 0 ? z : p.alpha! * (Math.exp(z) - 1)),
  selu: (z) => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * (Math.exp(z) - 1)),
  swish: (z, p) => z / (1 + Math.exp(-p.beta! * z)),
  gelu: (z) => 0.5 * z * (1 + erf(z / Math.SQRT2)),
  gelu_tanh: (z) => 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3))),
  linear: (z) => z,
  softplus: (z, p) => softplus1(p.beta! * z) / p.beta!,
  log_sigmoid: (z) => -softplus1(-z),
  mish: (z) => z * Math.tanh(softplus1(z)),
  celu: (z, p) => Math.max(0, z) + Math.min(0, p.alpha! * (Math.exp(z / p.alpha!) - 1)),
  relu6: (z) => Math.min(Math.max(0, z), 6),
  hard_tanh: (z, p) => Math.min(Math.max(z, p.min_val!), p.max_val!),
  hard_sigmoid: (z, p) => Math.min(Math.max(p.slope! * z + p.offset!, 0), 1),
  hard_swish: (z) => (z * Math.min(Math.max(z + 3, 0), 6)) / 6,
  softsign: (z) => z / (1 + Math.abs(z)),
  squareplus: (z, p) => (z + Math.sqrt(z * z + p.b!)) / 2,
  tanhshrink: (z) => z - Math.tanh(z),
  softshrink: (z, p) => (z > p.lambda! ? z - p.lambda! : z < -p.lambda! ? z + p.lambda! : 0),
  hardshrink: (z, p) => (Math.abs(z) > p.lambda! ? z : 0),
  threshold: (z, p) => (z > p.threshold! ? z : p.value!),
  rrelu: (z, p) => (z >= 0 ? z : ((p.lower! + p.upper!) / 2) * z),
};

/** actlab's defaults, which are PyTorch's (and JAX's where JAX has the parameter). */
const ACTLAB_DEFAULTS: Record<string, Params> = {
  leaky_relu: { negative_slope: 0.01 },
  prelu: { slope: 0.25 },
  elu: { alpha: 1 },
  swish: { beta: 1 },
  softplus: { beta: 1 },
  celu: { alpha: 1 },
  hard_tanh: { min_val: -1, max_val: 1 },
  hard_sigmoid: { slope: 1 / 6, offset: 0.5 },
  squareplus: { b: 4 },
  softshrink: { lambda: 0.5 },
  hardshrink: { lambda: 0.5 },
  threshold: { threshold: 0, value: 0 },
  rrelu: { lower: 1 / 8, upper: 1 / 3 },
};

/**
 * The spellings whose framework meaning is not actlab's activation of that name with actlab's
 * defaults: [activation, that framework's defaults]. Sources: tfjs-core leaky_relu (alpha 0.2),
 * tfjs-layers LeakyReLU (alpha 0.3), ThresholdedReLU (theta 1), PReLU (alpha initialiser
 * zeros), hardSigmoid (0.2·x + 0.5); Keras 3 keras.activations.leaky_relu (0.2),
 * keras.layers.LeakyReLU (0.3), keras.layers.PReLU (zeros); jax.nn.gelu (approximate=True).
 */
const FOREIGN_MEANINGS: Record<string, [string, Params]> = {
  'tfjs:leakyRelu': ['leaky_relu', { negative_slope: 0.2 }],
  'tfjs:leakyReLU': ['leaky_relu', { negative_slope: 0.3 }],
  'tfjs:LeakyReLU': ['leaky_relu', { negative_slope: 0.3 }],
  'tfjs:hardSigmoid': ['hard_sigmoid', { slope: 0.2, offset: 0.5 }],
  'tfjs:prelu': ['prelu', { slope: 0 }],
  'tfjs:thresholdedReLU': ['threshold', { threshold: 1, value: 0 }],
  'tfjs:ThresholdedReLU': ['threshold', { threshold: 1, value: 0 }],
  'keras:leaky_relu': ['leaky_relu', { negative_slope: 0.2 }],
  'keras:LeakyReLU': ['leaky_relu', { negative_slope: 0.3 }],
  'keras:PReLU': ['prelu', { slope: 0 }],
  'jax:gelu': ['gelu_tanh', {}],
};

/** The scalar f of a bound elementwise activation. */
function scalar(bound: BoundActivation): (z: number) => number {
  if (bound.kind !== 'elementwise') throw new Error(`${bound.definition.id} is a vector activation`);
  return (z) => bound.f(z);
}

const key = (s: FrameworkSpelling) => `${s.framework}:${s.name}`;

/** What a spelling means in its framework: the activation and all its parameter values. */
function frameworkMeaningOf(spelling: FrameworkSpelling): [string, Params] {
  const foreign = FOREIGN_MEANINGS[key(spelling)];
  if (foreign) return [foreign[0], { ...ACTLAB_DEFAULTS[foreign[0]], ...foreign[1] }];
  return [spelling.id, ACTLAB_DEFAULTS[spelling.id] ?? {}];
}

const close = (a: number, b: number) => Object.is(a, b) || Math.abs(a - b) <= 1e-6 * (1 + Math.abs(b));

/** Whether a definition with values p is the function `meaning`, on points z (vector ones on rows). */
function means(definition: Activation, p: Readonly<Params>, [id, params]: [string, Params], zs: readonly number[]): boolean {
  if (definition.id !== id) return false;
  if (definition.kind === 'vector') return true; // vector activations have no parameters: the id is the meaning
  return zs.every((z) => close(definition.f(z, p), NAIVE[id]!(z, params))) && Object.entries(params).every(([k, v]) => p[k] === v);
}

const POINTS = [-7, -3, -2.5, -1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2.5, 3, 7];
const named = FRAMEWORK_SPELLINGS;

describe('the table of framework spellings', () => {
  it('the registry’s run-time list of refused spellings is what the table implies (foreign.ts = deriveRefusedSpellings())', () => {
    expect(REFUSED_SPELLINGS).toEqual(deriveRefusedSpellings());
    for (const [name, refused] of Object.entries(REFUSED_SPELLINGS)) {
      for (const s of named.filter((n) => n.name === name)) expect(s.framework, `${name} is spelt so by more than one framework: RefusedSpelling needs a list`).toBe(refused.framework);
    }
  });

  it('the run-time parameter lists name real parameters of registered activations', () => {
    for (const [id, table] of Object.entries(PARAM_RENAMES)) {
      const definition = getActivation(id);
      for (const [theirs, rename] of Object.entries(table!)) {
        expect(Object.keys(definition.params), `${id}.${theirs}`).toContain(rename.to);
        expect(Object.keys(definition.params)).not.toContain(theirs);
      }
    }
    for (const [id, table] of Object.entries(REFUSED_PARAMS)) {
      for (const param of Object.keys(table!)) expect(Object.keys(getActivation(id).params), `${id}.${param}`).not.toContain(param);
    }
  });

  it('every spelling is recorded once per framework and activation, and names a registered activation', () => {
    expect(named.length).toBeGreaterThan(100);
    const seen = new Set<string>();
    for (const s of named) {
      expect(seen.has(`${key(s)}:${s.id}`), key(s)).toBe(false);
      seen.add(`${key(s)}:${s.id}`);
      expect(() => getActivation(s.id)).not.toThrow();
    }
    // one meaning per spelling within a framework (fromFramework must not have to choose)
    const perFramework = new Map<string, string>();
    for (const s of named) {
      expect(perFramework.get(key(s)) ?? s.id, key(s)).toBe(s.id);
      perFramework.set(key(s), s.id);
    }
  });

  it('the spellings that mean something else than actlab’s name are exactly the ones listed here (a new one must be listed)', () => {
    const differing = named
      .filter((s) => {
        const entry = (CONVENTIONS[s.id][s.framework]?.names ?? []).find((e) => e.name === s.name);
        return entry?.defaults !== undefined || normalisedTarget(s.name) !== s.id;
      })
      .map(key);
    expect(differing.sort()).toEqual(Object.keys(FOREIGN_MEANINGS).sort());
  });

  it('every definition alias is a framework spelling with actlab’s meaning, or a descriptive name recorded as such', () => {
    const normalise = (n: string) => n.toLowerCase().replace(/[-\s]+/g, '_');
    for (const definition of ACTIVATIONS) {
      for (const alias of definition.aliases) {
        const origins = named.filter((s) => normalise(s.name) === alias && s.id === definition.id && !FOREIGN_MEANINGS[key(s)]);
        const descriptive = Object.hasOwn(DESCRIPTIVE_ALIASES, alias);
        expect(origins.length > 0 || descriptive, `${definition.id} alias ${alias}: record its framework in conventions.ts or its origin in DESCRIPTIVE_ALIASES`).toBe(true);
      }
    }
    for (const alias of Object.keys(DESCRIPTIVE_ALIASES)) expect(ACTIVATIONS.some((a) => (a.aliases as readonly string[]).includes(alias)), alias).toBe(true);
  });
});

/** The activation a name resolves to by actlab's normalisation, ignoring refusals. */
function normalisedTarget(name: string): string | undefined {
  const normalised = name.toLowerCase().replace(/[-\s]+/g, '_');
  return ACTIVATIONS.find((a) => a.id === normalised || (a.aliases as readonly string[]).includes(normalised))?.id;
}

describe('every name means what its framework means, or is refused with a note', () => {
  it('fromFramework(framework, name) is that framework’s function with its defaults (all spellings, fixed and random points)', () => {
    for (const s of named) {
      const bound = fromFramework(s.framework, s.name);
      expect(means(bound.definition, bound.params, frameworkMeaningOf(s), POINTS), key(s)).toBe(true);
    }
    fc.assert(
      fc.property(fc.constantFrom(...named), fc.double({ min: -20, max: 20, noNaN: true }), (s, z) => {
        const bound = fromFramework(s.framework, s.name);
        return means(bound.definition, bound.params, frameworkMeaningOf(s), [z]);
      }),
      { numRuns: 400 },
    );
  });

  it('getActivation(name): the framework’s meaning, or ForeignConventionError with a note whose advice gives that meaning', () => {
    const exemptions: string[] = [];
    for (const s of named) {
      const meaning = frameworkMeaningOf(s);
      let definition: Activation;
      try {
        definition = getActivation(s.name);
      } catch (error) {
        expect(error, key(s)).toBeInstanceOf(ForeignConventionError);
        const refusal = error as ForeignConventionError;
        expect(refusal.code).toBe('FOREIGN_CONVENTION');
        expect(refusal.frameworks).toContain(FRAMEWORK_LABELS[s.framework]);
        expect(refusal.message).toContain(`fromFramework('${s.framework}', '${s.name}')`);
        // the advice: "id" with { param: value, … }
        const advice = /^"(\w+)" with \{ (.*) \}$/.exec(refusal.suggestion);
        expect(advice, refusal.suggestion).not.toBeNull();
        const params: Params = Object.fromEntries(advice![2]!.split(', ').map((kv) => kv.split(': ')).map(([k, v]) => [k, v === '1/6' ? 1 / 6 : Number(v)]));
        const advised = activation(advice![1]!, params);
        expect(means(advised.definition, advised.params, meaning, POINTS), `advice for ${key(s)}`).toBe(true);
        // refused only where no framework writes this spelling with actlab's meaning
        for (const other of named.filter((o) => o.name === s.name)) expect(FOREIGN_MEANINGS[key(other)], key(other)).toBeDefined();
        continue;
      }
      const p = resolveParams(definition);
      if (means(definition, p, meaning, POINTS)) continue;
      // kept with actlab's meaning: an actlab id, or a spelling another framework writes with actlab's meaning
      const canonical = definition.id === s.name;
      const shared = named.some((o) => o.name === s.name && means(definition, p, frameworkMeaningOf(o), POINTS));
      expect(canonical || shared, `${key(s)} resolves to ${definition.id} with actlab's defaults, which is not ${FRAMEWORK_LABELS[s.framework]}'s meaning`).toBe(true);
      exemptions.push(key(s));
    }
    // the ones docs/conventions.md marks ≠: actlab ids and shared spellings that keep actlab's meaning
    expect(exemptions.sort()).toEqual(['jax:gelu', 'keras:LeakyReLU', 'keras:PReLU', 'keras:leaky_relu', 'tfjs:LeakyReLU', 'tfjs:prelu']);
  });

  it('a refused spelling is refused exactly: other spellings of actlab’s names still resolve', () => {
    expect(() => getActivation('hardSigmoid')).toThrow(
      `"hardSigmoid" is TF.js's HardSigmoid (activation: 'hardSigmoid') with { slope: 0.2, offset: 0.5 }; actlab's hard_sigmoid defaults to { slope: 1/6, offset: 0.5 } as PyTorch, JAX, Keras 3: use "hard_sigmoid" with { slope: 0.2 }, or fromFramework('tfjs', 'hardSigmoid')`,
    );
    expect(() => activation('leakyRelu')).toThrow(ForeignConventionError);
    expect(() => forward('leakyRelu', new Float64Array(1))).toThrow(/TF.js's Leaky ReLU .* negative_slope: 0.2/);
    for (const name of ['hardsigmoid', 'Hardsigmoid', 'HARDSIGMOID', 'hard-sigmoid', 'hard_sigmoid', 'leaky_relu', 'LeakyReLU', 'leaky-relu', 'LEAKYRELU']) {
      expect(() => getActivation(name), name).not.toThrow();
    }
    expect(scalar(fromFramework('tfjs', 'hardSigmoid'))(1)).toBe(0.7);
    expect(scalar(fromFramework('tfjs', 'leakyRelu'))(-1)).toBe(-0.2);
    expect(scalar(fromFramework('keras', 'LeakyReLU'))(-1)).toBe(-0.3);
    expect(fromFramework('jax', 'gelu').definition.id).toBe('gelu_tanh');
    expect(fromFramework('pytorch', 'Hardsigmoid').params).toEqual({ slope: 1 / 6, offset: 0.5 });
  });

  it('fromFramework: framework parameter names, overrides, and what it refuses', () => {
    expect(scalar(fromFramework('tfjs', 'leakyRelu', { alpha: 0.1 }))(-1)).toBe(-0.1);
    expect(scalar(fromFramework('pytorch', 'Softshrink', { lambd: 1 }))(1.5)).toBe(0.5);
    expect(scalar(fromFramework('tfjs', 'thresholdedReLU', { theta: 2 }))(1.5)).toBe(0);
    expect(() => fromFramework('mxnet' as 'jax', 'relu')).toThrow(InvalidArgumentError);
    expect(() => fromFramework('tfjs', 'hardswish')).toThrow(UnknownActivationError); // TF.js has no hard swish
    expect(() => fromFramework('tfjs', 'hardsigmoid')).not.toThrow(); // case-insensitive within the framework
    expect(() => fromFramework('tfjs', 'relu', 1 as unknown as Params)).toThrow(InvalidArgumentError);
  });
});

describe('parameter names from frameworks', () => {
  it('same meaning under another name is accepted (each recorded rename, random values)', () => {
    const renames = Object.entries(PARAM_RENAMES).flatMap(([id, table]) => Object.entries(table!).map(([theirs, rename]) => ({ id, theirs, ours: rename.to })));
    expect(renames.map((r) => `${r.id}.${r.theirs}`)).toEqual(expect.arrayContaining(['leaky_relu.alpha', 'softshrink.lambd', 'hardshrink.lambd', 'hardshrink.threshold', 'prelu.init']));
    fc.assert(
      fc.property(fc.constantFrom(...renames), fc.double({ min: 0.01, max: 4, noNaN: true }), ({ id, theirs, ours }, value) => {
        const bound = activation(id, { [theirs]: value });
        return bound.params[ours] === value;
      }),
      { numRuns: 200 },
    );
    expect(() => activation('leaky_relu', { alpha: 0.2, negative_slope: 0.1 })).toThrow(InvalidParameterError);
    expect(() => activation('elu', { lambd: 1 })).toThrow(/elu: parameter name must be one of: alpha, got "lambd"/);
  });

  it('a framework parameter actlab does not offer is refused with a note, never a bare "unknown parameter"', () => {
    const cases: [string, string, RegExp][] = [
      ['softplus', 'threshold', /softplus: parameter threshold: PyTorch returns z above threshold\/β .* actlab is exact there: leave it out/],
      ['gelu', 'approximate', /gelu_tanh \(approximate='tanh'\/True\)/],
      ['softmax', 'dim', /pass rowLength/],
      ['softmax', 'axis', /pass rowLength/],
      ['relu', 'max_value', /relu6/],
      ['sigmoid', 'inplace', /forward\(id, x, \{ out: x \}\)/],
    ];
    for (const [id, param, note] of cases) {
      expect(() => activation(id, { [param]: 1 }), `${id}.${param}`).toThrow(ForeignConventionError);
      expect(() => activation(id, { [param]: 1 })).toThrow(note);
    }
  });
});

describe('derivatives at kinks', () => {
  it('PyTorch’s recorded values are actlab’s f′ at its kinks (actlab follows PyTorch’s backward), at the defaults and at random parameters', () => {
    const recorded = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise' && CONVENTIONS[a.id as keyof typeof CONVENTIONS].pytorch?.kinkDerivatives !== undefined);
    expect(recorded.length).toBeGreaterThan(12);
    const check = (definition: ElementwiseActivation, p: Readonly<Params>) => {
      const values = CONVENTIONS[definition.id as keyof typeof CONVENTIONS].pytorch!.kinkDerivatives!(p);
      expect(values.map((v) => v)).toEqual(definition.kinks(p).map((k) => definition.df(k, p)));
    };
    for (const definition of recorded) check(definition, resolveParams(definition));
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 3, noNaN: true }), (v) => {
        check(getActivation('leaky_relu') as ElementwiseActivation, resolveParams(getActivation('leaky_relu'), { negative_slope: v }));
        check(getActivation('elu') as ElementwiseActivation, resolveParams(getActivation('elu'), { alpha: v }));
        check(getActivation('hardshrink') as ElementwiseActivation, resolveParams(getActivation('hardshrink'), { lambda: v }));
      }),
      { numRuns: 100 },
    );
  });

  it('every recorded rule gives one value per kink', () => {
    for (const definition of ACTIVATIONS) {
      if (definition.kind !== 'elementwise') continue;
      for (const framework of FRAMEWORKS) {
        const rule = CONVENTIONS[definition.id as keyof typeof CONVENTIONS][framework]?.kinkDerivatives;
        if (!rule) continue;
        const p = resolveParams(definition);
        expect(rule(p).length, `${framework} ${definition.id}`).toBe(definition.kinks(p).length);
      }
    }
  });
});

describe('TF.js itself agrees with the table (values, and gradients at the kinks)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let tf: any;
  const warn = console.warn;
  beforeAll(async () => {
    const require = createRequire(import.meta.url);
    try {
      require.resolve('@tensorflow/tfjs');
    } catch {
      throw new Error('this test needs @tensorflow/tfjs (a devDependency): run npm install');
    }
    // tfjs greets Node users on its first op with advice to install tfjs-node
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('tfjs-node')) warn(...args);
    };
    tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
  }, 30_000);
  afterAll(() => {
    console.warn = warn;
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const apply = (fn: (t: any) => any, z: number): number => fn(tf.scalar(z, 'float32')).dataSync()[0];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const gradient = (fn: (t: any) => any, z: number): number => tf.grad(fn)(tf.scalar(z, 'float32')).dataSync()[0];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const layerActivation = (name: string) => (t: any) => tf.layers.activation({ activation: name }).apply(t);

  it('each TF.js spelling: fromFramework gives TF.js’s values (float32), and the recorded f′ at each kink is TF.js’s gradient', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ops: Record<string, (t: any) => any> = {
      relu: (t) => tf.relu(t),
      relu6: (t) => tf.relu6(t),
      leakyRelu: (t) => tf.leakyRelu(t),
      leakyReLU: (t) => tf.layers.leakyReLU().apply(t),
      LeakyReLU: (t) => tf.layers.leakyReLU().apply(t),
      elu: (t) => tf.elu(t),
      selu: (t) => tf.selu(t),
      sigmoid: (t) => tf.sigmoid(t),
      tanh: (t) => tf.tanh(t),
      softplus: (t) => tf.softplus(t),
      logSigmoid: (t) => tf.logSigmoid(t),
      hardSigmoid: layerActivation('hardSigmoid'),
      softsign: layerActivation('softsign'),
      linear: layerActivation('linear'),
      swish: layerActivation('swish'),
      mish: layerActivation('mish'),
      gelu: layerActivation('gelu'),
      gelu_new: layerActivation('gelu_new'),
      thresholdedReLU: (t) => tf.layers.thresholdedReLU().apply(t),
      ThresholdedReLU: (t) => tf.layers.thresholdedReLU().apply(t),
      prelu: (t) => tf.prelu(t, tf.scalar(0)),
    };
    const tfjsNames = named.filter((s) => s.framework === 'tfjs' && getActivation(s.id).kind === 'elementwise');
    for (const s of tfjsNames) {
      const op = ops[s.name];
      expect(op, `no TF.js call written for ${s.name}`).toBeDefined();
      const bound = fromFramework('tfjs', s.name);
      if (bound.kind !== 'elementwise') continue;
      for (const z of POINTS) {
        const expected = apply(op!, z);
        expect(Math.abs(bound.f(z) - expected), `${s.name}(${z}): actlab ${bound.f(z)}, TF.js ${expected}`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(expected)));
      }
      const rule = CONVENTIONS[s.id].tfjs?.kinkDerivatives;
      const kinks = bound.definition.kinks(bound.params);
      if (kinks.length === 0) continue;
      if (!rule) {
        // recorded as not differentiable in TF.js (its note says so)
        expect(CONVENTIONS[s.id].tfjs?.note, `TF.js kink rule of ${s.id}`).toMatch(/cannot differentiate/);
        expect(() => gradient(op!, kinks[0]!)).toThrow(/gradient function not found/);
        continue;
      }
      const values = rule!(bound.params);
      kinks.forEach((k, i) => expect(Math.fround(values[i]!), `TF.js ${s.name}′(${k})`).toBe(gradient(op!, k)));
    }
  });
});

describe('docs/conventions.md', () => {
  it('is what tools/generate-conventions.mjs writes from the registry', () => {
    const root = join(import.meta.dirname, '..');
    const command = 'npx tsc -p tsconfig.build.json && node tools/generate-conventions.mjs';
    if (!existsSync(join(root, 'dist', 'activations', 'index.js'))) throw new Error(`dist/ is missing: run ${command}`);
    const result = spawnSync(process.execPath, [join(root, 'tools', 'generate-conventions.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr, `docs/conventions.md is stale: regenerate with ${command}`).toBe('');
    expect(result.status).toBe(0);
  });
});
