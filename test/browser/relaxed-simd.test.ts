/**
 * The relaxed-SIMD module in Chromium (which has relaxed SIMD since 114): the explorer's compute
 * workers detect it and load the relaxed module (a chunk of its own, fetched only then), and the
 * footer says so (`data-wasm-module`); the module the page fetched, run in Chromium's engine
 * beside the strict one, gives float32 products within the summation bound of a float64
 * reference — with fused multiply-adds, so some entries differ from the strict module's — and
 * float64 products with the strict module's bits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open, ROOT, useExplorer, WEB } from './harness.js';

useExplorer();

/** The base64 text of a generated module (src/wasm/generated), as Node reads it. */
function base64Of(file: string): string {
  const text = readFileSync(join(ROOT, 'src', 'wasm', 'generated', file), 'utf8');
  const start = text.indexOf("return '") + 8;
  return text.slice(start, text.indexOf("'", start));
}

interface Outcome {
  error?: string;
  worst32: number;
  differing32: number;
  differing64: number;
}

/**
 * In the page: the strict module (base64 given) and the relaxed one (its chunk's text fetched
 * from the server) on the same operands; float32 worst |error| / ((k + 2)·Σ|ab|) of the relaxed
 * product, and how many entries differ between the modules in float32 and in float64.
 */
async function compareInPage({ strict, relaxedUrl, m, k, n }: { strict: string; relaxedUrl: string; m: number; k: number; n: number }): Promise<Outcome> {
  const chunk = await (await fetch(relaxedUrl)).text();
  const relaxed = /'([A-Za-z0-9+/=]{1000,})'|"([A-Za-z0-9+/=]{1000,})"/.exec(chunk);
  if (!relaxed) return { error: `no base64 module in ${relaxedUrl}`, worst32: NaN, differing32: NaN, differing64: NaN };
  const decode = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const load = async (text: string) =>
    (await WebAssembly.instantiate(decode(text), { env: { abort: () => { throw new Error('abort'); } } })).instance.exports as Record<string, unknown>;
  let seed = 99;
  const a = Array.from({ length: m * k }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1);
  const b = Array.from({ length: n * k }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1);
  const run = (e: Record<string, unknown>, f64: boolean): Float32Array | Float64Array => {
    const memory = e.memory as WebAssembly.Memory;
    const size = f64 ? 8 : 4;
    if (memory.buffer.byteLength < 2 ** 24) memory.grow((2 ** 24 - memory.buffer.byteLength) / 65536);
    const [A, B, C, P, S] = [2 ** 21, 2 ** 21 + 2 ** 20, 2 ** 21 + 2 ** 21, 2 ** 21 + 3 * 2 ** 20, 2 ** 23];
    const Type = f64 ? Float64Array : Float32Array;
    new Type(memory.buffer, A, m * k).set(a);
    new Type(memory.buffer, B, n * k).set(b);
    const call = (name: string, ...args: number[]) => (e[name] as (...x: number[]) => void)(...args);
    call(f64 ? 'matmulPackF64' : 'matmulPackF32', B, n, k, P);
    call(f64 ? 'matmulF64' : 'matmulF32', A, P, C, 0, m, n, k, 0, m, 0, S);
    return new Type(memory.buffer.slice(C, C + m * n * size));
  };
  const [strictExports, relaxedExports] = [await load(strict), await load(relaxed[1] ?? relaxed[2] ?? '')];
  const s32 = run(strictExports, false), r32 = run(relaxedExports, false);
  const s64 = run(strictExports, true), r64 = run(relaxedExports, true);
  let worst32 = 0, differing32 = 0, differing64 = 0;
  const a32 = Float32Array.from(a), b32 = Float32Array.from(b);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let exact = 0, magnitude = 0;
      for (let p = 0; p < k; p++) {
        const t = (a32[i * k + p] as number) * (b32[j * k + p] as number);
        exact += t;
        magnitude += Math.abs(t);
      }
      worst32 = Math.max(worst32, Math.abs((r32[i * n + j] as number) - exact) / magnitude / (k + 2));
      if (r32[i * n + j] !== s32[i * n + j]) differing32++;
      if (!Object.is(r64[i * n + j], s64[i * n + j])) differing64++;
    }
  }
  return { worst32, differing32, differing64 };
}

describe('the relaxed-SIMD module in Chromium', () => {
  it('the explorer loads it in its workers and says so in the footer', async () => {
    const { page, errors } = await open('');
    const footer = page.locator('footer.foot[data-wasm-module]');
    await footer.waitFor({ timeout: 60_000 });
    expect(await footer.getAttribute('data-wasm-module')).toBe('relaxed');
    expect(await footer.textContent()).toContain('relaxed SIMD');
    // The workers fetched the relaxed chunk (their own resource timing: the page's does not see a worker's imports).
    const fetched = await Promise.all(page.workers().map((worker) => worker.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((name) => /binary-relaxed/.test(name)))));
    expect(fetched.flat().length, 'the relaxed chunk is fetched by the workers').toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('gives float32 products within the summation bound (fused: some entries differ from the strict module) and float64 with its bits', async () => {
    const { page } = await open('');
    const chunk = readdirSync(join(WEB, 'assets')).find((name) => /^binary-relaxed-.*\.js$/.test(name));
    expect(chunk, 'dist/web has the relaxed module as a chunk of its own').toBeDefined();
    const relaxedUrl = `/assets/${chunk}`;
    const [m, k, n] = [37, 900, 29];
    const outcome = await page.evaluate(compareInPage, { strict: base64Of('binary.ts'), relaxedUrl, m, k, n });
    console.log(`Chromium, ${m}×${k}·(${n}×${k})ᵀ: relaxed float32 worst error / ((k + 2)·Σ|ab|) ${outcome.worst32.toExponential(2)}; entries differing from strict: float32 ${outcome.differing32} of ${m * n}, float64 ${outcome.differing64}`);
    expect(outcome.error).toBeUndefined();
    expect(outcome.worst32).toBeLessThanOrEqual(2 ** -24);
    expect(outcome.differing32, 'relaxed_madd fuses on this CPU (FMA), so some float32 entries change').toBeGreaterThan(0);
    expect(outcome.differing64).toBe(0);
    await page.close();
  });
});
