/**
 * Error-free transformations and a little double-double arithmetic.
 *
 * JavaScript has no fused multiply-add, so the exact product of two doubles is recovered with
 * Dekker's splitting (T. J. Dekker, "A floating-point technique for extending the available
 * precision", Numer. Math. 18, 1971) and the exact sum with Knuth's TwoSum (TAOCP vol. 2).
 * The activations use these where a plain double formula would lose bits: an argument such as
 * `beta * z` or `z * z / 2` that feeds `exp`, or a sum whose terms cancel.
 *
 * ## The convention for low parts (all of `src/`)
 *
 * A function that computes a double-double `hi + lo` returns the high part and leaves the low
 * part in `LOW[0]`; the caller reads it at once, before the next such call overwrites it:
 *
 * ```text
 * const u = twoProd(beta, z);   // high part
 * const uLo = LOW[0]!;          // its low part, read before the next double-double call
 * ```
 *
 * Its TSDoc says "high part returned, low part in `LOW[0]`". The same holds for the
 * double-double helpers of `math/logistic.ts`, `math/normal.ts` and `activations/` (e.g.
 * `oneMinusExpNegAbs`, `geluTanhArgument`). A second result that is not a low part has a slot
 * of its own, listed here and nowhere else:
 *
 * | slot     | holds                                                                   | set by |
 * |----------|-------------------------------------------------------------------------|--------|
 * | `LOW[0]` | the low part of the latest double-double result                        | every double-double function |
 * | `LOW[1]` | e^{−\|uHi\|}, the exponential before its low-part correction           | `expNegAbs` (math/logistic.ts) |
 *
 * No module passes such a value through a module-level `let` or a mutable object: V8 boxes a
 * double stored in a mutable module variable (an allocation of ~5 ns on every store), and a
 * value left in one of several hidden places is hard to follow. A slot of a Float64Array is
 * stored unboxed, in one documented place.
 *
 * @module
 */
import { EXP_MINUS_256_HI, EXP_MINUS_256_LO, LN2_HI, LN2_LO } from './generated/constants.js';

/**
 * The scratch slots of the convention above: `LOW[0]` the low part of the latest double-double
 * result, `LOW[1]` the exponential base of the latest `expNegAbs`. Read a slot immediately
 * after the call that sets it.
 */
export const LOW = new Float64Array(2);

/** 2^27 + 1: splits a double into two 26-bit halves whose products are exact. */
const SPLITTER = 134217729;
/** Above this magnitude the splitter itself would overflow. */
const SPLIT_LIMIT = 6.69692879491417e299;
const TWO_40 = 2 ** 40;
const TWO_M40 = 2 ** -40;
const TWO_1000 = 2 ** 1000;
const TWO_60 = 2 ** 60;
const TWO_M60 = 2 ** -60;

/**
 * Exact product: returns `p = fl(a·b)` and sets `LOW[0]` so that `a·b = p + LOW[0]` exactly
 * (when no overflow or underflow occurs).
 */
export function twoProd(a: number, b: number): number {
  const p = a * b;
  if (!Number.isFinite(p)) {
    LOW[0] = 0;
    return p;
  }
  if (Math.abs(a) > SPLIT_LIMIT || Math.abs(b) > SPLIT_LIMIT || Math.abs(p) > TWO_1000) {
    // A huge operand or product: Dekker's splitter or its partial products could overflow.
    // The larger operand (at least 2^500 here) is scaled by 2^−40, exactly, and so are the
    // product and its error, which are scaled back exactly (β = 1e300 with z = −5e−298 still
    // needs u = βz to the last bit).
    const scaledP = Math.abs(a) >= Math.abs(b) ? twoProd(a * TWO_M40, b) : twoProd(a, b * TWO_M40);
    LOW[0] = scaledP === 0 ? 0 : LOW[0]! * TWO_40;
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
  const low = a - aVirtual + (b - bVirtual);
  // A finite sum near the top of the range can overflow the virtual operand (s − a = −∞ for
  // a = 5.5e307, b = −1.8e308): the error term is then found at half scale, where halving is exact.
  if (low !== low && s - s === 0) {
    twoSum(a * 0.5, b * 0.5);
    LOW[0] = LOW[0]! * 2;
    return s;
  }
  LOW[0] = low;
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
  if (!Number.isFinite(p)) {
    // a·b beyond the range while a·b + c may be back inside it (c of the other sign): halve
    // the product and c, exactly at these magnitudes, and double the result.
    if (Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Math.abs(c) > 1) return 2 * fma(a * 0.5, b, c * 0.5);
    return p + c;
  }
  const s = twoSum(p, c);
  // a sum that overflows leaves LOW = NaN (∞ − ∞); its result is ±∞
  if (!Number.isFinite(s)) return s;
  const sLo = LOW[0]!;
  return s + (sLo + pLo);
}

/**
 * Multiply a double by a double-double constant `cHi + cLo`, returning the rounded product.
 * The constant's own rounding (up to half an ULP) would otherwise add to every result.
 */
export function mulByDD(x: number, cHi: number, cLo: number): number {
  const p = twoProd(x, cHi);
  // a zero product keeps its sign (−0·c = −0; the low terms would add +0)
  if (!Number.isFinite(p) || p === 0) return p;
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
    return signedZero(p + (LOW[0]! + (mLo + m * xLo) * base), m);
  }
  if (xHi === -Infinity || m === 0) return signedZero(0, m);
  if (!(Math.abs(m) < TWO_100)) return mulExpScaled(m, mLo, 0, xHi, xLo);
  // |m| < 2^100 and e^x < 2^−1300: the value underflows whatever the low parts, which may be
  // huge themselves far out (x = βz = −8e305 has a low part near 1e289: m·xLo would be ∞ and ∞·0 NaN)
  if (xHi < -900) return signedZero(0, m);
  // xHi + 256 is exact for xHi in [−1024, −690]; everything before the last product is normal.
  const shifted = Math.exp(xHi + 256) * (m + (mLo + m * xLo));
  return signedZero((shifted + shifted * EXP_MINUS_256_RATIO) * EXP_MINUS_256_HI, m);
}

/**
 * r, or the zero with m's sign where r is zero: m·e^x has the sign of m, also where it
 * underflows (z·σ(βz) at z = −1e300 is −0), and the low-order terms must not flip it.
 */
function signedZero(r: number, m: number): number {
  return r === 0 ? (m < 0 || Object.is(m, -0) ? -0 : 0) : r;
}

const TWO_100 = 2 ** 100;

/** The binary exponent of a finite nonzero double: 2^e ≤ |a| < 2^(e+1), subnormals included. */
export function exponentOf(a: number): number {
  const x = Math.abs(a);
  let e = Math.floor(Math.log2(x));
  // log2 may round up to the next integer just below a power of two (or down just above one)
  if (e > 1023) e = 1023;
  if (e < -1074) e = -1074;
  if (scaleByPowerOfTwo(1, e) > x) e--;
  else if (e < 1023 && scaleByPowerOfTwo(1, e + 1) <= x) e++;
  return e;
}

/**
 * x·2^n for any integer n, in steps whose intermediate results stay normal where the final one
 * is, so it is exact unless the result is subnormal (then rounded about once) or overflows.
 */
export function scaleByPowerOfTwo(x: number, n: number): number {
  while (n > 1000) {
    x *= 2 ** 1000;
    n -= 1000;
  }
  while (n < -1000) {
    x *= 2 ** -1000;
    n += 1000;
  }
  // 2^n for |n| ≤ 1000 is a normal double, so one last (exact or once-rounded) product
  return x * 2 ** n;
}

/**
 * (m + mLo)·2^k·e^{xHi + xLo} for any finite m, integer k and any x, rounded about once:
 * m's binary exponent moves into the exponential's argument (as a double-double, k·log 2 in
 * two parts), so no intermediate overflows or rounds into the subnormal range —
 * β·e^{−|βz|}·(…) with β = 1e300, or e^{z/α}/α with α = 1e−310.
 */
export function mulExpScaled(m: number, mLo: number, k: number, xHi: number, xLo: number): number {
  if (m !== m || xHi !== xHi) return NaN;
  if (m === 0) return xHi === Infinity ? NaN : m;
  if (!Number.isFinite(m)) return xHi === -Infinity ? NaN : m;
  const j = exponentOf(m);
  const mant = scaleByPowerOfTwo(m, -j);
  const mantLo = scaleByPowerOfTwo(mLo, -j);
  const n = k + j;
  if (n === 0) return mulExp(mant, xHi, xLo, mantLo);
  if (!Number.isFinite(xHi)) return mulExp(mant, xHi, xLo, mantLo);
  const t = twoProd(n, LN2_HI);
  const tLo = LOW[0]! + n * LN2_LO;
  const yHi = twoSum(xHi, t);
  const yLo = LOW[0]! + tLo + xLo;
  return mulExp(mant, yHi, yLo, mantLo);
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
  return signedZero(p + (LOW[0]! + (mLo + m * xLo) * base), m);
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
  if (Math.abs(aHi) > TWO_1000) {
    // q1·b could round past the largest double (−max/(2 − 2⁻⁵⁰)): divide a/2^60, scale back
    const q = ddDiv(aHi * TWO_M60, aLo * TWO_M60, bHi, bLo);
    LOW[0] = LOW[0]! * TWO_60;
    return q * TWO_60;
  }
  // remainder r = a − q1·b, exactly enough for a second quotient digit
  const p = twoProd(q1, bHi);
  const pLo = LOW[0]! + q1 * bLo;
  const r = aHi - p - pLo + aLo;
  const q2 = r / bHi;
  return fastTwoSum(q1, q2);
}
