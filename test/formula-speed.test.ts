/**
 * Throughput of a compiled formula on the TypeScript array path against the registry's own
 * definitions of the same function (swish, mish), 10⁶ float64 elements. The numbers are
 * printed; the assertion leaves wide headroom for a shared machine.
 */
import { expect, test } from 'vitest';
import { formulaActivation, getElementwise, resolveParams } from '../src/activations/index.js';
import type { ElementwiseActivation } from '../src/activations/types.js';
import { jsBackend } from '../src/kernels/js.js';

const N = 1_000_000;

/** Million elements per second of forward (f) and backward (f′), the best of 5 runs. */
function throughput(activation: ElementwiseActivation): { forward: number; backward: number } {
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) x[i] = -8 + (16 * i) / N;
  const out = new Float64Array(N);
  const grad = new Float64Array(N).fill(1);
  const best = (run: () => void) => {
    let fastest = Infinity;
    for (let k = 0; k < 5; k++) {
      const start = performance.now();
      run();
      fastest = Math.min(fastest, performance.now() - start);
    }
    return N / fastest / 1000;
  };
  return {
    forward: best(() => jsBackend.forward(activation, {}, x, out)),
    backward: best(() => jsBackend.backward(activation, {}, x, grad, out)),
  };
}

test.each([
  ['z*sigmoid(z)', 'swish'],
  ['z*tanh(softplus(z))', 'mish'],
  ['z*tanh(log1p(exp(z)))', 'mish'],
])('%s runs at a useful speed against the registry’s %s', (text, id) => {
  const registry = getElementwise(id);
  const params = resolveParams(registry);
  const theirs = throughput({ ...registry, f: (z) => registry.f(z, params), df: (z) => registry.df(z, params) });
  const mine = throughput(formulaActivation(text));
  console.log(
    `${text}: forward ${mine.forward.toFixed(1)} M/s, backward ${mine.backward.toFixed(1)} M/s; ` +
      `registry ${id}: forward ${theirs.forward.toFixed(1)} M/s, backward ${theirs.backward.toFixed(1)} M/s`,
  );
  expect(mine.forward).toBeGreaterThan(theirs.forward / 10);
  expect(mine.backward).toBeGreaterThan(theirs.backward / 10);
});
