/**
 * Image data sets as plain data, and the errors of reading them. Browser-safe: the Node reader
 * (idx.ts, fashion-mnist.ts) fills these shapes from files; experiments read only the shapes.
 * @module
 */
import { ActlabError } from '../errors.js';

/** The Debian package that installs Fashion-MNIST in {@link DEFAULT_FASHION_MNIST_DIR}. */
export const FASHION_MNIST_PACKAGE = 'dataset-fashion-mnist';

/** Where `apt-get install -y dataset-fashion-mnist` puts the four IDX files. */
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The environment variable that overrides {@link DEFAULT_FASHION_MNIST_DIR} (a `--data DIR` overrides both). */
export const FASHION_MNIST_ENV = 'ACTLAB_FASHION_MNIST';

/** Fashion-MNIST's class names, label 0 to 9 (Zalando's README). */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/** Labelled grey images: image i is `images[i·rows·cols … (i+1)·rows·cols)`, row-major, scaled to [0, 1]. */
export interface LabelledImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** Pixel values / 255, count × rows × cols. */
  readonly images: Float32Array;
  /** Class indices 0 … classes − 1. */
  readonly labels: Uint8Array;
}

/** A training set and a test set of the same image size and classes. */
export interface ImageDataset {
  /** The folder the files were read from. */
  readonly source: string;
  readonly classes: number;
  readonly train: LabelledImages;
  readonly test: LabelledImages;
}

/**
 * An IDX file that cannot be read as what it should be: truncated, corrupt, of the wrong type
 * or shape, or inconsistent with its partner file. The message names the file and what was
 * expected; nothing is ever returned from such a file.
 */
export class IdxFormatError extends ActlabError {
  constructor(
    /** The file's path (or name). */
    readonly file: string,
    /** What was wrong, in words. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`, 'IDX_FORMAT');
  }
}

/** A data set that is not where it was looked for; the message says how to install it. */
export class DatasetMissingError extends ActlabError {
  constructor(
    /** The folder (or file) looked for. */
    readonly path: string,
    message: string,
  ) {
    super(message, 'DATASET_MISSING');
  }
}
