export { TABLES, numpyFillNormal, numpyFillUniform, defaultFillNormal } from './rng';
/** First byte past static data: the host's buffers must start at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
export { matmulF32, matmulF64, matmulPackF32, matmulPackF64 } from './matmul';
export * from './kernels/loops';
export { preluSlopeSumF32, preluSlopeSumF64 } from './reductions';
export { identityForwardF32, identityForwardF64, identityBackwardF32, identityBackwardF64 } from './identity';
export { expF64 } from './double/exp';
export { sigmoidExactForwardF64, swishExactForwardF64, geluTanhExactForwardF64 } from './double/activations';
export { adamF32 } from './optim';
