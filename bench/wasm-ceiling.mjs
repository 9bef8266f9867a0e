#!/usr/bin/env node
/**
 * The arithmetic ceiling of WebAssembly SIMD on this machine, one thread: register-only loops of
 * independent f32x4 / f64x2 multiplies and adds (no memory traffic), compiled from a tiny
 * AssemblyScript module with the compiler in node_modules. Strict WebAssembly SIMD has no fused
 * multiply-add, so the strict module's matrix product costs one mul and one add per
 * multiply-accumulate and its peak is the mul + add row below; where relaxed SIMD is available
 * (the npm script passes --experimental-wasm-relaxed-simd to Node 20) the relaxed_madd rows give
 * the relaxed module's peak.
 *
 * The clock is estimated from a chain of dependent scalar f64 adds (each waits for the previous
 * one): GHz = latency in cycles ÷ ns per add. The latency is an assumption (3 cycles on AMD Zen 2–5;
 * Intel since Skylake has 4 — pass --add-latency N): hardware cycle counters are usually not
 * available under a hypervisor. Usage: node bench/wasm-ceiling.mjs [--json] [--add-latency N] [--seconds S]
 */
import asc from 'assemblyscript/asc';
import os from 'node:os';

const args = process.argv.slice(2);
const json = args.includes('--json');
const latencyArg = args.indexOf('--add-latency');
const addLatency = latencyArg >= 0 ? Number(args[latencyArg + 1]) : 3;
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 0.4;
if (args.includes('--help')) {
  console.log('usage: node bench/wasm-ceiling.mjs [--json] [--add-latency CYCLES (default 3)] [--seconds PER_SAMPLE (default 0.4)]');
  process.exit(0);
}

/** One loop of `chains` independent mul chains (x = x·m) and add chains (s = s + x), unrolled `unroll` times. */
function mulAdd(name, type, chains, unroll, withMul = true, withAdd = true) {
  const v = type === 'f32' ? 'f32x4' : 'f64x2';
  const lines = [`export function ${name}(n: i32, m: ${type}, d: ${type}): ${type} {`];
  lines.push(`  const vm = ${v}.splat(m); const vd = ${v}.splat(d);`);
  for (let c = 0; c < chains; c++) {
    lines.push(`  let x${c} = ${v}.splat(<${type}>${1 + c / 64}); let s${c} = ${v}.splat(<${type}>${c});`);
  }
  lines.push('  for (let i = 0; i < n; i++) {');
  for (let u = 0; u < unroll; u++) {
    for (let c = 0; c < chains; c++) {
      if (withMul) lines.push(`    x${c} = ${v}.mul(x${c}, vm);`);
      if (withAdd) lines.push(`    s${c} = ${v}.add(s${c}, ${withMul ? `x${c}` : 'vd'});`);
    }
  }
  lines.push('  }');
  const terms = [];
  for (let c = 0; c < chains; c++) terms.push(`${v}.extract_lane(x${c}, 0) + ${v}.extract_lane(s${c}, 1)`);
  lines.push(`  return ${terms.join(' + ')};`, '}');
  return lines.join('\n');
}

/** One loop of `chains` independent fused multiply-add chains (s = s·m + d, f32x4.relaxed_madd), unrolled `unroll` times. */
function fused(name, chains, unroll) {
  const lines = [`export function ${name}(n: i32, m: f32, d: f32): f32 {`, '  const vm = f32x4.splat(m); const vd = f32x4.splat(d);'];
  for (let c = 0; c < chains; c++) lines.push(`  let s${c} = f32x4.splat(<f32>${c});`);
  lines.push('  for (let i = 0; i < n; i++) {');
  for (let u = 0; u < unroll; u++) for (let c = 0; c < chains; c++) lines.push(`    s${c} = f32x4.relaxed_madd(s${c}, vm, vd);`);
  lines.push('  }');
  lines.push(`  return ${Array.from({ length: chains }, (_, c) => `f32x4.extract_lane(s${c}, 0)`).join(' + ')};`, '}');
  return lines.join('\n');
}

/** A chain of dependent scalar adds (s = s + d), `unroll` per iteration: its time per add is the add latency. */
function chain(name, unroll) {
  const lines = [`export function ${name}(n: i32, m: f64, d: f64): f64 {`, '  let s = m;', '  for (let i = 0; i < n; i++) {'];
  for (let u = 0; u < unroll; u++) lines.push('    s = s + d;');
  lines.push('  }', '  return s;', '}');
  return lines.join('\n');
}

const UNROLL = 8;
const kernels = [
  // [export name, description, type, flops per iteration, source]
  ...[4, 6, 8].map((c) => [`f32ma${c}`, `f32x4 mul + add, ${c}+${c} chains`, 'f32', 2 * 4 * c * UNROLL, mulAdd(`f32ma${c}`, 'f32', c, UNROLL)]),
  [`f32mul`, 'f32x4 mul only, 8 chains', 'f32', 4 * 8 * UNROLL, mulAdd('f32mul', 'f32', 8, UNROLL, true, false)],
  [`f32add`, 'f32x4 add only, 8 chains', 'f32', 4 * 8 * UNROLL, mulAdd('f32add', 'f32', 8, UNROLL, false, true)],
  ...[4, 6, 8].map((c) => [`f64ma${c}`, `f64x2 mul + add, ${c}+${c} chains`, 'f64', 2 * 2 * c * UNROLL, mulAdd(`f64ma${c}`, 'f64', c, UNROLL)]),
  [`f64mul`, 'f64x2 mul only, 8 chains', 'f64', 2 * 8 * UNROLL, mulAdd('f64mul', 'f64', 8, UNROLL, true, false)],
  [`f64add`, 'f64x2 add only, 8 chains', 'f64', 2 * 8 * UNROLL, mulAdd('f64add', 'f64', 8, UNROLL, false, true)],
];
// Relaxed SIMD (Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd; `npm run bench:ceiling` passes the flag):
// the fused multiply-add rows, the peak of the relaxed module's float32 matrix product.
const RELAXED_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0, ...[0, 1, 2].flatMap(() => [253, 12, ...new Array(16).fill(0)]), 253, 133, 2, 11]);
const relaxed = WebAssembly.validate(RELAXED_PROBE);
if (relaxed) kernels.push(...[4, 8, 12].map((c) => [`f32fma${c}`, `f32x4 relaxed_madd, ${c} chains`, 'f32', 2 * 4 * c * UNROLL, fused(`f32fma${c}`, c, UNROLL)]));
const CHAIN = 32;
const source = [...kernels.map((k) => k[4]), chain('latency', CHAIN)].join('\n\n');

const { error, binary, stderr } = await asc.compileString(source, { optimizeLevel: 3, runtime: 'stub', enable: relaxed ? ['simd', 'relaxed-simd'] : ['simd'], noAssert: true });
if (error || !binary) {
  console.error(stderr.toString());
  throw error ?? new Error('no binary');
}
const { instance } = await WebAssembly.instantiate(binary);
const fns = instance.exports;

/** Seconds for fn(n) after a warm-up, as the median of several samples of ~`seconds` each. */
function time(fn, m, d) {
  let n = 1000;
  for (;;) {
    const t0 = process.hrtime.bigint();
    fn(n, m, d);
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (dt > seconds / 4) {
      n = Math.max(1, Math.round((n * seconds) / dt));
      break;
    }
    n *= 4;
  }
  const samples = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    fn(n, m, d);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e9 / n);
  }
  samples.sort((a, b) => a - b);
  return samples[3];
}

const rows = [];
for (const [name, label, type, flops] of kernels) {
  // m = 1 keeps every value finite and normal (no denormal slow paths); d = 0.5.
  const perIteration = time(fns[name], 1, 0.5);
  rows.push({ kernel: label, type, gflopPerSec: flops / perIteration / 1e9 });
}
const nsPerAdd = (time(fns.latency, 0, 1e-9) / CHAIN) * 1e9;
const clockGHz = addLatency / nsPerAdd;
const clockSource = `dependent f64 add chain: ${nsPerAdd.toFixed(3)} ns per add, assumed latency ${addLatency} cycles`;
const best = (type) => Math.max(...rows.filter((r) => r.type === type && r.kernel.includes('mul + add')).map((r) => r.gflopPerSec));
const peak = { f32: best('f32'), f64: best('f64') };
const fusedPeak = relaxed ? Math.max(...rows.filter((r) => r.kernel.includes('relaxed_madd')).map((r) => r.gflopPerSec)) : undefined;
const result = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
  clockGHz,
  clockSource,
  rows,
  peakGflopPerSec: peak,
  relaxedSimd: relaxed,
  fusedPeakGflopPerSec: fusedPeak,
  flopsPerCycle: { f32: peak.f32 / clockGHz, f64: peak.f64 / clockGHz },
};
if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`WebAssembly SIMD ceiling, one thread — ${result.cpu}, Node ${result.node}`);
  console.log(`clock ≈ ${clockGHz.toFixed(2)} GHz (${clockSource})\n`);
  console.log('kernel                                GFLOP/s   flop/cycle');
  for (const row of rows) {
    console.log(`${row.kernel.padEnd(36)} ${row.gflopPerSec.toFixed(1).padStart(8)}   ${(row.gflopPerSec / clockGHz).toFixed(1).padStart(10)}`);
  }
  console.log(`\npeak (mul + add, the strict module's matrix product): f32 ${peak.f32.toFixed(1)} GFLOP/s, f64 ${peak.f64.toFixed(1)} GFLOP/s per core`);
  if (fusedPeak !== undefined) console.log(`peak (relaxed_madd, the relaxed module's float32 matrix product): f32 ${fusedPeak.toFixed(1)} GFLOP/s per core`);
  else console.log('relaxed SIMD unavailable here (Node 20 needs --experimental-wasm-relaxed-simd): no fused multiply-add rows');
}
