/**
 * The chapter's figure specs, as one chunk the charts worker loads on demand (chart-worker.ts):
 * they bring the analysis engine along, which the panels' own charts do not need.
 */
export { drawChapterFigure, getChapterFigure } from '../../src/figures/chapter.js';
