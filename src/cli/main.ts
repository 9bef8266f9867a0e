/**
 * The `actlab` command line: argument parsing and printing only; all the work is the library's.
 * Bad input prints one line and exits with status 2 — never a stack trace.
 * @module
 */
import { readFileSync } from 'node:fs';
import { ACTIVATIONS, getActivation, resolveParams } from '../activations/index.js';
import type { Activation } from '../activations/types.js';
import { UnsupportedOperationError } from '../errors.js';
import { backward, forward } from '../kernels/index.js';
import { parseArgs, parseNumber, parseParamOptions, UsageError, type OptionSpec } from './args.js';
import { formatNumber, jsonValue } from './format.js';
import { ADVISE_HELP, commandAdvise } from './advise.js';
import { commandRun, RUN_HELP } from './run.js';
import { commandReport, REPORT_HELP } from './report.js';
import {
  commandCriticality,
  commandGain,
  commandProps,
  commandTable,
  CRITICALITY_HELP,
  GAIN_HELP,
  PROPS_HELP,
  TABLE_HELP,
} from './analysis-commands.js';
import { distance } from 'fastest-levenshtein';
import { commandStart, START_HELP } from './serve.js';

type Dtype = 'float64' | 'float32';

const VERSION = '0.1.0';

const COMMANDS = ['list', 'eval', 'props', 'table', 'gain', 'criticality', 'advise', 'run', 'report', 'start', 'catalogue', 'help'];

const HELP: Record<string, string> = {
  main: `actlab ${VERSION} — a laboratory for neural-network activation functions

Usage: actlab <command> [options]

Commands:
  list         the activation catalogue: id, name, family, parameters, formula
  eval         evaluate an activation or its derivatives at given points
  props        the computed property sheet of an activation
  table        the chapter's property table, regenerated and checked
  gain         initialisation gains for any activation, beside PyTorch's
  criticality  mean-field signal propagation: χ₁, phase, depth scale, edge of chaos
  advise       which activation? the chapter's selection guide, with computed reasons
  run          run one of the chapter's experiments (--rng numpy --seed 42: the chapter's numbers)
  report       every experiment and figure, written to report/ (HTML, Markdown, PNG/SVG, JSON)
  start        serve the web explorer on localhost (what \`npm start\` runs)
  catalogue    the catalogue and a few evaluated examples, as text
  help         help for a command: actlab help eval

Options:
  -h, --help     show help (also: actlab <command> --help)
  -v, --version  print the version

Examples:
  actlab list
  actlab eval gelu -1 0 1
  actlab eval elu -2 --param alpha=0.5 --derivative 1
  actlab eval softmax 1 2 3 --json
  echo "[0.5, -3]" | actlab eval sigmoid --stdin --dtype float32
  actlab props gelu
  actlab table --format md
  actlab gain tanh gelu selu
  actlab criticality tanh --sigma-b 0.05

Exit status: 0 success, 2 bad input (unknown name, invalid parameter or number), 1 other failure.`,
  list: `Usage: actlab list [--json]

Prints every activation: id, display name, family, parameters with their defaults, and the
formula (LaTeX). Vector activations (softmax, log_softmax, glu, swiglu, geglu, reglu) act
along the last axis.

Options:
  --json   one JSON array of objects {id, name, family, kind, aliases, params, formula,
           derivativeFormula, reference, notes} (params: {name: {default, min, max,
           exclusiveMin, exclusiveMax, description}})`,
  eval: `Usage: actlab eval <id> <z…> [options]
       actlab eval <id> --stdin [options]

Evaluates activation <id> (or an alias: silu, hardtanh, …) at each number z, in input order.
Numbers: decimals, exponents (1e-8), inf, -inf, nan. For a vector activation (softmax,
log_softmax, glu, …) the numbers form one vector.

Options:
  --param k=v         set a parameter (repeatable), e.g. --param alpha=0.5
  --derivative 0|1|2  f (default), f′ or f″; vector activations have only 0
  --dtype float64|float32
                      float64 (default) or float32: inputs are rounded to float32 and the
                      array kernels return float32 results (printed in shortest form)
  --json              print one JSON array of results in input order; non-finite values
                      as the strings "NaN", "Infinity", "-Infinity"
  --stdin             read the numbers from standard input: one per line, or a JSON array

Examples:
  actlab eval gelu_tanh -3 0 3 --derivative 1 --json
  actlab eval hard_sigmoid 1 --param slope=0.2`,
  props: PROPS_HELP,
  table: TABLE_HELP,
  gain: GAIN_HELP,
  criticality: CRITICALITY_HELP,
  advise: ADVISE_HELP,
  run: RUN_HELP,
  report: REPORT_HELP,
  start: START_HELP,
  catalogue: `Usage: actlab catalogue

Prints the activation catalogue and a few evaluated examples (what \`actlab start\` printed
before the web explorer existed).`,
};

const OPTIONS: Record<string, Record<string, OptionSpec>> = {
  list: { json: { value: false }, help: { value: false }, h: { value: false } },
  eval: {
    param: { value: true, repeatable: true },
    derivative: { value: true },
    dtype: { value: true },
    json: { value: false },
    stdin: { value: false },
    help: { value: false },
    h: { value: false },
  },
  catalogue: { help: { value: false }, h: { value: false } },
  help: { help: { value: false }, h: { value: false } },
};

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function paramText(activation: Activation): string {
  const entries = Object.entries(activation.params);
  if (!entries.length) return '—';
  return entries.map(([name, spec]) => `${name}=${formatNumber(spec.default, 'float64')}`).join(', ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function catalogueLines(): string[] {
  const rows = ACTIVATIONS.map((a) => [a.id, a.name, a.family + (a.kind === 'vector' ? ' (vector)' : ''), paramText(a)]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] as string).length), ['id', 'name', 'family'][c]!.length));
  const header = ['id', 'name', 'family', 'parameters (defaults)'];
  return [header, ...rows].map((r) => r.map((cell, c) => (c < 3 ? pad(cell, widths[c] as number) : cell)).join('  '));
}

function commandList(argv: string[]): void {
  const args = parseArgs(argv, OPTIONS.list!, 'list');
  if (args.positionals.length) throw new UsageError(`list takes no arguments, got "${args.positionals[0]}"`);
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
}

function readStdinNumbers(): number[] {
  let text: string;
  try {
    text = readFileSync(0, 'utf8');
  } catch {
    throw new UsageError('--stdin: could not read standard input');
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new UsageError('--stdin: input starts with "[" but is not a valid JSON array');
    }
    if (!Array.isArray(parsed)) throw new UsageError('--stdin: expected a JSON array of numbers');
    return parsed.map((v, i) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') return parseNumber(v, `element ${i} of the JSON array`);
      throw new UsageError(`--stdin: element ${i} of the JSON array is not a number`);
    });
  }
  return trimmed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => parseNumber(line, `line ${i + 1} of standard input`));
}

function commandEval(argv: string[]): void {
  const args = parseArgs(argv, OPTIONS.eval!, 'eval');
  const [name, ...rest] = args.positionals;
  if (name === undefined) throw new UsageError('eval needs an activation id: actlab eval <id> <z…> (see actlab list)');
  const activation = getActivation(name);
  const params = resolveParams(activation, parseParamOptions(args.values.get('param') ?? []));
  const dtypeText = args.values.get('dtype')?.[0] ?? 'float64';
  if (dtypeText !== 'float64' && dtypeText !== 'float32') throw new UsageError(`--dtype must be float64 or float32, got "${dtypeText}"`);
  const dtype: Dtype = dtypeText;
  const derivativeText = args.values.get('derivative')?.[0] ?? '0';
  if (!['0', '1', '2'].includes(derivativeText)) throw new UsageError(`--derivative must be 0, 1 or 2, got "${derivativeText}"`);
  const order = Number(derivativeText) as 0 | 1 | 2;
  if (args.flags.has('stdin') && rest.length) throw new UsageError('give the numbers either as arguments or with --stdin, not both');
  const inputs = args.flags.has('stdin') ? readStdinNumbers() : rest.map((t, i) => parseNumber(t, `argument ${i + 1}`));
  if (!inputs.length) throw new UsageError('eval needs at least one number (arguments or --stdin)');

  const x = dtype === 'float32' ? Float32Array.from(inputs) : Float64Array.from(inputs);
  let results: Float32Array | Float64Array;
  if (activation.kind === 'vector') {
    if (order !== 0) {
      throw new UnsupportedOperationError(
        `${activation.id} is a vector function: it has a vector–Jacobian product (library: backward()), not --derivative ${order}`,
      );
    }
    results = forward(activation, x, { params });
  } else if (order === 0) results = forward(activation, x, { params });
  else if (order === 1) results = backward(activation, x, x.map(() => 1), { params }).gradIn;
  else {
    results = dtype === 'float32' ? new Float32Array(x.length) : new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) results[i] = activation.d2f(x[i] as number, params);
  }

  if (args.flags.has('json')) {
    out(JSON.stringify(Array.from(results, (v) => jsonValue(v, dtype))));
    return;
  }
  const label = ['f', "f'", "f''"][order] as string;
  if (activation.kind === 'vector') {
    out(`${activation.id}([${Array.from(x, (v) => formatNumber(v, dtype)).join(', ')}]) =`);
    out(`[${Array.from(results, (v) => formatNumber(v, dtype)).join(', ')}]`);
    return;
  }
  const left = Array.from(x, (v) => formatNumber(v, dtype));
  const width = Math.max(...left.map((s) => s.length), 1);
  for (let i = 0; i < results.length; i++) {
    out(`${label}(${pad(left[i] as string, width)}) = ${formatNumber(results[i] as number, dtype)}`);
  }
}

function commandCatalogue(argv: string[]): void {
  const args = parseArgs(argv, OPTIONS.catalogue!, 'catalogue');
  if (args.positionals.length) throw new UsageError(`catalogue takes no arguments, got "${args.positionals[0]}"`);
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
  const w0 = Math.max(...examples.map((e) => e[0].length));
  const w1 = Math.max(...examples.map((e) => e[1].length));
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

function suggestCommand(name: string): string | undefined {
  const commands = COMMANDS;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of commands) {
    const d = distance(name, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= 2 ? best : undefined;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    out(HELP.main as string);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    out(VERSION);
    return 0;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic !== undefined && HELP[topic] === undefined) throw new UsageError(`no help for "${topic}"; commands: ${COMMANDS.join(', ')}`);
    out(HELP[topic ?? 'main'] as string);
    return 0;
  }
  const handlers: Record<string, (args: string[]) => void | Promise<number>> = {
    advise: (args) => commandAdvise(args),
    run: commandRun,
    report: (args) => commandReport(args),
    list: commandList,
    eval: commandEval,
    props: commandProps,
    table: commandTable,
    gain: commandGain,
    criticality: commandCriticality,
    start: commandStart,
    catalogue: commandCatalogue,
  };
  const handler = handlers[command];
  if (!handler) {
    const suggestion = suggestCommand(command);
    throw new UsageError(
      `unknown command "${command}"` + (suggestion ? ` — did you mean "${suggestion}"?` : '') + ` commands: ${COMMANDS.join(', ')}`,
    );
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(HELP[command] as string);
    return 0;
  }
  const code = await handler(rest);
  return typeof code === 'number' ? code : 0;
}
