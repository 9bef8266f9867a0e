/**
 * The default generator, xoshiro128**: fast, and the same bits from a seed in every engine
 * (32-bit integer operations and fdlibm's log only).
 * @module
 */
import { InvalidParameterError } from '../../errors.js';
import { portableLog } from '../log/fdlibm.js';
import {
  checkSeed,
  describeState,
  polarPair,
  POLAR_SECOND,
  UINT32_MAX,
  uniform53,
  type FillNormalOptions,
  type FloatArray,
  type Rng,
} from './common.js';
import { fillNormals } from './fill.js';
import type { WasmStateBlock } from './wasm-bridge.js';

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
    return uniform53(this);
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
    const first = polarPair(this, portableLog);
    this.cachedNormal = POLAR_SECOND[0]!;
    this.hasNormal = true;
    return first;
  }

  /**
   * Fills `out` with `scale · normal()` in index order; returns `out`. For a `Float32Array`,
   * `options.roundFirst` selects the rounding order as for `NumpyRandomState.fillRandn`.
   */
  fillNormal<T extends FloatArray>(out: T, scale = 1, options: FillNormalOptions = {}): T {
    return fillNormals(this, DefaultRng.wasmBlock, out, scale, options);
  }

  /** The state block of assembly/rng.ts: s0…s3 u32, hasNormal i32 at 16, cachedNormal f64 at 24. */
  private static readonly wasmBlock: WasmStateBlock<DefaultRng> = {
    generator: 'default',
    store(rng, buffer, at) {
      const view = new DataView(buffer);
      [rng.s0, rng.s1, rng.s2, rng.s3].forEach((word, i) => view.setUint32(at + 4 * i, word, true));
      view.setInt32(at + 16, rng.hasNormal ? 1 : 0, true);
      view.setFloat64(at + 24, rng.cachedNormal, true);
    },
    load(rng, buffer, at) {
      const view = new DataView(buffer);
      rng.s0 = view.getUint32(at, true);
      rng.s1 = view.getUint32(at + 4, true);
      rng.s2 = view.getUint32(at + 8, true);
      rng.s3 = view.getUint32(at + 12, true);
      rng.hasNormal = view.getInt32(at + 16, true) !== 0;
      rng.cachedNormal = view.getFloat64(at + 24, true);
    },
  };

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
      throw new InvalidParameterError('default rng', 'state', describeState(state), 'a state from DefaultRng.getState()');
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    this.hasNormal = state.hasNormal;
    this.cachedNormal = state.hasNormal ? state.cachedNormal : 0;
  }
}
