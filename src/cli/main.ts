/**
 * The `actlab` command line: argument parsing and printing only; all the work is the library's.
 * Bad input prints one line and exits with status 2 — never a stack trace.
 * @module
 */
import { ACTIVATIONS, getActivation, resolveParams } from '../activations/index.js';
import type { Activation } from '../activations/types.js';
import { UnsupportedOperationError } from '../errors.js';
import { backward, forward } from '../kernels/index.js';
import { parseArgs, parseNumber, parseParamOptions, UsageError, type OptionSpec } from './args.js';
import { formatNumber, jsonValue, out, quote, toJson } from './format.js';
import { VERSION } from './version.js';
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
import { closestName } from '../suggest.js';
import { commandStart, START_HELP } from './serve.js';

type Dtype = 'float64' | 'float32';

/** Largest standard input `eval --stdin` reads (bytes): about 4 million numbers of 16 digits. */
export const MAX_STDIN_BYTES = 64 * 2 ** 20;
/** Most numbers `eval` evaluates in one call (from arguments or standard input). */
export const MAX_INPUTS = 4 * 2 ** 20;


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
Numbers: decimals, exponents (1e-8), inf, -inf, nan — no hexadecimal. For a vector activation
(softmax, log_softmax, glu, …) the numbers form one vector. Standard input may hold at most
${MAX_STDIN_BYTES / 2 ** 20} MiB and ${MAX_INPUTS} numbers; larger input is refused before any is evaluated.

Options:
  --param k=v         set a parameter (repeatable, each name once), e.g. --param alpha=0.5
  --derivative 0|1|2  f (default), f′ or f″; vector activations have only 0
  --dtype float64|float32
                      float64 (default) or float32: inputs are rounded to float32 and the
                      array kernels return float32 results (printed in shortest form)
  --json              print one JSON array of results in input order; −0 as -0, non-finite
                      values as the strings "NaN", "Infinity", "-Infinity"
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
  help: `Usage: actlab help [command]

Prints help for a command (actlab help eval is actlab eval --help), or, without one, the list
of commands. Commands: ${COMMANDS.join(', ')}.`,
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
  const widths = [0, 1, 2].map((c) => rows.reduce((w, r) => Math.max(w, (r[c] as string).length), ['id', 'name', 'family'][c]!.length));
  const header = ['id', 'name', 'family', 'parameters (defaults)'];
  return [header, ...rows].map((r) => r.map((cell, c) => (c < 3 ? pad(cell, widths[c] as number) : cell)).join('  '));
}

function commandList(argv: string[]): void {
  const args = parseArgs(argv, OPTIONS.list!, 'list');
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
}

/**
 * Reads a stream to its end as UTF-8, refusing it as soon as it passes `limit` bytes (so a huge
 * or endless input costs at most `limit` bytes of memory, not all of it).
 */
export async function readBounded(stream: NodeJS.ReadableStream, limit = MAX_STDIN_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += buffer.length;
      if (total > limit) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        throw new UsageError(`--stdin: standard input is larger than ${limit / 2 ** 20} MiB; at most ${limit / 2 ** 20} MiB (${MAX_INPUTS} numbers) per call — split the input`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('--stdin: could not read standard input');
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooMany(count: number): UsageError {
  return new UsageError(`eval takes at most ${MAX_INPUTS} numbers per call, got more (${count} so far) — split the input`);
}

/** The numbers of `eval --stdin`: one per line (blank lines skipped) or one JSON array. */
export function parseStdinNumbers(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new UsageError(`--stdin: input starts with "[" but is not a valid JSON array (starts ${quote(trimmed)})`);
    }
    if (!Array.isArray(parsed)) throw new UsageError('--stdin: expected a JSON array of numbers');
    if (parsed.length > MAX_INPUTS) throw tooMany(parsed.length);
    return parsed.map((v: unknown, i) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') return parseNumber(v, `element ${i} of the JSON array`);
      throw new UsageError(`--stdin: element ${i} of the JSON array is not a number (got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v})`);
    });
  }
  // Scanned line by line rather than split: a million short lines would make a million strings first.
  const numbers: number[] = [];
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const t = text.slice(start, end).trim();
    if (t !== '') {
      if (numbers.length >= MAX_INPUTS) throw tooMany(numbers.length + 1);
      numbers.push(parseNumber(t, `line ${line} of standard input`));
    }
    start = end + 1;
  }
  return numbers;
}

/** Writes many lines in a few large writes. */
function writeLines(count: number, line: (i: number) => string): void {
  const batch: string[] = [];
  for (let i = 0; i < count; i++) {
    batch.push(line(i));
    if (batch.length === 8192) {
      process.stdout.write(`${batch.join('\n')}\n`);
      batch.length = 0;
    }
  }
  if (batch.length) process.stdout.write(`${batch.join('\n')}\n`);
}

async function commandEval(argv: string[]): Promise<void> {
  const args = parseArgs(argv, OPTIONS.eval!, 'eval');
  const [name, ...rest] = args.positionals;
  if (name === undefined) throw new UsageError('eval needs an activation id: actlab eval <id> <z…> (see actlab list)');
  const activation = getActivation(name);
  const params = resolveParams(activation, parseParamOptions(args.values.get('param') ?? []));
  const dtypeText = args.values.get('dtype')?.[0] ?? 'float64';
  if (dtypeText !== 'float64' && dtypeText !== 'float32') throw new UsageError(`--dtype must be float64 or float32, got ${quote(dtypeText)}`);
  const dtype: Dtype = dtypeText;
  const derivativeText = args.values.get('derivative')?.[0] ?? '0';
  if (!['0', '1', '2'].includes(derivativeText)) throw new UsageError(`--derivative must be 0, 1 or 2, got ${quote(derivativeText)}`);
  const order = Number(derivativeText) as 0 | 1 | 2;
  if (activation.kind === 'vector' && order !== 0) {
    throw new UnsupportedOperationError(
      `${activation.id} is a vector function: it has a vector–Jacobian product (library: backward()), not --derivative ${order}`,
    );
  }
  if (args.flags.has('stdin') && rest.length) throw new UsageError('give the numbers either as arguments or with --stdin, not both');
  if (rest.length > MAX_INPUTS) throw tooMany(rest.length);
  const inputs = args.flags.has('stdin') ? parseStdinNumbers(await readBounded(process.stdin)) : rest.map((t, i) => parseNumber(t, `argument ${i + 1}`));
  if (!inputs.length) throw new UsageError('eval needs at least one number (arguments or --stdin)');

  const x = dtype === 'float32' ? Float32Array.from(inputs) : Float64Array.from(inputs);
  let results: Float32Array | Float64Array;
  if (activation.kind === 'vector' || order === 0) results = forward(activation, x, { params });
  else if (order === 1) results = backward(activation, x, x.map(() => 1), { params }).gradIn;
  else {
    results = dtype === 'float32' ? new Float32Array(x.length) : new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) results[i] = activation.d2f(x[i] as number, params);
  }

  if (args.flags.has('json')) {
    out(toJson(Array.from(results, (v) => jsonValue(v, dtype))));
    return;
  }
  const label = ['f', "f'", "f''"][order] as string;
  if (activation.kind === 'vector') {
    out(`${activation.id}([${Array.from(x, (v) => formatNumber(v, dtype)).join(', ')}]) =`);
    out(`[${Array.from(results, (v) => formatNumber(v, dtype)).join(', ')}]`);
    return;
  }
  const left = Array.from(x, (v) => formatNumber(v, dtype));
  // A loop, not Math.max(...left): spreading millions of arguments overflows the stack.
  const width = left.reduce((w, s) => Math.max(w, s.length), 1);
  writeLines(results.length, (i) => `${label}(${pad(left[i] as string, width)}) = ${formatNumber(results[i] as number, dtype)}`);
}

function commandCatalogue(argv: string[]): void {
  const args = parseArgs(argv, OPTIONS.catalogue!, 'catalogue');
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

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) throw new UsageError('arguments must be strings');
  if (command === undefined || command === '-h' || command === '--help') {
    if (rest.length) throw new UsageError(`${command} takes no arguments, got ${quote(rest[0] as string)} (for a command's help: actlab help <command>)`);
    out(HELP.main as string);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    if (rest.length) throw new UsageError(`${command} takes no arguments, got ${quote(rest[0] as string)}`);
    out(VERSION);
    return 0;
  }
  if (command === 'help') {
    const args = parseArgs(rest, OPTIONS.help!, 'help');
    const [topic, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`help takes one command, got also ${quote(extra)}`);
    if (args.flags.size) {
      if (topic !== undefined) throw new UsageError('give help a command or --help, not both');
      out(HELP.help as string);
      return 0;
    }
    if (topic !== undefined && !Object.hasOwn(HELP, topic)) {
      const suggestion = closestName(topic, COMMANDS);
      throw new UsageError(`no help for ${quote(topic)}` + (suggestion ? ` — did you mean "${suggestion}"?` : '') + `; commands: ${COMMANDS.join(', ')}`);
    }
    out(HELP[topic ?? 'main'] as string);
    return 0;
  }
  const handlers: Record<string, (args: string[]) => void | Promise<void> | Promise<number>> = {
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
  const handler = Object.hasOwn(handlers, command) ? handlers[command] : undefined;
  if (!handler) {
    const suggestion = command.length <= 40 ? closestName(command, COMMANDS) : undefined;
    throw new UsageError(
      `unknown command ${quote(command)}` + (suggestion ? ` — did you mean "${suggestion}"?` : '') + ` commands: ${COMMANDS.join(', ')}`,
    );
  }
  // `run <experiment> --help` also lists that experiment's settings: run.ts answers it.
  if (command !== 'run' && (rest.includes('--help') || rest.includes('-h'))) {
    out(HELP[command] as string);
    return 0;
  }
  const code = await handler(rest);
  return typeof code === 'number' ? code : 0;
}
