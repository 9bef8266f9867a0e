/**
 * Fashion-MNIST (Zalando; MIT licence) — or any folder of IDX files in its layout, MNIST
 * included — read from disk. Node only.
 *
 * The folder is, first found: `options.dir` (the CLI's `--data DIR`), the environment variable
 * `ACTLAB_FASHION_MNIST`, then `/usr/share/datasets/fashion-mnist/`, where Debian's package
 * `dataset-fashion-mnist` installs it (`apt-get install -y dataset-fashion-mnist`). It must hold
 * `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
 * `t10k-labels-idx1-ubyte`, each gzip-compressed (`.gz`) or plain.
 *
 * ```ts
 * import { loadFashionMnist } from 'actlab/node';
 * const data = loadFashionMnist();
 * data.train.count;                         // 60000
 * data.test.labels[0];                      // 9
 * ```
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readIdxImages, readIdxImagesAsync, readIdxLabels, readIdxLabelsAsync, scalePixels, type IdxImages } from './idx.js';
import {
  DatasetMissingError,
  DEFAULT_FASHION_MNIST_DIR,
  FASHION_MNIST_ENV,
  FASHION_MNIST_PACKAGE,
  IdxFormatError,
  type ImageDataset,
  type LabelledImages,
} from './types.js';

export interface LoadOptions {
  /** The folder of the four IDX files (default: $ACTLAB_FASHION_MNIST, else /usr/share/datasets/fashion-mnist). */
  readonly dir?: string;
  /** Labels must be below this (default 10). */
  readonly classes?: number;
}

/** The folder {@link loadFashionMnist} reads for `dir` (see the module comment). */
export function fashionMnistDir(dir?: string): string {
  if (dir) return dir;
  const fromEnv = process.env[FASHION_MNIST_ENV];
  return fromEnv ? fromEnv : DEFAULT_FASHION_MNIST_DIR;
}

const INSTALL = `apt-get install -y ${FASHION_MNIST_PACKAGE}`;

function missing(path: string, what: string): DatasetMissingError {
  return new DatasetMissingError(
    path,
    `${what}; install Fashion-MNIST with \`${INSTALL}\` (it goes to ${DEFAULT_FASHION_MNIST_DIR}), or point --data DIR (or $${FASHION_MNIST_ENV}) at a folder of IDX files in the same layout`,
  );
}

/** The path of `name` in `dir`, gzip-compressed or plain. */
function findFile(dir: string, name: string): string {
  for (const candidate of [`${name}.gz`, name]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  throw missing(join(dir, `${name}.gz`), `no ${name}.gz (or ${name}) in ${dir}`);
}

function readSplit(dir: string, prefix: 'train' | 't10k', classes: number): LabelledImages {
  const imagesPath = findFile(dir, `${prefix}-images-idx3-ubyte`);
  const labelsPath = findFile(dir, `${prefix}-labels-idx1-ubyte`);
  return splitOf(imagesPath, readIdxImages(imagesPath), labelsPath, readIdxLabels(labelsPath, classes));
}

async function readSplitAsync(dir: string, prefix: 'train' | 't10k', classes: number): Promise<LabelledImages> {
  const imagesPath = findFile(dir, `${prefix}-images-idx3-ubyte`);
  const labelsPath = findFile(dir, `${prefix}-labels-idx1-ubyte`);
  const [images, labels] = await Promise.all([readIdxImagesAsync(imagesPath), readIdxLabelsAsync(labelsPath, classes)]);
  return splitOf(imagesPath, images, labelsPath, labels);
}

/** One split from its two files, checked against each other. */
function splitOf(imagesPath: string, images: IdxImages, labelsPath: string, labels: Uint8Array): LabelledImages {
  if (labels.length !== images.count) {
    throw new IdxFormatError(labelsPath, `${labels.length} labels for the ${images.count} images of ${imagesPath}; expected one label per image`);
  }
  return { count: images.count, rows: images.rows, cols: images.cols, images: scalePixels(images.pixels), labels: Uint8Array.from(labels) };
}

/**
 * Reads the training and test sets. Images are float32, pixel / 255.
 * @throws {DatasetMissingError} when the folder or a file is missing (the message names the apt package)
 * @throws {IdxFormatError} when a file is truncated, corrupt, of the wrong shape, or its labels do not match its images
 */
export function loadFashionMnist(options: LoadOptions = {}): ImageDataset {
  const { dir, classes } = folderOf(options);
  return datasetOf(dir, classes, readSplit(dir, 'train', classes), readSplit(dir, 't10k', classes));
}

/**
 * {@link loadFashionMnist} without blocking the event loop for the reading and inflating (done
 * on libuv's thread pool); the same checks and errors (as a rejected promise).
 */
export async function loadFashionMnistAsync(options: LoadOptions = {}): Promise<ImageDataset> {
  const { dir, classes } = folderOf(options);
  const [train, test] = await Promise.all([readSplitAsync(dir, 'train', classes), readSplitAsync(dir, 't10k', classes)]);
  return datasetOf(dir, classes, train, test);
}

function folderOf(options: LoadOptions): { dir: string; classes: number } {
  const dir = fashionMnistDir(options.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw missing(dir, `no data set folder ${dir}`);
  return { dir, classes: options.classes ?? 10 };
}

function datasetOf(dir: string, classes: number, train: LabelledImages, test: LabelledImages): ImageDataset {
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new IdxFormatError(join(dir, 't10k-images-idx3-ubyte'), `images are ${test.rows}×${test.cols}; expected ${train.rows}×${train.cols} as in the training set`);
  }
  return { source: dir, classes, train, test };
}

const cache = new Map<string, ImageDataset>();

/** {@link loadFashionMnist}, read once per folder and process (the experiment's loader). */
export function loadFashionMnistCached(dir?: string): ImageDataset {
  const key = fashionMnistDir(dir);
  let data = cache.get(key);
  if (!data) {
    data = loadFashionMnist({ dir: key });
    cache.set(key, data);
  }
  return data;
}

const pending = new Map<string, Promise<ImageDataset>>();

/**
 * {@link loadFashionMnistAsync}, read once per folder and process, sharing the cache of
 * {@link loadFashionMnistCached}; requests that arrive while the first read is under way wait
 * for it. A failed read is not cached (the data may be installed meanwhile).
 */
export function loadFashionMnistCachedAsync(dir?: string): Promise<ImageDataset> {
  const key = fashionMnistDir(dir);
  const done = cache.get(key);
  if (done) return Promise.resolve(done);
  let promise = pending.get(key);
  if (!promise) {
    promise = loadFashionMnistAsync({ dir: key }).then(
      (data) => {
        cache.set(key, data);
        pending.delete(key);
        return data;
      },
      (error: unknown) => {
        pending.delete(key);
        throw error;
      },
    );
    pending.set(key, promise);
  }
  return promise;
}
