/**
 * The error-free transformations under everything exact in actlab: twoSum's `s + LOW = a + b`
 * holds exactly for every pair of doubles whose sum is finite — checked in exact integer
 * arithmetic (every double is an integer multiple of 2^−1074) — including sums near the top of
 * the range, where the virtual operand s − a overflows (log_softmax gave NaN there).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOW, twoSum } from '../src/math/dd.js';

/** x · 2^1074 as an exact BigInt (x a finite double). */
function exact(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  return sign * (mantissa << BigInt(Math.max(exponent - 1, 0)));
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const huge = fc.double({ min: 2 ** 1000, max: Number.MAX_VALUE, noNaN: true }).chain((m) => fc.tuple(fc.constant(m), fc.boolean()).map(([v, neg]) => (neg ? -v : v)));

describe('twoSum', () => {
  it('a + b = s + LOW exactly whenever s is finite, over all doubles and near the top of the range', () => {
    fc.assert(
      fc.property(fc.oneof(finite, huge), fc.oneof(finite, huge), (a, b) => {
        const s = twoSum(a, b);
        if (!Number.isFinite(s)) return;
        const low = LOW[0] as number;
        expect(Number.isFinite(low), `${a} + ${b}`).toBe(true);
        expect(exact(a) + exact(b), `${a} + ${b}`).toBe(exact(s) + exact(low));
      }),
      { numRuns: 3000 },
    );
  });

  it('the case log_softmax met: 5.454563837960731e307 − 1.7976931348623157e308', () => {
    const s = twoSum(5.454563837960731e307, -Number.MAX_VALUE);
    expect(s).toBe(-1.2522367510662427e308);
    expect(LOW[0]).toBe(9.9792015476736e291);
  });
});
