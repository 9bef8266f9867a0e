/** `actlab report`: every file written, nothing half-written when interrupted. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
    expect(readdirSync(join(out, '..')).filter((f) => f.startsWith('.actlab-report-'))).toEqual([]);
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

  it('an interrupted run (SIGINT 130, SIGTERM 143) leaves the destination as it was, and says so', async () => {
    requireBuild();
    const interrupt = async (signal: 'SIGINT' | 'SIGTERM', earlier: boolean) => {
      const parent = mkdtempSync(join(tmpdir(), 'actlab-report-'));
      const out = join(parent, 'report');
      if (earlier) {
        mkdirSync(join(out, 'figures'), { recursive: true });
        writeFileSync(join(out, 'results.json'), '{"old":true}');
      }
      const child = spawn(process.execPath, [BIN, 'report', '--quick', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (stderr += chunk));
      // Once the work is under way (the first progress line): before that Node is still loading.
      await new Promise<void>((r) => child.stderr.once('data', () => r()));
      child.kill(signal);
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      return { parent, out, code, stderr };
    };
    const [int, term] = await Promise.all([interrupt('SIGINT', false), interrupt('SIGTERM', true)]);
    expect(int.code).toBe(130);
    expect(int.stderr.trim().split('\n').at(-1)).toBe(`actlab: interrupted by SIGINT; nothing was written (${int.out} was not created)`);
    expect(readdirSync(int.parent)).toEqual([]);
    expect(term.code).toBe(143);
    expect(term.stderr.trim().split('\n').at(-1)).toBe(`actlab: interrupted by SIGTERM; nothing was written (${term.out} is as it was)`);
    expect(readdirSync(term.parent)).toEqual(['report']);
    expect(readdirSync(term.out).sort()).toEqual(['figures', 'results.json']);
    expect(readFileSync(join(term.out, 'results.json'), 'utf8')).toBe('{"old":true}');
  }, 60_000);

  it('refuses an unusable --out before any work, with one line and status 2', () => {
    requireBuild();
    const parent = mkdtempSync(join(tmpdir(), 'actlab-report-'));
    writeFileSync(join(parent, 'file'), 'mine');
    for (const [out, why] of [
      [join(parent, 'file'), 'exists and is a file'],
      ['/dev/null', 'exists and is a device'],
      ['', 'needs a non-empty value'],
      ['/proc/self/x', 'is inside /proc, /sys or /dev'],
    ]) {
      const started = performance.now();
      const run = spawnSync(process.execPath, [BIN, 'report', '--out', out as string], { encoding: 'utf8', timeout: 20_000 });
      expect(run.status, out).toBe(2);
      expect(run.stderr.trim().split('\n'), out).toHaveLength(1);
      expect(run.stderr, out).toContain(why);
      expect(performance.now() - started).toBeLessThan(10_000); // node start-up only: no experiment ran
    }
    expect(readFileSync(join(parent, 'file'), 'utf8')).toBe('mine');
  }, 60_000);

  it('rejects bad flags with one line and status 2', () => {
    requireBuild();
    const run = spawnSync(process.execPath, [BIN, 'report', '--rng', 'mt'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--rng must be numpy or default, got "mt"/);
  });
});
