/**
 * The experiments of the chapter, each a pure `(config, rng) => result`, and the helpers to
 * run one by id with `--set key=value` settings.
 * @module
 */
import { InvalidParameterError } from '../errors.js';
import { createRng, type Rng, type RngKind } from '../math/rng.js';
import { gradientFlow } from './gradient-flow.js';
import { geluApproximation } from './gelu-approximation.js';
import { linearCollapse } from './linear-collapse.js';
import { deadNeurons } from './dead-neurons.js';
import { seluNormalisation } from './selu-normalisation.js';
import { transformerFfn } from './transformer-ffn.js';
import type { Experiment, Progress, SettingSpec, SettingValue } from './types.js';
import { vanishingGradient } from './vanishing-gradient.js';
import { xorRace } from './xor-race.js';

export * from './types.js';
export { deadNeurons, gradientFlow, geluApproximation, linearCollapse, seluNormalisation, transformerFfn, vanishingGradient, xorRace };
export { trainXor, xorAccuracy } from './xor-race.js';

/** Every experiment, in the chapter's order. */
export const EXPERIMENTS: readonly Experiment[] = [
  linearCollapse,
  vanishingGradient,
  gradientFlow,
  deadNeurons,
  xorRace,
  seluNormalisation,
  geluApproximation,
  transformerFfn,
] as unknown as readonly Experiment[];

export function getExperiment(id: string): Experiment {
  const found = EXPERIMENTS.find((e) => e.id === id);
  if (!found) throw new InvalidParameterError('run', 'experiment', id, `one of: ${EXPERIMENTS.map((e) => e.id).join(', ')}`);
  return found;
}

/** Parses one `--set` value by its spec ("1,2,3" or "0-99" for number lists, "a,b" for lists). */
export function parseSetting(experiment: Experiment, key: string, text: string): SettingValue {
  const spec = (experiment.settings as Readonly<Record<string, SettingSpec>>)[key];
  if (!spec) {
    throw new InvalidParameterError(experiment.id, 'setting', key, `one of: ${Object.keys(experiment.settings).join(', ')}`);
  }
  const bad = (allowed: string): never => {
    throw new InvalidParameterError(experiment.id, key, text, allowed);
  };
  const number = (t: string): number => {
    const v = Number(t.trim());
    if (t.trim() === '' || !Number.isFinite(v)) bad(spec.type === 'integer' ? 'an integer' : 'a finite number');
    if (spec.type === 'integer' && !Number.isInteger(v)) bad('an integer');
    if (spec.min !== undefined && v < spec.min) bad(`>= ${spec.min}`);
    if (spec.max !== undefined && v > spec.max) bad(`<= ${spec.max}`);
    return v;
  };
  switch (spec.type) {
    case 'number':
    case 'integer':
      return number(text);
    case 'boolean':
      if (text !== 'true' && text !== 'false') bad('true or false');
      return text === 'true';
    case 'string':
      if (spec.choices && !spec.choices.includes(text)) bad(`one of: ${spec.choices.join(', ')}`);
      return text;
    case 'list':
      return text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
    case 'numbers': {
      const values: number[] = [];
      for (const part of text.split(',')) {
        const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
        if (range) {
          const from = Number(range[1]);
          const to = Number(range[2]);
          if (to < from || to - from > 1_000_000) bad('a list like 5,10,20 or a range like 0-99');
          for (let v = from; v <= to; v++) values.push(v);
        } else values.push(number(part));
      }
      if (!values.length) bad('a non-empty list like 5,10,20 or 0-99');
      return values;
    }
  }
}

export interface RunOptions {
  readonly seed?: number;
  readonly rng?: RngKind;
  /** Settings as typed at the CLI (`key=value` parsed by {@link parseSetting}) or already typed. */
  readonly set?: Readonly<Record<string, SettingValue>>;
  readonly progress?: Progress;
}

/** Runs an experiment with defaults overridden by `set`; returns config, result and printout. */
export function runExperiment(id: string, options: RunOptions = {}): { config: Record<string, SettingValue>; result: unknown; report: string } {
  const experiment = getExperiment(id);
  const config: Record<string, SettingValue> = { ...experiment.defaults };
  for (const [key, value] of Object.entries(options.set ?? {})) {
    config[key] = typeof value === 'string' ? parseSetting(experiment, key, value) : value;
  }
  const rng: Rng = createRng(options.rng ?? 'default', options.seed ?? 42);
  const result = experiment.run(config, rng, options.progress);
  return { config, result, report: experiment.report(result, config) };
}
