/**
 * `actlab report`: runs every experiment at the chapter's sizes with a progress bar and writes
 * the report (HTML, Markdown, figures, JSON) atomically.
 * @module
 */
import { resolve } from 'node:path';
import { buildReportInParallel } from '../report/parallel.js';
import { writeReport } from '../report/write.js';
import { parseArgs, parseNumber, UsageError, type OptionSpec } from './args.js';

export const REPORT_HELP = `Usage: actlab report [--out DIR] [--rng numpy|default] [--seed N] [--quick]

Runs every experiment of the chapter at the chapter's sizes, side by side on all cores (a few
minutes; a progress bar shows where it is), and writes to DIR (default report/): index.html (self-contained, works
offline), report.md, figures/*.svg, *.png and *.vl.json (the Vega-Lite specs), results.json.
Files appear only when complete: an interrupted run leaves no half-written file.

Options:
  --out DIR     output folder (default report)
  --rng KIND    numpy (default: textbook mode, the chapter's own random numbers) or default
  --seed N      seed (default 42)
  --quick       smaller sizes (seconds, not minutes); the numbers then differ from the chapter
  --threads N   worker threads (default: one per core); the numbers do not depend on it`;

const OPTIONS: Record<string, OptionSpec> = {
  out: { value: true },
  rng: { value: true },
  seed: { value: true },
  quick: { value: false },
  threads: { value: true },
  help: { value: false },
  h: { value: false },
};

function bar(fraction: number, label: string): string {
  const width = 30;
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${label}`;
}

export async function commandReport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'report');
  if (args.positionals.length) throw new UsageError(`report takes no arguments, got "${args.positionals[0]}" (use --out DIR)`);
  const rng = args.values.get('rng')?.[0] ?? 'numpy';
  if (rng !== 'numpy' && rng !== 'default') throw new UsageError(`--rng must be numpy or default, got "${rng}"`);
  const seedText = args.values.get('seed')?.[0] ?? '42';
  const seed = parseNumber(seedText, '--seed');
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) throw new UsageError(`--seed must be an integer in [0, 4294967295], got ${seedText}`);
  const out = resolve(args.values.get('out')?.[0] ?? 'report');
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
  const threadsText = args.values.get('threads')?.[0];
  const threads = threadsText === undefined ? undefined : parseNumber(threadsText, '--threads');
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) throw new UsageError(`--threads must be an integer in [1, 64], got ${threadsText}`);
  const report = await buildReportInParallel({ rng, seed, quick: args.flags.has('quick'), progress: show, ...(threads ? { threads } : {}) });
  const files = await writeReport(report, out, (label) => show(1, label));
  if (tty) process.stderr.write('\r\x1b[K');
  process.stdout.write(`Wrote ${files.length} files to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s:\n  ${files.join('\n  ')}\n`);
  return 0;
}
