/**
 * Figures: Vega-Lite specs built from results (specs.ts, pure, browser-safe) and their
 * rendering to SVG and PNG in Node (render.ts).
 * @module
 */
export * from './specs.js';
