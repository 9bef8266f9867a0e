/**
 * The charts worker: every chart of the explorer — the gallery's curves, the experiments' charts
 * (partial and final), the chapter's figures — drawn from Vega-Lite specs to SVG, headless. It
 * holds the drawing code only (no experiments, no WebAssembly), so it starts as fast as Vega
 * allows, and drawing never waits behind a run: runs go to the compute workers.
 */
import { drawFigure, drawGallery, drawView, redraw, warmUp } from './worker-render.js';
import { serveRequests } from './worker-serve.js';

serveRequests(async (_id, request) => {
  switch (request.kind) {
    case 'warm-render':
      return warmUp();
    case 'gallery-chart':
      return drawGallery(request.entries, request.x, request.width);
    case 'render-view':
      return drawView(request.view, request.result, request.width);
    case 'figure-draw':
      return drawFigure(request.figure, request.results, request.width);
    case 'render':
      return redraw(request.spec, request.width);
    default:
      throw new Error(`the charts worker draws; it does not answer "${request.kind}"`);
  }
});
