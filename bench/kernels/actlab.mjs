/**
 * Child of bench/kernels.mjs: actlab's own columns, from the built package in dist/.
 *
 * Modes: `auto` — whatever `forward`/`backward` dispatch to by default; `ts` — WebAssembly
 * turned off (`setWasmEnabled(false)`) and the plain TypeScript backend installed; `backend:NAME`
 * — the KernelBackend exported from dist/kernels/index.js as NAME (e.g. a WASM one), installed
 * with `setBackend`. Any of them also times `TypedArray.prototype.set` (the `copy` request), the
 * memory-bound limit. Outputs go into one preallocated buffer reused by every call (`out`), as a
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

  const x = readFloat32(task.files.x);
  const out = new Float32Array(task.elements);

  if (task.mode === 'ts') {
    wasm.setWasmEnabled(false);
    kernels.setBackend(kernels.jsBackend);
  } else if (task.mode.startsWith('backend:')) {
    const name = task.mode.slice('backend:'.length);
    kernels.setBackend(kernels[name]);
  }

  const g = readFloat32(task.files.g);
  // One call so that a lazily chosen backend has chosen before it is named.
  kernels.forward('relu', x.subarray(0, 16), { out: out.subarray(0, 16) });

  return {
    info: { backend: kernels.getBackend().name, wasmLoaded: wasm.wasmKernels() !== undefined },
    cell(id, direction) {
      const run =
        direction === 'forward'
          ? () => kernels.forward(id, x, { out })
          : () => kernels.backward(id, x, g, { out });
      return { run, output: () => out };
    },
    matmul() {
      const { m, k, n } = task.matmul;
      const a = readFloat32(task.files.a);
      const b = readFloat32(task.files.b);
      const c = new Float32Array(m * n);
      return { m, k, n, run: () => matmulTransposeB(a, b, m, k, n, c), output: () => c };
    },
    copy: () => out.set(x),
  };
});
