/**
 * Every entry point that reads user text reads formulas: importing it installs the formula
 * reader (src/formula/install.ts). The registry alone (`actlab/activations`) reads ids only and
 * says where formulas are read — that keeps the parser out of a scalar-only browser bundle.
 * Each entry is imported in a fresh Node process from the build (dist/), by its package name.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };

/** Runs an ES module script in the project (where `actlab` resolves to itself through its exports). */
function run(script: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { stdout: result.stdout.trim(), stderr: result.stderr, status: result.status };
}

const entries = Object.keys(pkg.exports).filter((key) => key !== './package.json' && key !== './activations' && key !== './random');

describe('formulas wherever an activation is named', () => {
  it.each(entries)('importing %s installs the formula reader', (key) => {
    const name = key === '.' ? 'actlab' : `actlab/${key.slice(2)}`;
    const out = run(`import '${name}'; import { getActivation } from 'actlab/activations'; console.log(getActivation('My double=2*z').f(3, {}), getActivation('max(z, 0.1*z)').df(-1, {}));`);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('6 0.1');
  });

  it('the registry alone reads ids only: a formula is an unknown name there, and formulaActivation says where formulas are read', () => {
    const out = run(`import { formulaActivation, getActivation, isFormula } from 'actlab/activations';
      console.log(getActivation('gelu').f(-1, {}), isFormula('z*sigmoid(z)'));
      try { getActivation('z*sigmoid(z)'); } catch (error) { console.log(error.constructor.name); }
      try { formulaActivation('z*sigmoid(z)'); } catch (error) { console.log(error.constructor.name + ': ' + error.message); }`);
    expect(out.stderr).toBe('');
    const [first, unknown, refusal] = out.stdout.split('\n');
    expect(first).toBe('-0.15865525393145705 false');
    expect(unknown).toBe('UnknownActivationError');
    expect(refusal).toMatch(/^InvalidParameterError: .*'actlab' entry point/);
  });
});

describe('every worker reads formulas', () => {
  /** The files that `new Worker(new URL('…', import.meta.url))` starts, in src/ and web/src/. */
  function workerEntries(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name)) {
          for (const match of readFileSync(path, 'utf8').matchAll(/new Worker\(\s*(?:new URL\(\s*'([^']+)'|([A-Z_]+))/g)) {
            let target = match[1];
            if (!target && match[2]) target = new RegExp(`const ${match[2]} = new URL\\('([^']+)'`).exec(readFileSync(path, 'utf8'))?.[1];
            if (target) found.push(resolve(dirname(path), target.replace(/\.js$/, '.ts')));
          }
        }
      }
    };
    walk(join(ROOT, 'src'));
    walk(join(ROOT, 'web', 'src'));
    return [...new Set(found)].sort();
  }

  it('each worker entry imports the formula reader itself (a worker is a fresh module graph: what the page installed is not there)', () => {
    const entries = workerEntries();
    expect(entries.length).toBeGreaterThanOrEqual(7);
    for (const entry of entries) expect(readFileSync(entry, 'utf8'), entry).toMatch(/^import '(?:\.\.\/)+(?:src\/)?formula\/install\.js';/m);
  });
});
