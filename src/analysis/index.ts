/**
 * The analysis engine: properties of activations computed from their definitions.
 * @module
 */
export { AnalysisDomainError, MAX_KINK, MIN_NORMAL } from './features.js';
export * from './moments.js';
export * from './properties.js';
export * from './gain.js';
export * from './propagation.js';
export * from './self-normalizing.js';
export * from './table.js';
export * from './advisor.js';
