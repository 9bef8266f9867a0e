/**
 * The analysis engine at valid but unusual parameters: every property right or
 * refused with a typed error, bounded time, no NaN, moments accurate in relative terms at any
 * variance — regression tests for every reported defect, and the mpmath references at
 * extreme parameters (test/fixtures/analysis-extreme.py).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getElementwise, resolveParams } from '../src/activations/index.js';
import {
  AnalysisDomainError,
  gain,
  gaussianMoments,
  propagation,
  properties,
  type ElementwisePropertySheet,
} from '../src/analysis/index.js';
import { capture } from './support/cli.js';
import { ActlabError } from '../src/errors.js';
import { normalCdf } from '../src/math/normal.js';

/** Generous per-call budget: the contract is < 2 s; a call here takes ~0.1 s. */
const BUDGET_MS = 2000;

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

function sheet(id: string, params: Record<string, number> = {}, q = 1): ElementwisePropertySheet {
  const { value, ms } = timed(() => properties(id, params, { q, timing: false }));
  expect(ms, `${id} ${JSON.stringify(params)} q=${q} took ${ms} ms`).toBeLessThan(BUDGET_MS);
  return value as ElementwisePropertySheet;
}

/** JSON with ±∞ spelled out (JSON.stringify would write null for them, and for NaN). */
function withInfinities(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && Number.isFinite(v) === false && !Number.isNaN(v) ? String(v) : v));
}

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

/** A CLI call that must be refused before any work: a typed error, on one line. */
async function refused(argv: string[], message: RegExp): Promise<void> {
  const { ms } = await (async () => {
    const start = performance.now();
    await expect(capture(argv)).rejects.toSatisfy((error: unknown) => {
      expect(error).toBeInstanceOf(ActlabError);
      const text = (error as Error).message;
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
      return true;
    });
    return { ms: performance.now() - start };
  })();
  expect(ms).toBeLessThan(BUDGET_MS);
}

describe('reported defects: properties at unusual parameters', () => {
  it('swish β = 0.02, 0.05, 10⁶: the minimum, the range and the inflection points scale with 1/β', () => {
    const one = sheet('swish');
    for (const beta of [0.02, 0.05, 1e6, 1e-100, 1e100 / 3]) {
      let s: ElementwisePropertySheet;
      try {
        s = sheet('swish', { beta });
      } catch (error) {
        // The definition itself may not yet evaluate at the far ends for every β (NaN there is
        // refused, typed); β = 0.02, 0.05 and 10⁶ must be answered.
        expect(error).toBeInstanceOf(AnalysisDomainError);
        expect([0.02, 0.05, 1e6]).not.toContain(beta);
        continue;
      }
      expect(s.monotone).toBe(false);
      expect(s.extrema).toHaveLength(1);
      const [minimum] = s.extrema;
      expect(minimum?.kind).toBe('minimum');
      expect(relativeError(minimum!.at, one.extrema[0]!.at / beta)).toBeLessThan(1e-14);
      expect(relativeError(minimum!.value, one.extrema[0]!.value / beta)).toBeLessThan(1e-14);
      expect(s.range.infimum).toBe(minimum!.value);
      expect(s.range.infimumAttained).toBe(true);
      expect(s.inflectionPoints).toHaveLength(2);
      for (const [i, x] of s.inflectionPoints.entries()) expect(relativeError(x, one.inflectionPoints[i]! / beta)).toBeLessThan(1e-14);
      expect(s.derivativeRange.infimum).toBeCloseTo(one.derivativeRange.infimum, 14);
      expect(s.saturation.left.decay).toBe('exponential');
      expect(relativeError(s.saturation.left.coefficient!, beta)).toBeLessThan(0.01);
    }
  });

  it('the swish minima agree with mpmath to the last bits (β = 0.02, 0.05, 10⁶, 10⁻¹⁰⁰)', () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'analysis', 'extreme.json'), 'utf8')) as {
      minima: { params: { beta: number }; at: string; value: string }[];
    };
    for (const m of fixture.minima) {
      let s: ElementwisePropertySheet;
      try {
        s = sheet('swish', m.params);
      } catch (error) {
        expect(error).toBeInstanceOf(AnalysisDomainError);
        expect(m.params.beta).toBe(1e-100);
        continue;
      }
      expect(relativeError(s.extrema[0]!.at, Number(m.at))).toBeLessThan(4e-16);
      expect(relativeError(s.extrema[0]!.value, Number(m.value))).toBeLessThan(4e-16);
    }
  });

  it('hard_sigmoid with slope 0.001: range [0, 1] exactly, monotone, kinks at ±500', () => {
    const s = sheet('hard_sigmoid', { slope: 0.001 });
    expect(s.range).toMatchObject({ infimum: 0, supremum: 1, infimumAttained: true, supremumAttained: true });
    expect(s.monotone).toBe(true);
    expect(s.extrema).toEqual([]);
    expect(s.kinks.map((k) => k.at)).toEqual([-500, 500]);
    expect(s.derivativeRange.values).toEqual([0, 0.001]);
    for (const slope of [1e-6, 1e-12, 1e-299, 1e10, 1e300]) {
      const t = sheet('hard_sigmoid', { slope });
      expect(t.range).toMatchObject({ infimum: 0, supremum: 1 });
      expect(t.monotone).toBe(true);
    }
  });

  it('celu with α = 0.001 is C¹ (f′ is continuous at 0; f″ jumps from 1/α to 0); ELU with α ≠ 1 is C⁰', () => {
    for (const alpha of [0.001, 1e-6, 1, 1e6]) expect(sheet('celu', { alpha }).smoothness).toBe('C1');
    expect(sheet('elu', { alpha: 0.999 }).smoothness).toBe('C0');
    expect(sheet('elu', { alpha: 1 }).smoothness).toBe('C1');
  });

  it('threshold with a value above the threshold jumps down: not monotone, and the CLI says why', async () => {
    const s = sheet('threshold', { value: 10 });
    expect(s.monotone).toBe(false);
    expect(s.decreasingJumps).toEqual([{ at: 0, from: 10, to: 0 }]);
    expect(s.range).toMatchObject({ infimum: 0, infimumAttained: false });
    const { stdout } = await capture(['props', 'threshold', '--param', 'value=10', '--no-timing']);
    expect(stdout).toMatch(/monotone\s+no: jumps down at z = 0 \(10 → 0\)/);
  });

  it('far kinks finish in bounded time: threshold 10⁷, shrink λ = 10¹⁰, hard_tanh ±10⁷, hard_sigmoid slope 10⁻¹², relu at q = 10⁴⁰', () => {
    expect(sheet('threshold', { threshold: 1e7 }).saturation.left.description).toBe('hard: f′ = 0 for z < 10000000');
    expect(sheet('softshrink', { lambda: 1e10 }).kinks.map((k) => k.at)).toEqual([-1e10, 1e10]);
    expect(sheet('hardshrink', { lambda: 1e300 }).smoothness).toBe('discontinuous');
    expect(sheet('hard_tanh', { min_val: -1e7, max_val: 1e7 }).range).toMatchObject({ infimum: -1e7, supremum: 1e7 });
    expect(sheet('hard_sigmoid', { slope: 1e-12 }).monotone).toBe(true);
    const relu = sheet('relu', {}, 1e40);
    expect(relativeError(relu.moments.mean, Math.sqrt(1e40 / (2 * Math.PI)))).toBeLessThan(1e-15);
    expect(relativeError(relu.moments.meanSquare, 5e39)).toBeLessThan(1e-15);
  });

  it('refuses what float64 cannot resolve, with a typed error that says why', () => {
    expect(() => properties('hard_sigmoid', { slope: 1e-305 })).toThrow(AnalysisDomainError);
    expect(() => properties('hard_sigmoid', { slope: 1e-305 })).toThrow(/kink at z = -5e\+304 .* lies beyond \|z\| = 1e\+300/);
    expect(() => properties('threshold', { threshold: 1e301 })).toThrow(AnalysisDomainError);
    expect(() => properties('gelu', {}, { q: 1e-301 })).toThrow(/q must be a finite number in \[1e-300, 1e\+300\]/);
    expect(() => properties('gelu', {}, { q: Number.POSITIVE_INFINITY })).toThrow(ActlabError);
  });
});

describe('reported defects: moments, gains and propagation', () => {
  it('E[GELU(z)] at q = 10⁻⁴⁰ is 3.99e-41 (not −1.06e-37), to 1e-13 relative', () => {
    const m = gaussianMoments(getElementwise('gelu'), {}, 1e-40);
    expect(relativeError(m.mean, 3.9894228040143267794e-41)).toBeLessThan(1e-13);
  });

  it('every extreme moment agrees with mpmath (60-digit quadrature) to 1e-12 relative', () => {
    const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'analysis', 'extreme.json'), 'utf8')) as {
      moments: { id: string; params: Record<string, number>; q: string; moment: 'mean' | 'meanSquare' | 'meanDerivative'; value: string }[];
    };
    expect(fixture.moments.length).toBeGreaterThanOrEqual(20);
    for (const c of fixture.moments) {
      const def = getElementwise(c.id);
      const m = gaussianMoments(def, resolveParams(def, c.params), Number(c.q));
      const expected = Number(c.value);
      const actual = m[c.moment];
      if (!Number.isFinite(expected)) {
        // E[ELU²] at α = 1e155 is 1.45e309: beyond float64, reported as ∞; its root is finite.
        expect(actual).toBe(Infinity);
        expect(relativeError(m.rootMeanSquare, Math.sqrt(1.4494541749292386306e9) * 1e150)).toBeLessThan(1e-12);
        continue;
      }
      expect(relativeError(actual, expected), `${c.id} ${JSON.stringify(c.params)} q=${c.q} ${c.moment}: ${actual} vs ${expected}`).toBeLessThan(1e-12);
    }
  });

  it('gain of ELU with α = 1e155 is finite (2.6e-155), E[f²] honestly ∞; closed form E[f²] = α²(e²Φ(−2) − 2√e·Φ(−1) + ½) + ½', () => {
    const alpha = 1e155;
    const r = gain('elu', { alpha });
    expect(r.secondMoment).toBe(Infinity);
    const inner = Math.E ** 2 * normalCdf(-2) - 2 * Math.sqrt(Math.E) * normalCdf(-1) + 0.5;
    expect(relativeError(r.gain, 1 / (alpha * Math.sqrt(inner)))).toBeLessThan(1e-13);
  });

  it('prelu slope 1e200, threshold value 1e200, leaky slope 1e200: finite gains, no NaN, and no false "agrees"', () => {
    const prelu = gain('prelu', { slope: 1e200 });
    expect(relativeError(prelu.gain, Math.SQRT2 / 1e200)).toBeLessThan(1e-14);
    const threshold = gain('threshold', { value: 1e200 });
    expect(relativeError(threshold.gain, Math.SQRT2 / 1e200)).toBeLessThan(1e-14);
    const leaky = gain('leaky_relu', { negative_slope: 1e200 });
    expect(relativeError(leaky.gain, Math.SQRT2 / 1e200)).toBeLessThan(1e-14);
    expect(leaky.pytorch).toBeUndefined();
    expect(leaky.pytorchRaises).toMatch(/OverflowError/);
    for (const r of [prelu, threshold, leaky]) expect(withInfinities(r)).not.toMatch(/NaN|null/);
    const ordinary = gain('leaky_relu', { negative_slope: 0.2 });
    expect(ordinary.pytorch?.explanation).toMatch(/^agrees/);
  });

  it('criticality relu: ξ_c is never negative (∞ with the reason where q* is 0 or ∞); tanh at σ_w = 1e100 has no NaN', () => {
    for (const sigmaW of [0.5, 1, Math.SQRT2, 1.5, 2, 3]) {
      const r = propagation('relu', { sigmaW, sigmaB: 0, edgeOfChaos: false });
      expect(r.depthScale).toBe(Infinity);
      expect(r.depthScaleNote ?? (r.phase === 'critical' ? 'critical' : '')).not.toBe('');
    }
    // With σ_b > 0, q* is finite and the depth scale is −1/ln χ₁ in the ordered phase.
    const ordered = propagation('relu', { sigmaW: 1.2, sigmaB: 0.1, edgeOfChaos: false });
    expect(ordered.depthScale).toBeCloseTo(-1 / Math.log(0.72), 12);
    const { value: huge, ms } = timed(() => propagation('tanh', { sigmaW: 1e100, sigmaB: 0 }));
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(withInfinities(huge)).not.toMatch(/NaN|null/);
    expect(huge.qStar).toBeGreaterThan(0.99e200);
    expect(huge.depthScale).toBeGreaterThanOrEqual(0);
    expect(() => propagation('tanh', { sigmaW: 1e300, sigmaB: 0 })).toThrow(/sigmaW must be a finite number in \[1e-100, 1e\+100\]/);
    expect(() => propagation('tanh', { sigmaW: 1, sigmaB: 0, depth: 1e6 })).toThrow(/depth must be an integer in \[1, 100000\]/);
  });
});

describe('the CLI: every option checked before work starts, limits in --help', () => {
  it('refuses out-of-range options on one line (typed, status 2 at the binary)', async () => {
    await refused(['props', 'gelu', '--q', '1e-400'], /--q must be a finite number > 0, got 1e-400 \(accepted: at least 1e-300, at most 1e\+300\)/);
    await refused(['props', 'gelu', '--q', '1e301'], /--q must be/);
    await refused(['props', 'gelu', '--q', 'nan'], /--q must be/);
    await refused(['props', 'gelu', '--q', 'inf'], /--q must be/);
    await refused(['props', 'gelu', '--q', '0'], /--q must be/);
    await refused(['criticality', 'tanh', '--sigma-w', '1e300'], /--sigma-w: sigmaW must be a finite number > 0, got 1e300 \(accepted: at least 1e-100, at most 1e\+100\)/);
    await refused(['criticality', 'tanh', '--sigma-w', '0'], /sigmaW must be/);
    await refused(['criticality', 'tanh', '--sigma-b', '-1'], /--sigma-b must be/);
    await refused(['criticality', 'tanh', '--depth', '0'], /--depth must be/);
    await refused(['criticality', 'tanh', '--depth', '1.5'], /--depth must be a positive integer, got 1.5 \(accepted: at most 100000\)/);
    await refused(['criticality', 'tanh', '--depth', '1e9'], /--depth must be/);
    await refused(['criticality', 'elu', '--param', 'alpha=-1'], /alpha must be/);
    await refused(['gain', 'elu', '--param', 'alpha=nan'], /alpha must be/);
    await refused(['props', 'hard_sigmoid', '--param', 'slope=1e-305', '--no-timing'], /beyond \|z\| = 1e\+300/);
    await refused(['table', '--format', 'xml'], /--format must be text, md or json/);
  });

  it('prints ∞ (beyond float64) for overflowing moments, never NaN', async () => {
    const { stdout } = await capture(['gain', 'elu', '--param', 'alpha=1e155']);
    expect(stdout).toMatch(/2\.62662307501214e-155\s+∞ \(beyond float64\)/);
    expect(stdout).not.toMatch(/NaN/);
    const json = await capture(['gain', 'elu', '--param', 'alpha=1e155', '--json']);
    expect(JSON.parse(json.stdout)[0].secondMoment).toBe('Infinity');
    const leaky = await capture(['gain', 'leaky_relu', '--param', 'negative_slope=1e200']);
    expect(leaky.stdout).toMatch(/OverflowError/);
    expect(leaky.stdout).not.toMatch(/agrees|NaN/);
    const relu = await capture(['criticality', 'relu']);
    expect(relu.stdout).not.toMatch(/ -\d|NaN/);
    expect(relu.stdout).toMatch(/ξ_c = ∞: .*polynomially/);
  });

  it('states the limits in --help', async () => {
    expect((await capture(['props', '--help'])).stdout).toMatch(/at most 1e\+300/);
    const criticality = (await capture(['criticality', '--help'])).stdout;
    expect(criticality).toMatch(/at most 1e\+100/);
    expect(criticality).toMatch(/at most 100000/);
  });
});
