/**
 * tools/check-kernels.mjs `--every=ID:LO:HI`: the sweep over every float32 of a range that backs
 * the exhaustive accuracy claims (the sigmoid kernel's 1.77 ULP over [−104, 40] takes minutes;
 * here a range of ~140,000 floats around zero, and the refusals of a bad argument).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TOOL = join(ROOT, 'tools', 'check-kernels.mjs');

function run(...args: string[]) {
  return spawnSync(process.execPath, [TOOL, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('check-kernels --every', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run "npm run build" (npm test does it first)');
  });

  it('counts every float32 of [LO, HI] (both zeros included) and reports the maxima within the bounds', () => {
    const result = run('--every=sigmoid:-1e-40:1e-40');
    expect(result.status, result.stderr).toBe(0);
    // 1e-40 is the subnormal with bits 0x000116c2 = 71362: 71363 floats from +0 and as many from −0.
    expect(result.stdout).toMatch(/sigmoid: every float32 of \[-1e-40, 1e-40\] \(142726 inputs\): max f [0-9.]+ ULP at .*, max f′ [0-9.]+ ULP/);
    const [, f, d] = /max f ([0-9.]+) ULP.*max f′ ([0-9.]+) ULP/.exec(result.stdout) ?? [];
    expect(Number(f)).toBeLessThanOrEqual(2);
    expect(Number(d)).toBeLessThanOrEqual(4);
  });

  it('refuses an unknown activation or a range without zero in one line, exit code 2', () => {
    for (const bad of ['--every=sigmoidd:-1:1', '--every=sigmoid:1:2', '--every=sigmoid']) {
      const result = run(bad);
      expect(result.status, bad).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('--every=ID:LO:HI');
    }
  });
});
