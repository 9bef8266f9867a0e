/**
 * A minimal reader of the Fashion-MNIST IDX files for the benchmarks (the library's own reader,
 * with full validation, is src/data/): gunzip, skip the 16- or 8-byte header, check the count.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const INSTALL_HINT = 'apt-get install -y dataset-fashion-mnist';

function idx(path, headerBytes) {
  const bytes = gunzipSync(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4);
  return { count, data: bytes.subarray(headerBytes) };
}

/** { images: Float32Array (n × 784, pixels / 255), labels: Uint8Array } for 'train' or 't10k', or a string saying what is missing. */
export function loadSplit(split, dir = FASHION_MNIST_DIR) {
  const images = join(dir, `${split}-images-idx3-ubyte.gz`);
  const labels = join(dir, `${split}-labels-idx1-ubyte.gz`);
  for (const file of [images, labels]) if (!existsSync(file)) return `${file} is missing: ${INSTALL_HINT}`;
  const x = idx(images, 16);
  const y = idx(labels, 8);
  if (x.count !== y.count || x.data.length !== x.count * 784 || y.data.length !== y.count) return `${dir}: IDX files of unexpected sizes`;
  const pixels = new Float32Array(x.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = x.data[i] / 255;
  return { images: pixels, labels: Uint8Array.from(y.data), count: x.count };
}
