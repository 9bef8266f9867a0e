import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that run in workers with relaxed SIMD (test/relaxed/): Node 20 has it behind a flag. */
const RELAXED = 'test/relaxed/**/*.test.ts';
/**
 * The kernel, product, classifier and fixture-accuracy tests, run again in the relaxed-SIMD module: their bounds
 * (fast mode ≤ 2 / 4 ULP, the product's summation bound, gradients against float64) must hold in
 * both modules.
 */
const BOTH_MODULES = ['test/wasm.test.ts', 'test/wasm-kernels.test.ts', 'test/classifier.test.ts', 'test/accuracy.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    // The ULP accuracy table is printed by the fixture test; keep console output visible.
    silent: false,
    reporters: ['default'],
    pool: 'forks',
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, RELAXED] } },
      // The same engine with relaxed SIMD switched on, so the relaxed-SIMD module loads (src/wasm/select.ts).
      { extends: true, test: { name: 'relaxed-simd', include: [RELAXED, ...BOTH_MODULES], execArgv: ['--experimental-wasm-relaxed-simd'] } },
    ],
  },
});
