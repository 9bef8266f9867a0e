/**
 * A dependent project for test/package-install.test.ts: the repository packed with `npm pack`
 * (no scripts: the test packs what `npm run build` left in dist/) and the tarball installed into
 * a fresh temporary project offline from the npm cache, as someone who runs `npm install actlab`
 * gets it — plus what that install weighs.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The environment for npm and node in the consumer: this process's, minus what `npm test` sets
 * for the repository's own run (npm_package_*, npm_lifecycle_*, npm_config_ignore_scripts …),
 * which would otherwise leak into the consumer's npm. The cache location and user config stay.
 */
export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && lower !== 'npm_config_cache' && lower !== 'npm_config_userconfig') continue;
    if (key === 'NODE_OPTIONS' || key.startsWith('VITEST') || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: consumerEnv(), timeout });
}

function lastLines(text: string, n = 6): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

export interface Consumer {
  /** The temporary directory holding the tarball and the project (remove it when done). */
  readonly dir: string;
  /** The consumer project (its node_modules/actlab is the installed tarball). */
  readonly project: string;
  readonly tarball: string;
  readonly seconds: { readonly pack: number; readonly install: number };
  /** What npm printed on stderr while packing and installing (warnings would be here). */
  readonly npmStderr: { readonly pack: string; readonly install: string };
}

/**
 * Packs the repository into a temporary directory and installs the tarball into a fresh project
 * there, offline. Throws with what to do when dist/ is missing or the npm cache lacks a package.
 */
export function installConsumer(): Consumer {
  for (const file of ['index.js', 'index.d.ts', join('cli', 'bin.js')]) {
    if (!existsSync(join(ROOT, 'dist', file))) throw new Error(`dist/${file} is missing: run "npm run build" (npm test does it first)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'actlab-consumer-'));
  try {
    return packAndInstall(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function packAndInstall(dir: string): Consumer {
  const packDir = join(dir, 'pack');
  const project = join(dir, 'project');
  mkdirSync(packDir);
  mkdirSync(project);

  // --ignore-scripts: `prepack` would rebuild (and write dist/) while other test files read it;
  // --pack-destination: nothing is written into the repository.
  let start = performance.now();
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], ROOT);
  if (pack.status !== 0) throw new Error(`npm pack failed (exit ${pack.status}):\n${lastLines(pack.stderr)}`);
  const [{ filename }] = JSON.parse(pack.stdout) as [{ filename: string }];
  const tarball = join(packDir, filename);
  const packSeconds = (performance.now() - start) / 1000;

  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'actlab-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(seedLock(), null, 2));
  start = performance.now();
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project);
  if (install.status !== 0) {
    throw new Error(
      'npm install --offline of the packed tarball failed: the npm cache lacks a dependency of the package. ' +
        `Run "npm ci" once with network in the repository (it fills the cache), then retry.\n${lastLines(install.stderr)}`,
    );
  }
  return {
    dir,
    project,
    tarball,
    seconds: { pack: packSeconds, install: (performance.now() - start) / 1000 },
    npmStderr: { pack: pack.stderr, install: install.stderr },
  };
}

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

/**
 * A lockfile for the consumer holding the repository's locked entries of the package's
 * dependencies (their closure, no peers). npm 11 resolves a range from the *full* packument, which
 * `npm ci` never fetches (it installs from the lock: tarballs only), so an offline
 * `npm install <tgz>` from a cache that `npm ci` filled stops with ENOTCACHED on the first
 * dependency; with these entries npm keeps the locked versions and needs only their tarballs —
 * the versions the repository is tested with.
 */
function seedLock(): object {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as LockEntry;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, object> = { '': { name: 'actlab-consumer', version: '1.0.0' } };
  const pending = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const entry = lock.packages[key];
    if (!entry) throw new Error(`package-lock.json has no entry for ${name} (a dependency of the package): run "npm install" in the repository`);
    // Nested copies (node_modules/name/node_modules/…) come along with their parent.
    for (const [path, nested] of Object.entries(lock.packages)) if (path.startsWith(`${key}/node_modules/`)) packages[path] = nested;
    packages[key] = entry;
    pending.push(...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }));
  }
  return { name: 'actlab-consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

/** What an install weighs (held to ≤ 3 MiB, ≤ 5 packages, no native file, no font). */
export interface InstallMeasure {
  readonly bytes: number;
  /** Installed packages, the library itself included (as npm's "added N packages"). */
  readonly packages: readonly string[];
  /** Native addons (*.node) and executables (ELF, Mach-O, PE). */
  readonly native: readonly string[];
  readonly fonts: readonly string[];
}

const FONT = /\.(ttf|otf|woff2?|eot)$/i;
/** Magic numbers of native executables and libraries: ELF, Mach-O (32/64, both byte orders, fat), PE. */
const MAGICS = ['7f454c46', 'feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe'];

function isNativeBinary(path: string, size: number): boolean {
  if (path.endsWith('.node')) return true;
  if (size < 4) return false;
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const hex = head.toString('hex');
  // 'MZ' opens a PE file (.exe, .dll); text files starting "MZ" are not plausible in a package.
  return MAGICS.includes(hex) || hex.startsWith('4d5a');
}

/** Walks node_modules (symlinks not followed): bytes of every file, packages, native files and fonts. */
export function measureInstall(project: string): InstallMeasure {
  const root = join(project, 'node_modules');
  let bytes = 0;
  const packages: string[] = [];
  const native: string[] = [];
  const fonts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const size = lstatSync(path).size;
      bytes += size;
      if (!entry.isFile()) continue;
      const rel = relative(root, path);
      if (entry.name === 'package.json' && /(^|\/)node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(`node_modules/${rel}`) && !rel.startsWith('.')) {
        const { name } = JSON.parse(readFileSync(path, 'utf8')) as { name?: string };
        packages.push(name ?? rel);
      }
      if (FONT.test(entry.name)) fonts.push(rel);
      else if (isNativeBinary(path, size)) native.push(rel);
    }
  };
  walk(root);
  return { bytes, packages: packages.sort(), native, fonts };
}
