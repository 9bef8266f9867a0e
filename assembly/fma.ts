/**
 * Multiply-add for f32x4 polynomial steps and products: a·b + c. In the module built with
 * relaxed SIMD (ASC_FEATURE_RELAXED_SIMD) it is `f32x4.relaxed_madd` (one fused FMA where the
 * CPU has it, else mul + add); in the strict module it is mul then add (two roundings). Use it
 * only where both results meet the same accuracy bound: never in the precise mode or the
 * bit-exact float64 paths.
 */
// @ts-ignore: decorator
@inline export function madd32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
/**
 * Negated multiply-add: c − a·b. Relaxed build: `f32x4.relaxed_nmadd` (fused where the CPU has
 * FMA); strict: mul then sub. The same rule of use as madd32.
 */
// @ts-ignore: decorator
@inline export function nmadd32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}
