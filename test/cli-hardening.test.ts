/**
 * The CLI and the lab at their limits: one regression test per reported defect, each standing for its
 * class. In-process through main() where possible; a few spawns of dist/cli/bin.js for what only
 * the real process shows (standard input, exit status, stderr).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ActlabError } from '../src/errors.js';
import { parseArgs, parseNumber, UsageError } from '../src/cli/args.js';
import { formatNumber, oneLine, quote, toJson } from '../src/cli/format.js';
import { callMain } from './support/cli.js';
import { MAX_INPUTS, MAX_STDIN_BYTES, parseStdinNumbers } from '../src/cli/eval.js';
import { EXPERIMENTS, getExperiment, parseDecimal, planRun, RunBudgetError, runExperiment } from '../src/experiments/index.js';
import { getActivation, getElementwise, resolveParams } from '../src/activations/index.js';
import { trainXor, xorRace } from '../src/experiments/xor-race.js';
import { createRng } from '../src/math/rng.js';

const call = (argv: string[]) => callMain(argv);

/** Bad input: an ActlabError (status 2 at the CLI) with a one-line message matching `pattern`, nothing printed. */
async function refused(argv: string[], pattern: RegExp): Promise<string> {
  const outcome = await call(argv);
  expect(outcome.error, `actlab ${argv.join(' ')} should be refused`).toBeInstanceOf(ActlabError);
  const message = (outcome.error as Error).message;
  expect(message).toMatch(pattern);
  expect(message).not.toMatch(/[\n\r]/);
  expect(outcome.stdout).toBe('');
  return message;
}

async function succeeds(argv: string[]): Promise<string> {
  const outcome = await call(argv);
  if (outcome.error) throw outcome.error;
  expect(outcome.code).toBe(0);
  return outcome.stdout;
}

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
function runBin(args: string[], input?: string | Buffer) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npx tsc -p tsconfig.build.json"`);
  return spawnSync(process.execPath, [BIN, ...args], { input, maxBuffer: 256 * 2 ** 20 });
}

describe('eval: large and hostile input', () => {
  it('150,000 numbers print one line each (no Math.max(...array) stack overflow)', () => {
    const input = Array.from({ length: 150_000 }, (_, i) => String(i / 1000 - 75)).join('\n');
    const result = runBin(['eval', 'gelu', '--stdin'], input);
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.toString().trimEnd().split('\n');
    expect(lines).toHaveLength(150_000);
    expect(lines[0]).toMatch(/^f\(-75 +\) = -0$/);
  }, 60_000);

  it('a 50 MB line of NULs is quoted as a short escaped excerpt, not echoed', () => {
    const result = runBin(['eval', 'gelu', '--stdin'], Buffer.alloc(50_000_000));
    expect(result.status).toBe(2);
    const stderr = result.stderr.toString();
    expect(stderr.length).toBeLessThan(400);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/line 1 of standard input must be a number .*got "(\\u0000){40}…" \(50000000 characters\)/);
  }, 60_000);

  it(`standard input beyond ${MAX_STDIN_BYTES / 2 ** 20} MiB is refused, with the limit named`, () => {
    const result = runBin(['eval', 'relu', '--stdin'], Buffer.alloc(MAX_STDIN_BYTES + 1, '\n'));
    expect(result.status).toBe(2);
    expect(result.stderr.toString()).toMatch(/^actlab: --stdin: standard input is larger than 64 MiB; at most 64 MiB/);
    expect(result.stdout.toString()).toBe('');
  }, 60_000);

  it(`more than ${MAX_INPUTS} numbers are refused before any is evaluated`, () => {
    expect(() => parseStdinNumbers('0\n'.repeat(MAX_INPUTS + 1))).toThrow(/at most 4194304 numbers/);
    expect(() => parseStdinNumbers(`[${'0,'.repeat(MAX_INPUTS)}0]`)).toThrow(/at most 4194304 numbers/);
    expect(parseStdinNumbers('1\r\n\n  -2 \n')).toEqual([1, -2]);
  });

  it('bad lines, elements and arguments are quoted short and escaped', async () => {
    expect(() => parseStdinNumbers('1\n2\nfoo\u001b[31m\n')).toThrow('line 3 of standard input must be a number (decimal or exponent like -2, 0.5, 1e-8; inf or nan), got "foo\\u001b[31m"');
    expect(() => parseStdinNumbers('[1, null]')).toThrow(/element 1 of the JSON array is not a number \(got null\)/);
    expect(() => parseStdinNumbers(`[1, ${'x'.repeat(10_000)}`)).toThrow(/is not a valid JSON array \(starts "\[1, x+…" \(10004 characters\)\)/);
    const message = await refused(['eval', 'gelu', 'x'.repeat(3000)], /argument 1 must be a number/);
    expect(message.length).toBeLessThan(200);
    await refused(['eval', 'g'.repeat(5000), '1'], /argument 1 of "eval" is 5000 characters long; at most 4096/);
    await refused(['eval', 'gelu\u202e\u0007', '1'], /unknown activation "gelu\\u202e\\u0007"|unknown activation "gelu\u202e\\u0007"/);
  });

  it('--json prints −0 as -0 (float64 and float32), and NaN/±Infinity as strings', async () => {
    expect(await succeeds(['eval', 'gelu', '-0', '0', '-10', 'nan', '--json'])).toBe('[-0,0,-7.619853024160526e-23,"NaN"]\n');
    expect(await succeeds(['eval', 'linear', '-0', '--dtype', 'float32', '--json'])).toBe('[-0]\n');
    expect(Object.is(JSON.parse(await succeeds(['eval', 'linear', '-0', '--json']))[0], -0)).toBe(true);
    expect(await succeeds(['eval', 'linear', 'inf', '-inf', '--json'])).toBe('["Infinity","-Infinity"]\n');
  });

  it('toJson writes what JSON.stringify writes, except −0 and non-finite numbers', () => {
    const value = { a: [1, -0, 0.1, NaN, -Infinity], b: Float32Array.of(0.5, -0), c: 'x\n"', d: undefined, e: null, f: {} , g: [] };
    expect(toJson(value)).toBe('{"a":[1,-0,0.1,"NaN","-Infinity"],"b":[0.5,-0],"c":"x\\n\\"","e":null,"f":{},"g":[]}');
    expect(JSON.parse(toJson(value, 2))).toEqual(JSON.parse(toJson(value)));
    // Strings holding NUL take the hand-written path, with the same result.
    const nul = { 'k\u0000': ['\u0000-0\u0000', -0, Float64Array.of(-0, 1)], n: -Infinity };
    expect(toJson(nul)).toBe('{"k\\u0000":["\\u0000-0\\u0000",-0,[-0,1]],"n":"-Infinity"}');
    expect(JSON.parse(toJson(nul, 2))).toEqual(JSON.parse(toJson(nul)));
    expect(toJson(-0)).toBe('-0');
    const plain = { x: [1, 2, { y: 'z' }], w: true };
    expect(toJson(plain, 2)).toBe(JSON.stringify(plain, null, 2));
  });
});

describe('end to end: the real process', () => {
  it('a run refused for its size exits 2 with one line, at once', () => {
    const started = performance.now();
    const result = runBin(['run', 'transformer-ffn', '--set', 'tokens=1048576', '--set', 'dModel=65536']);
    expect(result.status).toBe(2);
    const stderr = result.stderr.toString();
    expect(stderr).toMatch(/^actlab: transformer-ffn: this run needs one array of 256 GiB; at most 2 GiB per array/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout.toString()).toBe('');
    expect(performance.now() - started).toBeLessThan(10_000);
    const threads = runBin(['run', 'xor-race', '--threads', '64']);
    expect(threads.status).toBe(2);
    expect(threads.stderr.toString()).toMatch(/^actlab: --threads must be an integer from 1 to \d+ \(the cores of this machine/);
  }, 30_000);
});

describe('options: exact, non-empty, once', () => {
  it('unknown or abbreviated options are refused everywhere (list --h, --js, -help)', async () => {
    await refused(['list', '--h'], /unknown option "--h" for "list"; allowed: --json, --help, -h/);
    await refused(['list', '--js'], /unknown option "--js"/);
    await refused(['eval', 'gelu', '1', '-help'], /unknown option "-help"/);
    await refused(['run', 'xor-race', '--se', '1'], /unknown option "--se"/);
    await refused(['eval', 'gelu', '1', '--__proto__'], /unknown option "--__proto__"/);
    // A one-letter long option stays long: props --q.
    expect(parseArgs(['--q', '2'], { q: { value: true }, help: { value: false }, h: { value: false } }, 'props').values.get('q')).toEqual(['2']);
    expect(() => parseArgs(['-q', '2'], { q: { value: true } }, 'props')).toThrow(/unknown option "-q"/);
  });

  it('empty values are refused (--concern \'\', --param alpha=, --set parts=, --dtype " ")', async () => {
    await refused(['advise', '--concern', ''], /option --concern needs a non-empty value/);
    await refused(['advise', '--layer', 'hidden', '--concern', ','], /--concern: empty concern/);
    await refused(['eval', 'elu', '1', '--param', 'alpha='], /--param "alpha" needs a value after "="/);
    await refused(['eval', 'elu', '1', '--param', '=1'], /--param must look like name=value, got "=1"/);
    await refused(['run', 'dead-neurons', '--set', 'parts='], /--set "parts" needs a value/);
    await refused(['run', 'dead-neurons', '--set', 'parts= , '], /dead-neurons: parts must be a comma-separated list/);
    await refused(['eval', 'gelu', '1', '--dtype', ' '], /option --dtype needs a non-empty value/);
    await refused(['eval', 'gelu', '1', '--dtype'], /option --dtype needs a value/);
    await refused(['eval', 'gelu', '1', '--dtype', '--json'], /option --dtype needs a value, got the option "--json"/);
  });

  it('repeated options and keys are refused (--param alpha= twice, --set twice, flags twice, --concern twice)', async () => {
    await refused(['eval', 'elu', '1', '--param', 'alpha=1', '--param', 'alpha=2'], /--param "alpha" given more than once/);
    await refused(['run', 'xor-race', '--set', 'epochs=5', '--set', 'epochs=6'], /--set "epochs" given more than once/);
    await refused(['run', 'xor-race', '--set', 'epochs=5', '--set', 'epochs=5'], /given twice with the same value/);
    await refused(['list', '--json', '--json'], /option --json given more than once/);
    await refused(['eval', 'gelu', '1', '--dtype', 'float32', '--dtype', 'float64'], /option --dtype given more than once/);
    await refused(['advise', '--concern', 'speed', '--concern', 'dead_neurons,speed'], /--concern: speed given more than once/);
  });

  it('prototype keys are unknown names, never silently ignored', async () => {
    await refused(['eval', 'elu', '1', '--param', '__proto__=5'], /elu: parameter name must be one of: alpha, got "__proto__"/);
    await refused(['eval', 'relu', '1', '--param', 'constructor=5'], /relu: parameter name must be absent/);
    await refused(['run', 'xor-race', '--set', '__proto__=1'], /xor-race: setting must be one of: activations, /);
    await refused(['run', 'xor-race', '--set', 'toString=1'], /xor-race: setting must be one of/);
    expect(() => resolveParams(getActivation('elu'), JSON.parse('{"__proto__": 5}') as Record<string, unknown>)).toThrow(/got "__proto__"/);
    expect(() => resolveParams(getActivation('elu'), null as unknown as Record<string, unknown>)).toThrow(ActlabError);
    await refused(['__proto__'], /unknown command "__proto__"/);
    await refused(['help', 'constructor'], /no help for "constructor"/);
  });

  it('one number grammar: decimal or exponent only (no hex, binary, octal, separators)', async () => {
    for (const text of ['0x10', '0b11', '0o7', '1_000', '', ' ', '1e', '.', '--1', '1.2.3', 'Infinity', '１']) expect(parseDecimal(text)).toBeUndefined();
    for (const [text, value] of [['16', 16], ['-2.5', -2.5], ['.5', 0.5], ['1e3', 1000], ['2.5E-3', 0.0025], ['+7', 7]] as const) expect(parseDecimal(text)).toBe(value);
    await refused(['run', 'dead-neurons', '--set', 'units=0x10'], /dead-neurons: units must be an integer from 1 to 100000, got "0x10"/);
    await refused(['eval', 'gelu', '0x10'], /argument 1 must be a number \(decimal or exponent/);
    await refused(['criticality', 'tanh', '--sigma-b', '0x1'], /--sigma-b must be a number/);
    expect(() => parseNumber('1'.repeat(401), 'z')).toThrow(UsageError);
  });
});

describe('help', () => {
  it('help help prints help\'s help; help takes one command', async () => {
    expect(await succeeds(['help', 'help'])).toMatch(/^Usage: actlab help \[command\]/);
    expect(await succeeds(['help', '--help'])).toMatch(/^Usage: actlab help \[command\]/);
    await refused(['help', 'eval', 'list'], /help takes one command, got also "list"/);
    await refused(['help', 'evl'], /no help for "evl" — did you mean "eval"\?/);
    await refused(['--version', 'x'], /takes no arguments/);
  });

  it('run --help names the limits and the budget', async () => {
    const help = await succeeds(['run', '--help']);
    expect(help).toMatch(/at most \d+ here/);
    expect(help).toMatch(/refused if it would need more than/);
    const own = await succeeds(['run', 'xor-race', '--help']);
    expect(own.startsWith(help)).toBe(true);
    expect(own).toContain('seeds = 42  — seeds, one training run each');
    const list = await succeeds(['run', '--list', 'xor-race']);
    expect(list).toContain('epochs = 5000  — training epochs; an integer from 1 to 10000000');
    expect(list).not.toContain('dead-neurons');
  });
});

describe('advise', () => {
  it('--architecture transformer without --layer means a hidden layer', async () => {
    expect(await succeeds(['advise', '--architecture', 'transformer'])).toMatch(/^Recommendation: gelu$/m);
    expect(await succeeds(['advise', '--task', 'multiclass'])).toMatch(/^Recommendation: softmax$/m);
    await refused(['advise', '--layer', 'hidden', '--depth', '1e7'], /at most 1000000/);
  });
});

describe('run: settings validated before any work starts', () => {
  it('reported values outside the limits are refused, naming the limit', async () => {
    const cases: [string[], RegExp][] = [
      [['xor-race', 'epochs=1e12'], /xor-race: epochs must be an integer from 1 to 10000000, got "1e12"/],
      [['dead-neurons', 'hidden=1e9'], /dead-neurons: hidden must be an integer from 1 to 4096, got "1e9"/],
      [['gradient-flow', 'depths=1e9'], /depths must be an integer from 1 to 10000/],
      [['gradient-flow', 'simulations=1e12'], /simulations must be an integer from 1 to 100000/],
      [['linear-collapse', 'samples=1e9'], /samples must be an integer from 1 to 100000/],
      [['dead-neurons', 'epochs=1e12'], /epochs must be an integer from 0 to 1000000/],
      [['gradient-flow', 'depths=0-3'], /depths must be an integer from 1 to 10000, got "0-3"/],
      [['gradient-flow', 'depths=2.5,3'], /depths must be an integer from 1 to 10000, got "2.5,3"/],
      [['gradient-flow', 'depths=1-100'], /at most 64 different integers/],
      [['gradient-flow', 'depths=1-1000000000000000'], /depths must be an integer from 1 to 10000/],
      [['gradient-flow', 'depths=5,5'], /5 is listed twice/],
      [['vanishing-gradient', 'weightScale=1e308'], /weightScale must be a number > 0 and <= 1000000/],
      [['vanishing-gradient', 'weightScale=0'], /weightScale must be a number > 0/],
      [['xor-race', 'learningRate=1e308'], /learningRate must be a number from 0 to 1000000/],
      [['xor-race', 'activations=all,relu'], /'all' alone/],
      [['xor-race', 'activations=softmax'], /softmax: activation must be an elementwise activation/],
      [['xor-race', 'activations=rleu'], /unknown activation "rleu" — did you mean "relu"\?/],
      [['dead-neurons', 'parts=chapter,chapter'], /chapter is listed twice/],
      [['dead-neurons', 'parts=everything'], /parts must be a comma-separated list of at most 3 different values from: chapter, panel, training/],
      [['selu-normalisation', 'pairs=relu:he:x'], /pairs must be activation:init/],
      [['gelu-approximation', 'from=7'], /gelu-approximation: to must be > from \(7\), got 6/],
      [['transformer-ffn', 'gated=relu'], /gated must be a gated activation/],
      [['transformer-ffn', 'activations=none', 'gated=none'], /at least one activation/],
    ];
    for (const [[id, ...sets], pattern] of cases) {
      const run = vi.spyOn(getExperiment(id as string), 'run');
      try {
        await refused(['run', id as string, ...sets.flatMap((s) => ['--set', s])], pattern);
        expect(run).not.toHaveBeenCalled();
      } finally {
        run.mockRestore();
      }
    }
  });

  it('values within the per-setting maximums that together exceed memory or time are refused up front, with the estimate', async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['dead-neurons', { units: '100000', chapterSamples: '100000', parts: 'chapter' }, /one array of 74.5 GiB; at most 2 GiB per array — lower units × chapterSamples/],
      ['transformer-ffn', { tokens: '1048576', dModel: '65536' }, /one array of 256 GiB/],
      ['gradient-flow', { depths: '10000', simulations: '100000', units: '4096' }, /would take about .* days; the limit is 10 min/],
      ['xor-race', { seeds: '0-99999', activations: 'all' }, /would take about/],
      ['linear-collapse', { depth: '1000', width: '512', samples: '100000' }, /would take about/],
    ];
    for (const [id, set, pattern] of cases) {
      expect(() => planRun(id, { set })).toThrow(RunBudgetError);
      expect(() => planRun(id, { set })).toThrow(pattern);
      await refused(['run', id, ...Object.entries(set).flatMap(([k, v]) => ['--set', `${k}=${v}`])], pattern);
    }
    // Memory beyond the budget (but no array beyond 2 GiB) is refused by the budget itself.
    expect(() => planRun('transformer-ffn', { set: { tokens: '65536', dModel: '4096', dFF: '1024' }, budget: { bytes: 2 ** 30, seconds: 1e9 } })).toThrow(/needs about .* of memory; the limit here is 1 GiB/);
  });

  it('linear-collapse at depth 1000, width 512 no longer keeps its layers (1.9 GB → a few MB)', () => {
    const { cost } = planRun('linear-collapse', { set: { depth: '1000', width: '512' } });
    expect(cost.bytes).toBeLessThan(16 * 2 ** 20);
  });

  it('--threads is capped at the cores of the machine, and checked before any worker starts', async () => {
    await refused(['run', 'gelu-approximation', '--threads', '64'], /--threads must be an integer from 1 to \d+ \(the cores of this machine/);
    await refused(['run', 'gelu-approximation', '--threads', '0'], /--threads must be an integer/);
    await refused(['report', '--out', 'never-written', '--threads', '64'], /--threads must be an integer from 1 to \d+ \(the cores of this machine/);
  });

  it('run takes one id; --list takes no other options', async () => {
    await refused(['run', 'xor-race', 'gelu-approximation'], /run takes one experiment id, got also "gelu-approximation"/);
    await refused(['run', '--list', '--json'], /run --list takes no other options/);
    await refused(['run', '--list', 'nope'], /experiment must be one of/);
  });
});

describe('divergence is reported, never printed as a result', () => {
  it('xor-race with a learning rate of 1e308 (the library, beyond the CLI limit of 1e6) says what happened, never "converged at epoch 5000"', () => {
    const config = { ...xorRace.defaults, learningRate: 1e308 };
    const report = xorRace.report(xorRace.run(config, createRng('default', 42)), config);
    expect(report).not.toMatch(/faster|converged at/);
    expect(report).toMatch(/did not converge in 5000 epochs|diverged at epoch/);
    // Weights that overflow: the run stops and says it diverged.
    const huge = { ...xorRace.defaults, weightScale: 1e200 };
    const hugeReport = xorRace.report(xorRace.run(huge, createRng('default', 42)), huge);
    expect(hugeReport).toMatch(/ReLU diverged at epoch 0: the loss or the weights became non-finite/);
    expect(hugeReport).not.toMatch(/faster/);
    const many = { ...huge, seeds: [1, 2, 3] };
    expect(xorRace.report(xorRace.run(many, createRng('default', 42)), many)).toMatch(/relu .*diverged \(non-finite loss\) from 100% of seeds/);
    const run = trainXor(getElementwise('relu'), {}, createRng('default', 1), { epochs: 100, learningRate: 1e308, threshold: 0.01, gradient: 'sum', hidden: 4, weightScale: 1e300 });
    expect(run.divergedAt).not.toBeNull();
    expect(run.losses.length).toBe((run.divergedAt as number) + 1);
  });

  it('xor-race: a run that never converges says so', () => {
    const { report } = runExperiment('xor-race', { set: { epochs: '3' } });
    expect(report).toContain('Sigmoid did not converge in 3 epochs');
    expect(report).not.toMatch(/faster/);
  });

  it('vanishing-gradient with huge weights reports the overflow, not "nan" norms', () => {
    const { report } = runExperiment('vanishing-gradient', { set: { weightScale: '1e6', depth: '200', activation: 'relu' } });
    expect(report).toMatch(/overflowed \(non-finite norm\) at layer \d+/);
    expect(report).not.toMatch(/nan/i);
    const zero = runExperiment('vanishing-gradient', { set: { weightScale: '1e-200', depth: '5' } }).report;
    expect(zero).toMatch(/exactly 0 from layer \d+ on/);
  });

  it('gradient-flow, selu-normalisation and linear-collapse mark overflow instead of printing nan', () => {
    const flow = runExperiment('gradient-flow', { set: { depths: '2000', simulations: '1', units: '4', activations: 'relu,sigmoid', gains: 'variance-preserving' } }).report;
    expect(flow).not.toMatch(/\bnan\b/i);
    const selu = runExperiment('selu-normalisation', { set: { pairs: 'linear:he', units: '8', layers: '1000' } }).report;
    expect(selu).not.toMatch(/\bnan\b/i);
    const dead = runExperiment('dead-neurons', { set: { parts: 'training', learningRate: '1e6', epochs: '5', activations: 'relu', strategies: 'zero_bias' } }).report;
    expect(dead).toMatch(/diverged at epoch \d+|blew up/);
    expect(dead).not.toMatch(/\bnan\b/i);
  });
});

describe('error text', () => {
  it('quote: short, escaped, with the full length when cut', () => {
    expect(quote('abc')).toBe('"abc"');
    expect(quote('a\nb\u0000\u2028')).toBe('"a\\nb\\u0000\\u2028"');
    expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…" (100 characters)`);
    expect(quote('\u{1F600}'.repeat(50)).length).toBeLessThan(120);
  });

  it('oneLine: control characters escaped, long messages cut', () => {
    expect(oneLine('a\nb')).toBe('a\\u000ab');
    expect(oneLine('y'.repeat(5000)).length).toBeLessThan(2100);
  });

  it('typed errors quote at most 40 characters of a bad value', () => {
    expect(() => getActivation('z'.repeat(10_000))).toThrow(/unknown activation "z{40}…" \(10000 characters\)/);
    expect(() => planRun('xor-race', { set: { gradient: 'q'.repeat(10_000) } })).toThrow(/got "q{40}…" \(10000 characters\)/);
  });

  it('formatNumber keeps −0', () => {
    expect(formatNumber(-0, 'float64')).toBe('-0');
  });

  it('every experiment is listed', () => {
    expect(EXPERIMENTS.length).toBe(9);
  });
});

describe('the CLI without the report\'s figure packages (optional peers: a library install lacks them)', () => {
  const HIDE = join(import.meta.dirname, 'support', 'register-hide-figure-deps.mjs');
  const runLean = (args: string[]) => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npx tsc -p tsconfig.build.json"`);
    return spawnSync(process.execPath, ['--import', HIDE, BIN, ...args], { encoding: 'utf8' });
  };

  it('eval, props, run and help work: nothing loads vega or resvg at start-up', () => {
    for (const args of [['eval', 'gelu', '-1'], ['props', 'relu', '--no-timing'], ['run', 'gelu-approximation', '--set', 'points=11'], ['help', 'report']]) {
      const result = runLean(args);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.status, args.join(' ')).toBe(0);
    }
  });

  it('report names the missing package on one line, exit 2, before any work or folder', () => {
    const out = join(tmpdir(), `actlab-lean-${process.pid}`);
    const result = runLean(['report', '--quick', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/@resvg\/resvg-js is not installed: they are optional peers of actlab, not installed with it: npm install vega vega-lite @resvg\/resvg-js dejavu-fonts-ttf$/m);
    expect(existsSync(out)).toBe(false);
  });

  it('run --figure names the missing package on one line, exit 2, before the run', () => {
    const figure = join(tmpdir(), `actlab-lean-${process.pid}.svg`);
    const result = runLean(['run', 'selu-normalisation', '--set', 'units=50', '--figure', figure]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/is not installed: they are optional peers of actlab, not installed with it: npm install vega vega-lite @resvg\/resvg-js dejavu-fonts-ttf$/m);
    expect(existsSync(figure)).toBe(false);
  });
});

describe("a framework's spelling that means something else: the CLI's note gives a command that works", () => {
  it('every refused spelling: one line, exit 2, and the suggested --param command gives that framework\'s value', async () => {
    const { REFUSED_SPELLINGS } = await import('../src/activations/foreign.js');
    for (const [spelling, refused] of Object.entries(REFUSED_SPELLINGS)) {
      const raw = runBin(['eval', spelling, '-1.5', '0.5']);
      const result = { status: raw.status, stderr: raw.stderr.toString() };
      expect(result.status, spelling).toBe(2);
      expect(result.stderr.trim().split('\n'), spelling).toHaveLength(1);
      expect(result.stderr, spelling).not.toMatch(/fromFramework|use "[^"]+" with \{/);
      const suggested = /use "([^"]+)"((?: --param \S+)*)/.exec(result.stderr);
      expect(suggested, result.stderr).not.toBeNull();
      const [, id, params] = suggested as RegExpExecArray;
      expect(id).toBe(refused.id);
      const followed = runBin(['eval', id as string, '-1.5', '0.5', ...(params as string).trim().split(/\s+/).filter(Boolean), '--json']);
      expect(followed.status, followed.stderr.toString()).toBe(0);
      // Points where the framework's defaults and actlab's give different values.
      const meant = resolveParams(getActivation(refused.id), refused.defaults);
      const f = getElementwise(refused.id);
      expect(JSON.parse(followed.stdout.toString()), spelling).toEqual([f.f(-1.5, meant), f.f(0.5, meant)]);
      expect([f.f(-1.5, meant), f.f(0.5, meant)], spelling).not.toEqual([f.f(-1.5, resolveParams(f)), f.f(0.5, resolveParams(f))]);
    }
  });
});
