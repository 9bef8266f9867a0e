/**
 * The float32 kernels where their branches end: every smooth activation's g·f′ for gradients up
 * to float32's largest (a kernel that returns the limit where |f′| is merely tiny is wrong once
 * a large g lifts g·f′ back into range, as gelu's did below −16), in both precision modes; and
 * the fast swish forward for every power-of-two β it takes (the others go to the precise body).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVATIONS, resolveParams, type ElementwiseActivation } from '../src/activations/index.js';
import { setKernelPrecision, wasmBackend } from '../src/kernels/index.js';
import { ulp32 } from './support/fixtures.js';

afterEach(() => setKernelPrecision('fast'));

const SMOOTH = ACTIVATIONS.filter(
  (a): a is ElementwiseActivation =>
    a.kind === 'elementwise' && !['relu', 'leaky_relu', 'prelu', 'rrelu', 'relu6', 'hard_tanh', 'threshold', 'hardshrink', 'linear', 'softshrink'].includes(a.id),
);

/** Error in float32 ULPs (of the float32 spacing at the exact value, 2^−149 for subnormals). */
function error(value: number, exact: number): number {
  if (Number.isNaN(exact)) return Number.isNaN(value) ? 0 : Infinity;
  if (!Number.isFinite(exact) || Math.abs(exact) >= 3.4028235677973366e38) return value === Math.fround(exact) ? 0 : Infinity;
  return Math.abs(value - exact) / ulp32(exact);
}

/** Inputs out to where every exponential ends (and past float32 overflow of e^|z|). */
const tailInput = fc.oneof(fc.float({ min: -140, max: 140, noNaN: true }), fc.float({ min: -25, max: -12, noNaN: true }), fc.float({ min: 12, max: 25, noNaN: true }));
/** Gradients of every size, the largest often (they lift the smallest f′ into range). */
const anyGradient = fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.float({ min: Math.fround(1e30), max: 3.4028234663852886e38, noNaN: true }), fc.float({ min: -3.4028234663852886e38, max: Math.fround(-1e30), noNaN: true }));

describe('float32 kernels: g·f′ for any float32 gradient, out to the tails', () => {
  for (const precision of ['fast', 'precise'] as const) {
    for (const activation of SMOOTH) {
      it(`${activation.id} (${precision}): within 4.5 ULP of g·f′, also where it is tiny or subnormal`, () => {
        setKernelPrecision(precision);
        const params = resolveParams(activation, {});
        fc.assert(
          fc.property(fc.array(fc.tuple(tailInput, anyGradient), { minLength: 1, maxLength: 24 }), (pairs) => {
            const x = Float32Array.from(pairs, (p) => p[0]);
            const g = Float32Array.from(pairs, (p) => p[1]);
            const d = new Float32Array(x.length);
            wasmBackend.backward(activation, params, x, g, d);
            for (let i = 0; i < x.length; i++) {
              const exact = (g[i] as number) * activation.df(x[i] as number, params);
              expect(error(d[i] as number, exact), `${g[i]}·f′(${x[i]}) = ${d[i]}, want ${exact}`).toBeLessThanOrEqual(4.5);
            }
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});

describe('swish forward: the fast body for every power-of-two β it takes', () => {
  const swish = SMOOTH.find((a) => a.id === 'swish')!;
  const betas = [2 ** -24, 2 ** -7, 0.5, 1, 2, 2 ** 10, 2 ** 24, 2 ** -30, 2 ** 30, 1.5];
  for (const beta of betas) {
    it(`β = ${beta}: within 2 ULP of x·σ(βx) over the whole float32 range`, () => {
      const params = resolveParams(swish, { beta });
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.float({ noNaN: true }), fc.float({ min: -200, max: 200, noNaN: true }), fc.float({ min: Math.fround(-140 / Math.abs(beta)), max: Math.fround(140 / Math.abs(beta)), noNaN: true })), { minLength: 1, maxLength: 24 }), (values) => {
          const x = Float32Array.from(values);
          const y = new Float32Array(x.length);
          wasmBackend.forward(swish, params, x, y);
          for (let i = 0; i < x.length; i++) {
            const exact = swish.f(x[i] as number, params);
            expect(error(y[i] as number, exact), `swish(${x[i]}) = ${y[i]}, want ${exact}`).toBeLessThanOrEqual(2);
          }
        }),
        { numRuns: 100 },
      );
    });
  }
});
