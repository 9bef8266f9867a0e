/**
 * How fast the explorer answers, in Chromium (see harness.ts): per panel at default settings,
 * the time from navigation to the first visible result and to the whole default run, printed as
 * a table and checked against budgets of 3× the goals (2× for the gallery's first chart) (the goals: first result 0.5 s, full run
 * 1.5 s, the gallery's first chart 1 s; the machine running the tests is shared and loaded).
 * Also: Stop ends a run at once and frees its worker, a new setting cancels the run before it,
 * and a long run streams (its chart fills in).
 *
 * Times are taken in the page (performance.now(), from navigation start) by a MutationObserver
 * installed before the page's scripts run, so polling from the test adds nothing to them.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiments/index.js';
import { browser, PANELS, ready, requireBrowser, server, useExplorer } from './harness.js';

useExplorer();

/** The goals of the issue, and the budgets checked here (3× for a loaded machine). */
const GOAL = { first: 500, full: 1500, galleryFirst: 1000 } as const;
const HEADROOM = 3;
const GALLERY_HEADROOM = 2;

/** What counts as the first visible result and as the finished default run, per panel. */
const SIGNS: Readonly<Record<(typeof PANELS)[number], { first: string; full: string }>> = {
  gallery: { first: '#gallery-plot svg', full: '[data-panel=gallery][data-ready=true]' },
  flow: { first: '#flow-plot svg', full: '[data-panel=flow][data-ready=true]' },
  dead: { first: '#dead-plot svg', full: '[data-panel=dead][data-ready=true]' },
  selu: { first: '#selu-plot svg', full: '[data-panel=selu][data-ready=true]' },
  playground: { first: '[data-panel=playground] canvas.board', full: '[data-panel=playground][data-ready=true]' },
  advisor: { first: '#recommendation', full: '[data-panel=advisor][data-ready=true]' },
  figures: { first: '#figure-plot svg', full: '[data-panel=figures][data-ready=true]' },
  // Real data trains on demand: its first result is its settings with the Run button.
  data: { first: '[data-panel=data] button.run', full: '[data-panel=data][data-ready=true]' },
};

interface Timed {
  page: Page;
  errors: string[];
  /** Closed workers so far (a terminated worker closes). */
  closedWorkers(): number;
}

/**
 * Opens the explorer at `query`, recording in the page when each of `signs` first matches, every
 * render of `plot` (and whether it was partial), console errors and closed workers.
 */
async function openTimed(query: string, signs: Record<string, string>, plot?: string): Promise<Timed> {
  requireBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  let closed = 0;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('worker', (worker) => worker.on('close', () => closed++));
  await page.addInitScript(
    ([watch, chart]) => {
      const w = window as unknown as { __seen: Record<string, number>; __renders: { at: number; partial: boolean }[]; __longTasks: [number, number][] };
      w.__seen = {};
      w.__renders = [];
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask', buffered: true });
      let count = 0;
      new MutationObserver(() => {
        for (const [name, selector] of Object.entries(watch)) if (!(name in w.__seen) && document.querySelector(selector)) w.__seen[name] = performance.now();
        const node = chart ? document.querySelector<HTMLElement>(chart) : null;
        const rendered = Number(node?.dataset.rendered ?? '0');
        if (node && rendered > count) {
          count = rendered;
          w.__renders.push({ at: performance.now(), partial: node.dataset.partial === 'true' });
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    },
    [signs, plot ?? ''] as const,
  );
  await page.goto(`${server.url}${query}`);
  return { page, errors, closedWorkers: () => closed };
}

async function seen(page: Page, name: string, timeout = 120_000): Promise<number> {
  await page.waitForFunction((n) => n in (window as unknown as { __seen: Record<string, number> }).__seen, name, { timeout });
  return page.evaluate((n) => (window as unknown as { __seen: Record<string, number> }).__seen[n] as number, name);
}

const rows: { panel: string; first: number; full: number; firstBudget: number; fullBudget: number }[] = [];

afterAll(() => {
  if (rows.length === 0) return;
  console.log('explorer speed at default settings (ms from navigation; budget = 3× goal, gallery first chart 2×):');
  console.table(rows.map((r) => ({ panel: r.panel, 'first result': Math.round(r.first), budget: r.firstBudget, 'full run': Math.round(r.full), 'full budget': r.fullBudget })));
});

describe('explorer speed in Chromium', () => {
  for (const panel of PANELS) {
    // The gallery's first chart no longer waits for Vega (a light drawing comes first): 2× its goal.
    const firstBudget = panel === 'gallery' ? GALLERY_HEADROOM * GOAL.galleryFirst : HEADROOM * GOAL.first;
    const fullBudget = HEADROOM * GOAL.full;
    it(`${panel}: first result ≤ ${firstBudget} ms and the default run ≤ ${fullBudget} ms after load`, async () => {
      // The quickest of two loads counts: a neighbour's burst can stall one of them.
      let best = { first: Infinity, full: Infinity };
      for (let attempt = 0; attempt < 2 && (best.first > firstBudget || best.full > fullBudget); attempt++) {
        const { page, errors } = await openTimed(`?panel=${panel}`, SIGNS[panel]);
        const full = await seen(page, 'full');
        const first = await seen(page, 'first');
        if (full < best.full) best = { first, full };
        expect(errors).toEqual([]);
        await page.close();
      }
      rows.push({ panel, ...best, firstBudget, fullBudget });
      console.log(`${panel}: first result ${best.first.toFixed(0)} ms (budget ${firstBudget}), full default run ${best.full.toFixed(0)} ms (budget ${fullBudget})`);
      expect(best.first).toBeLessThanOrEqual(firstBudget);
      expect(best.full).toBeLessThanOrEqual(fullBudget);
    }, 300_000);
  }

  /** A run long enough to stream and to stop: flow at depth 200 with 200 simulations. */
  const LONG = '?panel=flow&f.depth=200&f.sims=200';

  it('a long run streams: the chart fills in (≥ 2 partial renders) with the time left, and Stop keeps the last one', async () => {
    const { page, errors, closedWorkers } = await openTimed(LONG, { running: '[data-panel=flow][data-running=true]' }, '#flow-plot');
    await page.waitForFunction(() => (window as unknown as { __renders: { partial: boolean }[] }).__renders.filter((r) => r.partial).length >= 2, undefined, { timeout: 60_000 });
    // The progress line gives the time left once the rate is known.
    await page.waitForFunction(() => / left$/.test(document.querySelector('[data-panel=flow] .run-status .status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    const status = (await page.textContent('[data-panel=flow] .run-status .status')) ?? '';
    expect(status).toMatch(/^\d+% — .* — (about \d+ (s|min)|under a second) left$/);
    const renders = await page.evaluate(() => (window as unknown as { __renders: { at: number; partial: boolean }[] }).__renders);
    console.log(`streaming: partial renders at ${renders.map((r) => r.at.toFixed(0)).join(', ')} ms; status "${status}"`);
    // Drawing the partial charts happens in the charts worker: the page only inserts them.
    const since = renders[0]?.at ?? 0;
    const blocked = Math.max(0, ...(await page.evaluate((from) => (window as unknown as { __longTasks: [number, number][] }).__longTasks.filter(([start]) => start >= from).map(([, d]) => d), since)));
    console.log(`streaming: longest main-thread task ${blocked.toFixed(0)} ms`);
    expect(blocked).toBeLessThan(100);
    const closedBefore = closedWorkers();
    const stop = await stopNow(page, 'flow');
    console.log(`Stop: ${stop.toFixed(1)} ms from click to "stopped"`);
    expect(stop).toBeLessThanOrEqual(100);
    expect(await page.getAttribute('[data-panel=flow]', 'data-partial')).toBe('true');
    expect(await page.locator('#flow-plot svg').count()).toBe(1);
    expect(await page.textContent('[data-panel=flow] .run-status .status')).toMatch(/stopped at \d+%/);
    // The run's worker was terminated: it computes no more (the browser reports it closed).
    await expect.poll(() => closedWorkers(), { timeout: 5000 }).toBeGreaterThan(closedBefore);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('Stop on every experiment panel ends its run within 100 ms, and the next run starts at once', async () => {
    // Runs that still compute when Stop is pressed (numpy's generator draws full matrices: slow on purpose).
    const long: Record<string, string> = { flow: LONG, dead: '?panel=dead&d.epochs=500&d.hidden=128,128,128', selu: '?panel=selu&s.layers=200&s.units=2000&rng=numpy', figures: '?panel=figures&c.fig=xor_convergence' };
    for (const [panel, query] of Object.entries(long)) {
      // The quickest of up to three Stops counts: on a loaded machine the page itself can be
      // descheduled for a while between the click and the next microtask.
      let best = Infinity;
      for (let attempt = 0; attempt < 3 && best > 100; attempt++) {
        const { page, errors, closedWorkers } = await openTimed(query, { running: `[data-panel=${panel}][data-running=true]` });
        await seen(page, 'running', 30_000);
        await page.waitForTimeout(300);
        const closedBefore = closedWorkers();
        best = Math.min(best, await stopNow(page, panel));
        expect(await page.getAttribute(`[data-panel=${panel}]`, 'data-stopped')).toBe('true');
        await expect.poll(() => closedWorkers(), { timeout: 5000 }).toBeGreaterThan(closedBefore);
        expect(errors).toEqual([]);
        await page.close();
      }
      console.log(`${panel}: Stop took ${best.toFixed(1)} ms from click to "stopped"`);
      expect(best).toBeLessThanOrEqual(100);
    }
    // After a Stop, a short run (1 simulation instead of 200) starts at once and finishes quickly.
    const { page, errors } = await openTimed('?panel=flow&f.depth=200&f.sims=200&f.units=32', { running: '[data-panel=flow][data-running=true]' });
    await seen(page, 'running', 30_000);
    await page.waitForTimeout(300);
    await stopNow(page, 'flow');
    const box = page.getByRole('spinbutton', { name: 'Simulations per depth (value)' });
    await box.fill('1');
    const started = await page.evaluate(() => performance.now());
    await box.press('Enter');
    await ready(page, 'flow', 30_000);
    const after = (await page.evaluate(() => performance.now())) - started;
    console.log(`after Stop, a 1-simulation run was done ${after.toFixed(0)} ms after the change`);
    expect(after).toBeLessThanOrEqual(HEADROOM * GOAL.full);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a setting changed mid-run cancels the old run: only the new result appears, equal to actlab run', async () => {
    const { page, errors, closedWorkers } = await openTimed(`${LONG}&f.units=64&seed=3`, { running: '[data-panel=flow][data-running=true]' }, '#flow-plot');
    await seen(page, 'running', 30_000);
    await page.waitForTimeout(400);
    const closedBefore = closedWorkers();
    const box = page.getByRole('spinbutton', { name: 'Simulations per depth (value)' });
    await box.fill('2');
    await box.press('Enter');
    const depth = page.getByRole('spinbutton', { name: 'Depth (layers) (value)' });
    await depth.fill('10');
    await depth.press('Enter');
    await ready(page, 'flow', 60_000);
    // The old run's worker was terminated, not left computing behind the new one.
    await expect.poll(() => closedWorkers(), { timeout: 5000 }).toBeGreaterThan(closedBefore);
    const cli = runExperiment('gradient-flow', { seed: 3, rng: 'default', set: { depths: '1,2,3,4,5,6,7,8,9,10', units: '64', simulations: '2', activations: 'relu,sigmoid,tanh', gains: 'pytorch' } });
    expect(await page.textContent('[data-panel=flow] pre.printout')).toBe(cli.report);
    // Nothing of the old run is drawn afterwards.
    const count = await page.evaluate(() => (window as unknown as { __renders: unknown[] }).__renders.length);
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as unknown as { __renders: unknown[] }).__renders.length)).toBe(count);
    expect(await page.getAttribute('#flow-plot', 'data-partial')).toBe('false');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

/** Clicks the panel's Stop button; returns the time in the page from the click to `data-ready=stopped`. */
async function stopNow(page: Page, panel: string): Promise<number> {
  return page.evaluate(
    (p) =>
      new Promise<number>((resolve, reject) => {
        const root = document.querySelector<HTMLElement>(`[data-panel=${p}]`);
        const stop = root?.querySelector<HTMLButtonElement>('button.stop');
        if (!root || !stop) return reject(new Error(`no Stop button in ${p}`));
        if (stop.disabled) return reject(new Error(`${p}: Stop is disabled (no run going on)`));
        const clicked = performance.now();
        const observer = new MutationObserver(() => {
          if (root.dataset.ready === 'stopped') {
            observer.disconnect();
            resolve(performance.now() - clicked);
          }
        });
        observer.observe(root, { attributes: true });
        stop.click();
      }),
    panel,
  );
}
