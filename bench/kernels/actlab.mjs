/**
 * Child of bench/kernels.mjs: actlab's own columns, from the built package in dist/.
 *
 * Modes: `auto` — whatever `forward`/`backward` dispatch to by default; `zero-copy` — the same
 * on arrays allocated in the WebAssembly module's memory (`allocateKernelArray`); `ts` — WebAssembly
 * turned off (`setWasmEnabled(false)`) and the plain TypeScript backend installed; `backend:NAME`
 * — the KernelBackend exported from dist/kernels/index.js as NAME (e.g. a WASM one), installed
 * with `setBackend`. Any of them also times `TypedArray.prototype.set` (the `copy` request), the
 * memory-bound limit, and in zero-copy mode the `stream` request: the identity kernels between
 * arrays in the module's memory, the ceiling of any WebAssembly kernel. Outputs go into one preallocated buffer reused by every call (`out`), as a
 * training loop would.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { readFloat32, runChild } from './common.mjs';

await runChild(async (task) => {
  const dist = (file) => import(pathToFileURL(join(task.dist, file)).href);
  const kernels = await dist('kernels/index.js');
  const wasm = await dist('wasm/index.js');
  const { matmulTransposeB } = await dist('kernels/matmul.js');

  const zeroCopy = task.mode === 'zero-copy';
  // Zero-copy: inputs and output allocated in the WebAssembly module's memory (reserved first,
  // since growing the memory detaches earlier views), filled once outside the timing.
  if (zeroCopy) kernels.reserveKernelMemory(3 * task.elements * 4 + (1 << 20));
  const place = (values) => {
    if (!zeroCopy) return values;
    const array = kernels.allocateKernelArray(values.length, 'float32');
    array.set(values);
    return array;
  };
  const x = place(readFloat32(task.files.x));
  const out = zeroCopy ? kernels.allocateKernelArray(task.elements, 'float32') : new Float32Array(task.elements);

  if (task.mode === 'ts') {
    wasm.setWasmEnabled(false);
    kernels.setBackend(kernels.jsBackend);
  } else if (task.mode.startsWith('backend:')) {
    const name = task.mode.slice('backend:'.length);
    kernels.setBackend(kernels[name]);
  }

  const g = place(readFloat32(task.files.g));
  // One call so that a lazily chosen backend has chosen before it is named.
  kernels.forward('relu', x.subarray(0, 16), { out: out.subarray(0, 16) });

  return {
    info: { backend: kernels.getBackend().name, wasmLoaded: wasm.wasmKernels() !== undefined, wasmModule: wasm.wasmModuleKind() ?? 'none' },
    cell(id, direction) {
      const run =
        direction === 'forward'
          ? () => kernels.forward(id, x, { out })
          : () => kernels.backward(id, x, g, { out });
      return { run, output: () => out };
    },
    async matmul(threads = 1) {
      const { enableMatmulThreads } = await dist('node/threads.js');
      enableMatmulThreads(threads);
      const { m, k, n } = task.matmul;
      const a = readFloat32(task.files.a);
      const b = readFloat32(task.files.b);
      const c = new Float32Array(m * n);
      return { m, k, n, run: () => matmulTransposeB(a, b, m, k, n, c), output: () => c };
    },
    copy: () => out.set(x),
    // The WebAssembly stream ceiling: the identity kernels on arrays in the module's memory
    // (v128 loads and stores, nothing computed) — one array in and one out, two in and one out.
    ...(zeroCopy
      ? { streams: { forward: () => kernels.forward('linear', x, { out }), backward: () => kernels.backward('linear', x, g, { out }) } }
      : {}),
  };
});
