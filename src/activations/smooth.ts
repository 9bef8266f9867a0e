/**
 * Smooth activations: Swish/SiLU, GELU (exact and tanh approximation), Softplus, LogSigmoid,
 * Mish, Squareplus and Softsign — one file each (or per pair) under `smooth/`, gathered here.
 *
 * The hard parts, and how each is kept exact:
 * - Deep negative tails (f ≈ z·e^z and the like) round into the subnormal range; the
 *   exponential is multiplied in last (`mulExp` in `math/dd.ts`) so the multiplier does not
 *   amplify its rounding.
 * - Arguments such as β·z and √(2/π)(z + 0.044715z³) are formed as double-doubles before
 *   they reach exp: rounding them would cost |u|·2⁻⁵³ relative error.
 * - Next to the minimum of a non-monotone activation, the two terms of f′ cancel. Swish′ has
 *   a closed cancellation-free form; GELU, GELU-tanh and Mish use f′(z) = (z − z*)·P(z − z*)
 *   with P a Chebyshev series fitted about the root z* (tools/generate-coefficients.py;
 *   `smooth/shared.ts`). The same treatment keeps Swish″, GELU-tanh″ and Mish″ exact around
 *   their sign changes.
 *
 * Double-double low parts pass between functions by the convention of `math/dd.ts`: high part
 * returned, low part in `LOW[0]`.
 * @module
 */
export { swish } from './smooth/swish.js';
export { gelu } from './smooth/gelu.js';
export { geluTanh } from './smooth/gelu-tanh.js';
export { logSigmoid, softplus } from './smooth/softplus.js';
export { mish } from './smooth/mish.js';
export { softsign, squareplus } from './smooth/algebraic.js';
