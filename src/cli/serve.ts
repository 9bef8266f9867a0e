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
import { existsSync, realpathSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ActlabError } from '../errors.js';
import { HELP_FLAGS, parseArgs, UsageError, type OptionSpec } from './args.js';
import { out } from './format.js';
import { requestHandler } from './serve-files.js';
import { isLoopback, parseHost, parsePort, unbracket } from './serve-request.js';

export { CONTENT_SECURITY_POLICY, WORKER_CONTENT_SECURITY_POLICY } from './serve-files.js';
export { hostAllowed, isLoopback, MAX_URL_LENGTH, parseHost, parsePort, requestSegments } from './serve-request.js';

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
  /** The Fashion-MNIST folder served at /data/fashion-mnist (default: $ACTLAB_FASHION_MNIST, else /usr/share/datasets/fashion-mnist). */
  readonly dataDir?: string;
}

export const DEFAULT_PORT = 5180;

/** A server that cannot start for a reason the user can fix (port taken, address not ours). */
export class ServeError extends ActlabError {
  constructor(message: string) {
    super(message, 'SERVE');
  }
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
 * Binds `server` to `wanted` on `bindAddress`; with `moveIfTaken`, a taken port moves on to the
 * next ten, then to any free one. Errors the user can fix are {@link ServeError}s.
 */
async function bindPort(server: Server, wanted: number, bindAddress: string, host: string, moveIfTaken: boolean): Promise<AddressInfo> {
  const tries = wanted === 0 || !moveIfTaken ? [wanted] : [...Array.from({ length: 10 }, (_, i) => wanted + i).filter((p) => p <= 65535), 0];
  let bound: AddressInfo | undefined;
  for (const candidate of tries) {
    try {
      bound = await listen(server, candidate, bindAddress);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const where = `${urlHost(bindAddress)}:${candidate}`;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        if (moveIfTaken && candidate !== tries.at(-1)) continue;
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
  return bound;
}

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
  const server = createServer(requestHandler(root, () => port, isIP(host) ? undefined : host, options.dataDir));
  // Slow or idle clients cannot hold the server: headers within 10 s, a request within 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  // A browser opens a handful of connections; a flood beyond this is dropped, not queued.
  server.maxConnections = 256;
  const bound = await bindPort(server, wanted, bindAddress, host, Boolean(options.moveIfTaken));
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
IP address or the --host name (other Host headers get 403: no DNS rebinding). The "Real data"
panel's images come from GET /data/fashion-mnist?train=N&test=M: the first N training and M test
images of Fashion-MNIST, read from $ACTLAB_FASHION_MNIST or /usr/share/datasets/fashion-mnist
(apt-get install -y dataset-fashion-mnist).

Options:
  --port N          port to listen on: an integer in [0, 65535] (default ${DEFAULT_PORT}; 0 = any free port)
  --host ADDRESS    address to bind: an IP address or a name that resolves (default 127.0.0.1,
                    this machine only); 0.0.0.0 or :: listens on every interface, and other
                    machines on the network can then open the explorer (a warning says so)`;

const START_OPTIONS: Record<string, OptionSpec> = { port: { value: true }, host: { value: true }, ...HELP_FLAGS };

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
