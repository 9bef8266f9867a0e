/**
 * The matrix product on several threads (src/node/threads.ts): the same bits as one thread.
 * Worker threads run compiled JavaScript, so this test loads the build in dist/ (npm test
 * builds first).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIST = new URL('../dist/', import.meta.url);

describe('enableMatmulThreads', () => {
  it('splits large products across threads with the same bits as one thread', async () => {
    if (!existsSync(new URL('node/threads.js', DIST))) throw new Error('dist/ is missing: run "npm run build" (npm test does) before this test');
    const { enableMatmulThreads } = (await import(new URL('node/threads.js', DIST).href)) as typeof import('../src/node/threads.js');
    const { matmulTransposeB, setMatmulSplitter } = (await import(new URL('kernels/matmul.js', DIST).href)) as typeof import('../src/kernels/matmul.js');
    const { DefaultRng } = (await import(new URL('math/rng.js', DIST).href)) as typeof import('../src/math/rng.js');
    const rng = new DefaultRng(3);
    const [m, k, n] = [67, 520, 610]; // 21M multiply-adds: above the threshold; rows not divisible by 2
    for (const Type of [Float64Array, Float32Array]) {
      const a = rng.fillNormal(new Type(m * k));
      const b = rng.fillNormal(new Type(n * k));
      const bias = rng.fillNormal(new Type(n));
      const options = { bias, activation: 'relu' as const };
      enableMatmulThreads(1);
      const one = matmulTransposeB(a, b, m, k, n, new Type(m * n), options);
      expect(enableMatmulThreads(2)).toBe(2);
      // Watch the installed splitter, so the test fails if the product silently stays on one thread.
      const installed = setMatmulSplitter(undefined);
      let split = false;
      setMatmulSplitter((...args) => (split = installed?.(...args) ?? false));
      const two = matmulTransposeB(a, b, m, k, n, new Type(m * n), options);
      expect(split).toBe(true);
      // Operands and result in shared memory: the workers read and write them in place.
      const inShared = <T extends Float32Array | Float64Array>(source: T): T => {
        const view = new (source.constructor as new (buffer: ArrayBuffer) => T)(new SharedArrayBuffer(source.byteLength) as unknown as ArrayBuffer);
        view.set(source);
        return view;
      };
      const out = inShared(new Type(m * n).fill(Number.NaN));
      const three = matmulTransposeB(inShared(a), inShared(b), m, k, n, out, { bias: inShared(bias), activation: 'relu' });
      expect(three).toBe(out);
      enableMatmulThreads(1);
      expect(Array.from(two)).toEqual(Array.from(one));
      expect(Array.from(three)).toEqual(Array.from(one));
    }
    expect(() => enableMatmulThreads(0)).toThrow(/threads.*an integer in \[1, 64\]/);
  }, 60_000);

  it('splits large float64 forward passes of the smooth activations (WebAssembly or TypeScript) with the same bits', async () => {
    const { enableMatmulThreads } = (await import(new URL('node/threads.js', DIST).href)) as typeof import('../src/node/threads.js');
    const { forwardSplit, setForwardSplitter } = (await import(new URL('kernels/parallel.js', DIST).href)) as typeof import('../src/kernels/parallel.js');
    const { forward } = (await import(new URL('kernels/index.js', DIST).href)) as typeof import('../src/kernels/index.js');
    const { getElementwise, resolveParams } = (await import(new URL('activations/index.js', DIST).href)) as typeof import('../src/activations/index.js');
    const { DefaultRng } = (await import(new URL('math/rng.js', DIST).href)) as typeof import('../src/math/rng.js');
    const x = new DefaultRng(5).fillNormal(new Float64Array((1 << 18) + 3));
    x[7] = Number.NaN;
    x[8] = -0;
    for (const id of ['gelu_tanh', 'swish', 'sigmoid', 'elu']) {
      const definition = getElementwise(id);
      const params = resolveParams(definition, {});
      const one = forward(definition, x, { params });
      enableMatmulThreads(2);
      const installed = setForwardSplitter(undefined);
      let split = false;
      setForwardSplitter((...args) => (split = installed?.(...args) ?? false));
      const two = forwardSplit(definition, x, new Float64Array(x.length), params);
      // In shared memory, the workers write their blocks of out in place.
      const sharedX = new Float64Array(new SharedArrayBuffer(x.byteLength) as unknown as ArrayBuffer);
      sharedX.set(x);
      const sharedOut = new Float64Array(new SharedArrayBuffer(x.byteLength) as unknown as ArrayBuffer);
      const three = forwardSplit(definition, sharedX, sharedOut, params);
      enableMatmulThreads(1);
      expect(split).toBe(true);
      expect(Array.from(two)).toEqual(Array.from(one));
      expect(Array.from(three)).toEqual(Array.from(one));
    }
  }, 60_000);
});
