/**
 * Connects the fashion-mnist experiment (which runs anywhere) to the files on this machine.
 * @module
 */
import { loadFashionMnistCached } from '../data/fashion-mnist.js';
import { setImageDatasetLoader } from '../experiments/fashion-mnist/data.js';

/**
 * Makes the fashion-mnist experiment read its images from disk ({@link loadFashionMnistCached}:
 * `--data DIR`, else $ACTLAB_FASHION_MNIST, else /usr/share/datasets/fashion-mnist). The CLI,
 * the report's workers and `actlab/node` users call this once.
 */
export function installFashionMnistLoader(): void {
  setImageDatasetLoader((dir) => loadFashionMnistCached(dir || undefined));
}
