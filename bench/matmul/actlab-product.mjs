/**
 * One timing of actlab's float32 matrix product straight on a generated module (strict or relaxed
 * SIMD), shared by bench/matmul-browser.mjs (in a page) and bench/matmul-modules.mjs (in Node).
 */
/**
 * The float32 product in one generated actlab module (its base64 text), timed `reps` times after a
 * warm-up with the operands in the module's memory and B packed once: seconds per call and the
 * largest |error| / Σ|ab| at the sample entries. Self-contained (no imports, no closures), so a
 * page can run it too (playwright's page.evaluate).
 */
export async function actlabProduct({ base64, m, k, n, reps, samples }) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('abort'); } } }));
  } catch (error) {
    return { error: String(error) };
  }
  const e = instance.exports;
  const panels = Math.ceil(n / 8) * 8;
  const floats = [m * k, n * k, m * n, panels * k, 128 * 384];
  let at = 2 ** 21;
  const offsets = floats.map((count) => ((at += Math.ceil((count * 4) / 16) * 16), at - Math.ceil((count * 4) / 16) * 16));
  e.memory.grow(Math.ceil((at - e.memory.buffer.byteLength) / 65536) + 1);
  const [A, B, C, P, S] = offsets;
  const f = new Float32Array(e.memory.buffer);
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  for (let i = 0; i < m * k; i++) f[A / 4 + i] = next();
  for (let i = 0; i < n * k; i++) f[B / 4 + i] = next();
  e.matmulPackF32(B, n, k, P);
  e.matmulF32(A, P, C, 0, m, n, k, 0, m, 0, S);
  const seconds = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    e.matmulF32(A, P, C, 0, m, n, k, 0, m, 0, S);
    seconds.push((performance.now() - t) / 1000);
  }
  const view = new Float32Array(e.memory.buffer);
  const check = samples.map((index) => {
    const i = Math.floor(index / n), j = index % n;
    let sum = 0, scale = 0;
    for (let p = 0; p < k; p++) {
      const t = view[A / 4 + i * k + p] * view[B / 4 + j * k + p];
      sum += t;
      scale += Math.abs(t);
    }
    return Math.abs(view[C / 4 + index] - sum) / scale;
  });
  return { seconds, maxError: Math.max(...check) };
}
