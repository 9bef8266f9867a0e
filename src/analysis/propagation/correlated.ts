/**
 * Expectations over one and two correlated Gaussians for the correlation map of
 * ../propagation.ts: Gauss–Legendre panels split at the kinks and refined where f bends.
 * @module
 */
import type { ElementwiseActivation, ParamValues } from '../../activations/types.js';
import { CompensatedSum, gaussLegendre, panelNodes } from '../../math/quadrature.js';
import { bendSides, features } from '../features.js';

const COARSE = gaussLegendre(10);

/**
 * Where f bends: offsets in z (ratio-√2 panels across each curvature band), and the smallest
 * distance at which a bend peaks (f's own length scale: 1 for tanh, 1/β for Swish).
 */
export interface Bends {
  readonly offsets: readonly number[];
  readonly scale: number;
}
const NO_BENDS: Bends = { offsets: [], scale: Infinity };

export function bendsOf(def: ElementwiseActivation, p: ParamValues): Bends {
  const feat = features(def, p);
  const offsets: number[] = [...feat.breakpoints];
  let scale = Infinity;
  for (const { at, side, start, hi, peak } of bendSides(feat)) {
    scale = Math.min(scale, peak);
    // Power-law tails (softsign, squareplus) bend out to 1e9 peak distances at 1e-18 weight;
    // the 2-D map is good to ~1e-12, so 1e6 of them are enough.
    const end = Math.min(hi, 1e6 * peak) * 1.5;
    for (let d = start; d <= end; d *= Math.SQRT2) offsets.push(at + side * d);
  }
  return { offsets, scale };
}
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Nodes z and weights w (the density folded in) of E[g(z)], z ~ N(0, v), v > 0: 10-point
 * Gauss–Legendre panels at most one standard deviation and (within |z| ≤ 40) one unit of z
 * wide, out to 10 standard deviations (φ < 1e−22), split at the kinks. ~1e−12 relative, enough
 * for the correlation map; the number of panels is bounded whatever v is.
 */
function normalNodes(v: number, kinks: readonly number[], center = 0, fine = Infinity, bends: Bends = NO_BENDS): { z: Float64Array; w: Float64Array } {
  const s = Math.sqrt(v);
  const reach = 10 * s;
  const edges: number[] = [];
  for (let i = -10; i <= 10; i++) edges.push(i * s);
  // Panels of a finer width about the centre too (the outer integrand varies on the scale of
  // the inner standard deviation, √(q(1 − c²)), which for c near 1 is far below √q).
  if (fine < s / 2) for (let i = -10; i <= 10; i++) edges.push(center + i * fine);
  // Where f bends, when that is finer than the standard deviation (coarser bends
  // the 1σ panels resolve): geometric panels about its
  // breakpoints (shifted by `center`, where the integration variable puts z = 0 of f: −c·u₁
  // for the inner integral).
  if (bends.scale < s) {
    for (const e of bends.offsets) {
      const z = center + e;
      if (Math.abs(z) < reach) edges.push(z);
    }
  }
  for (const k of kinks) if (Math.abs(k) < reach) edges.push(k);
  edges.sort((a, b) => a - b);
  const nodes = panelNodes(edges, COARSE, (a, b) => b > a && b >= -reach && a <= reach);
  const { z, w } = nodes;
  for (let n = 0; n < z.length; n++) {
    const t = (z[n] as number) / s;
    // The plain density is enough here: the 2-D map is good to ~1e−12, not to the last bit.
    w[n] = ((w[n] as number) * Math.exp(-0.5 * t * t) * INV_SQRT_2PI) / s;
  }
  return nodes;
}

/**
 * E[g(u₁)h(u₂)] for (u₁, u₂) jointly Gaussian with variance q and correlation c: the outer
 * expectation over u₁, the inner over u₂ | u₁ ~ N(c·u₁, q(1 − c²)), both split at the kinks.
 * Without kinks the inner nodes are the same for every u₁ and are built once.
 */
export function correlatedExpectation(
  g: (z: number) => number,
  h: (z: number) => number,
  kinks: readonly number[],
  q: number,
  c: number,
  bends: Bends = NO_BENDS,
): number {
  const conditionalVariance = q * (1 - c * c);
  const innerSd = Math.sqrt(conditionalVariance);
  const outer = normalNodes(q, kinks, 0, innerSd, bends);
  // The inner nodes depend on u₁ through the kinks and the unit panels about −c·u₁, except
  // for a smooth f at a conditional variance where no unit panels are needed.
  const shared = kinks.length === 0 && !(bends.scale < innerSd) ? normalNodes(conditionalVariance, []) : undefined;
  const total = new CompensatedSum();
  for (let i = 0; i < outer.z.length; i++) {
    const u1 = outer.z[i] as number;
    const gu = g(u1);
    if (gu === 0) continue;
    const m = c * u1;
    let inner: number;
    if (!(conditionalVariance > 0)) inner = h(m);
    else {
      const nodes = shared ?? normalNodes(conditionalVariance, kinks.map((k) => k - m), -m, Infinity, bends);
      let sum = 0;
      for (let j = 0; j < nodes.z.length; j++) sum += (nodes.w[j] as number) * h(m + (nodes.z[j] as number));
      inner = sum;
    }
    total.add((outer.w[i] as number) * gu * inner);
  }
  return total.value;
}
