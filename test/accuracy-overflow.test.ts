/**
 * Intermediate overflow and underflow: every parametrised elementwise activation
 * with its parameters and inputs drawn JOINTLY, so that every product and ratio its formulas
 * form (β·z, z/α, slope·z + offset, z² against b, z ± λ, …) lands in every binade, and near
 * both ends of the float range far more often than independent draws would put it. The
 * exponent of the product is drawn and z derived from the parameter.
 *
 * Asserted, with no oracle at test time: no NaN for a finite input (f, f′, f″ in float64, the
 * float64 array paths, the float32 kernels in both precision modes and both data paths), and
 * ±∞ only where the true value exceeds the float range — decided from a bound proved per
 * activation below (|swish(z)| ≤ |z|, |swish′| ≤ 1.1, |swish″| ≤ β/2; softplus ≤ max(z, 0) +
 * ln 2/β, …), computed in log₂ so that the bound itself cannot overflow. The float64 array
 * paths must give the scalar bits; the float32 kernels the scalar value rounded within their
 * bound (2 ULP f, 4 ULP f′, 'fast'; 1 and 1 'precise').
 */
import fc from 'fast-check';
import { acceptedParams } from './support/params.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ACTIVATIONS, resolveParams, type ElementwiseActivation, type ParamSpec, type ParamValues } from '../src/activations/index.js';
import { allocateKernelArray, freeKernelArray, jsBackend, setKernelPrecision, wasmBackend, type KernelPrecision } from '../src/kernels/index.js';
import { setWasmEnabled, wasmKernels } from '../src/wasm/index.js';

const MAX = 1.7976931348623157e308;
const MAX32 = 3.4028234663852886e38;
const LN2 = Math.LN2;
const elementwise = ACTIVATIONS.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
const parametrised = elementwise.filter((a) => Object.keys(a.params).length > 0);

afterEach(() => {
  setWasmEnabled(true);
  setKernelPrecision('fast');
});

/** m·2^e for any e (in steps, so that 2^e itself never overflows or underflows first). */
function ldexp(m: number, e: number): number {
  if (!Number.isFinite(e)) return e > 0 ? m * Infinity : m * 0;
  let v = m;
  let k = e;
  while (k > 1000) {
    v *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    v *= 2 ** -1000;
    k += 1000;
  }
  return v * 2 ** k;
}
/** floor(log₂|v|) for a finite nonzero v (subnormals included). */
const exponentOf = (v: number): number => {
  const a = Math.abs(v);
  return a < 2 ** -1000 ? Math.floor(Math.log2(a * 2 ** 1000)) - 1000 : Math.floor(Math.log2(a));
};
/** log₂|v|, exact in scale for subnormals. */
const log2Abs = (v: number): number => (v === 0 ? -Infinity : Math.abs(v) < 2 ** -1000 ? Math.log2(Math.abs(v) * 2 ** 1000) - 1000 : Math.log2(Math.abs(v)));
/** t / s for t = ±m·2^e, without forming t (it may lie beyond the float range). */
function over(sign: number, m: number, e: number, s: number): number {
  if (s === 0 || !Number.isFinite(s)) return NaN;
  const k = exponentOf(s);
  return sign * ldexp(m / ldexp(Math.abs(s), -k), e - k) * Math.sign(s);
}

/** A product's exponent: near the bottom, near 1, near the top, or anywhere. */
const productExponent = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: -1100, max: 1100 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1000, max: 1100 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1100, max: -1000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -60, max: 12 }) },
  // the float32 range's ends: the fast kernels form β·z in float32 for β = 2^k
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 110, max: 140 }), fc.integer({ min: -160, max: -120 })) },
);
const mantissa = fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true });
/** A product target ±m·2^e (not formed). */
const target = fc.tuple(fc.constantFrom(1, -1), mantissa, productExponent);

/** Parameter values the validator accepts: log-uniform over the whole range, the extremes. */
function parameterValue(spec: ParamSpec): fc.Arbitrary<number> {
  const magnitude = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.integer({ min: -1074, max: 1023 }), mantissa).map(([e, m]) => Math.min(MAX, ldexp(m, e))) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 900, max: 1023 }), mantissa).map(([e, m]) => Math.min(MAX, ldexp(m, e))) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -1074, max: -900 }), mantissa).map(([e, m]) => ldexp(m, e)) },
    { weight: 1, arbitrary: fc.integer({ min: -100, max: 100 }).map((k) => 2 ** k) },
    { weight: 2, arbitrary: fc.constantFrom(5e-324, 2.2250738585072014e-308, 1, 0.5, 1 / 6, 0.2, 1.9e284, 1e300, 8.98846567431158e307, MAX, MAX32) },
  );
  const signed = spec.min !== undefined && spec.min >= 0 ? magnitude : fc.tuple(fc.boolean(), magnitude).map(([negative, m]) => (negative ? -m : m));
  return fc.oneof({ weight: 8, arbitrary: signed }, { weight: 1, arbitrary: fc.constantFrom(0, -0, spec.default) });
}

const parameters = (a: ElementwiseActivation): fc.Arbitrary<ParamValues> => acceptedParams(a, parameterValue);

type Target = [sign: number, m: number, e: number];
const num = (p: ParamValues, name: string) => p[name] as number;

/**
 * The inputs that put each product or ratio of an activation's formulas at the target t:
 * z = t/β for β·z, z = t·α for z/α, z = (t − b)/a for a·z + b, z = λ + t for z − λ, ….
 */
const INPUTS: Record<string, (p: ParamValues, [s, m, e]: Target) => number[]> = {
  swish: (p, [s, m, e]) => [over(s, m, e, num(p, 'beta'))],
  softplus: (p, [s, m, e]) => [over(s, m, e, num(p, 'beta'))],
  celu: (p, [s, m, e]) => [over(s, m, e, 1 / num(p, 'alpha')), ldexp(s * m * num(p, 'alpha'), e), ldexp(s * m, e - exponentOf(1 / num(p, 'alpha') || 1)) ],
  elu: (_p, [s, m, e]) => [s * ldexp(m, Math.min(e, 1023))],
  hard_sigmoid: (p, [s, m, e]) => {
    const a = num(p, 'slope');
    const b = num(p, 'offset');
    const t = s * ldexp(m, Math.min(e, 1023));
    return [over(s, m, e, a), (t - b) / a, -b / a + t, (1 - b) / a + t, (1 - b) / a, -b / a];
  },
  squareplus: (p, [s, m, e]) => [s * ldexp(m, Math.min(e, 1023)), s * ldexp(m, Math.min(e, 1023)) * Math.sqrt(num(p, 'b')), Math.sqrt(num(p, 'b')) * s * ldexp(m, Math.max(-60, Math.min(e, 60)))],
  leaky_relu: (p, [s, m, e]) => [over(s, m, e, num(p, 'negative_slope') || 1)],
  prelu: (p, [s, m, e]) => [over(s, m, e, num(p, 'slope') || 1)],
  rrelu: (p, [s, m, e]) => [over(s, m, e, num(p, 'lower') / 2 + num(p, 'upper') / 2 || 1)],
  hard_tanh: (p, [s, m, e]) => [num(p, 'min_val') + s * ldexp(m, Math.min(e, 1023)), num(p, 'max_val') + s * ldexp(m, Math.min(e, 1023))],
  threshold: (p, [s, m, e]) => [num(p, 'threshold') + s * ldexp(m, Math.min(e, 1023))],
  softshrink: (p, [s, m, e]) => [num(p, 'lambda') + s * ldexp(m, Math.min(e, 1023)), -num(p, 'lambda') + s * ldexp(m, Math.min(e, 1023))],
  hardshrink: (p, [s, m, e]) => [num(p, 'lambda') + s * ldexp(m, Math.min(e, 1023)), -num(p, 'lambda') + s * ldexp(m, Math.min(e, 1023))],
  snake: (p, [s, m, e]) => [over(s, m, e, num(p, 'alpha')), s * ldexp(m, Math.min(e, 1023))],
};

/** log₂(2^x + 2^y). */
const log2Add = (x: number, y: number): number => {
  const hi = Math.max(x, y);
  return hi === -Infinity ? -Infinity : hi + Math.log2(1 + 2 ** (Math.min(x, y) - hi));
};

/** log₂ of ln(1 + e^u) for any u given as log₂|u| and its sign (u itself may be beyond the range). */
function log2Softplus(sign: number, log2u: number): number {
  if (log2u < -60) return Math.log2(LN2) + 1e-15; // ln 2·(1 ± 2^−60)
  if (log2u > 10) return sign > 0 ? log2u : -(2 ** log2u) / LN2; // u itself, or e^u
  const u = sign * 2 ** log2u;
  return Math.log2(Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))));
}

/**
 * An upper bound on log₂|true value| (proved per activation), or −∞ where the value is bounded
 * far inside the range whatever the parameters: ±∞ is allowed only above 1024 (the largest
 * double's binade), and a NaN never.
 */
function log2Bound(id: string, order: 'f' | 'df' | 'd2f', z: number, p: ParamValues): number {
  switch (id) {
    case 'softplus': {
      // f = ln(1 + e^{βz})/β ≤ max(z, 0) + ln 2/β; f′ = σ(βz) ≤ 1; f″ = βσ(1 − σ) ≤ β/4
      if (order !== 'f') return -Infinity;
      const beta = num(p, 'beta');
      if (z > 0) return log2Add(log2Abs(z), Math.log2(LN2) - log2Abs(beta));
      return log2Softplus(-1, log2Abs(beta) + log2Abs(z)) - log2Abs(beta);
    }
    case 'celu': {
      // f ∈ (−α, max(z, 0)]; f′ ≤ 1; f″ = e^{z/α}/α below 0
      if (order !== 'd2f' || z > 0) return -Infinity;
      const alpha = num(p, 'alpha');
      const log2Ratio = log2Abs(z) - log2Abs(alpha);
      return log2Ratio > 11 ? -Infinity : -(2 ** log2Ratio) / LN2 - log2Abs(alpha);
    }
    case 'leaky_relu':
    case 'prelu':
    case 'rrelu': {
      if (order !== 'f' || z >= 0) return -Infinity;
      const slope = id === 'leaky_relu' ? num(p, 'negative_slope') : id === 'prelu' ? num(p, 'slope') : num(p, 'lower') / 2 + num(p, 'upper') / 2;
      return log2Abs(slope) + log2Abs(z);
    }
    case 'snake': {
      // f = z + sin²(αz)/α: |f| ≤ |z| + 1/α; f′ ∈ [0, 2]; |f″| = |2α cos 2αz| ≤ 2α
      const alpha = num(p, 'alpha');
      if (order === 'f') return log2Add(log2Abs(z), -log2Abs(alpha));
      return order === 'd2f' ? 1 + log2Abs(alpha) : -Infinity;
    }
    case 'selu':
      // λz above 0 (λ = 1.0507…); λα(e^z − 1) ∈ (−1.76, 0) below
      return order === 'f' && z > 0 ? Math.log2(1.0507009873554805) + log2Abs(z) : -Infinity;
    default:
      // the activations without parameters: |f| ≤ |z| + 1, |f′| ≤ 1.2, |f″| ≤ 1 (no product to overflow);
      // swish: |f| ≤ |z|, |f′| ≤ 1.1, |f″| ≤ β/2; elu: f ∈ (−α, z], f′, f″ ≤ max(α, 1); celu as above;
      // squareplus: f ≤ z + √b/2 (rounds to at most the largest double), f′ ≤ 1, f″ ≤ 1/(2√b);
      // hard_sigmoid ∈ [0, 1], f′ ∈ {0, a}; the clamps, shrinks and threshold: z, z ± λ, or a parameter
      return -Infinity;
  }
}

/** The verdict on one value: undefined if it may be right, else what is wrong. */
function overflowProblem(value: number, log2bound: number, float32: boolean): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  const top = float32 ? 128 : 1024;
  if (!Number.isFinite(value) && log2bound < top - 1e-9) return `∞ (true value below 2^${log2bound.toFixed(3)})`;
  return undefined;
}

let cases = 0;
const orders = ['f', 'df', 'd2f'] as const;
const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** Scalar and float64 array paths at the inputs zs. */
function float64Problems(a: ElementwiseActivation, p: ParamValues, zs: number[]): string[] {
  const problems: string[] = [];
  for (const z of zs) {
    for (const order of orders) {
      cases++;
      const v = a[order](z, p);
      const why = overflowProblem(v, log2Bound(a.id, order, z, p), false);
      if (why) problems.push(`${a.id}.${order}(${show(z)}; ${JSON.stringify(p)}) = ${v}: ${why}`);
    }
  }
  const x = Float64Array.from(zs);
  const g = Float64Array.from(zs, (_, i) => (i % 2 === 0 ? 1 : -0.75));
  for (const [name, backend] of [['wasm', wasmBackend], ['js', jsBackend]] as const) {
    const y = new Float64Array(x.length);
    const d = new Float64Array(x.length);
    backend.forward(a, p, x, y);
    backend.backward(a, p, x, g, d);
    for (let i = 0; i < x.length; i++) {
      const z = x[i] as number;
      const want = a.f(z, p);
      const wantD = (g[i] as number) * a.df(z, p);
      if (!Object.is(y[i], want)) problems.push(`${name} float64 f(${show(z)}; ${JSON.stringify(p)}) = ${show(y[i]!)}, scalar ${show(want)}`);
      if (!Object.is(d[i], wantD)) problems.push(`${name} float64 g·f′(${show(z)}; ${JSON.stringify(p)}) = ${show(d[i]!)}, scalar ${show(wantD)}`);
    }
  }
  return problems;
}

/** One float32 ULP at |v|. */
function ulp32(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.min(Math.floor(Math.log2(a)), 127) - 23);
}
function ulpError32(value: number, exact: number): number {
  if (Number.isNaN(value)) return Infinity;
  if (Math.abs(exact) >= 2 ** 128) return value === Math.sign(exact) * Infinity ? 0 : Infinity;
  const v = Number.isFinite(value) ? value : Math.sign(value) * 2 ** 128;
  return Math.abs(v - exact) / ulp32(exact);
}
const TOLERANCE: Record<KernelPrecision, { f: number; df: number }> = { fast: { f: 2, df: 4 }, precise: { f: 1, df: 1 } };

/** The float32 kernels (both modes, both data paths) against the scalar definitions. */
function float32Problems(a: ElementwiseActivation, p: ParamValues, zs: number[]): string[] {
  const x = Float32Array.from(zs);
  const n = x.length;
  const problems: string[] = [];
  for (const mode of ['fast', 'precise'] as const) {
    setKernelPrecision(mode);
    for (const zeroCopy of [false, true]) {
      if (zeroCopy && !wasmKernels()) continue;
      const arrays = zeroCopy ? [0, 1, 2, 3].map(() => allocateKernelArray(n, 'float32') as Float32Array) : [0, 1, 2, 3].map(() => new Float32Array(n));
      const [xs, y, d, g] = arrays as [Float32Array, Float32Array, Float32Array, Float32Array];
      try {
        xs.set(x);
        g.fill(1);
        wasmBackend.forward(a, p, xs, y);
        wasmBackend.backward(a, p, xs, g, d);
        for (let i = 0; i < n; i++) {
          const z = x[i] as number;
          for (const [order, value] of [['f', y[i] as number], ['df', d[i] as number]] as const) {
            cases++;
            const exact = a[order](z, p);
            const where = `${a.id} float32 ${mode}${zeroCopy ? ' zero-copy' : ''} ${order}(${show(z)}; ${JSON.stringify(p)}) = ${show(value)}`;
            const why = overflowProblem(value, Number.isNaN(exact) ? -Infinity : log2Abs(exact), true);
            if (why) problems.push(`${where}: ${why}, scalar ${show(exact)}`);
            else if (!Number.isNaN(exact) && ulpError32(value, exact) > TOLERANCE[mode][order === 'f' ? 'f' : 'df']) {
              problems.push(`${where}, scalar ${show(exact)} (${ulpError32(value, exact).toPrecision(3)} ULP)`);
            } else if (value === 0 && exact === 0 && !Object.is(value, exact)) problems.push(`${where}, scalar ${show(exact)} (sign of zero)`);
          }
        }
      } finally {
        if (zeroCopy) for (const array of arrays) freeKernelArray(array);
      }
    }
  }
  return problems;
}

describe('joint parameter–input scan: products and ratios over every binade, no NaN, ∞ only past the range', () => {
  it('every parametrised elementwise activation has an input rule here', () => {
    expect(parametrised.map((a) => a.id).filter((id) => !(id in INPUTS))).toEqual([]);
  });

  for (const a of elementwise) {
    it(`${a.id}: scalar f, f′, f″, float64 arrays (scalar bits) and float32 kernels (both modes, both data paths)`, () => {
      const rule = INPUTS[a.id] ?? ((_p: ParamValues, [s, m, e]: Target) => [s * ldexp(m, Math.min(e, 1023))]);
      fc.assert(
        fc.property(parameters(a), fc.array(target, { minLength: 4, maxLength: 12 }), (p, targets) => {
          const zs = targets.flatMap((t) => rule(p, t)).filter((z) => Number.isFinite(z));
          const z32 = targets.flatMap((t) => rule(p, t)).map((z) => Math.fround(z)).filter((z) => Number.isFinite(z));
          const problems = [...float64Problems(a, p, zs), ...float32Problems(a, p, z32)];
          expect(problems.slice(0, 6)).toEqual([]);
        }),
        { numRuns: Number(process.env.ACTLAB_SCAN_RUNS ?? (a.id in INPUTS ? 300 : 60)) },
      );
    });
  }

  it('the members found: one repro each (scalar, float64 arrays, float32 kernels)', () => {
    const at = (id: string, given: Record<string, number>) => {
      const a = parametrised.find((x) => x.id === id)!;
      return { a, p: resolveParams(a, given) };
    };
    // β·z near −1e306: its low part near 1e289 made m·xLo = ∞ inside the exponential's product (∞·0)
    for (const [beta, z] of [[1.9e284, -4.4e21], [1e286, -1e21], [1.4181298336770853e278, -6.338253001141237e29]]) {
      const { a, p } = at('swish', { beta: beta! });
      expect(Object.is(a.f(z!, p), -0), `swish(${z}; β = ${beta})`).toBe(true);
      expect(float64Problems(a, p, [z!, -z!])).toEqual([]);
    }
    // 6·fl(1/6) rounds to 1: z = 1 cancels 6b's high part, its rounding error is the value
    const hs = at('hard_sigmoid', { slope: 1 / 6, offset: -1 / 6 });
    expect(hs.a.f(1, hs.p)).toBe(9.25185853854297e-18);
    expect(float32Problems(hs.a, hs.p, [1, -1, 7])).toEqual([]);
    for (const offset of [MAX, -MAX]) {
      const { a, p } = at('hard_sigmoid', { slope: MAX, offset });
      expect([...float64Problems(a, p, [-2, -1, -0.5, 0.5, 1, 2]), ...float32Problems(a, p, [-2, -1, -0.5, 0.5, 1, 2])]).toEqual([]);
    }
    // squareplus with b = ±0 is ReLU: every zero +0, as the kernels give
    for (const b of [0, -0]) {
      const { a, p } = at('squareplus', { b });
      for (const z of [-0, 0, -1, -1e300]) {
        expect(Object.is(a.f(z, p), 0), `squareplus(${show(z)}; b = ${show(b)})`).toBe(true);
        if (z !== 0) expect(Object.is(a.df(z, p), 0)).toBe(true);
      }
      expect(float32Problems(a, p, [-0, 0, -1, 1])).toEqual([]);
    }
  });

  afterAll(() => {
    console.log(`accuracy-overflow: ${cases} value checks`);
  });
});
