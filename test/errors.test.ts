/**
 * Typed errors: unknown names (with suggestions), aliases, and parameter validation.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  ACTIVATION_IDS,
  ActlabError,
  DetachedArrayError,
  FreedArrayError,
  InvalidArgumentError,
  InvalidParameterError,
  SizeLimitError,
  ShapeError,
  UnknownActivationError,
  activation,
  backward,
  forward,
  fromFramework,
  getActivation,
  getElementwise,
  resolveParams,
} from '../src/index.js';
import { describeValue } from '../src/errors.js';
import { closestName, typoLimit } from '../src/suggest.js';

/** Every activation id, in catalogue order, written out (not computed from the registry). */
const CATALOGUE = [
  'sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'swish', 'gelu', 'gelu_tanh', 'linear', 'softplus',
  'log_sigmoid', 'mish', 'celu', 'relu6', 'hard_tanh', 'hard_sigmoid', 'hard_swish', 'softsign', 'squareplus',
  'tanhshrink', 'softshrink', 'hardshrink', 'threshold', 'rrelu', 'snake', 'softmax', 'log_softmax', 'glu', 'swiglu', 'geglu', 'reglu',
];
const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Runs fn, expecting it to throw an instance of cls; returns the error. */
function thrown<E extends Error>(fn: () => unknown, cls: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(cls);
    return error as E;
  }
  throw new Error('expected a throw');
}

describe('unknown activation names', () => {
  it('"rleu" suggests relu', () => {
    const error = thrown(() => activation('rleu'), UnknownActivationError);
    expect(error).toBeInstanceOf(ActlabError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('UNKNOWN_ACTIVATION');
    expect(error.name).toBe('UnknownActivationError');
    expect(error.requested).toBe('rleu');
    expect(error.suggestion).toBe('relu');
    expect(error.message).toContain('did you mean "relu"');
    expect(error.message).toContain('"rleu"');
    expect([...error.known].sort()).toEqual([...CATALOGUE].sort());
    for (const id of CATALOGUE) expect(error.message).toContain(id);
  });

  it('getActivation, forward and backward raise the same error', () => {
    expect(() => getActivation('rleu')).toThrow(UnknownActivationError);
    expect(() => forward('rleu', new Float64Array(2))).toThrow(UnknownActivationError);
    expect(() => backward('rleu', new Float64Array(2), new Float64Array(2))).toThrow(UnknownActivationError);
  });

  it('other typos get their nearest name', () => {
    expect(thrown(() => getActivation('sigmiod'), UnknownActivationError).suggestion).toBe('sigmoid');
    expect(thrown(() => getActivation('GELLU'), UnknownActivationError).suggestion).toBe('gelu');
    expect(thrown(() => getActivation('softmx'), UnknownActivationError).suggestion).toBe('softmax');
  });

  it('"banana" has no suggestion', () => {
    const error = thrown(() => activation('banana'), UnknownActivationError);
    expect(error.suggestion).toBeUndefined();
    expect(error.message).not.toContain('did you mean');
    expect(error.message).toContain('"banana"');
    expect(error.code).toBe('UNKNOWN_ACTIVATION');
  });

  it('the empty name is unknown', () => {
    expect(() => getActivation('')).toThrow(UnknownActivationError);
  });
});

describe('did you mean (src/suggest.ts, one rule for every refusal of a name)', () => {
  it('allows 2 edits, or a third of the name from 9 characters on', () => {
    expect([1, 2, 8, 9, 11, 12, 30].map((n) => typoLimit('x'.repeat(n)))).toEqual([2, 2, 2, 3, 3, 4, 10]);
    expect(closestName('kritcalty', ['catalogue', 'criticality'])).toBe('criticality'); // 3 edits
    expect(closestName('krtcalty', ['criticality'])).toBeUndefined(); // 3 edits in 8 characters
  });

  it('compares normalised names, returns the candidate as listed, the first one on a tie', () => {
    expect(closestName('LEAKY-RELU', ['ReLU', 'LeakyReLU'], (t) => t.toLowerCase().replace(/[-_]/g, ''))).toBe('LeakyReLU');
    expect(closestName('gelu', ['selu', 'celu'])).toBe('selu');
    expect(closestName('gelu', ['celu', 'selu'])).toBe('celu');
    expect(closestName('anything', [])).toBeUndefined();
  });

  it('the registry and fromFramework suggest by it', () => {
    expect(thrown(() => getActivation('leaky_rleu6'), UnknownActivationError).suggestion).toBe('leaky_relu');
    expect(thrown(() => getActivation('swishh'), UnknownActivationError).suggestion).toBe('swish');
    expect(thrown(() => getActivation('zzzz'), UnknownActivationError).suggestion).toBeUndefined();
    expect(thrown(() => fromFramework('pytorch', 'LeakyRleu'), UnknownActivationError).suggestion).toBe('LeakyReLU');
  });
});

describe('ids and aliases', () => {
  it('ACTIVATION_IDS is the catalogue written out here, in its order (adding an activation adds it here)', () => {
    expect(ACTIVATION_IDS).toEqual(CATALOGUE);
    expect(ACTIVATIONS.map((a) => a.id)).toEqual(CATALOGUE);
  });

  it('the ids are the names of the mpmath fixtures: test/fixtures/scalar (elementwise) and vector', () => {
    const names = (dir: string) =>
      readdirSync(join(FIXTURES, dir))
        .filter((f) => f.endsWith('.json') && !f.includes('@') && f !== 'points.json' && f !== 'critical-points.json')
        .map((f) => f.slice(0, -'.json'.length))
        .sort();
    const ids = (kind: string) => ACTIVATIONS.filter((a) => a.kind === kind).map((a) => a.id).sort();
    expect(ids('elementwise')).toEqual(names('scalar'));
    expect(ids('vector')).toEqual(names('vector'));
  });

  it('every id and alias resolves to its definition', () => {
    for (const a of ACTIVATIONS) {
      expect(getActivation(a.id)).toBe(a);
      for (const alias of a.aliases) expect(getActivation(alias)).toBe(a);
    }
  });

  it.each([
    ['silu', 'swish'],
    ['Leaky-ReLU', 'leaky_relu'],
    ['hardtanh', 'hard_tanh'],
    ['HARD TANH', 'hard_tanh'],
    ['  relu ', 'relu'],
    ['logistic', 'sigmoid'],
    ['gelu_approximate', 'gelu_tanh'],
  ])('%j resolves to %s', (name, id) => {
    expect(getActivation(name).id).toBe(id);
    expect(activation(name).definition.id).toBe(id);
  });

  it('getElementwise rejects vector activations', () => {
    expect(getElementwise('relu').id).toBe('relu');
    const error = thrown(() => getElementwise('softmax'), InvalidParameterError);
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.activation).toBe('softmax');
  });
});

describe('invalid parameters', () => {
  const cases: [string, Record<string, unknown>, string, unknown, string][] = [
    // activation, params, parameter named in the error, value, fragment of the allowed range
    ['elu', { alpha: -1 }, 'alpha', -1, '> 0'],
    ['elu', { alpha: 0 }, 'alpha', 0, '> 0'],
    ['elu', { alpha: NaN }, 'alpha', NaN, '> 0'],
    ['elu', { alpha: Infinity }, 'alpha', Infinity, '> 0'],
    ['softplus', { beta: 0 }, 'beta', 0, '> 0'],
    ['hard_tanh', { min_val: 2, max_val: 1 }, 'min_val', 2, '< max_val (1)'],
    ['rrelu', { lower: 0.5, upper: 0.1 }, 'lower', 0.5, '<= upper (0.1)'],
    ['rrelu', { lower: -0.1 }, 'lower', -0.1, '>= 0'],
    ['elu', { beta: 1 }, 'parameter name', 'beta', 'one of: alpha'],
    ['relu', { alpha: 1 }, 'parameter name', 'alpha', 'absent'],
    ['elu', { alpha: 'abc' }, 'alpha', 'abc', 'a finite number'],
  ];

  it.each(cases)('%s %j', (name, params, parameter, value, allowed) => {
    const error = thrown(() => resolveParams(getActivation(name), params), InvalidParameterError);
    expect(error).toBeInstanceOf(ActlabError);
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.name).toBe('InvalidParameterError');
    expect(error.activation).toBe(name);
    expect(error.parameter).toBe(parameter);
    expect(Object.is(error.value, value)).toBe(true);
    expect(error.allowed).toContain(allowed);
    expect(error.message.startsWith(`${name}: ${parameter} must be `)).toBe(true);
    expect(error.message).toContain(allowed);
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    expect(error.message.endsWith(`, got ${shown}`)).toBe(true);
    // The same validation applies through every entry point.
    expect(() => activation(name, params as Record<string, number>)).toThrow(InvalidParameterError);
    expect(() => forward(name, new Float64Array(2), { params: params as Record<string, number> })).toThrow(
      InvalidParameterError,
    );
  });

  it('exact message for elu alpha = -1', () => {
    const error = thrown(() => activation('elu', { alpha: -1 }), InvalidParameterError);
    expect(error.message).toBe('elu: alpha must be a finite number > 0, got -1');
  });

  it('boundary values: hard_tanh min_val = max_val is rejected, rrelu lower = upper is accepted', () => {
    expect(() => activation('hard_tanh', { min_val: 1, max_val: 1 })).toThrow(InvalidParameterError);
    expect(activation('rrelu', { lower: 0.2, upper: 0.2 }).params).toEqual({ lower: 0.2, upper: 0.2 });
    expect(activation('squareplus', { b: 0 }).params).toEqual({ b: 0 });
    expect(() => activation('squareplus', { b: -1e-300 })).toThrow(InvalidParameterError);
  });

  it('given parameters override defaults and the rest are filled in', () => {
    expect(activation('hard_tanh', { max_val: 3 }).params).toEqual({ min_val: -1, max_val: 3 });
    expect(Object.isFrozen(activation('elu').params)).toBe(true);
  });

  it('every ParamSpec default passes resolveParams and is returned unchanged', () => {
    for (const a of ACTIVATIONS) {
      const values = resolveParams(a);
      expect(Object.keys(values).sort()).toEqual(Object.keys(a.params).sort());
      for (const [name, spec] of Object.entries(a.params)) {
        expect(values[name], `${a.id}.${name}`).toBe(spec.default);
        // And passing the default explicitly is accepted too.
        expect(resolveParams(a, { [name]: spec.default })[name]).toBe(spec.default);
      }
    }
  });

  it('every parameter just outside an exclusive minimum is rejected', () => {
    let checked = 0;
    for (const a of ACTIVATIONS) {
      for (const [name, spec] of Object.entries(a.params)) {
        if (spec.min === undefined) continue;
        const below = spec.exclusiveMin ? spec.min : spec.min - 1;
        expect(() => resolveParams(a, { [name]: below }), `${a.id}.${name} = ${below}`).toThrow(InvalidParameterError);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});

describe('shape errors carry their code', () => {
  it('ShapeError has code SHAPE', () => {
    const error = thrown(() => forward('relu', new Float64Array(3), { out: new Float64Array(2) }), ShapeError);
    expect(error.code).toBe('SHAPE');
    expect(error).toBeInstanceOf(ActlabError);
  });
});

describe('the array functions\' errors: stable codes and structured fields', () => {
  it('InvalidArgumentError names the function, the argument, what is accepted and what came', () => {
    const error = thrown(() => forward('gelu', 'abc' as never), InvalidArgumentError);
    expect(error).toBeInstanceOf(ActlabError);
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect([error.functionName, error.argument, error.expected, error.value]).toEqual(['forward', 'x', 'a Float64Array or Float32Array', 'abc']);
    expect(error.message).toBe('forward: x must be a Float64Array or Float32Array, got string "abc"');
  });

  it('DetachedArrayError, FreedArrayError and SizeLimitError carry their codes', () => {
    const x = new Float32Array(2);
    structuredClone(x.buffer, { transfer: [x.buffer] });
    const detached = thrown(() => forward('relu', x), DetachedArrayError);
    expect([detached.code, detached.functionName, detached.argument]).toEqual(['DETACHED_ARRAY', 'forward', 'x']);
    expect(new FreedArrayError('forward', 'x').code).toBe('FREED_ARRAY');
    const size = new SizeLimitError('allocateKernelArray', 'length', 2 ** 31, 2 ** 29);
    expect([size.code, size.maximum, size.value]).toEqual(['SIZE_LIMIT', 2 ** 29, 2 ** 31]);
    expect(size.message).toBe('allocateKernelArray: length must be at most 536870912, got 2147483648');
  });

  it('describeValue never throws, whatever it is given', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const cases: [unknown, string][] = [
      [null, 'null'],
      [undefined, 'undefined'],
      ['x'.repeat(50), `string "${'x'.repeat(40)}…"`],
      [NaN, 'number NaN'],
      [2n, 'bigint 2'],
      [[1, 2], 'Array(2)'],
      [new Int32Array(3), 'Int32Array(3)'],
      [new DataView(new ArrayBuffer(1)), 'DataView'],
      [{}, 'an object'],
      [new Map(), 'object Map'],
      [() => 1, 'a function'],
      [Symbol('s'), 'a symbol'],
    ];
    for (const [value, text] of cases) expect(describeValue(value)).toBe(text);
    expect(typeof describeValue(proxy)).toBe('string');
  });
});
