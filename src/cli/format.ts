/**
 * Number formatting for the CLI: the shortest text that reads back to the same float64 or
 * float32 value, and the JSON encoding of non-finite values as strings.
 * @module
 */

/** Shortest decimal that rounds back to `x` in the given format. */
export function formatNumber(x: number, dtype: 'float64' | 'float32'): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  if (dtype === 'float64') return String(x);
  for (let digits = 1; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x);
}

/** JSON value for a result: numbers as numbers, non-finite as "NaN", "Infinity", "-Infinity". */
export function jsonValue(x: number, dtype: 'float64' | 'float32'): number | string {
  if (!Number.isFinite(x)) return formatNumber(x, dtype);
  return dtype === 'float64' ? x : Number(formatNumber(x, dtype));
}
