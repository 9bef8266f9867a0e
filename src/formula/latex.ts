/**
 * A formula tree as LaTeX (for the gallery's formula line and the report): operators by
 * precedence with the parentheses they need, fractions, powers, |·|, cases for where.
 * @module
 */
import type { FormulaNode } from './ast.js';

const COMPARE_LATEX: Readonly<Record<string, string>> = { '<': '<', '<=': r`\le`, '>': '>', '>=': r`\ge`, '==': '=', '!=': r`\ne` };
const NAMED = new Set(['exp', 'log', 'sin', 'cos', 'tanh', 'max', 'min']);

function r(strings: TemplateStringsArray): string {
  return String.raw(strings);
}

/** Binding strength of a node as printed: higher binds tighter. */
function strength(node: FormulaNode): number {
  switch (node.type) {
    case 'compare':
      return 1;
    case 'binary':
      return node.operator === '+' || node.operator === '-' ? 2 : node.operator === '*' ? 3 : node.operator === '/' ? 5 : 6;
    case 'negate':
      return 4;
    case 'number':
      return /e/i.test(node.text) ? 3 : 7;
    default:
      return 7;
  }
}

function wrap(node: FormulaNode, least: number): string {
  const text = toLatex(node);
  return strength(node) < least ? r`\left(` + text + r`\right)` : text;
}

function escapeName(name: string): string {
  return name.replace(/_/g, r`\_`);
}

function numberLatex(text: string): string {
  const m = /^([^eE]*)[eE]([+-]?\d+)$/.exec(text);
  return m ? `${m[1]}\\times 10^{${Number(m[2])}}` : text;
}

/** LaTeX of a formula tree (the right-hand side: `z\,\tanh(…)`). */
export function toLatex(node: FormulaNode): string {
  switch (node.type) {
    case 'number':
      return numberLatex(node.text);
    case 'variable':
      return 'z';
    case 'constant':
      return node.name === 'pi' ? r`\pi` : 'e';
    case 'negate':
      return '-' + wrap(node.operand, 4);
    case 'compare':
      return `${wrap(node.left, 2)} ${COMPARE_LATEX[node.operator]} ${wrap(node.right, 2)}`;
    case 'binary':
      return binaryLatex(node.operator, node.left, node.right);
    case 'builtin':
      return builtinLatex(node.name, node.args);
    case 'activation': {
      const params = Object.entries(node.given).map(([name, value]) => `${escapeName(name)}=${value}`);
      const rest = params.length ? r`;\,` + params.join(r`,\,`) : '';
      return r`\operatorname{` + escapeName(node.name) + r`}\left(` + toLatex(node.argument) + rest + r`\right)`;
    }
  }
}

function binaryLatex(operator: '+' | '-' | '*' | '/' | '^', left: FormulaNode, right: FormulaNode): string {
  switch (operator) {
    case '+':
      return `${wrap(left, 2)} + ${wrap(right, 2)}`;
    case '-':
      return `${wrap(left, 2)} - ${wrap(right, 3)}`;
    case '*':
      return `${wrap(left, 3)} ${r`\cdot`} ${wrap(right, 3)}`;
    case '/':
      return r`\frac{` + toLatex(left) + '}{' + toLatex(right) + '}';
    case '^':
      return '{' + wrap(left, 7) + '}^{' + toLatex(right) + '}';
  }
}

function builtinLatex(name: string, args: readonly FormulaNode[]): string {
  const inner = args.map(toLatex);
  if (name === 'abs') return r`\left|` + inner[0] + r`\right|`;
  if (name === 'sqrt') return r`\sqrt{` + inner[0] + '}';
  if (name === 'where') return r`\begin{cases}` + `${inner[1]} & ${inner[0]}` + r`\\ ` + inner[2] + r` & \text{otherwise}\end{cases}`;
  const operator = NAMED.has(name) ? `\\${name}` : r`\operatorname{` + name + '}';
  return operator + r`\left(` + inner.join(',\\,') + r`\right)`;
}
