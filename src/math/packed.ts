/**
 * Doubles stored compactly in generated tables: the base64 of their IEEE 754 bytes
 * (little-endian). Exact by construction, and about half the characters of their shortest
 * decimal forms, which a minifier keeps whole (the generated files list the decimals in a
 * comment beside each table for readers; comments leave a bundle).
 * @module
 */

/** The doubles whose little-endian IEEE 754 bytes `base64` encodes, in order. */
export function doubles(base64: string): number[] {
  const text = atob(base64);
  const view = new DataView(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) view.setUint8(i, text.charCodeAt(i));
  const out: number[] = [];
  for (let at = 0; at + 8 <= text.length; at += 8) out.push(view.getFloat64(at, true));
  return out;
}
