/**
 * `actlab start`'s one dynamic answer: GET /data/fashion-mnist?train=N&test=M, the first N
 * training and first M test images of the installed Fashion-MNIST (the files' own order, which
 * Zalando shuffled, so a prefix holds every class), in the explorer's compact binary form
 * ({@link encodeSubset}): the page's "Real data" panel trains on it in Web Workers.
 *
 * Sizes are validated (decimal integers in range, no other parameter); a missing data set is a
 * 404 whose JSON `message` names the apt package and the command that installs it.
 * @module
 */
import type { ServerResponse } from 'node:http';
import { loadFashionMnistCachedAsync } from '../data/fashion-mnist.js';
import { DatasetMissingError, FASHION_MNIST_PACKAGE, type LabelledImages } from '../data/types.js';

/** The path of the route. */
export const FASHION_MNIST_ROUTE = '/data/fashion-mnist';
/** Bounds of the sizes asked for (Fashion-MNIST has 60,000 training and 10,000 test images). */
export const SUBSET_LIMITS = { train: { min: 100, max: 60_000, default: 10_000 }, test: { min: 100, max: 10_000, default: 2_000 } } as const;
/** The first four bytes of the binary form: "AFM1". */
export const SUBSET_MAGIC = 0x31_4d_46_41;
/** Bytes of the header: magic, train count, test count, rows, cols (uint32, little-endian). */
export const SUBSET_HEADER_BYTES = 20;

/** The sizes a query asks for, or the message saying what is wrong. */
export function parseSubsetQuery(query: string): { train: number; test: number } | { message: string } {
  const params = new URLSearchParams(query);
  const sizes = { train: SUBSET_LIMITS.train.default as number, test: SUBSET_LIMITS.test.default as number };
  for (const [name, value] of params) {
    if (name !== 'train' && name !== 'test') return { message: `unknown parameter "${name.slice(0, 40)}" (only train and test)` };
    const limits = SUBSET_LIMITS[name];
    if (!/^\d{1,6}$/.test(value) || Number(value) < limits.min || Number(value) > limits.max) {
      return { message: `${name} must be an integer from ${limits.min} to ${limits.max}, got "${value.slice(0, 20)}"` };
    }
    sizes[name] = Number(value);
  }
  return sizes;
}

function writeSplit(out: Buffer, offset: number, split: LabelledImages, count: number): number {
  const pixels = count * split.rows * split.cols;
  for (let i = 0; i < pixels; i++) out[offset + i] = Math.round((split.images[i] as number) * 255);
  out.set(split.labels.subarray(0, count), offset + pixels);
  return offset + pixels + count;
}

/**
 * The binary form: a 20-byte header (uint32 LE: "AFM1", train count, test count, rows, cols),
 * then the training pixels (uint8, row-major, image after image), the training labels (uint8),
 * the test pixels and the test labels.
 */
export function encodeSubset(train: LabelledImages, test: LabelledImages, trainCount: number, testCount: number): Buffer {
  const n = Math.min(trainCount, train.count);
  const m = Math.min(testCount, test.count);
  const size = train.rows * train.cols;
  const out = Buffer.alloc(SUBSET_HEADER_BYTES + (n + m) * (size + 1));
  [SUBSET_MAGIC, n, m, train.rows, train.cols].forEach((value, i) => out.writeUInt32LE(value, 4 * i));
  writeSplit(out, writeSplit(out, SUBSET_HEADER_BYTES, train, n), test, m);
  return out;
}

/** Answers a request for the route: the subset, or a JSON error (400 bad sizes, 404 not installed, 500 unreadable). */
export async function serveFashionMnist(query: string, head: boolean, dataDir: string | undefined, response: ServerResponse, headers: Readonly<Record<string, string>>): Promise<void> {
  const json = (status: number, body: Record<string, string>) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    response.end(head ? undefined : text);
  };
  const sizes = parseSubsetQuery(query);
  if ('message' in sizes) return json(400, { error: 'bad-request', message: sizes.message });
  let body: Buffer;
  try {
    // Read and inflated on the thread pool: the server answers other requests meanwhile.
    const data = await loadFashionMnistCachedAsync(dataDir);
    body = encodeSubset(data.train, data.test, sizes.train, sizes.test);
  } catch (error) {
    if (error instanceof DatasetMissingError) {
      return json(404, { error: 'dataset-missing', message: error.message, package: FASHION_MNIST_PACKAGE, command: `apt-get install -y ${FASHION_MNIST_PACKAGE}` });
    }
    return json(500, { error: 'unreadable', message: error instanceof Error ? error.message : String(error) });
  }
  response.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
  response.end(head ? undefined : body);
}
