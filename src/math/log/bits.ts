/**
 * Bit access to a double, shared by the logarithms (one scratch: the functions that use it run
 * to completion, so they never see each other's value). The word order is detected once so the
 * code is right on a big-endian engine too.
 * @module
 */
export const F64 = new Float64Array(1);
export const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
/** Index in {@link U32} of the high word (sign, exponent, top 20 bits of the significand). */
export const HI = U32[1] === 0x3ff00000 ? 1 : 0;
/** Index in {@link U32} of the low word. */
export const LO = 1 - HI;
