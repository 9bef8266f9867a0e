/**
 * The formula parser: a Pratt parser over {@link tokenize}'s tokens, building a
 * {@link FormulaNode} tree. Nothing is evaluated while parsing and no name reaches JavaScript:
 * a name is `z`, `pi`, `e`, a built-in of {@link BUILTIN_ARITY} or an elementwise activation the
 * registry (through {@link FormulaContext}) knows by that exact spelling; anything else is a
 * {@link FormulaError} at its column.
 *
 * Precedence, loosest first: comparisons `< <= > >= == !=`; `+ -`; `* /`; unary `- +`; `^`
 * (right-associative, so `-z^2` is −(z²) and `2^3^2` is 2⁹).
 * @module
 */
import type { Activation, ElementwiseActivation, ParamValues } from '../activations/types.js';
import { ActlabError, FormulaError } from '../errors.js';
import { closestName } from '../suggest.js';
import { BUILTIN_ARITY, FORMULA_BUILTINS, isConstant, type BuiltinName, type ComparisonOperator, type FormulaNode } from './ast.js';
import { MAX_FORMULA_LENGTH, tokenize, type Token } from './lexer.js';
import { evaluateConstant } from './compile.js';

/** How deeply parentheses, calls and operators may nest (a guard against stack overflow). */
export const MAX_FORMULA_DEPTH = 40;

/** What the parser asks the registry (passed in, so the formula layer does not import it). */
export interface FormulaContext {
  /** The activation registered under exactly this id or alias, if any. */
  readonly lookup: (name: string) => Activation | undefined;
  /** Every id and alias, for "did you mean …?". */
  readonly names: () => Iterable<string>;
  /** The registry's parameter resolution (defaults, validation). */
  readonly resolveParams: (activation: Activation, given: Readonly<Record<string, unknown>>) => ParamValues;
}

const BINDING: Readonly<Record<string, number>> = { '<': 10, '<=': 10, '>': 10, '>=': 10, '==': 10, '!=': 10, '+': 20, '-': 20, '*': 30, '/': 30, '^': 50 };
const UNARY = 40;
const CONSTANTS = { pi: Math.PI, e: Math.E } as const;
const PRIMARY = 'a number, z, pi, e, a function call or "("';

/**
 * Parses the expression `source`, which sits at column `offset + 1` of `whole` (the text as
 * typed, label included, for error columns).
 * @throws {FormulaError} for anything that is not a formula.
 */
export function parseFormula(source: string, context: FormulaContext, whole: string = source, offset = 0): FormulaNode {
  if (whole.length > MAX_FORMULA_LENGTH) {
    throw new FormulaError(whole, MAX_FORMULA_LENGTH + 1, `too long (${whole.length} characters)`, `at most ${MAX_FORMULA_LENGTH} characters`);
  }
  const tokens = tokenize(source, whole, offset);
  if (tokens[0]!.kind === 'end') throw new FormulaError(whole, offset + 1, 'empty formula', 'an expression in z, e.g. z*tanh(softplus(z))');
  const parser = new Parser(tokens, context, whole);
  const tree = parser.expression(0, 0);
  const rest = parser.peek();
  if (rest.kind !== 'end') {
    const expected = rest.kind === ')' ? 'no ")" without its "("' : 'an operator or the end of the formula';
    throw new FormulaError(whole, rest.column, `unexpected ${describe(rest)}`, expected);
  }
  return tree;
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'end of formula' : JSON.stringify(token.text);
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly context: FormulaContext,
    private readonly whole: string,
  ) {}

  peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    return this.tokens[this.position++]!;
  }

  private fail(token: Token, problem: string, allowed?: string, suggestion?: string): never {
    throw new FormulaError(this.whole, token.column, problem, allowed, suggestion);
  }

  /** An expression whose operators bind tighter than `minBinding`. */
  expression(minBinding: number, depth: number): FormulaNode {
    if (depth > MAX_FORMULA_DEPTH) this.fail(this.peek(), 'too deeply nested', `at most ${MAX_FORMULA_DEPTH} levels of parentheses, calls and operators`);
    let left = this.prefix(depth);
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op') return left;
      const binding = BINDING[token.text]!;
      if (binding <= minBinding) return left;
      this.next();
      // ^ is right-associative: its right side may hold another ^
      const right = this.expression(token.text === '^' ? binding - 1 : binding, depth + 1);
      if (binding === 10) left = { type: 'compare', operator: token.text as ComparisonOperator, left, right };
      else left = { type: 'binary', operator: token.text as '+' | '-' | '*' | '/' | '^', left, right };
    }
  }

  private prefix(depth: number): FormulaNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        if (!Number.isFinite(token.value)) this.fail(token, `number ${token.text} overflows`, 'a finite number');
        return { type: 'number', value: token.value, text: token.text };
      case 'op':
        if (token.text === '-' || token.text === '+') {
          const operand = this.expression(UNARY, depth + 1);
          return token.text === '-' ? { type: 'negate', operand } : operand;
        }
        return this.fail(token, `unexpected ${describe(token)}`, PRIMARY);
      case '(': {
        const inner = this.expression(0, depth + 1);
        this.close(token);
        return inner;
      }
      case 'name':
        return this.peek().kind === '(' ? this.call(token, depth) : this.variable(token);
      default:
        return this.fail(token, `unexpected ${describe(token)}`, PRIMARY);
    }
  }

  private close(open: Token): void {
    const token = this.next();
    if (token.kind === ')') return;
    if (token.kind === 'end') this.fail(token, 'missing ")"', `")" to close the "(" at ${open.column}`);
    this.fail(token, `unexpected ${describe(token)}`, `an operator, "," or ")" (for the "(" at ${open.column})`);
  }

  private variable(token: Token): FormulaNode {
    const name = token.text;
    if (name === 'z') return { type: 'variable' };
    if (name === 'pi' || name === 'e') return { type: 'constant', name, value: CONSTANTS[name] };
    if (this.isFunction(name)) this.fail(token, `"${name}" is a function`, `${name}(…)`);
    const suggestion = closestName(name, ['z', 'pi', 'e']);
    this.fail(token, `unknown variable "${name}"`, suggestion ? undefined : 'z (the only variable), pi or e', suggestion);
  }

  private isFunction(name: string): boolean {
    return Object.hasOwn(BUILTIN_ARITY, name) || this.context.lookup(name) !== undefined;
  }

  private call(token: Token, depth: number): FormulaNode {
    const name = token.text;
    const open = this.next();
    const { positional, named } = this.arguments(open, depth);
    if (Object.hasOwn(BUILTIN_ARITY, name)) {
      const builtin = name as BuiltinName;
      const [least, most] = BUILTIN_ARITY[builtin];
      if (named.length) this.fail(named[0]!.token, `${name} takes no named arguments`);
      if (positional.length < least || positional.length > most) {
        const wanted = least === most ? `${least} argument${least === 1 ? '' : 's'}` : `at least ${least} arguments`;
        this.fail(token, `${name} takes ${wanted}, got ${positional.length}`);
      }
      return { type: 'builtin', name: builtin, args: positional };
    }
    const activation = this.context.lookup(name);
    if (!activation) {
      const suggestion = closestName(name, [...FORMULA_BUILTINS, ...this.context.names()]);
      this.fail(token, `unknown function "${name}"`, suggestion ? undefined : `one of ${FORMULA_BUILTINS.join(', ')} or an activation id`, suggestion);
    }
    if (activation.kind !== 'elementwise') this.fail(token, `${name} acts on whole vectors`, 'an elementwise function');
    if (positional.length !== 1) this.fail(token, `${name} takes 1 argument (and parameters by name), got ${positional.length}`);
    return this.activationCall(token, activation, named, positional[0]!);
  }

  private activationCall(token: Token, activation: ElementwiseActivation, named: readonly NamedArgument[], argument: FormulaNode): FormulaNode {
    const given: Record<string, number> = {};
    for (const { token: key, value } of named) {
      if (Object.hasOwn(given, key.text)) this.fail(key, `parameter ${key.text} given twice`);
      if (!isConstant(value)) this.fail(key, `parameter ${key.text} must not depend on z`, 'a constant');
      given[key.text] = evaluateConstant(value);
    }
    let params: ParamValues;
    try {
      params = this.context.resolveParams(activation, given);
    } catch (error) {
      if (!(error instanceof ActlabError)) throw error;
      const parameter = 'parameter' in error ? error.parameter : undefined;
      // an unknown name is reported as parameter "parameter name" with the name as value
      const culprit = parameter === 'parameter name' && 'value' in error ? error.value : parameter;
      const bad = named.find((n) => n.token.text === culprit);
      const allowed = 'allowed' in error && typeof error.allowed === 'string' ? error.allowed : undefined;
      this.fail(bad?.token ?? token, error.message, allowed);
    }
    return { type: 'activation', activation, name: token.text, params, given, argument };
  }

  private arguments(open: Token, depth: number): { positional: FormulaNode[]; named: NamedArgument[] } {
    const positional: FormulaNode[] = [];
    const named: NamedArgument[] = [];
    if (this.peek().kind === ')') {
      this.next();
      return { positional, named };
    }
    for (;;) {
      const first = this.peek();
      if (first.kind === 'name' && this.tokens[this.position + 1]!.kind === '=') {
        this.position += 2;
        named.push({ token: first, value: this.expression(0, depth + 1) });
      } else {
        if (named.length) this.fail(first, 'a positional argument after a named one', 'name=value');
        positional.push(this.expression(0, depth + 1));
      }
      if (this.peek().kind === ',') {
        this.next();
        continue;
      }
      this.close(open);
      return { positional, named };
    }
  }
}

interface NamedArgument {
  readonly token: Token;
  readonly value: FormulaNode;
}
