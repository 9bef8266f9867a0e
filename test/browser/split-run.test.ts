/**
 * Dead neurons' runs split by activation over two compute workers (web/src/run-lanes.ts): the
 * page shows one run — its printout is `actlab run`'s for the whole list, to the character —
 * both workers compute, and Stop or a new setting terminates both.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiments/index.js';
import { browser, ready, requireBrowser, server, useExplorer } from './harness.js';

useExplorer();

interface Watched {
  page: Page;
  errors: string[];
  /** Compute workers started and closed so far (the charts worker is not counted). */
  computeWorkers(): { started: number; closed: number };
}

async function openWatched(query: string): Promise<Watched> {
  requireBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  let started = 0;
  let closed = 0;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('worker', (worker) => {
    if (!/compute-worker/.test(worker.url())) return;
    started++;
    worker.on('close', () => closed++);
  });
  await page.goto(`${server.url}${query}`);
  return { page, errors, computeWorkers: () => ({ started, closed }) };
}

const DEFAULT_SET = { parts: 'training', strategies: 'negative_bias', activations: 'relu,leaky_relu,elu', learningRate: '0.5', optimizer: 'sgd', epochs: '60', hidden: '32,32' };

/** Requests the page made to compute workers: counted in the page by wrapping Worker.prototype.postMessage. */
async function countRunRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __runs: string[] };
    w.__runs = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const request = (message as { request?: { kind?: string; set?: { activations?: string } } }).request;
      if (request?.kind === 'experiment') w.__runs.push(request.set?.activations ?? '');
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    } as typeof post;
  });
}

describe('dead neurons split over two workers', () => {
  it('the default run: two workers compute a slice each, and the printout is actlab run’s for the whole list', async () => {
    requireBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await countRunRequests(page);
    await page.goto(`${server.url}?panel=dead`);
    await ready(page, 'dead');
    const cli = runExperiment('dead-neurons', { seed: 42, rng: 'default', set: DEFAULT_SET });
    expect(await page.textContent('[data-panel=dead] pre.printout')).toBe(cli.report);
    expect(await page.textContent('[data-panel=dead] code.cli')).toContain('--set activations=relu,leaky_relu,elu');
    expect(await page.evaluate(() => (window as unknown as { __runs: string[] }).__runs)).toEqual(['relu,leaky_relu', 'elu']);
    // The summary table lists every activation of the merged run, in order.
    const rows = await page.locator('[data-panel=dead] table.numbers tbody th').allTextContents();
    expect(rows).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('four activations, another seed and numpy’s generator: the same printout as actlab run', async () => {
    const { page, errors } = await openWatched('?panel=dead&d.acts=relu,elu,gelu,tanh&seed=9&rng=numpy&d.epochs=20&d.hidden=16');
    await ready(page, 'dead');
    const set = { ...DEFAULT_SET, activations: 'relu,elu,gelu,tanh', epochs: '20', hidden: '16' };
    expect(await page.textContent('[data-panel=dead] pre.printout')).toBe(runExperiment('dead-neurons', { seed: 9, rng: 'numpy', set }).report);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('Stop terminates both workers at once; a new setting mid-run cancels both and shows only the new run', async () => {
    const { page, errors, computeWorkers } = await openWatched('?panel=dead&d.epochs=500&d.hidden=128,128,128');
    await page.waitForSelector('[data-panel=dead][data-running=true]', { timeout: 30_000 });
    await page.waitForTimeout(300);
    const before = computeWorkers().closed;
    await page.click('[data-panel=dead] button.stop');
    expect(await page.getAttribute('[data-panel=dead]', 'data-ready')).toBe('stopped');
    await expect.poll(() => computeWorkers().closed - before, { timeout: 5000 }).toBeGreaterThanOrEqual(2);

    // A new run, then a new setting while it runs: both of its workers are terminated too.
    const epochs = page.getByRole('spinbutton', { name: 'Epochs (value)' });
    await epochs.fill('400');
    await epochs.press('Enter');
    await page.waitForSelector('[data-panel=dead][data-running=true]', { timeout: 30_000 });
    await page.waitForTimeout(300);
    const running = computeWorkers().closed;
    await epochs.fill('3');
    await epochs.press('Enter');
    await ready(page, 'dead', 60_000);
    // Playwright reports a worker's close a moment after terminate(): wait for the events.
    await expect.poll(() => computeWorkers().closed - running, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    const set = { ...DEFAULT_SET, epochs: '3', hidden: '128,128,128' };
    expect(await page.textContent('[data-panel=dead] pre.printout')).toBe(runExperiment('dead-neurons', { seed: 42, rng: 'default', set }).report);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
