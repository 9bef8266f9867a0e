/**
 * Property tests of mean-field propagation and gains at random activations × random valid
 * parameters × random σ_w (log-uniform in [1e-100, 1e100]) and σ_b (0, ordinary, or log-uniform
 * up to 1e100): within the time budget, never NaN, ξ_c never negative, q* a fixed point of the
 * length map, the phase consistent with χ₁ — or a typed refusal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/activations/index.js';
import type { ElementwiseActivation } from '../src/activations/types.js';
import { AnalysisDomainError, gain, lengthMap, propagation } from '../src/analysis/index.js';
import { acceptedActivation } from './support/params.js';

const BUDGET_MS = 2000;
const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');

const logUniform = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((u) => 10 ** u);
const paramValue = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(logUniform(-300, 300), fc.boolean()).map(([v, negative]) => (negative ? -v : v)) },
  { weight: 2, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
);
const activationWithParams = acceptedActivation(ELEMENTWISE, paramValue);
const sigmaW = fc.oneof({ weight: 2, arbitrary: logUniform(-100, 100) }, { weight: 3, arbitrary: fc.double({ min: 0.05, max: 5, noNaN: true }) });
const sigmaB = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }), logUniform(-100, 100));

function spelled(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

let answered = 0;

describe('propagation() and gain() at random activations × parameters × scales', () => {
  it('answer within budget without NaN, ξ_c ≥ 0, q* a fixed point, phase from χ₁ — or refuse, typed', () => {
    fc.assert(
      fc.property(activationWithParams, sigmaW, sigmaB, ({ def, params }, w, b) => {
        const label = `${def.id} ${JSON.stringify(params)} σ_w=${w} σ_b=${b}`;
        const start = performance.now();
        let r;
        try {
          r = propagation(def, { sigmaW: w, sigmaB: b, edgeOfChaos: false }, params);
        } catch (error) {
          expect(error, `${label}: ${String(error)}`).toBeInstanceOf(AnalysisDomainError);
          return;
        }
        const ms = performance.now() - start;
        expect(ms, `${label}: ${ms} ms`).toBeLessThan(BUDGET_MS);
        answered++;
        expect(spelled(r), label).not.toMatch(/NaN/);
        expect(r.depthScale, label).toBeGreaterThanOrEqual(0);
        expect(r.qStar).toBeGreaterThanOrEqual(0);
        expect(r.chi1).toBeGreaterThanOrEqual(0);
        if (r.phase === 'ordered') expect(r.chi1).toBeLessThan(1);
        if (r.phase === 'chaotic') expect(r.chi1).toBeGreaterThan(1);
        if (r.qStar > 0 && Number.isFinite(r.qStar)) {
          const image = lengthMap(def, params, w, b, r.qStar);
          expect(Math.abs(image - r.qStar) / r.qStar, `${label}: map(q*) = ${image}, q* = ${r.qStar}`).toBeLessThan(1e-8);
        }
        if (r.cStar !== undefined) {
          expect(r.cStar).toBeGreaterThanOrEqual(-1e-9);
          expect(r.cStar).toBeLessThanOrEqual(1 + 1e-9);
        }
        const g = gain(def, params);
        expect(spelled(g)).not.toMatch(/NaN/);
        expect(g.gain).toBeGreaterThanOrEqual(0);
        if (g.pytorch?.explanation.startsWith('agrees')) expect(Math.abs(g.pytorch.value - g.gain) / g.gain).toBeLessThan(1e-9);
      }),
      { numRuns: Number(process.env.ACTLAB_RUNS ?? 40), seed: Number(process.env.ACTLAB_SEED ?? 5) },
    );
    expect(answered).toBeGreaterThan(Number(process.env.ACTLAB_RUNS ?? 40) / 2);
    if (process.env.ACTLAB_RUNS) console.log(`propagation runs answered: ${answered}`);
  });

  it('the edge of chaos, where found, is a σ_w with χ₁ = 1 (within budget)', () => {
    fc.assert(
      fc.property(fc.constantFrom('tanh', 'gelu', 'swish', 'elu', 'sigmoid', 'softsign', 'relu', 'selu'), fc.double({ min: 0, max: 0.5, noNaN: true }), (id, b) => {
        const start = performance.now();
        const r = propagation(id, { sigmaW: 1, sigmaB: b });
        expect(performance.now() - start).toBeLessThan(BUDGET_MS);
        if (r.criticalSigmaW === undefined) {
          // A jump is reported as one: χ₁ on either side of it is on opposite sides of 1.
          if (r.jumpSigmaW !== undefined) {
            const below = propagation(id, { sigmaW: r.jumpSigmaW * (1 - 1e-6), sigmaB: b, edgeOfChaos: false }).chi1;
            const above = propagation(id, { sigmaW: r.jumpSigmaW * (1 + 1e-6), sigmaB: b, edgeOfChaos: false }).chi1;
            expect((below - 1) * (above - 1)).toBeLessThan(0);
          }
          return;
        }
        const at = propagation(id, { sigmaW: r.criticalSigmaW, sigmaB: b, edgeOfChaos: false });
        expect(Math.abs(at.chi1 - 1), `${id} σ_b=${b}: χ₁ = ${at.chi1} at σ_w = ${r.criticalSigmaW}`).toBeLessThan(1e-6);
      }),
      { numRuns: 8, seed: 3 },
    );
  });
});
