/**
 * `actlab start`'s Fashion-MNIST route (src/cli/serve-data.ts): sizes validated, the binary form
 * read back by the explorer's reader (web/src/real-data-protocol.ts) to the same pixels and
 * labels, and a missing data set answered 404 with the apt command — under the same security
 * headers as every other answer.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSubset, parseSubsetQuery, SUBSET_LIMITS } from '../src/cli/serve-data.js';
import { startExplorerServer, type ExplorerServer } from '../src/cli/serve.js';
import { loadFashionMnistCached, fashionMnistDir } from '../src/data/fashion-mnist.js';
import type { LabelledImages } from '../src/data/types.js';
import { readSubset } from '../web/src/real-data-protocol.js';

function split(count: number, rows: number, cols: number, seed: number): LabelledImages {
  const images = Float32Array.from({ length: count * rows * cols }, (_, i) => ((i * 37 + seed) % 256) / 255);
  const labels = Uint8Array.from({ length: count }, (_, i) => (i + seed) % 10);
  return { count, rows, cols, images, labels };
}

describe('the subset query', () => {
  it('takes decimal integers in range for train and test only; anything else is a message', () => {
    expect(parseSubsetQuery('')).toEqual({ train: 10_000, test: 2_000 });
    expect(parseSubsetQuery('train=2000&test=500')).toEqual({ train: 2000, test: 500 });
    for (const bad of ['train=99', 'train=60001', 'test=10001', 'train=1e3', 'train=-5', 'train=', 'train=2000.5', 'train=%202000', 'other=1', 'test=0x10']) {
      expect(parseSubsetQuery(bad), bad).toHaveProperty('message');
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.constantFrom('train', 'test'), (value, name) => {
        const parsed = parseSubsetQuery(`${name}=${encodeURIComponent(value)}`);
        const limits = SUBSET_LIMITS[name as 'train' | 'test'];
        const ok = /^\d{1,6}$/.test(value) && Number(value) >= limits.min && Number(value) <= limits.max;
        return ok ? (parsed as Record<string, number>)[name] === Number(value) : 'message' in parsed;
      }),
    );
  });

  it('the binary form reads back to the same pixels and labels', () => {
    const train = split(7, 3, 4, 1);
    const test = split(5, 3, 4, 2);
    const subset = readSubset(new Uint8Array(encodeSubset(train, test, 6, 5)).buffer);
    expect([subset.rows, subset.cols, subset.trainLabels.length, subset.testLabels.length]).toEqual([3, 4, 6, 5]);
    expect([...subset.trainPixels]).toEqual([...train.images.subarray(0, 6 * 12)].map((v) => Math.round(v * 255)));
    expect([...subset.testLabels]).toEqual([...test.labels]);
    expect(() => readSubset(new ArrayBuffer(10))).toThrow(/other than/);
    expect(() => readSubset(new Uint8Array(encodeSubset(train, test, 6, 5)).buffer.slice(0, 100))).toThrow(/header says/);
  });
});

describe('GET /data/fashion-mnist', () => {
  let root: string;
  let empty: string;
  let served: ExplorerServer;
  let missing: ExplorerServer;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'actlab-web-'));
    empty = mkdtempSync(join(tmpdir(), 'actlab-no-data-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    served = await startExplorerServer({ root, port: 0 });
    missing = await startExplorerServer({ root, port: 0, dataDir: empty });
  });
  afterAll(async () => {
    await served?.close();
    await missing?.close();
    for (const dir of [root, empty]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the first N images of each split of the installed data set', async () => {
    let data;
    try {
      data = loadFashionMnistCached();
    } catch (error) {
      throw new Error(`Fashion-MNIST is needed in ${fashionMnistDir()}: install it with apt-get install -y dataset-fashion-mnist (${(error as Error).message})`);
    }
    const response = await fetch(`${served.url}data/fashion-mnist?train=300&test=200`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const subset = readSubset(await response.arrayBuffer());
    expect([subset.rows, subset.cols, subset.trainLabels.length, subset.testLabels.length]).toEqual([28, 28, 300, 200]);
    expect([...subset.testLabels]).toEqual([...data.test.labels.subarray(0, 200)]);
    expect(subset.trainPixels[784 * 299 + 400]).toBe(Math.round((data.train.images[784 * 299 + 400] as number) * 255));
    const bad = await fetch(`${served.url}data/fashion-mnist?train=1000000`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/train must be an integer from 100 to 60000/);
  });

  it('answers 404 with the apt command when the data set is missing', async () => {
    const response = await fetch(`${missing.url}data/fashion-mnist`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const body = (await response.json()) as { message: string; command: string };
    expect(body.command).toBe('apt-get install -y dataset-fashion-mnist');
    expect(body.message).toContain('apt-get install -y dataset-fashion-mnist');
  });

  it('keeps answering other requests while it reads the data set for the first time', async () => {
    // A folder of links to the installed files: another cache key, so this server reads cold.
    const cold = mkdtempSync(join(tmpdir(), 'actlab-cold-data-'));
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      symlinkSync(join(fashionMnistDir(), `${name}.gz`), join(cold, `${name}.gz`));
    }
    const server = await startExplorerServer({ root, port: 0, dataDir: cold });
    try {
      const order: string[] = [];
      const data = fetch(`${server.url}data/fashion-mnist?train=1000&test=200`).then(async (r) => {
        await r.arrayBuffer();
        order.push(`data ${r.status}`);
      });
      await new Promise((done) => setTimeout(done, 30));
      const started = performance.now();
      const page = await fetch(server.url);
      await page.text();
      order.push(`page ${page.status}`);
      const pageMs = performance.now() - started;
      await data;
      console.log(`the page answered in ${pageMs.toFixed(0)} ms while the data set was read`);
      expect(order).toEqual(['page 200', 'data 200']);
    } finally {
      await server.close();
      rmSync(cold, { recursive: true, force: true });
    }
  }, 60_000);
});
