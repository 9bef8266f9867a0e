/**
 * Loading the mpmath reference fixtures (test/fixtures, made by generate.py) and measuring
 * errors in ULPs against them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

type Raw = number | 'Infinity' | '-Infinity' | 'NaN';
/** A reference value: hi = the nearest double, e = (exact − hi)/ulp64(hi). */
export interface Reference {
  readonly hi: number;
  readonly e: number;
}

export function toNumber(raw: Raw): number {
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  if (raw === 'NaN') return NaN;
  return raw;
}

function toReference(pair: [Raw, number]): Reference {
  return { hi: toNumber(pair[0]), e: pair[1] };
}

export interface ScalarCase {
  readonly name: string;
  readonly id: string;
  readonly params: Record<string, number>;
  readonly f: readonly Reference[];
  readonly df: readonly Reference[];
  readonly d2f: readonly Reference[];
}

export function loadPoints(): number[] {
  return (JSON.parse(readFileSync(join(FIXTURES, 'scalar', 'points.json'), 'utf8')) as Raw[]).map(toNumber);
}

export function loadScalarCases(): ScalarCase[] {
  const dir = join(FIXTURES, 'scalar');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'points.json' && f !== 'critical-points.json')
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        id: string;
        params: Record<string, number>;
        f: [Raw, number][];
        df: [Raw, number][];
        d2f: [Raw, number][];
      };
      return {
        name: file.replace(/\.json$/, ''),
        id: raw.id,
        params: raw.params,
        f: raw.f.map(toReference),
        df: raw.df.map(toReference),
        d2f: raw.d2f.map(toReference),
      };
    });
}


export interface VectorCase {
  readonly x: number[];
  readonly g: number[];
  readonly y: Reference[];
  readonly vjp: Reference[];
}

export function loadVectorCases(id: string): VectorCase[] {
  const raw = JSON.parse(readFileSync(join(FIXTURES, 'vector', `${id}.json`), 'utf8')) as {
    cases: { x: Raw[]; g: Raw[]; y: [Raw, number][]; vjp: [Raw, number][] }[];
  };
  return raw.cases.map((c) => ({
    x: c.x.map(toNumber),
    g: c.g.map(toNumber),
    y: c.y.map(toReference),
    vjp: c.vjp.map(toReference),
  }));
}

/** Spacing of binary64 numbers at |x|: 2^(exponent − 52), and 2^−1074 for subnormals and 0. */
export function ulp64(x: number): number {
  const a = Math.abs(x);
  if (a < 2.2250738585072014e-308) return 5e-324;
  if (a === Infinity) return Infinity;
  let exponent = Math.floor(Math.log2(a));
  if (2 ** exponent > a) exponent--;
  else if (2 ** (exponent + 1) <= a) exponent++;
  return 2 ** (exponent - 52);
}

/** Spacing of binary32 numbers at |x|: 2^(exponent − 23), and 2^−149 below 2^−126. */
export function ulp32(x: number): number {
  const a = Math.abs(x);
  if (a < 1.1754943508222875e-38) return 1.401298464324817e-45;
  if (a === Infinity) return Infinity;
  let exponent = Math.floor(Math.log2(a));
  if (2 ** exponent > a) exponent--;
  else if (2 ** (exponent + 1) <= a) exponent++;
  return 2 ** (exponent - 23);
}

const FLOAT32_OVERFLOW = 3.4028235677973366e38; // max float32 + half an ULP: rounds to ∞

/**
 * Error of `computed` against the exact value (hi + e·ulp64(hi)), in ULPs of the format.
 * Infinite references must be matched exactly; an exact value beyond the float32 range
 * must come out as ±∞ in float32. ±0 count as equal.
 */
export function ulpError(computed: number, ref: Reference, format: 'float64' | 'float32'): number {
  const { hi, e } = ref;
  if (Number.isNaN(hi)) return Number.isNaN(computed) ? 0 : Infinity;
  if (!Number.isFinite(hi)) return computed === hi ? 0 : Infinity;
  if (format === 'float32' && Math.abs(hi) >= FLOAT32_OVERFLOW) return computed === Math.sign(hi) * Infinity ? 0 : Infinity;
  if (!Number.isFinite(computed)) return Infinity;
  const difference = computed - hi - e * ulp64(hi);
  return Math.abs(difference) / (format === 'float64' ? ulp64(hi) : ulp32(hi));
}


/** Absolute error of `computed` against the exact value (hi + e·ulp64(hi)). */
export function absoluteError(computed: number, ref: Reference): number {
  if (Number.isNaN(ref.hi)) return Number.isNaN(computed) ? 0 : Infinity;
  if (!Number.isFinite(ref.hi) || !Number.isFinite(computed)) return computed === ref.hi ? 0 : Infinity;
  return Math.abs(computed - ref.hi - ref.e * ulp64(ref.hi));
}

/** One parameter set of a random-parameter fixture: its own inputs and references. */
export interface ParamCase {
  readonly id: string;
  readonly params: Record<string, number>;
  readonly z: readonly number[];
  readonly f: readonly Reference[];
  readonly df: readonly Reference[];
  readonly d2f: readonly Reference[];
}

/** Ids with random-parameter fixtures (test/fixtures/params/<id>.json). */
export function paramFixtureIds(): string[] {
  return readdirSync(join(FIXTURES, 'params'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** The parameter sets of one activation's random-parameter fixture. */
export function loadParamCases(id: string): ParamCase[] {
  const raw = JSON.parse(readFileSync(join(FIXTURES, 'params', `${id}.json`), 'utf8')) as {
    id: string;
    cases: { params: Record<string, number>; z: Raw[]; f: [Raw, number][]; df: [Raw, number][]; d2f: [Raw, number][] }[];
  };
  return raw.cases.map((c) => ({
    id: raw.id,
    params: c.params,
    z: c.z.map(toNumber),
    f: c.f.map(toReference),
    df: c.df.map(toReference),
    d2f: c.d2f.map(toReference),
  }));
}

/**
 * Whether `computed` carries the sign of zero the reference asks for: a reference that is
 * zero — exactly (e = 0) or after underflow (e ≠ 0, the sign of the true value) — must be
 * matched with the same signed zero. `exactZeroSign` false skips exact zeros (f′ and f″,
 * whose exact zeros are +0 by convention and are checked separately).
 */
export function zeroSignMatches(computed: number, ref: Reference, exactZeroSign = true): boolean {
  if (ref.hi !== 0 || computed !== 0) return true;
  if (ref.e === 0 && !exactZeroSign) return true;
  return Object.is(computed, ref.hi);
}
