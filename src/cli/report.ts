/**
 * `actlab report`: runs every experiment at the chapter's sizes with a progress bar and writes
 * the report (HTML, Markdown, figures, JSON) atomically.
 *
 * Order: every option and the destination are checked first (exit 2, in milliseconds); then the
 * staging folder is made beside the destination and SIGINT/SIGTERM/SIGHUP handlers installed;
 * then the work; then one rename. An interrupted or failed run removes the staging folder and
 * leaves the destination as it was, says so, and exits 128 + the signal's number (130 for
 * SIGINT, 143 for SIGTERM, 129 for SIGHUP) or 1 for a failure.
 * @module
 */
import { availableParallelism, constants } from 'node:os';
import { buildReportInParallel } from '../report/parallel.js';
import { openDestination, type ReportDestination, type StepHook } from '../report/destination.js';
import { ActlabError } from '../errors.js';
import type { writeReport as WriteReport } from '../report/write.js';
import { HELP_FLAGS, parseArgs, parseNumber, parseThreads, UsageError, type OptionSpec } from './args.js';

export const REPORT_HELP = `Usage: actlab report [--out DIR] [--rng numpy|default] [--seed N] [--quick]

Runs every experiment of the chapter at the chapter's sizes, side by side on all cores (a few
minutes; a progress bar shows where it is), and writes to DIR (default report/): index.html
(self-contained, works offline), report.md, figures/*.svg, *.png and *.vl.json (the Vega-Lite
specs), results.json.

DIR must be a new path, an empty folder, or an earlier report folder (holding nothing but what a
report writes), which is replaced as a whole; anything else is refused before the work starts.
The report is written beside DIR and renamed onto it once complete: DIR holds the old report or
the new one, never a mix. Ctrl-C (or SIGTERM) leaves DIR as it was; exit status 130 (143).

Options:
  --out DIR     output folder (default report)
  --rng KIND    numpy (default: textbook mode, the chapter's own random numbers) or default
  --seed N      seed (default 42)
  --quick       smaller sizes (seconds, not minutes); the numbers then differ from the chapter
  --threads N   worker threads, at most ${availableParallelism()} here (default: one per core); the numbers do not depend on it`;

const OPTIONS: Record<string, OptionSpec> = {
  out: { value: true },
  rng: { value: true },
  seed: { value: true },
  quick: { value: false },
  threads: { value: true },
  ...HELP_FLAGS,
};

function bar(fraction: number, label: string): string {
  const width = 30;
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${label}`;
}

/** Test seams: the report builder, and a hook at each write step. */
export interface ReportCommandDeps {
  readonly build?: typeof buildReportInParallel;
  readonly step?: StepHook;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * On SIGINT/SIGTERM/SIGHUP: discards the staging folder (unless the report is already in place),
 * says truly what is on disk, and exits with 128 + the signal number. Returns the uninstaller.
 */
function onInterrupt(destination: ReportDestination): () => void {
  const handler = (signal: (typeof SIGNALS)[number]) => {
    uninstall();
    destination.discard();
    const where = destination.plan.dir;
    const what =
      destination.state === 'committed'
        ? `the report was already complete in ${where}`
        : destination.state === 'kept'
          ? `the report was left in ${destination.staging}`
          : destination.plan.kind === 'new'
            ? `nothing was written (${where} was not created)`
            : `nothing was written (${where} is as it was)`;
    process.stderr.write(`\nactlab: interrupted by ${signal}; ${what}\n`);
    process.exit(128 + constants.signals[signal]);
  };
  const uninstall = () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return uninstall;
}

/** A package the report's figure rendering needs is not installed. */
export class MissingDependencyError extends ActlabError {
  constructor(readonly missing: string) {
    super(
      `actlab report renders its figures with vega, vega-lite, @resvg/resvg-js and dejavu-fonts-ttf, and ${missing} is not installed: ` +
        'they are optional peers of actlab, not installed with it: npm install vega vega-lite @resvg/resvg-js dejavu-fonts-ttf',
      'MISSING_DEPENDENCY',
    );
  }
}

/**
 * The report writer, loaded only when a report is asked for: its figure renderer pulls in
 * vega, vega-lite and resvg's native binary, which nothing else in the CLI needs (`eval` must
 * work where they are absent: they are optional peers, which a library install lacks).
 */
async function loadReportWriter(): Promise<typeof WriteReport> {
  try {
    return (await import('../report/write.js')).writeReport;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
    if (missing) throw new MissingDependencyError(missing);
    throw error;
  }
}

export async function commandReport(argv: string[], deps: ReportCommandDeps = {}): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'report');
  if (args.positionals.length) throw new UsageError(`report takes no arguments, got "${args.positionals[0]}" (use --out DIR)`);
  const rng = args.values.get('rng')?.[0] ?? 'numpy';
  if (rng !== 'numpy' && rng !== 'default') throw new UsageError(`--rng must be numpy or default, got "${rng}"`);
  const seedText = args.values.get('seed')?.[0] ?? '42';
  const seed = parseNumber(seedText, '--seed');
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) throw new UsageError(`--seed must be an integer in [0, 4294967295], got ${seedText}`);
  const threads = parseThreads(args.values.get('threads')?.[0]);
  const writeReport = await loadReportWriter();
  // The destination last: it creates the staging folder, and nothing may fail after it but the work.
  const destination = openDestination(args.values.get('out')?.[0] ?? 'report', deps.step ? { step: deps.step } : {});
  const uninstall = onInterrupt(destination);
  const out = destination.plan.dir;
  const tty = process.stderr.isTTY;
  let lastPercent = -1;
  const show = (fraction: number, label: string) => {
    const percent = Math.floor(fraction * 100);
    if (tty) process.stderr.write(`\r${bar(fraction, label)}\x1b[K`);
    else if (percent >= lastPercent + 10) {
      lastPercent = percent - (percent % 10);
      process.stderr.write(`${bar(fraction, label)}\n`);
    }
  };
  const started = performance.now();
  const build = deps.build ?? buildReportInParallel;
  let files: string[];
  try {
    const report = await build({ rng, seed, quick: args.flags.has('quick'), progress: show, ...(threads ? { threads } : {}) });
    files = await writeReport(report, destination, (label) => show(1, label));
  } catch (error) {
    uninstall();
    destination.discard();
    if (tty) process.stderr.write('\r\x1b[K');
    if (error instanceof ActlabError) throw error;
    const where = destination.state === 'kept' ? `the report was left in ${destination.staging}` : destination.plan.kind === 'new' ? `${out} was not created` : `${out} is as it was`;
    process.stderr.write(`actlab: the report failed: ${error instanceof Error ? error.message : String(error)}; ${where}\n`);
    return 1;
  }
  // One more turn of the event loop: a signal that arrived during the commit is handled now and
  // says the report is complete (exit 128 + n, never 0 after a signal).
  await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
  uninstall();
  if (tty) process.stderr.write('\r\x1b[K');
  process.stdout.write(`Wrote ${files.length} files to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s:\n  ${files.join('\n  ')}\n`);
  return 0;
}
