#!/usr/bin/env node
// Builds the web explorer (web/ → dist/web) with Vite, unless dist/web is newer than every
// input: web/, src/, package-lock.json. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', 'web', 'index.html');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const force = process.argv.includes('--force');
if (!force && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const inputs = Math.max(newest(join(root, 'web')), newest(join(root, 'src')), newest(join(root, 'package-lock.json')));
  if (inputs <= built) process.exit(0);
}
const { build } = await import('vite');
const started = Date.now();
await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
process.stderr.write(`web explorer built into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
