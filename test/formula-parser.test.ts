/**
 * The formula parser: what it reads (values checked by hand), what it refuses (the problem and
 * its exact column), and that no text — random strings, token soups, JavaScript — runs code or
 * fails with anything but a FormulaError.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formulaActivation, getActivation, isFormula } from '../src/activations/index.js';
import { FormulaError, UnknownActivationError } from '../src/errors.js';
import { MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH, parseActivationSpec, splitActivationList } from '../src/formula/index.js';

const f = (text: string, z: number) => formulaActivation(text).f(z, {});

describe('valid formulas', () => {
  test.each([
    ['1 + 2 * 3', 0, 7],
    ['2^3^2', 0, 512],
    ['-z^2', 3, -9],
    ['(-z)^2', 3, 9],
    ['-2^2', 0, -4],
    ['2^-1', 0, 0.5],
    ['+z', 4, 4],
    ['z - -z', 2, 4],
    ['.5 + 1.5 + 1e-3 + 2E2', 0, 202.001],
    ['10 / 4 / 5', 0, 0.5],
    ['pi', 0, Math.PI],
    ['e^z', 1, Math.exp(1)],
    ['exp(z) - expm1(z)', 0.5, 1],
    ['log(e) + log1p(0) + sqrt(4)', 0, 3],
    ['sin(pi/2) + cos(0) + tanh(0)', 0, 2],
    ['erf(0) + erfc(0)', 0, 1],
    ['abs(z) + min(z, 1, -5) + max(z, 2)', -3, -3 + -5 + 2 + 6],
    ['where(z >= 0, 1, 2) + where(z < 0, 10, 20)', 0, 21],
    ['(z == 1) + (z != 1) * 2 + (z <= 1) * 4 + (z > 1) * 8', 1, 5],
    ['softplus(0)', 0, Math.LN2],
    ['relu(z) + sigmoid(0) + leaky_relu(z, negative_slope=0.5)', -2, 0.5 - 1],
    ['elu(z, alpha=0.5)', -Infinity, -0.5],
    ['silu(z) - swish(z)', 1.3, 0],
    ['  z*tanh(softplus(z))  ', 1, getActivation('mish').f(1, {})],
  ])('%s at z = %s is %s', (text, z, expected) => {
    expect(f(text, z)).toBeCloseTo(expected, 14);
  });

  test('labels: the first top-level "=" not part of ==, <=, >=, != (and not inside a call)', () => {
    expect(parseActivationSpec('My mish=z*tanh(softplus(z))')).toEqual({ label: 'My mish', expression: 'z*tanh(softplus(z))', offset: 8 });
    expect(parseActivationSpec('where(z>=0, z, 0)').label).toBeUndefined();
    expect(parseActivationSpec('elu(z, alpha=0.5)').label).toBeUndefined();
    expect(parseActivationSpec('z == 1').label).toBeUndefined();
    expect(parseActivationSpec('a <= b').label).toBeUndefined();
    expect(parseActivationSpec('step=where(z>=0,1,0)')).toEqual({ label: 'step', expression: 'where(z>=0,1,0)', offset: 5 });
    expect(formulaActivation('step = z >= 0').name).toBe('step');
  });

  test('lists split at top-level commas only', () => {
    expect(splitActivationList('relu,max(z,0.1*z)')).toEqual(['relu', 'max(z,0.1*z)']);
    expect(splitActivationList(' relu , where(z>0, z, 0) ,gelu')).toEqual(['relu', 'where(z>0, z, 0)', 'gelu']);
    expect(splitActivationList('a=elu(z, alpha=0.5),b=z')).toEqual(['a=elu(z, alpha=0.5)', 'b=z']);
  });

  test('names first, then formulas; a plain unknown word stays an unknown activation', () => {
    expect(getActivation('leaky-relu').id).toBe('leaky_relu');
    expect(getActivation('Leaky ReLU').id).toBe('leaky_relu');
    expect(isFormula('leaky-relu')).toBe(false);
    expect(isFormula('relu,gelu')).toBe(true);
    expect(isFormula('z')).toBe(true);
    expect(isFormula('tnah')).toBe(false);
    expect(() => getActivation('tnah')).toThrow(UnknownActivationError);
    expect(() => getActivation('relu7')).toThrow(UnknownActivationError);
    expect(getActivation('z').family).toBe('formula');
  });
});

/** The error thrown for text, which must be a FormulaError. */
function refusal(text: string): FormulaError {
  try {
    formulaActivation(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaError);
    return error as FormulaError;
  }
  throw new Error(`accepted: ${text}`);
}

describe('refusals name the problem and its column', () => {
  test.each([
    ['z*tnah(z)', 3, 'unknown function "tnah"', 'tanh'],
    ['', 1, 'empty formula', undefined],
    ['   ', 4, 'empty formula', undefined],
    ['(z + 1', 7, 'missing ")"', undefined],
    ['max(z, 1', 9, 'missing ")"', undefined],
    ['z + ', 4, 'unexpected end of formula', undefined],
    ['z * * 2', 5, 'unexpected "*"', undefined],
    ['z 2', 3, 'unexpected "2"', undefined],
    ['z)', 2, 'unexpected ")"', undefined],
    ['x + 1', 1, 'unknown variable "x"', 'z'],
    ['z + constructor', 5, 'unknown variable "constructor"', undefined],
    ['sin(z, 1)', 1, 'sin takes 1 argument, got 2', undefined],
    ['max(z)', 1, 'max takes at least 2 arguments, got 1', undefined],
    ['where(z > 0, 1)', 1, 'where takes 3 arguments, got 2', undefined],
    ['sin + 1', 1, '"sin" is a function', undefined],
    ['softmax(z)', 1, 'softmax acts on whole vectors', undefined],
    ['elu(z, alpha=-1)', 8, 'elu: alpha must be a finite number > 0, got -1', undefined],
    ['elu(z, beta=1)', 8, 'elu: parameter name must be one of: alpha, got "beta"', undefined],
    ['elu(z, alpha=z)', 8, 'parameter alpha must not depend on z', undefined],
    ['My mish=z*tnah(z)', 11, 'unknown function "tnah"', 'tanh'],
    ['z # 1', 3, 'unexpected character "#"', undefined],
    ['1e999', 1, 'number 1e999 overflows', undefined],
    ['Tanh(z)', 1, 'unknown function "Tanh"', 'tanh'],
  ])('%j: column %i, %s', (text, column, problem, suggestion) => {
    const error = refusal(text);
    expect(error.column).toBe(column);
    expect(error.problem).toBe(problem);
    expect(error.suggestion).toBe(suggestion);
  });

  test('the message reads "unknown function "tnah" at 3 — did you mean tanh?"', () => {
    expect(refusal('z*tnah(z)').message).toContain('unknown function "tnah" at 3 — did you mean tanh?');
    expect(() => getActivation('z*tnah(z)')).toThrow(/unknown function "tnah" at 3 — did you mean tanh\?/);
  });

  test('too long and too deep are refused before any recursion could overflow the stack', () => {
    expect(refusal('z+'.repeat(MAX_FORMULA_LENGTH) + 'z').problem).toMatch(/^too long/);
    const deep = '('.repeat(MAX_FORMULA_DEPTH + 5) + 'z' + ')'.repeat(MAX_FORMULA_DEPTH + 5);
    expect(refusal(deep).problem).toBe('too deeply nested');
    expect(refusal('-'.repeat(200) + 'z').problem).toBe('too deeply nested');
    expect(refusal('z' + '^z'.repeat(100)).problem).toBe('too deeply nested');
    expect(f('-'.repeat(20) + 'z', 1)).toBe(1);
  });
});

const ALPHABET = [...'z+-*/^().,=<>! 0123456789eabcdfghijklmnopqrstuvwxy_', '\u0000', '"', "'", '`', ';', '[', ']', '{', '}', '$', '\\'];
const TOKENS = [
  'z', 'pi', 'e', '1', '0.5', '.5', '1e-3', '+', '-', '*', '/', '^', '(', ')', ',', '=', '<', '<=', '>', '>=', '==', '!=',
  'exp', 'log', 'sin', 'max', 'min', 'where', 'abs', 'softplus', 'gelu', 'elu', 'alpha', 'this', 'constructor', '__proto__',
  'globalThis', 'process', 'require', 'eval', 'Function', 'toString', 'valueOf', 'hasOwnProperty', '.', ' ', 'import', '=>', '`',
];
const JAVASCRIPT = [
  'constructor', '__proto__', 'process.exit()', 'this', 'globalThis', 'eval("1")', 'Function("return 1")()', 'require("fs")',
  'constructor.constructor("return process")()', 'z.constructor', '(() => 1)()', 'toString()', 'valueOf(z)', 'hasOwnProperty(z)',
  '__proto__(z)', 'z[0]', '{}', 'import("fs")', 'new Date()', '`${z}`', 'z;1', 'this.constructor(z)', 'globalThis.x = z.y',
];

/** Formula text never throws anything but a FormulaError, and never touches the global object. */
function safe(text: string): void {
  const before = Object.keys(globalThis).length;
  try {
    const activation = formulaActivation(text);
    for (const z of [-1, 0, 0.5, Infinity]) {
      for (const order of ['f', 'df', 'd2f'] as const) expect(typeof activation[order](z, {})).toBe('number');
    }
  } catch (error) {
    expect(error).toBeInstanceOf(FormulaError);
  }
  expect(Object.keys(globalThis).length).toBe(before);
}

describe('no text runs code', () => {
  test.each(JAVASCRIPT)('%j is refused as a formula error', (text) => {
    expect(() => formulaActivation(text)).toThrow(FormulaError);
  });

  test('text before a top-level "=" is only a label: "globalThis.x = 1" is the constant 1 named "globalThis.x"', () => {
    const constant = formulaActivation('globalThis.x = 1');
    expect([constant.name, constant.f(5, {})]).toEqual(['globalThis.x', 1]);
    expect('x' in globalThis).toBe(false);
  });

  test('random strings of the formula alphabet and beyond', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((c) => c.join('')), (text) => safe(text)), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => safe(text)), { numRuns: 1000 });
  });

  test('kinks of random formulas: sorted finite numbers, at most 64, in bounded time', () => {
    const parsed = fc
      .array(fc.constantFrom('z', '1', '0.5', '+', '-', '*', '/', '^', '(', ')', ',', '<', '>', 'abs(', 'max(', 'where(', 'relu(', 'sin(', 'exp('), { minLength: 1, maxLength: 25 })
      .map((t) => t.join(''))
      .filter((text) => {
        try {
          formulaActivation(text);
          return true;
        } catch {
          return false;
        }
      });
    fc.assert(
      fc.property(parsed, (text) => {
        const start = performance.now();
        const kinks = formulaActivation(text).kinks({});
        expect(performance.now() - start).toBeLessThan(2000);
        expect(kinks.length).toBeLessThanOrEqual(64);
        expect(kinks.every((k, i) => Number.isFinite(k) && (i === 0 || k > kinks[i - 1]!))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test('token soups', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join('')), (text) => safe(text)), { numRuns: 3000 });
  });
});
