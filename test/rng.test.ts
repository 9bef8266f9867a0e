/**
 * The seeded generators (src/math/rng.ts): NumpyRandomState bit for bit against numpy's legacy
 * RandomState (fixtures from test/fixtures/rng/generate.py), DefaultRng against an independent
 * Python implementation of xoshiro128** and by statistical checks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../src/errors.js';
import { normalCdf } from '../src/math/normal.js';
import { createRng, DefaultRng, glibcLog, glibcLogFast, NumpyRandomState, portableLog } from '../src/math/rng.js';
import { setWasmEnabled } from '../src/wasm/index.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'rng');

interface NumpyCase {
  seed: number;
  mt_key_first5: number[];
  mt_key_last: number;
  pos: number;
  raw_uint32_first10: number[];
  random_sample_20: number[];
  randn_21: number[];
  after_randn_21: { pos: number; has_gauss: number; cached_gaussian: number };
}
interface NumpyFixture {
  numpy_version: string;
  glibc_log: { x: number[]; log: number[] };
  cases: NumpyCase[];
  seed42: {
    randn_3x4: number[];
    randn_5_after: number[];
    million_sha256: string;
    million_last: number;
    after_million_randn_5: number[];
    float32_scale: number;
    float32_round_first: number[];
    float32_round_last: number[];
  };
}
interface DefaultCase {
  seed: number;
  state: number[];
  uint32_first8: number[];
  uniform_first4: number[];
  after_jump_state: number[];
  after_jump_uint32_first4: number[];
}

const numpy = JSON.parse(readFileSync(join(DIR, 'numpy.json'), 'utf8')) as NumpyFixture;
const reference = JSON.parse(readFileSync(join(DIR, 'default.json'), 'utf8')).cases as DefaultCase[];

const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

/** Bit-exact comparison of two lists, reporting the first differing index. */
function expectSameBits(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`index ${i}: got ${actual[i]}, numpy/reference ${expected[i]}`);
    }
  }
}

describe('NumpyRandomState matches numpy.random.RandomState bit for bit', () => {
  for (const c of numpy.cases) {
    it(`seed ${c.seed}: init_genrand key, raw words, random_sample, randn`, () => {
      const rs = new NumpyRandomState(c.seed);
      const state = rs.getState();
      expectSameBits(Array.from(state.key.subarray(0, 5)), c.mt_key_first5);
      expect(state.key[623]).toBe(c.mt_key_last);
      expect(state.pos).toBe(c.pos);
      expectSameBits(draw(10, () => rs.nextUint32()), c.raw_uint32_first10);
      expectSameBits(new NumpyRandomState(c.seed).fillRandomSample(new Float64Array(20)), c.random_sample_20);

      const n = new NumpyRandomState(c.seed);
      expectSameBits(draw(21, () => n.randn()), c.randn_21);
      const after = n.getState();
      expect(after.pos).toBe(c.after_randn_21.pos);
      expect(after.hasGauss).toBe(c.after_randn_21.has_gauss === 1);
      expect(after.gauss).toBe(c.after_randn_21.cached_gaussian);
    });
  }

  it('seed 42: randn(3, 4) then randn(5) carries the cached normal across calls', () => {
    const rs = new NumpyRandomState(42);
    expectSameBits(rs.fillRandn(new Float64Array(12)), numpy.seed42.randn_3x4);
    expectSameBits(rs.fillRandn(new Float64Array(5)), numpy.seed42.randn_5_after);
  });

  it.each([
    ['WebAssembly', true],
    ['TypeScript', false],
  ])('seed 42: one million normals, every bit (SHA-256), and the next five (%s fill)', (_path, wasm) => {
    setWasmEnabled(wasm);
    const rs = new NumpyRandomState(42);
    const million = rs.fillRandn(new Float64Array(1_000_000));
    setWasmEnabled(true);
    expect(million[999_999]).toBe(numpy.seed42.million_last);
    const digest = createHash('sha256').update(new Uint8Array(million.buffer)).digest('hex');
    expect(digest).toBe(numpy.seed42.million_sha256);
    expectSameBits(draw(5, () => rs.randn()), numpy.seed42.after_million_randn_5);
  });

  it('float32: both numpy rounding orders', () => {
    const s = numpy.seed42.float32_scale;
    const last = new NumpyRandomState(42).fillRandn(new Float32Array(9), s);
    const first = new NumpyRandomState(42).fillRandn(new Float32Array(9), s, { roundFirst: true });
    expectSameBits(last, numpy.seed42.float32_round_last);
    expectSameBits(first, numpy.seed42.float32_round_first);
    expect(Array.from(first)).not.toEqual(Array.from(last)); // the fixture does exercise a difference
  });

  it("glibcLog reproduces glibc's log (the log numpy calls) bit for bit", () => {
    expectSameBits(numpy.glibc_log.x.map(glibcLog), numpy.glibc_log.log);
    expect(glibcLog(0)).toBe(-Infinity);
    expect(glibcLog(-1)).toBeNaN();
    expect(glibcLog(Infinity)).toBe(Infinity);
  });

  it('getState/setState replays the stream, including a cached normal', () => {
    const rs = new NumpyRandomState(12345);
    rs.fillRandn(new Float64Array(1001)); // odd: leaves a cached normal
    const saved = rs.getState();
    expect(saved.hasGauss).toBe(true);
    const a = draw(7, () => rs.randn());
    const u = rs.nextUint32();
    rs.setState(saved);
    expect(draw(7, () => rs.randn())).toEqual(a);
    expect(rs.nextUint32()).toBe(u);
    const other = new NumpyRandomState(0);
    other.setState(saved);
    expect(draw(7, () => other.randn())).toEqual(a);
    saved.key.fill(0); // getState returned a copy: mutating it changes nothing
    expect(other.getState().key.some((w) => w !== 0)).toBe(true);
  });

  it('seed() resets like np.random.seed', () => {
    const rs = new NumpyRandomState(1);
    rs.randn();
    rs.seed(0);
    expect(rs.randn()).toBe(numpy.cases[0]!.randn_21[0]);
  });
});

describe('seed and state validation', () => {
  const bad = [-1, 4294967296, 1.5, NaN, Infinity, -0.5];
  it.each(bad)('rejects seed %s with InvalidParameterError', (seed) => {
    for (const make of [() => new NumpyRandomState(seed), () => new DefaultRng(seed), () => createRng('numpy', seed), () => createRng('default', seed)]) {
      expect(make).toThrow(InvalidParameterError);
    }
    expect(() => new NumpyRandomState(seed)).toThrow(/numpy rng: seed must be an integer in \[0, 4294967295\]/);
  });

  it('accepts the end points 0 and 2^32 − 1', () => {
    expect(() => new NumpyRandomState(4294967295)).not.toThrow();
    expect(() => new DefaultRng(0)).not.toThrow();
  });

  it('rejects foreign or malformed states', () => {
    const d = new DefaultRng(1);
    const n = new NumpyRandomState(1);
    expect(() => d.setState(n.getState() as never)).toThrow(InvalidParameterError);
    expect(() => n.setState(d.getState() as never)).toThrow(InvalidParameterError);
    expect(() => d.setState({ kind: 'default', s: [0, 0, 0, 0], hasNormal: false, cachedNormal: 0 })).toThrow(/state/);
    expect(() => createRng('mersenne' as never, 1)).toThrow(InvalidParameterError);
  });
});

describe('DefaultRng (xoshiro128** seeded by splitmix32)', () => {
  for (const c of reference) {
    it(`seed ${c.seed}: matches the independent reference implementation, and its jump`, () => {
      const g = new DefaultRng(c.seed);
      expect(g.getState().s).toEqual(c.state);
      expectSameBits(draw(8, () => g.nextUint32()), c.uint32_first8);
      const u = new DefaultRng(c.seed);
      expectSameBits(draw(4, () => u.uniform()), c.uniform_first4);
      const j = new DefaultRng(c.seed);
      j.jump();
      expect(j.getState().s).toEqual(c.after_jump_state);
      expectSameBits(draw(4, () => j.nextUint32()), c.after_jump_uint32_first4);
    });
  }

  it('is reproducible per seed; different seeds differ', () => {
    const a = new DefaultRng(7).fillNormal(new Float64Array(100));
    const b = new DefaultRng(7).fillNormal(new Float64Array(100));
    const c = new DefaultRng(8).fillNormal(new Float64Array(100));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.filter((v, i) => v === c[i]).length).toBe(0);
  });

  it('split() gives a stream that continues from the parent, and the parent jumps', () => {
    const parent = new DefaultRng(99);
    const copy = new DefaultRng(99);
    const child = parent.split();
    expect(draw(16, () => child.nextUint32())).toEqual(draw(16, () => copy.nextUint32()));
    const jumped = new DefaultRng(99);
    jumped.jump();
    expect(parent.getState().s).toEqual(jumped.getState().s);
    const second = parent.split();
    const x = draw(64, () => child.nextUint32());
    const y = draw(64, () => second.nextUint32());
    const z = draw(64, () => parent.nextUint32());
    expect(new Set([...x, ...y, ...z]).size).toBe(192);
  });

  it('getState/setState replays, including a cached normal', () => {
    const g = new DefaultRng(3);
    g.normal();
    const s = g.getState();
    expect(s.hasNormal).toBe(true);
    const a = draw(9, () => g.normal());
    g.setState(s);
    expect(draw(9, () => g.normal())).toEqual(a);
  });

  it('uniform: in [0, 1), mean 1/2 and variance 1/12 within 5σ over 10^6 draws', () => {
    const n = 1_000_000;
    const u = new DefaultRng(2024).fillUniform(new Float64Array(n));
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (const v of u) {
      sum += v;
      sumSq += (v - 0.5) ** 2;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Var(U) = 1/12; Var((U − 1/2)²) = 1/80 − 1/144 = 1/180.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSq / n - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
    const f32 = new DefaultRng(5).fillUniform(new Float32Array(100_000));
    expect(f32.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('normal: mean 0, variance 1 within 5σ, and the empirical CDF matches normalCdf (KS)', () => {
    const n = 1_000_000;
    const z = new DefaultRng(2025).fillNormal(new Float64Array(n));
    let sum = 0;
    let sumSq = 0;
    for (const v of z) {
      sum += v;
      sumSq += v * v;
    }
    // Var(Z) = 1, Var(Z²) = 2.
    expect(Math.abs(sum / n)).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // At fixed points the empirical CDF is a binomial proportion: |F̂ − Φ| < 5·sqrt(Φ(1 − Φ)/n).
    // (Also bounded by the KS statistic's 0.1% critical value 1.95/sqrt(n), a looser bound.)
    for (const t of [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3]) {
      let below = 0;
      for (const v of z) if (v <= t) below++;
      const p = normalCdf(t);
      expect(Math.abs(below / n - p)).toBeLessThan(Math.min(5 * Math.sqrt((p * (1 - p)) / n), 1.95 / Math.sqrt(n)));
    }
  });

  it('fillNormal scales, and roundFirst rounds to float32 before scaling', () => {
    const base = new DefaultRng(11).fillNormal(new Float64Array(50));
    const scaled = new DefaultRng(11).fillNormal(new Float64Array(50), 0.25);
    expect(Array.from(scaled)).toEqual(Array.from(base, (v) => 0.25 * v));
    const f32 = new DefaultRng(11).fillNormal(new Float32Array(50), 0.1, { roundFirst: true });
    expect(Array.from(f32)).toEqual(Array.from(base, (v) => Math.fround(Math.fround(v) * Math.fround(0.1))));
  });

  it('portableLog agrees with Math.log in this engine (both are fdlibm)', () => {
    const g = new DefaultRng(17);
    for (let i = 0; i < 20_000; i++) {
      const x = g.uniform() * 2 ** ((g.nextUint32() % 2100) - 1075);
      if (!Object.is(portableLog(x), Math.log(x))) expect.fail(`portableLog(${x}) = ${portableLog(x)}, Math.log ${Math.log(x)}`);
    }
    for (const x of [0, -0, -1, NaN, Infinity, 5e-324, 1, 2, 1 - 2 ** -53, 1 + 2 ** -52]) expect(portableLog(x)).toBe(Math.log(x));
  });
});

describe('createRng', () => {
  it('returns the named generator, usable through the Rng interface', () => {
    const np = createRng('numpy', 0);
    expect(np.kind).toBe('numpy');
    expect(np.normal()).toBe(numpy.cases[0]!.randn_21[0]);
    expectSameBits(np.fillUniform(new Float64Array(0)), []);
    const d = createRng('default', 42);
    expect(d.kind).toBe('default');
    expect(d.nextUint32()).toBe(reference.find((c) => c.seed === 42)!.uint32_first8[0]);
    const s = d.getState();
    const v = d.uniform();
    d.setState(s);
    expect(d.uniform()).toBe(v);
  });
});

describe('glibcLogFast', () => {
  it('returns exactly glibcLog’s bits (2.25·10⁶ inputs across (0, 1), near 1 at every scale, and wide exponents)', () => {
    const source = new DefaultRng(7);
    const mismatches: number[] = [];
    const check = (x: number) => {
      if (!Object.is(glibcLogFast(x), glibcLog(x)) && mismatches.length < 5) mismatches.push(x);
    };
    for (let i = 0; i < 1_500_000; i++) check(source.uniform());
    for (let i = 0; i < 250_000; i++) check(0.9 + 0.2 * source.uniform());
    // The near-1 path at every scale of x − 1 (its own fast path and rounding test).
    for (let i = 0; i < 250_000; i++) check(1 + (source.uniform() - 0.5) * 2 ** -Math.floor(53 * source.uniform()));
    for (let i = 0; i < 100; i++) check(1 + i * 2 ** -52);
    for (let i = 0; i < 250_000; i++) check(source.uniform() * 2 ** Math.floor(-1000 + 2000 * source.uniform()));
    for (const x of [5e-324, 2.2250738585072014e-308, 1, 0.9375, 1.064697265625, Number.MAX_VALUE, 0, -1, Number.NaN, Infinity]) check(x);
    expect(mismatches).toEqual([]);
  });
});
