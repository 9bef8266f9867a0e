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

/** README.md holds `lines` (a table: header first) as consecutive lines. */
export function expectReadmeHolds(lines: readonly string[]): void {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
  const start = readme.indexOf(lines[0] as string);
  expect(start, `README.md has no table with the header ${lines[0]}`).toBeGreaterThanOrEqual(0);
  expect(readme.slice(start, start + lines.length), 'README.md: paste the table this test printed').toEqual(lines);
}
