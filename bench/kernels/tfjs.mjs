/**
 * Child of bench/kernels.mjs: TensorFlow.js, backend `cpu` (plain JS) or `wasm` (XNNPACK, SIMD;
 * single-threaded under Node, which has no SharedArrayBuffer workers for it), from the
 * umbrella package `@tensorflow/tfjs` (tf.grad lives there, not in tfjs-core alone).
 *
 * Forward: the activation's op where tfjs has one, else the formula a user would write from tf
 * primitives (`composed`). Backward: `tf.grad(f)(x, dy)` — the vector-Jacobian product with the
 * upstream gradient dy, i.e. dy·f′(x); tfjs records f(x) on its tape to do that, so the forward
 * op runs inside every backward call (as in training). tfjs has no `out=`: every op allocates its
 * output (the WASM backend reuses freed heap; the CPU backend allocates a fresh Float32Array).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { readFloat32, runChild } from './common.mjs';

await runChild(async (task) => {

  // tfjs greets Node users on stderr with advice to install tfjs-node (which cannot install here).
  const warn = console.warn;
  console.warn = (...args) => {
    if (!String(args[0]).includes('tfjs-node')) warn(...args);
  };
  const tf = await import('@tensorflow/tfjs');
  if (task.mode === 'wasm') {
    const wasmBackend = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const files = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    wasmBackend.setWasmPaths(`${files}/`);
  }
  if (!(await tf.setBackend(task.mode))) throw new Error(`tfjs backend ${task.mode} did not initialise`);
  await tf.ready();
  tf.enableProdMode();

  const { params } = task;
  const relu = (v) => tf.relu(v);

  /** id → [f, composed]: f maps a tensor to a tensor. */
  const forwards = {
    sigmoid: [tf.sigmoid, false],
    tanh: [tf.tanh, false],
    relu: [relu, false],
    leaky_relu: [(v) => tf.leakyRelu(v, params.leaky_relu.negative_slope), false],
    prelu: [(v) => tf.prelu(v, tf.scalar(params.prelu.slope)), false],
    elu: [tf.elu, false], // tfjs's ELU has α = 1, the default
    selu: [tf.selu, false],
    swish: [(v) => tf.mul(v, tf.sigmoid(v)), true],
    gelu: [(v) => tf.mul(tf.mul(v, 0.5), tf.add(1, tf.erf(tf.mul(v, Math.SQRT1_2)))), true],
    gelu_tanh: [
      (v) => tf.mul(tf.mul(v, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(v, tf.mul(0.044715, tf.mul(tf.square(v), v))))))),
      true,
    ],
    // linear: tf.clone shares the input's buffer — nothing is computed, so there is nothing to time.
    softplus: [tf.softplus, false],
    log_sigmoid: [tf.logSigmoid, false],
    mish: [(v) => tf.mul(v, tf.tanh(tf.softplus(v))), true],
    celu: [tf.elu, true], // CELU with α = 1 (the default) is ELU
    relu6: [tf.relu6, false],
    hard_tanh: [(v) => tf.clipByValue(v, params.hard_tanh.min_val, params.hard_tanh.max_val), true],
    hard_sigmoid: [(v) => tf.clipByValue(tf.add(tf.mul(v, params.hard_sigmoid.slope), params.hard_sigmoid.offset), 0, 1), true],
    hard_swish: [(v) => tf.mul(v, tf.div(tf.relu6(tf.add(v, 3)), 6)), true],
    softsign: [(v) => tf.div(v, tf.add(1, tf.abs(v))), true],
    squareplus: [(v) => tf.mul(0.5, tf.add(v, tf.sqrt(tf.add(tf.square(v), params.squareplus.b)))), true],
    tanhshrink: [(v) => tf.sub(v, tf.tanh(v)), true],
    softshrink: [(v) => tf.mul(tf.sign(v), tf.relu(tf.sub(tf.abs(v), params.softshrink.lambda))), true],
    // Masks by tf.step, not tf.where(tf.greater(…)): tf.grad cannot differentiate through Greater.
    hardshrink: [(v) => tf.mul(v, tf.step(tf.sub(tf.abs(v), params.hardshrink.lambda))), true],
    threshold: [
      params.threshold.value === 0
        ? (v) => tf.mul(v, tf.step(tf.sub(v, params.threshold.threshold)))
        : (v) => {
            const mask = tf.step(tf.sub(v, params.threshold.threshold));
            return tf.add(tf.mul(v, mask), tf.mul(params.threshold.value, tf.sub(1, mask)));
          },
      true,
    ],
    rrelu: [(v) => tf.leakyRelu(v, (params.rrelu.lower + params.rrelu.upper) / 2), true], // evaluation mode
  };

  const x = tf.tensor1d(readFloat32(task.files.x));
  const dy = tf.tensor1d(readFloat32(task.files.g));

  return {
    info: { backend: tf.getBackend(), version: tf.version.tfjs, simd: task.mode === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : undefined },
    cell(id, direction) {
      const entry = forwards[id];
      if (!entry) return undefined;
      const [f, composed] = entry;
      const gradient = tf.grad(f);
      let y;
      const run = () => {
        y?.dispose();
        y = direction === 'forward' ? tf.tidy(() => f(x)) : tf.tidy(() => gradient(x, dy));
      };
      return { run, composed, output: () => y.dataSync(), dispose: () => y?.dispose() };
    },
    matmul() {
      // tfjs-cpu runs at well under 1 GFLOP/s: it gets a 16th of the rows (same k and n).
      const { k, n } = task.matmul;
      const m = task.mode === 'cpu' ? Math.max(1, Math.floor(task.matmul.m / 16)) : task.matmul.m;
      const data = readFloat32(task.files.a);
      const a = tf.tensor2d(data.subarray(0, m * k), [m, k]);
      const b = tf.tensor2d(readFloat32(task.files.b), [n, k]);
      // The weights may be stored either way round; tfjs-wasm's transposeB path is ~10× slower
      // than its plain one (measured here), so b is also transposed once, outside the timing,
      // and the faster layout (one call each on a few rows, after a warm-up) is the one timed.
      const bt = tf.transpose(b);
      const layouts = [
        { note: 'tf.matMul(a, b, false, true)', product: (left) => tf.matMul(left, b, false, true) },
        { note: 'tf.matMul(a, bᵀ) with bᵀ stored k×n', product: (left) => tf.matMul(left, bt) },
      ];
      const probeRows = Math.min(m, task.mode === 'cpu' ? 16 : 128);
      const probe = tf.tensor2d(data.subarray(0, probeRows * k), [probeRows, k]);
      for (const layout of layouts) {
        tf.dispose(layout.product(probe));
        const started = performance.now();
        tf.dispose(layout.product(probe));
        layout.seconds = performance.now() - started;
      }
      probe.dispose();
      const fastest = layouts.reduce((best, layout) => (layout.seconds < best.seconds ? layout : best));
      let c;
      const run = () => {
        c?.dispose();
        c = fastest.product(a);
      };
      return {
        m,
        k,
        n,
        run,
        note: fastest.note,
        output: () => c.dataSync(),
        dispose: () => {
          c?.dispose();
          tf.dispose([a, b, bt]);
        },
      };
    },
  };
});
