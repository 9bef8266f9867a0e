/**
 * The report's destination: checked before any work (every unusable kind refused with a
 * DestinationError, in milliseconds, nothing created), written through a staging folder and
 * committed in one rename; a failure at any step leaves the destination and its surroundings
 * exactly as they were. Property tests over random destinations and random failing steps.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { UsageError } from '../src/cli/args.js';
import { checkDestination, DestinationError, openDestination } from '../src/report/destination.js';
import type { Report } from '../src/report/build.js';
import { writeReport } from '../src/report/write.js';

const sandboxes: string[] = [];
afterAll(() => {
  for (const s of sandboxes.splice(0)) rmSync(s, { recursive: true, force: true });
}, 60_000);
/** Removes the sandboxes made so far (property runs make hundreds). */
function tidy(): void {
  for (const s of sandboxes.splice(0)) rmSync(s, { recursive: true, force: true });
}

const tiny = (tag: string): Report => ({ generated: tag, rng: 'numpy', seed: 42, sections: [], table: [], corrections: [tag], figures: [] });
const REPORT_FILES = ['index.html', 'report.md', 'results.json'];

/** A sandbox with one of everything a destination can be. */
function sandbox(withFifo = true): string {
  const root = mkdtempSync(join(tmpdir(), 'actlab-dest-'));
  sandboxes.push(root);
  writeFileSync(join(root, 'file'), 'user data');
  if (withFifo) execFileSync('mkfifo', [join(root, 'fifo')]);
  mkdirSync(join(root, 'empty'));
  mkdirSync(join(root, 'foreign'));
  writeFileSync(join(root, 'foreign', 'notes.txt'), 'keep me');
  for (const name of ['old-report', 'report-plus', 'report-figlink']) {
    mkdirSync(join(root, name, 'figures'), { recursive: true });
    for (const file of REPORT_FILES) writeFileSync(join(root, name, file), `old ${file}`);
    writeFileSync(join(root, name, 'figures', 'a.svg'), '<svg/>');
  }
  writeFileSync(join(root, 'report-plus', 'notes.txt'), 'keep me');
  symlinkSync(join(root, 'file'), join(root, 'report-figlink', 'figures', 'b.png'));
  symlinkSync(join(root, 'file'), join(root, 'link-file'));
  symlinkSync(join(root, 'old-report'), join(root, 'link-report'));
  symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
  return root;
}

type Entry = readonly [string, string];
/** Everything under `root`: type and content (files), target (links); FIFOs are never opened. */
function snapshot(root: string): Entry[] {
  const out: Entry[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const info = lstatSync(path);
      const key = prefix + name;
      if (info.isSymbolicLink()) out.push([key, `link ${readlinkSync(path)}`]);
      else if (info.isDirectory()) {
        out.push([key, 'dir']);
        walk(path, `${key}/`);
      } else if (info.isFile()) out.push([key, `file ${readFileSync(path, 'latin1')}`]);
      else out.push([key, 'special']);
    }
  };
  walk(root, '');
  return out;
}

/** The rule, stated independently: what the destination is before the report. */
function prior(root: string, text: string): 'new' | 'empty' | 'report' | 'refused' {
  if (text.trim() === '' || text.includes('\0')) return 'refused';
  const path = resolve(root, text);
  if (['/proc', '/sys', '/dev'].some((t) => path === t || path.startsWith(t + sep)) || path === '/' || root === path || root.startsWith(path + sep)) return 'refused';
  if (path.split(sep).some((n) => Buffer.byteLength(n) > 255)) return 'refused';
  const exists = (p: string) => {
    try {
      lstatSync(p);
      return true;
    } catch {
      return false;
    }
  };
  if (!exists(path)) {
    try {
      lstatSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return 'refused';
    }
    let up = dirname(path);
    while (!exists(up)) up = dirname(up);
    try {
      return statSync(up).isDirectory() ? 'new' : 'refused';
    } catch {
      return 'refused'; // a link that leads nowhere
    }
  }
  let real = path;
  try {
    if (lstatSync(path).isSymbolicLink()) real = realpathSync(path);
  } catch {
    return 'refused';
  }
  if (!lstatSync(real).isDirectory()) return 'refused';
  const names = readdirSync(real);
  if (!names.length) return 'empty';
  const ok = names.every((n) =>
    n === 'figures' ? lstatSync(join(real, n)).isDirectory() && readdirSync(join(real, n)).every((f) => /\.(svg|png|vl\.json)$/.test(f) && lstatSync(join(real, n, f)).isFile()) : REPORT_FILES.includes(n) && lstatSync(join(real, n)).isFile(),
  );
  return ok ? 'report' : 'refused';
}

const leftovers = (root: string) => snapshot(root).filter(([k]) => k.includes('.actlab-report-'));

/** Destinations an adversary would try, relative to the sandbox (or absolute). */
const destinationText = fc.oneof(
  fc.constantFrom(
    '', ' ', '.', '..', '/', '/dev/null', '/dev/zero', '/dev/foo', '/proc/self/x', '/proc/self/fd/1', '/sys/x', '/sys/kernel', '\0', 'a\0b',
    'file', 'fifo', 'empty', 'foreign', 'old-report', 'report-plus', 'report-figlink', 'link-file', 'link-report', 'dangling', 'dangling/x',
    'file/x', 'fifo/x', 'new', 'new/deeper/still', 'empty/inner', 'foreign/sub', 'old-report/figures', 'old-report/index.html', `${'n'.repeat(300)}`,
    `new/${'n'.repeat(256)}/x`, './new/', 'new//x', '../x',
  ),
  fc.tuple(fc.constantFrom('', 'new', 'empty', 'file', 'old-report', 'dangling'), fc.array(fc.constantFrom('a', '..', '.', 'é', 'x y', '-', ''), { maxLength: 4 })).map(([b, rest]) => [b, ...rest].join('/')),
);

describe('report destination: checked before the work', () => {
  it('refuses each unusable kind with one line naming what is allowed, and creates nothing', () => {
    const root = sandbox();
    const before = snapshot(root);
    for (const [text, why] of [
      ['', /is empty/],
      ['file', /exists and is a file/],
      ['fifo', /exists and is a FIFO/],
      ['/dev/null', /exists and is a device/],
      ['/proc/self/x', /inside \/proc, \/sys or \/dev/],
      ['/sys/x', /inside \/proc, \/sys or \/dev/],
      ['file/x', /goes through something that is not a folder|goes through a file/],
      ['foreign', /holding files a report does not write \("notes.txt"\)/],
      ['report-plus', /holding files a report does not write \("notes.txt"\)/],
      ['report-figlink', /"figures\/b.png"/],
      ['dangling', /symbolic link that leads nowhere/],
      ['.', /current folder or one above it/],
      ['..', /current folder or one above it|holding files/],
      ['/', /root folder/],
      ['n'.repeat(300), /name longer than 255 bytes/],
      ['a\0b', /NUL/],
    ] as const) {
      const started = performance.now();
      let error: unknown;
      try {
        checkDestination(text, root);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(DestinationError);
      expect((error as Error).message, text).toMatch(why);
      expect((error as Error).message).toMatch(/give a new folder, an empty one, or an earlier actlab report folder/);
      expect((error as Error).message).not.toContain('\n');
      expect(performance.now() - started).toBeLessThan(1000);
    }
    expect(snapshot(root)).toEqual(before);
  });

  it('accepts a new path, an empty folder, an earlier report (also through a symbolic link)', () => {
    const root = sandbox();
    expect(checkDestination('new/a/b', root)).toMatchObject({ kind: 'new', dir: join(root, 'new', 'a', 'b'), existing: root });
    expect(checkDestination('empty', root).kind).toBe('empty');
    expect(checkDestination('old-report', root).kind).toBe('report');
    expect(checkDestination('link-report', root)).toMatchObject({ kind: 'report', dir: join(root, 'old-report') });
  });

  it('actlab report refuses a bad --out in milliseconds, before any experiment runs (exit 2 from bin)', async () => {
    const root = sandbox();
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const out of ['', join(root, 'file'), '/dev/null', '/proc/self/x', join(root, 'foreign')]) {
        const started = performance.now();
        // An empty value is refused by the option parser (one rule for every option), the rest by the destination check.
        await expect(main(['report', '--quick', '--out', out]), out).rejects.toBeInstanceOf(out === '' ? UsageError : DestinationError);
        expect(performance.now() - started).toBeLessThan(1000);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('property: any destination is refused at once or takes the report, as the rule says', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(destinationText, fc.boolean(), (text, keep) => {
        tidy();
        const root = sandbox(text.includes('fifo'));
        const path = resolve(root, text.replace(/\0/g, ''));
        // Stay in the sandbox (or in the kernel trees, which are refused): no report lands in /tmp.
        if (!path.startsWith(root + sep) && !/^\/(dev|proc|sys)(\/|$)/.test(path) && path !== '/' && !root.startsWith(path)) return;
        const expected = prior(root, text);
        seen.set(expected, (seen.get(expected) ?? 0) + 1);
        const before = snapshot(root);
        let destination;
        try {
          destination = openDestination(text, { cwd: root });
        } catch (error) {
          expect(error, text).toBeInstanceOf(DestinationError);
          expect(expected, `refused ${JSON.stringify(text)}: ${(error as Error).message}`).toBe('refused');
          expect(snapshot(root)).toEqual(before);
          return;
        }
        expect(expected, `accepted ${JSON.stringify(text)}`).toBe(destination.plan.kind);
        destination.write('report.md', 'new');
        if (!keep) {
          destination.discard();
          expect(snapshot(root), text).toEqual(before);
          return;
        }
        destination.commit();
        expect(readdirSync(destination.plan.dir).sort()).toEqual(['figures', 'report.md']);
        expect(leftovers(root)).toEqual([]);
        // Nothing else changed: the entries that are not on the destination's path are as they were.
        const rel = destination.plan.dir.startsWith(root + sep) ? destination.plan.dir.slice(root.length + 1) : undefined;
        if (rel !== undefined) {
          const other = ([k]: Entry) => !(k === rel || k.startsWith(`${rel}/`) || rel.startsWith(`${k}/`));
          expect(snapshot(root).filter(other)).toEqual(before.filter(other));
        }
      }),
      { numRuns: 150 },
    );
    // Every kind of answer was tried.
    for (const kind of ['new', 'empty', 'report', 'refused']) expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(2);
  });
});

describe('report destination: atomic commit', () => {
  it('property: a failure at any step leaves everything as it was; success leaves exactly the new report', async () => {
    const where = fc.constantFrom('new', 'new/a/b', 'empty', 'old-report', 'link-report');
    await fc.assert(
      fc.asyncProperty(where, fc.nat(6), fc.constantFrom('ENOSPC', 'EIO'), async (text, failAt, code) => {
        tidy();
        const root = sandbox(false);
        const before = snapshot(root);
        let steps = 0;
        const step = () => {
          if (steps++ === failAt) throw Object.assign(new Error(`${code}: injected failure`), { code });
        };
        let destination;
        try {
          destination = openDestination(text, { cwd: root, step });
          await writeReport(tiny('new'), destination);
        } catch (error) {
          expect((error as Error).message).toContain('injected failure');
          expect(destination?.state ?? 'not opened').not.toBe('committed');
          expect(snapshot(root), `${text} failing at step ${failAt}`).toEqual(before);
          return;
        }
        expect(destination.state).toBe('committed');
        expect(leftovers(root)).toEqual([]);
        const dir = destination.plan.dir;
        expect(readdirSync(dir).sort()).toEqual(['figures', ...REPORT_FILES].sort());
        expect(readdirSync(join(dir, 'figures'))).toEqual([]);
        expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('Generated new');
        if (text === 'link-report') expect(readlinkSync(join(root, 'link-report'))).toBe(join(root, 'old-report'));
      }),
      { numRuns: 80 },
    );
  });

  it('if the destination changes during the work, the commit keeps the report in the staging folder and says where', async () => {
    const root = sandbox();
    const destination = openDestination('empty', { cwd: root });
    writeFileSync(join(root, 'empty', 'mine.txt'), 'arrived meanwhile');
    await expect(writeReport(tiny('new'), destination)).rejects.toThrow(/holding files a report does not write \("mine.txt"\) now .*the report was left in .*\.actlab-report-partial-/);
    expect(destination.state).toBe('kept');
    expect(readdirSync(destination.staging).sort()).toEqual(['figures', ...REPORT_FILES].sort());
    expect(readFileSync(join(root, 'empty', 'mine.txt'), 'utf8')).toBe('arrived meanwhile');
  });

  it('writeReport also takes a path, and replaces an earlier report as a whole', async () => {
    const root = sandbox();
    const first = await writeReport(tiny('first'), join(root, 'out'));
    expect(first).toEqual(['report.md', 'index.html', 'results.json']);
    writeFileSync(join(root, 'out', 'figures', 'stale.svg'), '<svg/>');
    await writeReport(tiny('second'), join(root, 'out'));
    expect(readdirSync(join(root, 'out', 'figures'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(root, 'out', 'results.json'), 'utf8')).generated).toBe('second');
    expect(leftovers(root)).toEqual([]);
  });
});
