/**
 * Property tests of the analysis engine's contract: for a random elementwise
 * activation, random valid parameters (log-uniform across the whole accepted range, both signs
 * where allowed, and ordinary values) and a random variance q (log-uniform in [1e-300, 1e300]),
 * `properties` and `gaussianMoments` either refuse with an AnalysisDomainError or answer within
 * the time budget, without NaN, and consistently with the definition sampled independently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, resolveParams } from '../src/activations/index.js';
import type { ElementwiseActivation } from '../src/activations/types.js';
import { AnalysisDomainError, gaussianMoments, properties, type ElementwisePropertySheet } from '../src/analysis/index.js';
import { gaussianExpectation } from '../src/math/quadrature.js';
import { acceptedActivation } from './support/params.js';

/** Per-call budget (the contract: < 2 s for any accepted input), checked on every call. */
const BUDGET_MS = 2000;

const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');

/** ±10^u, u uniform in [−300, 300]: every scale float64 holds. */
const logUniform = fc.double({ min: -300, max: 300, noNaN: true }).map((u) => 10 ** u);

/** A value for one parameter: anywhere on a log scale, ordinary, or 0, with either sign. */
const paramValue = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(logUniform, fc.boolean()).map(([v, negative]) => (negative ? -v : v)) },
  { weight: 2, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 0.5, 6) },
);

/** An activation with parameters it accepts (invalid draws are discarded, not tested). */
const activationWithParams = acceptedActivation(ELEMENTWISE, paramValue);

const variance = fc.oneof(
  { weight: 2, arbitrary: fc.double({ min: -300, max: 300, noNaN: true }).map((u) => 10 ** u) },
  { weight: 1, arbitrary: fc.double({ min: 0.01, max: 100, noNaN: true }) },
);

function hasNaN(value: unknown): boolean {
  let found = false;
  JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && Number.isNaN(v)) found = true;
    return v;
  });
  return found;
}

/** Points to sample f at: the sheet's own features and their neighbourhoods, and every scale. */
function samplePoints(sheet: ElementwisePropertySheet): number[] {
  const points: number[] = [0];
  for (let k = -300; k <= 300; k += 3) points.push(10 ** k, -(10 ** k), 1.7 * 10 ** k, -1.7 * 10 ** k);
  const near = (x: number) => {
    const scale = Math.max(Math.abs(x), 1e-300);
    for (const h of [1e-9, 1e-6, 1e-3, 0.1, 1]) points.push(x + h * scale, x - h * scale);
  };
  for (const e of sheet.extrema) near(e.at);
  for (const k of sheet.kinks) near(k.at);
  for (const x of sheet.inflectionPoints) near(x);
  return points.filter(Number.isFinite);
}

/** x within [lo, hi] up to rounding (relative 1e-12, absolute 1e-300). */
function within(x: number, lo: number, hi: number): boolean {
  const tolerance = (y: number) => 1e-12 * Math.abs(y) + 1e-300;
  return x >= lo - tolerance(lo === -Infinity ? x : lo) && x <= hi + tolerance(hi === Infinity ? x : hi);
}

let sheetRuns = 0;
let refusals = 0;
let momentRuns = 0;

describe('properties() at random activations × random valid parameters × random q', () => {
  it('answers within budget, without NaN, consistently with the definition — or refuses, typed', () => {
    fc.assert(
      fc.property(activationWithParams, variance, ({ def, params }, q) => {
        const start = performance.now();
        let sheet: ElementwisePropertySheet;
        try {
          sheet = properties(def, params, { q, timing: false }) as ElementwisePropertySheet;
        } catch (error) {
          expect(error, `${def.id} ${JSON.stringify(params)} q=${q}: ${String(error)}`).toBeInstanceOf(AnalysisDomainError);
          expect(performance.now() - start).toBeLessThan(BUDGET_MS);
          refusals++;
          return;
        }
        const ms = performance.now() - start;
        const label = `${def.id} ${JSON.stringify(params)} q=${q}`;
        expect(ms, `${label}: ${ms} ms`).toBeLessThan(BUDGET_MS);
        expect(hasNaN(sheet), label).toBe(false);
        sheetRuns++;

        const f = (z: number) => def.f(z, params);
        const df = (z: number) => def.df(z, params);
        // Far out some definitions still return NaN at extreme parameters (Swish beyond
        // |βz| ≈ 1e154: the scalar definitions' own issue); the sheet is checked where f is defined.
        const points = samplePoints(sheet).filter((z) => !Number.isNaN(f(z)) && !Number.isNaN(df(z)));
        // The range contains every value f takes; the derivative range every slope.
        for (const z of points) {
          expect(within(f(z), sheet.range.infimum, sheet.range.supremum), `${label}: f(${z}) = ${f(z)} outside the range`).toBe(true);
          expect(within(df(z), sheet.derivativeRange.infimum, sheet.derivativeRange.supremum), `${label}: f′(${z}) = ${df(z)} outside`).toBe(true);
        }
        // Each minimum (maximum) is one: f(at) is the value, and f nearby is not below (above) it.
        for (const e of sheet.extrema) {
          expect(f(e.at)).toBe(e.value);
          const scale = Math.max(Math.abs(e.at), 1e-300);
          for (const h of [1e-7, 1e-4, 1e-2]) {
            for (const z of [e.at - h * scale, e.at + h * scale]) {
              const tolerance = 1e-12 * Math.abs(e.value) + 1e-300;
              if (e.kind === 'minimum') expect(f(z), `${label}: f(${z}) below the minimum`).toBeGreaterThanOrEqual(e.value - tolerance);
              else expect(f(z), `${label}: f(${z}) above the maximum`).toBeLessThanOrEqual(e.value + tolerance);
            }
          }
        }
        // "monotone yes" means f′ ≥ 0 and f non-decreasing at every sample.
        if (sheet.monotone) {
          const sorted = [...new Set(points)].sort((a, b) => a - b);
          for (const z of sorted) expect(df(z), `${label}: f′(${z}) < 0 but monotone`).toBeGreaterThanOrEqual(0);
          for (let i = 1; i < sorted.length; i++) {
            const [a, b] = [f(sorted[i - 1] as number), f(sorted[i] as number)];
            expect(b, `${label}: f decreases between ${sorted[i - 1]} and ${sorted[i]}`).toBeGreaterThanOrEqual(a - 1e-12 * Math.abs(a) - 1e-300);
          }
        } else {
          expect(sheet.extrema.length + sheet.decreasingJumps.length + (sheet.negativeDerivativeAt === undefined ? 0 : 1), label).toBeGreaterThan(0);
        }
        // Smoothness matches the definition's kinks.
        const kinks = [...new Set(def.kinks(params))];
        expect(sheet.kinks.map((k) => k.at)).toEqual(kinks.sort((a, b) => a - b));
        expect(sheet.smoothness === 'C∞', label).toBe(kinks.length === 0);
        // Moments: non-negative squares, Jensen, and the gain is 1/√E[f²] at q = 1.
        const m = sheet.moments;
        expect(m.meanSquare).toBeGreaterThanOrEqual(0);
        expect(m.meanDerivativeSquare).toBeGreaterThanOrEqual(0);
        if (Number.isFinite(m.meanSquare)) expect(m.mean * m.mean, label).toBeLessThanOrEqual(m.meanSquare * (1 + 1e-9) + 1e-300);
        expect(sheet.gain).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: Number(process.env.ACTLAB_RUNS ?? 45), seed: Number(process.env.ACTLAB_SEED ?? 20261203) },
    );
    expect(sheetRuns + refusals).toBeGreaterThanOrEqual(Number(process.env.ACTLAB_RUNS ?? 45));
    expect(sheetRuns).toBeGreaterThan(refusals);
    if (process.env.ACTLAB_RUNS) console.log(`property runs: ${sheetRuns} sheets, ${refusals} refusals`);
  });
});

describe('gaussianMoments() at random activations × parameters × q', () => {
  it('matches an independent quadrature where that one is reliable, and never NaN anywhere', () => {
    fc.assert(
      fc.property(activationWithParams, variance, ({ def, params }, q) => {
        const start = performance.now();
        let m;
        try {
          m = gaussianMoments(def, params, q);
        } catch (error) {
          expect(error).toBeInstanceOf(AnalysisDomainError);
          return;
        }
        expect(performance.now() - start).toBeLessThan(BUDGET_MS);
        expect(hasNaN(m)).toBe(false);
        momentRuns++;
        expect(m.rootMeanSquare).toBeLessThan(Infinity);
        if (Number.isFinite(m.meanSquare) && m.meanSquare > 1e-290) expect(Math.abs(m.rootMeanSquare ** 2 - m.meanSquare) / m.meanSquare).toBeLessThan(1e-12);
        // Cross-check against the plain panel quadrature (math/quadrature.ts) where it is
        // reliable: moderate q and parameters (kinks within a few σ, features of order 1).
        const ordinary = q >= 0.01 && q <= 100 && Object.values(params).every((v) => v === 0 || (Math.abs(v) >= 0.05 && Math.abs(v) <= 20));
        if (!ordinary) return;
        const kinks = def.kinks(params);
        const reference = gaussianExpectation((z) => def.f(z, params) ** 2, q, kinks);
        if (reference === 0) {
          // E[f²] = 0 to double precision (a threshold 60σ out): nothing to compare in relative terms.
          expect(m.meanSquare).toBeLessThan(1e-300);
          return;
        }
        expect(Math.abs(m.meanSquare - reference) / reference, `${def.id} ${JSON.stringify(params)} q=${q}`).toBeLessThan(1e-10);
        const mean = gaussianExpectation((z) => def.f(z, params), q, kinks);
        const scale = Math.sqrt(reference);
        expect(Math.abs(m.mean - mean) / scale, `${def.id} ${JSON.stringify(params)} q=${q} mean`).toBeLessThan(1e-10);
        const slope = gaussianExpectation((z) => def.df(z, params), q, kinks);
        expect(Math.abs(m.meanDerivative - slope) / Math.max(1e-300, Math.sqrt(m.meanDerivativeSquare)), `${def.id} ${JSON.stringify(params)} q=${q} E[f′]`).toBeLessThan(1e-10);
      }),
      { numRuns: Number(process.env.ACTLAB_RUNS ?? 100), seed: Number(process.env.ACTLAB_SEED ?? 11) },
    );
    expect(momentRuns).toBeGreaterThan(Number(process.env.ACTLAB_RUNS ?? 100) / 2);
  });

  it('tiny and huge q: relative accuracy from scaling laws (f homogeneous of degree 1, or smooth at 0)', () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), (u) => {
        const q = 10 ** u;
        // ReLU and leaky: E[f] = (1 − a)√(q/2π), E[f²] = (1 + a²)q/2 exactly.
        for (const [id, a] of [
          ['relu', 0],
          ['leaky_relu', 0.01],
        ] as const) {
          const def = ELEMENTWISE.find((d) => d.id === id)!;
          const m = gaussianMoments(def, resolveParams(def, {}), q);
          expect(Math.abs(m.mean / ((1 - a) * Math.sqrt(q / (2 * Math.PI))) - 1)).toBeLessThan(1e-13);
          expect(Math.abs(m.meanSquare / (((1 + a * a) * q) / 2) - 1)).toBeLessThan(1e-13);
        }
        // Below q ≈ 1e-12, E[GELU] = q·φ(0)·(1 + O(q)) and E[swish] = q/4·(1 + O(q)).
        if (q < 1e-12) {
          const gelu = ELEMENTWISE.find((d) => d.id === 'gelu')!;
          expect(Math.abs(gaussianMoments(gelu, {}, q).mean / (q / Math.sqrt(2 * Math.PI)) - 1)).toBeLessThan(1e-11);
          const swish = ELEMENTWISE.find((d) => d.id === 'swish')!;
          expect(Math.abs(gaussianMoments(swish, resolveParams(swish, {}), q).mean / (q / 4) - 1)).toBeLessThan(1e-11);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
