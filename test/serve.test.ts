/**
 * `actlab start`'s static server: files and types; only regular files inside the build folder
 * (symbolic links out, FIFOs, dot-files refused, without blocking); path tricks; Host headers
 * (DNS rebinding); security headers; --port/--host validation; a taken port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import {
  CONTENT_SECURITY_POLICY,
  hostAllowed,
  parseHost,
  parsePort,
  requestSegments,
  startExplorerServer,
  WORKER_CONTENT_SECURITY_POLICY,
  type ExplorerServer,
} from '../src/cli/serve.js';
import { ActlabError } from '../src/errors.js';
import { rawRequest } from './support/http.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
const base = mkdtempSync(join(tmpdir(), 'actlab-serve-'));
const root = join(base, 'web');
const SECRET = 'SECRET-OUTSIDE-THE-BUILD-FOLDER';
mkdirSync(join(root, 'assets'), { recursive: true });
mkdirSync(join(root, 'sub'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(join(root, 'sub', 'index.html'), 'sub index');
writeFileSync(join(root, '.env'), SECRET);
writeFileSync(join(base, 'secret.txt'), SECRET);
symlinkSync(join(base, 'secret.txt'), join(root, 'link-out.txt'));
symlinkSync('/etc/passwd', join(root, 'passwd'));
symlinkSync(base, join(root, 'parent'));
symlinkSync(join(root, 'index.html'), join(root, 'link-in.html'));
execFileSync('mkfifo', [join(root, 'fifo.js')]);

const servers: ExplorerServer[] = [];
let server: ExplorerServer;
beforeAll(async () => {
  server = await startExplorerServer({ root, port: 0 });
  servers.push(server);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const get = (target: string, options: Parameters<typeof rawRequest>[2] = {}) => rawRequest(server.port, target, options);

describe('explorer server: what it serves', () => {
  it('serves index.html and assets with their types, directory index pages, and 404 for the rest', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await (await fetch(`${server.url}?panel=gallery&g.acts=relu`)).text()).toContain('<title>x</title>');
    const asset = await fetch(`${server.url}assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    expect(await (await fetch(`${server.url}sub/`)).text()).toBe('sub index');
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    const head = await get('/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('31');
    expect(head.body.length).toBe(0);
  });

  it('never follows a symbolic link out of the build folder, and serves links that stay inside', async () => {
    for (const target of ['/link-out.txt', '/passwd', '/parent/secret.txt', '/parent/web/.env', '/parent']) {
      const answer = await get(target);
      expect(answer.status, target).toBe(404);
      expect(answer.body.toString()).not.toContain(SECRET);
    }
    expect((await get('/link-in.html')).body.toString()).toContain('<title>x</title>');
    // Out and back in: the real path is inside, so it is served.
    expect((await get('/parent/web/index.html')).body.toString()).toContain('<title>x</title>');
  });

  it('refuses a FIFO at once, without blocking the server', async () => {
    const [fifo, index] = await Promise.all([get('/fifo.js', { timeoutMs: 2000 }), get('/', { timeoutMs: 2000 })]);
    expect(fifo.status).toBe(404);
    expect(fifo.ms).toBeLessThan(2000);
    expect(index.status).toBe(200);
  });

  it('refuses dot-files, traversal and encoded separators (400/404/414) before reading the disk', async () => {
    const cases: [string, number][] = [
      ['/.env', 404],
      ['/../secret.txt', 400],
      ['/%2e%2e/secret.txt', 400],
      ['/%2E%2e%2fsecret.txt', 400],
      ['/assets/..%2f..%2fsecret.txt', 400],
      ['/..%5csecret.txt', 400],
      ['/..\\secret.txt', 400],
      ['/index.html%00.js', 400],
      ['/%c0%ae%c0%ae/secret.txt', 400],
      ['//etc/passwd', 400],
      ['/./index.html', 400],
      ['/assets/', 404],
      ['http://127.0.0.1/index.html', 400],
      ['*', 400],
      [`/${'a'.repeat(300)}`, 404],
      [`/${'a/'.repeat(3000)}`, 414],
      ['/%zz', 400],
      ['/caf%C3%A9.html', 404],
    ];
    expect(requestSegments('/')).toEqual([]);
    expect(requestSegments('/assets/app.js?v=1#x')).toEqual(['assets', 'app.js']);
    expect(requestSegments('/sub/')).toEqual(['sub']);
    expect(requestSegments('/caf%C3%A9')).toEqual(['café']);
    for (const [target, status] of cases) {
      const answer = await get(target);
      expect(answer.status, target).toBe(status);
      expect(answer.body.toString()).not.toContain(SECRET);
    }
  });

  it('answers only GET and HEAD (405 with Allow otherwise)', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT']) {
      const answer = await get(method === 'CONNECT' ? '127.0.0.1:1' : '/', { method });
      if (method === 'CONNECT') expect(answer.status, method).not.toBe(200);
      else {
        expect(answer.status, method).toBe(405);
        expect(answer.headers.allow).toBe('GET, HEAD');
      }
    }
  });
});

describe('explorer server: to whom (DNS rebinding)', () => {
  it('answers localhost names, IP literals and its own port; refuses every other Host with 403', async () => {
    const port = server.port;
    for (const host of ['localhost', `localhost:${port}`, `LocalHost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`, `10.1.2.3:${port}`]) {
      expect((await get('/', { host })).status, host).toBe(200);
    }
    for (const host of ['evil.example', `evil.example:${port}`, `localhost.evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost:${port + 1}`, `127.0.0.1:${port}0`, '', 'localhost:', 'a b', `[::1]x:${port}`, 'local_host']) {
      const answer = await get('/', { host });
      expect(answer.status, host).toBe(403);
      expect(answer.body.toString()).not.toContain('<title>');
    }
    expect((await get('/', { host: null })).status).toBe(400); // HTTP/1.1 requires Host; Node refuses it itself
  });

  it('hostAllowed: the name given to --host is allowed too', () => {
    expect(hostAllowed('myhost.lan:80', 80, 'myhost.lan')).toBe(true);
    expect(hostAllowed('myhost.lan:80', 80)).toBe(false);
    expect(hostAllowed(undefined, 80)).toBe(false);
  });

  it('sends the CSP (no inline script, no framing), no-referrer and nosniff on every answer', async () => {
    for (const target of ['/', '/missing', '/../x', '/assets/app-1234.js']) {
      const answer = await get(target);
      expect(answer.headers['referrer-policy'], target).toBe('no-referrer');
      expect(answer.headers['x-content-type-options'], target).toBe('nosniff');
      expect(answer.headers['content-security-policy'], target).toContain("frame-ancestors 'none'");
      expect(answer.headers['content-security-policy'], target).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    expect((await get('/')).headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    // Only scripts (which browsers read a policy from only when they start a worker) may eval.
    expect((await get('/assets/app-1234.js')).headers['content-security-policy']).toBe(WORKER_CONTENT_SECURITY_POLICY);
    expect((await get('/', { host: 'evil.example' })).headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('--port and --host', () => {
  it('parsePort accepts integers in [0, 65535] only', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    for (const bad of ['', '-1', '65536', '1e3', '80.0', ' 80', '+80', '0x50', 'http', '99999999']) expect(() => parsePort(bad), bad).toThrow(/--port must be an integer in \[0, 65535\]/);
  });

  it('parseHost accepts IP literals and host names, never an empty or malformed one', () => {
    for (const [text, host] of [['127.0.0.1', '127.0.0.1'], ['::1', '::1'], ['[::1]', '::1'], ['0.0.0.0', '0.0.0.0'], ['LocalHost', 'localhost'], ['my-host.lan', 'my-host.lan']]) {
      expect(parseHost(text as string)).toBe(host);
    }
    for (const bad of ['', '[]', 'a b', 'http://localhost', 'localhost:80', '-x', 'x..y', 'a/b', '%', 'x'.repeat(64)]) expect(() => parseHost(bad), bad).toThrow(ActlabError);
  });

  it('a taken port is a clear error (exit 2) unless it was the default; moveIfTaken moves on', async () => {
    const first = await startExplorerServer({ root, port: 0 });
    servers.push(first);
    await expect(startExplorerServer({ root, port: first.port })).rejects.toThrow(new RegExp(`port ${first.port} is in use`));
    const second = await startExplorerServer({ root, port: first.port, moveIfTaken: true });
    servers.push(second);
    expect(second.moved).toBe(true);
    expect(second.port).not.toBe(first.port);
    expect((await fetch(second.url)).status).toBe(200);
  });

  it('an address that is not this machine, or a name that does not resolve, is a clear error', async () => {
    await expect(startExplorerServer({ root, port: 0, host: '192.0.2.1' })).rejects.toThrow(/not an address of this machine/);
    await expect(startExplorerServer({ root, port: 0, host: 'no-such-host.invalid' })).rejects.toThrow(/does not resolve/);
  });

  it('0.0.0.0 listens everywhere, says so, and gives an address that opens here', async () => {
    const everywhere = await startExplorerServer({ root, port: 0, host: '0.0.0.0' });
    servers.push(everywhere);
    expect(everywhere.exposed).toBe(true);
    expect(everywhere.address).toBe('0.0.0.0');
    expect(everywhere.url).toBe(`http://127.0.0.1:${everywhere.port}/`);
    expect((await fetch(everywhere.url)).status).toBe(200);
    const local = await startExplorerServer({ root, port: 0, host: 'localhost' });
    servers.push(local);
    expect(local.exposed).toBe(false);
    expect(local.url).toBe(`http://localhost:${local.port}/`);
  });

  it('says how to build when the explorer is missing', async () => {
    await expect(startExplorerServer({ root: join(root, 'nowhere'), port: 0 })).rejects.toThrow(/npm run build/);
  });

  it('actlab start refuses bad --port/--host with one line before listening (in-process)', async () => {
    const errors: string[] = [];
    for (const argv of [['--host', ''], ['--host='], ['--port', '70000'], ['--port', '1e3'], ['--port', '-1'], ['--port', ''], ['--host', 'a b'], ['extra']]) {
      try {
        await main(['start', ...argv]);
        errors.push(`accepted: ${argv.join(' ')}`);
      } catch (error) {
        expect(error, argv.join(' ')).toBeInstanceOf(ActlabError);
        expect((error as Error).message).not.toContain('\n');
      }
    }
    expect(errors).toEqual([]);
  });

  it('actlab start --port <taken> exits 2 with one line', async () => {
    if (!existsSync(BIN)) throw new Error('dist/ is missing: run "npx tsc -p tsconfig.build.json"');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const run = spawnSync(process.execPath, [BIN, 'start', '--port', String(port)], { encoding: 'utf8', timeout: 15_000 });
    blocker.close();
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([`actlab: port ${port} is in use on 127.0.0.1; choose another with --port N, or --port 0 for any free port`]);
  });
});

describe('actlab start', () => {
  const startChild = async (args: string[]) => {
    const web = join(import.meta.dirname, '..', 'dist', 'web', 'index.html');
    if (!existsSync(BIN) || !existsSync(web)) throw new Error('dist/ is missing: run "npm run build" (npm test does it first)');
    const child = spawn(process.execPath, [BIN, 'start', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${stdout}`)), 15_000);
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const match = /actlab explorer: (http:\/\/[^\s]+\/)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1] as string);
        }
      });
    });
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    return { child, url, exit, out: () => stdout, err: () => stderr };
  };

  it('prints the real address, serves the explorer, and exits cleanly on Ctrl-C (SIGINT)', async () => {
    const { child, url, exit, out, err } = await startChild(['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    expect(await page.text()).toContain('actlab explorer');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(err()).toBe('');
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(out()).toContain('stopped');
  }, 30_000);

  it('--host 0.0.0.0 warns on stderr that other machines can reach it', async () => {
    const { child, url, exit, err } = await startChild(['--port', '0', '--host', '0.0.0.0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await vi.waitFor(() => expect(err()).toMatch(/^actlab: warning: listening on 0\.0\.0\.0:\d+, reachable from other machines/));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);
});
