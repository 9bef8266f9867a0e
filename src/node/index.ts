/**
 * Node-only additions (`actlab/node`): what needs worker_threads or the file system, kept out of
 * the main entry so that it stays usable in browsers and Workers.
 * @module
 */
export { enableMatmulThreads } from './threads.js';
