/**
 * The browser tests' harness: Debian's Chromium driven by playwright-core against the built app
 * (dist/web) served by `actlab start`'s server, one browser per test file. Call
 * {@link useExplorer} at the top of a test file; {@link open} then records console errors,
 * uncaught exceptions, failed requests and main-thread long tasks per page.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`); without it every test fails with a
 * message that says so — none is skipped.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startExplorerServer, type ExplorerServer } from '../../src/cli/serve.js';

export const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = join(import.meta.dirname, '..', '..');
export const WEB = join(ROOT, 'dist', 'web');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const PANELS = ['gallery', 'flow', 'dead', 'selu', 'playground', 'advisor', 'figures', 'data'] as const;

export let server: ExplorerServer;
export let browser: Browser;
/** Why the browser could not be started: every test then fails with this message (none is skipped). */
let setupError: Error | undefined;

export function requireBrowser(): void {
  if (setupError) throw setupError;
}

/** Starts the server and the browser before this file's tests, and stops them after. */
export function useExplorer(): void {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      setupError = new Error(`Chromium not found at ${CHROMIUM}: the browser tests need it — install it with: apt-get install -y chromium`);
      return;
    }
    if (!existsSync(join(WEB, 'index.html'))) {
      setupError = new Error(`${WEB}/index.html is missing: run "npm run build" (npm test does it first)`);
      return;
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startExplorerServer({ root: WEB, port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

export interface Opened {
  page: Page;
  errors: string[];
}

/** Records console errors, uncaught exceptions, failed requests and main-thread long tasks. */
export async function open(query = '', viewport = { width: 1280, height: 900 }): Promise<Opened> {
  requireBrowser();
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: [number, number][] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.url}${query}`);
  return { page, errors };
}

export async function ready(page: Page, panel: string, timeout = 90_000): Promise<void> {
  await page.waitForSelector(`[data-panel=${panel}][data-ready=true]`, { timeout });
}

/** The page's clock now: long tasks are reported late, so they are filtered by start time. */
export async function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Durations of the main-thread tasks over 50 ms that started at or after `since`. */
export async function longTasks(page: Page, since: number): Promise<number[]> {
  await page.waitForTimeout(200);
  return page.evaluate((from) => (window as unknown as { __longTasks: [number, number][] }).__longTasks.filter(([start]) => start >= from).map(([, d]) => d), since);
}

/** The plot's SVG with Vega's per-render clip ids made neutral (they count up per page). */
export async function svgOf(page: Page, selector: string): Promise<string> {
  return (await page.innerHTML(`${selector} svg`)).replace(/clip\d+/g, 'clip');
}

export async function rendered(page: Page, selector: string): Promise<number> {
  return Number((await page.getAttribute(selector, 'data-rendered')) ?? '0');
}


/** What {@link trainWindow} measured. */
export interface TrainingWindow {
  /** The longest main-thread task of the quietest window (ms). */
  readonly worst: number;
  /** The fastest training speed seen halfway through a window. */
  readonly stepsPerSecond: number;
  /** Epoch and training loss when the last window paused. */
  readonly end: { readonly epoch: number; readonly loss: number };
}

/**
 * Trains the Playground from epoch 0 to `epochs` and returns the longest main-thread task
 * meanwhile. The machine is shared: a busy neighbour can deschedule the page and stretch a 5 ms
 * frame past 100 ms, so a window is repeated (Reset: same seed, same run) up to three times and
 * the quietest counts — a real block of the main thread shows in every window.
 */
export async function trainWindow(page: Page, epochs: number): Promise<TrainingWindow> {
  const panel = '[data-panel=playground]';
  const dataset = () =>
    page.evaluate((selector) => {
      const d = document.querySelector<HTMLElement>(selector)?.dataset ?? {};
      return { epoch: Number(d.epoch), loss: Number(d.loss), stepsPerSecond: Number(d.stepsPerSecond) };
    }, panel);
  const untilEpoch = (n: number) => page.waitForFunction(([selector, e]) => Number(document.querySelector<HTMLElement>(selector as string)?.dataset.epoch) >= (e as number), [panel, n] as const, { timeout: 60_000 });
  let worst = Infinity;
  let stepsPerSecond = 0;
  let end = { epoch: 0, loss: NaN };
  for (let attempt = 0; attempt < 3 && worst >= 100; attempt++) {
    if ((await dataset()).epoch !== 0) {
      await page.click('#reset');
      await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.epoch === '0', panel);
    }
    const since = await now(page);
    await page.click('#play');
    await untilEpoch(epochs / 2);
    stepsPerSecond = Math.max(stepsPerSecond, (await dataset()).stepsPerSecond);
    await untilEpoch(epochs);
    await page.click('#play');
    await page.waitForSelector(`${panel}[data-running=false]`);
    end = await dataset();
    worst = Math.min(worst, Math.max(0, ...(await longTasks(page, since))));
  }
  return { worst, stepsPerSecond, end };
}
