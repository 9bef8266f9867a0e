/**
 * Property tests of `actlab start`'s server against a live server on an ephemeral port, serving a
 * copy of the built explorer with traps planted in it: a FIFO, symbolic links out of the folder
 * (to a secret file, to /etc/passwd, to the parent folder) and a dot-file. Whatever the request
 * path and Host header, nothing outside the build folder is served, and every answer comes back
 * within the time budget.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isIP } from 'node:net';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExplorerServer, type ExplorerServer } from '../src/cli/serve.js';
import { rawRequest } from './support/http.js';

const WEB = join(import.meta.dirname, '..', 'dist', 'web');
const SECRET = 'SECRET-OUTSIDE-THE-BUILD-FOLDER';
const BUDGET_MS = 2000;

let base: string;
let root: string;
let server: ExplorerServer;
/** Every regular file of the copy, by content: a 200 must answer one of these. */
const served = new Set<string>();

beforeAll(async () => {
  if (!existsSync(join(WEB, 'index.html'))) throw new Error(`${WEB}/index.html is missing: run "node tools/build-web.mjs"`);
  base = mkdtempSync(join(tmpdir(), 'actlab-serve-props-'));
  root = join(base, 'web');
  cpSync(WEB, root, { recursive: true });
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else served.add(readFileSync(path).toString('latin1'));
    }
  };
  walk(root);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(root, '.secret'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'secret.txt'));
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'secret.js'));
  symlinkSync('/etc/passwd', join(root, 'passwd'));
  symlinkSync('/etc', join(root, 'etc'));
  symlinkSync(base, join(root, 'up'));
  execFileSync('mkfifo', [join(root, 'fifo'), join(root, 'assets', 'fifo.js')]);
  server = await startExplorerServer({ root, port: 0 });
}, 30_000);

afterAll(async () => {
  await server?.close();
});

/** Path pieces an adversary would try: traversal in every spelling, the traps, real files, unicode. */
const piece = fc.oneof(
  fc.constantFrom(
    '..', '.', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%2f', '%2F', '%5c', '%5C', '\\', '%00', '%c0%ae%c0%ae', '%c0%af', '%e0%80%ae',
    '%252e%252e', '..;', '...', '', 'etc', 'passwd', 'secret.txt', '.secret', 'up', 'fifo', 'fifo.js', 'secret.js', 'assets', 'index.html',
    ...(existsSync(join(WEB, 'assets')) ? readdirSync(join(WEB, 'assets')).slice(0, 8) : []),
    '%69ndex.html', 'web', 'shadow', 'hosts', '~', '%', '%%', '%u002e', '%C3%A9', 'é', '\u{1F600}', '\u202e', '%ff', '%0a', '?x=..', '#..',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => encodeURIComponent(s)),
  fc.string({ minLength: 200, maxLength: 700 }).map((s) => encodeURIComponent(s)),
);

/** A request target: pieces joined by '/' (or an encoded or back slash), with a prefix. */
const target = fc
  .tuple(fc.constantFrom('/', '//', '/assets/', '/up/', '', '\\', '/./'), fc.array(piece, { maxLength: 8 }), fc.constantFrom('/', '%2f', '\\'))
  .map(([prefix, pieces, join_]) => prefix + pieces.join(join_))
  // A raw request line cannot hold spaces or line breaks: the HTTP parser would split it elsewhere.
  .map((t) => t.replace(/[\s\u0000]/g, (c) => encodeURIComponent(c)));

/** Real files of the build, plainly or with a query, so that the property also sees answers. */
const ASSETS = existsSync(join(WEB, 'assets')) ? readdirSync(join(WEB, 'assets')) : [];
const real = fc
  .tuple(fc.constantFrom('/', '/index.html', ...ASSETS.map((a) => `/assets/${a}`)), fc.constantFrom('', '?panel=flow', '#x', '?a=../..%2f'))
  .map(([path, tail]) => path + tail);
const anyTarget = fc.oneof({ arbitrary: real, weight: 1 }, { arbitrary: target, weight: 3 });

function check(answer: { status: number; body: Buffer; ms: number }, what: string): void {
  const body = answer.body.toString('latin1');
  expect(answer.ms, what).toBeLessThan(BUDGET_MS);
  expect([0, 200, 400, 403, 404, 405, 414, 431], what).toContain(answer.status);
  expect(body, what).not.toContain(SECRET);
  expect(body, what).not.toMatch(/root:.*:0:0:/);
  if (answer.status === 200) expect(served.has(body), `${what}: a 200 that is not a file of the build folder`).toBe(true);
}

describe('explorer server under random requests', () => {
  it('serves nothing outside the build folder, and answers in time, for any request path', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyTarget, async (t) => {
        const answer = await rawRequest(server.port, t, { timeoutMs: BUDGET_MS * 2 });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        check(answer, JSON.stringify(t));
      }),
      { numRuns: 400 },
    );
    // The paths reach real files too, not only refusals.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(30);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(5);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(5);
  }, 60_000);

  it('answers the traps while a FIFO read is pending elsewhere: no request blocks another', async () => {
    const traps = ['/fifo', '/assets/fifo.js', '/secret.txt', '/assets/secret.js', '/passwd', '/etc/passwd', '/up/secret.txt', '/.secret'];
    const answers = await Promise.all([...traps, ...traps, '/'].map((t) => rawRequest(server.port, t, { timeoutMs: BUDGET_MS * 2 })));
    answers.forEach((answer, i) => check(answer, String(i)));
    expect(answers.slice(0, -1).every((a) => a.status === 404)).toBe(true);
    expect(answers.at(-1)?.status).toBe(200);
  });

  it('answers only Host headers that name this machine, whatever the path', async () => {
    const port = String(server.port);
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const host = fc.oneof(
      fc.constantFrom('localhost', '127.0.0.1', '[::1]', 'LOCALHOST', 'x.localhost', '0.0.0.0', '[::]', '127.1', '0x7f.1', '2130706433', 'localhost.', 'evil.example', 'localhost.evil.example'),
      fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
      fc.string({ unit: fc.constantFrom(...'abc.:[]-_%@/1'), maxLength: 20 }),
    );
    const withPort = fc.tuple(host, fc.constantFrom('', `:${port}`, ':80', ':0', `:${port}1`, ':')).map(([h, p]) => h + p);
    /** The rule, stated independently: a localhost name or an IPv4/IPv6 literal, no other port. */
    const allowed = (header: string) => {
      const m = /^(.*?)(?::(\d+))?$/.exec(header) as RegExpExecArray;
      const [name, p] = [(m[1] as string).toLowerCase(), m[2]];
      if (p !== undefined && p !== port) return false;
      if (name.startsWith('[') && name.endsWith(']')) return isIP(name.slice(1, -1)) === 6;
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return name.split('.').every((o) => Number(o) <= 255 && String(Number(o)) === o);
      return /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*localhost$/.test(name) && name.split('.').every((l) => l.length <= 63);
    };
    await fc.assert(
      fc.asyncProperty(withPort, fc.constantFrom('/', '/index.html', '/secret.txt', '/fifo'), async (h, t) => {
        const answer = await rawRequest(server.port, t, { host: h, timeoutMs: BUDGET_MS * 2 });
        check(answer, `${h} ${t}`);
        if (answer.status === 200) expect(allowed(h), `served to Host: ${h}`).toBe(true);
        if (allowed(h) && t === '/') expect(answer.status, `refused Host: ${h}`).toBe(200);
        if (!allowed(h)) expect([400, 403], `Host: ${h}`).toContain(answer.status);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

// The copy is left in the temp folder for inspection when a property fails; it is small.
export const _forDebugging = () => relative(tmpdir(), base);
