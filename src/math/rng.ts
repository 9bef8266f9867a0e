/**
 * Seeded random number generators (issue #4).
 *
 * - {@link NumpyRandomState}: bit-for-bit numpy's legacy `np.random.RandomState` (MT19937,
 *   `random_sample`, the polar `gauss` with its cached second value), so an experiment seeded
 *   with `np.random.seed(s)` in Python can be replayed exactly here.
 * - {@link DefaultRng}: xoshiro128** — small, fast, and built from 32-bit integer operations
 *   only, so the same seed gives the same bits in Node, browsers and Workers.
 * - {@link createRng}: pick one by name behind the common {@link Rng} interface.
 *
 * Both classes implement {@link RandomSource}, so they can be passed wherever randomness is
 * taken as a parameter.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import { LOW, twoProd } from './dd.js';
import type { RandomSource } from './random.js';
import { registerWasmTables, wasmKernels, type WasmKernels } from '../wasm/index.js';

/** The float arrays the fill methods accept. */
export type FloatArray = Float64Array | Float32Array;

/** The names accepted by {@link createRng}. */
export type RngKind = 'default' | 'numpy';

/** Options for filling a `Float32Array` with scaled normals. */
export interface FillNormalOptions {
  /**
   * Only matters for a `Float32Array` with `scale ≠ 1`. `false` (default): each value is
   * `round32(g · scale)`, numpy's `(randn(n) * s).astype(np.float32)` — one rounding, the more
   * accurate. `true`: `round32(round32(g) · round32(scale))`, numpy's
   * `randn(n).astype(np.float32) * s` (numpy ≥ 2 keeps float32 · Python float in float32).
   * The two differ in the last bit for some values.
   */
  roundFirst?: boolean;
}

/** A seeded {@link RandomSource} with bulk fills and a resumable state. */
export interface Rng extends RandomSource {
  /** Which generator this is. */
  readonly kind: RngKind;
  /** The next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number;
  /** Fills `out` with `scale ·` standard normals, in index order; returns `out`. */
  fillNormal<T extends FloatArray>(out: T, scale?: number, options?: FillNormalOptions): T;
  /** Fills `out` with uniforms in [0, 1) (see each class for float32), in index order; returns `out`. */
  fillUniform<T extends FloatArray>(out: T): T;
  /** A deep copy of the full state; {@link Rng.setState} with it replays the same sequence. */
  getState(): unknown;
  /** Restores a state returned by {@link Rng.getState} of the same kind. */
  setState(state: unknown): void;
}

const UINT32_MAX = 4294967295;
const SEED_ALLOWED = 'an integer in [0, 4294967295]';

/** Throws {@link InvalidParameterError} unless `seed` is an integer in [0, 2^32 − 1]. */
function checkSeed(generator: string, seed: number): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > UINT32_MAX) {
    throw new InvalidParameterError(generator, 'seed', seed, SEED_ALLOWED);
  }
  return seed;
}

/** 2^26 and 2^53: the 53-bit double construction `(a·2^26 + b) / 2^53` used by numpy. */
const TWO26 = 67108864;
const TWO53 = 9007199254740992;

// ---------------------------------------------------------------------------------------------
// numpy legacy RandomState
// ---------------------------------------------------------------------------------------------

/** MT19937 parameters (Matsumoto & Nishimura 1998), as in numpy's `mt19937.c`. */
const MT_N = 624;
const MT_M = 397;
const MT_MATRIX_A = 0x9908b0df;
const MT_UPPER = 0x80000000;
const MT_LOWER = 0x7fffffff;

/**
 * The full state of a {@link NumpyRandomState}, the same fields as numpy's
 * `RandomState.get_state()` tuple `('MT19937', key, pos, has_gauss, cached_gaussian)`.
 */
export interface NumpyRandomStateState {
  readonly kind: 'numpy';
  /** The 624-word MT19937 key (a copy). */
  readonly key: Uint32Array;
  /** Index of the next key word to temper, 0…624 (624 = regenerate before the next draw). */
  readonly pos: number;
  /** Whether a second polar normal is cached. */
  readonly hasGauss: boolean;
  /** The cached normal (0 when none, as numpy stores it). */
  readonly gauss: number;
}

/**
 * numpy's legacy `np.random.RandomState`, bit-compatible for an integer seed: the same raw
 * words, `random_sample`, and `randn`/`standard_normal` values, including the cached second
 * normal carried across calls.
 *
 * Verified bit for bit against numpy 2.4 on Linux x86-64 (test/fixtures/rng/numpy.json),
 * including a SHA-256 of one million consecutive normals. The uniform stream is pure integer
 * arithmetic and exact on every platform. The normals go through a logarithm, and numpy calls
 * the C library's `log`; `Math.log` (fdlibm) differs from glibc's in the last bit for ~7% of
 * inputs, which changed ~3.5% of the normals in the last bit. So this class uses
 * {@link glibcLog}, a port of glibc's `log` as compiled for CPUs with FMA (x86-64 since
 * Haswell). numpy itself is only as reproducible as its libm: on macOS, Windows, or a CPU
 * without FMA its normals may differ in the last bit from these.
 */
export class NumpyRandomState implements Rng {
  /** Always `'numpy'`. */
  readonly kind = 'numpy' as const;
  private readonly key = new Uint32Array(MT_N);
  private pos = MT_N;
  private hasGauss = false;
  private gauss = 0;

  /** Seeds like `np.random.RandomState(seed)`; `seed` must be an integer in [0, 2^32 − 1]. */
  constructor(seed: number) {
    this.seed(seed);
  }

  /**
   * Re-seeds like `np.random.seed(seed)`. For an integer seed numpy's legacy seeding is
   * MT19937's `init_genrand` (not `init_by_array`, which it uses for array seeds), leaves the
   * key position at 624 so the first draw regenerates the block, and clears the normal cache.
   */
  seed(seed: number): void {
    checkSeed('numpy rng', seed);
    const key = this.key;
    let s = seed >>> 0;
    for (let i = 0; i < MT_N; i++) {
      key[i] = s;
      // Math.imul keeps the 32-bit product exact (a float multiply would lose low bits).
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
    this.pos = MT_N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** Regenerates the 624-word block (MT19937's twist), exactly as numpy's `mt19937_gen`. */
  private twist(): void {
    const mt = this.key;
    let i = 0;
    let y: number;
    // Three loops instead of a modulo in the index: the same words, no division per word.
    for (; i < MT_N - MT_M; i++) {
      y = (mt[i]! & MT_UPPER) | (mt[i + 1]! & MT_LOWER);
      mt[i] = mt[i + MT_M]! ^ (y >>> 1) ^ (-(y & 1) & MT_MATRIX_A);
    }
    for (; i < MT_N - 1; i++) {
      y = (mt[i]! & MT_UPPER) | (mt[i + 1]! & MT_LOWER);
      mt[i] = mt[i + (MT_M - MT_N)]! ^ (y >>> 1) ^ (-(y & 1) & MT_MATRIX_A);
    }
    y = (mt[MT_N - 1]! & MT_UPPER) | (mt[0]! & MT_LOWER);
    mt[MT_N - 1] = mt[MT_M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MT_MATRIX_A);
    this.pos = 0;
  }

  /** The next raw MT19937 output (`genrand_int32`), an integer in [0, 2^32). */
  nextUint32(): number {
    if (this.pos >= MT_N) this.twist();
    let y = this.key[this.pos++]!;
    // Tempering; `>>> 0` at the end turns the signed 32-bit result back into [0, 2^32).
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy's `random_sample()`: 53 random bits from two words, a double in [0, 1). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO26 + b) / TWO53;
  }

  /** The same as {@link NumpyRandomState.randomSample} ({@link RandomSource} name). */
  uniform(): number {
    return this.randomSample();
  }

  /**
   * numpy's legacy `gauss` (`randn()`, `standard_normal()`): Marsaglia's polar method. Each
   * accepted pair yields two normals; `f·x2` is returned first and `f·x1` is cached for the
   * next call — the order matters for bit compatibility.
   */
  randn(): number {
    if (this.hasGauss) {
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    // Same expression order as numpy's C: sqrt(-2.0 * log(r2) / r2), with glibc's log.
    const f = Math.sqrt((-2 * glibcLogFast(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** The same as {@link NumpyRandomState.randn} ({@link RandomSource} name). */
  normal(): number {
    return this.randn();
  }

  /**
   * Fills `out` with `scale · randn()` in index (row-major) order: numpy's
   * `np.random.randn(*shape) * scale` flattened. For a `Float32Array` see
   * {@link FillNormalOptions.roundFirst} for the two numpy rounding orders; the default
   * rounds once, after scaling.
   */
  fillRandn<T extends FloatArray>(out: T, scale = 1, options: FillNormalOptions = {}): T {
    const n = out.length;
    const kernels = n >= WASM_MIN_FILL ? wasmKernels() : undefined;
    if (kernels) {
      const at = kernels.numpyState;
      const memory = kernels.exports.memory;
      new Uint32Array(memory.buffer, at, MT_N).set(this.key);
      const view = new DataView(memory.buffer);
      view.setInt32(at + 4 * MT_N, this.pos, true);
      view.setInt32(at + 4 * MT_N + 4, this.hasGauss ? 1 : 0, true);
      view.setFloat64(at + 4 * MT_N + 8, this.gauss, true);
      fillInChunks(kernels, out, scale, options, (ptr, count, mode) => kernels.exports.numpyFillNormal(at, ptr, count, scale, mode));
      const after = new DataView(memory.buffer);
      this.key.set(new Uint32Array(memory.buffer, at, MT_N));
      this.pos = after.getInt32(at + 4 * MT_N, true);
      this.hasGauss = after.getInt32(at + 4 * MT_N + 4, true) !== 0;
      this.gauss = after.getFloat64(at + 4 * MT_N + 8, true);
      return out;
    }
    if (options.roundFirst && out instanceof Float32Array) {
      // round32(g) · round32(s) is exact in double (24 + 24 bits), so storing it rounds once:
      // the same as numpy's float32 multiply.
      const s32 = Math.fround(scale);
      for (let i = 0; i < n; i++) out[i] = Math.fround(this.randn()) * s32;
    } else if (scale === 1) {
      for (let i = 0; i < n; i++) out[i] = this.randn();
    } else {
      for (let i = 0; i < n; i++) out[i] = scale * this.randn();
    }
    return out;
  }

  /** {@link Rng} name of {@link NumpyRandomState.fillRandn}. */
  fillNormal<T extends FloatArray>(out: T, scale = 1, options: FillNormalOptions = {}): T {
    return this.fillRandn(out, scale, options);
  }

  /**
   * Fills `out` with `random_sample()` values in index order, numpy's `random_sample(n)`.
   * With a `Float32Array` each double is rounded to float32, as numpy's
   * `random_sample(n).astype(np.float32)` does — which can round a value just below 1 up to
   * exactly 1 (about once in 2^25 draws); use {@link DefaultRng} for float32 uniforms that stay
   * below 1.
   */
  fillRandomSample<T extends FloatArray>(out: T): T {
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = this.randomSample();
    return out;
  }

  /** {@link Rng} name of {@link NumpyRandomState.fillRandomSample}. */
  fillUniform<T extends FloatArray>(out: T): T {
    return this.fillRandomSample(out);
  }

  /** A deep copy of the state (key copied), to resume or replay later. */
  getState(): NumpyRandomStateState {
    return { kind: 'numpy', key: this.key.slice(), pos: this.pos, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  /** Restores a state from {@link NumpyRandomState.getState} (copied, so it can be reused). */
  setState(state: NumpyRandomStateState): void {
    const ok =
      state !== null &&
      typeof state === 'object' &&
      state.key instanceof Uint32Array &&
      state.key.length === MT_N &&
      Number.isInteger(state.pos) &&
      state.pos >= 0 &&
      state.pos <= MT_N &&
      typeof state.hasGauss === 'boolean' &&
      typeof state.gauss === 'number';
    if (!ok) {
      throw new InvalidParameterError('numpy rng', 'state', describe(state), 'a state from NumpyRandomState.getState()');
    }
    this.key.set(state.key);
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.hasGauss ? state.gauss : 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Bulk fills in WebAssembly (src/wasm, assembly/rng.ts): the same draws, several times faster
// ---------------------------------------------------------------------------------------------

/** Fills shorter than this stay in TypeScript (copying the state costs more than it saves). */
const WASM_MIN_FILL = 256;
/** Elements generated per call into the arena before copying out. */
const WASM_CHUNK = 1 << 16;

/**
 * Runs `fill(ptr, count, mode)` over `out` in chunks through the arena and copies each chunk
 * out. Modes: 0 float64 `scale·g`; 1 float32 `round32(scale·g)`; 2 float32 with `roundFirst`.
 */
function fillInChunks(
  kernels: WasmKernels,
  out: FloatArray,
  scale: number,
  options: FillNormalOptions,
  fill: (ptr: number, count: number, mode: number) => void,
): void {
  const f32 = out instanceof Float32Array;
  const mode = !f32 ? 0 : options.roundFirst && scale !== 1 ? 2 : 1;
  const bytes = f32 ? 4 : 8;
  const ptr = kernels.scratch(Math.min(out.length, WASM_CHUNK) * bytes);
  for (let start = 0; start < out.length; start += WASM_CHUNK) {
    const count = Math.min(WASM_CHUNK, out.length - start);
    fill(ptr, count, mode);
    const buffer = kernels.exports.memory.buffer;
    out.set(f32 ? new Float32Array(buffer, ptr, count) : new Float64Array(buffer, ptr, count), start);
  }
}

// ---------------------------------------------------------------------------------------------
// Default generator: xoshiro128**
// ---------------------------------------------------------------------------------------------

/** The full state of a {@link DefaultRng}. */
export interface DefaultRngState {
  readonly kind: 'default';
  /** The four xoshiro128** words, each in [0, 2^32), not all zero. */
  readonly s: readonly [number, number, number, number];
  /** Whether a second polar normal is cached. */
  readonly hasNormal: boolean;
  /** The cached normal (0 when none). */
  readonly cachedNormal: number;
}

/**
 * xoshiro128** jump polynomial: applying it equals 2^64 calls of `next()` (Blackman & Vigna,
 * reference `xoshiro128starstar.c`).
 */
const XOSHIRO128_JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b] as const;

/**
 * A fast seeded generator whose output depends only on the seed, not on the JavaScript engine:
 * xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018;
 * period 2^128 − 1, passes BigCrush), written with 32-bit integer operations only
 * (`Math.imul`, shifts, `>>> 0`).
 *
 * - Seeding: a 32-bit seed is expanded to the 128-bit state by four outputs of splitmix32 (the
 *   32-bit analogue of the splitmix64 seeding Blackman & Vigna recommend): a Weyl sequence
 *   with increment 0x9e3779b9 (2^32/φ) finished by MurmurHash3's `fmix32` (Appleby; constants
 *   0x85ebca6b, 0xc2b2ae35). fmix32 is a bijection and the four inputs differ, so at most one
 *   word is zero and the forbidden all-zero state cannot occur.
 * - {@link DefaultRng.uniform}: 53 bits from two outputs, as numpy does, in [0, 1).
 * - {@link DefaultRng.normal}: Marsaglia's polar method with the second value cached. Chosen
 *   over a ziggurat because it needs no tables and only `log`/`sqrt`; `sqrt` is correctly
 *   rounded everywhere, and `log` is {@link portableLog} (fdlibm's algorithm in plain double
 *   arithmetic) rather than `Math.log`, whose last bit the ECMAScript spec leaves to the engine.
 * - {@link DefaultRng.split}: independent streams for workers via the jump function.
 */
export class DefaultRng implements Rng {
  /** Always `'default'`. */
  readonly kind = 'default' as const;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private hasNormal = false;
  private cachedNormal = 0;

  /** Seeds from an integer in [0, 2^32 − 1] (see the class notes for the expansion). */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Re-seeds (as a new instance would) and clears the normal cache. */
  seed(seed: number): void {
    checkSeed('default rng', seed);
    let sm = seed >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      sm = (sm + 0x9e3779b9) >>> 0;
      let z = sm;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words.push((z ^ (z >>> 16)) >>> 0);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    this.hasNormal = false;
    this.cachedNormal = 0;
  }

  /** The next xoshiro128** output, an integer in [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    // result = rotl(s1 · 5, 7) · 9, products mod 2^32 via Math.imul.
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    this.s1 = (s1 ^ s2) >>> 0;
    this.s0 = (s0 ^ s3) >>> 0;
    this.s2 = (s2 ^ t) >>> 0;
    this.s3 = ((s3 << 11) | (s3 >>> 21)) >>> 0;
    return result;
  }

  /** A double in [0, 1) with 53 random bits: `((a >>> 5)·2^26 + (b >>> 6)) / 2^53`. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO26 + b) / TWO53;
  }

  /**
   * A standard normal, Marsaglia's polar method: `f·x2` is returned and `f·x1` cached for the
   * next call (the same pairing as numpy's legacy gauss, with this generator's uniforms).
   */
  normal(): number {
    if (this.hasNormal) {
      this.hasNormal = false;
      const cached = this.cachedNormal;
      this.cachedNormal = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.uniform() - 1;
      x2 = 2 * this.uniform() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * portableLog(r2)) / r2);
    this.cachedNormal = f * x1;
    this.hasNormal = true;
    return f * x2;
  }

  /**
   * Fills `out` with `scale · normal()` in index order; returns `out`. For a `Float32Array`,
   * `options.roundFirst` selects the rounding order as for {@link NumpyRandomState.fillRandn}.
   */
  fillNormal<T extends FloatArray>(out: T, scale = 1, options: FillNormalOptions = {}): T {
    const n = out.length;
    const kernels = n >= WASM_MIN_FILL ? wasmKernels() : undefined;
    if (kernels) {
      const at = kernels.defaultState;
      const memory = kernels.exports.memory;
      const view = new DataView(memory.buffer);
      [this.s0, this.s1, this.s2, this.s3].forEach((word, i) => view.setUint32(at + 4 * i, word, true));
      view.setInt32(at + 16, this.hasNormal ? 1 : 0, true);
      view.setFloat64(at + 24, this.cachedNormal, true);
      fillInChunks(kernels, out, scale, options, (ptr, count, mode) => kernels.exports.defaultFillNormal(at, ptr, count, scale, mode));
      const after = new DataView(memory.buffer);
      this.s0 = after.getUint32(at, true);
      this.s1 = after.getUint32(at + 4, true);
      this.s2 = after.getUint32(at + 8, true);
      this.s3 = after.getUint32(at + 12, true);
      this.hasNormal = after.getInt32(at + 16, true) !== 0;
      this.cachedNormal = after.getFloat64(at + 24, true);
      return out;
    }
    if (options.roundFirst && out instanceof Float32Array) {
      const s32 = Math.fround(scale);
      for (let i = 0; i < n; i++) out[i] = Math.fround(this.normal()) * s32;
    } else if (scale === 1) {
      for (let i = 0; i < n; i++) out[i] = this.normal();
    } else {
      for (let i = 0; i < n; i++) out[i] = scale * this.normal();
    }
    return out;
  }

  /**
   * Fills `out` with uniforms in [0, 1), in index order; returns `out`. A `Float64Array` gets
   * {@link DefaultRng.uniform} values; a `Float32Array` gets 24-bit values `(u >>> 8)·2^-24`
   * from one output each — exact in float32, so they never round up to 1.
   */
  fillUniform<T extends FloatArray>(out: T): T {
    const n = out.length;
    if (out instanceof Float32Array) {
      for (let i = 0; i < n; i++) out[i] = (this.nextUint32() >>> 8) * 5.9604644775390625e-8;
    } else {
      for (let i = 0; i < n; i++) out[i] = this.uniform();
    }
    return out;
  }

  /**
   * Advances this generator by 2^64 outputs (the xoshiro128** jump), clearing the normal
   * cache. Streams 2^64 apart never overlap in practice.
   */
  jump(): void {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (const word of XOSHIRO128_JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          a0 ^= this.s0;
          a1 ^= this.s1;
          a2 ^= this.s2;
          a3 ^= this.s3;
        }
        this.nextUint32();
      }
    }
    this.s0 = a0 >>> 0;
    this.s1 = a1 >>> 0;
    this.s2 = a2 >>> 0;
    this.s3 = a3 >>> 0;
    this.hasNormal = false;
    this.cachedNormal = 0;
  }

  /**
   * An independent stream, e.g. for a worker: returns a generator that continues from this
   * one's current state (without its normal cache), and jumps this one ahead by 2^64. Repeated
   * calls give non-overlapping streams, deterministically from the seed.
   */
  split(): DefaultRng {
    const child = new DefaultRng(0);
    child.s0 = this.s0;
    child.s1 = this.s1;
    child.s2 = this.s2;
    child.s3 = this.s3;
    this.jump();
    return child;
  }

  /** A copy of the state, to resume or replay later. */
  getState(): DefaultRngState {
    return {
      kind: 'default',
      s: [this.s0, this.s1, this.s2, this.s3],
      hasNormal: this.hasNormal,
      cachedNormal: this.cachedNormal,
    };
  }

  /** Restores a state from {@link DefaultRng.getState}. */
  setState(state: DefaultRngState): void {
    const words = state !== null && typeof state === 'object' && Array.isArray(state.s) ? state.s : undefined;
    const ok =
      words !== undefined &&
      words.length === 4 &&
      words.every((w) => Number.isInteger(w) && w >= 0 && w <= UINT32_MAX) &&
      words.some((w) => w !== 0) &&
      typeof state.hasNormal === 'boolean' &&
      typeof state.cachedNormal === 'number';
    if (!ok) {
      throw new InvalidParameterError('default rng', 'state', describe(state), 'a state from DefaultRng.getState()');
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    this.hasNormal = state.hasNormal;
    this.cachedNormal = state.hasNormal ? state.cachedNormal : 0;
  }
}

/** A short description of a rejected state for the error message (never the whole key). */
function describe(state: unknown): string {
  if (state === null || typeof state !== 'object') return String(state);
  const kind = (state as { kind?: unknown }).kind;
  return `an object${typeof kind === 'string' ? ` of kind "${kind}"` : ''}`;
}

/**
 * A seeded generator by name: `'default'` → {@link DefaultRng}, `'numpy'` →
 * {@link NumpyRandomState} (the same stream as `np.random.seed(seed)`). The seed must be an
 * integer in [0, 2^32 − 1] for both; otherwise {@link InvalidParameterError}.
 */
export function createRng(kind: RngKind, seed: number): Rng {
  if (kind === 'default') return new DefaultRng(seed);
  if (kind === 'numpy') return new NumpyRandomState(seed);
  throw new InvalidParameterError('rng', 'kind', kind, 'one of: default, numpy');
}

// ---------------------------------------------------------------------------------------------
// Portable natural logarithm
// ---------------------------------------------------------------------------------------------

// Bit access to a double. The word order is detected once so the code is right on a
// big-endian engine too.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const TWO54 = 1.8014398509481984e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * Natural logarithm with the same bits on every engine: fdlibm's `__ieee754_log` (Sun
 * Microsystems, 1993; error < 1 ulp) using only IEEE double +, −, ×, ÷ and bit moves, which
 * every engine performs identically. `Math.log` is implementation-defined in its last bit;
 * V8's is this same algorithm, so in Node the two agree.
 */
export function portableLog(x: number): number {
  F64[0] = x;
  let hx = U32[HI]! | 0;
  const lx = U32[LO]!;
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative, or subnormal.
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // scale a subnormal up into the normal range
    F64[0] = x;
    hx = U32[HI]! | 0;
  }
  if (hx >= 0x7ff00000) return x + x; // +Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  U32[HI] = hx | (i0 ^ 0x3ff00000); // normalize x or x/2 into [sqrt(2)/2, sqrt(2))
  k += i0 >> 20;
  const f = F64[0]! - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      return k * LN2_HI + k * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - R);
  return dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

// ---------------------------------------------------------------------------------------------
// glibc's log (for numpy compatibility)
// ---------------------------------------------------------------------------------------------

/**
 * Coefficients and table of glibc's `log` (glibc ≥ 2.28, `sysdeps/ieee754/dbl-64/e_log.c` and
 * `e_log_data.c`; the same code as ARM's optimized-routines `math/log.c`, © Arm Ltd, available
 * under MIT OR Apache-2.0 WITH LLVM-exception). Values read from this machine's libm and written
 * as shortest round-trip decimals, so each is the exact double of the C source.
 */
const GLOG_LN2_HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const GLOG_LN2_LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
/** log1p(r) ≈ r + A0·r² + … on |r| < 1/256 (the table path). */
const GLOG_A = [-0.5000000000000001, 0.33333333331825593, -0.2499999999622955, 0.20000304511814496, -0.16667054827627667] as const;
/** log1p(r) ≈ r + B0·r² + … near 1 (x in [1 − 2^-4, 1 + 0x1.09p-4)). */
const GLOG_B = [
  -0.5, 0.3333333333333352, -0.24999999999998432, 0.19999999999320328, -0.16666666669929706, 0.14285715076560868,
  -0.12499997863982555, 0.11110712032936046, -0.10000486757818193, 0.09181994006195467, -0.08328363062289341,
] as const;
/** 128 pairs (invc, logc): c near the centre of subinterval i of [0x1.6p-1, 0x1.6p0), logc = log(c). */
const GLOG_TAB = new Float64Array([
  1.4504249240398293, -0.3718565645633589, 1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945, 1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097, 1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188, 1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586, 1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761, 1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526, 1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998, 1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555, 1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154, 1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115, 1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692, 1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968, 1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678, 1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873, 1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895, 1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046, 1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045, 1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833, 1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919, 1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543, 1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228, 1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024, 1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573, 1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727, 1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279, 1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482, 1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573, 1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901, 1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698, 1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668, 1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897, 1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143, 1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327, 1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086, 1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985, 1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888, 1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822, 1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831, 1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809, 1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412, 0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066, 0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744, 0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186, 0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107, 0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153, 0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905, 0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516, 0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061, 0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756, 0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146, 0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969, 0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753, 0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317, 0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744, 0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396, 0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975, 0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884, 0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145, 0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143, 0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595, 0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256, 0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876, 0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366, 0.729344777457841, 0.31560871301871884,]);

/**
 * A true fused multiply-add, `RN(a·b + c)` with one rounding, as the FMA instructions glibc's
 * `log` is compiled to. Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved
 * algorithms using rounding to odd" (IEEE TC 2008): the exact product p + e (Dekker), the exact
 * sum s + t of c and p (Knuth), then the two low parts are added *rounded to odd* so that the
 * final rounding of s + v cannot double-round. Valid without underflow/overflow, which holds
 * for the values {@link glibcLog} feeds it (|terms| > 2^-200).
 */
function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = twoProd(a, b);
  const e = LOW[0]!;
  const s = p + c;
  const bv = s - p;
  const t = p - (s - bv) + (c - bv);
  // v = RO(t + e): round to nearest, then, if inexact and the result is even, step one ulp
  // towards the exact value so the last bit records "something was dropped".
  let v = t + e;
  const vv = v - t;
  const err = t - (v - vv) + (e - vv);
  if (err === 0) return s + v; // t + e was exact: s + v rounds once
  // Fast path (almost always): with |v| < |s + v|/4, s + v and the exact s + t + e round alike
  // unless s + v sits exactly on a midpoint between doubles (every midpoint of the result's
  // grid is a multiple of ulp(v), and |err| < ulp(v)); only then is round-to-odd needed.
  const r1 = s + v;
  if (Math.abs(v) * 4 < Math.abs(r1)) {
    const d = v - (r1 - s); // exact error of r1 (|s| > |v|)
    if (d === 0 || r1 + 2 * d - r1 !== 2 * d) return r1;
  }
  {
    F64[0] = v;
    if ((U32[LO]! & 1) === 0) {
      const up = v > 0 === err > 0; // away from zero in magnitude?
      let lo = U32[LO]!;
      let hi = U32[HI]!;
      if (up) {
        lo = (lo + 1) >>> 0;
        if (lo === 0) hi = (hi + 1) >>> 0;
      } else {
        if (lo === 0) hi = (hi - 1) >>> 0;
        lo = (lo - 1) >>> 0;
      }
      U32[LO] = lo;
      U32[HI] = hi;
      v = F64[0]!;
    }
  }
  return s + v;
}

/**
 * `z·invc − 1` rounded once, as C's `fma(z, invc, -1.0)`, cheaper than the general case: p is
 * within a factor 2 of 1, so `p − 1` is exact (Sterbenz) and `(p − 1) + e` rounds once.
 */
function fmaMinusOne(z: number, invc: number): number {
  const p = twoProd(z, invc);
  return p - 1 + LOW[0]!;
}

/** [k, k·ln2hi + log(c)] from the last {@link tableReduction}. */
const REDUCED = new Float64Array(2);

/**
 * glibc's table reduction: log(x) = log1p(r) + log(c) + k·ln2 with r = z/c − 1 (|r| < 1/256),
 * z = x/2^k in [0x1.6p-1, 0x1.6p0). Returns r (z·invc − 1 rounded once, as the compiled FMA)
 * and leaves k and w = k·ln2hi + log(c) in REDUCED (glibc fuses w, but k·ln2hi is exact: ln2hi
 * has 42 bits). For normal positive x; k0 corrects the exponent of a pre-scaled subnormal.
 */
function tableReduction(x: number, k0: number): number {
  F64[0] = x;
  const ixHi = U32[HI]! | 0;
  // tmp = ix − 0x3fe6000000000000 touches only the high word (the constant's low word is 0).
  const tmpHi = (ixHi - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127; // (tmp >> 45) % 128
  const k = (tmpHi >> 20) + k0; // arithmetic shift, as (int64_t) tmp >> 52
  U32[HI] = (ixHi - (tmpHi & 0xfff00000)) | 0; // z = x / 2^k; the low word is x's
  const z = F64[0]!;
  REDUCED[0] = k;
  REDUCED[1] = k * GLOG_LN2_HI + GLOG_TAB[2 * i + 1]!;
  return fmaMinusOne(z, GLOG_TAB[2 * i]!);
}

/**
 * {@link glibcLog} at a fraction of the cost, with the same bits. Off the near-1 path, glibc's
 * result is RN(hi + T) where the tail T (a few fused multiply-adds on |r| < 1/256) is smaller
 * than hi by a factor ≥ 2000. Evaluated with plain operations, T is off by a few ULPs of T —
 * which moves hi + T by far less than an ULP of the result, so the rounding can differ only if
 * hi + T lies within that distance of a midpoint between doubles. Ziv's rounding test detects
 * exactly those inputs and sends them to the exact emulation.
 */
export function glibcLogFast(x: number): number {
  if (!(x >= 2.2250738585072014e-308) || x === Infinity) return glibcLog(x);
  if (x >= 0.9375 && x < 1.064697265625) return glibcLogNearOneFast(x);
  const r = tableReduction(x, 0);
  const k = REDUCED[0]!;
  const w = REDUCED[1]!;
  const A = GLOG_A;
  const hi = w + r;
  const r2 = r * r;
  const r3 = r * r2;
  const poly = (r * A[4] + A[3]) * r2 + (r * A[2] + A[1]);
  const cubic = r3 * poly;
  const square = r2 * A[0];
  const kLow = k * GLOG_LN2_LO;
  const carry = w - hi + r;
  const tail = cubic + (square + (kLow + carry));
  const y = hi + tail;
  const rounding = tail - (y - hi); // exact: |hi| > |tail|
  // Plain and fused evaluation of the tail differ by a
  // few roundings of its terms: 8·2⁻⁵² of the sum of their magnitudes bounds it generously.
  const slack = (Math.abs(cubic) + Math.abs(square) + Math.abs(kLow) + Math.abs(carry)) * 1.7763568394002505e-15;
  if (halfSpacing(y) - Math.abs(rounding) > slack) return y;
  return glibcLog(x);
}

/**
 * Half the spacing of doubles at y, the smaller one just below a power of two: a value within
 * that distance of y, and not beyond a midpoint, rounds to y. For normal y with |y| ≥ 2^-969.
 */
function halfSpacing(y: number): number {
  F64[0] = y;
  const yHi = U32[HI]! & 0x7fffffff;
  const shift = (yHi & 0xfffff) === 0 && U32[LO] === 0 ? 54 : 53;
  U32[HI] = (yHi & 0x7ff00000) - (shift << 20);
  U32[LO] = 0;
  return F64[0]!;
}

/**
 * glibc's near-1 path (x in [1 − 2^-4, 1 + 0x1.09p-4)) with plain operations and Ziv's test,
 * as glibcLogFast does off that path: glibc's result is RN(hi + T) with T = RN(poly·r³ + lo);
 * the plain tail t differs from T by at most 2^-49 of the magnitudes of its terms (2^-47 is
 * used), so where hi + t is farther than that from a midpoint both round alike; otherwise the
 * exact emulation decides.
 */
function glibcLogNearOneFast(x: number): number {
  if (x === 1) return 0;
  const B = GLOG_B;
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const q1 = r2 * B[3] + (r * B[2] + B[1]);
  const q2 = r2 * B[6] + (r * B[5] + B[4]);
  const q3 = r3 * B[10] + (r2 * B[9] + (r * B[8] + B[7]));
  const poly = (q3 * r3 + q2) * r3 + q1;
  const w = r * 134217728; // 2^27, as in glibcLog
  const rhi = r + w - w;
  const rlo = r - rhi;
  const h2 = rhi * rhi * B[0];
  const hi = r + h2;
  const lo0 = r - hi + h2;
  const m = B[0] * rlo * (r + rhi);
  const cubic = poly * r3;
  const tail = cubic + (m + lo0);
  const y = hi + tail;
  const rounding = tail - (y - hi); // exact: |hi| > |tail|
  const slack = (Math.abs(cubic) + Math.abs(m) + Math.abs(lo0)) * 7.105427357601002e-15;
  if (halfSpacing(y) - Math.abs(rounding) > slack) return y;
  return glibcLog(x);
}

/**
 * The natural logarithm exactly as glibc (≥ 2.28) computes it on x86-64 with FMA (every CPU
 * since Haswell) — the `log` numpy's legacy normal generator calls there. The operation order
 * and every fused multiply-add follow the compiled `__log_fma` (read from its disassembly),
 * not just the C source: the compiler contracts a·b + c into FMAs, which changes last bits.
 * Neither `Math.log` (fdlibm, < 1 ulp) nor a correctly rounded log reproduces glibc's last bit:
 * each differs on a fraction of inputs, and that bit reaches the normals. Checked bit for bit
 * against this machine's glibc 2.36 on millions of inputs.
 */
export function glibcLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x); // 0, negatives, NaN, +Infinity: IEEE results
  const fma = fusedMultiplyAdd;
  if (x >= 0.9375 && x < 1.064697265625) {
    // Close to 1 (x in [1 − 2^-4, 1 + 0x1.09p-4)): a longer polynomial in r = x − 1, with the
    // leading r − r²/2 in extra precision.
    if (x === 1) return 0;
    const B = GLOG_B;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const q1 = fma(r2, B[3], fma(r, B[2], B[1]));
    const q2 = fma(r2, B[6], fma(r, B[5], B[4]));
    const q3 = fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7])));
    const poly = fma(fma(q3, r3, q2), r3, q1);
    // rhi keeps the top half of r so that rhi² is exact (the fused forms here are exact too).
    const w = r * 134217728; // 2^27
    const rhi = r + w - w;
    const rlo = r - rhi;
    const h2 = rhi * rhi * B[0];
    const hi = r + h2;
    let lo = r - hi + h2;
    lo = fma(B[0] * rlo, r + rhi, lo);
    return hi + fma(poly, r3, lo);
  }
  let k0 = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 4503599627370496; // 2^52: a subnormal becomes normal; the exponent is corrected below
    k0 = -52;
  }
  const r = tableReduction(x, k0);
  const k = REDUCED[0]!;
  const w = REDUCED[1]!;
  const A = GLOG_A;
  const hi = w + r;
  const lo = fma(k, GLOG_LN2_LO, w - hi + r);
  const r2 = r * r;
  const r3 = r * r2;
  const poly = fma(fma(r, A[4], A[3]), r2, fma(r, A[2], A[1]));
  return fma(r3, poly, fma(r2, A[0], lo)) + hi;
}

// The WebAssembly generator reads glibc's log table from its memory (layout: assembly/rng.ts).
registerWasmTables((memory, at) => {
  const f64 = new Float64Array(memory.buffer, at, 128 * 2 + 5 + 11 + 2);
  f64.set(GLOG_TAB, 0);
  f64.set(GLOG_A, 256);
  f64.set(GLOG_B, 261);
  f64[272] = GLOG_LN2_HI;
  f64[273] = GLOG_LN2_LO;
});
