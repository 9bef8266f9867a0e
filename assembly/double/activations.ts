/**
 * Float64 forward kernels of the smooth activations that reduce to Math.exp and IEEE basic
 * operations — sigmoid, swish (any β > 0) and gelu_tanh — giving the bits of the TypeScript
 * definitions (src/activations, src/math/dd.ts, src/math/logistic.ts) exactly: the same
 * operations in the same order, with exp from ./exp (V8's Math.exp, bit for bit).
 *
 * Each pair of elements runs the common path in f64x2, where both sides of a branch of the
 * scalar code are computed and the lane's own selected (`v128.bitselect`). A pair with a lane
 * that needs a rare branch — an exponential argument beyond ±690 (mulExp's rescaled subnormal
 * path, overflow), NaN, ±∞, a Dekker split that would overflow — goes to the scalar port of
 * the definition instead, element by element.
 *
 * size: each f64x2 common path stands beside the scalar port of its rare branches, so the two can
 * be read against each other and against src/activations operation by operation.
 */
import { select, splat } from '../kernels/math';
import { EXP_PAIR_LIMIT, expPair, expScalar } from './exp';

// ───────────── scalar ports of src/math/dd.ts and src/math/logistic.ts ─────────────

const SPLITTER: f64 = 134217729;
const SPLIT_LIMIT: f64 = 6.69692879491417e299;
const TWO_40: f64 = 1099511627776.0;
const TWO_M40: f64 = 1.0 / 1099511627776.0;
const TWO_1000: f64 = reinterpret<f64>(<u64>(1023 + 1000) << 52);
const TWO_M1000: f64 = reinterpret<f64>(<u64>(1023 - 1000) << 52);
const TWO_60: f64 = reinterpret<f64>(<u64>(1023 + 60) << 52);
const TWO_M60: f64 = reinterpret<f64>(<u64>(1023 - 60) << 52);
const TWO_100: f64 = reinterpret<f64>(<u64>(1023 + 100) << 52);
const LN2_HI: f64 = 0.6931471805599453;
const LN2_LO: f64 = 2.3190468138462996e-17;
const EXP_MINUS_256_HI: f64 = 6.616261056709485e-112;
const EXP_MINUS_256_LO: f64 = -1.5834289269115768e-129;
const EXP_MINUS_256_RATIO: f64 = EXP_MINUS_256_LO / EXP_MINUS_256_HI;
const GELU_TANH_CUBIC_HI: f64 = 0.044715;
const GELU_TANH_CUBIC_LO: f64 = 2.1960211427085595e-18;
const TWO_K_HI: f64 = 2 * 0.7978845608028654;
const TWO_K_LO: f64 = 2 * -4.98465440455546e-17;
const GELU_TANH_FLAT: f64 = 30;
/** Below this exponential argument mulExp takes its subnormal-safe path. */
const MUL_EXP_LOW: f64 = -690;

/** Low part of the last scalar error-free operation (as LOW[0] in dd.ts). */
let LOW: f64 = 0;

function twoProd(a: f64, b: f64): f64 {
  const p = a * b;
  if (!isFinite<f64>(p)) {
    LOW = 0;
    return p;
  }
  if (Math.abs(a) > SPLIT_LIMIT || Math.abs(b) > SPLIT_LIMIT || Math.abs(p) > TWO_1000) {
    // the larger operand scaled by 2^−40 (dd.ts: the splitter must not overflow)
    const scaledP = Math.abs(a) >= Math.abs(b) ? twoProd(a * TWO_M40, b) : twoProd(a, b * TWO_M40);
    LOW = scaledP == 0 ? 0 : LOW * TWO_40;
    return p;
  }
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  LOW = aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
  return p;
}

function twoSum(a: f64, b: f64): f64 {
  const s = a + b;
  const bVirtual = s - a;
  const aVirtual = s - bVirtual;
  LOW = a - aVirtual + (b - bVirtual);
  return s;
}

function ddDiv(aHi: f64, aLo: f64, bHi: f64, bLo: f64): f64 {
  const q1 = aHi / bHi;
  if (!isFinite<f64>(q1) || q1 == 0) {
    LOW = 0;
    return q1;
  }
  if (Math.abs(aHi) > TWO_1000) {
    const q = ddDiv(aHi * TWO_M60, aLo * TWO_M60, bHi, bLo);
    LOW = LOW * TWO_60;
    return q * TWO_60;
  }
  const p = twoProd(q1, bHi);
  const pLo = LOW + q1 * bLo;
  const r = aHi - p - pLo + aLo;
  const q2 = r / bHi;
  const s = q1 + q2;
  LOW = q2 - (s - q1);
  return s;
}

/** r, or the zero with m's sign (dd.ts signedZero). */
function signedZero(r: f64, m: f64): f64 {
  return r == 0 ? (m < 0 || (m == 0 && (reinterpret<u64>(m) >> 63) != 0) ? -0.0 : 0.0) : r;
}

function mulExp(m: f64, xHi: f64, xLo: f64, mLo: f64): f64 {
  if (m != m) return m;
  if (xHi > MUL_EXP_LOW) {
    const base = expScalar(xHi);
    const p = twoProd(m, base);
    if (!isFinite<f64>(p)) return p;
    return signedZero(p + (LOW + (mLo + m * xLo) * base), m);
  }
  if (xHi == -Infinity || m == 0) return m < 0 || (reinterpret<u64>(m) >> 63) != 0 ? -0.0 : 0.0;
  if (!(Math.abs(m) < TWO_100)) return mulExpScaled(m, mLo, 0, xHi, xLo);
  // as dd.ts: the value underflows, and m·xLo could overflow far out (∞·0 = NaN)
  if (xHi < -900) return m < 0 ? -0.0 : 0.0;
  const shifted = expScalar(xHi + 256) * (m + (mLo + m * xLo));
  return signedZero((shifted + shifted * EXP_MINUS_256_RATIO) * EXP_MINUS_256_HI, m);
}

/** floor(log2 |a|) for a finite nonzero double (dd.ts exponentOf), from its bits. */
function exponentOf(a: f64): i32 {
  const bits = reinterpret<u64>(a) & 0x7fffffffffffffff;
  const biased = <i32>(bits >> 52);
  if (biased != 0) return biased - 1023;
  // subnormal: the position of the leading mantissa bit
  return -1074 + 63 - <i32>clz<u64>(bits);
}

/** x·2^n in steps of 2^±1000 (dd.ts scaleByPowerOfTwo). */
function scaleByPowerOfTwo(x: f64, n: i32): f64 {
  while (n > 1000) {
    x *= TWO_1000;
    n -= 1000;
  }
  while (n < -1000) {
    x *= TWO_M1000;
    n += 1000;
  }
  return x * reinterpret<f64>(<u64>(1023 + n) << 52);
}

/** (m + mLo)·2^k·e^{xHi + xLo} for any finite m (dd.ts mulExpScaled). */
function mulExpScaled(m: f64, mLo: f64, k: i32, xHi: f64, xLo: f64): f64 {
  if (m != m || xHi != xHi) return NaN;
  if (m == 0) return xHi == Infinity ? NaN : m;
  if (!isFinite<f64>(m)) return xHi == -Infinity ? NaN : m;
  const j = exponentOf(m);
  const mant = scaleByPowerOfTwo(m, -j);
  const mantLo = scaleByPowerOfTwo(mLo, -j);
  const n = k + j;
  if (n == 0) return mulExp(mant, xHi, xLo, mantLo);
  if (!isFinite<f64>(xHi)) return mulExp(mant, xHi, xLo, mantLo);
  const t = twoProd(<f64>n, LN2_HI);
  const tLo = LOW + <f64>n * LN2_LO;
  const yHi = twoSum(xHi, t);
  const yLo = LOW + tLo + xLo;
  return mulExp(mant, yHi, yLo, mantLo);
}

function mulKnownExp(m: f64, base: f64, xHi: f64, xLo: f64, mLo: f64): f64 {
  if (!(xHi > MUL_EXP_LOW)) return mulExp(m, xHi, xLo, mLo);
  if (m != m) return m;
  const p = twoProd(m, base);
  if (!isFinite<f64>(p)) return p;
  return signedZero(p + (LOW + (mLo + m * xLo) * base), m);
}

/** e^{−|uHi|}, then with the low part applied (expNegAbs); the first is left in EXP_BASE. */
let EXP_BASE: f64 = 0;
function expNegAbs(uHi: f64, uLo: f64): f64 {
  const base = expScalar(-Math.abs(uHi));
  EXP_BASE = base;
  if (uLo == 0) return base;
  return uHi >= 0 ? base - base * uLo : base + base * uLo;
}

/** σ(uHi + uLo) (logistic). */
function logisticScalar(uHi: f64, uLo: f64): f64 {
  if (uHi >= 0) return 1 / (1 + expNegAbs(uHi, uLo));
  const e = expNegAbs(uHi, uLo);
  const base = EXP_BASE;
  const onePlus = 1 + e;
  const q = ddDiv(1, 0, onePlus, e - (onePlus - 1));
  return mulKnownExp(q, base, uHi, uLo, LOW);
}

/** z·σ(uHi + uLo), the tail of swish and gelu_tanh. */
function timesLogistic(z: f64, uHi: f64, uLo: f64): f64 {
  const e = expNegAbs(uHi, uLo);
  const base = EXP_BASE;
  const onePlus = 1 + e;
  const q = ddDiv(z, 0, onePlus, e - (onePlus - 1));
  return uHi >= 0 ? q + LOW : mulKnownExp(q, base, uHi, uLo, LOW);
}

function swishScalar(z: f64, beta: f64): f64 {
  if (z == Infinity) return Infinity;
  if (z == -Infinity) return -0.0;
  if (z == 0) return z;
  const uHi = twoProd(beta, z);
  const value = timesLogistic(z, uHi, LOW);
  return value == 0 ? z * 0 : value;
}

function geluTanhScalar(z: f64): f64 {
  if (z > GELU_TANH_FLAT) return z;
  if (z < -GELU_TANH_FLAT) return -0.0;
  if (z == 0) return z;
  const z2 = twoProd(z, z);
  const z2Lo = LOW;
  const z3 = twoProd(z, z2);
  const z3Lo = LOW + z * z2Lo;
  const cubic = twoProd(GELU_TANH_CUBIC_HI, z3);
  const cubicLo = LOW + GELU_TANH_CUBIC_HI * z3Lo + GELU_TANH_CUBIC_LO * z3;
  const sum = twoSum(z, cubic);
  const sumLo = LOW + cubicLo;
  const v = twoProd(TWO_K_HI, sum);
  const vLo = LOW + TWO_K_HI * sumLo + TWO_K_LO * sum;
  const value = timesLogistic(z, v, vLo);
  return value == 0 ? z * 0 : value;
}

// ───────────── the f64x2 common path ─────────────

// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 {
  return f64x2.add(a, b);
}
// @ts-ignore: decorator
@inline function sub(a: v128, b: v128): v128 {
  return f64x2.sub(a, b);
}
// @ts-ignore: decorator
@inline function mul(a: v128, b: v128): v128 {
  return f64x2.mul(a, b);
}
// @ts-ignore: decorator
@inline function div(a: v128, b: v128): v128 {
  return f64x2.div(a, b);
}
/**
 * The loop's f64x2 constants, splatted into memory when a kernel starts: V8 rebuilds a
 * v128.const from general registers at every use inside a loop (several instructions each),
 * a load from here is one. Filled at run time so that Binaryen cannot fold them back.
 */
const PAIRS = memory.data(16 * 16, 16);
// @ts-ignore: decorator
@inline const C_SPLITTER: i32 = 0;
// @ts-ignore: decorator
@inline const C_ONE: i32 = 1;
// @ts-ignore: decorator
@inline const C_EXP_BOUND: i32 = 2;
// @ts-ignore: decorator
@inline const C_SPLIT_LIMIT: i32 = 3;
// @ts-ignore: decorator
@inline const C_CUBIC: i32 = 4;
// @ts-ignore: decorator
@inline const C_CUBIC_LO: i32 = 5;
// @ts-ignore: decorator
@inline const C_SCALE: i32 = 6;
// @ts-ignore: decorator
@inline const C_SCALE_LO: i32 = 7;
// @ts-ignore: decorator
@inline const C_FLAT: i32 = 8;
// @ts-ignore: decorator
@inline const C_NEGATIVE_ZERO: i32 = 9;
// @ts-ignore: decorator
@inline function pair(index: i32): v128 {
  return v128.load(PAIRS + (<usize>index << 4));
}
function fillPairs(): void {
  v128.store(PAIRS + (<usize>C_SPLITTER << 4), f64x2.splat(SPLITTER));
  v128.store(PAIRS + (<usize>C_ONE << 4), f64x2.splat(1));
  v128.store(PAIRS + (<usize>C_EXP_BOUND << 4), f64x2.splat(-MUL_EXP_LOW));
  v128.store(PAIRS + (<usize>C_SPLIT_LIMIT << 4), f64x2.splat(SPLIT_LIMIT));
  v128.store(PAIRS + (<usize>C_CUBIC << 4), f64x2.splat(GELU_TANH_CUBIC_HI));
  v128.store(PAIRS + (<usize>C_CUBIC_LO << 4), f64x2.splat(GELU_TANH_CUBIC_LO));
  v128.store(PAIRS + (<usize>C_SCALE << 4), f64x2.splat(TWO_K_HI));
  v128.store(PAIRS + (<usize>C_SCALE_LO << 4), f64x2.splat(TWO_K_LO));
  v128.store(PAIRS + (<usize>C_FLAT << 4), f64x2.splat(GELU_TANH_FLAT));
  v128.store(PAIRS + (<usize>C_NEGATIVE_ZERO << 4), f64x2.splat(-0.0));
}

/** The upper half of Dekker's split of a. */
// @ts-ignore: decorator
@inline function high(a: v128): v128 {
  const t = mul(pair(C_SPLITTER), a);
  return sub(t, sub(t, a));
}
/** The error of p = fl(a·b) (twoProd's LOW) from the splits of a and b. */
// @ts-ignore: decorator
@inline function productError(aHi: v128, aLo: v128, bHi: v128, bLo: v128, p: v128): v128 {
  return add(add(add(sub(mul(aHi, bHi), p), mul(aHi, bLo)), mul(aLo, bHi)), mul(aLo, bLo));
}
/** twoProd(a, b)'s error where no operand exceeds SPLIT_LIMIT and the product is finite. */
// @ts-ignore: decorator
@inline function twoProdError(a: v128, b: v128, p: v128): v128 {
  const aHi = high(a);
  const bHi = high(b);
  return productError(aHi, sub(a, aHi), bHi, sub(b, bHi), p);
}

/**
 * z·σ(u) for u = uHi + uLo with |uHi| < 690, z finite with |z| ≤ SPLIT_LIMIT, given
 * base = e^{−|uHi|}: timesLogistic on both lanes.
 */
// @ts-ignore: decorator
@inline function timesLogisticPair(z: v128, uHi: v128, uLo: v128, base: v128): v128 {
  const positive = f64x2.ge(uHi, splat(0));
  const bu = mul(base, uLo);
  const e = select(sub(base, bu), add(base, bu), positive);
  // ddDiv(z, 0, 1 + e, e − ((1 + e) − 1)), its q1 = 0 case (z = ±0, or z/(1 + e) underflowing) selected at the end
  const one = pair(C_ONE);
  const onePlus = add(one, e);
  const onePlusLo = sub(e, sub(onePlus, one));
  const q1 = div(z, onePlus);
  const p = mul(q1, onePlus);
  const pLo = add(twoProdError(q1, onePlus, p), mul(q1, onePlusLo));
  const r = add(sub(sub(z, p), pLo), splat(0));
  const q2 = div(r, onePlus);
  const s = add(q1, q2);
  const zero = f64x2.eq(q1, splat(0));
  const q = select(q1, s, zero);
  const qLo = select(splat(0), sub(q2, sub(s, q1)), zero);
  // u ≥ 0: q + qLo; u < 0: mulKnownExp(q, base, uHi, uLo, qLo)
  const pb = mul(q, base);
  const tail = add(twoProdError(q, base, pb), mul(add(qLo, mul(q, uLo)), base));
  const value = select(add(q, qLo), add(pb, tail), positive);
  // a zero result (z = ±0, or underflow) carries z's sign, as the scalar definitions' z·0
  return select(v128.and(z, pair(C_NEGATIVE_ZERO)), value, f64x2.eq(value, splat(0)));
}

/** Lanes whose exponential argument leaves the common path (NaN included). */
// @ts-ignore: decorator
@inline function outside(u: v128): v128 {
  return v128.not(f64x2.lt(f64x2.abs(u), pair(C_EXP_BOUND)));
}

// @ts-ignore: decorator
@inline function expNegAbsPair(u: v128): v128 {
  return expPair(f64x2.neg(f64x2.abs(u)));
}

// ───────────── the kernels: (x, out, n, p0…p3), out may be x ─────────────

/** out[i] = σ(x[i]) (sigmoid's f: logistic(z)). */
export function sigmoidExactForwardF64(x: usize, out: usize, n: i32, p0: f64, p1: f64, p2: f64, p3: f64): void {
  const end = (<usize>(n & ~1)) << 3;
  fillPairs();
  const zeros = splat(0);
  for (let o: usize = 0; o < end; o += 16) {
    const z = v128.load(x + o);
    if (v128.any_true(outside(z))) {
      store<f64>(out + o, logisticScalar(load<f64>(x + o), 0));
      store<f64>(out + o + 8, logisticScalar(load<f64>(x + o + 8), 0));
      continue;
    }
    const base = expNegAbsPair(z);
    const one = pair(C_ONE);
    // z ≥ 0: 1/(1 + e); z < 0: 1·σ as timesLogistic (its e = base, uLo = 0)
    const negative = timesLogisticPair(one, z, zeros, base);
    v128.store(out + o, select(div(one, add(one, base)), negative, f64x2.ge(z, zeros)));
  }
  if (n & 1) store<f64>(out + end, logisticScalar(load<f64>(x + end), 0));
}

/** out[i] = x[i]·σ(β·x[i]) (swish's f; p0 = β). */
export function swishExactForwardF64(x: usize, out: usize, n: i32, p0: f64, p1: f64, p2: f64, p3: f64): void {
  const beta = p0;
  let end = (<usize>(n & ~1)) << 3;
  // A β past the split limit: twoProd takes its fallback on every element.
  if (!(Math.abs(beta) <= SPLIT_LIMIT)) end = 0;
  // First: high() reads the splitter from the pair table, which is zero until filled (the
  // first call of the module would otherwise split β as β + 0 and lose u's low part).
  fillPairs();
  const b = splat(beta);
  const bHi = high(b);
  const bLo = sub(b, bHi);
  for (let o: usize = 0; o < end; o += 16) {
    const z = v128.load(x + o);
    const uHi = mul(b, z);
    if (v128.any_true(v128.or(outside(uHi), v128.not(f64x2.le(f64x2.abs(z), pair(C_SPLIT_LIMIT)))))) {
      store<f64>(out + o, swishScalar(load<f64>(x + o), beta));
      store<f64>(out + o + 8, swishScalar(load<f64>(x + o + 8), beta));
      continue;
    }
    const zHi = high(z);
    const uLo = productError(bHi, bLo, zHi, sub(z, zHi), uHi);
    v128.store(out + o, timesLogisticPair(z, uHi, uLo, expNegAbsPair(uHi)));
  }
  for (let o = end; o < (<usize>n) << 3; o += 8) store<f64>(out + o, swishScalar(load<f64>(x + o), beta));
}

/** out[i] = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) as gelu_tanh's f: x·σ(v), v = 2√(2/π)(x + 0.044715x³). */
export function geluTanhExactForwardF64(x: usize, out: usize, n: i32, p0: f64, p1: f64, p2: f64, p3: f64): void {
  const end = (<usize>(n & ~1)) << 3;
  fillPairs();
  for (let o: usize = 0; o < end; o += 16) {
    const z = v128.load(x + o);
    const cubic = pair(C_CUBIC);
    const cubicHi = high(cubic);
    const cubicLo = sub(cubic, cubicHi);
    const scale = pair(C_SCALE);
    const scaleHi = high(scale);
    const scaleLo = sub(scale, scaleHi);
    const flat = pair(C_FLAT);
    const zHi = high(z);
    const zLo = sub(z, zHi);
    const z2 = mul(z, z);
    const z2Lo = productError(zHi, zLo, zHi, zLo, z2);
    const z3 = mul(z, z2);
    const z2Hi = high(z2);
    const z3Lo = add(productError(zHi, zLo, z2Hi, sub(z2, z2Hi), z3), mul(z, z2Lo));
    const c = mul(cubic, z3);
    const z3Hi = high(z3);
    const cLo = add(add(productError(cubicHi, cubicLo, z3Hi, sub(z3, z3Hi), c), mul(cubic, z3Lo)), mul(pair(C_CUBIC_LO), z3));
    const sum = add(z, c);
    const bVirtual = sub(sum, z);
    const aVirtual = sub(sum, bVirtual);
    const sumLo = add(add(sub(z, aVirtual), sub(c, bVirtual)), cLo);
    const v = mul(scale, sum);
    const sumHi = high(sum);
    const vLo = add(add(productError(scaleHi, scaleLo, sumHi, sub(sum, sumHi), v), mul(scale, sumLo)), mul(pair(C_SCALE_LO), sum));
    const flatLanes = f64x2.gt(f64x2.abs(z), flat);
    if (v128.any_true(v128.andnot(outside(v), flatLanes))) {
      store<f64>(out + o, geluTanhScalar(load<f64>(x + o)));
      store<f64>(out + o + 8, geluTanhScalar(load<f64>(x + o + 8)));
      continue;
    }
    const result = timesLogisticPair(z, v, vLo, expNegAbsPair(v));
    // |z| > 30: z above, −0 below
    v128.store(out + o, select(select(z, pair(C_NEGATIVE_ZERO), f64x2.gt(z, flat)), result, flatLanes));
  }
  if (n & 1) store<f64>(out + end, geluTanhScalar(load<f64>(x + end)));
}
