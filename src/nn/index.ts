/**
 * The MLP engine: matrices, dense layers with any registry activation, initialisers, losses,
 * optimisers, weight penalties, the network with its training loop, toy data sets, a gradient
 * check and the explorer's playground trainer.
 * @module
 */
import '../formula/install.js'; // formulas wherever an activation is named
// The Matrix-object products; \`matmulTransposeB\` of the root entry is the typed-array kernel, so
// this one is exported as matmulTransposeBMatrix (one name, one meaning, across entry points).
export {
  matrix,
  fromRows,
  at,
  matmul,
  matmulTransposeA,
  matmulTransposeB as matmulTransposeBMatrix,
  addRowVector,
  transpose,
  columnSums,
  selectRows,
  frobeniusNorm,
  type Matrix,
} from './matrix.js';
export * from './init.js';
export * from './layers.js';
export * from './losses.js';
export * from './optimizers.js';
export * from './network.js';
export * from './datasets.js';
export * from './gradient-check.js';
export * from './playground.js';
export * from './playground-features.js';
export * from './regularization.js';
export * from './classifier/index.js';
