/**
 * The formula's tree: what the parser builds and the compiler, the kink finder and the LaTeX
 * writer read. Plain data, no functions, so a tree can be inspected or printed.
 * @module
 */
import type { ElementwiseActivation, ParamValues } from '../activations/types.js';

/** A built-in function of a formula (the registry's activations are {@link ActivationCall}s). */
export type BuiltinName = 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'sin' | 'cos' | 'tanh' | 'erf' | 'erfc' | 'abs' | 'min' | 'max' | 'where';

/** A comparison: 1 when it holds, 0 when not (NaN compares false). */
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type FormulaNode =
  | { readonly type: 'number'; readonly value: number; readonly text: string }
  | { readonly type: 'variable' }
  | { readonly type: 'constant'; readonly name: 'pi' | 'e'; readonly value: number }
  | { readonly type: 'negate'; readonly operand: FormulaNode }
  | { readonly type: 'binary'; readonly operator: '+' | '-' | '*' | '/' | '^'; readonly left: FormulaNode; readonly right: FormulaNode }
  | { readonly type: 'compare'; readonly operator: ComparisonOperator; readonly left: FormulaNode; readonly right: FormulaNode }
  | { readonly type: 'builtin'; readonly name: BuiltinName; readonly args: readonly FormulaNode[] }
  | ActivationCall;

/** A registry activation applied to an argument, with its parameters resolved. */
export interface ActivationCall {
  readonly type: 'activation';
  readonly activation: ElementwiseActivation;
  /** The name as written (an id or an alias). */
  readonly name: string;
  /** Resolved parameters: the defaults, or those given by name (`elu(z, alpha=0.5)`). */
  readonly params: ParamValues;
  /** The parameters written out by name, in the order given (for printing). */
  readonly given: Readonly<Record<string, number>>;
  readonly argument: FormulaNode;
}

/** Arity of each built-in: [fewest, most] arguments. */
export const BUILTIN_ARITY: Readonly<Record<BuiltinName, readonly [number, number]>> = Object.freeze({
  exp: [1, 1],
  expm1: [1, 1],
  log: [1, 1],
  log1p: [1, 1],
  sqrt: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  tanh: [1, 1],
  erf: [1, 1],
  erfc: [1, 1],
  abs: [1, 1],
  min: [2, Infinity],
  max: [2, Infinity],
  where: [3, 3],
});

/** The built-in function names, as a formula spells them. */
export const FORMULA_BUILTINS: readonly BuiltinName[] = Object.freeze(Object.keys(BUILTIN_ARITY) as BuiltinName[]);

/** True when the subtree does not read z (its value is a constant). */
export function isConstant(node: FormulaNode): boolean {
  switch (node.type) {
    case 'number':
    case 'constant':
      return true;
    case 'variable':
      return false;
    case 'negate':
      return isConstant(node.operand);
    case 'binary':
    case 'compare':
      return isConstant(node.left) && isConstant(node.right);
    case 'builtin':
      return node.args.every(isConstant);
    case 'activation':
      return isConstant(node.argument);
  }
}
