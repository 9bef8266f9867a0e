/**
 * The library under misuse: every array entry point checks its arguments before
 * any work and answers with the right result or an ActlabError with a stable code — never a
 * bare TypeError/RangeError, never a silent wrong answer, never a hang. One test per defect
 * class reported, then a fast-check property that drives the entry points with random valid
 * and invalid arguments and checks the contract against plain reference loops.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { getActivation, resolveParams, type ElementwiseActivation } from '../src/activations/index.js';
import { ActlabError } from '../src/errors.js';
import {
  activation,
  allocateKernelArray,
  backward,
  forward,
  freeKernelArray,
  getBackend,
  isKernelArray,
  jsBackend,
  matmulTransposeB,
  reserveKernelMemory,
  rreluTrain,
  rreluTrainBackward,
  setBackend,
  setKernelPrecision,
} from '../src/index.js';
import { setWasmEnabled, wasmKernels } from '../src/wasm/index.js';

afterEach(() => {
  setWasmEnabled(true);
  setKernelPrecision('fast');
});

/** The code of the ActlabError `body` throws (fails the test on any other outcome). */
function codeOf(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    if (error instanceof ActlabError) return error.code;
    throw new Error(`expected an ActlabError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an ActlabError, got a result');
}

function messageOf(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

/** Forces the WebAssembly memory to grow (detaching every kernel array made before). */
function growMemory(): void {
  const kernels = wasmKernels();
  if (!kernels) return;
  const before = kernels.exports.memory.buffer;
  reserveKernelMemory(kernels.exports.memory.buffer.byteLength + (1 << 20));
  expect(kernels.exports.memory.buffer).not.toBe(before);
}

describe('arguments of the wrong kind give INVALID_ARGUMENT, naming what is accepted', () => {
  const wrong: [string, unknown][] = [
    ['a string', 'abc'],
    ['an array-like', { length: 3 }],
    ['a number array', [1, 2, 3]],
    ['null', null],
    ['undefined', undefined],
    ['a number', 3],
    ['an Int32Array', new Int32Array(3)],
    ['a DataView', new DataView(new ArrayBuffer(12))],
    ['a tensor-like object', { shape: [3], dataSync: () => new Float32Array(3) }],
    ['a Proxy of a Float64Array', new Proxy(new Float64Array(3), {})],
  ];
  it.each(wrong)('x = %s: forward, backward, rreluTrain, rreluTrainBackward, matmul, activation()', (_, value) => {
    const x = value as Float64Array;
    const g = new Float64Array(3);
    for (const call of [
      () => forward('gelu', x),
      () => forward('relu', x),
      () => forward('softmax', x),
      () => backward('gelu', x, g),
      () => rreluTrain(x, Math.random),
      () => rreluTrainBackward(x, g),
      () => matmulTransposeB(x as Float64Array, g, 1, 3, 1),
      () => activation('gelu').forward(x),
      () => (activation('softmax') as { backward: (x: Float64Array, g: Float64Array) => unknown }).backward(x, g),
    ]) {
      expect(codeOf(call)).toBe('INVALID_ARGUMENT');
    }
    expect(messageOf(() => forward('gelu', x))).toMatch(/^forward: x must be a Float64Array or Float32Array, got /);
  });

  it.each(wrong.filter(([name]) => name !== 'undefined'))('out = %s is refused, never truncated or ignored', (_, value) => {
    const x = new Float64Array([1, 2, 3]);
    expect(codeOf(() => forward('gelu', x, { out: value as Float64Array }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => backward('gelu', x, x, { out: value as Float64Array }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => activation("gelu").forward(x, value as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => matmulTransposeB(x, x, 1, 3, 1, value as Float64Array))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => rreluTrainBackward(x, x, value as never))).toBe('INVALID_ARGUMENT');
  });

  it('names the type received and suggests converting a number array', () => {
    expect(messageOf(() => forward('gelu', 'abc' as never))).toBe('forward: x must be a Float64Array or Float32Array, got string "abc"');
    expect(messageOf(() => forward('gelu', [1, 2] as never))).toMatch(/got Array\(2\) \(convert a number array with Float64Array\.from\(x\)\)/);
    expect(messageOf(() => forward('gelu', new Float64Array(2), { out: new Int32Array(2) as never }))).toMatch(/options\.out must be a Float64Array or Float32Array, got Int32Array\(2\)/);
  });

  it('options, params, activation, random, backend and precision of the wrong kind', () => {
    const x = new Float64Array(2);
    expect(codeOf(() => forward('gelu', x, null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => forward('gelu', x, 5 as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => forward('gelu', x, { params: null as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => forward('elu', x, { params: { alpha: 'big' as never } }))).toBe('INVALID_PARAMETER');
    expect(codeOf(() => forward(42 as never, x))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => forward({ kind: 'elementwise' } as never, x))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => activation(null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => activation('elu', null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => rreluTrain(x, 'random' as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => rreluTrain(Float64Array.of(-1), () => '0.5' as never))).toBe('INVALID_PARAMETER');
    expect(codeOf(() => setBackend({} as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => setBackend(null as never))).toBe('INVALID_ARGUMENT');
    expect(getBackend().name).toBe('wasm');
    expect(codeOf(() => setKernelPrecision('exact' as never))).toBe('INVALID_PARAMETER');
  });

  it('getters and proxy traps that throw become INVALID_ARGUMENT (the original error as cause)', () => {
    const x = new Float64Array(2);
    const boom = () => {
      throw new TypeError('boom');
    };
    const getterOptions = Object.defineProperty({}, 'out', { get: boom });
    expect(codeOf(() => forward('gelu', x, getterOptions))).toBe('INVALID_ARGUMENT');
    const getterParams = Object.defineProperty({}, 'alpha', { get: boom, enumerable: true });
    expect(codeOf(() => forward('elu', x, { params: getterParams }))).toBe('INVALID_ARGUMENT');
    const trap = new Proxy({}, { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, has: boom });
    expect(codeOf(() => forward('elu', x, trap))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => forward('elu', x, { params: trap }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => forward(trap as never, x))).toBe('INVALID_ARGUMENT');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(codeOf(() => forward('gelu', x, proxy))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => matmulTransposeB(x, x, 1, 2, 1, undefined, trap))).toBe('INVALID_ARGUMENT');
  });

  it('a Float64Array subclass that lies about its length is read by its real length', () => {
    class Liar extends Float64Array {
      override get length(): number {
        throw new TypeError('no');
      }
    }
    const x = new Liar(3);
    x.set([1, -1, 2]);
    expect(Array.from(forward('relu', x))).toEqual([1, 0, 2]);
  });
});

describe('detached and freed arrays are detected', () => {
  it('after the memory grew, a kernel array is not a kernel array any more and using it throws DETACHED_ARRAY', () => {
    if (!wasmKernels()) return;
    const u = allocateKernelArray(8, 'float32');
    expect(isKernelArray(u)).toBe(true);
    growMemory();
    expect(isKernelArray(u)).toBe(false);
    expect(codeOf(() => forward('gelu', u))).toBe('DETACHED_ARRAY');
    expect(codeOf(() => forward('gelu', new Float32Array(0), { out: u }))).toBe('DETACHED_ARRAY');
    expect(codeOf(() => backward('gelu', u, u))).toBe('DETACHED_ARRAY');
    expect(codeOf(() => matmulTransposeB(u, u, 0, 0, 0))).toBe('DETACHED_ARRAY');
  });

  it('a transferred buffer is detected too', () => {
    const x = new Float64Array(4);
    structuredClone(x.buffer, { transfer: [x.buffer] });
    expect(codeOf(() => forward('relu', x))).toBe('DETACHED_ARRAY');
    expect(messageOf(() => forward('relu', x))).toMatch(/detached ArrayBuffer/);
  });

  it('after freeKernelArray(u), u is not a kernel array, is refused with FREED_ARRAY, and freeing it again spares the next block', () => {
    if (!wasmKernels()) return;
    reserveKernelMemory(1 << 16);
    const u = allocateKernelArray(16, 'float32');
    freeKernelArray(u);
    expect(isKernelArray(u)).toBe(false);
    expect(codeOf(() => forward('gelu', u))).toBe('FREED_ARRAY');
    const v = allocateKernelArray(16, 'float32'); // first fit: the same bytes as u
    expect(v.byteOffset).toBe(u.byteOffset);
    expect(isKernelArray(u)).toBe(false);
    expect(codeOf(() => forward('gelu', v, { out: u }))).toBe('FREED_ARRAY');
    freeKernelArray(u); // a no-op: u's block is gone, v's must survive
    expect(isKernelArray(v)).toBe(true);
    v.set([1, 2, 3]);
    expect(Array.from(forward('relu', v)).slice(0, 3)).toEqual([1, 2, 3]);
    freeKernelArray(v);
  });

  it('sizes: non-integer, negative or non-numbers give INVALID_ARGUMENT; too large gives SIZE_LIMIT naming the maximum', () => {
    for (const bad of [1.5, -1, NaN, Infinity, -Infinity, '3', null, 2n]) {
      expect(codeOf(() => allocateKernelArray(bad as number, 'float32'))).toBe('INVALID_ARGUMENT');
      expect(codeOf(() => reserveKernelMemory(bad as number))).toBe('INVALID_ARGUMENT');
    }
    expect(codeOf(() => allocateKernelArray(2 ** 31, 'float32'))).toBe('SIZE_LIMIT');
    expect(messageOf(() => allocateKernelArray(2 ** 31, 'float32'))).toMatch(/length must be at most 536870912, got 2147483648/);
    expect(messageOf(() => allocateKernelArray(2 ** 29, 'float64'))).toMatch(/at most 268435456/);
    if (wasmKernels()) expect(codeOf(() => reserveKernelMemory(2 ** 32))).toBe('SIZE_LIMIT');
    // A result the library would allocate: at most 2^30 elements (pass out for more).
    expect(codeOf(() => matmulTransposeB(new Float64Array(0), new Float64Array(0), 2 ** 20, 0, 2 ** 20))).toBe('SIZE_LIMIT');
    expect(messageOf(() => matmulTransposeB(new Float64Array(0), new Float64Array(0), 2 ** 20, 0, 2 ** 20))).toMatch(/at most 1073741824/);
    for (const bad of [NaN, -1, 1.5, Infinity, '2']) {
      expect(codeOf(() => matmulTransposeB(new Float64Array(0), new Float64Array(0), bad as number, 0, 0))).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('overlapping out: handled by copying first, for every routine; exact aliasing works', () => {
  const gelu = getActivation('gelu') as ElementwiseActivation;
  const values = [-2, -0.5, 0, 0.25, 1, 3, -1, 2, 0.5, -3];

  for (const Type of [Float64Array, Float32Array]) {
    it(`${Type.name}: forward and backward into a view shifted by one`, () => {
      for (const shift of [1, -1]) {
        const buffer = new Type(values.length + 1);
        const x = buffer.subarray(shift > 0 ? 0 : 1, values.length + (shift > 0 ? 0 : 1));
        x.set(values);
        const out = buffer.subarray(shift > 0 ? 1 : 0, values.length + (shift > 0 ? 1 : 0));
        const want = new Type(values.map((z) => gelu.f(z, {})));
        expect(Array.from(forward('gelu', x, { out }))).toEqual(Array.from(want));
        x.set(values);
        const wantGrad = new Type(values.map((z) => 2 * gelu.df(z, {})));
        const g = new Type(values.length).fill(2);
        expect(Array.from(backward('gelu', x, g, { out }).gradIn)).toEqual(Array.from(wantGrad));
        // gradOut overlapping gradIn by one
        const gBuffer = new Type(values.length + 1).fill(2);
        x.set(values);
        const gradIn = backward('gelu', x, gBuffer.subarray(0, values.length), { out: gBuffer.subarray(1) as never }).gradIn;
        expect(Array.from(gradIn)).toEqual(Array.from(wantGrad));
      }
    });

    it(`${Type.name}: exact aliasing (out === x, gradIn === gradOut) still works`, () => {
      const x = Type.from(values);
      expect(Array.from(forward('gelu', x, { out: x }))).toEqual(Array.from(new Type(values.map((z) => gelu.f(z, {})))));
      const y = Type.from(values);
      const g = new Type(values.length).fill(1);
      expect(Array.from(backward('gelu', y, g, { out: g }).gradIn)).toEqual(Array.from(new Type(values.map((z) => gelu.df(z, {})))));
    });

    it(`${Type.name}: vector activations, rreluTrain and its backward, overlapping by one`, () => {
      const buffer = new Type(7);
      const x = buffer.subarray(0, 6);
      x.set([1, 2, 3, -1, 0, 4]);
      const want = forward('softmax', Type.from(x), { rowLength: 3 });
      expect(Array.from(forward('softmax', x, { rowLength: 3, out: buffer.subarray(1) as never }))).toEqual(Array.from(want));
      x.set([1, 2, 3, -1, 0, 4]);
      const wantGlu = forward('glu', Type.from(x), { rowLength: 2 });
      expect(Array.from(forward('glu', x, { rowLength: 2, out: buffer.subarray(1, 4) as never }))).toEqual(Array.from(wantGlu));
      x.set([1, 2, 3, -1, 0, 4]);
      const g = Type.from([1, 0, 0, 0, 1, 0]);
      const wantBack = backward('softmax', Type.from(x), g, { rowLength: 3 }).gradIn;
      expect(Array.from(backward('softmax', x, g, { rowLength: 3, out: buffer.subarray(1) as never }).gradIn)).toEqual(Array.from(wantBack));
      x.set([1, -2, 3, -1, 0, -4]);
      const { out, slopes } = rreluTrain(Type.from(x), () => 0.5);
      expect(Array.from(rreluTrain(x, () => 0.5, { out: buffer.subarray(1) as never }).out)).toEqual(Array.from(out));
      const s2 = new Type(7);
      s2.set(slopes);
      expect(Array.from(rreluTrainBackward(s2.subarray(0, 6), g, s2.subarray(1) as never))).toEqual(Array.from(g, (v, i) => v * (slopes[i] as number)));
    });

    it(`${Type.name}: matmul with out overlapping a, b or the bias (or equal to a)`, () => {
      const a = Type.from([1, 2, 3, 4]);
      const b = Type.from([5, 6, 7, 8]);
      const bias = Type.from([0.5, -0.5]);
      const want = Array.from(matmulTransposeB(Type.from(a), Type.from(b), 2, 2, 2, undefined, { bias: Type.from(bias) }));
      for (const which of ['a', 'b', 'bias'] as const) {
        const buffer = new Type(8);
        const operands = { a: Type.from(a), b: Type.from(b), bias: Type.from(bias) };
        const view = buffer.subarray(1, 1 + operands[which].length);
        view.set(operands[which]);
        operands[which] = view;
        const out = buffer.subarray(2, 6);
        expect(Array.from(matmulTransposeB(operands.a, operands.b, 2, 2, 2, out, { bias: operands.bias }))).toEqual(want);
      }
      const same = Type.from(a);
      expect(Array.from(matmulTransposeB(same, Type.from(b), 2, 2, 2, same, { bias: Type.from(bias) }))).toEqual(want);
    });
  }
});

describe('rowLength: a positive integer dividing the length; empty arrays give empty results', () => {
  it('0, negative, fractional, NaN or a string are refused the same way through forward and activation()', () => {
    const x = new Float64Array([1, 2, 3, 4]);
    const softmax = activation('softmax') as { forward: (x: Float64Array, rowLength?: unknown) => Float64Array };
    for (const bad of [0, -2, 1.5, NaN, Infinity, '2', null]) {
      expect(codeOf(() => forward('softmax', x, { rowLength: bad as number }))).toBe('SHAPE');
      expect(codeOf(() => softmax.forward(x, bad))).toBe('SHAPE');
    }
    expect(messageOf(() => softmax.forward(x, 0))).toMatch(/rowLength must be a positive integer/);
    expect(messageOf(() => forward('softmax', x, { rowLength: 3 }))).toMatch(/rowLength must divide the array length 4, got 3/);
    expect(Array.from(softmax.forward(x, undefined))).toEqual(Array.from(forward('softmax', x)));
  });

  it('empty arrays: empty results, with or without rowLength, for every vector activation and elementwise ones', () => {
    for (const id of ['softmax', 'log_softmax', 'glu', 'swiglu', 'geglu', 'reglu']) {
      for (const Type of [Float64Array, Float32Array]) {
        expect(forward(id, new Type(0))).toEqual(new Type(0));
        expect(forward(id, new Type(0), { rowLength: 4 })).toEqual(new Type(0));
        expect(backward(id, new Type(0), new Type(0)).gradIn).toEqual(new Type(0));
      }
    }
    expect(forward('gelu', new Float32Array(0))).toEqual(new Float32Array(0));
    expect(backward('prelu', new Float32Array(0), new Float32Array(0)).paramGradients).toEqual({ slope: 0 });
  });

  it('gated activations need even rows, with a clear message', () => {
    expect(messageOf(() => forward('glu', new Float64Array(3)))).toMatch(/glu splits the last axis in halves: its length must be even and ≥ 2, got 3/);
    expect(codeOf(() => forward('swiglu', new Float64Array(6), { rowLength: 3 }))).toBe('SHAPE');
  });
});

// ───────────── the property: random valid and invalid calls ─────────────

/** Codes a misused entry point may answer with. */
const CODES = new Set(['INVALID_ARGUMENT', 'INVALID_PARAMETER', 'UNKNOWN_ACTIVATION', 'SHAPE', 'DETACHED_ARRAY', 'FREED_ARRAY', 'SIZE_LIMIT']);

type Kind = 'f64' | 'f32';
/** An argument description: built fresh for each run (arrays may be detached or freed on purpose). */
type ArrayArg =
  | { tag: 'array'; kind: Kind; length: number; seed: number }
  | { tag: 'kernel'; kind: Kind; length: number; seed: number }
  | { tag: 'freed'; kind: Kind; length: number }
  | { tag: 'detached'; kind: Kind; length: number }
  | { tag: 'junk'; value: unknown };

const JUNK: unknown[] = [
  'abc',
  3,
  NaN,
  null,
  undefined,
  { length: 3 },
  [1, 2, 3],
  new Int32Array(3),
  new DataView(new ArrayBuffer(8)),
  new Proxy(new Float64Array(3), {}),
  Object.freeze({}),
  Symbol('x'),
  () => 1,
];

const arrayArg: fc.Arbitrary<ArrayArg> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ tag: fc.constant('array' as const), kind: fc.constantFrom<Kind>('f64', 'f32'), length: fc.integer({ min: 0, max: 9 }), seed: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ tag: fc.constant('kernel' as const), kind: fc.constantFrom<Kind>('f64', 'f32'), length: fc.integer({ min: 0, max: 9 }), seed: fc.integer() }) },
  { weight: 1, arbitrary: fc.record({ tag: fc.constant('freed' as const), kind: fc.constantFrom<Kind>('f64', 'f32'), length: fc.integer({ min: 1, max: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ tag: fc.constant('detached' as const), kind: fc.constantFrom<Kind>('f64', 'f32'), length: fc.integer({ min: 1, max: 9 }) }) },
  { weight: 2, arbitrary: fc.record({ tag: fc.constant('junk' as const), value: fc.constantFrom(...JUNK) }) },
);

function fill(array: Float32Array | Float64Array, seed: number): void {
  let s = seed | 0 || 1;
  for (let i = 0; i < array.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    array[i] = ((s >>> 0) / 2 ** 32 - 0.5) * 12;
  }
}

/** Builds an argument; returns its value and a cleanup. */
function build(arg: ArrayArg, keep: (a: Float32Array | Float64Array) => void): unknown {
  const Type = (kind: Kind) => (kind === 'f64' ? Float64Array : Float32Array);
  switch (arg.tag) {
    case 'array': {
      const a = new (Type(arg.kind))(arg.length);
      fill(a, arg.seed);
      return a;
    }
    case 'kernel': {
      const a = allocateKernelArray(arg.length, arg.kind === 'f64' ? 'float64' : 'float32');
      fill(a, arg.seed);
      keep(a);
      return a;
    }
    case 'freed': {
      if (!wasmKernels()) return null; // no kernel memory: stands for junk
      const a = allocateKernelArray(arg.length, arg.kind === 'f64' ? 'float64' : 'float32');
      freeKernelArray(a);
      return a;
    }
    case 'detached': {
      const a = new (Type(arg.kind))(arg.length);
      structuredClone(a.buffer, { transfer: [a.buffer] });
      return a;
    }
    case 'junk':
      return arg.value;
  }
}

/** A copy of a live float array (undefined for anything else: junk, detached). */
function copyOf(value: unknown): Float64Array | Float32Array | undefined {
  if (!(value instanceof Float64Array || value instanceof Float32Array)) return undefined;
  try {
    return value.slice();
  } catch {
    return undefined;
  }
}

/** Plain reference loops (the scalar definitions), on copies taken before the call. */
function close(got: ArrayLike<number>, want: ArrayLike<number>, single: boolean): boolean {
  if (got.length !== want.length) return false;
  for (let i = 0; i < got.length; i++) {
    const [g, w] = [got[i] as number, want[i] as number];
    if (Number.isNaN(w) ? !Number.isNaN(g) : Math.abs(g - w) > (single ? 4e-7 : 1e-15) * Math.max(Math.abs(w), 1e-30) && g !== w) return false;
  }
  return true;
}

const ELEMENTWISE_IDS = ['relu', 'gelu', 'elu', 'swish', 'prelu', 'hard_sigmoid', 'softplus', 'tanh'];
const VECTOR_IDS = ['softmax', 'log_softmax', 'glu', 'reglu'];

describe('property: random valid and invalid calls get the right answer or a typed error', () => {
  it('forward, backward (elementwise and vector, also through activation())', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ELEMENTWISE_IDS, ...VECTOR_IDS, 'nope', 42),
        arrayArg,
        arrayArg,
        fc.option(arrayArg, { nil: undefined }),
        fc.option(fc.oneof(fc.integer({ min: -2, max: 10 }), fc.constantFrom(NaN, 1.5, '2', null, Infinity)), { nil: undefined }),
        fc.constantFrom('forward', 'backward', 'bound-forward', 'bound-backward', 'aliased'),
        fc.constantFrom<'fast' | 'precise'>('fast', 'precise'),
        fc.boolean(),
        fc.constantFrom('plain', 'frozen', 'proxy', 'throwing getter'),
        (id, xArg, gArg, outArg, rowLength, entry, precision, wasm, wrapper) => {
          setWasmEnabled(wasm);
          setKernelPrecision(precision);
          const kept: (Float32Array | Float64Array)[] = [];
          const keep = (a: Float32Array | Float64Array) => kept.push(a);
          try {
            const x = build(xArg, keep) as Float64Array;
            const g = build(gArg, keep) as Float64Array;
            const out = entry === 'aliased' ? x : outArg === undefined ? undefined : (build(outArg, keep) as Float64Array);
            const xCopy = copyOf(x);
            const gCopy = copyOf(g);
            const plain = { ...(out !== undefined ? { out } : {}), ...(rowLength !== undefined ? { rowLength: rowLength as number } : {}) };
            const options =
              wrapper === 'frozen'
                ? Object.freeze(plain)
                : wrapper === 'proxy'
                  ? new Proxy(plain, {})
                  : wrapper === 'throwing getter'
                    ? Object.defineProperty({ ...plain }, 'params', {
                        get() {
                          throw new RangeError('a getter that throws');
                        },
                      })
                    : plain;
            let result: unknown;
            try {
              if (entry === 'forward' || entry === 'aliased') result = forward(id as string, x, options);
              else if (entry === 'backward') result = backward(id as string, x, g, options).gradIn;
              else {
                const bound = activation(id as string) as { kind: string; forward: (...a: unknown[]) => unknown; backward: (...a: unknown[]) => { gradIn: unknown } };
                const extra = bound.kind === 'vector' ? [rowLength] : [];
                result = entry === 'bound-forward' ? bound.forward(x, ...extra, out) : bound.backward(x, g, ...extra, out).gradIn;
              }
            } catch (error) {
              if (!(error instanceof ActlabError)) throw error;
              expect(CODES).toContain(error.code);
              return;
            }
            // It answered: check the answer against the plain loop on the copies.
            expect(xCopy).toBeDefined();
            const definition = getActivation(id as string);
            const single = result instanceof Float32Array;
            const isBackward = entry === 'backward' || entry === 'bound-backward';
            let want: Float64Array;
            if (definition.kind === 'elementwise') {
              const p = resolveParams(definition, {});
              want = Float64Array.from(xCopy as Float64Array, (z, i) => (isBackward ? (gCopy as Float64Array)[i]! * definition.df(z, p) : definition.f(z, p)));
            } else {
              const n = (rowLength as number | undefined) ?? (xCopy as Float64Array).length;
              const wide = Float64Array.from(xCopy as Float64Array);
              want = new Float64Array(isBackward ? wide.length : n === 0 ? 0 : (wide.length / n) * definition.outputLength(n));
              if (want.length > 0) {
                if (isBackward) jsBackend.vectorBackward(definition, {}, wide, Float64Array.from(gCopy as Float64Array), n, want);
                else jsBackend.vectorForward(definition, {}, wide, n, want);
              }
            }
            if (out !== undefined) expect(result).toBe(out);
            expect(close(result as Float64Array, single ? want.map(Math.fround) : want, single)).toBe(true);
          } finally {
            for (const a of kept) if (isKernelArray(a)) freeKernelArray(a);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('rreluTrain, rreluTrainBackward, matmulTransposeB, allocateKernelArray, reserveKernelMemory', () => {
    const size = fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom(NaN, Infinity, 1.5, '2', null, 2 ** 40));
    fc.assert(
      fc.property(
        fc.constantFrom('rreluTrain', 'rreluTrainBackward', 'matmul', 'allocate', 'reserve'),
        arrayArg,
        arrayArg,
        fc.option(arrayArg, { nil: undefined }),
        size,
        size,
        size,
        fc.boolean(),
        (entry, aArg, bArg, outArg, m, k, n, wasm) => {
          setWasmEnabled(wasm);
          const kept: (Float32Array | Float64Array)[] = [];
          const keep = (a: Float32Array | Float64Array) => kept.push(a);
          try {
            const a = build(aArg, keep) as Float64Array;
            const b = build(bArg, keep) as Float64Array;
            const out = outArg === undefined ? undefined : (build(outArg, keep) as Float64Array);
            const aCopy = copyOf(a);
            const bCopy = copyOf(b);
            let result: unknown;
            try {
              if (entry === 'rreluTrain') result = rreluTrain(a, () => 0.25, out === undefined ? {} : { out }).out;
              else if (entry === 'rreluTrainBackward') result = rreluTrainBackward(a, b, out);
              else if (entry === 'matmul') result = matmulTransposeB(a, b, m as number, k as number, n as number, out);
              else if (entry === 'allocate') {
                const array = allocateKernelArray(m as number, 'float32');
                expect(array.length).toBe(m);
                if (isKernelArray(array)) freeKernelArray(array);
                return;
              } else {
                reserveKernelMemory(m as number);
                return;
              }
            } catch (error) {
              if (!(error instanceof ActlabError)) throw error;
              expect(CODES).toContain(error.code);
              return;
            }
            const single = result instanceof Float32Array;
            let want: Float64Array;
            if (entry === 'rreluTrain') {
              const lower = 1 / 8;
              const slope = lower + (1 / 3 - lower) * 0.25;
              want = Float64Array.from(aCopy as Float64Array, (z) => (z > 0 ? z : slope * (single ? Math.fround(slope) / slope : 1) * z));
            } else if (entry === 'rreluTrainBackward') {
              want = Float64Array.from(aCopy as Float64Array, (s, i) => s * (bCopy as Float64Array)[i]!);
            } else {
              const [M, K, N] = [m as number, k as number, n as number];
              want = new Float64Array(M * N);
              for (let i = 0; i < M; i++) {
                for (let j = 0; j < N; j++) {
                  let sum = 0;
                  for (let p = 0; p < K; p++) sum += (aCopy as Float64Array)[i * K + p]! * (bCopy as Float64Array)[j * K + p]!;
                  want[i * N + j] = sum;
                }
              }
            }
            expect(close(result as Float64Array, single ? want.map(Math.fround) : want, single || entry === 'matmul')).toBe(true);
          } finally {
            for (const a of kept) if (isKernelArray(a)) freeKernelArray(a);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
