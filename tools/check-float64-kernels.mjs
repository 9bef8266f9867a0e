#!/usr/bin/env node
/**
 * Sweeps the float64 WebAssembly forward kernels of sigmoid, swish and gelu_tanh against their
 * scalar definitions, bit for bit (Object.is), on random doubles from several regions:
 * `npm run build && node tools/check-float64-kernels.mjs [millions per activation]` (default 4).
 * Swish also with β drawn log-uniformly over its whole accepted range. Exit status 1 on any mismatch.
 */
import { getElementwise, resolveParams } from '../dist/activations/index.js';
import { allocateKernelArray, reserveKernelMemory, wasmBackend } from '../dist/kernels/index.js';

const millions = Number(process.argv[2] ?? 4);
const N = 1 << 20;
reserveKernelMemory(2 * 8 * N + 64);
const x = allocateKernelArray(N, 'float64');
const y = allocateKernelArray(N, 'float64');
const bits = new Uint32Array(x.buffer, x.byteOffset, 2 * N);
const sign = () => (Math.random() < 0.5 ? -1 : 1);
const regions = [
  ['uniform(-40, 40)', () => (Math.random() * 2 - 1) * 40],
  ['normal-ish (-4, 4)', () => (Math.random() + Math.random() + Math.random() - 1.5) * 3],
  ['log-uniform magnitude 1e-320…1e300', () => sign() * 10 ** (-320 + Math.random() * 620)],
  ['±[680, 760]', () => sign() * (680 + Math.random() * 80)],
  ['±[17, 31]', () => sign() * (17 + Math.random() * 14)],
  ['any bit pattern', null],
];
let bad = 0;
for (const id of ['sigmoid', 'swish', 'gelu_tanh']) {
  const a = getElementwise(id);
  for (const [regionIndex, [name, draw]] of regions.entries()) {
    let regionBad = 0;
    for (let round = 0; round < Math.max(1, Math.round((millions * 1e6) / N / regions.length)); round++) {
      // swish: β log-uniform over the whole accepted range (5e−324 … max) on every other round
      const params = id === 'swish' && (round + regionIndex) % 2 ? { beta: Math.min(1.7976931348623157e308, (1 + Math.random()) * 2 ** Math.floor(-1074 + Math.random() * 2098)) } : resolveParams(a, {});
      if (draw) for (let i = 0; i < N; i++) x[i] = draw();
      else for (let i = 0; i < 2 * N; i++) bits[i] = (Math.random() * 2 ** 32) >>> 0;
      wasmBackend.forward(a, params, x, y);
      for (let i = 0; i < N; i++) {
        const want = a.f(x[i], params);
        if (!Object.is(y[i], want)) {
          if (regionBad < 5) console.error(`${id}(${x[i]}; ${JSON.stringify(params)}): wasm ${Object.is(y[i], -0) ? '-0' : y[i]}, definition ${Object.is(want, -0) ? '-0' : want}`);
          regionBad++;
        }
      }
    }
    console.log(`${id} ${name}: ${regionBad} mismatches`);
    bad += regionBad;
  }
}
process.exit(bad ? 1 : 0);
