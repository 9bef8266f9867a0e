#!/usr/bin/env node
/**
 * A wider accuracy sweep of the float32 WebAssembly kernels than the test suite affords:
 * for every elementwise activation at default parameters, 2^22 random float32 bit patterns
 * and 2^22 uniform points of [-20, 20] (or `--n=`), f and f′ against the float64 scalar
 * definitions (within a few float64 ULPs of exact), in float32 ULPs. Prints the maxima and
 * exits 1 beyond f ≤ 2, f′ ≤ 4. Run after `npm run build`: node tools/check-kernels.mjs
 * [--n=4194304] [--precision=fast|precise] (the kernels' mode, see setKernelPrecision; 'fast' by default)
 */
import { ACTIVATIONS, resolveParams, setKernelPrecision, wasmBackend } from '../dist/index.js';

const precision = process.argv.find((a) => a.startsWith('--precision='))?.split('=')[1] ?? 'fast';
setKernelPrecision(precision);
const n = Number(process.argv.find((a) => a.startsWith('--n='))?.split('=')[1] ?? 1 << 22);
let state = 0x9e3779b9;
function next() {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state >>> 0;
}
const bits = new Uint32Array(n);
for (let i = 0; i < n; i++) bits[i] = next();
const patterns = new Float32Array(bits.buffer);
const uniform = Float32Array.from({ length: n }, () => (next() / 4294967296) * 40 - 20);

function ulp32(x) {
  const a = Math.abs(x);
  if (a < 1.1754943508222875e-38) return 1.401298464324817e-45;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 23);
}
function error(value, exact) {
  if (Number.isNaN(exact)) return Number.isNaN(value) ? 0 : Infinity;
  if (!Number.isFinite(exact) || Math.abs(exact) >= 3.4028235677973366e38) return value === Math.fround(exact) ? 0 : Infinity;
  return Math.abs(value - exact) / ulp32(exact);
}

let failed = false;
const y = new Float32Array(n);
const d = new Float32Array(n);
const ones = new Float32Array(n).fill(1);
console.log(`${precision} kernels, ${n} random bit patterns + ${n} uniform points of [-20, 20]`);
console.log(`| activation | max f ULP | at | max f′ ULP | at |`);
console.log('|---|---:|---:|---:|---:|');
for (const a of ACTIVATIONS) {
  if (a.kind !== 'elementwise') continue;
  const p = resolveParams(a, {});
  let worst = { f: 0, fAt: 0, d: 0, dAt: 0 };
  for (const x of [patterns, uniform]) {
    wasmBackend.forward(a, p, x, y);
    wasmBackend.backward(a, p, x, ones, d);
    for (let i = 0; i < n; i++) {
      const z = x[i];
      const ef = error(y[i], a.f(z, p));
      const ed = error(d[i], a.df(z, p));
      if (ef > worst.f) worst = { ...worst, f: ef, fAt: z };
      if (ed > worst.d) worst = { ...worst, d: ed, dAt: z };
    }
  }
  if (worst.f > 2 || worst.d > 4) failed = true;
  console.log(`| ${a.id} | ${worst.f.toFixed(4)} | ${worst.fAt} | ${worst.d.toFixed(4)} | ${worst.dAt} |`);
}
process.exit(failed ? 1 : 0);
