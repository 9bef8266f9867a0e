/**
 * `actlab list` and `actlab catalogue`: the registry as a table (or JSON), and the catalogue
 * with a few evaluated examples.
 * @module
 */
import { ACTIVATIONS, getActivation, resolveParams } from '../activations/index.js';
import type { Activation } from '../activations/types.js';
import { UnsupportedOperationError } from '../errors.js';
import { HELP_FLAGS, parseArgs, UsageError, type OptionSpec } from './args.js';
import { formatNumber, out, pad, quote } from './format.js';
import { VERSION } from './version.js';

export const LIST_HELP = `Usage: actlab list [--json]

Prints every activation: id, display name, family, parameters with their defaults, and the
formula (LaTeX). Vector activations (softmax, log_softmax, glu, swiglu, geglu, reglu) act
along the last axis.

Options:
  --json   one JSON array of objects {id, name, family, kind, aliases, params, formula,
           derivativeFormula, reference, notes} (params: {name: {default, min, max,
           exclusiveMin, exclusiveMax, description}})`;

export const CATALOGUE_HELP = `Usage: actlab catalogue

Prints the activation catalogue and a few evaluated examples (what \`actlab start\` printed
before the web explorer existed).`;

const help = HELP_FLAGS;
const LIST_OPTIONS: Record<string, OptionSpec> = { json: { value: false }, ...help };

function paramText(activation: Activation): string {
  const entries = Object.entries(activation.params);
  if (!entries.length) return '—';
  return entries.map(([name, spec]) => `${name}=${formatNumber(spec.default, 'float64')}`).join(', ');
}

function catalogueLines(): string[] {
  const rows = ACTIVATIONS.map((a) => [a.id, a.name, a.family + (a.kind === 'vector' ? ' (vector)' : ''), paramText(a)]);
  const widths = [0, 1, 2].map((c) => rows.reduce((w, r) => Math.max(w, (r[c] as string).length), ['id', 'name', 'family'][c]!.length));
  const header = ['id', 'name', 'family', 'parameters (defaults)'];
  return [header, ...rows].map((r) => r.map((cell, c) => (c < 3 ? pad(cell, widths[c] as number) : cell)).join('  '));
}

/** `actlab list [--json]`. */
export function commandList(argv: string[]): void {
  const args = parseArgs(argv, LIST_OPTIONS, 'list');
  if (args.positionals.length) throw new UsageError(`list takes no arguments, got ${quote(args.positionals[0] as string)}`);
  if (args.flags.has('json')) {
    out(
      JSON.stringify(
        ACTIVATIONS.map((a) => ({
          id: a.id,
          name: a.name,
          family: a.family,
          kind: a.kind,
          aliases: a.aliases,
          params: a.params,
          formula: a.formula,
          derivativeFormula: a.kind === 'elementwise' ? a.derivativeFormula : null,
          reference: a.reference,
          notes: a.notes ?? [],
        })),
        null,
        2,
      ),
    );
    return;
  }
  const lines = catalogueLines();
  out(lines.join('\n'));
  out(`\n${ACTIVATIONS.length} activations. Formulas: actlab list --json. Evaluate: actlab eval <id> <z…>`);
  out(`Your own: a formula in z wherever an id goes, e.g. actlab eval 'z*tanh(softplus(z))' 0.5 (actlab help)`);
}

/** `actlab catalogue`. */
export function commandCatalogue(argv: string[]): void {
  const args = parseArgs(argv, help, 'catalogue');
  if (args.positionals.length) throw new UsageError(`catalogue takes no arguments, got ${quote(args.positionals[0] as string)}`);
  out(`actlab ${VERSION} — every activation defined once, exact derivatives, correct to the last bit\n`);
  out(catalogueLines().join('\n'));
  const value = (id: string, z: number, order: 0 | 1 | 2 = 0) => {
    const a = getActivation(id);
    if (a.kind !== 'elementwise') throw new UnsupportedOperationError(`${id} is not elementwise`);
    const values = resolveParams(a, {});
    const fn = order === 0 ? a.f : order === 1 ? a.df : a.d2f;
    return formatNumber(fn(z, values), 'float64');
  };
  const examples: [string, string, string][] = [
    ["sigmoid'(0)", value('sigmoid', 0, 1), 'the largest sigmoid slope: gradients shrink at least 4x per layer'],
    ["sigmoid'(40)", value('sigmoid', 40, 1), "the textbook s(1 - s) returns 0 here"],
    ["tanh'(20)", value('tanh', 20, 1), 'the textbook 1 - tanh^2 returns 0 here'],
    ['swish(-1.2784645427610738)', value('swish', -1.2784645427610738), 'the minimum of Swish'],
    ['gelu(-0.7517915246935645)', value('gelu', -0.7517915246935645), 'the minimum of GELU'],
    ["gelu'(-0.7517915246935645)", value('gelu', -0.7517915246935645, 1), "f' next to the minimum, where its terms cancel"],
    ['gelu(-10)', value('gelu', -10), 'z(1 + erf(z/sqrt 2))/2 returns -0 here'],
    ['softplus(-40)', value('softplus', -40), 'log(1 + e^z) returns 0 here'],
    ['elu(-1e-10)', value('elu', -1e-10), 'e^z - 1 keeps only 8 digits here; expm1 keeps all'],
  ];
  const w0 = examples.reduce((w, e) => Math.max(w, e[0].length), 0);
  const w1 = examples.reduce((w, e) => Math.max(w, e[1].length), 0);
  out('\nA few values (float64, within 2 ULP of exact for every input; see the table printed by npm test):');
  for (const [label, result, comment] of examples) out(`  ${pad(label, w0)} = ${pad(result, w1)}  ${comment}`);
  out(`
Try:
  npx actlab eval gelu -1 0 1 --derivative 1
  npx actlab props swish
  npx actlab table
  npx actlab run vanishing-gradient --rng numpy --seed 42   (the chapter's own numbers)
  npx actlab advise
  npx actlab report                                          (every experiment and figure)
  npx actlab --help`);
}
