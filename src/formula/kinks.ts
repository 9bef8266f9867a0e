/**
 * Where a formula switches: the zeros of its switch functions — the argument of abs, the
 * difference of max/min operands, the difference of a comparison's sides (and a where
 * condition that is not a comparison), a registry activation's argument minus each of its
 * kinks. Each switch function is sampled on a fixed grid (step 1/32 on [−50, 50], 1/1024 on
 * [−1, 1], and ±10^k for k = −300 … 300 in quarter steps), every sign change is bisected to
 * adjacent doubles and every exact zero on the grid is kept.
 *
 * Limits: a switch point between two grid points where the switch function touches zero
 * without changing sign is missed (a tangency: `abs(z^2 - 1)`'s one-sided derivatives agree
 * there anyway), as is a pair of sign changes between two grid points (closer than 1/32 in
 * [−50, 50], or within one quarter decade beyond); branches a where never picks are searched
 * too (conservative); at most {@link MAX_FORMULA_KINKS} points are reported.
 * @module
 */
import { bisect } from '../math/roots.js';
import type { FormulaNode } from './ast.js';
import { compileNode, readsZ } from './compile.js';

/** The most kinks reported for one formula. */
export const MAX_FORMULA_KINKS = 64;

let grid: Float64Array | undefined;

/** The sample points, sorted and distinct (built once). */
function sampleGrid(): Float64Array {
  if (grid) return grid;
  const points = new Set<number>();
  for (let i = -1600; i <= 1600; i++) points.add(i / 32);
  for (let i = -1024; i <= 1024; i++) points.add(i / 1024);
  for (let k = -1200; k <= 1200; k++) {
    const x = 10 ** (k / 4);
    points.add(x);
    points.add(-x);
  }
  points.add(0);
  grid = Float64Array.from(points).sort();
  return grid;
}

/** The switch functions of a tree, each a function of z whose zeros are the switch points. */
export function switchFunctions(node: FormulaNode, found: ((z: number) => number)[] = []): ((z: number) => number)[] {
  if (!readsZ(node)) return found;
  switch (node.type) {
    case 'negate':
      switchFunctions(node.operand, found);
      break;
    case 'binary':
      switchFunctions(node.left, found);
      switchFunctions(node.right, found);
      break;
    case 'compare': {
      const a = compileNode(node.left).value;
      const b = compileNode(node.right).value;
      found.push((z) => a(z) - b(z));
      switchFunctions(node.left, found);
      switchFunctions(node.right, found);
      break;
    }
    case 'builtin':
      builtinSwitches(node.name, node.args, found);
      for (const arg of node.args) switchFunctions(arg, found);
      break;
    case 'activation': {
      const u = compileNode(node.argument).value;
      for (const k of node.activation.kinks(node.params)) found.push((z) => u(z) - k);
      switchFunctions(node.argument, found);
      break;
    }
    default:
      break;
  }
  return found;
}

function builtinSwitches(name: string, args: readonly FormulaNode[], found: ((z: number) => number)[]): void {
  const values = args.map((arg) => compileNode(arg).value);
  if (name === 'abs') found.push(values[0]!);
  if (name === 'where' && args[0]!.type !== 'compare') found.push(values[0]!);
  if (name === 'max' || name === 'min') {
    const pick = name === 'max' ? Math.max : Math.min;
    for (let k = 1; k < values.length; k++) {
      const before = values.slice(0, k);
      const next = values[k]!;
      found.push((z) => pick(...before.map((v) => v(z))) - next(z));
    }
  }
}

/** The switch points of a tree, sorted, at most {@link MAX_FORMULA_KINKS}. */
export function findKinks(node: FormulaNode): number[] {
  const points = sampleGrid();
  const kinks = new Set<number>();
  for (const g of switchFunctions(node)) {
    let x0 = points[0]!;
    let g0 = g(x0);
    for (let i = 1; i < points.length; i++) {
      const x1 = points[i]!;
      const g1 = g(x1);
      if (g1 === 0 && g0 !== 0 && g0 === g0) kinks.add(x1 === 0 ? 0 : x1);
      else if (g0 === 0 && g1 !== 0 && g1 === g1) kinks.add(x0 === 0 ? 0 : x0);
      else if (g0 === g0 && g1 === g1 && g0 !== 0 && g1 !== 0 && g0 < 0 !== g1 < 0) kinks.add(bisect(g, x0, x1));
      x0 = x1;
      g0 = g1;
    }
  }
  return [...kinks].sort((a, b) => a - b).slice(0, MAX_FORMULA_KINKS);
}
