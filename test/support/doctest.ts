/**
 * Doc-test machinery (used by test/doctest.test.ts, which documents the conventions): finds the
 * fenced code blocks of Markdown files and of TSDoc comments, reads the values that comments
 * show, compares them with real values, and rewrites a block so that it reports those values.
 */
import ts from 'typescript';
import { inspect } from 'node:util';

/** Languages whose blocks are type-checked and run; every other fence must still name a language. */
export const CODE_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript']);
/** Opt-out markers after the language: type-check but do not run / neither type-check nor run. */
export const FLAGS = new Set(['no-run', 'no-check']);

/** One fenced block. `line` is the 1-based line, in `file`, of the block's first code line. */
export interface Block {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly flags: readonly string[];
  readonly code: string;
}

/** Something wrong with the documentation itself (unlabelled fence, unknown marker, …). */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface Extracted {
  readonly blocks: Block[];
  readonly problems: Problem[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

/**
 * The fenced blocks of Markdown `lines`, whose first line is line `firstLine` of `file`.
 * A fence's info string is `lang flag…`; a block's lines lose the fence's indentation.
 */
export function fencedBlocks(file: string, lines: readonly string[], firstLine: number): Extracted {
  const blocks: Block[] = [];
  const problems: Problem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const [lang = '', ...flags] = info.trim().split(/\s+/).filter(Boolean);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]!);
      if (close && close[2]![0] === fence[0] && close[2]!.length >= fence.length && close[3]!.trim() === '') break;
      const line = lines[j]!;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const line = firstLine + i + 1;
    if (j === lines.length) problems.push({ file, line: line - 1, message: 'fence never closed' });
    if (lang === '') {
      problems.push({ file, line: line - 1, message: 'fence without a language: label it (```ts, ```sh, ```text, …)' });
    } else if (CODE_LANGUAGES.has(lang)) {
      for (const flag of flags) {
        if (!FLAGS.has(flag)) problems.push({ file, line: line - 1, message: `unknown marker "${flag}" after \`\`\`${lang} (known: ${[...FLAGS].join(', ')})` });
      }
    }
    blocks.push({ file, line, lang, flags, code: body.join('\n') });
    i = j;
  }
  return { blocks, problems };
}

/** The blocks of a Markdown file. */
export function markdownBlocks(file: string, text: string): Extracted {
  return fencedBlocks(file, text.split('\n'), 1);
}

let parsed: ts.SourceFile | undefined;
function sf(text: string): ts.SourceFile {
  if (parsed?.text !== text) parsed = ts.createSourceFile('doc.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return parsed;
}

/** The `/** … *\/` comments of a source: the comments before any node (the parser knows where regexes and templates are). */
export function jsdocRanges(text: string): ts.CommentRange[] {
  const seen = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    for (const r of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', r.pos) && !text.startsWith('/**/', r.pos)) seen.set(r.pos, r);
    }
    ts.forEachChild(node, visit);
  };
  const file = sf(text);
  visit(file);
  visit(file.endOfFileToken);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

/**
 * The blocks inside the TSDoc comments (`/** … *\/`) of a TypeScript source, the leading ` * `
 * of each comment line removed. An `@example` without a fenced block is a problem.
 */
export function tsdocBlocks(file: string, text: string): Extracted {
  const blocks: Block[] = [];
  const problems: Problem[] = [];
  for (const { pos, end } of jsdocRanges(text)) {
    const comment = text.slice(pos, end);
    const first = sf(text).getLineAndCharacterOfPosition(pos).line + 1;
    const lines = comment
      .slice(3, -2)
      .split('\n')
      .map((l, i) => (i === 0 ? l.replace(/^ /, '') : l.replace(/^\s*\* ?/, '').replace(/^\s*$/, '')));
    const found = fencedBlocks(file, lines, first);
    blocks.push(...found.blocks);
    problems.push(...found.problems);
    lines.forEach((l, i) => {
      if (!/^\s*@example\b/.test(l)) return;
      for (let j = i + 1; j < lines.length && !/^\s*@\w/.test(lines[j]!); j++) if (FENCE.test(lines[j]!)) return;
      problems.push({ file, line: first + i, message: '@example without a fenced code block (```ts … ```)' });
    });
  }
  return { blocks, problems };
}

// ---------------------------------------------------------------------------------------------
// Value comments: the grammar (documented in test/doctest.test.ts).

export type Pattern =
  | { readonly t: 'number'; readonly text: string; readonly value: number }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'literal'; readonly value: boolean | null | undefined }
  | { readonly t: 'any' }
  | {
      readonly t: 'array';
      /** A typed array's constructor name, when the comment names one. */
      readonly typed?: string;
      readonly head: readonly Pattern[];
      /** Present when the comment elides elements (`…`): the elements after the elision. */
      readonly tail?: readonly Pattern[];
    }
  | { readonly t: 'object'; readonly entries: readonly (readonly [string, Pattern])[]; readonly open: boolean };

export type Classified =
  | { readonly kind: 'prose' }
  | { readonly kind: 'value'; readonly pattern: Pattern }
  | { readonly kind: 'error'; readonly message: string };

const TYPED_ARRAYS = [
  'Float64Array',
  'Float32Array',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
];
const WORDS = ['true', 'false', 'null', 'undefined', 'NaN', 'Infinity', '-Infinity'];
const VALUE_START = new RegExp(`^(?:[-+]?\\.?\\d|[[{'"]|(?:${[...WORDS, ...TYPED_ARRAYS].join('|')})(?![\\w$]))`);
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;
/** What may follow a value: nothing, or prose after two spaces, ` (`, `: ` or ` — `. */
const TRAILER = /^(?:\s*$|\s{2,}\S|\s+\(|:\s|\s+[—–-]\s)/;

class ParseError extends Error {}

/** Classifies the text of a `//` comment (without the slashes): a shown value, or prose. */
export function classifyComment(comment: string): Classified {
  const s = comment.trim();
  if (!VALUE_START.test(s)) return { kind: 'prose' };
  const p = new ValueParser(s);
  try {
    const pattern = p.value(false);
    const rest = s.slice(p.pos);
    if (!TRAILER.test(rest)) throw new ParseError(`unexpected "${rest.slice(0, 20)}" after the value (prose goes after two spaces, " (", ": " or " — ")`);
    if (pattern.t === 'any') throw new ParseError('a comment that is only "…" shows no value');
    return { kind: 'value', pattern };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { kind: 'error', message: `cannot read the value in "// ${s}": ${e.message} at column ${p.pos + 1}` };
  }
}

class ValueParser {
  pos = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }

  private eat(token: string): boolean {
    this.ws();
    if (this.s.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private elision(): boolean {
    return this.eat('…') || this.eat('...');
  }

  private word(): string | undefined {
    this.ws();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.pos));
    return m?.[0];
  }

  /** One value; `elisionAllowed`: `…` may stand for any value here (an object's property). */
  value(elisionAllowed: boolean): Pattern {
    this.ws();
    if (elisionAllowed && this.elision()) return { t: 'any' };
    const c = this.s[this.pos];
    if (c === '[') return this.array(undefined);
    if (c === '{') return this.object();
    if (c === "'" || c === '"') return { t: 'string', value: this.string() };
    if (this.s.startsWith('-Infinity', this.pos)) {
      this.pos += '-Infinity'.length;
      return { t: 'number', text: '-Infinity', value: -Infinity };
    }
    const n = NUMBER.exec(this.s.slice(this.pos));
    if (n) {
      this.pos += n[0].length;
      return { t: 'number', text: n[0], value: Number(n[0]) };
    }
    const w = this.word();
    if (w === undefined) throw new ParseError('expected a value');
    this.pos += w.length;
    if (w === 'NaN' || w === 'Infinity') return { t: 'number', text: w, value: Number(w) };
    if (w === 'true' || w === 'false') return { t: 'literal', value: w === 'true' };
    if (w === 'null') return { t: 'literal', value: null };
    if (w === 'undefined') return { t: 'literal', value: undefined };
    if (TYPED_ARRAYS.includes(w)) {
      // Node's inspect prints `Float32Array(3) [ … ]`; the length is checked by the elements.
      const save = this.pos;
      if (!(this.eat('(') && NUMBER.test(this.s.slice(this.pos)) && /^\d+\)/.test(this.s.slice(this.pos)))) this.pos = save;
      else this.pos += /^\d+\)/.exec(this.s.slice(this.pos))![0].length;
      const before = this.pos;
      this.ws();
      if (this.s[this.pos] === '[') return this.array(w);
      this.pos = before;
      return { t: 'array', typed: w, head: [], tail: [] };
    }
    throw new ParseError(`"${w}" is not a value`);
  }

  private string(): string {
    const quote = this.s[this.pos]!;
    let out = '';
    for (this.pos++; this.pos < this.s.length; this.pos++) {
      const c = this.s[this.pos]!;
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[++this.pos];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(this.s.slice(this.pos + 1, this.pos + 5), 16));
          this.pos += 4;
        } else out += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e!] ?? e;
      } else out += c;
    }
    throw new ParseError('unterminated string');
  }

  private array(typed: string | undefined): Pattern {
    this.eat('[');
    const head: Pattern[] = [];
    let tail: Pattern[] | undefined;
    if (this.eat(']')) return { t: 'array', ...(typed ? { typed } : {}), head };
    for (;;) {
      if (this.elision()) {
        if (tail) throw new ParseError('one elision per array');
        tail = [];
      } else (tail ?? head).push(this.value(false));
      if (this.eat(']')) break;
      if (!this.eat(',')) throw new ParseError('expected "," or "]"');
      if (this.eat(']')) break;
    }
    return { t: 'array', ...(typed ? { typed } : {}), head, ...(tail ? { tail } : {}) };
  }

  private object(): Pattern {
    this.eat('{');
    const entries: [string, Pattern][] = [];
    let open = false;
    if (this.eat('}')) return { t: 'object', entries, open };
    for (;;) {
      if (this.elision()) open = true;
      else {
        this.ws();
        const c = this.s[this.pos];
        let key: string;
        if (c === "'" || c === '"') key = this.string();
        else {
          const w = this.word() ?? /^\d+/.exec(this.s.slice(this.pos))?.[0];
          if (w === undefined) throw new ParseError('expected a property name');
          key = w;
          this.pos += w.length;
        }
        if (!this.eat(':')) throw new ParseError('expected ":"');
        entries.push([key, this.value(true)]);
      }
      if (this.eat('}')) break;
      if (!this.eat(',')) throw new ParseError('expected "," or "}"');
      if (this.eat('}')) break;
    }
    return { t: 'object', entries, open };
  }
}

/** Significant digits written in a decimal number's text (`0.3989` → 4, `1.50e-3` → 3). */
function significantDigits(text: string): number {
  return text.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').length;
}

function show(v: unknown): string {
  return inspect(v, { depth: 4, maxArrayLength: 12, breakLength: Infinity });
}

/** Why `actual` does not match `pattern` (with the path to the first difference), or undefined. */
export function mismatch(pattern: Pattern, actual: unknown, path = ''): string | undefined {
  const at = path === '' ? '' : `${path}: `;
  switch (pattern.t) {
    case 'any':
      return undefined;
    case 'number': {
      if (typeof actual !== 'number') return `${at}expected the number ${pattern.text}, got ${show(actual)}`;
      const v = pattern.value;
      if (Number.isNaN(v) ? Number.isNaN(actual) : v === 0 ? Object.is(v, actual) : v === actual) return undefined;
      // A number written with a point or exponent and fewer digits than the value's shortest
      // round-trip form is compared to the digits written.
      const digits = significantDigits(pattern.text);
      const abbreviated = /[.eE]/.test(pattern.text) && Number.isFinite(actual) && digits < significantDigits(String(actual));
      if (abbreviated && Number(actual.toPrecision(digits)) === v) return undefined;
      return `${at}expected ${pattern.text}, got ${String(Object.is(actual, -0) ? '-0' : actual)}`;
    }
    case 'string':
      return actual === pattern.value ? undefined : `${at}expected ${show(pattern.value)}, got ${show(actual)}`;
    case 'literal':
      return Object.is(actual, pattern.value) ? undefined : `${at}expected ${String(pattern.value)}, got ${show(actual)}`;
    case 'array': {
      const isTyped = ArrayBuffer.isView(actual) && !(actual instanceof DataView);
      if (pattern.typed !== undefined && !(isTyped && (actual as object).constructor.name === pattern.typed)) {
        return `${at}expected a ${pattern.typed}, got ${show(actual)}`;
      }
      if (!Array.isArray(actual) && !isTyped) return `${at}expected an array, got ${show(actual)}`;
      const items = Array.from(actual as ArrayLike<unknown>);
      const { head, tail } = pattern;
      if (tail === undefined ? items.length !== head.length : items.length < head.length + tail.length) {
        return `${at}expected ${tail === undefined ? '' : 'at least '}${head.length + (tail?.length ?? 0)} elements, got ${items.length}: ${show(actual)}`;
      }
      for (let i = 0; i < head.length; i++) {
        const m = mismatch(head[i]!, items[i], `${path}[${i}]`);
        if (m) return m;
      }
      for (let i = 0; i < (tail?.length ?? 0); i++) {
        const k = items.length - tail!.length + i;
        const m = mismatch(tail![i]!, items[k], `${path}[${k}]`);
        if (m) return m;
      }
      return undefined;
    }
    case 'object': {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || ArrayBuffer.isView(actual)) {
        return `${at}expected an object, got ${show(actual)}`;
      }
      const record = actual as Record<string, unknown>;
      for (const [key, p] of pattern.entries) {
        if (!(key in record)) return `${at}expected a property "${key}", got ${show(actual)}`;
        const m = mismatch(p, record[key], `${path}.${key}`);
        if (m) return m;
      }
      if (!pattern.open) {
        const shown = new Set(pattern.entries.map(([k]) => k));
        const extra = Object.keys(record).filter((k) => !shown.has(k) && record[k] !== undefined);
        if (extra.length > 0) return `${at}property ${extra.map((k) => `"${k}"`).join(', ')} not shown (write "…" for more properties): ${show(actual)}`;
      }
      return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Instrumentation: a block rewritten so that each statement with a value comment reports it.

/** A value comment attached to a statement: check `id`'s reported value against `pattern`. */
export interface Check {
  readonly id: number;
  /** 0-based line of the comment within the block. */
  readonly line: number;
  readonly comment: string;
  readonly pattern: Pattern;
}

export interface Instrumented {
  /** The block with `statement;` → `__doctest(id, (statement));` (lines unchanged). */
  readonly code: string;
  readonly checks: Check[];
  /** 0-based block lines with their problem. */
  readonly problems: { readonly line: number; readonly message: string }[];
}

/** The name of the global function that the rewritten block calls with each value. */
export const REPORT = '__doctest';

/**
 * Attaches each value comment to a top-level statement — the comment at the end of the
 * statement's last line, else a comment line right below it — and rewrites the statement to
 * report its value (an expression statement: the expression; `const x = …`: x). A value
 * comment that attaches to nothing, or to a statement without a value, is a problem.
 */
export function instrument(code: string, lang: string, firstId = 0): Instrumented {
  const js = lang === 'js' || lang === 'javascript';
  const sf = ts.createSourceFile(js ? 'block.mjs' : 'block.mts', code, ts.ScriptTarget.Latest, true, js ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const comments: { pos: number; line: number; text: string; ownLine: boolean; claimed: boolean }[] = [];
  // Comments from the parse tree (around every node), so that regexes and templates cannot hide one.
  const ranges = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    for (const r of [...(ts.getLeadingCommentRanges(code, node.pos) ?? []), ...(ts.getTrailingCommentRanges(code, node.end) ?? [])]) ranges.set(r.pos, r);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  visit(sf.endOfFileToken);
  for (const r of [...ranges.values()].sort((a, b) => a.pos - b.pos)) {
    if (r.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const { line } = sf.getLineAndCharacterOfPosition(r.pos);
    const ownLine = code.slice(sf.getPositionOfLineAndCharacter(line, 0), r.pos).trim() === '';
    comments.push({ pos: r.pos, line, text: code.slice(r.pos + 2, r.end), ownLine, claimed: false });
  }
  const checks: Check[] = [];
  const problems: { line: number; message: string }[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  let id = firstId;
  for (const stmt of sf.statements) {
    const endLine = sf.getLineAndCharacterOfPosition(stmt.end).line;
    const comment =
      comments.find((c) => c.line === endLine && c.pos >= stmt.end) ??
      comments.find((c) => c.line === endLine + 1 && c.ownLine && classifyComment(c.text).kind !== 'prose');
    if (!comment) continue;
    const classified = classifyComment(comment.text);
    if (classified.kind === 'prose') continue;
    comment.claimed = true;
    if (classified.kind === 'error') {
      problems.push({ line: comment.line, message: classified.message });
      continue;
    }
    let edit: { start: number; end: number; text: string } | undefined;
    if (ts.isExpressionStatement(stmt)) {
      edit = { start: stmt.getStart(sf), end: stmt.end, text: `${REPORT}(${id}, (${stmt.expression.getText(sf)}));` };
    } else if (ts.isVariableStatement(stmt) && stmt.declarationList.declarations.length === 1 && ts.isIdentifier(stmt.declarationList.declarations[0]!.name)) {
      edit = { start: stmt.end, end: stmt.end, text: ` ${REPORT}(${id}, ${stmt.declarationList.declarations[0]!.name.text});` };
    }
    if (!edit) {
      problems.push({ line: comment.line, message: `a value comment on a statement that has no value: "//${comment.text}"` });
      continue;
    }
    edits.push(edit);
    checks.push({ id: id++, line: comment.line, comment: comment.text.trim(), pattern: classified.pattern });
  }
  for (const c of comments) {
    const classified = classifyComment(c.text);
    if (c.claimed || classified.kind === 'prose') continue;
    const why = classified.kind === 'error' ? `${classified.message}; and it ` : 'a value comment that ';
    problems.push({ line: c.line, message: `${why}belongs to no top-level statement: "//${c.text}" (put it after the statement, or on the line below it)` });
  }
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { code: out, checks, problems };
}

/**
 * The child process that runs one file's blocks in order (ES modules, imported one after the
 * other) and sends each reported value and each block's outcome to the parent over IPC with
 * structured clone ('advanced' serialisation: typed arrays, NaN and −0 arrive intact).
 */
export const RUNNER = `
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
const send = (m) => new Promise((resolve) => process.send(m, resolve));
const pending = [];
globalThis.${REPORT} = (id, value) => {
  let message;
  try { message = { type: 'value', id, value: structuredClone(value) }; }
  catch { message = { type: 'value', id, uncloneable: inspect(value) }; }
  pending.push(send(message));
};
const blocks = JSON.parse(process.argv[2]);
for (const block of blocks) {
  try {
    await import(pathToFileURL(block.path).href);
    pending.push(send({ type: 'done', block: block.key }));
  } catch (e) {
    pending.push(send({ type: 'error', block: block.key, message: e && e.stack ? String(e.stack) : String(e) }));
  }
}
await Promise.all(pending);
await send({ type: 'end' });
process.exit(0);
`;
