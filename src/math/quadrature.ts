/**
 * Numerical integration: Gauss–Legendre panels and Gaussian expectations split at kinks.
 *
 * Gauss–Hermite rules span the whole real line with one set of nodes, so they cannot split at
 * a kink: for ReLU-like integrands they converge slowly (errors ~1e−4 at 100 nodes). actlab
 * integrates E[g(z)], z ~ N(0, q), as Σ over panels of a 20-point Gauss–Legendre rule on
 * ∫ g(√q·x)·φ(x) dx, with panel edges at every kink of g (so each panel is smooth) and panels
 * narrow enough, in both x and z = √q·x, for the rule to be exact to double precision.
 * @module
 */
import { normalPdf } from './normal.js';

/** Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton on Pₙ). */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    // Tricomi's initial guess, then Newton on the three-term recurrence.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-17) break;
    }
    const w = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

const RULE = gaussLegendre(20);
const COARSE_RULE = gaussLegendre(12);

/** Accuracy settings: `fine` (default) for 1-D moments to ~1e−16, `coarse` for nested 2-D integrals (~1e−12). */
export type Resolution = 'fine' | 'coarse';

/** Σ with Neumaier's compensation, for sums of thousands of panel contributions. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;
  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }
  get value(): number {
    return this.sum + this.compensation;
  }
}

/** ∫ₐᵇ g(x) dx over the given panel edges (sorted, a = edges[0], b = last), 20 points each (12 when coarse). */
export function integratePanels(g: (x: number) => number, edges: readonly number[], resolution: Resolution = 'fine'): number {
  const rule = resolution === 'fine' ? RULE : COARSE_RULE;
  const total = new CompensatedSum();
  for (let p = 0; p + 1 < edges.length; p++) {
    const a = edges[p] as number;
    const b = edges[p + 1] as number;
    if (!(b > a)) continue;
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    for (let i = 0; i < rule.nodes.length; i++) {
      total.add((rule.weights[i] as number) * half * g(mid + half * (rule.nodes[i] as number)));
    }
  }
  return total.value;
}

/**
 * The nodes and weights of `rule` (Gauss–Legendre on [−1, 1]) mapped onto every panel
 * [edges[p], edges[p+1]] that `keep` accepts (default: all): z = a + h + h·xᵢ, w = wᵢ·h with
 * h = (b − a)/2. Callers multiply in their own density.
 */
export function panelNodes(
  edges: ArrayLike<number>,
  rule: { readonly nodes: Float64Array; readonly weights: Float64Array },
  keep: (a: number, b: number) => boolean = () => true,
): { z: Float64Array; w: Float64Array } {
  const count = Math.max(0, edges.length - 1) * rule.nodes.length;
  const z = new Float64Array(count);
  const w = new Float64Array(count);
  let n = 0;
  for (let p = 0; p + 1 < edges.length; p++) {
    const a = edges[p] as number;
    const b = edges[p + 1] as number;
    if (!keep(a, b)) continue;
    const half = (b - a) / 2;
    const mid = a + half;
    for (let i = 0; i < rule.nodes.length; i++) {
      z[n] = mid + half * (rule.nodes[i] as number);
      w[n] = (rule.weights[i] as number) * half;
      n++;
    }
  }
  return { z: z.subarray(0, n), w: w.subarray(0, n) };
}

/** Beyond |x| = 39 the standard normal density is below 1e−330: nothing left to integrate. */
const GAUSSIAN_REACH = 39;

/**
 * E[g(z)] for z ~ N(0, q), q > 0, with g smooth between the given kinks (points in z).
 * q = 0 gives g(0).
 */
export function gaussianExpectation(
  g: (z: number) => number,
  q: number,
  kinks: readonly number[] = [],
  resolution: Resolution = 'fine',
): number {
  if (!(q >= 0) || !Number.isFinite(q)) throw new RangeError(`gaussianExpectation: variance q must be finite and >= 0, got ${q}`);
  if (q === 0) return g(0);
  const s = Math.sqrt(q);
  const edges = new Set<number>();
  // Panels of width ≤ 0.5 in x and ≤ 0.5 in z = s·x (1 and 1 when coarse, out to |x| = 12,
  // where φ < 1e−31), and an edge at every kink.
  const width = resolution === 'fine' ? 0.5 : 1;
  const xReach = resolution === 'fine' ? GAUSSIAN_REACH : 12;
  const step = width / Math.max(1, s);
  const zReach = Math.min(xReach, 40 / s);
  // Count the steps instead of comparing against zReach + 1e-12: for large q the step is far
  // below 1e-12 and the loop would run on (and fill the Set) until x reached 1e-12.
  const steps = Math.round((2 * zReach) / step);
  for (let i = 0; i <= steps; i++) edges.add(-zReach + i * step);
  for (let x = -xReach; x <= xReach + 1e-12; x += width) edges.add(x);
  for (const k of kinks) {
    const x = k / s;
    if (Math.abs(x) < xReach) edges.add(x);
  }
  const sorted = [...edges].sort((a, b) => a - b);
  return integratePanels(
    (x) => {
      const w = normalPdf(x);
      return w === 0 ? 0 : g(s * x) * w;
    },
    sorted,
    resolution,
  );
}
