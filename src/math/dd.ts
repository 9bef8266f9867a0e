/**
 * Error-free transformations and a little double-double arithmetic.
 *
 * JavaScript has no fused multiply-add, so the exact product of two doubles is recovered with
 * Dekker's splitting (T. J. Dekker, "A floating-point technique for extending the available
 * precision", Numer. Math. 18, 1971) and the exact sum with Knuth's TwoSum (TAOCP vol. 2).
 * The activations use these where a plain double formula would lose bits: an argument such as
 * `beta * z` or `z * z / 2` that feeds `exp`, or a sum whose terms cancel.
 *
 * To stay allocation-free in hot loops, each function returns the high part and leaves the
 * low (error) part in the exported slot `LOW[0]`; read it immediately after the call.
 *
 * @module
 */
import { EXP_MINUS_256_HI, EXP_MINUS_256_LO } from './generated/constants.js';

/**
 * Low part of the most recent error-free operation of this module (see module docs). A
 * Float64Array slot rather than a module-level `let`: V8 boxes a double stored in a mutable
 * module variable, and that allocation cost ~5 ns on every operation.
 */
export const LOW = new Float64Array(1);

/** 2^27 + 1: splits a double into two 26-bit halves whose products are exact. */
const SPLITTER = 134217729;
/** Above this magnitude the splitter itself would overflow. */
const SPLIT_LIMIT = 6.69692879491417e299;

/**
 * Exact product: returns `p = fl(a·b)` and sets `LOW[0]` so that `a·b = p + LOW[0]` exactly
 * (when no overflow or underflow occurs).
 */
export function twoProd(a: number, b: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || Math.abs(a) > SPLIT_LIMIT || Math.abs(b) > SPLIT_LIMIT) {
    LOW[0] = 0;
    return p;
  }
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  LOW[0] = aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
  return p;
}

/** Exact sum: returns `s = fl(a + b)` and sets `LOW[0]` so that `a + b = s + LOW[0]` exactly. */
export function twoSum(a: number, b: number): number {
  const s = a + b;
  const bVirtual = s - a;
  const aVirtual = s - bVirtual;
  LOW[0] = a - aVirtual + (b - bVirtual);
  return s;
}

/** Exact sum when |a| ≥ |b| (or a = 0): returns fl(a + b), error in `LOW[0]`. */
export function fastTwoSum(a: number, b: number): number {
  const s = a + b;
  LOW[0] = b - (s - a);
  return s;
}

/**
 * `a·b + c` with a single rounding in all but pathological cases — an emulated fused
 * multiply-add. Used for affine maps like `slope·z + offset` whose result may cancel.
 */
export function fma(a: number, b: number, c: number): number {
  const p = twoProd(a, b);
  const pLo = LOW[0]!;
  if (!Number.isFinite(p)) return p + c;
  const s = twoSum(p, c);
  const sLo = LOW[0]!;
  return s + (sLo + pLo);
}

/**
 * Multiply a double by a double-double constant `cHi + cLo`, returning the rounded product.
 * The constant's own rounding (up to half an ULP) would otherwise add to every result.
 */
export function mulByDD(x: number, cHi: number, cLo: number): number {
  const p = twoProd(x, cHi);
  if (!Number.isFinite(p)) return p;
  return p + (LOW[0]! + x * cLo);
}

const EXP_MINUS_256_RATIO = EXP_MINUS_256_LO / EXP_MINUS_256_HI;

/**
 * `(m + mLo) · exp(xHi + xLo)` for a moderate multiplier m (|m| < 2^100), rounded once and
 * accurate even where the
 * result is subnormal. Multiplying a subnormal exponential by m would scale its absolute
 * rounding error by |m| (for z·e^z at z = −740 that is hundreds of ULPs), so deep in the tail
 * the exponential is evaluated 256 nats higher, multiplied, and only then scaled down by the
 * double-double e^{−256}: the one rounding into the subnormal range happens last.
 */
export function mulExp(m: number, xHi: number, xLo: number, mLo = 0): number {
  if (m !== m) return m;
  if (xHi > -690) {
    // One rounding: the exact product m·e^{xHi} plus the first-order terms, rounded once.
    const base = Math.exp(xHi);
    const p = twoProd(m, base);
    if (!Number.isFinite(p)) return p;
    return p + (LOW[0]! + (mLo + m * xLo) * base);
  }
  if (xHi === -Infinity || m === 0) return m < 0 ? -0 : 0;
  // xHi + 256 is exact for xHi in [−1024, −690]; everything before the last product is normal.
  const shifted = Math.exp(xHi + 256) * (m + (mLo + m * xLo));
  return (shifted + shifted * EXP_MINUS_256_RATIO) * EXP_MINUS_256_HI;
}

/**
 * {@link mulExp} when the caller already holds base = exp(xHi): saves the second exponential
 * in the normal range, and defers to mulExp where the result may be subnormal.
 */
export function mulKnownExp(m: number, base: number, xHi: number, xLo: number, mLo = 0): number {
  if (!(xHi > -690)) return mulExp(m, xHi, xLo, mLo);
  if (m !== m) return m;
  const p = twoProd(m, base);
  if (!Number.isFinite(p)) return p;
  return p + (LOW[0]! + (mLo + m * xLo) * base);
}

// Double-double arithmetic on (hi, lo) pairs. Each returns the high part of the result and
// leaves its low part in `LOW[0]`. Accurate to ~2⁻¹⁰⁴ relative (Dekker 1971; Bailey's QD).

/** (aHi + aLo) + (bHi + bLo). */
export function ddAdd(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const s = twoSum(aHi, bHi);
  const t = LOW[0]! + aLo + bLo;
  return fastTwoSum(s, t);
}

/** (aHi + aLo)·(bHi + bLo). */
export function ddMul(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const p = twoProd(aHi, bHi);
  const t = LOW[0]! + (aHi * bLo + aLo * bHi);
  return fastTwoSum(p, t);
}

/** (aHi + aLo)/(bHi + bLo). */
export function ddDiv(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const q1 = aHi / bHi;
  if (!Number.isFinite(q1) || q1 === 0) {
    LOW[0] = 0;
    return q1;
  }
  // remainder r = a − q1·b, exactly enough for a second quotient digit
  const p = twoProd(q1, bHi);
  const pLo = LOW[0]! + q1 * bLo;
  const r = aHi - p - pLo + aLo;
  const q2 = r / bHi;
  return fastTwoSum(q1, q2);
}
