/**
 * `actlab run`: run one of the chapter's experiments, print its result in the chapter's format
 * (or JSON), with a progress line on a terminal. Every setting is checked and the run's time and
 * memory estimated before any work starts; a run that would not fit is refused, one that is
 * large announces its estimate on stderr.
 * @module
 */
import { availableParallelism, totalmem } from 'node:os';
import {
  DEFAULT_BUDGET,
  describeSetting,
  EXPERIMENTS,
  formatBytes,
  formatSeconds,
  getExperiment,
  MAX_ARRAY_BYTES,
  planRun,
  runExperiment,
  wallSeconds,
  type Experiment,
  type RunBudget,
  type SettingSpec,
} from '../experiments/index.js';
import { enableMatmulThreads } from '../node/threads.js';
import { installFashionMnistLoader } from '../node/fashion-mnist.js';
import { fashionMnistThreadsAvailable, runFashionMnistOnThreads } from '../node/fashion-mnist-threads.js';
import type { FashionMnistConfig } from '../experiments/fashion-mnist.js';
import { checkFigurePath, FIGURE_EXPERIMENTS, writeFigure } from './run-figure.js';
import { HELP_FLAGS, parseArgs, parseKeyValues, parseNumber, parseThreads, UsageError, type OptionSpec } from './args.js';
import { out, quote, toJson } from './format.js';

/** Memory a run may take from the CLI: half this machine's memory, at most 8 GiB. */
export function cliBudget(): RunBudget {
  return { bytes: Math.min(totalmem() / 2, 8 * 2 ** 30), seconds: DEFAULT_BUDGET.seconds };
}

/**
 * The budget `actlab run <id>` plans under: {@link cliBudget}, with the cores its jobs really
 * spread over — fashion-mnist's (activation, seed) runs go side by side on `threads` worker
 * threads (where the build's worker exists); every other run counts one core.
 */
export function runBudget(id: string, threads = Math.min(availableParallelism(), 8)): RunBudget {
  return { ...cliBudget(), cores: id === 'fashion-mnist' && fashionMnistThreadsAvailable() ? threads : 1 };
}

/** Runs estimated above this many seconds print their estimate on stderr before starting. */
const ANNOUNCE_SECONDS = 10;

export const RUN_HELP = `Usage: actlab run <experiment> [--seed N] [--rng default|numpy] [--set key=value …] [--json]
       actlab run --list [experiment]
       actlab run <experiment> --help     (this text and the experiment's settings)

Runs one of the chapter's experiments; defaults are the chapter's sizes. Textbook mode,
--rng numpy --seed 42, draws the same random numbers as the chapter's numpy programs and
reproduces the numbers they print.

Options:
  --seed N         seed, an integer from 0 to 4294967295 (default 42)
  --rng KIND       default (fast, same bits everywhere) or numpy (numpy's legacy RandomState)
  --set key=value  override a setting (repeatable, each key once); lists as a,b,c; number
                   lists also as 0-99; numbers are decimals or exponents (5000, 0.5, 1e4),
                   never hexadecimal; an activation may be a formula in z, quoted, its commas
                   inside parentheses: --set activations='relu,max(z, 0.1*z)'
  --data DIR       fashion-mnist: the folder of IDX files (as --set data=DIR; default
                   $ACTLAB_FASHION_MNIST, else /usr/share/datasets/fashion-mnist from
                   apt-get install -y dataset-fashion-mnist); MNIST in the same layout works too
  --threads N      threads for large matrix products, at most ${availableParallelism()} here (one per core,
                   the default); the numbers do not depend on it. fashion-mnist trains its
                   (activation, seed) runs side by side on N worker threads instead
  --figure FILE    also write the experiment's figure (as the report draws it) to FILE.svg or
                   FILE.png when the run ends (${FIGURE_EXPERIMENTS.join(', ')})
  --json           the configuration and result as JSON (−0 as -0; NaN and ±Infinity as strings)
  --list           the experiments and their settings, each with what it accepts ("at most N")

Limits: every setting has a range (actlab run --list). Before it starts, a run's memory and time
are estimated from its sizes; it is refused if it would need more than ${formatBytes(cliBudget().bytes)} (half this
machine's memory, at most 8 GiB), one array larger than ${formatBytes(MAX_ARRAY_BYTES)}, or more than about
${formatSeconds(DEFAULT_BUDGET.seconds)} on one core. A run estimated above ${ANNOUNCE_SECONDS} s prints its estimate on stderr first.
Runs whose numbers overflow (a learning rate or weight scale far too large) say that they
diverged instead of printing NaN as a result.`;

const RUN_OPTIONS: Record<string, OptionSpec> = {
  seed: { value: true },
  rng: { value: true },
  set: { value: true, repeatable: true },
  threads: { value: true },
  data: { value: true },
  figure: { value: true },
  json: { value: false },
  list: { value: false },
  ...HELP_FLAGS,
};


function settingLine(key: string, spec: SettingSpec, value: unknown): string {
  const choices = spec.choices && spec.type === 'list' ? ` (${spec.choices.join(' | ')})` : '';
  const shown = Array.isArray(value) ? (value.length ? value.join(',') : 'none') : String(value);
  return `    ${key} = ${shown}  — ${spec.description}${choices}; ${describeSetting(spec)}`;
}

function listExperiments(experiments: readonly Experiment[]): void {
  for (const e of experiments) {
    out(`${e.id} — ${e.title}${e.chapter ? `\n    reproduces: ${e.chapter}` : ''}`);
    for (const [key, spec] of Object.entries(e.settings)) out(settingLine(key, spec as SettingSpec, (e.defaults as Record<string, unknown>)[key]));
  }
}

/** The `--set` settings, with `--data DIR` as the setting `data`. */
function settingsOf(values: ReadonlyMap<string, readonly string[]>): Record<string, string> {
  const set = parseKeyValues(values.get('set') ?? [], '--set');
  const dataDir = values.get('data')?.[0];
  if (dataDir !== undefined) {
    if ('data' in set) throw new UsageError('give the data folder once: --data DIR or --set data=DIR');
    set.data = dataDir;
  }
  // fashion-mnist reads its images from disk here (from DIR, or its default folder).
  installFashionMnistLoader();
  return set;
}

export function commandRun(argv: string[]): void | Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(RUN_HELP);
    const id = argv.find((a) => EXPERIMENTS.some((e) => e.id === a));
    if (id !== undefined) {
      out('');
      listExperiments([getExperiment(id)]);
    }
    return;
  }
  const args = parseArgs(argv, RUN_OPTIONS, 'run');
  if (args.flags.has('list')) {
    const [only, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`run --list takes at most one experiment id, got also ${quote(extra)}`);
    if (args.values.size || args.flags.size > 1) throw new UsageError('run --list takes no other options');
    listExperiments(only === undefined ? EXPERIMENTS : [getExperiment(only)]);
    return;
  }
  const [id, extra] = args.positionals;
  if (id === undefined) throw new UsageError('run needs an experiment id (actlab run --list shows them)');
  if (extra !== undefined) throw new UsageError(`run takes one experiment id, got also ${quote(extra)}`);
  getExperiment(id);
  const rngText = args.values.get('rng')?.[0] ?? 'default';
  if (rngText !== 'default' && rngText !== 'numpy') throw new UsageError(`--rng must be default or numpy, got ${quote(rngText)}`);
  const seedText = args.values.get('seed')?.[0] ?? '42';
  const seed = parseNumber(seedText, '--seed');
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) throw new UsageError(`--seed must be an integer in [0, 4294967295], got ${quote(seedText)}`);
  const set = settingsOf(args.values);
  const threads = parseThreads(args.values.get('threads')?.[0]);
  const figureText = args.values.get('figure')?.[0];
  const figure = figureText === undefined ? undefined : checkFigurePath(id, figureText);
  // Everything is checked — settings, activation ids, the time and memory estimate — before
  // a worker starts or a number is drawn.
  const wanted = threads ?? Math.min(availableParallelism(), 8);
  const budget = runBudget(id, wanted);
  const plan = planRun(id, { set, budget, rng: rngText });
  const wall = wallSeconds(plan.cost, budget);
  if (wall > ANNOUNCE_SECONDS) {
    process.stderr.write(`${id}: estimated about ${formatSeconds(wall)} and ${formatBytes(plan.cost.bytes)} (a rough upper estimate)\n`);
  }
  const show = progressLine(id);
  const print = async (config: unknown, result: unknown, report: string) => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    out(args.flags.has('json') ? toJson({ experiment: id, rng: rngText, seed, config, result }, 2) : report);
    if (figure !== undefined) await writeFigure(id, result, figure);
  };
  if (id === 'fashion-mnist' && wanted > 1 && fashionMnistThreadsAvailable()) {
    // Its (activation, seed) runs on `wanted` worker threads, each single-threaded.
    enableMatmulThreads(1);
    const config = plan.config as FashionMnistConfig;
    return runFashionMnistOnThreads(config, wanted, show).then((result) => print(config, result, plan.experiment.report(result, config)));
  }
  // Workers start on the first product large enough to use them, not before.
  enableMatmulThreads(wanted);
  const { config, result, report } = runExperiment(id, { seed, rng: rngText, set, budget, progress: show });
  return print(config, result, report);
}

/** The progress line on stderr (a terminal only): percent and label. */
function progressLine(id: string): (fraction: number, label?: string) => void {
  let last = -1;
  return (fraction, label) => {
    const percent = Math.floor(fraction * 100);
    if (process.stderr.isTTY && percent !== last) {
      last = percent;
      process.stderr.write(`\r${id}: ${percent}%${label ? ` (${label})` : ''}\x1b[K`);
    }
  };
}
