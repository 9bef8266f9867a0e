/**
 * CLI commands of the analysis engine: props, table, gain, criticality. Parsing and printing
 * only; the numbers come from src/analysis.
 * @module
 */
import { getActivation, getElementwise, resolveParams, ACTIVATIONS, type FormulaActivation } from '../activations/index.js';
import type { Activation } from '../activations/types.js';
import {
  AnalysisDomainError,
  formatInterval,
  formatValue,
  gain,
  MAX_DEPTH,
  MAX_SIGMA,
  MAX_VARIANCE,
  MIN_SIGMA_W,
  MIN_VARIANCE,
  properties,
  propagation,
  regenerateTable,
  type ElementwisePropertySheet,
  type TableRow,
} from '../analysis/index.js';
import { HELP_FLAGS, parseArgs, parseNumber, parseParamOptions, UsageError, type OptionSpec } from './args.js';
import { out } from './format.js';

const help = HELP_FLAGS;

/** Roots and values at roots: found to the last bits, shown with 16 digits. */
const precise = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(16))) : formatValue(x));
/** Quadrature results: accurate to ~1e−16 relative, shown with 15 digits; ±∞ only ever means "beyond float64". */
const integral = (x: number) =>
  Number.isFinite(x) ? String(Number(x.toPrecision(15))) : Number.isNaN(x) ? 'not computed' : `${x > 0 ? '' : '-'}∞ (beyond float64)`;
/** A gain 1/√E[f²]: ∞ only where E[f²] = 0. */
const gainText = (x: number) => (Number.isFinite(x) ? integral(x) : '∞ (E[f²] = 0)');
/** JSON with ±∞ and NaN as strings, as eval --json does. */
const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);

/**
 * Parses a numeric option and checks it lies in [min, max] before any work starts; the message
 * names the basic requirement (`rule`) and the accepted range.
 */
function numberOption(text: string | undefined, name: string, fallback: number, min: number, max: number, rule: string): number {
  if (text === undefined) return fallback;
  const value = parseNumber(text, name);
  if (!(value >= min && value <= max)) throw new UsageError(`${name} must be ${rule}, got ${text} (accepted: at least ${min}, at most ${max})`);
  return value;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${message}\x1b[K`);
}
function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

// ───────────────────────────── props ─────────────────────────────

export const PROPS_HELP = `Usage: actlab props <id> [--param k=v …] [--q Q] [--json] [--no-timing]

The property sheet of an activation, computed from its definition: range and derivative
range, monotonicity with every minimum and maximum, inflection points, smoothness at each
kink, saturation on each side and how fast, Gaussian moments E[f], E[f²], E[f′], E[f′²] for
z ~ N(0, Q) (default Q = 1), the variance-preserving gain, and the cost per element.
<id> may be a formula in z, quoted: actlab props 'My swish=z*sigmoid(1.5*z)'.

Options:
  --param k=v    set a parameter (repeatable); any value the activation accepts
  --q Q          variance of the Gaussian input for the moments (default 1; at least
                 ${MIN_VARIANCE}, at most ${MAX_VARIANCE})
  --json         the sheet as JSON (±∞ as "Infinity"/"-Infinity")
  --no-timing    skip measuring ns/element (deterministic output)

Limits: parameters that put a feature of the activation beyond what float64 resolves — a kink
beyond |z| = 1e300, a minimum or inflection point below 2.2e-308, a derivative still short of its
limit at |z| = 1.3e308 — are refused with the reason (exit status 2). A moment too large for
float64 prints as ∞ (beyond float64). Any accepted input takes well under 2 s.`;

const PROPS_OPTIONS: Record<string, OptionSpec> = {
  param: { value: true, repeatable: true },
  q: { value: true },
  json: { value: false },
  'no-timing': { value: false },
  ...help,
};

function sheetLines(sheet: ElementwisePropertySheet): string[] {
  const lines: [string, string][] = [];
  const params = Object.entries(sheet.params).map(([k, v]) => `${k} = ${v}`);
  lines.push(['parameters', params.length ? params.join(', ') : 'none']);
  lines.push(['range', `${formatInterval(sheet.range)}${sheet.range.bounded ? ' (bounded)' : ''}`]);
  lines.push([
    'derivative range',
    sheet.derivativeRange.values
      ? `{${sheet.derivativeRange.values.map(formatValue).join(', ')}} (piecewise linear)`
      : formatInterval(sheet.derivativeRange),
  ]);
  const reasons = [
    ...sheet.extrema.map((e) => `${e.kind} f(${precise(e.at)}) = ${precise(e.value)}`),
    ...sheet.decreasingJumps.map((j) => `jumps down at z = ${precise(j.at)} (${precise(j.from)} → ${precise(j.to)})`),
    ...(sheet.negativeDerivativeAt === undefined ? [] : [`f′ < 0 at z = ${precise(sheet.negativeDerivativeAt)}`]),
  ];
  lines.push(['monotone', sheet.monotone ? 'yes (non-decreasing)' : `no: ${reasons.join('; ')}`]);
  lines.push(['inflection points', sheet.inflectionPoints.length ? sheet.inflectionPoints.map(precise).join(', ') : 'none']);
  lines.push([
    'smoothness',
    sheet.kinks.length
      ? `${sheet.smoothness} — ${sheet.kinks
          .map((k) => `z = ${formatValue(k.at)}: ${k.continuity} (f′ ${formatValue(k.df[0])} | ${formatValue(k.df[1])})`)
          .join('; ')}`
      : 'C∞ (no kinks)',
  ]);
  lines.push(['saturation (left)', sheet.saturation.left.description]);
  lines.push(['saturation (right)', sheet.saturation.right.description]);
  const m = sheet.moments;
  lines.push([
    `moments, z ~ N(0, ${m.q})`,
    `E[f] = ${integral(m.mean)}, E[f²] = ${integral(m.meanSquare)}, E[f′] = ${integral(m.meanDerivative)}, E[f′²] = ${integral(m.meanDerivativeSquare)}`,
  ]);
  lines.push(['gain 1/√E[f²]', gainText(sheet.gain)]);
  const calls = (c: Readonly<Record<string, number>>) =>
    Object.entries(c)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ') || 'none';
  lines.push([
    'cost per element',
    `f: ${calls(sheet.cost.f)}; f′: ${calls(sheet.cost.df)}${sheet.cost.nsPerElement === undefined ? '' : `; ${sheet.cost.nsPerElement} ns (JS kernel, forward)`}`,
  ]);
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `  ${pad(k, width)}  ${v}`);
}

/** How a printout names an activation: `GELU (gelu)`, `f(z) = z*tanh(softplus(z))`, `My swish: f(z) = z*sigmoid(1.5*z)`. */
function heading(activation: Activation): string {
  if (activation.family !== 'formula') return `${activation.name} (${activation.id})`;
  const expression = (activation as FormulaActivation).expression;
  return `${activation.name === expression ? '' : `${activation.name}: `}f(z) = ${expression}`;
}

export function commandProps(argv: string[]): void {
  const args = parseArgs(argv, PROPS_OPTIONS, 'props');
  const [name, extra] = args.positionals;
  if (name === undefined) throw new UsageError('props needs an activation id: actlab props <id> (see actlab list)');
  if (extra !== undefined) throw new UsageError(`props takes one activation id, got also "${extra}"`);
  const activation = getActivation(name);
  const params = resolveParams(activation, parseParamOptions(args.values.get('param') ?? []));
  const q = numberOption(args.values.get('q')?.[0], '--q', 1, MIN_VARIANCE, MAX_VARIANCE, 'a finite number > 0');
  const sheet = properties(activation, params, { q, timing: !args.flags.has('no-timing') });
  if (args.flags.has('json')) {
    out(json(sheet));
    return;
  }
  if (sheet.kind === 'vector') {
    out(`${sheet.name} (${sheet.id}) acts on whole vectors:`);
    out(`  output length    ${sheet.outputLengthFor8} for an input row of 8`);
    out(`  shift-invariant  ${sheet.shiftInvariant ? 'yes: f(x + c) = f(x)' : 'no'}`);
    out(`  sums to one      ${sheet.sumsToOne ? 'yes' : 'no'}`);
    return;
  }
  out(heading(activation));
  out(sheetLines(sheet).join('\n'));
}

// ───────────────────────────── table ─────────────────────────────

export const TABLE_HELP = `Usage: actlab table [--format text|md|json] [--all] [--no-timing]

The chapter's table of activation properties (Range, Derivative Range, Zero-Centered,
Saturates, Computation), rebuilt from computed property sheets, with the chapter's own entry
beside each and a list of where the chapter is approximate, loose or wrong.

Options:
  --format F     text (default), md (Markdown) or json
  --all          every elementwise activation, not only the chapter's eight
  --no-timing    leave ns/element out of the Computation column (deterministic output)`;

const TABLE_OPTIONS: Record<string, OptionSpec> = {
  format: { value: true },
  all: { value: false },
  'no-timing': { value: false },
  ...help,
};

const TABLE_COLUMNS = ['Activation', 'Range', 'Derivative Range', 'Zero-Centered', 'Saturates', 'Computation', 'Chapter check'] as const;

function rowCells(row: TableRow): string[] {
  return [row.label, row.range, row.derivativeRange, row.zeroCentered, row.saturates, row.computation, row.check];
}

function chapterCells(row: TableRow): string[] | undefined {
  const c = row.chapter;
  if (!c) return undefined;
  return ['  chapter', c.range.text, c.derivativeRange.text, c.zeroCentered, c.saturates.text, c.computation, ''];
}

export function commandTable(argv: string[]): void {
  const args = parseArgs(argv, TABLE_OPTIONS, 'table');
  if (args.positionals.length) throw new UsageError(`table takes no arguments, got "${args.positionals[0]}"`);
  const format = args.values.get('format')?.[0] ?? 'text';
  if (!['text', 'md', 'json'].includes(format)) throw new UsageError(`--format must be text, md or json, got "${format}"`);
  progress('computing property sheets…');
  const rows = regenerateTable({ all: args.flags.has('all'), timing: !args.flags.has('no-timing') });
  progressDone();
  if (format === 'json') {
    out(JSON.stringify(rows.map(({ sheet: _sheet, ...row }) => row), null, 2));
    return;
  }
  const findings = rows.flatMap((r) => r.findings.map((f) => `${r.label} — ${f}`));
  if (format === 'md') {
    const lines = [`| ${TABLE_COLUMNS.join(' | ')} |`, `|${TABLE_COLUMNS.map(() => '---').join('|')}|`];
    for (const row of rows) {
      lines.push(`| ${rowCells(row).join(' | ')} |`);
      const chapter = chapterCells(row);
      if (chapter) lines.push(`| ${chapter.map((c, i) => (i === 0 ? '*chapter*' : c ? `*${c}*` : '')).join(' | ')} |`);
    }
    out(lines.join('\n'));
    if (findings.length) out(`\nWhere the chapter is approximate or loose:\n\n${findings.map((f) => `- ${f}`).join('\n')}`);
    return;
  }
  const all = [TABLE_COLUMNS as unknown as string[], ...rows.flatMap((r) => [rowCells(r), ...(chapterCells(r) ? [chapterCells(r) as string[]] : [])])];
  const widths = TABLE_COLUMNS.map((_, c) => Math.max(...all.map((r) => (r[c] as string).length)));
  out(all.map((r) => r.map((cell, c) => pad(cell, widths[c] as number)).join('  ').trimEnd()).join('\n'));
  out('\nRows marked "chapter" quote the chapter; the others are computed (zero-centredness under z ~ N(0, 1)).');
  if (findings.length) out(`\nWhere the chapter is approximate or loose:\n${findings.map((f) => `  - ${f}`).join('\n')}`);
}

// ───────────────────────────── gain ─────────────────────────────

export const GAIN_HELP = `Usage: actlab gain [<id>…] [--param k=v …] [--json]

The variance-preserving initialisation gain 1/√E[f(z)²], z ~ N(0, 1), for each activation
(all elementwise ones by default), beside PyTorch's calculate_gain value where it has one and
why the two differ. Use it with He/Kaiming (std = gain/√fan_in) or Xavier initialisation.
An <id> may be a formula in z, quoted: actlab gain relu 'z*tanh(softplus(z))'.

Options:
  --param k=v   set a parameter (only with a single id); any value the activation accepts
  --json        the reports as JSON (±∞ as "Infinity"/"-Infinity")

E[f²] too large for float64 prints as ∞ (beyond float64); the gain is still computed (from
√E[f²]). Parameters that put the activation beyond what float64 resolves are refused with
the reason (exit status 2).`;

const GAIN_OPTIONS: Record<string, OptionSpec> = { param: { value: true, repeatable: true }, json: { value: false }, ...help };

export function commandGain(argv: string[]): void {
  const args = parseArgs(argv, GAIN_OPTIONS, 'gain');
  const ids = args.positionals.length
    ? args.positionals
    : ACTIVATIONS.filter((a: Activation) => a.kind === 'elementwise').map((a) => a.id);
  const paramTexts = args.values.get('param') ?? [];
  if (paramTexts.length && ids.length !== 1) throw new UsageError('--param needs exactly one activation id');
  const definitions = ids.map((id) => getElementwise(id));
  const given = parseParamOptions(paramTexts);
  for (const d of definitions) resolveParams(d, given);
  // Without ids, an activation the analysis refuses (Snake: periodic) is named in a note, not fatal.
  const refused: string[] = [];
  const reports = definitions.flatMap((d) => {
    try {
      return [gain(d, given)];
    } catch (error) {
      if (args.positionals.length || !(error instanceof AnalysisDomainError)) throw error;
      refused.push(`  ${d.id}: ${error.reason}`);
      return [];
    }
  });
  if (args.flags.has('json')) {
    out(json(reports));
    return;
  }
  const rows = reports.map((r) => [r.id, gainText(r.gain), integral(r.secondMoment), r.pytorch ? `${r.pytorch.formula} = ${formatValue(r.pytorch.value)}` : `— (${r.pytorchRaises ?? 'ValueError'})`]);
  const header = ['activation', 'gain 1/√E[f²]', 'E[f²]', 'PyTorch calculate_gain'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  out([header, ...rows].map((r) => r.map((cell, c) => pad(cell, widths[c] as number)).join('  ').trimEnd()).join('\n'));
  const notes = reports.filter((r) => r.pytorch).map((r) => `  ${r.id}: ${r.pytorch?.explanation}`);
  if (notes.length) out(`\nAgainst PyTorch:\n${notes.join('\n')}`);
  if (refused.length) out(`\nNo gain (the analysis refuses):\n${refused.join('\n')}`);
}

// ───────────────────────────── criticality ─────────────────────────────

export const CRITICALITY_HELP = `Usage: actlab criticality <id> [--sigma-w S] [--sigma-b B] [--depth L] [--param k=v …] [--json]

Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017) for a deep random
network with weights N(0, S²/fan_in) and biases N(0, B²): the fixed point q* of the
pre-activation variance, χ₁ = S²·E[f′(√q*·z)²] (ordered < 1 < chaotic), the correlation fixed
point c* and depth scale ξ_c, the edge-of-chaos S for this B, and the predicted gradient
scaling through L layers. Without --sigma-w, a row per S in 0.5, 1, √2, 1.5, 2, 3.
<id> may be a formula in z, quoted: actlab criticality 'z*tanh(softplus(z))'.

Options:
  --sigma-w S   weight scale (default: the table; at least ${MIN_SIGMA_W}, at most ${MAX_SIGMA})
  --sigma-b B   bias scale (default 0; at least 0, at most ${MAX_SIGMA})
  --depth L     layers for the gradient prediction (default 20; an integer, at most ${MAX_DEPTH})
  --param k=v   activation parameter (repeatable)
  --json        the result(s) as JSON (±∞ as "Infinity"/"-Infinity")

Where q* is 0 or ∞ (the variance collapses or diverges) there is no exponential depth scale:
ξ_c prints as ∞ with the reason below the table, never as a negative number. A gradient ratio
beyond float64 prints as ∞ or 0.`;

const CRITICALITY_OPTIONS: Record<string, OptionSpec> = {
  'sigma-w': { value: true },
  'sigma-b': { value: true },
  depth: { value: true },
  param: { value: true, repeatable: true },
  json: { value: false },
  ...help,
};

export function commandCriticality(argv: string[]): void {
  const args = parseArgs(argv, CRITICALITY_OPTIONS, 'criticality');
  const [name, extra] = args.positionals;
  if (name === undefined) throw new UsageError('criticality needs an activation id: actlab criticality <id>');
  if (extra !== undefined) throw new UsageError(`criticality takes one activation id, got also "${extra}"`);
  const def = getElementwise(name);
  const params = parseParamOptions(args.values.get('param') ?? []);
  resolveParams(def, params);
  const sigmaB = numberOption(args.values.get('sigma-b')?.[0], '--sigma-b', 0, 0, MAX_SIGMA, 'a finite number >= 0');
  const depthText = args.values.get('depth')?.[0];
  const depth = numberOption(depthText, '--depth', 20, 1, MAX_DEPTH, 'a positive integer');
  if (!Number.isInteger(depth)) throw new UsageError(`--depth must be a positive integer, got ${depthText} (accepted: at most ${MAX_DEPTH})`);
  const sigmaWText = args.values.get('sigma-w')?.[0];
  const sigmas = sigmaWText === undefined ? [0.5, 1, Math.SQRT2, 1.5, 2, 3] : [numberOption(sigmaWText, '--sigma-w: sigmaW', 1, MIN_SIGMA_W, MAX_SIGMA, 'a finite number > 0')];
  const results = sigmas.map((sigmaW, i) => {
    progress(`σ_w = ${formatValue(sigmaW)} (${i + 1}/${sigmas.length})…`);
    return propagation(def, { sigmaW, sigmaB, depth, edgeOfChaos: i === 0 }, params);
  });
  progressDone();
  if (args.flags.has('json')) {
    out(json(sigmaWText === undefined ? results : results[0]));
    return;
  }
  const critical = results[0]?.criticalSigmaW;
  const jump = results[0]?.jumpSigmaW;
  const edge =
    critical !== undefined
      ? `edge of chaos at σ_w = ${precise(critical)}`
      : jump !== undefined
        ? `no edge of chaos: χ₁ jumps across 1 at σ_w = ${precise(jump)} (the fixed point q* jumps there)`
        : 'edge of chaos at σ_w = none in (0, 10]';
  out(`${heading(def)}, σ_b = ${formatValue(sigmaB)}: ${edge}`);
  const header = ['σ_w', 'q*', 'χ₁', 'phase', 'c*', 'ξ_c (layers)', `gradient norm ×, ${depth} layers`];
  const rows = results.map((r) => [
    formatValue(r.sigmaW),
    formatValue(r.qStar),
    formatValue(r.chi1),
    r.phase,
    r.cStar === undefined ? '—' : formatValue(r.cStar),
    formatValue(r.depthScale),
    formatValue(r.gradient.normRatio),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  out([header, ...rows].map((r) => r.map((cell, c) => pad(cell, widths[c] as number)).join('  ').trimEnd()).join('\n'));
  const notes = [...new Set(results.flatMap((r) => (r.depthScaleNote ? [r.depthScaleNote] : [])))];
  if (notes.length) out(`\nξ_c = ∞: ${notes.join('; ')}.`);
  out(`\nχ₁ < 1: ordered (gradients shrink by χ₁^{L/2} through L layers); χ₁ > 1: chaotic (they grow).`);
}

