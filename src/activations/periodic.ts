/**
 * Periodic activations: Snake, z + sin²(αz)/α (Liu Ziyin, Hartwig, Ueda 2020; BigVGAN's audio
 * activation, with a learnable α).
 *
 * Numerics. Every value goes through u = αz reduced modulo π/4 exactly: u ≡ kπ/4 + θ (mod π),
 * k ∈ {0, 1, 2, 3}, |θ| ≤ π/8, θ as a double-double. The product αz is taken exactly (106
 * bits, as BigInt mantissas: no overflow or underflow of αz) and multiplied by 2600 bits of
 * 4/π (Payne–Hanek: only the bits of 4/π that reach the fraction mod 4 are used), so sin and
 * cos of any double argument, 1e300 included, keep all their digits. Below |αz| = 2²² a
 * Cody–Waite reduction in double-double arithmetic gives the same θ (to 2⁻⁸⁵ of it, the same
 * doubles out: 1.2·10⁶ values compared) about ten times faster, and hands the rare αz next to a
 * multiple of π/4 to the exact one (test/snake-reduction.test.ts). Each quantity is then
 * written so that nothing cancels:
 * - sin²u is sin²θ, (1 + cos 2θ)/2 or (1 ± sin 2θ)/2 by quadrant; f = z + sin²u/α adds the quotient as
 *   a double-double (f = 0 only at z = 0, but z + sin²u/α still cancels up to a factor ~3.4
 *   for αz ∈ (−2, 0), which the low parts absorb);
 * - f′ = 1 + sin 2u is 1 ± sin 2θ, or 2cos²θ / 2sin²θ where it approaches 0 (its zeros
 *   αz = −π/4 + kπ are double: f′ = (sin u + cos u)² ≥ 0, so Snake is monotone, with
 *   stationary inflection points and no minimum);
 * - f″ = 2α cos 2u is ±cos 2θ or ±sin 2θ, so its zeros keep their relative accuracy.
 * For |αz| < 2⁻³⁰, sin²(αz)/α = z·αz·(1 + O((αz)²)): f = z + z·(αz), f′ = 1 + 2αz,
 * f″ = 2α, without the 0/0 of sin²(αz)/α for tiny α. A tiny α (< 2⁻⁹⁰⁰) scales z and α by
 * 2^∓1000 so that sin²u/α cannot overflow before the sum.
 * At ±∞ f = ±∞; f′ and f″ oscillate without a limit and are NaN there.
 * @module
 */
import { ddMul, LOW, twoProd, twoSum } from '../math/dd.js';
import { defineElementwise } from './types.js';

/** ⌊(4/π)·2²⁶⁰⁰⌋ in hex (mpmath: `int(floor(4/pi * 2**2600))` at 3000 bits). */
const FOUR_OVER_PI = BigInt(
  '0x' +
  '145f306dc9c882a53f84eafa3ea69bb81b6c52b3278872083fca2c757bd778ac36e48dc74849ba5c00c925dd413a3243' +
  '9fc3bd63962534e7dd1046bea5d768909d338e04d68befc827323ac7306a673e93908bf177bf250763ff12fffbc0b301' +
  'fde5e2316b414da3eda6cfd9e4f96136e9e8c7ecd3cbfd45aea4f758fd7cbe2f67a0e73ef14a525d4d7f6bf623f1aba1' +
  '0ac06608df8f6d757e19f784135e86c3b53c722c2bdcc3610cb330abe2940d0811bffb1009ae64e620c0c2aad94e7519' +
  '2c1c4f78118d68f883386cf9bb9d0125506b388ed172c394dbb5e89a2ae320a7d4bfe0e0a7efc67d06585bc9f3064fb7' +
  '7867a4dded63cbdf13e743e6b95e4fe3b0fe24320f8f848d5f4ddaaee5a6086762b8c296b3a338785895a829a58ba001' +
  '88cfb0c5ae3c7358d3600c466f9a5692f4f69aaaa6fec7dae302147f8ec9a553ac957aee1f0',
);
const FOUR_OVER_PI_SCALE = 2600;
/** Fraction bits kept of u·4/π: θ to 106 bits even when u lies 2⁻²⁰⁰ from a multiple of π/4. */
const FRACTION = 320;
const FRACTION_MASK = (1n << BigInt(FRACTION + 2)) - 1n;
const HALF = 1n << BigInt(FRACTION - 1);
const ONE = 1n << BigInt(FRACTION);
const TWO_M_FRACTION = 2 ** -FRACTION;
const PI_4_HI = 0.7853981633974483;
const PI_4_LO = 3.061616997868383e-17;
/** Below this |αz| the series z·αz is exact to double precision. */
const TINY_U = 2 ** -30;

const F64 = new Float64Array(1);
const BITS = new BigUint64Array(F64.buffer);
/** Scratch of {@link reduce}: quadrant k, θ high and low part (as dd.ts's LOW, no boxing). */
export const REDUCED = new Float64Array(3);

/** |x| = m·2^e with m an integer (BigInt), for a finite nonzero double x. */
function split(x: number): [bigint, number] {
  F64[0] = x;
  const bits = BITS[0] as bigint;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = bits & 0xfffffffffffffn;
  return exponent === 0 ? [mantissa, -1074] : [mantissa | (1n << 52n), exponent - 1075];
}

/**
 * αz ≡ kπ/4 + θ (mod π), |θ| ≤ π/8, θ as a double-double: REDUCED = [k, θhi, θlo]. The fast
 * reduction where it is sure of its digits, else the exact one.
 */
function reduce(alpha: number, z: number): void {
  if (!reduceFast(alpha, z)) reduceExact(alpha, z);
}

/**
 * {@link reduce} exactly, for any finite nonzero α and z: the exact product of the mantissas
 * times the window of 4/π's bits that reaches the fraction mod 4 (BigInt: ~1 µs).
 */
export function reduceExact(alpha: number, z: number): void {
  const [ma, ea] = split(alpha);
  const [mz, ez] = split(z);
  const product = ma * mz;
  const exponent = ea + ez;
  // N = product·C·2^(exponent − 2600): bits of C at or above 2600 − exponent + 2 add multiples
  // of 4 (dropped), bits more than 120 below the kept fraction add less than 2⁻¹³ of its last bit.
  const shift = FOUR_OVER_PI_SCALE - exponent - FRACTION;
  const low = Math.max(0, shift - 120);
  const top = Math.min(FOUR_OVER_PI_SCALE + 1, FOUR_OVER_PI_SCALE - exponent + 2);
  const window = top > low ? (FOUR_OVER_PI >> BigInt(low)) & ((1n << BigInt(top - low)) - 1n) : 0n;
  const n = ((product * window) >> BigInt(shift - low)) & FRACTION_MASK;
  let k = Number(n >> BigInt(FRACTION));
  let fraction = n & (ONE - 1n);
  if (fraction >= HALF) {
    fraction -= ONE;
    k += 1;
  }
  if ((z < 0) !== (alpha < 0)) {
    fraction = -fraction;
    k = -k;
  }
  const hi = Number(fraction);
  const lo = Number(fraction - BigInt(hi));
  REDUCED[1] = ddMul(hi * TWO_M_FRACTION, lo * TWO_M_FRACTION, PI_4_HI, PI_4_LO);
  REDUCED[2] = LOW[0] as number;
  REDUCED[0] = k & 3;
}

/** π/4 = C1 + C2 + C3 + C4 (mpmath): C1…C3 of 30 bits, so N·Ci is exact for N < 2²³; C4 leaves 9e−45. */
const C1 = 0.7853981629014015;
const C2 = 4.960467895817611e-10;
const C3 = 2.585091489445125e-19;
const C4 = 1.4519279869896803e-28;
const FOUR_OVER_PI_DOUBLE = 1.2732395447351628;
/** The fast reduction's domain: |αz| below 2²² (N < 2²³) and θ not within 2⁻²⁰ of 0 or of ±π/8. */
const FAST_LIMIT = 2 ** 22;
const FAST_TINY = 2 ** -20;
const PI_8_NEAR = 0.39269908169872414 - 2 ** -30;

/**
 * {@link reduce} by Cody–Waite in double-double arithmetic (tens of nanoseconds): u = αz exactly
 * as a double-double, N = round(|u|·4/π), θ = |u| − N·π/4 with π/4 in four parts (N·C1…N·C3
 * exact, each difference carried by twoSum). Its θ is within ~2⁻¹⁰⁶ of |u| − Nπ/4 absolutely,
 * so within 2⁻⁸⁵ relatively where |θ| ≥ 2⁻²⁰ — the exact reduction's θ has 2⁻¹⁰⁴, so both
 * round to the same doubles but once in ~2³² inputs. Returns false, leaving REDUCED alone, where
 * |u| ≥ 2²² or θ falls within 2⁻²⁰ of 0 (αz next to a multiple of π/4, where only the exact
 * reduction keeps θ's relative digits) or within 2⁻³⁰ of ±π/8 (where the two could pick
 * neighbouring quadrants): the caller then takes {@link reduceExact}.
 */
export function reduceFast(alpha: number, z: number): boolean {
  let a = twoProd(alpha, z);
  let b = LOW[0] as number;
  const negative = a < 0;
  if (negative) {
    a = -a;
    b = -b;
  }
  if (!(a < FAST_LIMIT)) return false;
  const n = Math.round(a * FOUR_OVER_PI_DOUBLE);
  let h = twoSum(a, -n * C1);
  let l = LOW[0] as number;
  h = twoSum(h, -n * C2);
  l += LOW[0] as number;
  h = twoSum(h, b);
  l += LOW[0] as number;
  h = twoSum(h, -n * C3);
  l += (LOW[0] as number) - n * C4;
  const hi = h + l;
  const lo = l - (hi - h);
  const size = Math.abs(hi);
  if (size < FAST_TINY || size > PI_8_NEAR) return false;
  REDUCED[0] = (negative ? -n : n) & 3;
  REDUCED[1] = negative ? -hi : hi;
  REDUCED[2] = negative ? -lo : lo;
  return true;
}

/** sin and cos of θhi + θlo (first order in θlo, which is below θhi's last bit). */
const sinOf = (hi: number, lo: number) => Math.sin(hi) + Math.cos(hi) * lo;
const cosOf = (hi: number, lo: number) => Math.cos(hi) - Math.sin(hi) * lo;

/** sin²(αz) as a double-double (returns the high part, LOW[0] the low part), after {@link reduce}. */
function sinSquared(): number {
  const k = REDUCED[0] as number;
  const hi = REDUCED[1] as number;
  const lo = REDUCED[2] as number;
  if (k === 0) {
    // sin²θ (small): squared, as (1 − cos 2θ)/2 would cancel.
    const s = sinOf(hi, lo);
    return twoProd(s, s);
  }
  // (1 ± sin 2θ)/2 or (1 + cos 2θ)/2 ≥ 0.29, the sum exact: only sin 2θ's or cos 2θ's own
  // rounding is left (half an ULP of s), not twice cos θ's as cos²θ would leave — it matters
  // where z + s/α cancels (αz ≈ −1.3: f = −1.28 + 0.92).
  const t = k === 2 ? cosOf(2 * hi, 2 * lo) : sinOf(2 * hi, 2 * lo);
  const sum = twoSum(1, k === 3 ? -t : t);
  LOW[0] = (LOW[0] as number) / 2;
  return sum / 2;
}

/** sin(2αz) and cos(2αz) after {@link reduce} (sin 2u = [sin2θ, cos2θ, −sin2θ, −cos2θ][k]). */
function sin2u(): number {
  const k = REDUCED[0] as number;
  const hi = REDUCED[1] as number;
  const lo = REDUCED[2] as number;
  const v = k === 0 || k === 2 ? sinOf(2 * hi, 2 * lo) : cosOf(2 * hi, 2 * lo);
  return k < 2 ? v : -v;
}
function cos2u(): number {
  const k = REDUCED[0] as number;
  const hi = REDUCED[1] as number;
  const lo = REDUCED[2] as number;
  const v = k === 0 || k === 2 ? cosOf(2 * hi, 2 * lo) : sinOf(2 * hi, 2 * lo);
  return k === 0 || k === 3 ? v : -v;
}

/** z + sin²(αz)/α, the quotient and the sum carried as double-doubles. */
function snakeF(z: number, alpha: number): number {
  if (z === 0 || !Number.isFinite(z)) return z;
  const u = alpha * z;
  if (Math.abs(u) < TINY_U) return z + z * u;
  reduce(alpha, z);
  const sHi = sinSquared();
  const sLo = LOW[0] as number;
  // sin²u/α may overflow where z + sin²u/α does not (α < 2⁻⁹⁰⁰ means |z| ≥ 2⁸⁷⁰ here): scale.
  const scale = alpha < 2 ** -900 ? 2 ** 1000 : 1;
  const a = alpha * scale;
  const zs = z / scale;
  const qHi = sHi / a;
  const p = twoProd(qHi, a);
  const qLo = (sHi - p - (LOW[0] as number) + sLo) / a;
  const sum = twoSum(zs, qHi);
  return (sum + ((LOW[0] as number) + qLo)) * scale;
}

/** 1 + sin(2αz) = (sin αz + cos αz)², as 2cos²θ or 2sin²θ where 1 + sin(2αz) is small. */
function snakeDf(z: number, alpha: number): number {
  if (!Number.isFinite(z)) return NaN;
  const u = alpha * z;
  if (Math.abs(u) < TINY_U) return 1 + 2 * u;
  reduce(alpha, z);
  const k = REDUCED[0] as number;
  const hi = REDUCED[1] as number;
  const lo = REDUCED[2] as number;
  if (k === 1 || k === 3) {
    const s = k === 1 ? cosOf(hi, lo) : sinOf(hi, lo);
    return 2 * s * s;
  }
  const s2 = sinOf(2 * hi, 2 * lo);
  return k === 0 ? 1 + s2 : 1 - s2;
}

function snakeD2f(z: number, alpha: number): number {
  if (!Number.isFinite(z)) return NaN;
  const u = alpha * z;
  if (Math.abs(u) < TINY_U) return 2 * alpha;
  reduce(alpha, z);
  return 2 * cos2u() * alpha;
}

/** ∂f/∂α = z·sin(2αz)/α − sin²(αz)/α² (→ z² as αz → 0). */
function snakeDalpha(z: number, alpha: number): number {
  if (!Number.isFinite(z)) return NaN;
  if (z === 0) return 0;
  const u = alpha * z;
  if (Math.abs(u) < TINY_U) return z * z;
  reduce(alpha, z);
  const s2 = sin2u();
  const s = sinSquared() + (LOW[0] as number);
  return (z * s2 - s / alpha) / alpha;
}


/** Snake, z + sin²(αz)/α: identity plus a periodic ripple (α > 0, default 1). */
export const snake = defineElementwise({
  id: 'snake',
  name: 'Snake',
  family: 'smooth',
  aliases: [],
  description:
    'z + sin²(αz)/α: monotone, with a periodic ripple of period π/α, so a network can extrapolate periodic signals; BigVGAN learns α per channel.',
  formula: String.raw`\mathrm{Snake}_\alpha(z)=z+\frac{\sin^2(\alpha z)}{\alpha}`,
  derivativeFormula: String.raw`\mathrm{Snake}_\alpha'(z)=1+\sin(2\alpha z)`,
  reference: {
    citation: 'Liu Ziyin, Hartwig, Ueda (2020), Neural Networks Fail to Learn Periodic Functions and How to Fix It, NeurIPS',
    url: 'https://arxiv.org/abs/2006.08195',
  },
  params: {
    alpha: { default: 1, min: 0, exclusiveMin: true, description: 'α: frequency of the ripple (period π/α, amplitude 1/α); learnable', learnable: true },
  },
  notes: [
    'Not in PyTorch, TF.js, JAX or Keras core; BigVGAN (and the paper) define it as x + sin²(αx)/α with α learnable, initialised to 1.',
    "f′ = 1 + sin(2αz) ≥ 0: monotone, f′ = 0 at αz = −π/4 + kπ (stationary inflection points, not minima); f′ and f″ have no limit at ±∞ (NaN there).",
  ],
  f: (z, p) => snakeF(z, p.alpha),
  df: (z, p) => snakeDf(z, p.alpha),
  d2f: (z, p) => snakeD2f(z, p.alpha),
  paramGradients: { alpha: (z, p) => snakeDalpha(z, p.alpha) },
  kinks: () => [],
});
