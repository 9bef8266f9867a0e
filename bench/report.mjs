#!/usr/bin/env node
/**
 * `npm run bench:report`: times the whole `actlab report` (textbook mode, the chapter's sizes)
 * against the chapter's own four Python programs on this machine, in the same run, and prints
 * the ratio. The programs come from ../shared/seed/programs (or $ACTLAB_PROGRAMS); they need
 * python3 with numpy and scipy. matplotlib is replaced by a do-nothing stand-in (bench/pystub)
 * so plotting is not timed. `--json` prints the measurements as JSON.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const programs = process.env.ACTLAB_PROGRAMS ?? resolve(root, '..', 'shared', 'seed', 'programs');
const json = process.argv.includes('--json');

function time(command, args, options = {}) {
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { seconds: (performance.now() - started) / 1000, status: run.status, stderr: run.stderr };
}

if (!existsSync(bin)) {
  console.error('bench:report: dist/ is missing — run "npm run build" first (npm run bench:report does).');
  process.exit(1);
}

const out = mkdtempSync(join(tmpdir(), 'actlab-bench-report-'));
const actlab = time(process.execPath, [bin, 'report', '--out', out]);
rmSync(out, { recursive: true, force: true });
if (actlab.status !== 0) {
  console.error(`bench:report: actlab report failed:\n${actlab.stderr}`);
  process.exit(1);
}

const python = { available: false, seconds: NaN, programs: [], skipped: '' };
const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
if (probe.status !== 0) python.skipped = 'python3 with numpy and scipy not found';
else if (!existsSync(programs)) python.skipped = `the chapter's programs were not found at ${programs} (set ACTLAB_PROGRAMS)`;
else {
  python.available = true;
  python.seconds = 0;
  for (const file of readdirSync(programs).filter((f) => f.endsWith('.py')).sort()) {
    const run = time('python3', [join(programs, file)], {
      cwd: tmpdir(),
      env: { ...process.env, PYTHONPATH: join(here, 'pystub'), MPLBACKEND: 'Agg' },
    });
    python.programs.push({ file, seconds: run.seconds, status: run.status });
    python.seconds += run.seconds;
  }
}

const ratio = python.available ? python.seconds / actlab.seconds : NaN;
if (json) {
  console.log(JSON.stringify({ actlabReportSeconds: actlab.seconds, python, speedup: ratio }, null, 2));
} else {
  console.log('| run | seconds |');
  console.log('|---|---:|');
  console.log(`| actlab report (textbook mode, chapter sizes) | ${actlab.seconds.toFixed(1)} |`);
  if (python.available) {
    for (const p of python.programs) console.log(`| python3 ${p.file}${p.status === 0 ? '' : ' (exit ' + p.status + ')'} | ${p.seconds.toFixed(1)} |`);
    console.log(`| python3, all four programs | ${python.seconds.toFixed(1)} |`);
    console.log(`\nactlab report is ${ratio >= 1 ? `${ratio.toFixed(2)}× faster than` : `${(1 / ratio).toFixed(2)}× slower than`} the Python programs (goal: ≥ 5× faster).`);
  } else console.log(`\nPython column skipped: ${python.skipped}.`);
}
