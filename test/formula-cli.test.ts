/**
 * The CLI on formulas: every command that takes an activation takes a formula in z (eval,
 * props, gain, criticality, run), prints a `name=` label where it names the activation, and
 * refuses a bad formula with the column — one line in the message, the formula and a caret
 * under it on stderr, exit status 2, no stack trace. The help texts say so, with examples.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formulaPointer } from '../src/cli/format.js';
import { ActlabError, FormulaError } from '../src/errors.js';
import { callMain, capture } from './support/cli.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');

function runBin(args: string[]) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

const json = async (argv: string[]): Promise<unknown> => JSON.parse((await capture([...argv, '--json'])).stdout);
const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

describe('commands take a formula where they take an id', () => {
  it("eval 'z*tanh(softplus(z))' 0.5 --derivative 1 is Mish's f′ (relative 4e-16), in float64 and float32", async () => {
    const points = ['-3', '-0.5', '0.5', '2', '20'];
    for (const order of ['0', '1', '2']) {
      const formula = (await json(['eval', 'z*tanh(softplus(z))', ...points, '--derivative', order])) as number[];
      const mish = (await json(['eval', 'mish', ...points, '--derivative', order])) as number[];
      for (const [i, v] of formula.entries()) expect(relative(v, mish[i]!), `f^(${order})(${points[i]})`).toBeLessThan(order === '2' ? 1e-14 : 4e-16);
    }
    const text = (await capture(['eval', 'z*tanh(softplus(z))', '0.5', '--derivative', '1'])).stdout;
    expect(text).toMatch(/^f'\(0\.5\) = 0\.88642437535772\d*\n$/);
    expect(await json(['eval', 'z*tanh(softplus(z))', '1', '--dtype', 'float32'])).toEqual(await json(['eval', 'mish', '1', '--dtype', 'float32']));
    // a tie of max splits the gradient (PyTorch's torch.maximum): f′(0) = 0.55, not leaky_relu's 0.1
    expect(await json(['eval', 'max(z, 0.1*z)', '-2', '0', '2', '--derivative', '1'])).toEqual([0.1, 0.55, 1]);
  });

  it("props 'My swish=z*sigmoid(1.5*z)' is swish's sheet with beta 1.5, under its label", async () => {
    type Sheet = { name: string; id: string; range: { min: number; max: number }; extrema: { at: number; value: number }[]; gain: { gain: number }; moments: Record<string, number> };
    const formula = (await json(['props', 'My swish=z*sigmoid(1.5*z)', '--no-timing'])) as Sheet;
    const swish = (await json(['props', 'swish', '--param', 'beta=1.5', '--no-timing'])) as Sheet;
    expect(formula.name).toBe('My swish');
    expect(relative(formula.range.min, swish.range.min)).toBeLessThan(1e-12);
    expect(formula.range.max).toBe(swish.range.max);
    expect(formula.extrema).toHaveLength(swish.extrema.length);
    expect(relative(formula.extrema[0]!.at, swish.extrema[0]!.at)).toBeLessThan(1e-9);
    expect(relative(formula.gain.gain, swish.gain.gain)).toBeLessThan(1e-12);
    for (const key of ['mean', 'meanSquare', 'meanDerivative', 'meanDerivativeSquare']) expect(relative(formula.moments[key]!, swish.moments[key]!), key).toBeLessThan(1e-12);
    const text = (await capture(['props', 'My swish=z*sigmoid(1.5*z)', '--no-timing'])).stdout;
    expect(text.split('\n')[0]).toBe('My swish: f(z) = z*sigmoid(1.5*z)');
    expect((await capture(['props', 'z*sigmoid(1.5*z)', '--no-timing'])).stdout.split('\n')[0]).toBe('f(z) = z*sigmoid(1.5*z)');
  });

  it('gain and criticality: a formula equal to mish gives mish’s numbers', async () => {
    const gains = (await json(['gain', 'mish', 'z*tanh(softplus(z))'])) as { id: string; gain: number; pytorch?: unknown }[];
    expect(gains.map((g) => g.id)).toEqual(['mish', 'z*tanh(softplus(z))']);
    expect(relative(gains[0]!.gain, gains[1]!.gain)).toBeLessThan(1e-13);
    const text = (await capture(['gain', 'relu', 'My mish=z*tanh(softplus(z))'])).stdout;
    expect(text).toMatch(/My mish=z\*tanh\(softplus\(z\)\) +1\.486847/);
    type Row = { chi1: number; qStar: number };
    const formula = (await json(['criticality', 'z*tanh(softplus(z))', '--sigma-w', '1.2'])) as Row;
    const mish = (await json(['criticality', 'mish', '--sigma-w', '1.2'])) as Row;
    expect(relative(formula.chi1, mish.chi1)).toBeLessThan(1e-9);
    expect((await capture(['criticality', 'Mine=z*tanh(softplus(z))'])).stdout).toMatch(/^Mine: f\(z\) = z\*tanh\(softplus\(z\)\), σ_b = 0/);
  });

  it("run gradient-flow --set activations=relu,'z*sigmoid(1.5*z)' and a list whose formula holds a comma", async () => {
    const run = (await json(['run', 'gradient-flow', '--set', 'activations=relu,z*sigmoid(1.5*z)', '--set', 'simulations=3', '--set', 'units=64'])) as { config: { activations: string[] }; result: { rows: { simulated: number[] }[] } };
    expect(run.config.activations).toEqual(['relu', 'z*sigmoid(1.5*z)']);
    expect(run.result.rows.every((r) => r.simulated.every(Number.isFinite))).toBe(true);
    const comma = (await json(['run', 'gradient-flow', '--set', 'activations=relu,max(z, 0.1*z)', '--set', 'simulations=2', '--set', 'units=32'])) as { config: { activations: string[] } };
    expect(comma.config.activations).toEqual(['relu', 'max(z, 0.1*z)']);
    const text = (await capture(['run', 'gradient-flow', '--set', 'activations=relu,My swish=z*sigmoid(1.5*z)', '--set', 'simulations=2', '--set', 'units=32'])).stdout;
    expect(text).toMatch(/\| +My swish \|/);
    expect(text).toMatch(/My swish: gain 1\.5677/);
    const pairs = (await json(['run', 'selu-normalisation', '--set', 'pairs=relu:he,max(z, 0.1*z):gain', '--set', 'layers=3', '--set', 'units=32'])) as { result: { series: { activation: string }[] } };
    expect(pairs.result.series.map((s) => s.activation)).toEqual(['relu', 'max(z, 0.1*z)']);
  });

  it('help texts show formulas with examples', async () => {
    expect((await capture(['--help'])).stdout).toMatch(/actlab eval 'z\*tanh\(softplus\(z\)\)' 0\.5 --derivative 1/);
    expect((await capture(['--help'])).stdout).toMatch(/My swish=z\*sigmoid\(1\.5\*z\)/);
    for (const command of ['eval', 'props', 'gain', 'criticality', 'run']) expect((await capture(['help', command])).stdout, command).toMatch(/formula/);
  });
});

describe('a bad formula: the column, one line, a caret, status 2', () => {
  const cases: [string[], RegExp, number][] = [
    [['eval', 'z*tnah(z)', '1'], /unknown function "tnah" at 3 — did you mean tanh\?/, 3],
    [['eval', 'My swish=z*tnah(z)', '1'], /unknown function "tnah" at 12/, 12],
    [['props', 'z*sigmoid(z'], /missing "\)" at 12/, 12],
    [['gain', 'relu', 'x*2'], /unknown variable "x" at 1 — did you mean z\?/, 1],
    [['criticality', 'elu(z, alpha=-1)'], /alpha must be a finite number > 0, got -1 at 8/, 8],
    [['run', 'gradient-flow', '--set', 'activations=relu,max(z,0.1*z'], /formula "max\(z,0\.1\*z": missing "\)" at 12/, 12],
  ];
  it.each(cases)('actlab %j', async (argv, message, column) => {
    const outcome = await callMain(argv);
    expect(outcome.error).toBeInstanceOf(FormulaError);
    const error = outcome.error as FormulaError;
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n/);
    expect(error.column).toBe(column);
    const [line, caret] = formulaPointer(error);
    expect(caret!.indexOf('^') - 2).toBe(column - 1);
    expect(line!.slice(2)).toBe(error.formula);
  });

  it('the executable prints the message, the formula and a caret; exit status 2; no stack trace', () => {
    const result = runBin(['eval', 'z*tnah(z)', '1']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('actlab: formula "z*tnah(z)": unknown function "tnah" at 3 — did you mean tanh?\n  z*tnah(z)\n    ^\n');
  });

  it('a long formula shows an excerpt around the column; a non-ASCII one no caret', () => {
    const long = `${'z+'.repeat(100)}tnah(z)`;
    const [line, caret] = formulaPointer(new FormulaError(long, 201, 'unknown function "tnah"'));
    expect(line).toMatch(/^ {2}…(z\+)+tnah\(z\)$/);
    expect(line![caret!.indexOf('^')]).toBe('t');
    expect(formulaPointer(new FormulaError('z·2', 2, 'unexpected character'))).toEqual([]);
  });
});

/** Small valid formulas: z, numbers, the built-ins and registry activations, + − × ÷ ^. */
const formulaArbitrary: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('z', '0.5', '2', '1e-3', 'pi', 'e'),
    fc.tuple(fc.constantFrom('exp', 'expm1', 'tanh', 'sin', 'cos', 'erf', 'abs', 'sqrt', 'log1p', 'softplus', 'sigmoid', 'gelu', 'elu', 'relu', '-'), tie('node')).map(([f, a]) =>
      f === '-' ? `-(${a})` : f === 'sqrt' || f === 'log1p' ? `${f}(abs(${a}))` : `${f}(${a})`,
    ),
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('node'), tie('node')).map(([op, a, b]) => `(${a})${op}(${b})`),
    fc.tuple(tie('node'), fc.constantFrom('2', '3', '0.5')).map(([a, n]) => (n === '0.5' ? `abs(${a})^0.5` : `(${a})^${n}`)),
    fc.tuple(fc.constantFrom('max', 'min'), tie('node'), tie('node')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(tie('node'), tie('node'), tie('node')).map(([c, a, b]) => `where(${c} > 0, ${a}, ${b})`),
  ),
})).node;

describe('any text in a formula’s alphabet: an answer or a typed one-line error with a column inside it', () => {
  it('eval', async () => {
    const text = fc.array(fc.constantFrom('z', '1', '.', 'e', '+', '-', '*', '/', '^', '(', ')', ',', ' ', '=', '<', '>', 'max', 'tanh', 'where', 'softplus', 'tnah', 'x'), { minLength: 1, maxLength: 24 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, async (formula) => {
        const outcome = await callMain(['eval', formula, '0.5', '--json']);
        if (outcome.error === undefined) return;
        if (!(outcome.error instanceof ActlabError)) throw new Error(`actlab eval ${JSON.stringify(formula)}: ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
        expect(outcome.error.message).not.toMatch(/\n/);
        if (outcome.error instanceof FormulaError) {
          expect(outcome.error.column).toBeGreaterThanOrEqual(1);
          expect(outcome.error.column).toBeLessThanOrEqual(formula.length + 1);
          expect(formulaPointer(outcome.error)).toHaveLength(2);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe('any valid formula runs through eval and props', () => {
  it('eval and props answer or refuse with a typed one-line error, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(formulaArbitrary, fc.constantFrom('0', '1', '2'), async (formula, order) => {
        for (const argv of [
          ['eval', formula, '-3', '-0', '0.5', '40', 'inf', 'nan', '--derivative', order, '--json'],
          ['props', formula, '--no-timing'],
        ]) {
          const outcome = await callMain(argv);
          if (outcome.error !== undefined) {
            if (!(outcome.error instanceof ActlabError)) throw new Error(`actlab ${JSON.stringify(argv)}: ${String((outcome.error as Error)?.stack ?? outcome.error)}`);
            expect(outcome.error.message).not.toMatch(/\n/);
            expect(outcome.error).not.toBeInstanceOf(FormulaError); // every generated formula is valid
          } else if (argv[0] === 'eval') expect(JSON.parse(outcome.stdout)).toHaveLength(6);
        }
      }),
      { numRuns: 60 },
    );
  }, 240_000);
});
