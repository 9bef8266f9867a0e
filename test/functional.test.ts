/**
 * actlab/functional: one plain function per registered activation, named as the id in
 * camelCase, giving the definition's own bits on a number and the array kernels' bits on an
 * array of either float type — and the root names (`import { relu } from 'actlab'`) are these
 * functions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_IDS, getActivation, resolveParams } from '../src/activations/index.js';
import type { ElementwiseActivation } from '../src/activations/types.js';
import { ForeignConventionError, InvalidArgumentError, InvalidParameterError } from '../src/errors.js';
import * as functional from '../src/functional.js';
import { functionName } from '../src/functional.js';
import * as root from '../src/index.js';
import { forward } from '../src/kernels/index.js';

type AnyFunction = ((x: unknown, ...rest: unknown[]) => unknown) & { id: string; definition: unknown };
const functions = Object.entries(functional).filter(([, value]) => typeof value === 'function' && 'definition' in value) as [string, AnyFunction][];
const elementwiseIds = ACTIVATION_IDS.filter((id) => getActivation(id).kind === 'elementwise');

const HARD_POINTS = [0, -0, 1, -1, 0.5, -3, 3, 6, 1e-300, -1e-300, 5e-324, 20, -20, 710, -745, 1e308, -1e308, Infinity, -Infinity, NaN];

describe('one function per registered activation', () => {
  it('the exported functions are the registry ids in camelCase, each with its definition', () => {
    expect(functions.map(([name]) => name).sort()).toEqual(ACTIVATION_IDS.map(functionName).sort());
    for (const [name, fn] of functions) {
      expect(functionName(fn.id)).toBe(name);
      expect(fn.definition).toBe(getActivation(fn.id));
    }
    expect(functionName('leaky_relu')).toBe('leakyRelu');
    expect(functionName('gelu_tanh')).toBe('geluTanh');
    expect(functionName('relu6')).toBe('relu6');
  });

  it("the root's names are the same functions (not definition objects)", () => {
    for (const [name, fn] of functions) expect((root as unknown as Record<string, unknown>)[name]).toBe(fn);
    expect(root.relu(-1)).toBe(0);
    expect(root.relu(2)).toBe(2);
  });
});

describe('a number gives the definition’s f, an array the kernels’ forward', () => {
  it('every elementwise function at hard points and random doubles: the scalar definition bit for bit', () => {
    for (const id of elementwiseIds) {
      const fn = (functional as unknown as Record<string, AnyFunction>)[functionName(id)] as AnyFunction;
      const definition = getActivation(id) as ElementwiseActivation;
      const defaults = resolveParams(definition);
      for (const z of HARD_POINTS) expect(Object.is(fn(z), definition.f(z, defaults)), `${id}(${z})`).toBe(true);
    }
    fc.assert(
      fc.property(fc.constantFrom(...elementwiseIds), fc.double(), (id, z) => {
        const fn = (functional as unknown as Record<string, AnyFunction>)[functionName(id)] as AnyFunction;
        const definition = getActivation(id) as ElementwiseActivation;
        return Object.is(fn(z), definition.f(z, resolveParams(definition)));
      }),
      { numRuns: 300 },
    );
  });

  it('arrays keep their type and give forward()’s bits, with and without parameters', () => {
    const values = [-7.5, -3, -1, -0.25, -0, 0, 0.25, 1, 3, 7.5];
    for (const id of elementwiseIds) {
      const fn = (functional as unknown as Record<string, AnyFunction>)[functionName(id)] as AnyFunction;
      for (const ArrayType of [Float64Array, Float32Array]) {
        const x = ArrayType.from(values);
        const y = fn(x) as Float64Array | Float32Array;
        expect(y).toBeInstanceOf(ArrayType);
        expect(Array.from(y)).toEqual(Array.from(forward(id, x)));
      }
    }
    const x = new Float64Array([-2, -1, 0, 1]);
    expect(Array.from(functional.leakyRelu(x, { negative_slope: 0.2 }))).toEqual([-0.4, -0.2, 0, 1]);
    expect(Array.from(functional.elu(new Float32Array([-1]), { alpha: 0.5 }))).toEqual(Array.from(forward('elu', new Float32Array([-1]), { params: { alpha: 0.5 } })));
  });

  it('parameters on a number; an out array (x itself: in place)', () => {
    expect(functional.leakyRelu(-2, { negative_slope: 0.2 })).toBe(-0.4);
    expect(functional.hardSigmoid(1, { slope: 0.2 })).toBe(0.7);
    expect(functional.hardSigmoid(3)).toBe(1);
    const x = new Float64Array([-1, 2]);
    expect(functional.relu(x, undefined, x)).toBe(x);
    expect(Array.from(x)).toEqual([0, 2]);
  });

  it('vector functions act row by row', () => {
    const rows = functional.softmax(new Float64Array([1, 2, 3, 1, 1, 1]), { rowLength: 3 });
    expect(Array.from(rows)).toEqual(Array.from(forward('softmax', new Float64Array([1, 2, 3, 1, 1, 1]), { rowLength: 3 })));
    expect(Array.from(rows.subarray(3))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(functional.glu(new Float32Array([2, 0]))).toEqual(new Float32Array([1]));
    expect(Array.from(functional.logSoftmax(new Float64Array([20, -20, 0])))).toEqual([-2.061153624562735e-9, -40.00000000206116, -20.000000002061153]);
  });
});

describe('bad input is refused with what is allowed', () => {
  it('arguments', () => {
    expect(() => (functional.relu as AnyFunction)([1, 2])).toThrow(InvalidArgumentError);
    expect(() => (functional.relu as AnyFunction)([1, 2])).toThrow('relu: x must be a number, a Float64Array or a Float32Array, got Array(2) (convert a number[] with Float64Array.from(x))');
    expect(() => (functional.softmax as AnyFunction)(1)).toThrow('softmax acts on a whole vector: pass a Float64Array');
    expect(() => (functional.gelu as AnyFunction)('1')).toThrow(InvalidArgumentError);
    expect(() => (functional.elu as AnyFunction)(1, 0.5)).toThrow(InvalidArgumentError);
    expect(() => (functional.softmax as AnyFunction)(new Float64Array(4), { rowLength: 3 })).toThrow(/rowLength must divide/);
  });

  it('parameters: unknown, out of range, another framework’s name for the same thing, or for something actlab does not offer', () => {
    expect(() => (functional.relu as AnyFunction)(1, { alpha: 1 })).toThrow(InvalidParameterError);
    expect(() => functional.elu(1, { alpha: -1 })).toThrow('elu: alpha must be a finite number > 0, got -1');
    expect((functional.hardshrink as AnyFunction)(0.7, { lambd: 1 })).toBe(0); // PyTorch's spelling of λ
    expect((functional.leakyRelu as AnyFunction)(-1, { alpha: 0.2 })).toBe(-0.2); // TF.js's
    expect(() => (functional.softplus as AnyFunction)(1, { threshold: 20 })).toThrow(ForeignConventionError);
  });
});
