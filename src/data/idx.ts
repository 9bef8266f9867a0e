/**
 * IDX files (LeCun's MNIST format, also Fashion-MNIST's): a 4-byte magic number — two zero
 * bytes, a type code (0x08 = unsigned byte) and the number of dimensions — then each dimension
 * as a big-endian uint32, then the values in row-major order. Files may be gzip-compressed
 * (recognised by gzip's 0x1f 0x8b signature, inflated with node:zlib) or plain.
 *
 * Everything is checked before a value is returned: the magic number, the dimensions, and that
 * the file holds exactly as many bytes as the dimensions say (neither truncated nor followed by
 * trailing bytes). A file that fails raises an {@link IdxFormatError} naming it and what was
 * expected — never garbage. Node only (node:fs, node:zlib).
 * @module
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';
import { IdxFormatError } from './types.js';

/** The magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** The magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** The type codes of the IDX format; actlab reads only unsigned bytes. */
const TYPE_NAMES: Readonly<Record<number, string>> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };

/** A parsed IDX file of unsigned bytes. */
export interface IdxArray {
  readonly dims: readonly number[];
  /** The values, row-major (a view into the file's bytes). */
  readonly data: Uint8Array;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** Whether the bytes start with gzip's signature (0x1f 0x8b). */
const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const badGzip = (file: string, error: unknown) => new IdxFormatError(file, `not a valid gzip stream (${reasonOf(error)}); expected a gzip-compressed or plain IDX file`);
const unreadable = (file: string, error: unknown) => new IdxFormatError(file, `cannot be read (${reasonOf(error)})`);

/** Inflates gzip data (when it starts with gzip's signature); plain bytes are returned as they are. */
export function decompress(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw badGzip(file, error);
  }
}

/**
 * Parses the bytes of an uncompressed IDX file whose magic number must be `magic`
 * (unsigned bytes, `magic & 0xff` dimensions).
 * @throws {IdxFormatError} for a wrong magic number, a zero dimension, or a length that differs from the dimensions'
 */
export function parseIdx(bytes: Uint8Array, file: string, magic: number): IdxArray {
  const ndim = magic & 0xff;
  const kind = `an IDX file of unsigned bytes with ${ndim} dimension${ndim === 1 ? '' : 's'} (magic ${hex(magic)})`;
  if (bytes.length < 4) throw new IdxFormatError(file, `${bytes.length} bytes, too short for an IDX header; expected ${kind}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) {
    const type = TYPE_NAMES[bytes[2] as number];
    const what = bytes[0] === 0 && bytes[1] === 0 && type ? ` (${type}, ${bytes[3]} dimensions)` : ' (not an IDX magic number)';
    throw new IdxFormatError(file, `magic number ${hex(found)}${what}; expected ${kind}`);
  }
  const header = 4 + 4 * ndim;
  if (bytes.length < header) throw new IdxFormatError(file, `truncated header: ${bytes.length} bytes, expected at least ${header} for ${kind}`);
  const dims: number[] = [];
  let size = 1;
  for (let d = 0; d < ndim; d++) {
    const dim = view.getUint32(4 + 4 * d);
    if (dim === 0) throw new IdxFormatError(file, `dimension ${d + 1} is 0; expected a positive size`);
    dims.push(dim);
    size *= dim;
  }
  const body = bytes.length - header;
  if (body !== size) {
    const problem = body < size ? 'truncated' : `${body - size} trailing bytes`;
    throw new IdxFormatError(file, `${problem}: dimensions ${dims.join(' × ')} need ${size} bytes of data after the ${header}-byte header, found ${body}`);
  }
  return { dims, data: bytes.subarray(header) };
}

/** Reads an IDX file from disk (gzip or plain); see {@link parseIdx}. */
export function readIdx(path: string, magic: number): IdxArray {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  return parseIdx(decompress(raw, path), path, magic);
}

const gunzipAsync = promisify(gunzip);

/**
 * {@link readIdx} without blocking the event loop: the file is read and inflated on libuv's
 * thread pool (a server answering other requests meanwhile — `actlab start`).
 */
export async function readIdxAsync(path: string, magic: number): Promise<IdxArray> {
  let raw: Uint8Array;
  try {
    raw = await readFile(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  let bytes = raw;
  if (isGzip(raw)) {
    try {
      bytes = await gunzipAsync(raw);
    } catch (error) {
      throw badGzip(path, error);
    }
  }
  return parseIdx(bytes, path, magic);
}

/** Images as read: count, rows, cols and the raw bytes. */
export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly pixels: Uint8Array;
}

/** Reads an IDX images file (magic 0x00000803: count × rows × cols unsigned bytes). */
export function readIdxImages(path: string): IdxImages {
  return imagesOf(readIdx(path, IDX_IMAGES_MAGIC));
}

/** {@link readIdxImages} on the thread pool (see {@link readIdxAsync}). */
export async function readIdxImagesAsync(path: string): Promise<IdxImages> {
  return imagesOf(await readIdxAsync(path, IDX_IMAGES_MAGIC));
}

function imagesOf({ dims, data }: IdxArray): IdxImages {
  return { count: dims[0] as number, rows: dims[1] as number, cols: dims[2] as number, pixels: data };
}

/**
 * Reads an IDX labels file (magic 0x00000801) whose every value must be a class index below `classes`.
 * @throws {IdxFormatError} also for a label ≥ classes (naming the first one and its position)
 */
export function readIdxLabels(path: string, classes: number): Uint8Array {
  return checkedLabels(path, readIdx(path, IDX_LABELS_MAGIC).data, classes);
}

/** {@link readIdxLabels} on the thread pool (see {@link readIdxAsync}). */
export async function readIdxLabelsAsync(path: string, classes: number): Promise<Uint8Array> {
  return checkedLabels(path, (await readIdxAsync(path, IDX_LABELS_MAGIC)).data, classes);
}

function checkedLabels(path: string, data: Uint8Array, classes: number): Uint8Array {
  for (let i = 0; i < data.length; i++) {
    if ((data[i] as number) >= classes) throw new IdxFormatError(path, `label ${data[i]} at index ${i}; expected class indices 0 to ${classes - 1}`);
  }
  return data;
}

/** Pixels as float32 in [0, 1] (value / 255). */
export function scalePixels(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 255;
  return out;
}
