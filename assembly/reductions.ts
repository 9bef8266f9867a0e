/**
 * Reductions for parameter gradients, summed in float64 in index order from a running sum, so
 * that a chunked call gives the bits of the TypeScript loop `sum += g[i]·∂f/∂θ(x[i])`.
 */

/** PReLU's slope gradient: sum + Σ g[i]·min(x[i], 0) (x[i] > 0 contributes g·0), float32 inputs. */
export function preluSlopeSumF32(x: usize, g: usize, n: i32, sum: f64): f64 {
  for (let i: i32 = 0; i < n; i++) {
    const at = <usize>i << 2;
    const z = <f64>load<f32>(x + at);
    sum += <f64>load<f32>(g + at) * (z > 0 ? 0 : z);
  }
  return sum;
}

/** The same for float64 inputs. */
export function preluSlopeSumF64(x: usize, g: usize, n: i32, sum: f64): f64 {
  for (let i: i32 = 0; i < n; i++) {
    const at = <usize>i << 3;
    const z = load<f64>(x + at);
    sum += load<f64>(g + at) * (z > 0 ? 0 : z);
  }
  return sum;
}
