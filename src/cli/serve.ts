/**
 * `actlab start`: serves the web explorer (the Vite build in dist/web) on localhost with
 * Node's http module — static files only, offline, no dependencies. A taken port moves on to
 * the next free one; Ctrl-C closes the server and exits cleanly.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built explorer: dist/web beside dist/cli (installed), or from src/cli (tests, ts-node). */
export function defaultWebRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'web'), join(here, '..', '..', 'dist', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
}

export interface ExplorerServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  /** True when the requested port was taken and another was chosen. */
  readonly moved: boolean;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly root?: string;
  /** 0 = any free port. Default 5180. */
  readonly port?: number;
  readonly host?: string;
}

export const DEFAULT_PORT = 5180;

function handler(root: string) {
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
    const send = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      send(405, 'method not allowed\n');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      send(400, 'bad request\n');
      return;
    }
    if (pathname.includes('\0')) {
      send(400, 'bad request\n');
      return;
    }
    let file = normalize(join(root, pathname));
    if (file !== root && !file.startsWith(rootWithSep)) {
      send(403, 'forbidden\n');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
    } catch {
      send(404, 'not found\n');
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      send(404, 'not found\n');
      return;
    }
    const hashed = file.includes(`${sep}assets${sep}`);
    response.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Starts the server; a taken port moves to the next ones, then to any free port. */
export async function startExplorerServer(options: ServeOptions = {}): Promise<ExplorerServer> {
  const root = resolve(options.root ?? defaultWebRoot());
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the explorer is not built (no ${join(root, 'index.html')}): run "npm run build"`);
  }
  const host = options.host ?? '127.0.0.1';
  const wanted = options.port ?? DEFAULT_PORT;
  const server = createServer(handler(root));
  const tries = wanted === 0 ? [0] : [...Array.from({ length: 10 }, (_, i) => wanted + i).filter((p) => p <= 65535), 0];
  let port: number | undefined;
  for (const candidate of tries) {
    try {
      port = await listen(server, candidate, host);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    }
  }
  if (port === undefined) throw new Error('no free port');
  const shownHost = host === '127.0.0.1' || host === '::1' || host === '0.0.0.0' ? 'localhost' : host;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}/`,
    moved: wanted !== 0 && port !== wanted,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
