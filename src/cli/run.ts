/**
 * `actlab run`: run one of the chapter's experiments, print its result in the chapter's format
 * (or JSON), with a progress line on a terminal.
 * @module
 */
import { EXPERIMENTS, getExperiment, runExperiment, type SettingSpec } from '../experiments/index.js';
import { enableMatmulThreads } from '../node/threads.js';
import { parseArgs, parseNumber, UsageError, type OptionSpec } from './args.js';

export const RUN_HELP = `Usage: actlab run <experiment> [--seed N] [--rng default|numpy] [--set key=value …] [--json]
       actlab run --list

Runs one of the chapter's experiments; defaults are the chapter's sizes. Textbook mode,
--rng numpy --seed 42, draws the same random numbers as the chapter's numpy programs and
reproduces the numbers they print.

Options:
  --seed N         seed (default 42)
  --rng KIND       default (fast, same bits everywhere) or numpy (numpy's legacy RandomState)
  --set key=value  override a setting (repeatable); lists as a,b,c; number lists also as 0-99
  --threads N      threads for large matrix products (default: one per core); the numbers do not depend on it
  --json           the configuration and result as JSON
  --list           the experiments and their settings`;

const RUN_OPTIONS: Record<string, OptionSpec> = {
  seed: { value: true },
  rng: { value: true },
  set: { value: true, repeatable: true },
  threads: { value: true },
  json: { value: false },
  list: { value: false },
  help: { value: false },
  h: { value: false },
};

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

function describeSetting(key: string, spec: SettingSpec, value: unknown): string {
  const range = [spec.min !== undefined ? `≥ ${spec.min}` : '', spec.max !== undefined ? `≤ ${spec.max}` : ''].filter(Boolean).join(', ');
  const choices = spec.choices ? ` (${spec.choices.join(' | ')})` : '';
  return `    ${key} = ${Array.isArray(value) ? value.join(',') : String(value)}  — ${spec.description}${choices}${range ? `; ${range}` : ''}`;
}

export function commandRun(argv: string[]): void {
  const args = parseArgs(argv, RUN_OPTIONS, 'run');
  if (args.flags.has('list')) {
    for (const e of EXPERIMENTS) {
      out(`${e.id} — ${e.title}${e.chapter ? `\n    reproduces: ${e.chapter}` : ''}`);
      for (const [key, spec] of Object.entries(e.settings)) out(describeSetting(key, spec as SettingSpec, (e.defaults as Record<string, unknown>)[key]));
    }
    return;
  }
  const [id, extra] = args.positionals;
  if (id === undefined) throw new UsageError('run needs an experiment id (actlab run --list shows them)');
  if (extra !== undefined) throw new UsageError(`run takes one experiment id, got also "${extra}"`);
  getExperiment(id);
  const rngText = args.values.get('rng')?.[0] ?? 'default';
  if (rngText !== 'default' && rngText !== 'numpy') throw new UsageError(`--rng must be default or numpy, got "${rngText}"`);
  const seedText = args.values.get('seed')?.[0] ?? '42';
  const seed = parseNumber(seedText, '--seed');
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) throw new UsageError(`--seed must be an integer in [0, 4294967295], got ${seedText}`);
  const set: Record<string, string> = {};
  for (const text of args.values.get('set') ?? []) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set must look like key=value, got "${text}"`);
    set[text.slice(0, eq).trim()] = text.slice(eq + 1).trim();
  }
  const threadsText = args.values.get('threads')?.[0];
  const threads = threadsText === undefined ? undefined : parseNumber(threadsText, '--threads');
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) throw new UsageError(`--threads must be an integer in [1, 64], got ${threadsText}`);
  enableMatmulThreads(threads, { startNow: true });
  const tty = process.stderr.isTTY;
  let last = -1;
  const { config, result, report } = runExperiment(id, {
    seed,
    rng: rngText,
    set,
    progress: (fraction, label) => {
      const percent = Math.floor(fraction * 100);
      if (tty && percent !== last) {
        last = percent;
        process.stderr.write(`\r${id}: ${percent}%${label ? ` (${label})` : ''}\x1b[K`);
      }
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  if (args.flags.has('json')) {
    out(JSON.stringify({ experiment: id, rng: rngText, seed, config, result }, (_k, v) => (v instanceof Float64Array || v instanceof Float32Array ? Array.from(v) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2));
    return;
  }
  out(report);
}
