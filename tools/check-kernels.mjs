#!/usr/bin/env node
/**
 * A wider accuracy sweep of the float32 WebAssembly kernels than the test suite affords:
 * for every elementwise activation at default parameters, 2^22 random float32 bit patterns
 * and 2^22 uniform points of [-20, 20] (or `--n=`), f and f′ against the float64 scalar
 * definitions (within a few float64 ULPs of exact), in float32 ULPs. Prints the maxima and
 * exits 1 beyond f ≤ 2, f′ ≤ 4. Run after `npm run build`: node tools/check-kernels.mjs
 * [--n=4194304] [--precision=fast|precise] (the kernels' mode, see setKernelPrecision; 'fast' by default)
 * [--params=N]: also N random parameter sets per parameterised activation (log-uniform over
 * the accepted range, and its edges), each with n/16 points of both kinds plus ±64 ULPs around
 * each kink (scalar NaNs skipped; a NaN kernel result where the scalar is a number counts as ∞).
 * [--every=ID:LO:HI]: instead, f and f′ of one activation (default parameters) at every float32 of
 * [LO, HI] (both signs from zero: 2^30 and more inputs, minutes), e.g. --every=sigmoid:-104:40.
 */
import { ACTIVATIONS, resolveParams, setKernelPrecision, wasmBackend } from '../dist/index.js';

const precision = process.argv.find((a) => a.startsWith('--precision='))?.split('=')[1] ?? 'fast';
setKernelPrecision(precision);
const n = Number(process.argv.find((a) => a.startsWith('--n='))?.split('=')[1] ?? 1 << 22);
const paramSets = Number(process.argv.find((a) => a.startsWith('--params='))?.split('=')[1] ?? 0);
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

function float32Near(t, steps) {
  const f = new Float32Array([t]);
  const u = new Int32Array(f.buffer);
  if (!Number.isFinite(f[0])) return f[0];
  u[0] += f[0] > 0 || Object.is(f[0], 0) ? steps : -steps;
  return f[0];
}

/** A random accepted parameter value: log-uniform magnitude (either sign where allowed), or an edge. */
function randomParameter(spec) {
  const r = next() / 4294967296;
  const edges = [spec.default, 5e-324, 1.7976931348623157e308, 3.4028234663852886e38, 1e-45, 0, 1, 0.2, 1 / 6, -1, -1.7976931348623157e308];
  if (r < 0.25) return edges[next() % edges.length];
  const magnitude = 10 ** ((next() / 4294967296) * 615 - 307);
  return r < 0.6 ? magnitude : -magnitude;
}

/** The worst f and f′ errors of the kernels on `inputs` for parameters `p`, into `worst`. */
function sweep(a, p, inputs, out, grads, ones, worst) {
  wasmBackend.forward(a, p, inputs, out);
  wasmBackend.backward(a, p, inputs, ones, grads);
  for (let i = 0; i < inputs.length; i++) {
    const z = inputs[i];
    const f = a.f(z, p);
    const df = a.df(z, p);
    const ef = Number.isNaN(f) && !Number.isNaN(z) ? (Number.isNaN(out[i]) ? Infinity : 0) : error(out[i], f);
    const ed = Number.isNaN(df) && !Number.isNaN(z) ? (Number.isNaN(grads[i]) ? Infinity : 0) : error(grads[i], df);
    if (ef > worst.f) Object.assign(worst, { f: ef, fAt: z, fParams: p });
    if (ed > worst.d) Object.assign(worst, { d: ed, dAt: z, dParams: p });
  }
}

const every = process.argv.find((a) => a.startsWith('--every='))?.split('=')[1];
if (every) {
  const [id, lo, hi] = every.split(':');
  const a = ACTIVATIONS.find((b) => b.id === id && b.kind === 'elementwise');
  if (!a || !(Number(lo) <= 0 && Number(hi) >= 0)) {
    console.error(`--every=ID:LO:HI needs an elementwise activation id and LO ≤ 0 ≤ HI (got ${every})`);
    process.exit(2);
  }
  const p = resolveParams(a, {});
  const chunk = 1 << 22;
  const inputs = new Float32Array(chunk);
  const bitsOf = new Uint32Array(inputs.buffer);
  const out = new Float32Array(chunk);
  const grads = new Float32Array(chunk);
  const ones = new Float32Array(chunk).fill(1);
  const worst = { f: 0, fAt: 0, d: 0, dAt: 0 };
  let count = 0;
  // Non-negative floats from +0 up to HI, then negative ones from −0 down to LO (bit patterns in order).
  for (const [sign, limit] of [[0, Number(hi)], [0x80000000, -Number(lo)]]) {
    const top = new Uint32Array(new Float32Array([limit]).buffer)[0];
    for (let start = 0; start <= top; start += chunk) {
      const m = Math.min(chunk, top - start + 1);
      for (let i = 0; i < m; i++) bitsOf[i] = (sign | (start + i)) >>> 0;
      sweep(a, p, inputs.subarray(0, m), out.subarray(0, m), grads.subarray(0, m), ones.subarray(0, m), worst);
      count += m;
    }
  }
  console.log(`${precision} kernels, ${a.id}: every float32 of [${lo}, ${hi}] (${count} inputs): max f ${worst.f.toFixed(4)} ULP at ${worst.fAt}, max f′ ${worst.d.toFixed(4)} ULP at ${worst.dAt}`);
  process.exit(worst.f > 2 || worst.d > 4 ? 1 : 0);
}

let failed = false;
const y = new Float32Array(n);
const d = new Float32Array(n);
const ones = new Float32Array(n).fill(1);
console.log(`${precision} kernels, ${n} random bit patterns + ${n} uniform points of [-20, 20]${paramSets ? `; ${paramSets} random parameter sets per parameterised activation` : ''}`);
console.log(`| activation | max f ULP | at | max f′ ULP | at |`);
console.log('|---|---:|---:|---:|---:|');
for (const a of ACTIVATIONS) {
  if (a.kind !== 'elementwise') continue;
  const p = resolveParams(a, {});
  const worst = { f: 0, fAt: 0, d: 0, dAt: 0 };
  for (const x of [patterns, uniform]) sweep(a, p, x, y, d, ones, worst);
  const names = Object.keys(a.params);
  if (paramSets > 0 && names.length > 0) {
    const m = Math.max(1, n >> 4);
    for (let set = 0; set < paramSets; set++) {
      let q;
      for (let tries = 0; tries < 100 && !q; tries++) {
        try {
          q = resolveParams(a, Object.fromEntries(names.map((name) => [name, randomParameter(a.params[name])])));
        } catch {
          q = undefined;
        }
      }
      if (!q) continue;
      const kinks = a.kinks(q).filter(Number.isFinite).flatMap((k) => Array.from({ length: 129 }, (_, s) => float32Near(k, s - 64)));
      const inputs = Float32Array.from([...patterns.subarray(set * m % n, set * m % n + m), ...uniform.subarray(set * m % n, set * m % n + m), ...kinks]);
      sweep(a, q, inputs, new Float32Array(inputs.length), new Float32Array(inputs.length), new Float32Array(inputs.length).fill(1), worst);
    }
  }
  if (worst.f > 2 || worst.d > 4) failed = true;
  const at = (z, q) => `${z}${q && Object.keys(q).length ? ` ${JSON.stringify(q)}` : ''}`;
  console.log(`| ${a.id} | ${worst.f.toFixed(4)} | ${at(worst.fAt, worst.fParams)} | ${worst.d.toFixed(4)} | ${at(worst.dAt, worst.dParams)} |`);
}
process.exit(failed ? 1 : 0);
