/**
 * The explorer in a real browser: Debian's Chromium driven by playwright-core against the
 * built app (dist/web) served by `actlab start`'s server. Screenshots of every panel go to
 * test-artifacts/ (git-ignored).
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`); without it these tests fail — they
 * are never skipped.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExplorerServer, type ExplorerServer } from '../../src/cli/serve.js';
import { runExperiment } from '../../src/experiments/index.js';

const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const WEB = join(ROOT, 'dist', 'web');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PANELS = ['gallery', 'flow', 'dead', 'selu', 'playground', 'advisor', 'figures'] as const;

let server: ExplorerServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the browser tests need it — install it with: apt-get install -y chromium`);
  }
  if (!existsSync(join(WEB, 'index.html'))) throw new Error(`${WEB}/index.html is missing: run "npm run build" (npm test does it first)`);
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

interface Opened {
  page: Page;
  errors: string[];
}

/** Records console errors, uncaught exceptions, failed requests and main-thread long tasks. */
async function open(query = '', viewport = { width: 1280, height: 900 }): Promise<Opened> {
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
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.url}${query}`);
  return { page, errors };
}

async function ready(page: Page, panel: string, timeout = 90_000): Promise<void> {
  await page.waitForSelector(`[data-panel=${panel}][data-ready=true]`, { timeout });
}

async function longTasks(page: Page, reset = false): Promise<number[]> {
  return page.evaluate((clear) => {
    const w = window as unknown as { __longTasks: number[] };
    const out = [...w.__longTasks];
    if (clear) w.__longTasks = [];
    return out;
  }, reset);
}

/** The plot's SVG with Vega's per-render clip ids made neutral (they count up per page). */
async function svgOf(page: Page, selector: string): Promise<string> {
  return (await page.innerHTML(`${selector} svg`)).replace(/clip\d+/g, 'clip');
}

async function rendered(page: Page, selector: string): Promise<number> {
  return Number((await page.getAttribute(selector, 'data-rendered')) ?? '0');
}

describe('explorer in Chromium', () => {
  it('loads with no console errors and renders every panel (screenshots in test-artifacts/)', async () => {
    const { page, errors } = await open();
    await ready(page, 'gallery');
    expect(await page.title()).toContain('actlab');
    for (const panel of PANELS) {
      await page.click(`#tab-${panel}`);
      await ready(page, panel);
      const root = `[data-panel=${panel}]`;
      if (panel === 'playground') {
        expect(await page.locator(`${root} canvas.board`).count()).toBeGreaterThan(0);
        await page.click('#play');
        await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) >= 60, undefined, { timeout: 30_000 });
        await page.click('#play');
      } else if (panel === 'advisor') {
        expect((await page.textContent('#recommendation'))?.length).toBeGreaterThan(0);
      } else {
        expect(await page.locator(`${root} .plot svg`).count()).toBeGreaterThan(0);
      }
      expect(new URL(page.url()).searchParams.get('panel') ?? 'gallery').toBe(panel);
      await page.screenshot({ path: join(ARTIFACTS, `explorer-${panel}.png`) });
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('changing an activation or a slider changes the plot, and the address follows', async () => {
    const { page, errors } = await open('?g.acts=relu');
    await ready(page, 'gallery');
    const plot = '#gallery-plot';
    const before = await svgOf(page, plot);
    let count = await rendered(page, plot);
    await page.selectOption('select[aria-label="Activations 1"]', 'elu');
    await page.waitForFunction(([s, n]) => Number(document.querySelector<HTMLElement>(s as string)?.dataset.rendered) > (n as number), [plot, count] as const);
    const afterActivation = await svgOf(page, plot);
    expect(afterActivation === before).toBe(false);
    expect(new URL(page.url()).searchParams.get('g.acts')).toBe('elu');
    // The α slider, from the keyboard.
    count = await rendered(page, plot);
    const slider = page.getByRole('slider', { name: 'ELU: alpha' });
    await slider.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(([s, n]) => Number(document.querySelector<HTMLElement>(s as string)?.dataset.rendered) > (n as number), [plot, count] as const);
    await page.waitForTimeout(300);
    const afterSlider = await svgOf(page, plot);
    expect(afterSlider === afterActivation).toBe(false);
    expect(new URL(page.url()).searchParams.get('g.params')).toMatch(/^elu\.alpha:1\.1/);
    expect(await page.textContent('[data-panel=gallery] table.sheet')).toContain('variance-preserving gain');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the playground learns XOR within 300 epochs at ≥ 30 steps/s, without main-thread tasks over 100 ms', async () => {
    const { page, errors } = await open('?panel=playground&p.data=xor');
    await ready(page, 'playground');
    const state = () =>
      page.evaluate(() => {
        const d = document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset ?? {};
        return { epoch: Number(d.epoch), loss: Number(d.loss), stepsPerSecond: Number(d.stepsPerSecond) };
      });
    const start = await state();
    expect(start.epoch).toBe(0);
    expect(start.loss).toBeGreaterThan(0.5);
    await longTasks(page, true);
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) >= 150, undefined, { timeout: 60_000 });
    const mid = await state();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) >= 300, undefined, { timeout: 60_000 });
    await page.click('#play');
    const end = await state();
    const tasks = await longTasks(page);
    console.log(`playground: ${mid.stepsPerSecond.toFixed(1)} steps/s (target 60), loss ${start.loss.toFixed(3)} → ${end.loss.toFixed(4)} at epoch ${end.epoch}; longest main-thread task while training: ${Math.max(0, ...tasks).toFixed(0)} ms`);
    expect(mid.stepsPerSecond).toBeGreaterThanOrEqual(30);
    expect(end.loss).toBeLessThan(0.1);
    expect(Math.max(0, ...tasks)).toBeLessThan(100);
    // Step and reset.
    await page.click('#step');
    await page.waitForFunction((e) => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) === e + 1, end.epoch);
    await page.click('#reset');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) === 0);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('race mode trains several activations side by side', async () => {
    const { page, errors } = await open('?panel=playground&p.data=xor&p.race=relu,tanh,mish&p.speed=fast');
    await ready(page, 'playground');
    expect(await page.locator('[data-panel=playground] canvas.board').count()).toBe(3);
    await page.click('#play');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) >= 100, undefined, { timeout: 60_000 });
    await page.click('#play');
    const captions = await page.locator('[data-panel=playground] figcaption').allTextContents();
    expect(captions.map((c) => c.split(' — ')[0])).toEqual(['ReLU', 'Tanh', 'Mish']);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-race.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a shared address restores the same state', async () => {
    const { page, errors } = await open('?g.acts=relu');
    await ready(page, 'gallery');
    await page.selectOption('select[aria-label="Activations 1"]', 'swish');
    await page.click('button[aria-label="add to Activations"]');
    await page.selectOption('select[aria-label="Activations 2"]', 'mish');
    const box = page.getByRole('spinbutton', { name: 'Swish / SiLU: beta (value)' });
    await box.fill('1.702');
    await box.press('Enter');
    await page.waitForFunction(() => location.search.includes('swish.beta'));
    await page.waitForTimeout(500);
    const url = page.url();
    const svg = await svgOf(page, '#gallery-plot');
    const sheet = await page.textContent('[data-panel=gallery] table.sheet');
    const shared = await open(new URL(url).search);
    await ready(shared.page, 'gallery');
    expect(await shared.page.inputValue('select[aria-label="Activations 1"]')).toBe('swish');
    expect(await shared.page.inputValue('select[aria-label="Activations 2"]')).toBe('mish');
    expect(await shared.page.inputValue('input[aria-label="Swish / SiLU: beta (value)"]')).toBe('1.702');
    expect((await svgOf(shared.page, '#gallery-plot')) === svg).toBe(true);
    expect(await shared.page.textContent('[data-panel=gallery] table.sheet')).toBe(sheet);
    expect(shared.page.url()).toBe(url);
    // Another panel's state: the playground's layers and activations.
    const playground = await open('?panel=playground&p.hidden=5,3,2&p.acts=relu,swish,elu&p.data=spiral&seed=7');
    await ready(playground.page, 'playground');
    expect(await playground.page.inputValue('select[aria-label="layer 2 activation"]')).toBe('swish');
    expect(await playground.page.inputValue('select#dataset')).toBe('spiral');
    expect(new URL(playground.page.url()).searchParams.get('p.acts')).toBe('relu,swish,elu');
    expect([...errors, ...shared.errors, ...playground.errors]).toEqual([]);
    await Promise.all([page.close(), shared.page.close(), playground.page.close()]);
  }, 120_000);

  it('garbage in the address falls back to defaults with a visible notice', async () => {
    const { page, errors } = await open('?panel=nonsense&g.acts=rleu,%25%25&g.x=1e999&seed=-5&zzz=%3Cscript%3E');
    await ready(page, 'gallery');
    const notice = page.locator('#notice');
    await expect.poll(() => notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? '';
    for (const word of ['panel=nonsense', 'rleu', 'g.x=1e999', 'seed=-5', 'zzz']) expect(text).toContain(word);
    expect(await page.inputValue('select[aria-label="Activations 1"]')).toBe('gelu');
    expect(await page.locator('#notice script').count()).toBe(0);
    expect(new URL(page.url()).search).toBe('');
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-notice.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('same seed, same numbers as actlab run; no main-thread task over 100 ms while simulating', async () => {
    const { page, errors } = await open('?panel=flow&f.units=32&f.sims=4&f.depth=20&f.acts=relu,tanh&seed=5');
    await page.waitForSelector('[data-panel=flow] .progress');
    await longTasks(page, true);
    await ready(page, 'flow');
    const tasks = await longTasks(page);
    const printout = await page.textContent('[data-panel=flow] pre.printout');
    const command = await page.textContent('[data-panel=flow] code.cli');
    expect(command).toBe('actlab run gradient-flow --seed 5 --rng default --set depths=1,2,4,6,8,10,12,14,16,18,20 --set units=32 --set simulations=4 --set activations=relu,tanh --set gains=pytorch');
    const cli = runExperiment('gradient-flow', {
      seed: 5,
      rng: 'default',
      set: { depths: '1,2,4,6,8,10,12,14,16,18,20', units: '32', simulations: '4', activations: 'relu,tanh', gains: 'pytorch' },
    });
    expect(printout).toBe(cli.report);
    console.log(`gradient-flow panel: longest main-thread task while simulating and drawing: ${Math.max(0, ...tasks).toFixed(0)} ms`);
    expect(Math.max(0, ...tasks)).toBeLessThan(100);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('works at tablet width without horizontal scrolling, and the tabs answer the arrow keys', async () => {
    const { page, errors } = await open('', { width: 768, height: 1024 });
    await ready(page, 'gallery');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.focus('#tab-gallery');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-flow');
    await ready(page, 'flow');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-tablet-flow.png'), fullPage: true });
    for (const label of await page.locator('[data-panel=flow] input, [data-panel=flow] select').evaluateAll((nodes) =>
      nodes.map((n) => (n.getAttribute('aria-label') ?? (n.id ? document.querySelector(`label[for="${n.id}"]`)?.textContent : null)) ?? ''),
    )) {
      expect(label.length).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
