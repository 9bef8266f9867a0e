/**
 * Node-only additions (`actlab/node`): what needs worker_threads or the file system, kept out of
 * the main entry so that it stays usable in browsers and Workers.
 * @module
 */
import '../formula/install.js'; // formulas wherever an activation is named
export { enableMatmulThreads } from './threads.js';
