import ort from 'onnxruntime-node';
import { encodeModel } from './onnx-encode.mjs';
const bytes = encodeModel({ inputs: [{ name: 'x', dims: ['n'] }], outputs: [{ name: 'y', dims: ['n'] }],
  nodes: [{ op: 'Sigmoid', inputs: ['x'], outputs: ['y'] }] });
const opts = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
const s = await ort.InferenceSession.create(bytes, opts);
const n = 1 << 24;
const x = new Float32Array(n); for (let i = 0; i < n; i++) x[i] = Math.random() * 16 - 8;
const out = new Float32Array(n);
const xt = new ort.Tensor('float32', x, [n]); const yt = new ort.Tensor('float32', out, [n]);
for (let r = 0; r < 4; r++) { const t0 = performance.now(); const res = await s.run({ x: xt }, { y: yt }); console.log('prealloc', (n / (performance.now() - t0) / 1e3).toFixed(0), res.y.data === out, out[5], 1/(1+Math.exp(-x[5]))); }
for (let r = 0; r < 4; r++) { const t0 = performance.now(); const res = await s.run({ x: xt }); console.log('alloc', (n / (performance.now() - t0) / 1e3).toFixed(0)); }
