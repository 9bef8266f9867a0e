/**
 * The closure kit the compiler builds from: a compiled node, a constant, the chain rule.
 * @module
 */

/** A compiled node: `value(z)`, and `jet(z)` which fills `out` with value, f′, f″. */
export interface CompiledNode {
  readonly value: (z: number) => number;
  readonly jet: (z: number) => void;
  readonly out: Float64Array;
}

/** a·b where a zero factor wins over an infinite one (derivative terms only). */
export function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

/**
 * Whether a jet evaluation needs f″: 0 while computing f′ alone, so the chain rule skips the
 * second derivatives of registry activations (their d2f is as costly as their df). Read only
 * during one synchronous evaluation, set by its caller.
 */
export const WANT_SECOND = new Uint8Array([1]);

/** A node that does not read z. */
export function constantNode(c: number): CompiledNode {
  const out = new Float64Array([c, 0, 0]);
  return { value: () => c, jet: () => {}, out };
}

/** g(u(z)) for a primitive g given as value and jet. */
export function chain(a: CompiledNode, value: (u: number) => number, jet: (u: number, r: Float64Array) => void): CompiledNode {
  const A = a.out;
  const r = new Float64Array(3);
  const out = new Float64Array(3);
  const av = a.value;
  const aj = a.jet;
  return {
    value: (z) => value(av(z)),
    jet: (z) => {
      aj(z);
      const u1 = A[1]!;
      jet(A[0]!, r);
      out[0] = r[0]!;
      out[1] = times(r[1]!, u1);
      if (WANT_SECOND[0]) out[2] = times(r[2]!, times(u1, u1)) + times(r[1]!, A[2]!);
    },
    out,
  };
}


/**
 * What a two-operand node's closures read, as locals: each operand's jet output, value and jet
 * functions, and a fresh output slot (destructured once, so the hot path reads no object).
 */
export function operands(a: CompiledNode, b: CompiledNode) {
  return { A: a.out, B: b.out, av: a.value, bv: b.value, aj: a.jet, bj: b.jet, out: new Float64Array(3) };
}
