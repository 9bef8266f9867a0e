#!/usr/bin/env node
/**
 * Sweeps the WebAssembly port of Math.exp (assembly/double/exp.ts, export expF64) against
 * Math.exp itself, bit for bit: `node tools/check-float64-exp.mjs [millions]` (default 20 million
 * random arguments over the whole range and its special regions). Exit status 1 on any mismatch.
 * Reads the compiled module from src/wasm/generated/binary.ts (run `npm run build:wasm` first).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(join(root, 'src', 'wasm', 'generated', 'binary.ts'), 'utf8');
const base64 = [...source.matchAll(/'([A-Za-z0-9+/=]+)'/g)].map((m) => m[1]).join('');
const { instance } = await WebAssembly.instantiate(Buffer.from(base64, 'base64'), { env: { abort: () => { throw new Error('abort'); } } });
const { memory, expF64, heapBase } = instance.exports;
const N = 1 << 20;
const at = Math.ceil(heapBase() / 16) * 16;
const need = at + 2 * N * 8;
if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
const x = new Float64Array(memory.buffer, at, N);
const out = new Float64Array(memory.buffer, at + N * 8, N);
const bits = new BigUint64Array(x.buffer, x.byteOffset, N);

const millions = Number(process.argv[2] ?? 20);
const regions = [
  ['uniform(-750, 750)', () => (Math.random() * 2 - 1) * 750],
  ['uniform(-40, 40)', () => (Math.random() * 2 - 1) * 40],
  ['uniform(-2, 2)', () => (Math.random() * 2 - 1) * 2],
  ['|x| < 2^-28 (log-uniform)', () => (Math.random() < 0.5 ? -1 : 1) * 2 ** (-28 - Math.random() * 1000)],
  ['±[0.3, 1.1] (one-step range)', () => (Math.random() < 0.5 ? -1 : 1) * (0.3 + Math.random() * 0.8)],
  ['±[700, 746] (overflow, subnormal, underflow)', () => (Math.random() < 0.5 ? -1 : 1) * (700 + Math.random() * 46)],
  ['any bit pattern', null],
];
let bad = 0;
let total = 0;
const per = Math.max(1, Math.round((millions * 1e6) / N / regions.length));
for (const [name, draw] of regions) {
  let regionBad = 0;
  for (let round = 0; round < per; round++) {
    if (draw) for (let i = 0; i < N; i++) x[i] = draw();
    else for (let i = 0; i < N; i++) bits[i] = (BigInt((Math.random() * 2 ** 32) >>> 0) << 32n) | BigInt((Math.random() * 2 ** 32) >>> 0);
    if (round === 0) x.set([0, -0, 1, -1, Infinity, -Infinity, NaN, 708, -708, 709.782712893384, -745.1332191019411, -745.1332191019412, 2 ** -28, -(2 ** -28), 5e-324]);
    expF64(x.byteOffset, out.byteOffset, N - (round & 1));
    for (let i = 0; i < N - (round & 1); i++) {
      if (!Object.is(out[i], Math.exp(x[i]))) {
        if (regionBad < 5) console.error(`mismatch at x = ${x[i]}: wasm ${out[i]}, Math.exp ${Math.exp(x[i])}`);
        regionBad++;
      }
    }
    total += N;
  }
  console.log(`${name}: ${per * N} arguments, ${regionBad} mismatches`);
  bad += regionBad;
}
console.log(`${total} arguments in all, ${bad} mismatches`);
process.exit(bad ? 1 : 0);
