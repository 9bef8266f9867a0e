#!/usr/bin/env node
/**
 * Checks the size convention of the hand-written sources (.ts/.mjs under src/, web/src/, tools/
 * and assembly/): no file over 400 lines and no function, method or arrow function over 60
 * lines, unless a `// size: <reason>` comment (or ` * size: <reason>` in its TSDoc) says why —
 * in the first 15 lines of the file for a file, at the top of the function for a function
 * (its leading comments, or the first lines of its body). Generated files (a "Generated …
 * Do not edit" line in their first 5 lines) are excepted.
 *
 * Prints the largest files and functions and every violation; exits 1 when there is one.
 * `--json` prints the whole measurement instead; `--root <dir>` checks another tree (tests);
 * `--top <n>` sets the length of the lists (default 15).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 60;
/** The folders checked, relative to the root. */
export const CHECKED_DIRS = ['src', 'web/src', 'tools', 'assembly'];

const MARKER = /(^|\n)\s*(\/\/|\/\*\*?|\*)\s*size:\s*\S/;
const GENERATED = /Generated\b[^\n]*Do not edit/i;
/** Lines of a function's body (after the line it opens on) searched for its marker. */
const BODY_MARKER_LINES = 3;

/** Every .ts/.mjs file under the checked folders (no node_modules, no declaration files). */
function sourceFiles(root) {
  const found = [];
  const walk = (dir) => {
    let names;
    try {
      names = readdirSync(dir);
    } catch {
      return; // a folder the tree does not have
    }
    for (const name of names.sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts')) found.push(path);
    }
  };
  for (const dir of CHECKED_DIRS) walk(join(root, dir));
  return [...new Set(found)];
}

const lineOf = (source, pos) => source.getLineAndCharacterOfPosition(pos).line;

/** A readable name for a function node: its own, its variable's or property's, or `<arrow>`. */
function functionName(node) {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    return parent.name.getText();
  }
  if (parent && ts.isCallExpression(parent)) return `<callback of ${parent.expression.getText().slice(0, 40)}>`;
  return ts.isArrowFunction(node) ? '<arrow>' : '<function>';
}

/**
 * The comments that sit at the top of a function: its own leading comments and those of the
 * declaration that holds it (`const f = () => …`, `key: function …`), then the first lines of
 * its body.
 */
function topText(node, text, source) {
  let holder = node;
  while (
    holder.parent &&
    (ts.isVariableDeclaration(holder.parent) ||
      ts.isVariableDeclarationList(holder.parent) ||
      ts.isVariableStatement(holder.parent) ||
      ts.isPropertyAssignment(holder.parent) ||
      ts.isPropertyDeclaration(holder.parent) ||
      ts.isExportAssignment(holder.parent))
  ) {
    holder = holder.parent;
  }
  const leading = (ts.getLeadingCommentRanges(text, holder.getFullStart()) ?? []).map((c) => text.slice(c.pos, c.end));
  const first = lineOf(source, node.getStart(source));
  const lines = text.split('\n').slice(first, first + 1 + BODY_MARKER_LINES);
  return [...leading, ...lines].join('\n');
}

/** Measures one file: its line count, its functions, and which of them carry a marker. */
export function measureFile(path, text, name = path) {
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  const head = text.split('\n').slice(0, 15).join('\n');
  const generated = GENERATED.test(text.split('\n').slice(0, 5).join('\n'));
  const file = { path: name, lines, marked: MARKER.test(head), generated };
  const functions = [];
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const visit = (node) => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node)) &&
      node.body
    ) {
      const start = lineOf(source, node.getStart(source));
      const length = lineOf(source, node.getEnd()) - start + 1;
      functions.push({ path: name, name: functionName(node), line: start + 1, lines: length, marked: MARKER.test(topText(node, text, source)) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, functions };
}

/** Measures every checked file under `root`; `violations` lists what breaks the convention. */
export function checkCodeSize(root) {
  const files = [];
  const functions = [];
  for (const path of sourceFiles(root)) {
    const name = relative(root, path).split(sep).join('/');
    const measured = measureFile(path, readFileSync(path, 'utf8'), name);
    files.push(measured.file);
    if (!measured.file.generated) functions.push(...measured.functions);
  }
  const violations = [
    ...files
      .filter((f) => !f.generated && !f.marked && f.lines > MAX_FILE_LINES)
      .map((f) => ({ kind: 'file', path: f.path, lines: f.lines, message: `${f.path}: ${f.lines} lines (over ${MAX_FILE_LINES}, no "// size:" reason in its first 15 lines)` })),
    ...functions
      .filter((f) => !f.marked && f.lines > MAX_FUNCTION_LINES)
      .map((f) => ({
        kind: 'function',
        path: f.path,
        name: f.name,
        lines: f.lines,
        message: `${f.path}:${f.line} ${f.name}: ${f.lines} lines (over ${MAX_FUNCTION_LINES}, no "// size:" reason at its top)`,
      })),
  ];
  return { files, functions, violations };
}

function main(argv) {
  const option = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = option('--root') ?? fileURLToPath(new URL('..', import.meta.url));
  const top = Number(option('--top') ?? 15);
  const result = checkCodeSize(root);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const mark = (x) => (x.generated ? ' (generated)' : x.marked ? ' (size: reason given)' : '');
    const files = [...result.files].sort((a, b) => b.lines - a.lines).slice(0, top);
    const functions = [...result.functions].sort((a, b) => b.lines - a.lines).slice(0, top);
    console.log(`Largest files (limit ${MAX_FILE_LINES} lines):`);
    for (const f of files) console.log(`  ${String(f.lines).padStart(5)}  ${f.path}${mark(f)}`);
    console.log(`Largest functions (limit ${MAX_FUNCTION_LINES} lines):`);
    for (const f of functions) console.log(`  ${String(f.lines).padStart(5)}  ${f.path}:${f.line} ${f.name}${mark(f)}`);
    if (result.violations.length > 0) {
      console.log(`${result.violations.length} over the limits without a reason:`);
      for (const v of result.violations) console.log(`  ${v.message}`);
    } else {
      console.log('Every file and function is within the limits or says why.');
    }
  }
  return result.violations.length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
