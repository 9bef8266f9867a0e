/**
 * Doc tests: every code block that README.md, docs/*.md and the TSDoc comments of src/**.ts
 * show is type-checked and run, and every value it says a statement gives is checked.
 *
 * Blocks. Every fenced block (``` or ~~~) must name a language. Blocks in ts, typescript, js
 * or javascript are code; the others (sh, text, …) are counted and not read. In TSDoc the
 * block is the fenced text inside `/** … *\/` with each line's leading ` * ` removed; an
 * `@example` must contain a fenced block. A code block is a module of its own.
 *
 * Opt-outs, written after the language (```ts no-run) and counted in the summary:
 *   no-run    type-checked, not run (a block with side effects, or one that needs a server);
 *   no-check  neither type-checked nor run (a type signature or pseudo-code on show).
 * Any other word there fails the test (a typo must not opt a block out).
 *
 * Type-checking: all blocks in one ts.Program with tsconfig.json's compiler options (strict …;
 * noUnusedLocals and noUnusedParameters off, since snippets declare things to show them).
 * The blocks live in a temporary project whose node_modules/actlab links to this checkout, so
 * `'actlab'` and `'actlab/node'`, `'actlab/nn'`, … resolve as in a dependent project: through
 * package.json's exports map to dist/*.d.ts (and dist/*.js when run). dist/ must be built
 * (npm test builds it first; else "run npm run build"). A diagnostic is reported at its
 * file:line in the documentation.
 *
 * Running: each block is transpiled to an ES module; the blocks of one documentation file run
 * in order in one child `node` process (state such as setKernelPrecision carries over, as for
 * a reader who runs them one after the other). A block that throws fails.
 *
 * Values. A `//` comment shows a value when its text starts like a literal: a digit, `-`/`+`
 * before a digit, `[`, `{`, a quote, true/false/null/undefined/NaN/Infinity/-Infinity or a
 * typed-array name. Any other comment is prose and is ignored. A value comment belongs to the
 * top-level statement it ends (`expr;  // value`) or, when that line has none, the comment
 * line right below the statement (`backward(…);` then `// { gradIn: … }`). An expression
 * statement's value is the expression's; `const x = …;  // value` checks x. A value comment
 * that cannot be read, that belongs to no statement, or whose statement has no value fails.
 * The grammar (a subset of JS literals, as Node prints values):
 *   comment  = value [trailer]
 *   trailer  = prose after two or more spaces, or after " (", ": " or " — "
 *   value    = number | string | true | false | null | undefined | array | typed | object
 *   number   = JS decimal literal, NaN, Infinity, -Infinity
 *   string   = '…' or "…" (JS escapes)
 *   array    = "[" [item {"," item}] [","] "]"       item = value | "…" | "..."
 *   typed    = TypedArrayName ["(" length ")"] [array]
 *   object   = "{" [entry {"," entry}] [","] "}"     entry = key ":" (value | "…") | "…"
 * Comparison: numbers exactly (NaN is NaN; -0 and 0 differ), except that a number written with
 * a point or exponent and fewer significant digits than the value's shortest round-trip form
 * (String(x)) is compared to the digits written (`0.3989` matches 0.3989422804014327; a
 * 17-digit number is always exact). Strings, true/false/null/undefined exactly. An array
 * matches an Array or typed array element by element; one `…` in it stands for any number of
 * elements (a prefix and a suffix are checked); a typed-array name requires that type. An
 * object needs every property shown and no other (non-undefined) property, unless it shows
 * `…`; `key: …` accepts any value.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CODE_LANGUAGES,
  classifyComment,
  instrument,
  markdownBlocks,
  mismatch,
  RUNNER,
  tsdocBlocks,
  type Block,
  type Check,
  type Extracted,
  type Pattern,
} from './support/doctest.js';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  const docs = existsSync(join(ROOT, 'docs')) ? readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f)) : [];
  return ['README.md', ...docs.sort(), ...walk('src').sort()];
}

const extracted = new Map<string, Extracted>();
for (const file of sourceFiles()) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  extracted.set(file, file.endsWith('.md') ? markdownBlocks(file, text) : tsdocBlocks(file, text));
}
const isCode = (b: Block) => CODE_LANGUAGES.has(b.lang);
/** Files with anything to report: code blocks, other blocks or problems. */
const shown = [...extracted].filter(([, e]) => e.blocks.length > 0 || e.problems.length > 0).map(([f]) => f);

// ---------------------------------------------------------------------------------------------

describe('blocks: where they are found', () => {
  it('reads fences, their language and markers; fails on unlabelled fences and unknown markers', () => {
    const md = ['# t', '```ts no-run', 'a;', '```', '- item', '  ```js', '  b;', '  ```', '```', 'c', '```', '```ts skip', 'd', '```'].join('\n');
    const { blocks, problems } = markdownBlocks('x.md', md);
    expect(blocks.map((b) => [b.line, b.lang, b.flags.join(' '), b.code])).toEqual([
      [3, 'ts', 'no-run', 'a;'],
      [7, 'js', '', 'b;'],
      [10, '', '', 'c'],
      [13, 'ts', 'skip', 'd'],
    ]);
    expect(problems.map((p) => [p.line, p.message.slice(0, 20)])).toEqual([
      [9, 'fence without a lang'],
      [12, 'unknown marker "skip'],
    ]);
  });

  it('reads TSDoc blocks without the leading " * ", and wants @example fenced', () => {
    const src = ['const s = "/** not a comment */";', '/**', ' * Doc.', ' * ```ts', ' * f(1);  // 2', ' *   g();', ' * ```', ' * @example', ' * f(2);', ' */', 'export const f = (x: number) => x + 1;'].join('\n');
    const { blocks, problems } = tsdocBlocks('x.ts', src);
    expect(blocks.map((b) => [b.line, b.code])).toEqual([[5, 'f(1);  // 2\n  g();']]);
    expect(problems.map((p) => p.line)).toEqual([8]);
  });
});

describe('value comments: the grammar', () => {
  const value = (comment: string): Pattern => {
    const c = classifyComment(comment);
    if (c.kind !== 'value') throw new Error(`not a value: ${JSON.stringify(c)}`);
    return c.pattern;
  };
  const matches = (comment: string, actual: unknown) => mismatch(value(comment), actual);

  it('tells prose from values', () => {
    for (const prose of [' exact GELU, z·Φ(z)', ' one worker per extra core', ' Float32Arrays are…', '', ' a standard normal']) {
      expect(classifyComment(prose).kind, prose).toBe('prose');
    }
    for (const v of [' -0.5', ' 1e-9', " 'softmax'", ' [1, 2]', ' { a: 1 }', ' NaN', ' -Infinity', ' Float32Array [1]', ' true', ' .5']) {
      expect(classifyComment(v).kind, v).toBe('value');
    }
  });

  it('fails on value-looking comments it cannot read', () => {
    for (const bad of [' 30 layers deep', ' [1, 2', ' {a 1}', " 'open", ' 1.5 2.5', ' Float32Array [1, 2] x', ' [1, …, 2, …]']) {
      expect(classifyComment(bad).kind, bad).toBe('error');
    }
  });

  it('allows prose after two spaces, " (", ": " or " — "', () => {
    expect(matches(' -0.15865525393145705  (z·Φ(z), exact)', -0.15865525393145705)).toBeUndefined();
    expect(matches(' 1.136707784095615 (chaotic)', 1.136707784095615)).toBeUndefined();
    expect(matches(' { a: 1, … }: SELU', { a: 1, b: 2 })).toBeUndefined();
    expect(matches(' 0.25 — the maximum', 0.25)).toBeUndefined();
  });

  it('compares numbers exactly, or to the digits written when fewer', () => {
    expect(matches(' -0.15865525393145707', -0.15865525393145705)).toMatch(/expected -0.15865525393145707, got -0.15865525393145705/);
    expect(matches(' 0.3989', 0.3989422804014327)).toBeUndefined();
    expect(matches(' 0.3990', 0.3989422804014327)).toBeDefined();
    expect(matches(' 100', 100.4)).toBeDefined();
    expect(matches(' 0', -0)).toBeDefined();
    expect(matches(' -0', -0)).toBeUndefined();
    expect(matches(' NaN', NaN)).toBeUndefined();
    expect(matches(' 1', '1')).toBeDefined();
  });

  it('compares arrays, typed arrays, elisions and objects structurally', () => {
    expect(matches(' Float32Array [-0.31606027483940125, 0, 1]', new Float32Array([-0.31606027483940125, 0, 1]))).toBeUndefined();
    expect(matches(' Float32Array(3) [1, 2, 3]', new Float32Array([1, 2, 3]))).toBeUndefined();
    expect(matches(' Float64Array [1]', new Float32Array([1]))).toMatch(/expected a Float64Array/);
    expect(matches(' Float32Array', new Float32Array(2))).toBeUndefined();
    expect(matches(' [1, 2]', new Float64Array([1, 2]))).toBeUndefined();
    expect(matches(' [1, 2]', [1, 2, 3])).toMatch(/expected 2 elements/);
    expect(matches(' [1, …, 4]', [1, 2, 3, 4])).toBeUndefined();
    expect(matches(' [1, ..., 5]', [1, 2, 3, 4])).toMatch(/\[3\]: expected 5, got 4/);
    expect(matches(' { gradIn: [0.1, 1], paramGradients: { slope: -2.5 } }', { gradIn: new Float64Array([0.1, 1]), paramGradients: { slope: -2.5 } })).toBeUndefined();
    expect(matches(' { gradIn: [0.1, 1] }', { gradIn: [0.1, 1], paramGradients: {} })).toMatch(/"paramGradients" not shown/);
    expect(matches(' { a: …, b: 2 }', { a: [9], b: 2 })).toBeUndefined();
    expect(matches(" 'https://arxiv.org/abs/1606.08415'", 'https://arxiv.org/abs/1606.08415')).toBeUndefined();
    expect(matches(` { 'kind': "minimum" }`, { kind: 'minimum' })).toBeUndefined();
  });

  it('attaches value comments to statements, and fails on stray ones', () => {
    const code = ['const a = 1 + 1;  // 2', 'a * 3;   // 6', 'Math.max(', '  a, 7);', '// 7', '', '// 12 is stray', 'if (a) {}  // 1'].join('\n');
    const { checks, problems, code: out } = instrument(code, 'ts');
    expect(checks.map((c) => c.line)).toEqual([0, 1, 4]);
    expect(out).toContain('__doctest(1, (a * 3));');
    expect(out).toContain('const a = 1 + 1; __doctest(0, a);');
    expect(problems.map((p) => p.line)).toEqual([7, 6]);
  });
});

// ---------------------------------------------------------------------------------------------

/** A code block with where it went in the temporary project. */
interface Entry {
  readonly block: Block;
  readonly key: string;
  readonly check: boolean;
  readonly run: boolean;
  checks: Check[];
  /** The block rewritten to report its values (ids unique over all blocks). */
  instrumented: string;
}

/** Failures by documentation file; COMPILER: diagnostics outside the blocks (options, dist's types). */
const COMPILER = '(compiler)';
const failures = new Map<string, string[]>([...shown, COMPILER].map((f) => [f, []]));
const fail = (file: string, line: number, message: string) => failures.get(file)!.push(`${file}:${line}: ${message}`);
const values = new Map<string, number>();
let project = '';

function typeCheck(entries: readonly Entry[]): void {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    declaration: false,
    sourceMap: false,
    allowJs: true,
    checkJs: true,
    typeRoots: [join(ROOT, 'node_modules', '@types')],
  };
  delete compilerOptions.outDir;
  delete compilerOptions.rootDir;
  const byPath = new Map<string, Entry>();
  for (const e of entries.filter((x) => x.check)) {
    const path = join(project, `${e.key}.${e.block.lang.startsWith('j') ? 'js' : 'ts'}`);
    writeFileSync(path, e.block.code);
    byPath.set(path, e);
  }
  const program = ts.createProgram([...byPath.keys()], compilerOptions);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    const entry = d.file ? byPath.get(d.file.fileName) : undefined;
    if (entry && d.file && d.start !== undefined) {
      fail(entry.block.file, entry.block.line + d.file.getLineAndCharacterOfPosition(d.start).line, message);
    } else {
      fail(COMPILER, 0, `${d.file ? relative(ROOT, d.file.fileName) : ''} ${message}`);
    }
  }
}

interface Message {
  readonly type: 'value' | 'done' | 'error' | 'end';
  readonly id?: number;
  readonly value?: unknown;
  readonly uncloneable?: string;
  readonly block?: string;
  readonly message?: string;
}

/** Runs one documentation file's blocks in a child process; resolves with its messages. */
function runFile(entries: readonly Entry[]): Promise<Message[]> {
  const paths = entries.map((e) => {
    const js = ts.transpileModule(e.instrumented, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const path = join(project, 'run', `${e.key}.mjs`);
    writeFileSync(path, js);
    return { key: e.key, path };
  });
  return new Promise((resolve, reject) => {
    const messages: Message[] = [];
    let stderr = '';
    const child = fork(join(project, 'runner.mjs'), [JSON.stringify(paths)], {
      cwd: project,
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const timer = setTimeout(() => child.kill(), 30_000);
    child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('message', (m: Message) => messages.push(m));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!messages.some((m) => m.type === 'end')) {
        messages.push({ type: 'error', block: '', message: `the child process ended (${signal ?? `exit ${code}`}) before the last block: ${stderr.trim().slice(0, 500)}` });
      }
      resolve(messages);
    });
  });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'index.d.ts'))) throw new Error('dist/ is missing: run "npm run build" (npm test does it first)');
  const built = statSync(join(ROOT, 'dist', 'index.d.ts')).mtimeMs;
  const newer = [...extracted.keys()].filter((f) => f.startsWith('src') && statSync(join(ROOT, f)).mtimeMs > built);
  if (newer.length > 0) console.warn(`doc tests: ${newer.length} file(s) in src/ are newer than dist/ (${newer[0]}, …): the blocks are checked against the last build; run "npm run build"`);
  project = mkdtempSync(join(tmpdir(), 'actlab-doctest-'));
  mkdirSync(join(project, 'run'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(ROOT, join(project, 'node_modules', 'actlab'), 'dir');
  // actlab/tfjs's examples import TF.js, as its users do (an optional peer: linked when installed).
  if (existsSync(join(ROOT, 'node_modules', '@tensorflow'))) symlinkSync(join(ROOT, 'node_modules', '@tensorflow'), join(project, 'node_modules', '@tensorflow'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'doctest', private: true, type: 'module' }));
  writeFileSync(join(project, 'runner.mjs'), RUNNER);

  const entries: Entry[] = [];
  let nextId = 0;
  for (const [file, { blocks, problems }] of extracted) {
    for (const p of problems) fail(file, p.line, p.message);
    for (const block of blocks.filter(isCode)) {
      const noCheck = block.flags.includes('no-check');
      const key = `${file.replace(/[^\w]+/g, '_')}_L${block.line}`;
      const entry: Entry = { block, key, check: !noCheck, run: !noCheck && !block.flags.includes('no-run'), checks: [], instrumented: '' };
      if (entry.run) {
        const { checks, problems: p, code } = instrument(block.code, block.lang, nextId);
        nextId += checks.length;
        entry.checks = checks;
        entry.instrumented = code;
        for (const x of p) fail(file, block.line + x.line, x.message);
      }
      entries.push(entry);
    }
  }
  typeCheck(entries);

  const byFile = new Map<string, Entry[]>();
  for (const e of entries.filter((x) => x.run)) byFile.set(e.block.file, [...(byFile.get(e.block.file) ?? []), e]);
  await Promise.all(
    [...byFile].map(async ([file, fileEntries]) => {
      const messages = await runFile(fileEntries);
      const got = new Map(messages.filter((m) => m.type === 'value').map((m) => [m.id!, m]));
      const errors = new Map(messages.filter((m) => m.type === 'error').map((m) => [m.block!, m.message!]));
      for (const m of messages) if (m.type === 'error' && m.block === '') fail(file, 0, m.message!);
      for (const e of fileEntries) {
        const error = errors.get(e.key);
        if (error !== undefined) fail(file, e.block.line, `the block throws: ${error.split('\n').slice(0, 2).join(' ')}`);
        for (const c of e.checks) {
          const line = e.block.line + c.line;
          const m = got.get(c.id);
          if (!m) {
            if (error === undefined) fail(file, line, `"// ${c.comment}": no value reported`);
          } else if (m.uncloneable !== undefined) {
            fail(file, line, `"// ${c.comment}": the value cannot be compared: ${m.uncloneable.slice(0, 200)}`);
          } else {
            const why = mismatch(c.pattern, m.value);
            if (why !== undefined) fail(file, line, `"// ${c.comment}": ${why}`);
            values.set(file, (values.get(file) ?? 0) + 1);
          }
        }
      }
    }),
  );

  const rows = shown.map((file) => {
    const { blocks } = extracted.get(file)!;
    const code = blocks.filter(isCode);
    const flagged = (f: string) => code.filter((b) => b.flags.includes(f)).length;
    const other = blocks.filter((b) => !isCode(b)).map((b) => b.lang);
    return {
      file,
      code: code.length,
      typeChecked: code.length - flagged('no-check'),
      run: code.length - flagged('no-check') - flagged('no-run'),
      values: values.get(file) ?? 0,
      'no-run': flagged('no-run'),
      'no-check': flagged('no-check'),
      other: [...new Set(other)].map((l) => `${l}×${other.filter((x) => x === l).length}`).join(' '),
      failures: failures.get(file)!.length,
    };
  });
  console.log(`doc tests: ${rows.reduce((s, r) => s + r.code, 0)} code blocks, ${rows.reduce((s, r) => s + r.values, 0)} values checked`);
  console.table(rows);
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('doc tests: every code block type-checks, runs, and shows the values it gives', () => {
  it('finds the code blocks (README and the TSDoc of src/index.ts at least)', () => {
    expect(extracted.get('README.md')!.blocks.filter(isCode).length).toBeGreaterThan(0);
    expect(extracted.get(join('src', 'index.ts'))!.blocks.filter(isCode).length).toBeGreaterThan(0);
  });

  it.each([...shown, COMPILER])('%s', (file) => {
    const line = (s: string) => Number(/^[^:]*:(\d+):/.exec(s)?.[1] ?? 0);
    failures.get(file)!.sort((a, b) => line(a) - line(b));
    expect(failures.get(file), `${file}: ${failures.get(file)!.length} failure(s)`).toEqual([]);
  });
});
