/**
 * `actlab report` interrupted by a real SIGINT or SIGTERM at every step of the work and the
 * writing: a child process (dist/cli/report.js with a two-figure report built in an instant)
 * signals itself at step k. Whatever the moment, the exit status is 130 (SIGINT) or 143
 * (SIGTERM), the message says truly what is on disk, and the disk holds either the destination as
 * it was or the whole new report — never a mix, never a staging folder left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const DIST = join(import.meta.dirname, '..', 'dist');
const work = mkdtempSync(join(tmpdir(), 'actlab-report-signals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The child: `report --out DIR` with a tiny build; signals itself at the step named by argv. */
const FIXTURE = `
import { commandReport } from ${JSON.stringify(join(DIST, 'cli', 'report.js'))};
import { classicalActivationsFigure } from ${JSON.stringify(join(DIST, 'figures', 'specs.js'))};
const [out, signal, at] = process.argv.slice(2);
const spec = classicalActivationsFigure();
const build = async () => {
  if (at === 'build') { process.kill(process.pid, signal); await new Promise((r) => setTimeout(r, 5000)); }
  return { generated: 'new', rng: 'numpy', seed: 42, sections: [], table: [], corrections: [],
    figures: [{ name: 'a', title: 'A', spec }, { name: 'b', title: 'B', spec }] };
};
const step = (name) => { if (name === at) process.kill(process.pid, signal); };
process.exitCode = await commandReport(['--out', out], { build, step });
`;
const fixture = join(work, 'fixture.mjs');
writeFileSync(fixture, FIXTURE);

/** The moments: during the work, after a first and a last figure file, the pages, the commit. */
const STEPS = ['build', 'write figures/a.svg', 'write figures/b.vl.json', 'write report.md', 'write results.json', 'commit', 'commit: old report moved aside'];

function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

interface Outcome {
  code: number | null;
  stderr: string;
}

function runChild(out: string, signal: string, at: string): Promise<Outcome> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [fixture, out, signal, at], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${signal} at ${at}: no exit within 30 s`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stderr });
    });
  });
}

/** Runs `tasks` with at most `limit` at once (2 cores, shared). */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

describe('actlab report interrupted at every step', () => {
  it('exits 130/143 with a true message; the destination is as it was or holds the whole new report', async () => {
    if (!existsSync(join(DIST, 'cli', 'report.js'))) throw new Error('dist/ is missing: run "npx tsc -p tsconfig.build.json"');
    const cases = STEPS.flatMap((at, i) =>
      (['SIGINT', 'SIGTERM'] as const)
        .filter((signal) => signal === 'SIGINT' || i % 2 === 0 || at.startsWith('commit'))
        .map((signal, j) => ({ at, signal, replace: at === 'commit: old report moved aside' || (i + j) % 2 === 0, id: `${i}-${j}` })),
    );
    const outcomes = await pool(
      cases.map((c) => async () => {
        const parent = join(work, c.id);
        mkdirSync(parent);
        const out = join(parent, 'report');
        if (c.replace) {
          mkdirSync(join(out, 'figures'), { recursive: true });
          for (const f of ['index.html', 'report.md', 'results.json']) writeFileSync(join(out, f), `old ${f}`);
        }
        const before = listing(out).map((f) => [f, f.includes('.') ? readFileSync(join(out, f), 'utf8') : 'dir']);
        const outcome = await runChild(out, c.signal, c.at);
        return { ...c, ...outcome, parent, out, before };
      }),
      3,
    );
    for (const o of outcomes) {
      const what = `${o.signal} at "${o.at}"${o.replace ? ' (replacing a report)' : ''}: ${o.stderr}`;
      expect(o.code, what).toBe(o.signal === 'SIGINT' ? 130 : 143);
      const line = o.stderr.trim().split('\n').at(-1) ?? '';
      expect(line, what).toMatch(new RegExp(`^actlab: interrupted by ${o.signal}; `));
      expect(readdirSync(o.parent), what).toEqual(o.replace || line.includes('already complete') ? ['report'] : []);
      // A signal before the commit stops the run (the loop turns between every two files); one
      // during the commit (synchronous: two renames at most) is handled once the report is in place.
      expect(line.includes('already complete'), what).toBe(o.at.startsWith('commit'));
      if (line.includes('already complete')) {
        expect(line, what).toContain(`the report was already complete in ${o.out}`);
        expect(listing(o.out), what).toEqual(['figures', 'figures/a.png', 'figures/a.svg', 'figures/a.vl.json', 'figures/b.png', 'figures/b.svg', 'figures/b.vl.json', 'index.html', 'report.md', 'results.json']);
        expect(JSON.parse(readFileSync(join(o.out, 'results.json'), 'utf8')).generated, what).toBe('new');
      } else {
        expect(line, what).toBe(`actlab: interrupted by ${o.signal}; nothing was written (${o.out} ${o.replace ? 'is as it was' : 'was not created'})`);
        expect(listing(o.out).map((f) => [f, f.includes('.') ? readFileSync(join(o.out, f), 'utf8') : 'dir']), what).toEqual(o.before);
      }
    }
  }, 120_000);
});
