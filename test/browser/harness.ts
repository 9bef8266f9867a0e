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
export const PANELS = ['gallery', 'flow', 'dead', 'selu', 'playground', 'advisor', 'figures'] as const;

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

