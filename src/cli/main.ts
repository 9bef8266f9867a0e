/**
 * The `actlab` command line: argument parsing and printing only; all the work is the library's.
 * Bad input prints one line and exits with status 2 — never a stack trace.
 * @module
 */
import '../formula/install.js'; // formulas wherever an activation is named
import { HELP_FLAGS, parseArgs, UsageError } from './args.js';
import { CATALOGUE_HELP, commandCatalogue, commandList, LIST_HELP } from './catalogue.js';
import { commandEval, EVAL_HELP } from './eval.js';
import { out, quote } from './format.js';
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

Your own activation: wherever an id goes, a formula in z does too — quote it for the shell:
'z*tanh(softplus(z))', 'max(z, 0.1*z)', 'where(z > 0, z, expm1(z))', with + - * / ^, pi, e,
exp expm1 log log1p sqrt sin cos tanh erf erfc abs min max where, comparisons, and every
elementwise activation by its id (softplus(z), elu(z, alpha=0.5)); f′ and f″ are exact
(automatic differentiation). 'My swish=z*sigmoid(1.5*z)' names it for printouts and legends.

Options:
  -h, --help     show help (also: actlab <command> --help)
  -v, --version  print the version

Examples:
  actlab list
  actlab eval gelu -1 0 1
  actlab eval elu -2 --param alpha=0.5 --derivative 1
  actlab eval softmax 1 2 3 --json
  actlab eval 'z*tanh(softplus(z))' 0.5 --derivative 1
  actlab props 'My swish=z*sigmoid(1.5*z)'
  echo "[0.5, -3]" | actlab eval sigmoid --stdin --dtype float32
  actlab props gelu
  actlab table --format md
  actlab gain tanh gelu selu
  actlab criticality tanh --sigma-b 0.05
  actlab run gradient-flow --set activations='relu,max(z, 0.1*z)'

Exit status: 0 success, 2 bad input (unknown name, invalid parameter, number or formula), 1 other failure.`,
  list: LIST_HELP,
  eval: EVAL_HELP,
  props: PROPS_HELP,
  table: TABLE_HELP,
  gain: GAIN_HELP,
  criticality: CRITICALITY_HELP,
  advise: ADVISE_HELP,
  run: RUN_HELP,
  report: REPORT_HELP,
  start: START_HELP,
  catalogue: CATALOGUE_HELP,
  help: `Usage: actlab help [command]

Prints help for a command (actlab help eval is actlab eval --help), or, without one, the list
of commands. Commands: ${COMMANDS.join(', ')}.`,
};

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
    const args = parseArgs(rest, HELP_FLAGS, 'help');
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
