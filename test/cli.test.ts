/** The CLI contract: commands, the eval --json format, and one-line errors with exit status 2. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_IDS } from '../src/activations/index.js';
import { callMain, capture } from './support/cli.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');

/** Bad input: exit status 2 and one line on stderr matching `message`. */
function expectOneLineError(args: string[], message: RegExp) {
  const result = runBin(args);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  return result;
}

function runBin(args: string[], input?: string) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
  return spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
}

describe('actlab list', async () => {
  it('lists every activation in text and JSON', async () => {
    const text = (await capture(['list'])).stdout;
    for (const id of ACTIVATION_IDS) expect(text).toContain(id);
    const json = JSON.parse((await capture(['list', '--json'])).stdout) as { id: string; params: Record<string, { default: number }>; formula: string }[];
    expect(json.map((a) => a.id)).toEqual(ACTIVATION_IDS);
    expect(json.find((a) => a.id === 'elu')?.params.alpha?.default).toBe(1);
    expect(json.every((a) => a.formula.length > 0)).toBe(true);
  });
});

describe('actlab eval', async () => {
  it('prints one JSON array in input order, non-finite values as strings', async () => {
    const { code, stdout } = await capture(['eval', 'sigmoid', '0', '-inf', 'nan', '40', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([0.5, 0, 'NaN', 1]);
    expect(JSON.parse((await capture(['eval', 'relu', '-1', 'inf', '--json'])).stdout)).toEqual([0, 'Infinity']);
    expect(JSON.parse((await capture(['eval', 'linear', '-inf', '--json'])).stdout)).toEqual(['-Infinity']);
  });

  it('evaluates derivatives and parameters', async () => {
    expect(JSON.parse((await capture(['eval', 'elu', '-2', '--param', 'alpha=0.5', '--derivative', '1', '--json'])).stdout)).toEqual([
      0.5 * Math.exp(-2),
    ]);
    expect(JSON.parse((await capture(['eval', 'sigmoid', '0', '--derivative', '2', '--json'])).stdout)).toEqual([0]);
    expect(JSON.parse((await capture(['eval', 'hard_sigmoid', '1', '--param=slope=0.2', '--json'])).stdout)).toEqual([0.7]);
  });

  it('rounds to float32 and prints the shortest float32 text', async () => {
    const values = JSON.parse((await capture(['eval', 'sigmoid', '1', '--dtype', 'float32', '--json'])).stdout) as number[];
    expect(values).toEqual([0.7310586]);
    expect(Math.fround(values[0] as number)).toBe(Math.fround(1 / (1 + Math.exp(-1))));
  });

  it('treats the numbers of a vector activation as one vector', async () => {
    const y = JSON.parse((await capture(['eval', 'softmax', '1', '2', '3', '--json'])).stdout) as number[];
    expect(y).toHaveLength(3);
    expect(y[0]! + y[1]! + y[2]!).toBeCloseTo(1, 15);
    expect(JSON.parse((await capture(['eval', 'glu', '1', '2', '0', '0', '--json'])).stdout)).toEqual([0.5, 1]);
  });

  it('reads numbers from stdin, one per line or as a JSON array', async () => {
    const lines = runBin(['eval', 'relu', '--stdin', '--json'], '1\n-2\n\n3e0\n');
    expect(lines.status).toBe(0);
    expect(JSON.parse(lines.stdout)).toEqual([1, 0, 3]);
    const array = runBin(['eval', 'tanh', '--stdin', '--json'], '[0, "Infinity"]');
    expect(JSON.parse(array.stdout)).toEqual([0, 1]);
  });
});

describe('bad input: one line on stderr, exit status 2, no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [['eval', 'rleu', '1'], /unknown activation "rleu" — did you mean "relu"\? known: sigmoid, /],
    [['eval', 'elu', '1', '--param', 'alpha=-1'], /elu: alpha must be a finite number > 0, got -1/],
    [['eval', 'hard_tanh', '0', '--param', 'min_val=2'], /hard_tanh: min_val must be < max_val \(1\), got 2/],
    [['eval', 'elu', '1', '--param', 'beta=2'], /elu: parameter name must be one of: alpha, got "beta"/],
    [['eval', 'gelu', 'abc'], /argument 1 must be a number/],
    [['eval', 'gelu', '1', '--derivative', '3'], /--derivative must be 0, 1 or 2/],
    [['eval', 'gelu', '1', '--dtype', 'float16'], /--dtype must be float64 or float32/],
    [['eval', 'softmax', '1', '2', '--derivative', '1'], /softmax is a vector function/],
    [['eval', 'glu', '1', '2', '3'], /glu splits the last axis in halves/],
    [['eval', 'gelu'], /at least one number/],
    [['eval', 'gelu', '1', '--frobnicate'], /unknown option "--frobnicate"/],
    [['lst'], /unknown command "lst" — did you mean "list"\?/],
  ];
  for (const [args, message] of cases) {
    it(`actlab ${args.join(' ')}`, async () => {
      const result = expectOneLineError(args, message);
      expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });
  }
});

describe('help', async () => {
  it('actlab --help and actlab <command> --help describe every command and option', async () => {
    const top = (await capture(['--help'])).stdout;
    for (const word of ['list', 'eval', 'start', 'catalogue', '--version']) expect(top).toContain(word);
    const evalHelp = (await capture(['eval', '--help'])).stdout;
    for (const word of ['--param', '--derivative', '--dtype', '--json', '--stdin']) expect(evalHelp).toContain(word);
    expect((await capture(['list', '--help'])).stdout).toContain('--json');
    expect((await capture(['help', 'eval'])).stdout).toBe(evalHelp);
  });

  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect((await capture(['--version'])).stdout).toBe(`${version}\n`);
    expect((await capture(['--help'])).stdout).toContain(`actlab ${version} —`);
  });

  it('a mistyped command gets the registry\'s suggestion rule: 2 edits, or a third of a long name', async () => {
    const message = async (argv: string[]) => String((await callMain(argv)).error);
    expect(await message(['evl'])).toContain('did you mean "eval"?');
    expect(await message(['kritcalty'])).toContain('did you mean "criticality"?'); // 3 edits in 9 characters
    expect(await message(['help', 'kritcalty'])).toContain('did you mean "criticality"?');
    expect(await message(['xyz'])).not.toContain('did you mean');
  });

  it('catalogue prints the catalogue and examples', async () => {
    const { code, stdout } = await capture(['catalogue']);
    expect(code).toBe(0);
    expect(stdout).toContain('gelu_tanh');
    expect(stdout).toContain("sigmoid'(40)");
  });
});

describe('analysis commands', () => {
  it('props --json is the property sheet', async () => {
    const sheet = JSON.parse((await capture(['props', 'gelu', '--no-timing', '--json'])).stdout) as {
      extrema: { at: number }[];
      range: { infimum: number; supremum: string };
    };
    expect(sheet.extrema[0]?.at).toBeCloseTo(-0.7517915246935645, 15);
    expect(sheet.range.supremum).toBe('Infinity');
  });

  it('table --format json has the chapter rows with their findings', async () => {
    const rows = JSON.parse((await capture(['table', '--format', 'json', '--no-timing'])).stdout) as { id: string; findings: string[] }[];
    expect(rows.map((r) => r.id)).toEqual(['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu', 'swish', 'gelu']);
    expect(rows.find((r) => r.id === 'gelu')?.findings.length).toBeGreaterThan(0);
    const md = (await capture(['table', '--format', 'md', '--no-timing'])).stdout;
    expect(md).toMatch(/^\| Activation \| Range \|/);
  });

  it('gain and criticality print their numbers', async () => {
    const gains = JSON.parse((await capture(['gain', 'relu', 'gelu', '--json'])).stdout) as { id: string; gain: number; pytorch?: unknown }[];
    expect(gains[0]?.gain).toBeCloseTo(Math.SQRT2, 14);
    expect(gains[1]?.pytorch).toBeUndefined();
    const r = JSON.parse((await capture(['criticality', 'relu', '--sigma-w', '1.2', '--sigma-b', '0.1', '--json'])).stdout) as { chi1: number; phase: string };
    expect(r.chi1).toBeCloseTo(0.72, 14);
    expect(r.phase).toBe('ordered');
  });

  const bad: [string[], RegExp][] = [
    [['props'], /props needs an activation id/],
    [['props', 'gelu', '--q', '-1'], /--q must be a finite number > 0/],
    [['table', '--format', 'xml'], /--format must be text, md or json/],
    [['gain', 'softmax'], /softmax: activation must be an elementwise activation/],
    [['criticality', 'tanh', '--depth', '0'], /--depth must be a positive integer/],
    [['criticality', 'tanh', '--sigma-w', '-2'], /sigmaW must be a finite number > 0, got -2/],
    [['advise', '--layer', 'hidden', '--architecture', 'spaceship'], /--architecture: unknown value "spaceship"; allowed: mlp, deep_mlp, /],
  ];
  for (const [args, message] of bad) {
    it(`actlab ${args.join(' ')} fails with one line and status 2`, () => {
      expectOneLineError(args, message);
    });
  }
});

describe('actlab run', () => {
  it('--list names every experiment with its settings', async () => {
    const { stdout } = await capture(['run', '--list']);
    for (const id of ['linear-collapse', 'vanishing-gradient', 'gradient-flow', 'dead-neurons', 'xor-race', 'selu-normalisation', 'gelu-approximation', 'transformer-ffn']) {
      expect(stdout).toContain(id);
    }
    expect(stdout).toContain('weightScale = 0.1');
  });

  it('prints the chapter’s format, or JSON with --json', async () => {
    const { stdout } = await capture(['run', 'vanishing-gradient', '--rng', 'numpy', '--seed', '42']);
    expect(stdout).toContain('Gradient shrunk by factor: 4.37e+12');
    const json = JSON.parse((await capture(['run', 'gelu-approximation', '--set', 'points=101', '--json'])).stdout) as {
      experiment: string;
      config: { points: number };
      result: { approximations: { name: string; maxAbsError: number }[] };
    };
    expect(json.experiment).toBe('gelu-approximation');
    expect(json.config.points).toBe(101);
    expect(json.result.approximations[0]?.maxAbsError).toBeCloseTo(4.73e-4, 5);
  });

  const bad: [string[], RegExp][] = [
    [['run'], /run needs an experiment id/],
    [['run', 'warp-drive'], /experiment must be one of: linear-collapse, /],
    [['run', 'xor-race', '--rng', 'mt'], /--rng must be default or numpy, got "mt"/],
    [['run', 'xor-race', '--seed', '-1'], /--seed must be an integer in \[0, 4294967295\], got "-1"/],
    [['run', 'xor-race', '--set', 'epochs=many'], /xor-race: epochs must be an integer from 1 to 10000000, got "many"/],
    [['run', 'xor-race', '--set', 'speed=11'], /xor-race: setting must be one of: activations, seeds, /],
    [['run', 'xor-race', '--set', 'gradient=median'], /gradient must be one of: sum, mean/],
  ];
  for (const [args, message] of bad) {
    it(`actlab ${args.join(' ')} fails with one line and status 2`, () => {
      expectOneLineError(args, message);
    });
  }
});
