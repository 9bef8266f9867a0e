/**
 * The version `actlab --version` prints: package.json's, read once when the CLI loads, so a
 * release bumps one place. The path is the same from src/cli (tests) and from dist/cli (an
 * installed package: package.json sits at its root, beside dist/).
 * @module
 */
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
