/**
 * A fused multiply-add emulated exactly in double arithmetic, for the ports of C code compiled
 * with FMA instructions (glibc's `log` in ./glibc.ts).
 * @module
 */
import { LOW, twoProd } from '../dd.js';
import { F64, HI, LO, U32 } from './bits.js';

/**
 * A true fused multiply-add, `RN(a·b + c)` with one rounding, as the FMA instructions glibc's
 * `log` is compiled to. Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved
 * algorithms using rounding to odd" (IEEE TC 2008): the exact product p + e (Dekker), the exact
 * sum s + t of c and p (Knuth), then the two low parts are added *rounded to odd* so that the
 * final rounding of s + v cannot double-round. Valid without underflow/overflow, which holds
 * for the values `glibcLog` feeds it (|terms| > 2^-200).
 */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
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
export function fmaMinusOne(z: number, invc: number): number {
  const p = twoProd(z, invc);
  return p - 1 + LOW[0]!;
}

