import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The ULP accuracy table is printed by the fixture test; keep console output visible.
    silent: false,
    reporters: ['default'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
