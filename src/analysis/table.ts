/**
 * The chapter's property table, regenerated from computed property sheets, with a column that
 * says where the chapter's entry agrees, is only approximate, or is loose.
 * @module
 */
import { ACTIVATIONS, getElementwise } from '../activations/index.js';
import { AnalysisDomainError } from './features.js';
import { properties, type ElementwisePropertySheet, type Interval } from './properties.js';

/** An interval as the chapter writes it: bounds (null = ±∞), closedness, and whether "≈". */
interface ChapterInterval {
  readonly text: string;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly loClosed: boolean;
  readonly hiClosed: boolean;
  readonly approximate?: boolean;
}

/** The chapter's table, quoted: what it asserts for each activation. */
export interface ChapterRow {
  readonly activation: string;
  readonly label: string;
  readonly range: ChapterInterval;
  /** An interval, a finite set of values, or "varies". */
  readonly derivativeRange: ChapterInterval | { readonly text: string; readonly values: readonly number[] } | { readonly text: 'varies' };
  readonly zeroCentered: 'Yes' | 'No' | 'Nearly' | 'Self-normalizing';
  readonly saturates: { readonly text: string; readonly left: boolean; readonly right: boolean };
  readonly computation: string;
}

const open = (text: string, lo: number | null, hi: number | null, loClosed = false, hiClosed = false, approximate = false): ChapterInterval => ({
  text,
  lo,
  hi,
  loClosed,
  hiClosed,
  approximate,
});

/** The chapter's eight rows as printed (α = 0.01 for Leaky ReLU, the library default; α = 1 for ELU). */
export const CHAPTER_TABLE: readonly ChapterRow[] = [
  {
    activation: 'sigmoid',
    label: 'Sigmoid',
    range: open('(0, 1)', 0, 1),
    derivativeRange: open('(0, 0.25]', 0, 0.25, false, true),
    zeroCentered: 'No',
    saturates: { text: 'Yes (both ends)', left: true, right: true },
    computation: 'exp, division',
  },
  {
    activation: 'tanh',
    label: 'Tanh',
    range: open('(-1, 1)', -1, 1),
    derivativeRange: open('(0, 1]', 0, 1, false, true),
    zeroCentered: 'Yes',
    saturates: { text: 'Yes (both ends)', left: true, right: true },
    computation: 'exp, division',
  },
  {
    activation: 'relu',
    label: 'ReLU',
    range: open('[0, ∞)', 0, null, true),
    derivativeRange: { text: '{0, 1}', values: [0, 1] },
    zeroCentered: 'No',
    saturates: { text: 'Left only', left: true, right: false },
    computation: 'max(0, z)',
  },
  {
    activation: 'leaky_relu',
    label: 'Leaky ReLU',
    range: open('(-∞, ∞)', null, null),
    derivativeRange: { text: '{α, 1}', values: [0.01, 1] },
    zeroCentered: 'Nearly',
    saturates: { text: 'No', left: false, right: false },
    computation: 'max(αz, z)',
  },
  {
    activation: 'elu',
    label: 'ELU',
    range: open('(-α, ∞)', -1, null),
    derivativeRange: open('(0, 1]', 0, 1, false, true),
    zeroCentered: 'Nearly',
    saturates: { text: 'Left only', left: true, right: false },
    computation: 'exp for z<0',
  },
  {
    activation: 'selu',
    label: 'SELU',
    range: open('(-λα, ∞)', -1.7580993408473766, null),
    derivativeRange: { text: 'varies' },
    zeroCentered: 'Self-normalizing',
    saturates: { text: 'Left only', left: true, right: false },
    computation: 'exp for z<0',
  },
  {
    activation: 'swish',
    label: 'Swish/SiLU',
    range: open('≈(-0.28, ∞)', -0.28, null, false, false, true),
    derivativeRange: { text: 'varies' },
    zeroCentered: 'Nearly',
    saturates: { text: 'Smooth left', left: true, right: false },
    computation: 'sigmoid × z',
  },
  {
    activation: 'gelu',
    label: 'GELU',
    range: open('(-0.17, ∞)', -0.17, null),
    derivativeRange: { text: 'varies' },
    zeroCentered: 'Nearly',
    saturates: { text: 'Smooth left', left: true, right: false },
    computation: 'erf or approx',
  },
];

/** Six significant digits, ∞ as a symbol. */
export function formatValue(x: number): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

export function formatInterval(i: Interval): string {
  const lo = `${i.infimumAttained ? '[' : '('}${formatValue(i.infimum)}`;
  const hi = `${formatValue(i.supremum)}${i.supremumAttained ? ']' : ')'}`;
  return `${lo}, ${hi}`;
}

/** One row of the regenerated table. */
export interface TableRow {
  readonly id: string;
  readonly label: string;
  readonly range: string;
  readonly derivativeRange: string;
  /** "Yes" (E[f] = 0 under N(0, 1)) or the numbers: mean and mean/rms. */
  readonly zeroCentered: string;
  readonly saturates: string;
  readonly computation: string;
  /** The chapter's entries (chapter rows only). */
  readonly chapter?: ChapterRow;
  /** Where the chapter's entry is approximate, loose or wrong, with the computed numbers. */
  readonly findings: readonly string[];
  /** One-cell summary of the findings: "agrees", or the columns flagged (chapter rows only). */
  readonly check: string;
  readonly sheet: ElementwisePropertySheet;
}

function sideText(sheet: ElementwisePropertySheet): string {
  const { left, right } = sheet.saturation;
  const kind = (s: typeof left) => (s.decay === 'exact' ? 'hard' : s.decay);
  if (left.saturates && right.saturates) return `both ends (${kind(left)}${kind(left) === kind(right) ? '' : ` / ${kind(right)}`})`;
  if (left.saturates) return `left only (${kind(left)})`;
  if (right.saturates) return `right only (${kind(right)})`;
  return 'no';
}

function computationText(sheet: ElementwisePropertySheet): string {
  const calls = Object.entries(sheet.cost.f)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name}×${n}`);
  const ns = sheet.cost.nsPerElement === undefined ? '' : `, ${sheet.cost.nsPerElement} ns/elem`;
  return `${calls.length ? calls.join(' ') : 'no transcendentals'}${ns}`;
}

function zeroCenteredText(sheet: ElementwisePropertySheet): { text: string; mean: number; ratio: number } {
  const { mean, meanSquare } = sheet.moments;
  const ratio = mean / Math.sqrt(meanSquare);
  if (Math.abs(mean) <= 1e-12) return { text: `yes: E[f] = 0, E[f²] = ${formatValue(meanSquare)}`, mean, ratio };
  return { text: `no: E[f] = ${formatValue(mean)}, E[f]/√E[f²] = ${formatValue(ratio)}`, mean, ratio };
}

function compareInterval(what: string, chapter: ChapterInterval, computed: Interval, findings: string[]): void {
  const sameBound = (claim: number | null, value: number) => (claim === null ? !Number.isFinite(value) : Math.abs(claim - value) <= 1e-9 * Math.max(1, Math.abs(value)));
  const text = formatInterval(computed);
  const loSame = sameBound(chapter.lo, computed.infimum);
  const hiSame = sameBound(chapter.hi, computed.supremum);
  if (chapter.approximate || !loSame || !hiSame) {
    const kind = chapter.approximate ? 'approximate' : 'loose';
    findings.push(`${what}: the chapter's ${chapter.text} is ${kind}; computed ${text}`);
    return;
  }
  const closedness: string[] = [];
  if (Number.isFinite(computed.infimum) && chapter.loClosed !== computed.infimumAttained) closedness.push(computed.infimumAttained ? `${formatValue(computed.infimum)} is attained` : `${formatValue(computed.infimum)} is not attained`);
  if (Number.isFinite(computed.supremum) && chapter.hiClosed !== computed.supremumAttained) closedness.push(computed.supremumAttained ? `${formatValue(computed.supremum)} is attained` : `${formatValue(computed.supremum)} is not attained`);
  if (closedness.length) findings.push(`${what}: the chapter's ${chapter.text} has the wrong bracket (${closedness.join('; ')}); computed ${text}`);
}

function findingsFor(row: ChapterRow, sheet: ElementwisePropertySheet, relu: ElementwisePropertySheet): string[] {
  const findings: string[] = [];
  compareInterval('range', row.range, sheet.range, findings);
  const d = row.derivativeRange;
  if ('values' in d) {
    const values = sheet.derivativeRange.values ?? [];
    const same = values.length === d.values.length && values.every((v, i) => Math.abs(v - (d.values[i] as number)) < 1e-12);
    if (!same) findings.push(`derivative range: the chapter's ${d.text}; computed {${values.map(formatValue).join(', ')}}`);
  } else if ('lo' in d) compareInterval('derivative range', d, sheet.derivativeRange, findings);
  else findings.push(`derivative range: the chapter says "varies"; computed ${formatInterval(sheet.derivativeRange)}`);

  const centred = zeroCenteredText(sheet);
  const reluRatio = relu.moments.mean / Math.sqrt(relu.moments.meanSquare);
  const isZero = Math.abs(centred.mean) <= 1e-12;
  if (row.zeroCentered === 'Nearly') {
    findings.push(
      `zero-centred: the chapter's "Nearly" means a mean that is smaller, not zero: E[f]/√E[f²] = ${formatValue(centred.ratio)} under N(0, 1), against ReLU's ${formatValue(reluRatio)} and 0 for tanh`,
    );
  } else if ((row.zeroCentered === 'Yes' || row.zeroCentered === 'Self-normalizing') !== isZero) {
    findings.push(`zero-centred: the chapter says ${row.zeroCentered}; computed ${centred.text}`);
  }
  const left = sheet.saturation.left.saturates;
  const right = sheet.saturation.right.saturates;
  if (left !== row.saturates.left || right !== row.saturates.right) {
    findings.push(`saturation: the chapter says "${row.saturates.text}"; computed ${sideText(sheet)}`);
  }
  return findings;
}

/** The findings and their one-cell summary: the columns flagged, each with how. */
function summarise(findings: string[], fromChapter: boolean): { findings: string[]; check: string } {
  if (!fromChapter) return { findings, check: '' };
  if (!findings.length) return { findings, check: 'agrees' };
  const flags = findings.map((f) => {
    const column = f.slice(0, f.indexOf(':'));
    const how = /approximate/.test(f) ? 'approximate' : /loose|"Nearly"/.test(f) ? 'loose' : /varies/.test(f) ? 'unstated' : 'differs';
    return `${column} ${how}`;
  });
  return { findings, check: flags.join('; ') };
}

export interface TableOptions {
  /** Every elementwise activation, not only the chapter's eight rows. */
  readonly all?: boolean;
  /** Measure ns/element for the computation column (default true). */
  readonly timing?: boolean;
}

/** The chapter's table rebuilt from property sheets (and, with `all`, every other activation). */
export function regenerateTable(options: TableOptions = {}): TableRow[] {
  const sheetOf = (id: string) => properties(id, {}, { timing: options.timing ?? true }) as ElementwisePropertySheet;
  const relu = sheetOf('relu');
  const rows: TableRow[] = [];
  const ids = options.all
    ? ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.id)
    : CHAPTER_TABLE.map((r) => r.activation);
  for (const id of ids) {
    let sheet: ElementwisePropertySheet;
    try {
      sheet = id === 'relu' ? relu : sheetOf(id);
    } catch (error) {
      // With `all`, an activation the analysis refuses at its defaults (Snake: periodic, f′ has
      // no limit at ±∞) has no row; asked for by name it still throws.
      if (options.all && error instanceof AnalysisDomainError) continue;
      throw error;
    }
    const chapter = CHAPTER_TABLE.find((r) => r.activation === id);
    rows.push({
      id,
      label: chapter?.label ?? getElementwise(id).name,
      range: formatInterval(sheet.range),
      derivativeRange: sheet.derivativeRange.values
        ? `{${sheet.derivativeRange.values.map(formatValue).join(', ')}}`
        : formatInterval(sheet.derivativeRange),
      zeroCentered: zeroCenteredText(sheet).text,
      saturates: sideText(sheet),
      computation: computationText(sheet),
      ...(chapter ? { chapter } : {}),
      ...summarise(chapter ? findingsFor(chapter, sheet, relu) : [], chapter !== undefined),
      sheet,
    });
  }
  return rows;
}
