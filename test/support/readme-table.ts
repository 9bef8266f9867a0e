/**
 * README's measured tables are claims: the tests that measure them print them and check that
 * README.md holds exactly what they measured, so a kernel change cannot leave README behind.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** A ULP maximum as README prints it: 0, 3e-5 below 0.01, else two decimals. */
export function ulpCell(x: number): string {
  return x === 0 ? '0' : x < 0.01 ? x.toExponential(0) : x.toFixed(2);
}

/**
 * README.md holds `lines` (a table: header first) as consecutive lines. Cells of the columns in
 * `skipColumns` (0 = the first) are left out of the comparison on both sides: the columns that
 * depend on what this run cannot reproduce (another WebAssembly module than README's).
 */
export function expectReadmeHolds(lines: readonly string[], skipColumns: readonly number[] = []): void {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
  const start = readme.indexOf(lines[0] as string);
  expect(start, `README.md has no table with the header ${lines[0]}`).toBeGreaterThanOrEqual(0);
  const mask = (line: string) =>
    line
      .split(' | ')
      .map((cell, i) => (skipColumns.includes(i) ? '…' : cell))
      .join(' | ');
  const [held, measured] = [readme.slice(start, start + lines.length), lines].map((table) => table.map((line, i) => (i < 2 ? line : mask(line))));
  expect(held, 'README.md: paste the table this test printed').toEqual(measured);
}
