/**
 * Property tests of the CLI contract: for random argv — commands, options, values
 * empty, huge, hexadecimal, NaN, unicode, repeated — and for random valid and invalid values of
 * EVERY setting of EVERY experiment, `main()` either succeeds or throws an ActlabError (status 2
 * at the CLI) whose message is one short line, before any work starts and within a time
 * budget; never another error ("internal error", status 1), never a stack trace. Cheap valid
 * runs are run for real and must print a result without NaN, within a multiple of their estimate.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ACTIVATIONS } from '../src/activations/index.js';
import { callMain, type CliOutcome } from './support/cli.js';
import { MAX_MESSAGE_LENGTH, oneLine } from '../src/cli/format.js';
import { runBudget } from '../src/cli/run.js';
import { ActlabError } from '../src/errors.js';
import { EXPERIMENTS, planRun, type Experiment, type SettingSpec } from '../src/experiments/index.js';

type Outcome = CliOutcome;
/** main() in-process with stdout, stderr and standard input replaced. */
const call = (argv: string[]) => callMain(argv, ['1\n-2\n', 'nan\n']);

/** The contract for any argv: success, or an ActlabError with one short line and nothing on stdout. */
function expectContract(argv: string[], outcome: Outcome): void {
  const shown = JSON.stringify(argv).slice(0, 300);
  if (outcome.error !== undefined) {
    if (!(outcome.error instanceof ActlabError)) throw new Error(`actlab ${shown}: not an ActlabError: ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
    const message = outcome.error.message;
    expect(message, shown).not.toMatch(/[\n\r]/);
    expect(oneLine(message).length, shown).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 60);
    expect(message.length, shown).toBeLessThanOrEqual(1500);
    expect(message, shown).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(outcome.stdout, shown).toBe('');
  } else expect(outcome.code, shown).toBe(0);
}

const HUGE = 'x'.repeat(5000);
const VALUES = [
  '',
  ' ',
  '0',
  '-0',
  '1',
  '2',
  '-1',
  '3.5',
  '1e308',
  '1e-320',
  '1e12',
  '0x10',
  '0b1',
  'NaN',
  'nan',
  'inf',
  '-Infinity',
  '1_000',
  '１',
  '☃',
  '\u0000',
  '\u202e',
  'a\nb',
  HUGE,
  'gelu',
  'relu',
  'softmax',
  'float32',
  'float64',
  'hidden',
  'output',
  'transformer',
  'speed',
  'dead_neurons',
  'numpy',
  'alpha=0.5',
  'alpha=',
  '=1',
  '__proto__=1',
  'constructor=1',
  'epochs=5',
  'epochs=1e12',
  'seeds=0-3',
  'points=11',
  'parts=',
  'hidden=1e9',
  'learningRate=1e308',
];
const OPTIONS = [
  '--json',
  '--help',
  '-h',
  '--h',
  '-help',
  '--js',
  '--',
  '-',
  '--param',
  '--set',
  '--dtype',
  '--derivative',
  '--stdin',
  '--seed',
  '--rng',
  '--threads',
  '--list',
  '--layer',
  '--architecture',
  '--task',
  '--depth',
  '--domain',
  '--concern',
  '--batch-norm',
  '--no-batch-norm',
  '--skip-connections',
  '--sigma-w',
  '--sigma-b',
  '--param=alpha=2',
  '--set=epochs=20',
  '--dtype=float32',
  '--json=1',
  '--__proto__',
  '--constructor',
];
// criticality, props, table, report and start are left out: seconds of analysis, or a server.
const COMMANDS = ['list', 'eval', 'help', 'catalogue', 'advise', 'gain', 'run', 'evl', '__proto__', '-v', '--version', '--help', 'toString', ''];
const IDS = ['gelu', 'relu', 'elu', 'softmax', 'glu', 'xor-race', 'gelu-approximation', 'vanishing-gradient', 'dead-neurons', 'warp-drive', 'all'];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 3, arbitrary: fc.constantFrom(...OPTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...IDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.double().map(String) },
);
const argvArbitrary = fc.tuple(fc.constantFrom(...COMMANDS), fc.array(token, { maxLength: 8 })).map(([command, rest]) => [command, ...rest]);

describe('random argv: success or one line and status 2', () => {
  // The parser and the checks are what is under test: every experiment's work is stubbed, so a
  // valid `run` of a heavy experiment returns at once (cheap real runs are tested below).
  const spies: MockInstance[] = [];
  beforeAll(() => {
    for (const experiment of EXPERIMENTS) {
      spies.push(vi.spyOn(experiment, 'run').mockImplementation(() => ({ stub: true })));
      spies.push(vi.spyOn(experiment, 'report').mockImplementation(() => 'stubbed run'));
    }
  });
  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
  });

  it('300 random command lines keep the contract', async () => {
    await fc.assert(
      fc.asyncProperty(argvArbitrary, async (argv) => {
        const outcome = await call(argv);
        expectContract(argv, outcome);
        expect(outcome.ms).toBeLessThan(10_000);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('a repeated option or key is refused, whatever the values', async () => {
    const repeated = fc.tuple(fc.constantFrom('--dtype', '--derivative', '--seed', '--rng', '--layer', '--json'), fc.constantFrom('float32', '1', 'numpy', 'hidden'));
    await fc.assert(
      fc.asyncProperty(repeated, fc.constantFrom('float64', '2', 'default', 'output'), async ([option, a], b) => {
        const command = option === '--dtype' || option === '--derivative' ? ['eval', 'gelu', '1'] : option === '--layer' ? ['advise'] : option === '--json' ? ['list'] : ['run', 'xor-race'];
        const argv = option === '--json' ? [...command, option, option] : [...command, option, a, option, b];
        const outcome = await call(argv);
        expect(outcome.error).toBeInstanceOf(ActlabError);
        expect((outcome.error as Error).message).toMatch(/given (more than once|twice)/);
      }),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Every setting of every experiment
// ---------------------------------------------------------------------------------------------

/** Small sizes, so that a valid value of one setting gives a run of milliseconds. */
const SMALL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'linear-collapse': { depth: '2', width: '3', samples: '2', epochs: '20', compare: 'relu' },
  'vanishing-gradient': { depth: '3', units: '4' },
  'gradient-flow': { depths: '2', units: '4', simulations: '1' },
  'dead-neurons': { units: '8', chapterSamples: '8', inputs: '2', panelSamples: '8', panelNeurons: '4', samples: '16', hidden: '4', epochs: '2', activations: 'relu', strategies: 'zero_bias' },
  'xor-race': { epochs: '50' },
  'selu-normalisation': { layers: '2', units: '4' },
  'gelu-approximation': { points: '11' },
  'transformer-ffn': { tokens: '2', dModel: '2', dFF: '3', bins: '3', activations: 'relu', gated: 'swiglu' },
};

const ELEMENTWISE = ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.id);
const JUNK = ['', ' ', '0x10', 'NaN', 'Infinity', '-Infinity', '1e400', '1_0', '１', '☃', '\u0000', '\u202e', HUGE, '5 6', ',', 'none', '__proto__', 'a-b', '1-', '-', '3-1'];

/** Text for one value of a setting: mostly valid for its spec, often not. */
function settingText(spec: SettingSpec): fc.Arbitrary<string> {
  const min = spec.min ?? -1e6;
  const max = spec.max ?? 1e6;
  const integer = spec.type === 'integer' || spec.integer === true;
  const inRange = integer
    ? fc.oneof(fc.integer({ min, max: Math.min(max, min + 6) }), fc.integer({ min, max: Math.min(max, 2 ** 31 - 1) }))
    : fc.oneof(fc.double({ min, max, noNaN: true }), fc.double({ min: Math.max(min, -10), max: Math.min(max, 10), noNaN: true }));
  const outOfRange = fc.oneof(
    fc.integer({ min: -(2 ** 31), max: Math.ceil(min) - 1 }),
    fc.double({ min: max * 1.0001 + 1, max: 1e308, noNaN: true }),
    ...(integer ? [fc.double({ min, max, noNaN: true }).filter((v) => !Number.isInteger(v))] : []),
  );
  const numberText = fc.oneof(
    { weight: 4, arbitrary: inRange.map(String) },
    { weight: 2, arbitrary: outOfRange.map(String) },
    { weight: 1, arbitrary: inRange.map((v) => v.toExponential()) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 4096 }).map((v) => `0x${v.toString(16)}`) },
  );
  const words = spec.choices ?? [...ELEMENTWISE.slice(0, 12), 'softmax', 'swiglu', 'rleu', 'relu:he', 'selu:lecun', 'tanh:gain', 'relu:xavier', 'all'];
  const junk = fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 20, unit: 'grapheme' }));
  switch (spec.type) {
    case 'number':
    case 'integer':
      return fc.oneof({ weight: 5, arbitrary: numberText }, { weight: 1, arbitrary: junk });
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false'), junk);
    case 'string':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: junk });
    case 'list':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((a) => a.join(',')) },
        { weight: 1, arbitrary: junk },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...words, '', ' '), { maxLength: 6 }).map((a) => a.join(',')) },
      );
    case 'numbers':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(numberText, { minLength: 1, maxLength: 4 }).map((a) => a.join(',')) },
        { weight: 2, arbitrary: fc.tuple(inRange, fc.integer({ min: -3, max: 200 })).map(([a, d]) => `${a}-${Number(a) + d}`) },
        { weight: 1, arbitrary: junk },
      );
  }
}

/** The CLI contract for one `run` configuration; returns whether the run really ran. */
async function checkRun(experiment: Experiment, set: Record<string, string>): Promise<boolean> {
  const argv = ['run', experiment.id, ...Object.entries(set).flatMap(([k, v]) => ['--set', `${k}=${v}`])];
  let plan: ReturnType<typeof planRun> | undefined;
  let refusal: unknown;
  try {
    // The CLI's budget (more memory than the library's default): what the CLI would run.
    plan = planRun(experiment.id, { set, budget: runBudget(experiment.id) });
  } catch (error) {
    refusal = error;
  }
  if (refusal !== undefined) {
    // Refused by the library: so by the CLI, with the same message, before the experiment runs.
    if (!(refusal instanceof ActlabError)) throw new Error(`planRun(${experiment.id}, ${JSON.stringify(set).slice(0, 200)}) threw ${String((refusal as Error).stack)}`);
    const spy = vi.spyOn(experiment, 'run');
    try {
      const outcome = await call(argv);
      expectContract(argv, outcome);
      expect(outcome.error).toBeInstanceOf(ActlabError);
      // The same reason, unless the CLI's own checks (an empty or huge value, …) refused it first;
      // the quoted value may differ by the spaces the CLI trims.
      const reason = (message: string) => message.replace(/, got .*$/, '');
      const message = (outcome.error as Error).message;
      if (message.startsWith(`${experiment.id}:`)) expect(reason(message)).toBe(reason(refusal.message));
      expect(spy).not.toHaveBeenCalled();
      expect(outcome.ms).toBeLessThan(2000);
    } finally {
      spy.mockRestore();
    }
    return false;
  }
  if ((plan?.cost.seconds ?? Infinity) > 0.05) return false; // valid but not cheap: planned, not run
  const outcome = await call(argv);
  expectContract(argv, outcome);
  expect(outcome.error, JSON.stringify(set)).toBeUndefined();
  expect(outcome.stdout.length).toBeGreaterThan(0);
  expect(outcome.stdout, JSON.stringify(set)).not.toMatch(/\bnan\b/i);
  // The estimate is an upper bound up to noise: a run may not take far longer than announced.
  expect(outcome.ms).toBeLessThan(1500 + 50 * 1000 * (plan?.cost.seconds ?? 0));
  return true;
}

describe('every setting of every experiment: valid values run, invalid ones are refused before any work', () => {
  const cases = EXPERIMENTS.flatMap((experiment) => Object.entries(experiment.settings as Record<string, SettingSpec>).map(([key, spec]) => ({ experiment, key, spec })));

  it('every numeric setting has finite limits, every list a maximum length', () => {
    for (const { experiment, key, spec } of cases) {
      const where = `${experiment.id}.${key}`;
      if (spec.type === 'number' || spec.type === 'integer' || spec.type === 'numbers') {
        expect(Number.isFinite(spec.min), where).toBe(true);
        expect(Number.isFinite(spec.max), where).toBe(true);
      }
      if (spec.type === 'list' || spec.type === 'numbers') expect(spec.maxItems, where).toBeGreaterThan(0);
      // The defaults themselves pass every check (at the command line of a 2-core machine:
      // fashion-mnist's default sweep fits 10 minutes on its two threads).
      expect(() => planRun(experiment.id, { budget: { ...runBudget(experiment.id), cores: 2 } }), where).not.toThrow();
    }
    expect(cases.length).toBeGreaterThan(50);
  });

  for (const { experiment, key, spec } of cases) {
    it(`${experiment.id}: ${key}`, async () => {
      await fc.assert(
        fc.asyncProperty(settingText(spec), async (text) => {
          const set = { ...(SMALL[experiment.id] ?? {}), [key]: text };
          await checkRun(experiment, set);
        }),
        { numRuns: 12 },
      );
    }, 60_000);
  }

  it('random combinations of settings keep the contract too', async () => {
    const combination = fc.constantFrom(...EXPERIMENTS).chain((experiment) => {
      const entries = Object.entries(experiment.settings as Record<string, SettingSpec>);
      return fc.tuple(
        fc.constant(experiment),
        fc.subarray(entries, { minLength: 1, maxLength: Math.min(4, entries.length) }).chain((chosen) =>
          fc.tuple(...chosen.map(([key, spec]) => settingText(spec).map((text) => [key, text] as const))),
        ),
      );
    });
    let ranHere = 0;
    let refusedHere = 0;
    await fc.assert(
      fc.asyncProperty(combination, async ([experiment, pairs]) => {
        if (await checkRun(experiment, { ...(SMALL[experiment.id] ?? {}), ...Object.fromEntries(pairs) })) ranHere++;
        else refusedHere++;
      }),
      { numRuns: 100 },
    );
    // Both sides of the contract were exercised.
    expect(ranHere).toBeGreaterThan(5);
    expect(refusedHere).toBeGreaterThan(5);
  }, 120_000);
});
