/**
 * Adam's update over float32 arrays, SIMD (f32x4), Keras' form: m += (g − m)(1 − β₁),
 * v += (g² − v)(1 − β₂), θ −= α·m/(√v + ε), with α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) computed by the
 * host — every operation in float32, as Keras and TF.js do. Lanes are independent, so the
 * result does not depend on how the range is split into vectors.
 */

/** Adam on [0, n) of θ, g, m, v (float32 arrays); returns Σ g² (float64, pairs of lanes summed in order). */
export function adamF32(theta: usize, g: usize, m: usize, v: usize, n: i32, alpha: f32, c1: f32, c2: f32, eps: f32): f64 {
  const va = f32x4.splat(alpha);
  const v1 = f32x4.splat(c1);
  const v2 = f32x4.splat(c2);
  const ve = f32x4.splat(eps);
  let squares = f64x2.splat(0);
  const full = n & ~3;
  for (let i: i32 = 0; i < full; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const g2 = f32x4.mul(gi, gi);
    squares = f64x2.add(squares, f64x2.promote_low_f32x4(g2));
    squares = f64x2.add(squares, f64x2.promote_low_f32x4(v128.shuffle<f32>(g2, g2, 2, 3, 0, 1)));
    let mi = v128.load(m + o);
    mi = f32x4.add(mi, f32x4.mul(f32x4.sub(gi, mi), v1));
    let vi = v128.load(v + o);
    vi = f32x4.add(vi, f32x4.mul(f32x4.sub(g2, vi), v2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(mi, va), f32x4.add(f32x4.sqrt(vi), ve));
    v128.store(theta + o, f32x4.sub(v128.load(theta + o), step));
  }
  let sum = f64x2.extract_lane(squares, 0) + f64x2.extract_lane(squares, 1);
  for (let i: i32 = full; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const g2 = gi * gi;
    sum += <f64>g2;
    const mi = load<f32>(m + o) + (gi - load<f32>(m + o)) * c1;
    const vi = load<f32>(v + o) + (g2 - load<f32>(v + o)) * c2;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(theta + o, load<f32>(theta + o) - (mi * alpha) / (sqrt<f32>(vi) + eps));
  }
  return sum;
}
