/**
 * The explorer server's answers: the security headers and Content-Security-Policy on every
 * response, and the files — regular files inside the build folder only, opened without
 * blocking and streamed.
 * @module
 */
import { constants } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { FASHION_MNIST_ROUTE, serveFashionMnist } from './serve-data.js';
import { hostAllowed, requestSegments } from './serve-request.js';

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

/**
 * The page's policy. Scripts, workers, WebAssembly, fonts and fetches come from this origin only;
 * no inline script, no eval; `'wasm-unsafe-eval'` lets the kernels compile WebAssembly and
 * nothing else. Styles allow inline attributes because KaTeX and Vega's SVG set sizes in
 * `style=""`. `data:` images and fonts: the page's empty favicon, KaTeX's smallest fonts (inlined
 * by Vite) and the PNG download of the figures.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy sent with scripts. Browsers apply a script response's policy only when it starts a
 * worker; the compute worker runs Vega, which compiles its expressions with `new Function`, so
 * workers may eval — inside the worker, which has no DOM, and only code from this origin.
 */
export const WORKER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-eval'");

/** Headers on every response, success or error. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

/** Opens a regular file at `file` if its real path lies inside `root`, without ever blocking. */
async function openInside(root: string, file: string): Promise<{ handle: FileHandle; size: number } | 'directory' | undefined> {
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return undefined;
  }
  if (real !== root && !real.startsWith(root + sep)) return undefined;
  // Never open a device, FIFO or socket, even without blocking: opening some devices acts.
  try {
    const kind = await lstat(real);
    if (!kind.isFile() && !kind.isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO does not wait for a writer; O_NOFOLLOW: no link swapped in since.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (info.isFile()) return { handle, size: info.size };
    await handle.close();
    return info.isDirectory() ? 'directory' : undefined;
  } catch {
    await handle.close().catch(() => undefined);
    return undefined;
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'bad request',
  403: 'forbidden: this server answers only to localhost names and IP addresses',
  404: 'not found',
  405: 'method not allowed',
  414: 'address too long',
  500: 'internal error',
};

/**
 * The request listener: checks Host, method and path, then serves the file (or an error page),
 * or the Fashion-MNIST subset of {@link FASHION_MNIST_ROUTE} read from `dataDir` (serve-data.ts).
 */
export function requestHandler(root: string, port: () => number, extraHost: string | undefined, dataDir?: string) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const head = request.method === 'HEAD';
    const send = (status: number) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const body = `${STATUS_TEXT[status] ?? 'error'}\n`;
      if (status === 405) response.setHeader('allow', 'GET, HEAD');
      response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      response.end(head ? undefined : body);
    };
    if (!hostAllowed(request.headers.host, port(), extraHost)) return send(403);
    if (request.method !== 'GET' && !head) return send(405);
    const segments = requestSegments(request.url ?? '');
    if (typeof segments === 'number') return send(segments);
    if (`/${segments.join('/')}` === FASHION_MNIST_ROUTE) {
      const target = request.url ?? '';
      const cut = target.indexOf('?');
      void serveFashionMnist(cut < 0 ? '' : target.slice(cut + 1), head, dataDir, response, SECURITY_HEADERS).catch(() => {
        if (!response.headersSent) send(500);
      });
      return;
    }
    void serveFile(root, segments, head, response).then((status) => {
      if (status !== 200) send(status);
    }, () => send(500));
  };
}

/** Streams the file the segments name; returns 200 when it answered, else the status to send. */
async function serveFile(root: string, segments: readonly string[], head: boolean, response: ServerResponse): Promise<number> {
  let file = join(root, ...segments);
  let opened = await openInside(root, file);
  if (opened === 'directory') {
    file = join(file, 'index.html');
    opened = await openInside(root, file);
  }
  if (opened === undefined || opened === 'directory') return 404;
  const { handle, size } = opened;
  const hashed = file.startsWith(join(root, 'assets') + sep);
  const type = extname(file).toLowerCase();
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    ...(type === '.js' || type === '.mjs' ? { 'content-security-policy': WORKER_CONTENT_SECURITY_POLICY } : {}),
    'content-type': TYPES[type] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (head) {
    await handle.close();
    response.end();
    return 200;
  }
  const stream = handle.createReadStream({ start: 0, end: Math.max(0, size - 1), autoClose: true });
  if (size === 0) {
    stream.destroy();
    response.end();
    return 200;
  }
  stream.on('error', () => response.destroy());
  response.on('close', () => stream.destroy());
  stream.pipe(response);
  return 200;
}
