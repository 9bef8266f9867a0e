/**
 * Node-only additions (`actlab/node`): what needs worker_threads or the file system, kept out of
 * the main entry so that it stays usable in browsers and Workers.
 * @module
 */
import '../formula/install.js'; // formulas wherever an activation is named
export { enableMatmulThreads } from './threads.js';
export { installFashionMnistLoader } from './fashion-mnist.js';
export { loadFashionMnist, loadFashionMnistCached, fashionMnistDir, type LoadOptions } from '../data/fashion-mnist.js';
export { readIdx, readIdxImages, readIdxLabels, parseIdx, decompress, scalePixels, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, type IdxImages } from '../data/idx.js';
export * from '../data/types.js';
