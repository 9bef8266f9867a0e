/**
 * `actlab run … --figure FILE`: the experiment's figure as SVG or PNG, its path checked before
 * the run (exit 2, saying what is allowed), written by rename so no partial file is left.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
const dir = mkdtempSync(join(tmpdir(), 'actlab-figure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function actlab(...args: string[]) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
}

describe('run --figure', () => {
  it('writes the figure as SVG or PNG after the printout, and nothing else beside it', () => {
    const svg = actlab('run', 'selu-normalisation', '--set', 'units=50', '--set', 'layers=6', '--figure', 'selu.svg');
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stdout).toContain('layer');
    expect(readFileSync(join(dir, 'selu.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const png = actlab('run', 'fashion-mnist', '--set', 'quick=true', '--set', 'activations=relu,tanh', '--set', 'seeds=0', '--set', 'hidden=16', '--figure', 'fm.png');
    expect(png.status, png.stderr).toBe(0);
    expect([...readFileSync(join(dir, 'fm.png')).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readdirSync(dir).sort()).toEqual(['fm.png', 'selu.svg']);
  }, 120_000);

  it.each([
    [['selu-normalisation', '--figure', 'x.txt'], /--figure must name an \.svg or \.png file/],
    [['selu-normalisation', '--figure', 'no/such/folder/x.svg'], /--figure: no folder .* to write/],
    [['linear-collapse', '--figure', 'x.svg'], /--figure: linear-collapse has no figure of its own; these do: fashion-mnist, /],
  ])('refuses %j before any work, saying what is allowed', (args, message) => {
    const run = actlab('run', ...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
