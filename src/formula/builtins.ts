/**
 * The built-in functions of a formula as compiled closures: the smooth primitives through the
 * chain rule, and the switching ones (abs, max, min, where) with PyTorch's backward at their
 * switch points — abs′(0) = 0; max/min at a tie give each side half; where differentiates the
 * branch its condition picks (a NaN condition gives NaN).
 * @module
 */
import type { BuiltinName } from './ast.js';
import { chain, type CompiledNode, operands } from './closures.js';
import { PRIMITIVE_JETS, PRIMITIVE_VALUES } from './jets.js';

/** The built-in `name` applied to compiled arguments (arity already checked by the parser). */
export function builtin(name: BuiltinName, args: readonly CompiledNode[]): CompiledNode {
  switch (name) {
    case 'abs':
      return absolute(args[0]!);
    case 'max':
      return args.slice(1).reduce((a, b) => extremum(a, b, 1), args[0]!);
    case 'min':
      return args.slice(1).reduce((a, b) => extremum(a, b, -1), args[0]!);
    case 'where':
      return where(args[0]!, args[1]!, args[2]!);
    default:
      return chain(args[0]!, PRIMITIVE_VALUES[name], PRIMITIVE_JETS[name]);
  }
}

function absolute(a: CompiledNode): CompiledNode {
  const A = a.out;
  const av = a.value;
  const aj = a.jet;
  const out = new Float64Array(3);
  return {
    value: (z) => Math.abs(av(z)),
    jet: (z) => {
      aj(z);
      const u = A[0]!;
      // sign(u), with sign(0) = 0 as torch.abs's backward
      const s = u > 0 ? 1 : u < 0 ? -1 : u === 0 ? 0 : NaN;
      out[0] = Math.abs(u);
      out[1] = s === 0 ? 0 : s * A[1]!;
      out[2] = s === 0 ? 0 : s * A[2]!;
    },
    out,
  };
}

/** max (sign 1) or min (sign −1) of two nodes; NaN propagates as torch.maximum's. */
function extremum(a: CompiledNode, b: CompiledNode, sign: 1 | -1): CompiledNode {
  const { A, B, av, bv, aj, bj, out } = operands(a, b);
  const pick = sign === 1 ? Math.max : Math.min;
  return {
    value: (z) => pick(av(z), bv(z)),
    jet: (z) => {
      aj(z);
      bj(z);
      const x = A[0]!;
      const y = B[0]!;
      if (x === y) {
        out[0] = pick(x, y);
        out[1] = 0.5 * (A[1]! + B[1]!);
        out[2] = 0.5 * (A[2]! + B[2]!);
      } else if (x !== x || y !== y) {
        out[0] = out[1] = out[2] = NaN;
      } else {
        const S = sign * (x - y) > 0 ? A : B;
        out[0] = S[0]!;
        out[1] = S[1]!;
        out[2] = S[2]!;
      }
    },
    out,
  };
}

function where(condition: CompiledNode, a: CompiledNode, b: CompiledNode): CompiledNode {
  const cv = condition.value;
  const { A, B, av, bv, aj, bj, out } = operands(a, b);
  return {
    value: (z) => {
      const c = cv(z);
      return c !== c ? c : c !== 0 ? av(z) : bv(z);
    },
    jet: (z) => {
      const c = cv(z);
      if (c !== c) {
        out[0] = out[1] = out[2] = NaN;
        return;
      }
      const S = c !== 0 ? A : B;
      (c !== 0 ? aj : bj)(z);
      out[0] = S[0]!;
      out[1] = S[1]!;
      out[2] = S[2]!;
    },
    out,
  };
}
