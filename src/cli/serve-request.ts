/**
 * The explorer server's checks on what a request asks for, before the disk is touched: the
 * `Host` header (no DNS rebinding), the path (plain segments only), `--port` and `--host`.
 * Pure functions of text.
 * @module
 */
import { isIP } from 'node:net';
import { UsageError } from './args.js';

/** The longest request target accepted (the explorer's own addresses are far shorter). */
export const MAX_URL_LENGTH = 4096;

/** Parses `--port`: an integer in [0, 65535] written in decimal digits (0 = any free port). */
export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be an integer in [0, 65535] (0 = any free port), got "${text}"`);
  return Number(text);
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Strips the brackets of an IPv6 literal (`[::1]` → `::1`). */
export function unbracket(host: string): string {
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
