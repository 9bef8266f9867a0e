/** `actlab start`'s static server: files, types, 404/403/405, and a taken port. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startExplorerServer, type ExplorerServer } from '../src/cli/serve.js';

const root = mkdtempSync(join(tmpdir(), 'actlab-serve-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'actlab-secret.txt'), 'secret');

const servers: ExplorerServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('explorer server', () => {
  it('serves index.html and assets with their types, and refuses the rest', async () => {
    const server = await startExplorerServer({ root, port: 0 });
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/localhost:\d+\/$/);
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    const query = await fetch(`${server.url}?panel=gallery&g.acts=relu`);
    expect(await query.text()).toContain('<title>x</title>');
    const asset = await fetch(`${server.url}assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}..%2factlab-secret.txt`)).status).toBe(403);
    expect((await fetch(server.url, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('moves to a free port when the wanted one is taken', async () => {
    const first = await startExplorerServer({ root, port: 0 });
    servers.push(first);
    const second = await startExplorerServer({ root, port: first.port });
    servers.push(second);
    expect(second.moved).toBe(true);
    expect(second.port).not.toBe(first.port);
    expect((await fetch(second.url)).status).toBe(200);
  });

  it('says how to build when the explorer is missing', async () => {
    await expect(startExplorerServer({ root: join(root, 'nowhere'), port: 0 })).rejects.toThrow(/npm run build/);
  });
});

describe('actlab start', () => {
  it('prints the address, serves the explorer, and exits cleanly on Ctrl-C (SIGINT)', async () => {
    const { spawn } = await import('node:child_process');
    const bin = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
    const web = join(import.meta.dirname, '..', 'dist', 'web', 'index.html');
    const { existsSync } = await import('node:fs');
    if (!existsSync(bin) || !existsSync(web)) throw new Error('dist/ is missing: run "npm run build" (npm test does it first)');
    const child = spawn(process.execPath, [bin, 'start', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${stdout}`)), 15_000);
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const match = /actlab explorer: (http:\/\/localhost:\d+\/)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1] as string);
        }
      });
    });
    const page = await (await fetch(url)).text();
    expect(page).toContain('actlab explorer');
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stdout).toContain('stopped');
  }, 30_000);
});
