/**
 * The "Real data" panel in headless Chromium: MLPs trained in the page's workers on a subset of
 * Fashion-MNIST served by `actlab start` learn (test accuracy well above chance), the accuracy
 * chart and the grid of misclassified images appear, Stop ends the workers at once, and with no
 * data set the panel shows how to install it.
 *
 * Needs the data set (apt-get install -y dataset-fashion-mnist): fails without it, never skips.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startExplorerServer } from '../../src/cli/serve.js';
import { fashionMnistDir } from '../../src/data/fashion-mnist.js';
import { browser, requireBrowser, server, useExplorer, WEB } from './harness.js';

useExplorer();

function requireData(): void {
  const dir = fashionMnistDir();
  if (!existsSync(join(dir, 'train-images-idx3-ubyte.gz')) && !existsSync(join(dir, 'train-images-idx3-ubyte'))) {
    throw new Error(`Fashion-MNIST is not in ${dir}: install it with apt-get install -y dataset-fashion-mnist (or point ACTLAB_FASHION_MNIST at a folder of its IDX files)`);
  }
}

/** Opens a page on `base` with the query; records errors and the workers started and closed. */
async function openPanel(base: string, query: string) {
  requireBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const workers = { started: 0, closed: 0 };
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 404/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  page.on('worker', (worker) => {
    if (!worker.url().includes('real-data-worker')) return;
    workers.started += 1;
    worker.on('close', () => (workers.closed += 1));
  });
  // Terminations counted in the page, as they are asked for (Playwright reports a worker's close later).
  await page.addInitScript(() => {
    const w = window as unknown as { __terminated: number };
    w.__terminated = 0;
    const terminate = Worker.prototype.terminate;
    Worker.prototype.terminate = function (this: Worker) {
      w.__terminated += 1;
      terminate.call(this);
    };
  });
  await page.goto(`${base}?panel=data&${query}`);
  return { page, errors, workers };
}

/** The summary table's rows: activation id, test accuracy (fraction), epochs done, ms per epoch. */
async function summary(page: Page): Promise<{ id: string; accuracy: number; epochs: number; ms: number }[]> {
  return page.$$eval('[data-panel=data] .real-data-summary tbody tr', (rows) =>
    rows.map((row) => ({
      id: (row as HTMLElement).dataset.activation ?? '',
      accuracy: Number.parseFloat(row.querySelector('.accuracy')?.textContent ?? '') / 100,
      epochs: Number(row.querySelector('.epochs')?.textContent),
      ms: Number(row.querySelector('.ms-per-epoch')?.textContent),
    })),
  );
}

describe('real data panel', () => {
  it('trains two activations on a Fashion-MNIST subset: accuracy well above chance, chart and misclassified grid', async () => {
    requireData();
    const { page, errors, workers } = await openPanel(server.url, 'r.acts=relu,gelu&r.train=2000&r.test=500&r.epochs=2');
    await page.click('[data-panel=data] button.run');
    await page.waitForSelector('[data-panel=data][data-ready=true] .mis-grid canvas', { timeout: 120_000 });
    const rows = await summary(page);
    console.log(`real data (2000/500, 2 epochs, 256,128): ${rows.map((r) => `${r.id} ${(100 * r.accuracy).toFixed(1)}% ${r.ms} ms/epoch`).join('; ')}`);
    expect(rows.map((r) => r.id)).toEqual(['relu', 'gelu']);
    for (const row of rows) {
      expect(row.epochs).toBe(2);
      expect(row.accuracy).toBeGreaterThanOrEqual(0.6);
    }
    expect(await page.locator('[data-panel=data] .plot svg').count()).toBe(1);
    const chart = await page.innerHTML('[data-panel=data] .plot');
    expect(chart).toContain('test accuracy');
    const cells = page.locator('[data-panel=data] .mis-grid figure');
    expect(await cells.count()).toBeGreaterThan(0);
    const canvas = await page.$eval('[data-panel=data] .mis-grid canvas', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(canvas).toEqual([56, 56]);
    expect(await cells.first().locator('figcaption').textContent()).toMatch(/T-shirt|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot/);
    // The other activation's grid, chosen in the select.
    await page.selectOption('[data-panel=data] .real-data-pick select', 'gelu');
    expect(await page.getAttribute('[data-panel=data] .real-data-pick', 'data-chosen')).toBe('gelu');
    expect(workers).toEqual({ started: 2, closed: 2 });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('Stop ends the workers at once and keeps the chart so far', async () => {
    requireData();
    const { page, errors, workers } = await openPanel(server.url, 'r.acts=relu,tanh,elu&r.train=5000&r.test=500&r.epochs=30');
    await page.click('[data-panel=data] button.run');
    await page.waitForFunction(() => document.querySelectorAll('[data-panel=data] .real-data-summary tbody tr').length > 0, undefined, { timeout: 120_000 });
    expect(workers.started).toBe(2); // two at once, the third waits
    const stopped = Date.now();
    const terminatedBefore = await page.evaluate(() => (window as unknown as { __terminated: number }).__terminated);
    await page.click('[data-panel=data] button.stop');
    expect(await page.getAttribute('[data-panel=data]', 'data-ready')).toBe('stopped');
    // Both training workers terminated by the click itself.
    expect(await page.evaluate(() => (window as unknown as { __terminated: number }).__terminated) - terminatedBefore).toBe(2);
    await expect.poll(() => workers.closed, { timeout: 5000 }).toBe(workers.started);
    console.log(`real data: both workers closed ${Date.now() - stopped} ms after Stop (as Playwright sees it)`);
    const before = await summary(page);
    await page.waitForTimeout(1000);
    expect(await summary(page)).toEqual(before);
    expect(workers.started).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('with no data set, the panel shows the message naming the apt package', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'actlab-no-data-'));
    const missing = await startExplorerServer({ root: WEB, port: 0, dataDir: empty });
    try {
      const { page, errors } = await openPanel(missing.url, '');
      await page.waitForSelector('[data-panel=data] .data-missing', { timeout: 60_000 });
      const text = await page.textContent('[data-panel=data] .data-missing');
      expect(text).toContain('apt-get install -y dataset-fashion-mnist');
      expect(await page.textContent('[data-panel=data] .data-missing code')).toBe('apt-get install -y dataset-fashion-mnist');
      // Run says so too, instead of a blank.
      await page.click('[data-panel=data] button.run');
      await page.waitForSelector('[data-panel=data][data-ready=error]');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await missing.close();
      rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);
});
