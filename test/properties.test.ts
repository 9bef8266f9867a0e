/**
 * Property-based tests (fast-check) of the scalar activations: monotonicity, range bounds,
 * derivatives against finite differences, symmetry identities, softmax invariants and the
 * handling of non-finite and huge inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DERIVATIVE_LIMITS, LIMITS } from './support/property-cases.js';
import {
  ACTIVATIONS,
  SELU_ALPHA,
  SELU_SCALE,
  activation,
  forward,
  type BoundElementwise,
  type ElementwiseActivation,
} from '../src/index.js';

const EPS = 2 ** -52;
const RUNS = 300;

function el(name: string, params: Record<string, number> = {}): BoundElementwise {
  const a = activation(name, params);
  if (a.kind !== 'elementwise') throw new Error(`${name} is not elementwise`);
  return a;
}

const ELEMENTWISE = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const ELEMENTWISE_IDS = ELEMENTWISE.map((a) => a.id);

/** Spacing of doubles at |x|. */
function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < 2.2250738585072014e-308) return 5e-324;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 52);
}

const moderate = fc.double({ min: -800, max: 800, noNaN: true });
const anyDouble = fc.double({ noNaN: true });

const MONOTONE = [
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'prelu',
  'elu',
  'selu',
  'softplus',
  'log_sigmoid',
  'celu',
  'relu6',
  'hard_tanh',
  'hard_sigmoid',
  'softsign',
  'squareplus',
  'tanhshrink',
  'softshrink',
  'linear',
  'rrelu',
  'snake',
];

describe('monotonicity', () => {
  for (const name of MONOTONE) {
    it(`${name} is non-decreasing on [-800, 800]`, () => {
      const a = el(name);
      fc.assert(
        fc.property(moderate, moderate, (u, v) => {
          const [z1, z2] = u <= v ? [u, v] : [v, u];
          return a.f(z1) <= a.f(z2);
        }),
        { numRuns: RUNS },
      );
    });
  }

  // Near neighbours are where rounding could break monotonicity: compare z with the next
  // few doubles above it, bit for bit. softplus and log_sigmoid switch formulas at |z| = 1
  // (each side within an ULP of exact); across that seam alone neighbours may differ by one
  // ULP in the wrong direction (log_sigmoid(1 − 2⁻⁵³) vs log_sigmoid(1)), so for them the
  // property allows one ULP — and is bit-exact on (−1, 1) below.
  const SEAM = new Set(['softplus', 'log_sigmoid']);
  const near = fc.oneof(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: -0.1, max: 0.1, noNaN: true }));
  for (const name of MONOTONE) {
    // Snake is within 1 ULP, not correctly rounded: next to its stationary points (f′ = 0 at
    // αz = −π/4 + kπ) f rises by less than an ULP over 64 doubles, so it gets the same slack.
    const slack = SEAM.has(name) || name === 'snake' ? 1 : 0;
    it(`${name} is non-decreasing between neighbouring doubles${slack ? ' (to 1 ULP at its seam)' : ''}`, () => {
      const a = el(name);
      fc.assert(
        fc.property(near, fc.integer({ min: 1, max: 64 }), (z, k) => {
          const z2 = z + k * ulp(z);
          const y2 = a.f(z2);
          return a.f(z) <= y2 + slack * ulp(y2);
        }),
        { numRuns: 200 },
      );
    });
  }

  for (const name of SEAM) {
    it(`${name} is non-decreasing bit for bit between neighbouring doubles in (−1, 1)`, () => {
      const a = el(name);
      fc.assert(
        fc.property(fc.double({ min: -0.999, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 64 }), (z, k) => {
          return a.f(z) <= a.f(z + k * ulp(z));
        }),
        { numRuns: 2000 },
      );
    });
  }

  // Regression: the exact values increase (mpmath: softplus(0.08083433408691897) =
  // 0.734380899023044652…, softplus(0.08083433408691901) = 0.734380899023044674…), and an
  // earlier log1p(e^z) evaluation returned …0447 then …0446 (within 1 ULP each, but out of
  // order). Same for z ≈ 0.0066–0.062 and log_sigmoid on z ≈ −0.062…−0.0014.
  const nonMonotonePairs: [string, number, number, string][] = [
    ['softplus', 0.08083433408691897, 0.08083433408691901, '0.7343808990230447 > 0.7343808990230446'],
    ['softplus', 0.009457617334357184, 0.009457617334357227, '0.6978871700011594 > 0.6978871700011593'],
    ['log_sigmoid', -0.010853847530410202, -0.010853847530410196, '-0.698588830003645 > -0.6985888300036451'],
  ];
  for (const [name, z1, z2, got] of nonMonotonePairs) {
    it(`${name}(${z1}) ≤ ${name}(${z2}) (once: ${got})`, () => {
      const a = el(name);
      expect(z1).toBeLessThan(z2);
      expect(a.f(z1)).toBeLessThanOrEqual(a.f(z2));
    });
  }

  for (const name of ['sigmoid', 'tanh', 'softplus', 'log_sigmoid', 'elu', 'softsign', 'squareplus', 'tanhshrink']) {
    it(`${name} is non-decreasing over all doubles (including ±∞)`, () => {
      const a = el(name);
      fc.assert(
        fc.property(anyDouble, anyDouble, (u, v) => {
          const [z1, z2] = u <= v ? [u, v] : [v, u];
          return a.f(z1) <= a.f(z2);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('range bounds', () => {
  const lambdaAlpha = SELU_ALPHA * SELU_SCALE;
  const bounds: [string, number, number][] = [
    ['sigmoid', 0, 1],
    ['tanh', -1, 1],
    ['softsign', -1, 1],
    ['relu6', 0, 6],
    ['hard_sigmoid', 0, 1],
    ['hard_tanh', -1, 1],
    ['elu', -1, Infinity],
    ['celu', -1, Infinity],
    ['selu', -lambdaAlpha * (1 + EPS), Infinity],
    ['softplus', 0, Infinity],
    ['log_sigmoid', -Infinity, 0],
    ['relu', 0, Infinity],
    ['squareplus', 0, Infinity],
  ];
  for (const [name, lo, hi] of bounds) {
    it(`${name} stays in [${lo}, ${hi}] over all doubles`, () => {
      const a = el(name);
      fc.assert(
        fc.property(anyDouble, (z) => {
          const y = a.f(z);
          return y >= lo && y <= hi;
        }),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(moderate, (z) => {
          const y = a.f(z);
          return y >= lo && y <= hi;
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('elu with alpha = 0.5 stays above -0.5', () => {
    const a = el('elu', { alpha: 0.5 });
    fc.assert(fc.property(anyDouble, (z) => a.f(z) >= -0.5), { numRuns: RUNS });
  });

  // Global minima of the non-monotone smooth activations (mpmath at 40 digits, rounded to
  // binary64), tested both over a wide range and densely around the minimiser. Mish's minimum
  // is -0.30884341301725041 at z = -1.1924312145154952 (not -0.3088403, which mish goes below).
  const minima: [string, number, number][] = [
    ['swish', -0.2784645427610738, -1.2784645427610738],
    ['gelu', -0.16997120747990368, -0.75179152469356446],
    ['mish', -0.30884341301725041, -1.1924312145154952],
  ];
  for (const [name, minimum, argmin] of minima) {
    it(`${name} ≥ ${minimum}`, () => {
      const a = el(name);
      fc.assert(fc.property(moderate, (z) => a.f(z) >= minimum), { numRuns: RUNS });
      fc.assert(
        fc.property(fc.double({ min: argmin - 1e-3, max: argmin + 1e-3, noNaN: true }), (z) => a.f(z) >= minimum),
        { numRuns: RUNS },
      );
      // The bound is tight: at the minimiser f is within 1e-9 of it.
      expect(a.f(argmin) - minimum).toBeLessThan(1e-9);
    });
  }

  for (const [name, bound] of [['sigmoid', 0.25], ['tanh', 1]] as const) {
    it(`${name}′ lies in [0, ${bound}] and equals ${bound} at 0`, () => {
      const a = el(name);
      const small = fc.double({ min: -1e-6, max: 1e-6, noNaN: true });
      fc.assert(
        fc.property(fc.oneof(anyDouble, small), (z) => {
          const d = a.df(z);
          return d >= 0 && d <= bound;
        }),
        { numRuns: RUNS },
      );
      expect(a.df(0)).toBe(bound);
    });
  }

  // Regression: σ′(z) = 1/4 − z²/16 + … < 1/4 for z ≠ 0, so the correctly rounded value is
  // ≤ 0.25; an earlier evaluation returned 0.25000000000000006 for z ≈ 1.06e-8 … 1.48e-8, and
  // tanh′ = 4σ′(2z) inherited it (> 1).
  it('sigmoid′(1.1248105232763413e-8) ≤ 0.25 (once 0.25000000000000006)', () => {
    expect(el('sigmoid').df(1.1248105232763413e-8)).toBeLessThanOrEqual(0.25);
  });
  it('sigmoid′(1.0592537251687091e-8) ≤ 0.25', () => {
    expect(el('sigmoid').df(1.0592537251687091e-8)).toBeLessThanOrEqual(0.25);
  });
  it('tanh′(5.2962686258435455e-9) ≤ 1 (once 1.0000000000000002)', () => {
    expect(el('tanh').df(5.2962686258435455e-9)).toBeLessThanOrEqual(1);
  });
});

/**
 * 4th-order central differences with step h = 2^-10 on inputs snapped to multiples of 2^-30,
 * so that z ± h and z ± 2h are exact. Truncation error ≈ h⁴·|f⁽⁵⁾|/30 ≈ 3e-14·|f⁽⁵⁾|, rounding
 * error ≈ 1.5·ε·max|f|/h ≈ 2e-12 on [-8, 8]; the tolerance 1e-8 leaves a wide margin while still
 * catching any derivative formula that is off by a term.
 */
const H = 2 ** -10;
function centralDifference(g: (z: number) => number, z: number): number {
  return (g(z - 2 * H) - 8 * g(z - H) + 8 * g(z + H) - g(z + 2 * H)) / (12 * H);
}
const snap = (z: number) => Math.round(z * 2 ** 30) / 2 ** 30;

describe('derivatives against finite differences on [-8, 8]', () => {
  /** name → half-width of the excluded neighbourhood of the kink at 0 (0 = none). */
  const smooth: [string, number][] = [
    ['sigmoid', 0],
    ['tanh', 0],
    ['elu', 0.01],
    ['selu', 0.01],
    ['swish', 0],
    ['gelu', 0],
    ['gelu_tanh', 0],
    ['softplus', 0],
    ['log_sigmoid', 0],
    ['mish', 0],
    ['celu', 0.01],
    ['squareplus', 0],
    ['softsign', 0.01],
    ['tanhshrink', 0],
    ['snake', 0],
  ];
  const input = (exclude: number) =>
    fc
      .double({ min: -8, max: 8, noNaN: true })
      .map(snap)
      .filter((z) => Math.abs(z) > exclude);

  for (const [name, exclude] of smooth) {
    it(`${name}: f′ matches the difference of f`, () => {
      const a = el(name);
      fc.assert(
        fc.property(input(exclude), (z) => {
          const d = a.df(z);
          const fd = centralDifference(a.f, z);
          return Math.abs(d - fd) <= 1e-8 * Math.max(1, Math.abs(d));
        }),
        { numRuns: 200 },
      );
    });
    it(`${name}: f″ matches the difference of f′`, () => {
      const a = el(name);
      fc.assert(
        fc.property(input(exclude), (z) => {
          const d2 = a.d2f(z);
          const fd = centralDifference(a.df, z);
          return Math.abs(d2 - fd) <= 1e-8 * Math.max(1, Math.abs(d2));
        }),
        { numRuns: 200 },
      );
    });
  }

  it('softplus with beta = 2 and elu with alpha = 0.5: derivatives match differences', () => {
    for (const a of [el('softplus', { beta: 2 }), el('elu', { alpha: 0.5 }), el('celu', { alpha: 2 })]) {
      fc.assert(
        fc.property(input(0.01), (z) => {
          const d = a.df(z);
          return Math.abs(d - centralDifference(a.f, z)) <= 1e-8 * Math.max(1, Math.abs(d));
        }),
        { numRuns: 100 },
      );
    }
  });
});

describe('identities', () => {
  it('tanh is odd exactly', () => {
    const a = el('tanh');
    fc.assert(fc.property(anyDouble, (z) => Object.is(a.f(-z), -a.f(z))), { numRuns: RUNS });
  });

  // With a correctly rounded σ the difference is ≤ 8.4e-17; σ is documented to 2 ULP, and it
  // is not correctly rounded next to 0 (σ(1.6653345369377348e-16) = 0.5000000000000001 where
  // the exact 0.5 + 4.2e-17 rounds to 0.5), so the tolerance is 2 ULP of [0.5, 1): 2.3e-16.
  it('sigmoid(-z) = 1 - sigmoid(z) to 2.3e-16', () => {
    const a = el('sigmoid');
    fc.assert(
      fc.property(fc.oneof(moderate, fc.double({ min: -1e-6, max: 1e-6, noNaN: true })), (z) => Math.abs(a.f(-z) - (1 - a.f(z))) <= 2.3e-16),
      { numRuns: RUNS },
    );
  });

  it('softplus(z) - softplus(-z) = z to a few ULP', () => {
    const a = el('softplus');
    fc.assert(
      fc.property(moderate, (z) => {
        const p = a.f(z);
        const m = a.f(-z);
        const scale = Math.max(Math.abs(z), p, m);
        return Math.abs(p - m - z) <= 4 * ulp(scale);
      }),
      { numRuns: RUNS },
    );
  });

  it('gelu(z) - gelu(-z) = z', () => {
    const a = el('gelu');
    fc.assert(
      fc.property(moderate, (z) => Math.abs(a.f(z) - a.f(-z) - z) <= 4e-16 * Math.max(1, Math.abs(z))),
      { numRuns: RUNS },
    );
  });

  it('swish(z) - swish(-z) = z', () => {
    const a = el('swish');
    fc.assert(
      fc.property(moderate, (z) => Math.abs(a.f(z) - a.f(-z) - z) <= 4e-16 * Math.max(1, Math.abs(z))),
      { numRuns: RUNS },
    );
  });

  it('log_sigmoid(z) = -softplus(-z) to 2 ULP', () => {
    const ls = el('log_sigmoid');
    const sp = el('softplus');
    fc.assert(
      fc.property(moderate, (z) => {
        const a = ls.f(z);
        const b = -sp.f(-z);
        return Math.abs(a - b) <= 2 * ulp(b);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Σ with compensation, so the check measures the entries' errors and not the test's. */
function exactishSum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

describe('softmax invariants', () => {
  const row = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 });

  it('sums to 1 within 4 ULP', () => {
    fc.assert(
      fc.property(row, (xs) => {
        const y = forward('softmax', Float64Array.from(xs));
        return Math.abs(exactishSum(y) - 1) <= 4 * EPS;
      }),
      { numRuns: RUNS },
    );
  });

  it('entries lie in [0, 1] and the largest input gets the largest probability', () => {
    fc.assert(
      fc.property(row, (xs) => {
        const y = forward('softmax', Float64Array.from(xs));
        const k = xs.indexOf(Math.max(...xs));
        return y.every((v) => v >= 0 && v <= 1) && y.every((v) => v <= (y[k] as number));
      }),
      { numRuns: RUNS },
    );
  });

  it('is shift invariant', () => {
    fc.assert(
      fc.property(row, fc.double({ min: -50, max: 50, noNaN: true }), (xs, c) => {
        const y = forward('softmax', Float64Array.from(xs));
        const ys = forward('softmax', Float64Array.from(xs, (v) => v + c));
        for (let i = 0; i < y.length; i++) {
          const a = y[i] as number;
          const b = ys[i] as number;
          if (a > 1e-300 && Math.abs(a - b) > 1e-13 * a) return false;
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('log_softmax = log(softmax) where softmax is not tiny', () => {
    fc.assert(
      fc.property(row, (xs) => {
        const x = Float64Array.from(xs);
        const y = forward('softmax', x);
        const ly = forward('log_softmax', x);
        for (let i = 0; i < y.length; i++) {
          const v = y[i] as number;
          if (v > 1e-300 && Math.abs(Math.log(v) - (ly[i] as number)) > 1e-13 * Math.max(1, Math.abs(ly[i] as number)))
            return false;
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  // -log1p(e^-20 + e^-40) = -2.0611536245627349497740610405e-9 (mpmath, 40 digits). Note
  // -2.0611536224385579e-9 (= -e^-20) would be wrong in the 9th digit: log1p(x) = x - x²/2 + …
  // with x = e^-20 + e^-40 is e^-20 + e^-40/2 + ….
  it('log_softmax([20, -20, 0])[0] = -log1p(e^-20 + e^-40) to < 2.3e-16 relative', () => {
    const y = forward('log_softmax', new Float64Array([20, -20, 0]));
    const expected = -2.0611536245627349497740610405e-9;
    expect(Math.abs(((y[0] as number) - expected) / expected)).toBeLessThan(2.3e-16);
  });
});

describe('non-finite and huge inputs', () => {
  const limits = LIMITS;
  const derivativeLimits = DERIVATIVE_LIMITS;

  it('the limit tables cover every elementwise activation', () => {
    expect(Object.keys(limits).sort()).toEqual([...ELEMENTWISE_IDS].sort());
    expect(Object.keys(derivativeLimits).sort()).toEqual([...ELEMENTWISE_IDS].sort());
  });

  for (const id of ELEMENTWISE_IDS) {
    it(`${id}: NaN in gives NaN out for f, f′, f″`, () => {
      const a = el(id);
      expect(a.f(NaN)).toBeNaN();
      expect(a.df(NaN)).toBeNaN();
      expect(a.d2f(NaN)).toBeNaN();
    });

    it(`${id}: f(±∞) are the true limits`, () => {
      const a = el(id);
      const [lo, hi] = limits[id] as [number, number];
      const atMinus = a.f(-Infinity);
      const atPlus = a.f(Infinity);
      if (id === 'selu') expect(Math.abs(atMinus - lo)).toBeLessThanOrEqual(ulp(lo));
      else expect(atMinus === lo, `f(-∞) = ${atMinus}, expected ${lo}`).toBe(true);
      expect(atPlus === hi, `f(+∞) = ${atPlus}, expected ${hi}`).toBe(true);
    });

    it(`${id}: f′(±∞) are the true limits and f″(±∞) = 0 (NaN both where f′ oscillates)`, () => {
      const a = el(id);
      const [lo, hi] = derivativeLimits[id] as [number, number];
      // ±0 count as equal; NaN equals NaN (no limit: Snake's f′ oscillates, and so does f″).
      const same = (x: number, y: number) => x === y || (Number.isNaN(x) && Number.isNaN(y));
      expect(same(a.df(-Infinity), lo), `f′(-∞) = ${a.df(-Infinity)}, expected ${lo}`).toBe(true);
      expect(same(a.df(Infinity), hi), `f′(+∞) = ${a.df(Infinity)}, expected ${hi}`).toBe(true);
      expect(same(a.d2f(-Infinity), Number.isNaN(lo) ? NaN : 0), `f″(-∞) = ${a.d2f(-Infinity)}`).toBe(true);
      expect(same(a.d2f(Infinity), Number.isNaN(hi) ? NaN : 0), `f″(+∞) = ${a.d2f(Infinity)}`).toBe(true);
    });
  }

  it('f, f′, f″ are finite for every finite input in [-1e300, 1e300]', () => {
    const bound = ELEMENTWISE.map((d) => el(d.id));
    const huge = fc.oneof(
      fc.double({ min: -1e300, max: 1e300, noNaN: true }),
      fc.constantFrom(-1e300, 1e300, -1e200, 1e200, -1e154, 1e154, -746, 746, -710, 710, 0, -0, 5e-324, -5e-324),
    );
    fc.assert(
      fc.property(huge, (z) => {
        for (const a of bound) {
          for (const v of [a.f(z), a.df(z), a.d2f(z)]) {
            if (!Number.isFinite(v)) throw new Error(`${a.definition.id} at ${z} gave ${v}`);
          }
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('selu(1e300) and gelu(1e300) are finite and equal λ·1e300 and 1e300', () => {
    expect(el('selu').f(1e300)).toBe(SELU_SCALE * 1e300);
    expect(el('gelu').f(1e300)).toBe(1e300);
    expect(el('gelu').f(-1e300) === 0).toBe(true);
  });
});
