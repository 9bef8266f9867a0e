/** A raw HTTP/1.1 client for the server tests: sends the request line and headers exactly as given. */
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly ms: number;
}

/**
 * Sends `METHOD target HTTP/1.1` with `headers` (a `Host` only if given) and `Connection: close`,
 * and reads the whole answer. Status 0: the server closed the connection without answering.
 * Rejects after `timeoutMs`.
 */
export function rawRequest(
  port: number,
  target: string,
  options: { method?: string; host?: string | null; headers?: Record<string, string>; timeoutMs?: number; address?: string } = {},
): Promise<RawResponse> {
  const started = performance.now();
  const lines = [`${options.method ?? 'GET'} ${target} HTTP/1.1`];
  if (options.host !== null) lines.push(`Host: ${options.host ?? `127.0.0.1:${port}`}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  lines.push('Connection: close', '', '');
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: options.address ?? '127.0.0.1' });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${options.timeoutMs ?? 5000} ms to ${JSON.stringify(target)}`));
    }, options.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = (split < 0 ? all : all.subarray(0, split)).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status, headers, body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4), ms: performance.now() - started });
    });
    socket.write(Buffer.from(lines.join('\r\n'), 'utf8'));
  });
}
