/**
 * The package as a dependent project gets it: the repository packed with
 * `npm pack` and the tarball installed offline into a fresh temporary project, which then
 * imports every entry of the exports map from ESM and from CommonJS, type-checks a strict
 * TypeScript file under the node16, nodenext and bundler resolutions, bundles a scalar-only and
 * an array-using browser script with esbuild (the first ≤ 50 KiB, neither with a `node:` import)
 * and runs the second in headless Chromium, runs `npx actlab`, and weighs the install
 * (≤ 3 MiB, ≤ 5 packages, no native file, no font).
 *
 * Needs dist/ (`npm run build`; npm test builds first), the npm cache filled by one `npm ci`
 * with network, and /usr/bin/chromium; fails naming what is missing otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerEnv, installConsumer, measureInstall, ROOT, type Consumer, type InstallMeasure } from './support/consumer.js';
import {
  ARRAY_SCRIPT,
  ARRAY_SCRIPT_LOADED,
  GELU_AT_MINUS_ONE,
  IMPORT_ALL_ESM,
  LAZY_WASM,
  REQUIRE_ALL_CJS,
  SCALAR_FORMULA_SCRIPT,
  SCALAR_SCRIPT,
  TYPED_USE,
  typedSubpaths,
} from './support/consumer-sources.js';

const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';
const MAX_INSTALL_BYTES = 3 * 1024 ** 2;
const MAX_PACKAGES = 5;
const MAX_SCALAR_BUNDLE = 50 * 1024;
/** The report's figure packages: optional peers that a library install leaves out. */
const FIGURE_PACKAGES = ['vega', 'vega-lite', '@resvg/resvg-js', 'dejavu-fonts-ttf'];

const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const requireEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);

let consumer: Consumer;
let measure: InstallMeasure;
let exportKeys: string[];
let optionalPeers: string[];

beforeAll(() => {
  consumer = installConsumer();
  measure = measureInstall(consumer.project);
  const installed = JSON.parse(readFileSync(join(consumer.project, 'node_modules', 'actlab', 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  exportKeys = Object.keys(installed.exports);
  optionalPeers = Object.entries(installed.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name);
  console.log(
    `consumer install: pack ${consumer.seconds.pack.toFixed(1)} s, install ${consumer.seconds.install.toFixed(1)} s; ` +
      `${measure.packages.length} packages (${measure.packages.join(', ')}), ${measure.bytes} bytes (${(measure.bytes / 1024 ** 2).toFixed(2)} MiB), ` +
      `native files ${measure.native.length}, fonts ${measure.fonts.length}`,
  );
}, 240_000);

afterAll(() => {
  if (consumer) rmSync(consumer.dir, { recursive: true, force: true });
});

/** Runs node in the consumer project on a script written there. */
function node(file: string, source: string, args: string[] = []) {
  writeFileSync(join(consumer.project, file), source);
  return spawnSync(process.execPath, [...args, file], { cwd: consumer.project, encoding: 'utf8', env: consumerEnv(), timeout: 60_000 });
}

function parseLast(stdout: string): unknown {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line);
}

interface Entries {
  entries: Record<string, { ok: boolean; names?: number; code?: string; message?: string }>;
  value?: string;
}

/** Entries that failed, except an ES-module import that needs an optional peer the consumer did not install. */
function failures(result: Entries): string[] {
  return Object.entries(result.entries)
    .filter(([, r]) => !r.ok && !(r.code === 'ERR_MODULE_NOT_FOUND' && optionalPeers.some((peer) => r.message?.includes(`'${peer}'`))))
    .map(([key, r]) => `${key}: ${r.code} ${r.message}`);
}

describe('the packed package installed into a fresh project', () => {
  it('imports every entry of its exports map from ESM', () => {
    const result = node('import-all.mjs', IMPORT_ALL_ESM);
    expect(result.stderr).toBe('');
    const parsed = parseLast(result.stdout) as Entries;
    expect(Object.keys(parsed.entries)).toEqual(exportKeys);
    expect(failures(parsed)).toEqual([]);
    expect(parsed.value).toBe(GELU_AT_MINUS_ONE);
  });

  it(`requires every entry from CommonJS (require(esm): ${requireEsm ? 'on' : 'off'} in Node ${process.versions.node}), and says ERR_REQUIRE_ESM where require(esm) is off`, () => {
    const on = node('require-all.cjs', REQUIRE_ALL_CJS);
    const parsed = parseLast(on.stdout) as Entries;
    if (requireEsm) {
      expect(failures(parsed)).toEqual([]);
      expect(parsed.value).toBe(GELU_AT_MINUS_ONE);
    }
    // Older semantics (Node < 20.19 / 22.12, or the flag): every ES-module entry refuses with ERR_REQUIRE_ESM.
    const off = requireEsm ? node('require-all.cjs', REQUIRE_ALL_CJS, ['--no-experimental-require-module']) : on;
    const offEntries = (parseLast(off.stdout) as Entries).entries;
    for (const [key, r] of Object.entries(offEntries)) {
      if (key.endsWith('.json')) expect(r.ok, key).toBe(true);
      else expect(r.code, key).toBe('ERR_REQUIRE_ESM');
    }
  });

  it('compiles the WebAssembly on the first array call, not at import nor for scalars (no base64 decoded before)', () => {
    const result = node('lazy-wasm.mjs', LAZY_WASM);
    expect(result.stderr).toBe('');
    const r = parseLast(result.stdout) as Record<string, { compile: number; decode: number } | number>;
    console.log(
      `Node import('actlab') ${(r.importMs as number).toFixed(1)} ms; first array call ${(r.firstCallMs as number).toFixed(1)} ms ` +
        `(decode + compile + instantiate), second ${(r.secondCallMs as number).toFixed(2)} ms`,
    );
    expect(r.afterImport).toEqual({ compile: 0, decode: 0 });
    expect(r.afterScalar).toEqual({ compile: 0, decode: 0 });
    expect(r.afterArray).toEqual({ compile: 1, decode: 1 });
  });

  it('type-checks a strict TypeScript file using the documented API under node16, nodenext and bundler resolution', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    if (!existsSync(tsc)) throw new Error(`${tsc} is missing: run "npm ci" in the repository`);
    writeFileSync(join(consumer.project, 'typed.ts'), TYPED_USE);
    writeFileSync(join(consumer.project, 'subpaths.ts'), typedSubpaths(exportKeys));
    const common = { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], forceConsistentCasingInFileNames: true };
    // The consumer has no @types/node: the library's own declarations must compile without it
    // (checked whole: skipLibCheck off); the subpaths (actlab/node is for Node programs) are
    // resolved with the repository's @types/node, whose own checking is skipped (it is slow).
    const nodeTypes = { typeRoots: [join(ROOT, 'node_modules', '@types')], types: ['node'], skipLibCheck: true };
    const configs: Record<string, object> = {
      node16: { compilerOptions: { ...common, ...nodeTypes, module: 'node16', moduleResolution: 'node16' }, files: ['typed.ts', 'subpaths.ts'] },
      nodenext: { compilerOptions: { ...common, ...nodeTypes, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['typed.ts', 'subpaths.ts'] },
      bundler: { compilerOptions: { ...common, ...nodeTypes, module: 'esnext', moduleResolution: 'bundler' }, files: ['typed.ts', 'subpaths.ts'] },
      'bundler, no @types/node': { compilerOptions: { ...common, types: [], skipLibCheck: false, module: 'preserve', moduleResolution: 'bundler' }, files: ['typed.ts'] },
    };
    const runs = Object.entries(configs).map(([mode, config], i) => {
      const file = `tsconfig.${i}.json`;
      writeFileSync(join(consumer.project, file), JSON.stringify(config, null, 2));
      return new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [tsc, '-p', file, '--pretty', 'false'], { cwd: consumer.project, env: consumerEnv() });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.on('close', (code) => resolve(code === 0 ? '' : `${mode} (exit ${code}):\n${output.trim()}`));
      });
    });
    expect((await Promise.all(runs)).filter(Boolean)).toEqual([]);
  }, 120_000);

  it('bundles for the browser with esbuild: scalars alone ≤ 50 KiB, no node: import; the array script runs in headless Chromium as in Node', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with apt-get install -y chromium`);
    const esbuild = createRequire(join(ROOT, 'package.json'))('esbuild') as typeof import('esbuild');
    writeFileSync(join(consumer.project, 'scalar.mjs'), SCALAR_SCRIPT);
    writeFileSync(join(consumer.project, 'scalar-formula.mjs'), SCALAR_FORMULA_SCRIPT);
    writeFileSync(join(consumer.project, 'array.mjs'), ARRAY_SCRIPT);
    writeFileSync(join(consumer.project, 'array-loaded.mjs'), ARRAY_SCRIPT_LOADED);
    const bundle = async (entry: string) => {
      const result = await esbuild.build({
        absWorkingDir: consumer.project,
        entryPoints: [entry],
        bundle: true,
        minify: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    };
    const [scalar, scalarFormula, array, arrayLoaded] = await Promise.all([bundle('scalar.mjs'), bundle('scalar-formula.mjs'), bundle('array.mjs'), bundle('array-loaded.mjs')]);
    const bytes = (text: string) => Buffer.byteLength(text);
    console.log(
      `esbuild --bundle --minify (browser): scalar-only ('actlab/activations') ${bytes(scalar)} bytes, ` +
        `scalars and formulas ('actlab') ${bytes(scalarFormula)} bytes, array-using ${bytes(array)} bytes`,
    );
    for (const [name, text] of [['scalar', scalar], ['array', array]] as const) {
      expect(text.match(/["'`]node:[\w/]+["'`]/g) ?? [], `${name} bundle`).toEqual([]);
    }
    expect(bytes(scalar)).toBeLessThanOrEqual(MAX_SCALAR_BUNDLE);

    // The scalar bundle evaluates (in Node: it has nothing browser-specific).
    const scalarRun = node('scalar.bundle.mjs', scalar);
    expect(scalarRun.stderr).toBe('');
    expect(scalarRun.stdout.trim()).toBe(GELU_AT_MINUS_ONE);
    // The main entry's bundle reads formulas: the reader is kept (package.json sideEffects).
    const formulaRun = node('scalar-formula.bundle.mjs', scalarFormula);
    expect(formulaRun.stderr).toBe('');
    expect(formulaRun.stdout.trim()).toBe(`${GELU_AT_MINUS_ONE} 0.9276705118714867`);

    // The array script unbundled in Node against the installed package: the reference, with the
    // WebAssembly kernels and with the TypeScript ones (ACTLAB_WASM=0).
    const inNode = (env: Record<string, string>, flags: string[] = []) => {
      writeFileSync(join(consumer.project, 'array-node.mjs'), ARRAY_SCRIPT);
      const result = spawnSync(process.execPath, [...flags, 'array-node.mjs'], { cwd: consumer.project, encoding: 'utf8', env: consumerEnv(env), timeout: 60_000 });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout.trim().replace(/^actlab-result /, '')) as { gelu: number[]; swish: number[]; wasm: boolean };
    };
    const withWasm = inNode({});
    expect(withWasm.wasm).toBe(true);
    const withTypeScript = inNode({ ACTLAB_WASM: '0' });
    expect(withTypeScript.wasm).toBe(false);
    expect(withTypeScript.swish, 'the script cannot tell the backends apart').not.toEqual(withWasm.swish);
    // The relaxed-SIMD module (Chromium has relaxed SIMD; Node 20 behind a flag): its bits in Node.
    const withRelaxed = inNode({ ACTLAB_WASM: 'relaxed' }, ['--experimental-wasm-relaxed-simd']);
    expect(withRelaxed.wasm).toBe(true);

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    /** Runs the array bundle on a page's main thread (after `init`, if given); returns what it printed. */
    const runInPage = async (init?: string, script = array) => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const printed = new Promise<string>((resolve) => {
        page.on('console', (m) => {
          if (m.text().startsWith('actlab-result ')) resolve(m.text().slice('actlab-result '.length));
          else if (m.type() === 'error') errors.push(m.text());
        });
      });
      await page.setContent('<!doctype html><meta charset="utf-8"><title>actlab consumer</title>');
      if (init) await page.addScriptTag({ content: init });
      await page.addScriptTag({ content: script, type: 'module' });
      const text = await Promise.race([printed, new Promise<string>((resolve) => setTimeout(() => resolve(''), 20_000))]);
      await page.close();
      expect(errors).toEqual([]);
      expect(text, 'the array bundle printed nothing in Chromium').not.toBe('');
      return JSON.parse(text) as unknown;
    };
    try {
      // Synchronous compilation of the ~320 kB module on the main thread is allowed in Chromium
      // (refused only above 8 MB): the same WebAssembly kernels, the same bits as Node. A
      // synchronous first use cannot import the relaxed module, so it is the strict one.
      expect(await runInPage()).toEqual(withWasm);
      // Where an engine refuses it (older Chromium and some WebViews: above 4 KB), the call is
      // answered by the TypeScript kernels — Node's ACTLAB_WASM=0 bits — with no error.
      const refuse = `WebAssembly.Module = function () { throw new RangeError('WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB.'); };`;
      expect(await runInPage(refuse)).toEqual(withTypeScript);
      // There, `await loadKernels()` compiles asynchronously — and imports the relaxed-SIMD module,
      // which Chromium has: WebAssembly again, the bits of Node running that module.
      expect(await runInPage(refuse, arrayLoaded)).toEqual(withRelaxed);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it(`npx actlab eval gelu -1 prints ${GELU_AT_MINUS_ONE}; without the figure packages, report names what to install on one line`, () => {
    const npx = (args: string[], env: Record<string, string> = {}) =>
      spawnSync('npx', ['--offline', 'actlab', ...args], { cwd: consumer.project, encoding: 'utf8', env: consumerEnv(env), timeout: 60_000 });
    const evaluated = npx(['eval', 'gelu', '-1']);
    expect(evaluated.stderr).toBe('');
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toContain(GELU_AT_MINUS_ONE);

    // A library install leaves them out; were any installed, module hooks hide them.
    const present = FIGURE_PACKAGES.filter((name) => existsSync(join(consumer.project, 'node_modules', name, 'package.json')));
    const hide: Record<string, string> = present.length > 0 ? { NODE_OPTIONS: `--import=${join(ROOT, 'test', 'support', 'register-hide-figure-deps.mjs')}` } : {};
    const report = npx(['report', '--out', 'x'], hide);
    const lines = report.stderr.trim().split('\n');
    expect(lines, report.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/not installed/);
    expect(FIGURE_PACKAGES.some((name) => lines[0]!.includes(name)), lines[0]).toBe(true);
    expect(report.stderr).not.toMatch(/^\s+at /m);
    expect(report.status).toBe(2);
    expect(existsSync(join(consumer.project, 'x'))).toBe(false);

    // The explorer's built pages stay in the repository: start says where to get them, on one line.
    const start = npx(['start', '--port', '0']);
    expect(start.status, start.stderr).toBe(2);
    expect(start.stderr.trim().split('\n')).toHaveLength(1);
    expect(start.stderr).toMatch(/explorer is not part of the npm package.*git clone https:\/\/github\.com\/.*npm start/);
  });

  it('installs and packs without a warning: no install script of actlab, no unknown config, no engine mismatch', () => {
    // npm's warnings start "npm warn" (install-scripts, Unknown project config, EBADENGINE, …).
    expect(consumer.npmStderr.install).not.toMatch(/npm warn/i);
    expect(consumer.npmStderr.pack).not.toMatch(/npm warn/i);
    const installed = JSON.parse(readFileSync(join(consumer.project, 'node_modules', 'actlab', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(installed.scripts ?? {}, hook).not.toHaveProperty(hook);
  });

  it(`installs light: ≤ 3 MiB and ≤ ${MAX_PACKAGES} packages, no native file, no font`, () => {
    expect(measure.native).toEqual([]);
    expect(measure.fonts).toEqual([]);
    expect(measure.packages.length, measure.packages.join(', ')).toBeLessThanOrEqual(MAX_PACKAGES);
    expect(measure.bytes).toBeLessThanOrEqual(MAX_INSTALL_BYTES);
  });
});
