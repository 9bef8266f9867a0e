/**
 * Settings of the experiments: one number grammar, parsing of `--set key=value` texts, checks of
 * every value against its spec, and the time and memory budget a run must fit — all before any
 * work starts, so a run either starts with a configuration it can finish or is refused with a
 * typed error that names what is allowed.
 * @module
 */
import { getElementwise } from '../activations/index.js';
import { ActlabError, InvalidParameterError } from '../errors.js';
import type { FormulaActivation } from '../formula/activation.js';
import type { FormulaNode } from '../formula/ast.js';
import { splitActivationList } from '../formula/activation.js';
import type { Experiment, RunCost, SettingSpec, SettingValue } from './types.js';

/**
 * The number grammar of actlab's settings and CLI: optional sign, decimal digits with an optional
 * fraction, optional exponent (`5`, `-0.25`, `.5`, `1e-8`, `2.5E3`). No hexadecimal, octal or
 * binary (`0x10`), no `_` separators, no surrounding text: what Number() would also accept
 * (`0x10`, `''`, `'  '`) is refused, so `units=0x10` is an error everywhere, not 16 somewhere.
 */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number in {@link DECIMAL_NUMBER}'s grammar, or undefined when the text is not one. */
export function parseDecimal(text: string): number | undefined {
  // Far longer than any number anyone types: refused before the regular expression reads it.
  if (text.length > 400 || !DECIMAL_NUMBER.test(text)) return undefined;
  return Number(text);
}

/** A run that would not fit its time or memory budget. */
export class RunBudgetError extends ActlabError {
  constructor(
    message: string,
    readonly cost: RunCost,
    readonly budget: RunBudget,
  ) {
    super(message, 'BUDGET');
  }
}

/** How much a run may take. */
export interface RunBudget {
  /** Peak memory (bytes). */
  readonly bytes: number;
  /** Estimated time on one core (seconds), or on {@link cores} for a run of parallel jobs. */
  readonly seconds: number;
  /** Cores the caller spreads a run's parallel jobs over (the CLI's --threads); absent: one. */
  readonly cores?: number;
}

/**
 * Largest single array a run may allocate: 2 GiB. Node 20's V8 refuses array buffers past 2³²
 * bytes and browsers earlier, with an error ("Invalid typed array length") that says nothing
 * about the setting that caused it.
 */
export const MAX_ARRAY_BYTES = 2 ** 31;

/**
 * The default budget of a run: 2 GiB of memory (what a browser tab or a small container can
 * spare) and 10 minutes. The CLI raises the memory part to half the machine's memory, at most
 * 8 GiB.
 */
export const DEFAULT_BUDGET: RunBudget = { bytes: 2 * 2 ** 30, seconds: 600 };

/** Bytes as "12 MiB", "3.1 GiB" (binary units, as the limits are powers of two). */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.max(1, Math.ceil(value)) : Number(value.toPrecision(3))} ${units[unit]}`;
}

/** Seconds as "0.4 s", "45 s", "12 min", "3.2 h", "4e+05 days". */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toPrecision(1))} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Number((seconds / 3600).toPrecision(2))} h`;
  const days = seconds / 86400;
  return `${days < 1e5 ? Math.round(days) : days.toExponential(0)} days`;
}

function describeNumber(spec: SettingSpec, integer: boolean): string {
  const kind = integer ? 'an integer' : 'a number';
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  if (spec.exclusiveMin) return `${kind} > ${min} and <= ${max}`;
  return `${kind} from ${min} to ${max}`;
}

/** What a setting accepts, in words (the error messages' "must be …" and `run --list`). */
export function describeSetting(spec: SettingSpec): string {
  switch (spec.type) {
    case 'number':
      return describeNumber(spec, false);
    case 'integer':
      return describeNumber(spec, true);
    case 'boolean':
      return 'true or false';
    case 'string':
      return spec.choices ? `one of: ${spec.choices.join(', ')}` : (spec.entries ?? 'a non-empty text');
    case 'list':
      return `a comma-separated list of at most ${spec.maxItems} different ${spec.choices ? `values from: ${spec.choices.join(', ')}` : (spec.entries ?? 'entries')}${spec.allowNone ? ', or none' : ''}`;
    case 'numbers':
      return `a comma-separated list (ranges like 0-99 allowed) of at most ${spec.maxItems}${spec.repeats ? '' : ' different'} ${describeNumber(spec, spec.integer === true).replace(/^an? (\w+)/, '$1s')}`;
  }
}

function specOf(experiment: Experiment, key: string): SettingSpec {
  const settings = experiment.settings as Readonly<Record<string, SettingSpec>>;
  // Own properties only: "__proto__", "constructor" or "toString" are not settings.
  if (!Object.hasOwn(settings, key)) {
    throw new InvalidParameterError(experiment.id, 'setting', key, `one of: ${Object.keys(settings).join(', ')}`);
  }
  return settings[key] as SettingSpec;
}

function checkNumber(experiment: Experiment, key: string, spec: SettingSpec, v: number, shown: unknown, integer: boolean): number {
  const bad = () => new InvalidParameterError(experiment.id, key, shown, describeSetting(spec.type === 'numbers' ? { ...spec, type: integer ? 'integer' : 'number' } : spec));
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad();
  if (integer && !Number.isInteger(v)) throw bad();
  if (spec.min !== undefined && (spec.exclusiveMin ? v <= spec.min : v < spec.min)) throw bad();
  if (spec.max !== undefined && v > spec.max) throw bad();
  return v;
}

/**
 * Parses one `--set` value by its spec: numbers in {@link DECIMAL_NUMBER}'s grammar, lists as
 * `a,b,c` (split at top-level commas: `relu,max(z, 0.1*z)` is two entries), number lists also with ranges `0-99` (each end checked like a single value).
 * @throws {InvalidParameterError} for an unknown setting or a value outside what it accepts
 */
export function parseSetting(experiment: Experiment, key: string, text: string): SettingValue {
  const spec = specOf(experiment, key);
  const bad = (): never => {
    throw new InvalidParameterError(experiment.id, key, text, describeSetting(spec));
  };
  const number = (t: string, integer: boolean): number => {
    const v = parseDecimal(t.trim());
    if (v === undefined) bad();
    return checkNumber(experiment, key, spec, v as number, text, integer);
  };
  let value: SettingValue;
  switch (spec.type) {
    case 'number':
      value = number(text, false);
      break;
    case 'integer':
      value = number(text, true);
      break;
    case 'boolean':
      if (text !== 'true' && text !== 'false') bad();
      value = text === 'true';
      break;
    case 'string':
      if (text.trim() === '') bad();
      value = text.trim();
      break;
    case 'list':
      // Top-level commas only: `relu,max(z, 0.1*z)` is two activations (a formula's own commas
      // sit inside parentheses; no other list's entries hold any).
      value = spec.allowNone && text.trim() === 'none' ? [] : splitActivationList(text);
      break;
    case 'numbers': {
      const values: number[] = [];
      const limit = spec.maxItems ?? 0;
      for (const part of text.split(',')) {
        const range = /^\s*([^-\s][^-]*?)\s*-\s*([^-\s][^-]*?)\s*$/.exec(part);
        if (range) {
          const from = number(range[1] as string, true);
          const to = number(range[2] as string, true);
          if (to < from) bad();
          // Counted before expanding, so "0-1e15" is refused at once rather than built.
          if (values.length + (to - from + 1) > limit) {
            throw new InvalidParameterError(experiment.id, key, text, describeSetting(spec));
          }
          for (let v = from; v <= to; v++) values.push(v);
        } else values.push(number(part, spec.integer === true));
        if (values.length > limit) bad();
      }
      value = values;
      break;
    }
  }
  checkSetting(experiment, key, value, text);
  return value;
}

/**
 * Checks a typed setting value (as the web explorer and the report pass them) against its spec:
 * type, range, list length, duplicates, choices and the spec's own check.
 * @param shown what the error message quotes (the text as typed, if there was one)
 */
export function checkSetting(experiment: Experiment, key: string, value: SettingValue, shown: unknown = value): void {
  const spec = specOf(experiment, key);
  const bad = (): never => {
    throw new InvalidParameterError(experiment.id, key, shown, describeSetting(spec));
  };
  switch (spec.type) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number') bad();
      checkNumber(experiment, key, spec, value as number, shown, spec.type === 'integer');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') bad();
      break;
    case 'string':
      if (typeof value !== 'string' || value.trim() === '') bad();
      if (spec.choices && !spec.choices.includes(value as string)) bad();
      break;
    case 'list':
    case 'numbers': {
      if (!Array.isArray(value)) bad();
      const items = value as readonly unknown[];
      if ((!items.length && !spec.allowNone) || items.length > (spec.maxItems ?? 0)) bad();
      const seen = new Set<unknown>();
      for (const item of items) {
        if (spec.type === 'list') {
          if (typeof item !== 'string' || item.trim() === '') bad();
          if (spec.choices && !spec.choices.includes(item as string)) bad();
        } else checkNumber(experiment, key, spec, item as number, shown, spec.integer === true);
        if (seen.has(item) && !spec.repeats) {
          throw new InvalidParameterError(experiment.id, key, shown, `${describeSetting(spec)} (${String(item).slice(0, 40)} is listed twice)`);
        }
        seen.add(item);
      }
      break;
    }
  }
  spec.check?.(value);
}

/**
 * The configuration of a run: the experiment's defaults overridden by `set` (texts parsed by
 * {@link parseSetting}, typed values checked by {@link checkSetting}), then the experiment's
 * checks between settings. Throws before any work starts.
 */
export function resolveConfig(experiment: Experiment, set: Readonly<Record<string, SettingValue>> = {}): Record<string, SettingValue> {
  if (set === null || typeof set !== 'object') throw new InvalidParameterError(experiment.id, 'settings', set, 'an object of key: value');
  const config: Record<string, SettingValue> = { ...experiment.defaults };
  for (const key of Object.keys(set)) {
    const value = set[key] as SettingValue;
    if (typeof value === 'string') {
      const parsed = parseSetting(experiment, key, value);
      Object.defineProperty(config, key, { value: parsed, enumerable: true, writable: true, configurable: true });
    } else {
      checkSetting(experiment, key, value);
      Object.defineProperty(config, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  experiment.validate?.(config);
  return config;
}

/** Cores a run's parallel jobs occupy under a budget: at most its jobs, at most the budget's cores. */
function coresUsed(cost: RunCost, budget: RunBudget): number {
  return Math.max(1, Math.min(cost.parallelJobs ?? 1, budget.cores ?? 1));
}

/** A run's estimated wall-clock seconds: its one-core estimate over the cores its jobs occupy. */
export function wallSeconds(cost: RunCost, budget: RunBudget): number {
  return cost.seconds / coresUsed(cost, budget);
}

/**
 * Refuses a run whose estimated cost exceeds the budget, naming the estimate, the limit and the
 * settings that drive it.
 */
export function checkBudget(experiment: Experiment, cost: RunCost, budget: RunBudget = DEFAULT_BUDGET): void {
  const lower = `lower ${cost.drivers}`;
  if (cost.largestArray > MAX_ARRAY_BYTES) {
    throw new RunBudgetError(
      `${experiment.id}: this run needs one array of ${formatBytes(cost.largestArray)}; at most ${formatBytes(MAX_ARRAY_BYTES)} per array — ${lower}`,
      cost,
      budget,
    );
  }
  if (cost.bytes > budget.bytes) {
    throw new RunBudgetError(
      `${experiment.id}: this run needs about ${formatBytes(cost.bytes)} of memory; the limit here is ${formatBytes(budget.bytes)} — ${lower}`,
      cost,
      budget,
    );
  }
  const sideBySide = coresUsed(cost, budget);
  const wall = wallSeconds(cost, budget);
  if (wall > budget.seconds) {
    const on = sideBySide > 1 ? ` on ${sideBySide} cores` : '';
    throw new RunBudgetError(
      `${experiment.id}: this run would take about ${formatSeconds(wall)}${on}; the limit is ${formatSeconds(budget.seconds)} — ${lower}`,
      cost,
      budget,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Cost model: rough per-operation times measured on a laptop core (Node 20), rounded up.
// ---------------------------------------------------------------------------------------------

/** One standard-normal draw (Ziggurat or numpy's polar method): ~25 ns. */
export const NS_PER_NORMAL = 25;
/** One call of an activation's f or df (scalar float64, through its definition): ~40 ns. */
export const NS_PER_ACTIVATION = 40;
/** Per node of a formula, one call of f or f′ (a jet of value, f′, f″ per node): ~20 ns. */
export const NS_PER_FORMULA_NODE = 20;
/** Per registry activation called inside a formula (its f, f′ and f″ for the jet): ~3 × 120 ns. */
export const NS_PER_FORMULA_CALL = 360;

/** Nodes of a formula's tree, and how many of them call a registry activation. */
function formulaSize(node: FormulaNode): { nodes: number; calls: number } {
  const children: readonly FormulaNode[] =
    node.type === 'negate' ? [node.operand]
    : node.type === 'binary' || node.type === 'compare' ? [node.left, node.right]
    : node.type === 'builtin' ? node.args
    : node.type === 'activation' ? [node.argument]
    : [];
  let nodes = 1;
  let calls = node.type === 'activation' ? 1 : 0;
  for (const child of children) {
    const size = formulaSize(child);
    nodes += size.nodes;
    calls += size.calls;
  }
  return { nodes, calls };
}

/**
 * One call of an activation's f or f′ (ns) for the cost estimates: {@link NS_PER_ACTIVATION}
 * for a registered one; a formula's grows with its tree (measured: `z*sigmoid(z)` ~190 ns for
 * f′ against swish's ~45 ns; each registry call inside a formula brings its f, f′ and f″).
 */
export function activationNanoseconds(id: string): number {
  const def = getElementwise(id);
  if (def.family !== 'formula') return NS_PER_ACTIVATION;
  const { nodes, calls } = formulaSize((def as FormulaActivation).tree);
  return NS_PER_ACTIVATION + nodes * NS_PER_FORMULA_NODE + calls * NS_PER_FORMULA_CALL;
}

/** {@link activationNanoseconds} summed over a list of activations. */
export function activationsNanoseconds(ids: readonly string[]): number {
  return ids.reduce((sum, id) => sum + activationNanoseconds(id), 0);
}

/** One multiply-add in a plain JavaScript loop: ~2 ns. */
export const NS_PER_FMA = 2;
/** One multiply-add in the WebAssembly SIMD matrix product, one thread: ~0.5 ns. */
export const NS_PER_MATMUL_FMA = 0.5;

/** Seconds from nanoseconds. */
export const seconds = (ns: number): number => ns * 1e-9;

/** A setting check: the value is one elementwise activation id (or alias). */
export function checkElementwise(value: SettingValue): void {
  getElementwise(value as string);
}

/** A setting check: every entry is an elementwise activation id (or alias). */
export function checkElementwiseList(value: SettingValue): void {
  for (const id of value as readonly string[]) getElementwise(id);
}

/**
 * How a text report names an activation: its id as given (`relu`), or, for a formula, its
 * label (`My swish=z*sigmoid(1.5*z)` → `My swish`) or else its expression.
 */
export function activationLabel(id: string): string {
  const def = getElementwise(id);
  return def.family === 'formula' ? def.name : id;
}
