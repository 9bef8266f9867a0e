/**
 * The analysis engine: properties of activations computed from their definitions.
 * @module
 */
export * from './moments.js';
export * from './properties.js';
export * from './gain.js';
export * from './propagation.js';
export * from './self-normalizing.js';
export * from './table.js';
export * from './advisor.js';
