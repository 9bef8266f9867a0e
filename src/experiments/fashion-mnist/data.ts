/**
 * Where the experiment's images come from. The experiment runs in browsers too, where there is
 * no file system: it reads through a loader that the Node side installs
 * ({@link setImageDatasetLoader}; the CLI and the report's workers call
 * `installFashionMnistLoader` of `actlab/node`, src/node/fashion-mnist.ts). Without one, a run fails
 * with a typed error naming the package to install.
 * @module
 */
import { DatasetMissingError, FASHION_MNIST_PACKAGE, type ImageDataset, type LabelledImages } from '../../data/types.js';

/** Reads the data set in `dir` ('' = the default folder). */
export type ImageDatasetLoader = (dir: string) => ImageDataset;

let loader: ImageDatasetLoader | undefined;

/** Installs (or, with undefined, removes) the loader the fashion-mnist experiment reads with. */
export function setImageDatasetLoader(next: ImageDatasetLoader | undefined): void {
  loader = next;
}

/** The data set in `dir`, through the installed loader. */
export function loadImageDataset(dir: string): ImageDataset {
  if (!loader) {
    throw new DatasetMissingError(
      dir || 'fashion-mnist',
      `fashion-mnist: no data set loader here (it reads files, so it runs under Node: actlab run fashion-mnist); the data comes from \`apt-get install -y ${FASHION_MNIST_PACKAGE}\``,
    );
  }
  return loader(dir);
}

/** Images `from … to` of a set (views, no copy). */
export function sliceImages(set: LabelledImages, from: number, to: number): LabelledImages {
  const pixels = set.rows * set.cols;
  return { count: to - from, rows: set.rows, cols: set.cols, images: set.images.subarray(from * pixels, to * pixels), labels: set.labels.subarray(from, to) };
}
