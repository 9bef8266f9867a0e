/**
 * Bulk normal draws in WebAssembly, bit for bit the same as the TypeScript generators in
 * src/math/rng/ (which own the state and the single draws; these loops only fill arrays).
 *
 * - numpy's legacy RandomState: MT19937, random_sample, the polar gauss, glibc's log with its
 *   fused multiply-adds emulated exactly (the same algorithm as glibcLogFast/glibcLog).
 * - the default generator: xoshiro128**, the same polar method with fdlibm's log.
 *
 * Tables (glibc's log table and coefficients) are written into memory by the host at TABLES.
 *
 * size: one AssemblyScript entry whose exports share the memory layout at its top; its sections
 * mirror src/math/rng/numpy.ts, rng/xoshiro.ts, log/glibc.ts and log/fdlibm.ts one to one (faithful ports).
 */

// ---- memory layout shared with src/wasm/index.ts --------------------------------------------
/** glibc log: 128 (invc, logc) pairs, then A[0..4], B[0..10], LN2_HI, LN2_LO. */
export const TABLES: usize = 1024;
const TAB = TABLES;
const A_ = TABLES + 128 * 16;
const B_ = A_ + 5 * 8;
const LN2HI_ = B_ + 11 * 8;
const LN2LO_ = LN2HI_ + 8;

/** numpy state block: key[624] u32, pos i32, hasGauss i32, gauss f64. */
const MT_N: i32 = 624;
const MT_M: i32 = 397;
const KEY_BYTES: usize = 624 * 4;

// ---- exact arithmetic helpers ----------------------------------------------------------------
// @ts-ignore: decorator
@inline function splitHi(a: f64): f64 {
  const t = 134217729.0 * a;
  return t - (t - a);
}

// The low part of a·b (a·b = p + low exactly); inputs here are far from overflow.
// @ts-ignore: decorator
@inline function prodLow(a: f64, b: f64, p: f64): f64 {
  const aHi = splitHi(a);
  const aLo = a - aHi;
  const bHi = splitHi(b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** RN(a·b + c), one rounding (Boldo & Melquiond's round-to-odd emulation; see glibcLog in rng.ts). */
function fma(a: f64, b: f64, c: f64): f64 {
  const p = a * b;
  const e = prodLow(a, b, p);
  const s = p + c;
  const bv = s - p;
  const t = p - (s - bv) + (c - bv);
  let v = t + e;
  const vv = v - t;
  const err = t - (v - vv) + (e - vv);
  if (err == 0) return s + v;
  const r1 = s + v;
  if (abs<f64>(v) * 4 < abs<f64>(r1)) {
    const d = v - (r1 - s);
    if (d == 0 || r1 + 2 * d - r1 != 2 * d) return r1;
  }
  let bits = reinterpret<u64>(v);
  if ((bits & 1) == 0) {
    const up = (v > 0) == (err > 0);
    bits = up ? bits + 1 : bits - 1;
    v = reinterpret<f64>(bits);
  }
  return s + v;
}

// @ts-ignore: decorator
@inline function tab(i: i32): f64 {
  return load<f64>(TAB + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function coefA(i: i32): f64 {
  return load<f64>(A_ + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function coefB(i: i32): f64 {
  return load<f64>(B_ + (<usize>i << 3));
}

/** k and w = k·ln2hi + log(c) from the last tableReduction. */
let reducedK: f64 = 0;
let reducedW: f64 = 0;

/** glibc's table reduction (tableReduction in rng.ts): returns r = z·invc − 1 rounded once, sets reducedK, reducedW. */
// @ts-ignore: decorator
@inline function tableReduction(x: f64, k0: i32): f64 {
  const ix = reinterpret<u64>(x);
  const tmp = ix - 0x3fe6000000000000;
  const i = <i32>((tmp >> 45) & 127);
  const z = reinterpret<f64>(ix - (tmp & 0xfff0000000000000));
  const invc = tab(2 * i);
  reducedK = <f64>(<i32>(<i64>tmp >> 52) + k0);
  reducedW = reducedK * load<f64>(LN2HI_) + tab(2 * i + 1);
  const p = z * invc;
  return p - 1 + prodLow(z, invc, p);
}

/** glibc's log, exact emulation (for 0 < x < ∞, as the polar method needs). */
function glibcLog(x: f64): f64 {
  if (x >= 0.9375 && x < 1.064697265625) {
    if (x == 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const q1 = fma(r2, coefB(3), fma(r, coefB(2), coefB(1)));
    const q2 = fma(r2, coefB(6), fma(r, coefB(5), coefB(4)));
    const q3 = fma(r3, coefB(10), fma(r2, coefB(9), fma(r, coefB(8), coefB(7))));
    const poly = fma(fma(q3, r3, q2), r3, q1);
    const w = r * 134217728.0;
    const rhi = r + w - w;
    const rlo = r - rhi;
    const h2 = rhi * rhi * coefB(0);
    const hi = r + h2;
    let lo = r - hi + h2;
    lo = fma(coefB(0) * rlo, r + rhi, lo);
    return hi + fma(poly, r3, lo);
  }
  let k0: i32 = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 4503599627370496.0;
    k0 = -52;
  }
  const r = tableReduction(x, k0);
  const kf = reducedK;
  const w = reducedW;
  const hi = w + r;
  const lo = fma(kf, load<f64>(LN2LO_), w - hi + r);
  const r2 = r * r;
  const r3 = r * r2;
  const poly = fma(fma(r, coefA(4), coefA(3)), r2, fma(r, coefA(2), coefA(1)));
  return fma(r3, poly, fma(r2, coefA(0), lo)) + hi;
}

/** Half the spacing of doubles at y (the smaller one just below a power of two); normal y. */
// @ts-ignore: decorator
@inline function halfSpacing(y: f64): f64 {
  const bits = reinterpret<u64>(y) & 0x7fffffffffffffff;
  return reinterpret<f64>(((bits >> 52) - ((bits & 0xfffffffffffff) == 0 ? 54 : 53)) << 52);
}

/** glibc's near-1 path with plain operations and Ziv's test (glibcLogNearOneFast in rng.ts). */
function glibcLogNearOneFast(x: f64): f64 {
  if (x == 1) return 0;
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  const q1 = r2 * coefB(3) + (r * coefB(2) + coefB(1));
  const q2 = r2 * coefB(6) + (r * coefB(5) + coefB(4));
  const q3 = r3 * coefB(10) + (r2 * coefB(9) + (r * coefB(8) + coefB(7)));
  const poly = (q3 * r3 + q2) * r3 + q1;
  const w = r * 134217728.0;
  const rhi = r + w - w;
  const rlo = r - rhi;
  const h2 = rhi * rhi * coefB(0);
  const hi = r + h2;
  const lo0 = r - hi + h2;
  const m = coefB(0) * rlo * (r + rhi);
  const cubic = poly * r3;
  const tail = cubic + (m + lo0);
  const y = hi + tail;
  const rounding = tail - (y - hi);
  const slack = (abs<f64>(cubic) + abs<f64>(m) + abs<f64>(lo0)) * 7.105427357601002e-15;
  if (halfSpacing(y) - abs<f64>(rounding) > slack) return y;
  return glibcLog(x);
}

/** glibcLog with a Ziv fast path (same bits; see glibcLogFast in rng.ts). */
function glibcLogFast(x: f64): f64 {
  if (!(x >= 2.2250738585072014e-308)) return glibcLog(x);
  if (x >= 0.9375 && x < 1.064697265625) return glibcLogNearOneFast(x);
  const r = tableReduction(x, 0);
  const kf = reducedK;
  const w = reducedW;
  const hi = w + r;
  const r2 = r * r;
  const r3 = r * r2;
  const poly = (r * coefA(4) + coefA(3)) * r2 + (r * coefA(2) + coefA(1));
  const cubic = r3 * poly;
  const square = r2 * coefA(0);
  const kLow = kf * load<f64>(LN2LO_);
  const carry = w - hi + r;
  const tail = cubic + (square + (kLow + carry));
  const y = hi + tail;
  const rounding = tail - (y - hi);
  const slack = (abs<f64>(cubic) + abs<f64>(square) + abs<f64>(kLow) + abs<f64>(carry)) * 1.7763568394002505e-15;
  // Half the spacing of doubles at y (the smaller spacing, below a power of two): the exact
  // value rounds to y as long as it stays that far from a midpoint.
  if (halfSpacing(y) - abs<f64>(rounding) > slack) return y;
  return glibcLog(x);
}

// ---- MT19937 ---------------------------------------------------------------------------------
// The block of 624 words is regenerated (the twist) and tempered four lanes at a time with
// i32x4 SIMD into TEMPERED; draws then read the tempered words one by one.
let mtKey: usize = 0;
let mtPos: i32 = 0;
/** The current block's 624 tempered outputs. */
const TEMPERED: usize = 12288;

// @ts-ignore: decorator
@inline function twistLanes(mt: usize, i: i32, far: i32): void {
  const y = v128.or(
    v128.and(v128.load(mt + (<usize>i << 2)), i32x4.splat(0x80000000)),
    v128.and(v128.load(mt + (<usize>(i + 1) << 2)), i32x4.splat(0x7fffffff)),
  );
  const odd = i32x4.shr_s(i32x4.shl(y, 31), 31); // all ones where y is odd
  const next = v128.xor(v128.xor(v128.load(mt + (<usize>(i + far) << 2)), i32x4.shr_u(y, 1)), v128.and(odd, i32x4.splat(0x9908b0df)));
  v128.store(mt + (<usize>i << 2), next);
}

// @ts-ignore: decorator
@inline function twistWord(mt: usize, i: i32, j: i32, far: i32): void {
  const y = (load<u32>(mt + (<usize>i << 2)) & 0x80000000) | (load<u32>(mt + (<usize>j << 2)) & 0x7fffffff);
  store<u32>(mt + (<usize>i << 2), load<u32>(mt + (<usize>far << 2)) ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df));
}

/** MT19937's twist of the key block (numpy's mt19937_gen), four words per step where it can. */
function twist(): void {
  const mt = mtKey;
  let i: i32 = 0;
  // i < 227 reads mt[i + 397] (old words); each vector reads words at least 4 ahead of its stores.
  for (; i + 4 <= MT_N - MT_M; i += 4) twistLanes(mt, i, MT_M);
  for (; i < MT_N - MT_M; i++) twistWord(mt, i, i + 1, i + MT_M);
  // i ≥ 227 reads mt[i − 227], already new; the distance 227 > 4 keeps vectors independent.
  for (; i + 4 <= MT_N - 1; i += 4) twistLanes(mt, i, MT_M - MT_N);
  for (; i < MT_N - 1; i++) twistWord(mt, i, i + 1, i + MT_M - MT_N);
  twistWord(mt, MT_N - 1, 0, MT_M - 1);
  mtPos = 0;
}

/** Tempers the whole key block into TEMPERED (624 = 156 vectors). */
function temper(): void {
  for (let i: i32 = 0; i < MT_N; i += 4) {
    let y = v128.load(mtKey + (<usize>i << 2));
    y = v128.xor(y, i32x4.shr_u(y, 11));
    y = v128.xor(y, v128.and(i32x4.shl(y, 7), i32x4.splat(0x9d2c5680)));
    y = v128.xor(y, v128.and(i32x4.shl(y, 15), i32x4.splat(0xefc60000)));
    y = v128.xor(y, i32x4.shr_u(y, 18));
    v128.store(TEMPERED + (<usize>i << 2), y);
  }
}

/** Starts drawing from the state block at `state` (tempering its current words). */
function mtBegin(state: usize): void {
  mtKey = state;
  mtPos = load<i32>(state + KEY_BYTES);
  if (mtPos < MT_N) temper();
}

// @ts-ignore: decorator
@inline function mtNext(): u32 {
  if (mtPos >= MT_N) {
    twist();
    temper();
  }
  const y = load<u32>(TEMPERED + (<usize>mtPos << 2));
  mtPos++;
  return y;
}

// @ts-ignore: decorator
@inline function mtSample(): f64 {
  const a = mtNext() >>> 5;
  const b = mtNext() >>> 6;
  return (<f64>a * 67108864.0 + <f64>b) * 1.1102230246251565e-16; // ÷ 2^53, exact
}

// ---- numpy's polar method, in batches ----------------------------------------------------------
// Accepted pairs are gathered first (two attempts per SIMD step), then their logarithms and
// square roots computed, then the normals written — the same words consumed in the same order,
// and the same operations on each value, as the one-at-a-time loop.

/** Pairs per batch, and the batch buffers x1, x2, r2, f (CB doubles each). */
const CB: i32 = 256;
const X1: usize = 16384;
const X2: usize = X1 + (<usize>CB << 3);
const R2: usize = X2 + (<usize>CB << 3);
const FF: usize = R2 + (<usize>CB << 3);

// @ts-ignore: decorator
@inline function keepPair(k: i32, x1: f64, x2: f64, r2: f64): i32 {
  const at = <usize>k << 3;
  store<f64>(X1 + at, x1);
  store<f64>(X2 + at, x2);
  store<f64>(R2 + at, r2);
  return r2 < 1 && r2 != 0 ? 1 : 0;
}

/** Gathers exactly `pairs` accepted (x1, x2, r2), consuming exactly the words the scalar loop would. */
function gatherPairs(pairs: i32): void {
  let k: i32 = 0;
  const two26 = f64x2.splat(67108864.0);
  const two53 = f64x2.splat(1.1102230246251565e-16);
  const two = f64x2.splat(2.0);
  const one = f64x2.splat(1.0);
  while (k < pairs) {
    if (mtPos >= MT_N) {
      twist();
      temper();
    }
    if ((mtPos & 3) != 0 || mtPos + 8 > MT_N) {
      // One attempt at a time (mtSample crosses into the next block when it must).
      const x1 = 2 * mtSample() - 1;
      const x2 = 2 * mtSample() - 1;
      k += keepPair(k, x1, x2, x1 * x1 + x2 * x2);
      continue;
    }
    // Two attempts A and B from 8 tempered words: A = words 0-3, B = words 4-7.
    const at = TEMPERED + (<usize>mtPos << 2);
    const v0 = v128.load(at);
    const v1 = v128.load(at, 16);
    // Lanes [A0, B0, A2, B2] >>> 5 and [A1, B1, A3, B3] >>> 6: the high and low parts of
    // (A's first sample, B's first sample, A's second, B's second).
    const hi = i32x4.shr_u(i8x16.shuffle(v0, v1, 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27), 5);
    const lo = i32x4.shr_u(i8x16.shuffle(v0, v1, 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31), 6);
    const hiUp = i8x16.shuffle(hi, hi, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
    const loUp = i8x16.shuffle(lo, lo, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15);
    const u1 = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(hi), two26), f64x2.convert_low_i32x4_u(lo)), two53);
    const u2 = f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(hiUp), two26), f64x2.convert_low_i32x4_u(loUp)), two53);
    const x1 = f64x2.sub(f64x2.mul(two, u1), one);
    const x2 = f64x2.sub(f64x2.mul(two, u2), one);
    const r2 = f64x2.add(f64x2.mul(x1, x1), f64x2.mul(x2, x2));
    k += keepPair(k, f64x2.extract_lane(x1, 0), f64x2.extract_lane(x2, 0), f64x2.extract_lane(r2, 0));
    if (k == pairs) {
      mtPos += 4; // B is not drawn
      break;
    }
    k += keepPair(k, f64x2.extract_lane(x1, 1), f64x2.extract_lane(x2, 1), f64x2.extract_lane(r2, 1));
    mtPos += 8;
  }
}

/**
 * glibcLogFast on two lanes at once (the same operations lane by lane, so the same bits):
 * table lookups per lane, the rest in f64x2. Lanes near 1 or below the normal range go to the
 * scalar glibcLogFast, lanes failing the rounding test to it too (and so to glibcLog).
 */
// @ts-ignore: decorator
@inline function glibcLogFast2(x: v128): v128 {
  const tmp = i64x2.sub(x, i64x2.splat(0x3fe6000000000000));
  const i0 = <i32>((i64x2.extract_lane(tmp, 0) >> 45) & 127);
  const i1 = <i32>((i64x2.extract_lane(tmp, 1) >> 45) & 127);
  const invc = f64x2.replace_lane(f64x2.splat(tab(2 * i0)), 1, tab(2 * i1));
  const logc = f64x2.replace_lane(f64x2.splat(tab(2 * i0 + 1)), 1, tab(2 * i1 + 1));
  const kf = f64x2.replace_lane(f64x2.splat(<f64>(i64x2.extract_lane(tmp, 0) >> 52)), 1, <f64>(i64x2.extract_lane(tmp, 1) >> 52));
  const z = i64x2.sub(x, v128.and(tmp, i64x2.splat(0xfff0000000000000)));
  // r = z·invc − 1 rounded once: the exact product's low part by Dekker's split.
  const p = f64x2.mul(z, invc);
  const splitter = f64x2.splat(134217729.0);
  let t = f64x2.mul(splitter, z);
  const zHi = f64x2.sub(t, f64x2.sub(t, z));
  const zLo = f64x2.sub(z, zHi);
  t = f64x2.mul(splitter, invc);
  const cHi = f64x2.sub(t, f64x2.sub(t, invc));
  const cLo = f64x2.sub(invc, cHi);
  const low = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(zHi, cHi), p), f64x2.mul(zHi, cLo)), f64x2.mul(zLo, cHi)), f64x2.mul(zLo, cLo));
  const r = f64x2.add(f64x2.sub(p, f64x2.splat(1.0)), low);
  const w = f64x2.add(f64x2.mul(kf, f64x2.splat(load<f64>(LN2HI_))), logc);
  const hi = f64x2.add(w, r);
  const r2 = f64x2.mul(r, r);
  const r3 = f64x2.mul(r, r2);
  const poly = f64x2.add(
    f64x2.mul(f64x2.add(f64x2.mul(r, f64x2.splat(coefA(4))), f64x2.splat(coefA(3))), r2),
    f64x2.add(f64x2.mul(r, f64x2.splat(coefA(2))), f64x2.splat(coefA(1))),
  );
  const cubic = f64x2.mul(r3, poly);
  const square = f64x2.mul(r2, f64x2.splat(coefA(0)));
  const kLow = f64x2.mul(kf, f64x2.splat(load<f64>(LN2LO_)));
  const carry = f64x2.add(f64x2.sub(w, hi), r);
  const tail = f64x2.add(cubic, f64x2.add(square, f64x2.add(kLow, carry)));
  const y = f64x2.add(hi, tail);
  const rounding = f64x2.sub(tail, f64x2.sub(y, hi));
  const slack = f64x2.mul(
    f64x2.add(f64x2.add(f64x2.add(f64x2.abs(cubic), f64x2.abs(square)), f64x2.abs(kLow)), f64x2.abs(carry)),
    f64x2.splat(1.7763568394002505e-15),
  );
  const yBits = v128.and(y, i64x2.splat(0x7fffffffffffffff));
  const mantissaZero = i64x2.eq(v128.and(yBits, i64x2.splat(0xfffffffffffff)), i64x2.splat(0));
  const shift = v128.bitselect(i64x2.splat(54), i64x2.splat(53), mantissaZero);
  const halfUlp = i64x2.shl(i64x2.sub(i64x2.shr_u(yBits, 52), shift), 52);
  const ok = f64x2.gt(f64x2.sub(halfUlp, f64x2.abs(rounding)), slack);
  // Lanes for the scalar path: near 1, not a positive normal, or not safely rounded.
  const near1 = v128.and(f64x2.ge(x, f64x2.splat(0.9375)), f64x2.lt(x, f64x2.splat(1.064697265625)));
  const normal = f64x2.ge(x, f64x2.splat(2.2250738585072014e-308));
  const good = v128.andnot(v128.and(ok, normal), near1);
  if (i64x2.all_true(good)) return y;
  let result = y;
  if (i64x2.extract_lane(good, 0) == 0) result = f64x2.replace_lane(result, 0, glibcLogFast(f64x2.extract_lane(x, 0)));
  if (i64x2.extract_lane(good, 1) == 0) result = f64x2.replace_lane(result, 1, glibcLogFast(f64x2.extract_lane(x, 1)));
  return result;
}

/**
 * f = sqrt(−2·log(r2)/r2) for the gathered pairs, two at a time (the buffers have room for an
 * even count): glibc's log for numpy's generator, fdlibm's for the default one.
 */
function polarFactors(pairs: i32, glibc: bool): void {
  const minusTwo = f64x2.splat(-2.0);
  for (let k: i32 = 0; k < pairs; k += 2) {
    const at = <usize>k << 3;
    let r2 = v128.load(R2 + at);
    // An odd count leaves a stale last lane: give it a harmless value.
    if (k + 1 == pairs) r2 = f64x2.replace_lane(r2, 1, 0.5);
    const log = glibc
      ? glibcLogFast2(r2)
      : f64x2.replace_lane(f64x2.splat(fdlibmLog(f64x2.extract_lane(r2, 0))), 1, fdlibmLog(f64x2.extract_lane(r2, 1)));
    v128.store(FF + at, f64x2.sqrt(f64x2.div(f64x2.mul(minusTwo, log), r2)));
  }
}

/** The cached second normal after {@link emitPairs}, if the fill ended between a pair's two. */
let pendingHas: i32 = 0;
let pendingValue: f64 = 0;

/**
 * Writes the batch's normals from index i on, f·x2 then f·x1 per pair, up to n; the value left
 * over goes to pendingHas/pendingValue. Returns the next index.
 */
function emitPairs(out: usize, i: i32, n: i32, pairs: i32, scale: f64, s32: f64, mode: i32): i32 {
  for (let k: i32 = 0; k < pairs; k++) {
    const at = <usize>k << 3;
    const f = load<f64>(FF + at);
    emit(out, i++, f * load<f64>(X2 + at), scale, s32, mode);
    const second = f * load<f64>(X1 + at);
    if (i < n) emit(out, i++, second, scale, s32, mode);
    else {
      pendingValue = second;
      pendingHas = 1;
    }
  }
  return i;
}

// @ts-ignore: decorator
@inline function emit(out: usize, i: i32, g: f64, scale: f64, s32: f64, mode: i32): void {
  if (mode == 0) store<f64>(out + (<usize>i << 3), scale * g);
  else if (mode == 1) store<f32>(out + (<usize>i << 2), <f32>(scale * g));
  else store<f32>(out + (<usize>i << 2), <f32>(<f64><f32>g * s32));
}

/**
 * numpy's `randn(n) * scale` into `out`. `mode`: 0 → float64 `scale·g`; 1 → float32
 * `round32(scale·g)`; 2 → float32 `round32(round32(g)·round32(scale))`. The state block at
 * `state` (key, pos, hasGauss, gauss) is read and written back. Each pair gives f·x2 first
 * and f·x1 next (cached when the fill ends between them), as numpy's legacy gauss.
 */
export function numpyFillNormal(state: usize, out: usize, n: i32, scale: f64, mode: i32): void {
  mtBegin(state);
  polarFill(out, n, scale, mode, load<i32>(state + KEY_BYTES + 4), load<f64>(state + KEY_BYTES + 8), true);
  store<i32>(state + KEY_BYTES, mtPos);
  store<i32>(state + KEY_BYTES + 4, pendingHas);
  store<f64>(state + KEY_BYTES + 8, pendingValue);
}

/** Gathers exactly `pairs` accepted pairs from the default generator. */
function gatherPairsDefault(pairs: i32): void {
  for (let k: i32 = 0; k < pairs; ) {
    const x1 = 2 * xoUniform() - 1;
    const x2 = 2 * xoUniform() - 1;
    k += keepPair(k, x1, x2, x1 * x1 + x2 * x2);
  }
}

/**
 * n polar-method normals into out (the cached one first if `has`), from numpy's generator or
 * the default one; the value cached at the end is left in pendingHas/pendingValue.
 */
function polarFill(out: usize, n: i32, scale: f64, mode: i32, has: i32, cached: f64, numpy: bool): void {
  const s32 = <f64><f32>scale;
  let i: i32 = 0;
  pendingHas = 0;
  pendingValue = 0;
  if (has && n > 0) emit(out, i++, cached, scale, s32, mode);
  else if (has) {
    pendingHas = 1;
    pendingValue = cached;
  }
  while (i < n) {
    const pairs = min(CB, (n - i + 1) >> 1);
    if (numpy) gatherPairs(pairs);
    else gatherPairsDefault(pairs);
    polarFactors(pairs, numpy);
    i = emitPairs(out, i, n, pairs, scale, s32, mode);
  }
}

/** numpy's `random_sample(n)` into float64 `out` (same state block). */
export function numpyFillUniform(state: usize, out: usize, n: i32): void {
  mtBegin(state);
  for (let i: i32 = 0; i < n; i++) store<f64>(out + (<usize>i << 3), mtSample());
  store<i32>(state + KEY_BYTES, mtPos);
}

// ---- xoshiro128** and fdlibm log (the default generator) -------------------------------------
let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

// @ts-ignore: decorator
@inline function xoNext(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

// @ts-ignore: decorator
@inline function xoUniform(): f64 {
  const a = xoNext() >>> 5;
  const b = xoNext() >>> 6;
  return (<f64>a * 67108864.0 + <f64>b) * 1.1102230246251565e-16; // ÷ 2^53, exact
}

/** fdlibm's __ieee754_log for 0 < x < 1 normal (portableLog in rng.ts). */
function fdlibmLog(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    k -= 54;
    x *= 1.8014398509481984e16;
    hx = <i32>(reinterpret<u64>(x) >> 32);
  }
  const lx = reinterpret<u64>(x) & 0xffffffff;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  k += i0 >> 20;
  const f = reinterpret<f64>((<u64>(hx | (i0 ^ 0x3ff00000)) << 32) | lx) - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      return <f64>k * 6.93147180369123816490e-1 + <f64>k * 1.90821492927058770002e-10;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    return <f64>k * 6.93147180369123816490e-1 - (R - <f64>k * 1.90821492927058770002e-10 - f);
  }
  const s = f / (2 + f);
  const dk = <f64>k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (3.999999999940941908e-1 + w * (2.222219843214978396e-1 + w * 1.531383769920937332e-1));
  const t2 = z * (6.666666666666735130e-1 + w * (2.857142874366239149e-1 + w * (1.818357216161805012e-1 + w * 1.479819860511658591e-1)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * 6.93147180369123816490e-1 - (hfsq - (s * (hfsq + R) + dk * 1.90821492927058770002e-10) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * 6.93147180369123816490e-1 - (s * (f - R) - dk * 1.90821492927058770002e-10 - f);
}

/**
 * The default generator's `fillNormal`. State block at `state`: s0..s3 u32, hasNormal i32
 * (at +16), cachedNormal f64 (at +24). Modes as for numpyFillNormal; batched the same way.
 */
export function defaultFillNormal(state: usize, out: usize, n: i32, scale: f64, mode: i32): void {
  s0 = load<u32>(state);
  s1 = load<u32>(state + 4);
  s2 = load<u32>(state + 8);
  s3 = load<u32>(state + 12);
  polarFill(out, n, scale, mode, load<i32>(state + 16), load<f64>(state + 24), false);
  store<u32>(state, s0);
  store<u32>(state + 4, s1);
  store<u32>(state + 8, s2);
  store<u32>(state + 12, s3);
  store<i32>(state + 16, pendingHas);
  store<f64>(state + 24, pendingValue);
}
