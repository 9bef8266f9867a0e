/**
 * numpy's legacy `np.random.RandomState` bit for bit: MT19937, `random_sample`, and the polar
 * `gauss` with its cached second value and glibc's log.
 * @module
 */
import { InvalidParameterError } from '../../errors.js';
import { glibcLogFast } from '../log/glibc.js';
import { checkSeed, describeState, polarPair, POLAR_SECOND, uniform53, type FillNormalOptions, type FloatArray, type Rng } from './common.js';
import { fillNormals } from './fill.js';
import type { WasmStateBlock } from './wasm-bridge.js';

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
    return uniform53(this);
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
    // numpy's C calls the C library's log: glibc's, bit for bit.
    const first = polarPair(this, glibcLogFast);
    this.gauss = POLAR_SECOND[0]!;
    this.hasGauss = true;
    return first;
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
    return fillNormals(this, NumpyRandomState.wasmBlock, out, scale, options);
  }

  /** The state block of assembly/rng.ts: key[624] u32, pos i32, hasGauss i32, gauss f64. */
  private static readonly wasmBlock: WasmStateBlock<NumpyRandomState> = {
    generator: 'numpy',
    store(rng, buffer, at) {
      new Uint32Array(buffer, at, MT_N).set(rng.key);
      const view = new DataView(buffer);
      view.setInt32(at + 4 * MT_N, rng.pos, true);
      view.setInt32(at + 4 * MT_N + 4, rng.hasGauss ? 1 : 0, true);
      view.setFloat64(at + 4 * MT_N + 8, rng.gauss, true);
    },
    load(rng, buffer, at) {
      rng.key.set(new Uint32Array(buffer, at, MT_N));
      const view = new DataView(buffer);
      rng.pos = view.getInt32(at + 4 * MT_N, true);
      rng.hasGauss = view.getInt32(at + 4 * MT_N + 4, true) !== 0;
      rng.gauss = view.getFloat64(at + 4 * MT_N + 8, true);
    },
  };

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
      throw new InvalidParameterError('numpy rng', 'state', describeState(state), 'a state from NumpyRandomState.getState()');
    }
    this.key.set(state.key);
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.hasGauss ? state.gauss : 0;
  }
}

