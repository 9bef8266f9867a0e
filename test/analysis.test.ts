/**
 * The analysis engine against committed mpmath fixtures (test/fixtures/analysis, made by
 * test/fixtures/moments.py) and closed forms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getElementwise, resolveParams } from '../src/activations/index.js';
import {
  gain,
  gaussianMoments,
  initialise,
  initStd,
  properties,
  propagation,
  regenerateTable,
  SCALE_SHAPE_FAMILIES,
  selfNormalizingConstants,
  type ElementwisePropertySheet,
} from '../src/analysis/index.js';
import { gaussLegendre, gaussianExpectation } from '../src/math/quadrature.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (path: string) => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

/** Agreement to `digits` significant digits (absolutely near 0, where digits are meaningless). */
function expectClose(actual: number, expected: number, digits: number, what: string): void {
  const scale = Math.max(Math.abs(expected), 1e-3);
  const error = Math.abs(actual - expected) / scale;
  if (!(error <= 10 ** -digits)) throw new Error(`${what}: got ${actual}, want ${expected} (relative error ${error.toExponential(2)})`);
}

const sheet = (id: string, params: Record<string, number> = {}) => properties(id, params, { timing: false }) as ElementwisePropertySheet;

describe('quadrature', () => {
  it('Gauss–Legendre weights sum to 2 and integrate x^38 exactly with 20 nodes', () => {
    const { nodes, weights } = gaussLegendre(20);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 14);
    let sum = 0;
    for (let i = 0; i < 20; i++) sum += (weights[i] as number) * (nodes[i] as number) ** 38;
    expectClose(sum, 2 / 39, 14, '∫x^38');
  });

  it('E[|z|] = √(2q/π) and E[z⁴] = 3q² with the kink at 0 split', () => {
    for (const q of [0.01, 1, 30]) {
      expectClose(gaussianExpectation(Math.abs, q, [0]), Math.sqrt((2 * q) / Math.PI), 14, `E|z| q=${q}`);
      expectClose(gaussianExpectation((z) => z ** 4, q), 3 * q * q, 13, `E z^4 q=${q}`);
    }
  });
});

describe('Gaussian moments against mpmath (≥ 10 digits)', () => {
  const fixture = read('analysis/moments.json') as {
    cases: { name: string; id: string; params: Record<string, number>; q: number; mean: string; meanSquare: string; meanDerivative: string; meanDerivativeSquare: string }[];
  };
  it(`${fixture.cases.length} cases: E[f], E[f²], E[f′], E[f′²] at q = 0.25, 1, 4, 100`, () => {
    const failures: string[] = [];
    for (const c of fixture.cases) {
      const def = getElementwise(c.id);
      const m = gaussianMoments(def, resolveParams(def, c.params), c.q);
      for (const key of ['mean', 'meanSquare', 'meanDerivative', 'meanDerivativeSquare'] as const) {
        try {
          expectClose(m[key], Number(c[key]), 10, `${c.name} q=${c.q} ${key}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('closed forms: ReLU E[f] = √(q/2π), E[f²] = q/2; SELU E[f] = 0, E[f²] = 1 at q = 1', () => {
    for (const q of [0.5, 1, 9]) {
      const m = gaussianMoments(getElementwise('relu'), {}, q);
      expectClose(m.mean, Math.sqrt(q / (2 * Math.PI)), 14, 'relu mean');
      expectClose(m.meanSquare, q / 2, 14, 'relu mean square');
      expectClose(m.meanDerivativeSquare, 0.5, 14, 'relu E[f′²]');
    }
    const selu = gaussianMoments(getElementwise('selu'), {}, 1);
    expect(Math.abs(selu.mean)).toBeLessThan(1e-15);
    expectClose(selu.meanSquare, 1, 14, 'selu mean square');
  });
});

describe('property sheets', () => {
  const critical = read('scalar/critical-points.json') as Record<string, { df_roots: string[]; d2f_roots: string[] }>;

  it('minima and inflection points agree with the mpmath roots to the last bits', () => {
    for (const id of ['swish', 'gelu', 'gelu_tanh', 'mish', 'sigmoid', 'tanh']) {
      const s = sheet(id);
      const roots = critical[id]!;
      expect(s.extrema.map((e) => e.at)).toHaveLength(roots.df_roots.length);
      s.extrema.forEach((e, i) => expectClose(e.at, Number(roots.df_roots[i]), 15, `${id} minimum`));
      expect(s.inflectionPoints).toHaveLength(roots.d2f_roots.length);
      s.inflectionPoints.forEach((z, i) => expect(Math.abs(z - Number(roots.d2f_roots[i]))).toBeLessThan(1e-14));
    }
  });

  it('the chapter-quoted minima: swish −0.2784645427610738 at −1.2784645427610738, GELU −0.1699712074799037 at −0.7517915246935645', () => {
    const swish = sheet('swish').extrema[0]!;
    expect(swish.kind).toBe('minimum');
    expectClose(swish.at, -1.2784645427610738, 15, 'swish z*');
    expectClose(swish.value, -0.2784645427610738, 15, 'swish f*');
    const gelu = sheet('gelu').extrema[0]!;
    expectClose(gelu.at, -0.7517915246935645, 15, 'gelu z*');
    expectClose(gelu.value, -0.1699712074799037, 15, 'gelu f*');
  });

  it('ranges with attainment: sigmoid (0, 1), ReLU [0, ∞), ELU (−1, ∞), Swish [min, ∞), hard_tanh [−1, 1]', () => {
    expect(sheet('sigmoid').range).toMatchObject({ infimum: 0, supremum: 1, infimumAttained: false, supremumAttained: false, bounded: true });
    expect(sheet('relu').range).toMatchObject({ infimum: 0, supremum: Infinity, infimumAttained: true, bounded: false });
    expect(sheet('elu').range).toMatchObject({ infimum: -1, infimumAttained: false });
    expect(sheet('swish').range.infimumAttained).toBe(true);
    expect(sheet('hard_tanh').range).toMatchObject({ infimum: -1, supremum: 1, infimumAttained: true, supremumAttained: true });
  });

  it('derivative ranges: σ′ in (0, 1/4], ReLU′ takes {0, 1}, leaky {0.01, 1}, GELU′ in [Φ(−√2) − √2φ(√2), …]', () => {
    expect(sheet('sigmoid').derivativeRange).toMatchObject({ infimum: 0, supremum: 0.25, infimumAttained: false, supremumAttained: true });
    expect(sheet('relu').derivativeRange.values).toEqual([0, 1]);
    expect(sheet('leaky_relu').derivativeRange.values).toEqual([0.01, 1]);
    // GELU′ is extreme where GELU″ = 0, at ±√2: Φ(−√2) − √2·φ(√2) (mpmath: −0.128904145185154786…)
    expectClose(sheet('gelu').derivativeRange.infimum, -0.128904145185154786, 14, 'gelu′ min');
  });

  it('smoothness at kinks: ELU(α=1) C¹, ELU(α=0.5) C⁰, SELU C⁰, CELU C¹, ReLU C⁰, hardshrink discontinuous, smooth ones C∞', () => {
    expect(sheet('elu').smoothness).toBe('C1');
    expect(sheet('elu', { alpha: 0.5 }).smoothness).toBe('C0');
    expect(sheet('selu').smoothness).toBe('C0');
    expect(sheet('celu', { alpha: 2 }).smoothness).toBe('C1');
    expect(sheet('relu').smoothness).toBe('C0');
    expect(sheet('hardshrink').smoothness).toBe('discontinuous');
    for (const id of ['sigmoid', 'gelu', 'mish', 'softplus']) expect(sheet(id).smoothness).toBe('C∞');
  });

  it('saturation laws: sigmoid e^{−|z|} both ends, tanh e^{−2|z|}, GELU Gaussian, softsign |z|^−2, ReLU hard on the left only', () => {
    const sigmoid = sheet('sigmoid').saturation;
    expect([sigmoid.left.decay, sigmoid.left.coefficient, sigmoid.right.decay]).toEqual(['exponential', 1, 'exponential']);
    expect(sheet('tanh').saturation.right.coefficient).toBe(2);
    expect(sheet('gelu').saturation.left).toMatchObject({ decay: 'gaussian', coefficient: 0.5, power: 1 });
    expect(sheet('gelu').saturation.right.saturates).toBe(false);
    expect(sheet('softsign').saturation.left).toMatchObject({ decay: 'power', power: -2 });
    expect(sheet('relu').saturation.left.decay).toBe('exact');
    expect(sheet('relu').saturation.right.saturates).toBe(false);
    expect(sheet('gelu_tanh').saturation.left.decay).toBe('cubic');
  });

  it('monotone except where f′ changes sign', () => {
    for (const id of ['sigmoid', 'relu', 'elu', 'softplus', 'tanh']) expect(sheet(id).monotone).toBe(true);
    for (const id of ['swish', 'gelu', 'mish', 'hard_swish']) expect(sheet(id).monotone).toBe(false);
  });

  it('cost is counted, not typed: ReLU calls no transcendental, sigmoid one exp per element', () => {
    expect(sheet('relu').cost.f).toEqual({});
    expect(sheet('sigmoid').cost.f).toEqual({ exp: 1 });
    expect(sheet('elu').cost.f).toEqual({ expm1: 0.5 });
  });

  it('vector activations: softmax is shift-invariant and sums to one; GLU halves the row', () => {
    expect(properties('softmax')).toMatchObject({ kind: 'vector', shiftInvariant: true, sumsToOne: true, outputLengthFor8: 8 });
    expect(properties('glu')).toMatchObject({ kind: 'vector', outputLengthFor8: 4, sumsToOne: false });
  });
});

describe('gains and initialisers', () => {
  it("agree with PyTorch's closed forms where they are variance preserving", () => {
    expectClose(gain('relu').gain, Math.SQRT2, 14, 'relu');
    expectClose(gain('leaky_relu', { negative_slope: 0.2 }).gain, Math.sqrt(2 / 1.04), 14, 'leaky 0.2');
    expectClose(gain('linear').gain, 1, 15, 'linear');
    expectClose(gain('selu').gain, 1, 14, 'selu');
    expect(gain('tanh').pytorch?.value).toBe(5 / 3);
    expect(gain('gelu').pytorch).toBeUndefined();
    expectClose(gain('tanh').gain, 1 / Math.sqrt(0.394294490397841), 12, 'tanh');
  });

  it('He, LeCun and Xavier standard deviations, and filled weights with that variance', () => {
    expect(initStd({ scheme: 'he', fanIn: 256, activation: 'relu' })).toBeCloseTo(Math.sqrt(2 / 256), 15);
    expect(initStd({ scheme: 'lecun', fanIn: 100 })).toBe(0.1);
    expect(initStd({ scheme: 'xavier', fanIn: 30, fanOut: 70, gain: 2 })).toBeCloseTo(2 * Math.sqrt(2 / 100), 15);
    // A deterministic "random" source: uniform quantiles and their normal counterparts.
    let i = 0;
    const n = 20000;
    const random = { uniform: () => ((i++ % n) + 0.5) / n, normal: () => 0 };
    const w = initialise(new Float64Array(n), { scheme: 'he', fanIn: 50, gain: 1.5, distribution: 'uniform', random });
    const variance = w.reduce((a, b) => a + b * b, 0) / n;
    expectClose(variance, (1.5 * 1.5) / 50, 6, 'uniform variance');
    expect(() => initStd({ scheme: 'he', fanIn: 0 })).toThrow(/fanIn must be a positive integer, got 0/);
  });
});

describe('signal propagation (mean-field)', () => {
  const fixture = read('analysis/propagation.json') as {
    cases: { id: string; sigmaW: string; sigmaB: string; qStar: string | null; chi1: string }[];
    correlation: { id: string; sigmaW: string; sigmaB: string; cStar: string; chiC: string; xiC: string }[];
  };
  const num = (s: string) => (s === 'sqrt(2)' ? Math.SQRT2 : Number(s));

  it('q* and χ₁ against mpmath', () => {
    for (const c of fixture.cases) {
      const r = propagation(c.id, { sigmaW: num(c.sigmaW), sigmaB: num(c.sigmaB), edgeOfChaos: false });
      expectClose(r.chi1, Number(c.chi1), 10, `${c.id} χ₁`);
      if (c.qStar !== null) expectClose(r.qStar, Number(c.qStar), 10, `${c.id} q*`);
    }
  });

  it('c*, χ_c and ξ_c against mpmath (2-D quadrature, ≥ 10 digits)', () => {
    for (const c of fixture.correlation) {
      const r = propagation(c.id, { sigmaW: num(c.sigmaW), sigmaB: num(c.sigmaB), edgeOfChaos: false });
      expect(r.phase).toBe('chaotic');
      expectClose(r.cStar as number, Number(c.cStar), 11, 'c*');
      expectClose(r.chiC as number, Number(c.chiC), 10, 'χ_c');
      expectClose(r.depthScale, Number(c.xiC), 10, 'ξ_c');
    }
  });

  it('closed forms: ReLU χ₁ = σ_w²/2 (critical at √2), leaky χ₁ = σ_w²(1 + a²)/2, tanh with σ_b = 0 critical at σ_w = 1', () => {
    for (const sigmaW of [0.8, 1.2, 1.9]) {
      expectClose(propagation('relu', { sigmaW, sigmaB: 0.1, edgeOfChaos: false }).chi1, (sigmaW * sigmaW) / 2, 13, 'relu χ₁');
      expectClose(
        propagation('leaky_relu', { sigmaW, sigmaB: 0.1, edgeOfChaos: false }, { negative_slope: 0.2 }).chi1,
        (sigmaW * sigmaW * 1.04) / 2,
        13,
        'leaky χ₁',
      );
    }
    expectClose(propagation('relu', { sigmaW: 1, sigmaB: 0.1 }).criticalSigmaW as number, Math.SQRT2, 12, 'relu edge');
    expectClose(propagation('tanh', { sigmaW: 0.5, sigmaB: 0 }).criticalSigmaW as number, 1, 12, 'tanh edge');
    const ordered = propagation('tanh', { sigmaW: 0.9, sigmaB: 0, depth: 10, edgeOfChaos: false });
    expect(ordered.phase).toBe('ordered');
    expectClose(ordered.gradient.squaredNormRatio, 0.81 ** 10, 12, 'χ₁^L at q* = 0');
  });

  it('rejects bad scales with a typed error', () => {
    expect(() => propagation('tanh', { sigmaW: -1, sigmaB: 0 })).toThrow(/sigmaW must be a finite number in \[1e-100, 1e\+100\], got -1/);
    expect(() => propagation('tanh', { sigmaW: 1, sigmaB: Number.NaN })).toThrow(/sigmaB must be a finite number in \[0, 1e\+100\]/);
  });
});

describe('self-normalising constants from first principles', () => {
  const selu = read('analysis/selu.json') as { alpha: string; lambda: string };
  it('ELU → SELU: α and λ to ≥ 14 digits, and the scaled activation has mean 0, variance 1', () => {
    const r = selfNormalizingConstants('elu');
    if (!r.exists) throw new Error('no solution');
    expectClose(r.shapeValue, Number(selu.alpha), 14, 'α');
    expectClose(r.scale, Number(selu.lambda), 14, 'λ');
    expect(Math.abs(r.mean)).toBeLessThan(1e-15);
    expectClose(r.meanSquare, 1, 14, 'E[f²]');
  });

  it('says which families have no solution, and which solutions are degenerate', () => {
    const results = Object.fromEntries(SCALE_SHAPE_FAMILIES.map((f) => [f.id, selfNormalizingConstants(f)]));
    for (const id of ['celu', 'swish', 'softplus', 'squareplus']) expect(results[id]?.exists).toBe(false);
    expect(results.leaky_relu).toMatchObject({ exists: true });
    expect((results.leaky_relu as { degenerate?: string }).degenerate).toMatch(/identity/);
    // threshold at θ = 0: value = −φ(0)/Φ(0) = −√(2/π)
    const threshold = results.threshold as { exists: true; shapeValue: number };
    expectClose(threshold.shapeValue, -Math.sqrt(2 / Math.PI), 14, 'threshold value');
  });
});

describe("the chapter's table, regenerated", () => {
  const rows = regenerateTable({ timing: false });
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));

  it('has the chapter’s eight rows with computed entries', () => {
    expect(rows.map((r) => r.id)).toEqual(['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu', 'swish', 'gelu']);
    expect(byId.sigmoid?.range).toBe('(0, 1)');
    expect(byId.relu?.range).toBe('[0, ∞)');
    expect(byId.relu?.derivativeRange).toBe('{0, 1}');
    expect(byId.swish?.range).toBe('[-0.278465, ∞)');
    expect(byId.tanh?.zeroCentered).toMatch(/^yes/);
  });

  it('flags exactly where the chapter is approximate or loose', () => {
    for (const id of ['sigmoid', 'tanh', 'relu']) expect(byId[id]?.findings).toEqual([]);
    expect(byId.swish?.findings.join('\n')).toMatch(/≈\(-0.28, ∞\) is approximate; computed \[-0.278465, ∞\)/);
    expect(byId.gelu?.findings.join('\n')).toMatch(/\(-0.17, ∞\) is loose; computed \[-0.169971, ∞\)/);
    expect(byId.leaky_relu?.findings.join('\n')).toMatch(/"Nearly".*0.55852.*ReLU's 0.56419/);
    expect(byId.selu?.findings.join('\n')).toMatch(/"varies"; computed \(0, 1.7581\]/);
    expect(byId.sigmoid?.check).toBe('agrees');
    expect(byId.gelu?.check).toBe('range loose; derivative range unstated; zero-centred loose');
  });

  it('--all covers every elementwise activation', () => {
    expect(regenerateTable({ all: true, timing: false })).toHaveLength(26);
  });
});
