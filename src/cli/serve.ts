/**
 * `actlab start`: serves the web explorer (the Vite build in dist/web) with Node's http module —
 * static files only, offline, no dependencies.
 *
 * What it serves, and to whom:
 * - only regular files whose real path (symbolic links resolved) lies inside the build folder,
 *   opened without blocking (a FIFO or a device there is refused, never read) and streamed;
 * - only to GET and HEAD (405 otherwise), for paths made of plain segments (no `.`/`..`, no
 *   encoded slash or backslash, no NUL or control characters, no dot-files, at most
 *   {@link MAX_URL_LENGTH} characters): anything else is 400, 404 or 414 before the disk is read;
 * - only to requests whose `Host` names this machine — `localhost`, `*.localhost`, an IP literal,
 *   or the name given to `--host` — with no port or the server's own port: a page on another
 *   site that rebinds its DNS name to 127.0.0.1 gets 403 (the rule Vite's dev server uses);
 * - with a Content-Security-Policy (scripts, workers and WebAssembly from this origin only, no
 *   inline script, no framing), `Referrer-Policy: no-referrer`, `X-Content-Type-Options:
 *   nosniff` and `Cross-Origin-Resource-Policy: same-origin` on every response.
 * @module
 */
import { constants, existsSync, realpathSync } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { lookup } from 'node:dns/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActlabError } from '../errors.js';
import { parseArgs, UsageError, type OptionSpec } from './args.js';
import { out } from './format.js';

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

/** The longest request target accepted (the explorer's own addresses are far shorter). */
export const MAX_URL_LENGTH = 4096;

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

/** The built explorer: dist/web beside dist/cli (installed), or from src/cli (tests, ts-node). */
export function defaultWebRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'web'), join(here, '..', '..', 'dist', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
}

/** Where the explorer's sources live (package.json's repository). */
const REPOSITORY = 'https://github.com/actlab/actlab';

/** True in a checkout of the repository (the explorer's sources beside dist/), false in an npm install. */
function inRepository(): boolean {
  const here = dirname(fileURLToPath(import.meta.url));
  return existsSync(join(here, '..', '..', 'web', 'vite.config.ts'));
}

export interface ExplorerServer {
  readonly server: Server;
  /** The address to open: the bound address (or `--host`'s name), with the real port. */
  readonly url: string;
  readonly port: number;
  /** The address the socket is bound to (`127.0.0.1`, `::`, …). */
  readonly address: string;
  /** True when the address is not a loopback one: other machines can reach the server. */
  readonly exposed: boolean;
  /** True when the requested port was taken and another was chosen (only with `moveIfTaken`). */
  readonly moved: boolean;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly root?: string;
  /** 0 = any free port. Default 5180. */
  readonly port?: number;
  /** An IP literal or a name that resolves. Default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** Try the next ports, then any free one, when `port` is taken (`npm start`'s default port). Default false: a taken port is an error. */
  readonly moveIfTaken?: boolean;
}

export const DEFAULT_PORT = 5180;

/** A server that cannot start for a reason the user can fix (port taken, address not ours). */
export class ServeError extends ActlabError {
  constructor(message: string) {
    super(message, 'SERVE');
  }
}

/** Parses `--port`: an integer in [0, 65535] written in decimal digits (0 = any free port). */
export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be an integer in [0, 65535] (0 = any free port), got "${text}"`);
  return Number(text);
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Strips the brackets of an IPv6 literal (`[::1]` → `::1`). */
function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Checks `--host`'s spelling: an IP literal or a DNS name (resolution happens when starting). */
export function parseHost(text: string): string {
  const host = unbracket(text);
  if (host === '') throw new UsageError('--host must be an IP address or a host name (e.g. 127.0.0.1, ::1, localhost), got ""');
  if (isIP(host)) return host;
  const labels = host.replace(/\.$/, '').split('.');
  if (host.length > 253 || !labels.every((label) => HOST_LABEL.test(label))) {
    throw new UsageError(`--host must be an IP address or a host name (e.g. 127.0.0.1, ::1, localhost), got "${text}"`);
  }
  return host.toLowerCase();
}

/** True for addresses only this machine can reach. */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === '::1' || /^127\./.test(a) || /^::ffff:127\./.test(a);
}

/** The `Host` header's name and port, or undefined when it is not one. */
function splitHost(header: string): { name: string; port: string | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header);
  if (!match) return undefined;
  return { name: (match[1] as string).toLowerCase(), port: match[2] };
}

/**
 * Whether a request's `Host` header names this server: localhost, a `.localhost` name, an IP
 * literal (a DNS-rebinding page cannot send one: its requests carry its own name), or `extra`
 * (the name given to `--host`); with no port or `port`.
 */
export function hostAllowed(header: string | undefined, port: number, extra?: string): boolean {
  if (header === undefined) return false;
  const host = splitHost(header);
  if (!host || (host.port !== undefined && Number(host.port) !== port)) return false;
  const name = host.name;
  if (name === 'localhost' || name.endsWith('.localhost')) return name.split('.').every((label) => HOST_LABEL.test(label));
  if (name.startsWith('[')) return isIP(unbracket(name)) === 6;
  if (isIP(name) === 4) return true;
  return extra !== undefined && name === extra.toLowerCase().replace(/\.$/, '');
}

/**
 * The file a request path names, as segments below the root, or an HTTP status refusing it.
 * Refused before the disk is touched: encoded `/` or `\`, backslashes, NUL and control
 * characters, `.`/`..` and dot-files, empty segments, invalid percent-encoding.
 */
export function requestSegments(target: string): string[] | 400 | 404 | 414 {
  if (target.length > MAX_URL_LENGTH) return 414;
  if (!target.startsWith('/')) return 400;
  const cut = target.search(/[?#]/);
  const rawPath = cut < 0 ? target : target.slice(0, cut);
  if (/%(2f|5c|00)|\\/i.test(rawPath)) return 400;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return 400;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return 400;
  const segments = path.slice(1).split('/');
  if (segments.at(-1) === '') segments.pop(); // "/" and "/dir/"
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return 400;
    if (segment.startsWith('.') || Buffer.byteLength(segment) > 255) return 404;
  }
  return segments;
}

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

function handler(root: string, port: () => number, extraHost: string | undefined) {
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

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolveListen(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });
}

/** The address `host` names: itself for an IP literal, else the first address it resolves to. */
async function resolveHost(host: string): Promise<string> {
  const literal = unbracket(host);
  if (isIP(literal)) return literal;
  try {
    return (await lookup(literal)).address;
  } catch {
    throw new UsageError(`--host "${host}" does not resolve to an address of this machine; give an IP address (e.g. 127.0.0.1) or a name that resolves`);
  }
}

const urlHost = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

/**
 * Starts the server. A taken port is a {@link ServeError}, unless `moveIfTaken` (then the next
 * ten ports are tried, then any free one).
 */
export async function startExplorerServer(options: ServeOptions = {}): Promise<ExplorerServer> {
  const given = options.root ?? defaultWebRoot();
  if (!existsSync(join(given, 'index.html'))) {
    if (options.root === undefined && !inRepository()) {
      throw new ServeError(
        'the explorer is not part of the npm package (its built pages would triple the install); ' +
          `run it from the repository: git clone ${REPOSITORY} && cd actlab && npm install && npm start`,
      );
    }
    throw new ServeError(`the explorer is not built (no ${join(given, 'index.html')}): run "npm run build"`);
  }
  const root = realpathSync(given);
  const host = parseHost(options.host ?? '127.0.0.1');
  const wanted = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) throw new UsageError(`port must be an integer in [0, 65535], got ${wanted}`);
  const bindAddress = await resolveHost(host);
  let port = 0;
  const server = createServer(handler(root, () => port, isIP(host) ? undefined : host));
  // Slow or idle clients cannot hold the server: headers within 10 s, a request within 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  // A browser opens a handful of connections; a flood beyond this is dropped, not queued.
  server.maxConnections = 256;
  const tries = wanted === 0 || !options.moveIfTaken ? [wanted] : [...Array.from({ length: 10 }, (_, i) => wanted + i).filter((p) => p <= 65535), 0];
  let bound: AddressInfo | undefined;
  for (const candidate of tries) {
    try {
      bound = await listen(server, candidate, bindAddress);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const where = `${urlHost(bindAddress)}:${candidate}`;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        if (options.moveIfTaken && candidate !== tries.at(-1)) continue;
        throw new ServeError(
          code === 'EADDRINUSE'
            ? `port ${candidate} is in use on ${urlHost(bindAddress)}; choose another with --port N, or --port 0 for any free port`
            : `not allowed to listen on ${where} (ports below 1024 need privileges); choose another with --port N, or --port 0 for any free port`,
        );
      }
      if (code === 'EADDRNOTAVAIL') throw new ServeError(`--host ${host}: ${bindAddress} is not an address of this machine`);
      throw new ServeError(`cannot listen on ${where}: ${(error as Error).message}`);
    }
  }
  if (!bound) throw new ServeError('no free port');
  port = bound.port;
  const exposed = !isLoopback(bound.address);
  // A wildcard address is not one to open: this machine reaches it on its loopback address.
  const shown = bound.address === '0.0.0.0' ? '127.0.0.1' : bound.address === '::' ? '::1' : isIP(host) ? bound.address : host;
  return {
    server,
    port,
    address: bound.address,
    exposed,
    url: `http://${urlHost(shown)}:${port}/`,
    moved: wanted !== 0 && port !== wanted,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

export const START_HELP = `Usage: actlab start [--port N] [--host ADDRESS]

Serves the web explorer (built into dist/web by \`npm run build\`) on this machine and prints its
address. Works offline. Without --port, a taken port ${DEFAULT_PORT} moves on to the next free one;
a taken --port N is an error. Ctrl-C stops it.

It serves only the explorer's own files, only to GET/HEAD requests addressed to localhost, an
IP address or the --host name (other Host headers get 403: no DNS rebinding).

Options:
  --port N          port to listen on: an integer in [0, 65535] (default ${DEFAULT_PORT}; 0 = any free port)
  --host ADDRESS    address to bind: an IP address or a name that resolves (default 127.0.0.1,
                    this machine only); 0.0.0.0 or :: listens on every interface, and other
                    machines on the network can then open the explorer (a warning says so)`;

const START_OPTIONS: Record<string, OptionSpec> = { port: { value: true }, host: { value: true }, help: { value: false }, h: { value: false } };

/** `actlab start`: validates --port and --host, serves until SIGINT/SIGTERM, then exits 0. */
export async function commandStart(argv: string[]): Promise<number> {
  const args = parseArgs(argv, START_OPTIONS, 'start');
  if (args.positionals.length) throw new UsageError(`start takes no arguments, got "${args.positionals[0]}"`);
  const portText = args.values.get('port')?.[0];
  const port = portText === undefined ? DEFAULT_PORT : parsePort(portText);
  const host = parseHost(args.values.get('host')?.[0] ?? '127.0.0.1');
  const explorer = await startExplorerServer({ port, host, moveIfTaken: portText === undefined });
  if (explorer.moved) out(`port ${port} is taken; using ${explorer.port}`);
  out(`actlab explorer: ${explorer.url}`);
  if (explorer.exposed) {
    process.stderr.write(
      `actlab: warning: listening on ${urlHost(explorer.address)}:${explorer.port}, reachable from other machines on the network; use --host 127.0.0.1 to keep it on this machine\n`,
    );
  }
  out('(Ctrl-C to stop)');
  return new Promise<number>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void explorer.close().then(() => {
        out('\nstopped');
        done(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
