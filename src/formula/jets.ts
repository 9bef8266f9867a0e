/**
 * The primitives of a formula as second-order jets: for each elementary function g, the value
 * g(u), g′(u) and g″(u) written into a 3-slot array, each from a form that stays accurate
 * where the textbook one does not (tanh′ = sech² from e^{−2|u|}, not 1 − tanh², which is 0 for
 * u > 19; erf′ with u² formed exactly).
 * @module
 */
import { erf, erfc, expNegSquare, TWO_OVER_SQRT_PI } from '../math/erf.js';

/** Writes g(u), g′(u), g″(u) into r[0], r[1], r[2]. */
export type PrimitiveJet = (u: number, r: Float64Array) => void;

/** sech²(u) = 4e/(1 + e)² with e = e^{−2|u|}: accurate for every u, 0 only where it underflows. */
export function sech2(u: number): number {
  const e = Math.exp(-2 * Math.abs(u));
  const d = 1 + e;
  return (4 * e) / (d * d);
}

/** Jets of the one-argument built-ins (abs is handled by the compiler: its kink). */
export const PRIMITIVE_JETS: Readonly<Record<'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'sin' | 'cos' | 'tanh' | 'erf' | 'erfc', PrimitiveJet>> = {
  exp: (u, r) => {
    const v = Math.exp(u);
    r[0] = v;
    r[1] = v;
    r[2] = v;
  },
  expm1: (u, r) => {
    const v = Math.exp(u);
    r[0] = Math.expm1(u);
    r[1] = v;
    r[2] = v;
  },
  log: (u, r) => {
    r[0] = Math.log(u);
    r[1] = 1 / u;
    r[2] = -1 / (u * u);
  },
  log1p: (u, r) => {
    const w = 1 + u;
    r[0] = Math.log1p(u);
    r[1] = 1 / w;
    r[2] = -1 / (w * w);
  },
  sqrt: (u, r) => {
    const s = Math.sqrt(u);
    r[0] = s;
    r[1] = 0.5 / s;
    r[2] = -0.25 / (s * u);
  },
  sin: (u, r) => {
    const s = Math.sin(u);
    r[0] = s;
    r[1] = Math.cos(u);
    r[2] = -s;
  },
  cos: (u, r) => {
    const c = Math.cos(u);
    r[0] = c;
    r[1] = -Math.sin(u);
    r[2] = -c;
  },
  tanh: (u, r) => {
    const t = Math.tanh(u);
    const s = sech2(u);
    r[0] = t;
    r[1] = s;
    r[2] = -2 * t * s;
  },
  erf: (u, r) => {
    const g = TWO_OVER_SQRT_PI * expNegSquare(u);
    r[0] = erf(u);
    r[1] = g;
    // u·g first: g underflows to 0 where 2u would overflow (0·∞)
    r[2] = -2 * (u * g);
  },
  erfc: (u, r) => {
    const g = TWO_OVER_SQRT_PI * expNegSquare(u);
    r[0] = erfc(u);
    r[1] = -g;
    r[2] = 2 * (u * g);
  },
};

/** Values only, for the f closure (no derivative work). */
export const PRIMITIVE_VALUES: Readonly<Record<keyof typeof PRIMITIVE_JETS, (u: number) => number>> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  erf,
  erfc,
};
