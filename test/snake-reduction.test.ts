/**
 * Snake's argument reduction (src/activations/periodic.ts): the fast Cody–Waite reduction in
 * double-double arithmetic against the exact Payne–Hanek one, over random α and z, next to
 * every multiple of π/4 and at the fast domain's edges. Where the fast one answers, it gives the
 * same quadrant, the same θ high part and θ's low part within 2⁻⁸⁰ of θ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDUCED, reduceExact, reduceFast } from '../src/activations/periodic.js';

const logUniform = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true }).map((e) => 2 ** e);
const signed = (m: fc.Arbitrary<number>) => fc.tuple(m, fc.boolean()).map(([v, negative]) => (negative ? -v : v));

/** [took the fast path, and if so whether it agrees with the exact reduction (else a message)]. */
function compare(alpha: number, z: number): [boolean, string | null] {
  if (!reduceFast(alpha, z)) return [false, null];
  const [k, hi, lo] = REDUCED as unknown as [number, number, number];
  reduceExact(alpha, z);
  const [k2, hi2, lo2] = REDUCED as unknown as [number, number, number];
  const ok = k === k2 && hi === hi2 && Math.abs(lo - lo2) <= 2 ** -80 * Math.abs(hi);
  return [true, ok ? null : `α=${alpha} z=${z}: fast [${k}, ${hi}, ${lo}], exact [${k2}, ${hi2}, ${lo2}]`];
}

describe('Snake: the fast reduction of αz modulo π/4', () => {
  it('agrees with the exact reduction wherever it answers (random α, z: float64 and float32)', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(signed(logUniform(-40, 40)), fc.oneof(signed(logUniform(-60, 30)), fc.float({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true })), (alpha, z) => {
        fc.pre(z !== 0 && Math.abs(alpha * z) >= 2 ** -30);
        runs++;
        const [took, failure] = compare(alpha, z);
        if (took) fast++;
        expect(failure).toBeNull();
      }),
      { numRuns: 20000 },
    );
    // Inside |αz| < 2^22 nearly every input takes the fast path (the draws reach 2^70).
    expect(fast).toBeGreaterThan(runs * 0.3);
  });

  it('next to every multiple of π/4 and of π/8 up to 2^22, and at the domain’s edges: agrees or declines', () => {
    const failures: string[] = [];
    let declined = 0;
    for (const alpha of [1, 0.5, 3, 1 / 3, 1e-3, 7.25]) {
      for (const m of [1, 2, 3, 4, 5, 7, 8, 9, 100, 355, 1e4 + 1, 2 ** 20 + 3, 5340353]) {
        for (const multiple of [(m * Math.PI) / 4, (m * Math.PI) / 8]) {
          const center = multiple / alpha;
          for (let s = -40; s <= 40; s++) {
            for (const z of [center * (1 + s * 2 ** -52), Math.fround(center) * (1 + s * 2 ** -23)]) {
              if (z === 0 || !Number.isFinite(z)) continue;
              const [took, failure] = compare(alpha, z);
              if (!took) declined++;
              if (failure) failures.push(failure);
            }
          }
        }
      }
      for (const u of [2 ** 22 * (1 - 2 ** -52), 2 ** 22, 2 ** -30, 0.39269908169872414]) {
        for (const z of [u / alpha, -u / alpha]) {
          const [, failure] = compare(alpha, z);
          if (failure) failures.push(failure);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(declined).toBeGreaterThan(0); // the exact reduction still serves αz next to kπ/4
  });

  it('declines what it cannot hold: |αz| ≥ 2^22, ±∞, NaN, overflow', () => {
    for (const [alpha, z] of [[1, 2 ** 22], [1, -1e300], [1e300, 1e10], [1, Infinity], [1, NaN], [Number.MAX_VALUE, 2]]) {
      expect(reduceFast(alpha as number, z as number)).toBe(false);
    }
  });
});
