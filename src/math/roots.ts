/**
 * Root finding for the analysis engine: scanning for sign changes, then bisection to the last
 * bit (the functions are our exact derivatives, so a bracket shrinks until its ends are
 * neighbouring doubles).
 * @module
 */

/** The root of g in [a, b], where g(a) and g(b) have opposite signs, to adjacent doubles. */
export function bisect(g: (x: number) => number, a: number, b: number): number {
  let lo = a;
  let hi = b;
  let gLo = g(lo);
  if (gLo === 0) return lo;
  if (g(hi) === 0) return hi;
  for (let i = 0; i < 2200; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    const gMid = g(mid);
    if (gMid === 0) return mid;
    if (gMid < 0 === gLo < 0) {
      lo = mid;
      gLo = gMid;
    } else hi = mid;
  }
  // Of the two neighbours, the one where |g| is smaller.
  return Math.abs(g(lo)) <= Math.abs(g(hi)) ? lo : hi;
}

/**
 * Every sign change of g on [a, b] seen on a grid of the given step, refined by bisection.
 * Grid points listed in `avoid` (kinks, where g may jump) are not reported as roots.
 */
export function signChanges(
  g: (x: number) => number,
  a: number,
  b: number,
  step: number,
  avoid: readonly number[] = [],
): number[] {
  const roots: number[] = [];
  let x0 = a;
  let g0 = g(x0);
  const n = Math.ceil((b - a) / step);
  for (let i = 1; i <= n; i++) {
    const x1 = i === n ? b : a + i * step;
    const g1 = g(x1);
    if (g0 !== 0 && g1 !== 0 && g0 < 0 !== g1 < 0) {
      const root = bisect(g, x0, x1);
      const nearKink = avoid.some((k) => Math.abs(root - k) <= 1e-9 * Math.max(1, Math.abs(k)));
      if (!nearKink) roots.push(root);
    } else if (g1 === 0 && g0 !== 0) {
      // An exact zero on the grid: a root if g changes sign across it.
      const g2 = g(x1 + step / 2);
      if (g2 !== 0 && g0 < 0 !== g2 < 0 && !avoid.includes(x1)) roots.push(x1);
    }
    x0 = x1;
    g0 = g1;
  }
  return roots;
}

/**
 * The root of g in [a, b] (g(a), g(b) of opposite signs) by the Illinois variant of regula
 * falsi: superlinear like the secant method, but never leaves the bracket. Stops when the
 * bracket is within `relativeTolerance` of the root (default: a few ULPs).
 */
export function illinois(g: (x: number) => number, a: number, b: number, relativeTolerance = 4e-16): number {
  let fa = g(a);
  let fb = g(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  let side = 0;
  for (let i = 0; i < 200 && Math.abs(b - a) > relativeTolerance * Math.max(Math.abs(a), Math.abs(b), 1e-300); i++) {
    let c = (a * fb - b * fa) / (fb - fa);
    if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = (a + b) / 2;
    const fc = g(c);
    if (fc === 0) return c;
    if (fc > 0 === fb > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  return Math.abs(fa) < Math.abs(fb) ? a : b;
}
