/**
 * Two conventions of the activation definitions that the compiler or a reader would otherwise
 * have to take on trust:
 * - a definition's functions read their parameters typed by name (`p.alpha` is a number; a
 *   misspelt name is a type error), with `Param` inferred from `params`;
 * - double-double low parts pass between functions only through `LOW` (math/dd.ts): no module
 *   that uses it keeps a value in a module-level `let` (V8 boxes a double stored there, and a
 *   reader cannot see where the value comes from).
 * The type assertions are checked by `npm run typecheck`; the last test compiles this file with
 * the TypeScript compiler so that `npx vitest run` of this file alone fails when they regress.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineElementwise, type ElementwiseActivation, type ResolvedParams } from '../src/activations/types.js';
import { resolveParams } from '../src/activations/index.js';

const ROOT = join(import.meta.dirname, '..');

/** A definition written the way the registry's are: no cast anywhere. */
const scaledElu = defineElementwise({
  id: 'scaled_elu_test',
  name: 'Scaled ELU (test)',
  family: 'exponential',
  aliases: [],
  description: 'λ·ELU(z; α), for this test only.',
  formula: String.raw`\lambda\,\mathrm{ELU}(z)`,
  derivativeFormula: String.raw`\lambda\,\mathrm{ELU}'(z)`,
  reference: { citation: 'test', url: 'https://example.org' },
  params: {
    alpha: { default: 1, min: 0, exclusiveMin: true, description: 'α' },
    scale: { default: 2, description: 'λ' },
  },
  crossCheck: (p) => (p.scale === 0 ? ['scale', 'nonzero'] : undefined),
  f: (z, p) => {
    expectTypeOf(p).toEqualTypeOf<ResolvedParams<'alpha' | 'scale'>>();
    expectTypeOf(p.alpha).toEqualTypeOf<number>();
    // @ts-expect-error a misspelt parameter name is a type error
    void p.alhpa;
    return p.scale * (z > 0 ? z : p.alpha * Math.expm1(z));
  },
  df: (z, p) => p.scale * (z > 0 ? 1 : p.alpha * Math.exp(z)),
  d2f: (z, p) => (z > 0 ? 0 : p.scale * p.alpha * Math.exp(z)),
  paramGradients: { alpha: (z, p) => (z > 0 ? 0 : p.scale * Math.expm1(z)) },
  kinks: () => [0],
});

describe('typed parameters', () => {
  it('Param is inferred from params; the built definition keeps the public shape', () => {
    expectTypeOf(scaledElu).toEqualTypeOf<ElementwiseActivation<'scaled_elu_test', never, 'alpha' | 'scale'>>();
    expectTypeOf(scaledElu.f).parameter(1).toEqualTypeOf<Readonly<Record<string, number>>>();
    const p = resolveParams(scaledElu, { alpha: 0.5 });
    expect(scaledElu.f(-1, p)).toBe(2 * 0.5 * Math.expm1(-1));
    expect(scaledElu.f(3, p)).toBe(6);
    expect(scaledElu.f(NaN, p)).toBeNaN();
    expect(() => resolveParams(scaledElu, { scale: 0 })).toThrow(/scale/);
  });

  it('crossCheck and paramGradients are keyed by the declared names', () => {
    defineElementwise({
      id: 'x',
      name: 'x',
      family: 'smooth',
      aliases: [],
      description: '',
      formula: '',
      derivativeFormula: '',
      reference: { citation: '', url: '' },
      params: { beta: { default: 1, description: 'β' } },
      // @ts-expect-error the parameter a violation names must be one of the definition's
      crossCheck: () => ['bta', 'anything'],
      // @ts-expect-error a gradient for a parameter the definition does not have
      paramGradients: { gamma: () => 0 },
      f: (z) => z,
      df: () => 1,
      d2f: () => 0,
      kinks: () => [],
    });
  });

  it('this file compiles under the project settings (so the assertions above hold)', () => {
    const configPath = join(ROOT, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!config) throw new Error('tsconfig.json could not be read');
    const program = ts.createProgram([join(import.meta.dirname, 'definition-conventions.test.ts')], { ...config.options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${d.file.fileName})` : ''));
    expect(diagnostics).toEqual([]);
  }, 60_000);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('one convention for double-double low parts', () => {
  const users = sourceFiles(join(ROOT, 'src')).filter((file) => /import \{[^}]*\bLOW\b[^}]*\} from '[./]*math\/dd\.js'|from '\.\/dd\.js'/.test(readFileSync(file, 'utf8')));

  it('finds the modules that use LOW', () => {
    const names = users.map((file) => relative(ROOT, file));
    expect(names).toContain('src/math/logistic.ts');
    expect(names).toContain('src/activations/smooth/swish.ts');
  });

  // a number in a module-level let (`let productLo = 0;`), or a module-level object of numbers
  // whose fields are written by one function and read by another (`const sp = { k: 0, rs: 0 };`)
  const sideChannel = /^(export )?let \w+(: number)? = -?[\d.]|^const \w+ = \{ ?(\w+: -?[\d.][\w.+-]*,? ?)+\};/;

  it('the pattern recognises the side channels this convention replaced', () => {
    for (const line of ['export let expBase = 0;', 'let productLo = 0;', 'const mish2 = { twoPlusE: 0, twoPlusELo: 0, n: 0 };', 'const sixth = { w: 0, wLo: 0, divisor: 6 };']) {
      expect(line).toMatch(sideChannel);
    }
    expect("let precision: KernelPrecision = 'fast';").not.toMatch(sideChannel);
  });

  it('no module that uses LOW passes a number through a module-level let or object', () => {
    const offenders = users.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${relative(ROOT, file)}:${index + 1}` }))
        .filter(({ line }) => sideChannel.test(line))
        .map(({ line, at }) => `${at}: ${line.trim()} — pass it in LOW (see the convention at the top of src/math/dd.ts)`),
    );
    expect(offenders).toEqual([]);
  });
});
