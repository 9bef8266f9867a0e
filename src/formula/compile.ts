/**
 * The formula compiled to closures: one value closure per node for f, and one jet closure per
 * node for f′ and f″ (second-order forward mode: each node writes its value, first and second
 * derivative in z into its own preallocated 3-slot array, so evaluation allocates nothing).
 * Subtrees that do not read z are folded to constants first.
 *
 * Chain rule for jets: g(u)′ = g′(u)u′ and g(u)″ = g″(u)u′² + g′(u)u″. A product of a zero
 * derivative and an infinite factor counts as 0 (`times`): a constant branch times an
 * overflowing one is flat, not NaN.
 *
 * Kinks follow PyTorch's backward: abs′(0) = 0 (sign(0) = 0); max and min at a tie pass half
 * the derivative to each side (torch.maximum/minimum), folded left for more arguments as
 * torch.maximum(torch.maximum(a, b), c); where(c, a, b) differentiates the branch the condition
 * picks; comparisons are flat. A registry activation brings its own f′, f″ and kink convention.
 * @module
 */
import type { FormulaNode } from './ast.js';
import { builtin } from './builtins.js';
import { chain, constantNode, times, WANT_SECOND, type CompiledNode, operands } from './closures.js';
import { PRIMITIVE_JETS, PRIMITIVE_VALUES } from './jets.js';

/** The value of a subtree that does not read z. */
export function evaluateConstant(node: FormulaNode): number {
  return compileNode(node).value(0);
}

/** True when the subtree reads z. */
export function readsZ(node: FormulaNode): boolean {
  switch (node.type) {
    case 'variable':
      return true;
    case 'number':
    case 'constant':
      return false;
    case 'negate':
      return readsZ(node.operand);
    case 'binary':
    case 'compare':
      return readsZ(node.left) || readsZ(node.right);
    case 'builtin':
      return node.args.some(readsZ);
    case 'activation':
      return readsZ(node.argument);
  }
}

/** Compiles a tree (folding constant subtrees). */
export function compileNode(node: FormulaNode): CompiledNode {
  if (node.type !== 'number' && node.type !== 'constant' && !readsZ(node)) return constantNode(compileLive(node).value(0));
  return compileLive(node);
}

function compileLive(node: FormulaNode): CompiledNode {
  switch (node.type) {
    case 'number':
    case 'constant':
      return constantNode(node.value);
    case 'variable': {
      const out = new Float64Array([0, 1, 0]);
      return {
        value: (z) => z,
        jet: (z) => {
          out[0] = z;
        },
        out,
      };
    }
    case 'negate':
      return negate(compileNode(node.operand));
    case 'binary':
      return binary(node.operator, node.left, node.right);
    case 'compare':
      return compare(node.operator, compileNode(node.left), compileNode(node.right));
    case 'builtin':
      return builtin(node.name, node.args.map(compileNode));
    case 'activation': {
      const { f, df, d2f } = node.activation;
      const p = node.params;
      return chain(compileNode(node.argument), (u) => f(u, p), (u, r) => {
        r[0] = f(u, p);
        r[1] = df(u, p);
        if (WANT_SECOND[0]) r[2] = d2f(u, p);
      });
    }
  }
}

function negate(a: CompiledNode): CompiledNode {
  const A = a.out;
  const out = new Float64Array(3);
  const av = a.value;
  const aj = a.jet;
  return {
    value: (z) => -av(z),
    jet: (z) => {
      aj(z);
      out[0] = -A[0]!;
      out[1] = -A[1]!;
      out[2] = -A[2]!;
    },
    out,
  };
}

function binary(operator: '+' | '-' | '*' | '/' | '^', left: FormulaNode, right: FormulaNode): CompiledNode {
  const a = compileNode(left);
  const b = compileNode(right);
  switch (operator) {
    case '+':
      return sum(a, b, 1);
    case '-':
      return sum(a, b, -1);
    case '*':
      return product(a, b);
    case '/':
      return quotient(a, b);
    case '^':
      return power(left, right, a, b);
  }
}

/** a + b (sign 1) or a − b (sign −1). */
function sum(a: CompiledNode, b: CompiledNode, sign: 1 | -1): CompiledNode {
  const { A, B, av, bv, aj, bj, out } = operands(a, b);
  const jet = (z: number) => {
    aj(z);
    bj(z);
    out[0] = A[0]! + sign * B[0]!;
    out[1] = A[1]! + sign * B[1]!;
    out[2] = A[2]! + sign * B[2]!;
  };
  // sign·b is exact, so a + (−b) rounds as a − b
  return { value: sign === 1 ? (z) => av(z) + bv(z) : (z) => av(z) - bv(z), jet, out };
}

function product(a: CompiledNode, b: CompiledNode): CompiledNode {
  const { A, B, av, bv, aj, bj, out } = operands(a, b);
  return {
    value: (z) => av(z) * bv(z),
    jet: (z) => {
      aj(z);
      bj(z);
      const a0 = A[0]!;
      const a1 = A[1]!;
      const b0 = B[0]!;
      const b1 = B[1]!;
      out[0] = a0 * b0;
      out[1] = times(a1, b0) + times(a0, b1);
      out[2] = times(A[2]!, b0) + 2 * times(a1, b1) + times(a0, B[2]!);
    },
    out,
  };
}

function quotient(a: CompiledNode, b: CompiledNode): CompiledNode {
  const { A, B, av, bv, aj, bj, out } = operands(a, b);
  return {
    value: (z) => av(z) / bv(z),
    jet: (z) => {
      aj(z);
      bj(z);
      // q = a/b, q′ = (a′ − q b′)/b, q″ = (a″ − 2q′b′ − q b″)/b: no b², which would overflow
      const b0 = B[0]!;
      const b1 = B[1]!;
      const q = A[0]! / b0;
      const q1 = (A[1]! - times(q, b1)) / b0;
      out[0] = q;
      out[1] = q1;
      out[2] = (A[2]! - 2 * times(q1, b1) - times(q, B[2]!)) / b0;
    },
    out,
  };
}

function power(left: FormulaNode, right: FormulaNode, a: CompiledNode, b: CompiledNode): CompiledNode {
  if (!readsZ(right)) {
    const n = b.value(0);
    if (n === 2) return chain(a, (u) => u * u, (u, r) => {
      r[0] = u * u;
      r[1] = 2 * u;
      r[2] = 2;
    });
    return chain(a, (u) => Math.pow(u, n), (u, r) => {
      r[0] = Math.pow(u, n);
      r[1] = n === 0 ? 0 : n * Math.pow(u, n - 1);
      r[2] = n === 0 || n === 1 ? 0 : n * (n - 1) * Math.pow(u, n - 2);
    });
  }
  if (!readsZ(left)) {
    // c^w = e^{w log c}; e itself is exp (Math.E^w would carry e's rounding)
    const base = a.value(0);
    if (left.type === 'constant' && left.name === 'e') return chain(b, PRIMITIVE_VALUES.exp, PRIMITIVE_JETS.exp);
    const L = Math.log(base);
    return chain(b, (w) => Math.pow(base, w), (w, r) => {
      const v = Math.pow(base, w);
      r[0] = v;
      r[1] = v * L;
      r[2] = v * L * L;
    });
  }
  return generalPower(a, b);
}

/** a^b with both sides reading z: d/dz = a^b (b′ log a + b a′/a); defined for a > 0. */
function generalPower(a: CompiledNode, b: CompiledNode): CompiledNode {
  const { A, B, av, bv, aj, bj, out } = operands(a, b);
  return {
    value: (z) => Math.pow(av(z), bv(z)),
    jet: (z) => {
      aj(z);
      bj(z);
      const a0 = A[0]!;
      const a1 = A[1]!;
      const a2 = A[2]!;
      const b0 = B[0]!;
      const b1 = B[1]!;
      const b2 = B[2]!;
      const v = Math.pow(a0, b0);
      const L = Math.log(a0);
      const g = times(b1, L) + times(b0, a1 / a0);
      const g1 = times(b2, L) + 2 * times(b1, a1 / a0) + times(b0, (a2 * a0 - a1 * a1) / (a0 * a0));
      out[0] = v;
      out[1] = times(v, g);
      out[2] = times(v, g * g + g1);
    },
    out,
  };
}

const COMPARE: Readonly<Record<string, (x: number, y: number) => boolean>> = {
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
  '==': (x, y) => x === y,
  '!=': (x, y) => x !== y,
};

function compare(operator: string, a: CompiledNode, b: CompiledNode): CompiledNode {
  const test = COMPARE[operator]!;
  const av = a.value;
  const bv = b.value;
  const out = new Float64Array(3);
  const value = (z: number) => (test(av(z), bv(z)) ? 1 : 0);
  return {
    value,
    jet: (z) => {
      out[0] = value(z);
    },
    out,
  };
}

