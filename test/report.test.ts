/** `actlab report`: every file written, nothing half-written when interrupted. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
function requireBuild(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
}

describe('actlab report', () => {
  it('--quick writes index.html, report.md, results.json and every figure as SVG, PNG and Vega-Lite', () => {
    requireBuild();
    const out = mkdtempSync(join(tmpdir(), 'actlab-report-'));
    const run = spawnSync(process.execPath, [BIN, 'report', '--quick', '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    for (const file of ['index.html', 'report.md', 'results.json']) expect(statSync(join(out, file)).size).toBeGreaterThan(1000);
    const figures = readdirSync(join(out, 'figures'));
    for (const name of ['classical_activations', 'relu_variants', 'modern_activations', 'gradient_flow', 'xor_convergence', 'ffn_outputs']) {
      for (const ext of ['svg', 'png', 'vl.json']) expect(figures).toContain(`${name}.${ext}`);
    }
    const png = readFileSync(join(out, 'figures', 'modern_activations.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // offline: no scripts, no external resources
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { sections: { experiment: string }[]; corrections: string[] };
    expect(results.sections.map((s) => s.experiment)).toContain('gradient-flow');
    expect(results.corrections.some((c) => /GELU's minimum at z = −0.77; it is at z = -0.7517915247/.test(c))).toBe(true);
    expect(readdirSync(out).concat(figures).some((f) => f.includes('.partial-'))).toBe(false);
  }, 120_000);

  it('gives the same numbers on one thread as on two', () => {
    requireBuild();
    const sections = (threads: number) => {
      const out = mkdtempSync(join(tmpdir(), 'actlab-report-'));
      const run = spawnSync(process.execPath, [BIN, 'report', '--quick', '--threads', String(threads), '--out', out], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { sections: { printout: string; result: unknown }[] };
      return report.sections.map((s) => ({ printout: s.printout, result: s.result }));
    };
    expect(sections(2)).toEqual(sections(1));
  }, 120_000);

  it('an interrupted run leaves no half-written file', async () => {
    requireBuild();
    const out = mkdtempSync(join(tmpdir(), 'actlab-report-'));
    const child = spawn(process.execPath, [BIN, 'report', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c, signal) => r(c ?? (signal ? 130 : null))));
    expect(code).toBe(130);
    const files = existsSync(join(out, 'figures')) ? readdirSync(join(out, 'figures')) : [];
    expect([...readdirSync(out), ...files].filter((f) => f.includes('.partial-'))).toEqual([]);
  }, 60_000);

  it('rejects bad flags with one line and status 2', () => {
    requireBuild();
    const run = spawnSync(process.execPath, [BIN, 'report', '--rng', 'mt'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--rng must be numpy or default, got "mt"/);
  });
});
