/**
 * Reductions for parameter gradients, summed in float64 in index order from a running sum, so
 * that a chunked call gives the bits of the TypeScript loop `sum += g[i]·∂f/∂θ(x[i])`.
 *
 * Only the additions form a chain; the terms are computed four (float32) or two (float64) at a
 * time without branches, so the loop runs at the latency of one float64 addition per element
 * (a data-dependent branch on the sign of x mispredicts on half of random inputs: ~6× slower).
 */

/** min(z, 0) as PReLU's ∂f/∂slope: 0 for z > 0, z otherwise (−0 and NaN kept). */
// @ts-ignore: decorator
@inline function negativePart(z: v128): v128 {
  return f64x2.pmin(z, f64x2.splat(0)); // pmin(a, b) = b < a ? b : a
}
// @ts-ignore: decorator
@inline function addLanes(sum: f64, terms: v128): f64 {
  sum += f64x2.extract_lane(terms, 0);
  return sum + f64x2.extract_lane(terms, 1);
}

/**
 * PReLU's slope gradient: sum + Σ g[i]·min(x[i], 0) in index order, float32 inputs. Each term is
 * exact in float64 (24-bit by 24-bit significands), as in the TypeScript loop.
 */
export function preluSlopeSumF32(x: usize, g: usize, n: i32, sum: f64): f64 {
  const end = (<usize>(n & ~3)) << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const xv = v128.load(x + o);
    const gv = v128.load(g + o);
    const low = f64x2.mul(f64x2.promote_low_f32x4(gv), negativePart(f64x2.promote_low_f32x4(xv)));
    const high = f64x2.mul(
      f64x2.promote_low_f32x4(i8x16.shuffle(gv, gv, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)),
      negativePart(f64x2.promote_low_f32x4(i8x16.shuffle(xv, xv, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7))),
    );
    sum = addLanes(addLanes(sum, low), high);
  }
  for (let at = end; at < (<usize>n) << 2; at += 4) {
    const z = <f64>load<f32>(x + at);
    sum += <f64>load<f32>(g + at) * (z > 0 ? 0 : z);
  }
  return sum;
}

/** The same for float64 inputs (each term rounded once, as in the TypeScript loop). */
export function preluSlopeSumF64(x: usize, g: usize, n: i32, sum: f64): f64 {
  const end = (<usize>(n & ~1)) << 3;
  for (let o: usize = 0; o < end; o += 16) {
    sum = addLanes(sum, f64x2.mul(v128.load(g + o), negativePart(v128.load(x + o))));
  }
  if (n & 1) {
    const z = load<f64>(x + end);
    sum += load<f64>(g + end) * (z > 0 ? 0 : z);
  }
  return sum;
}
