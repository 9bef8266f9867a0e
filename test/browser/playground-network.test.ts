/**
 * The playground drawn as TensorFlow Playground draws it, in Chromium: the network diagram (one
 * node per unit, one link per weight, changing while training, a unit enlarged on hover or
 * focus), boards with ticked axes as wide as their space and outlined points, and a loss chart
 * with at least two ticks per axis from epoch 0 on. Timings are printed for the notes.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, browser, open, ready, requireBrowser, server, trainWindow, useExplorer } from './harness.js';

useExplorer();

const PANEL = '[data-panel=playground]';

async function epoch(page: Page): Promise<number> {
  return Number(await page.getAttribute(PANEL, 'data-epoch'));
}

async function untilEpoch(page: Page, n: number): Promise<void> {
  await page.waitForFunction((e) => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) >= e, n, { timeout: 60_000 });
}

/** Every link's width and colour, in order. */
async function linkStyles(page: Page): Promise<string[]> {
  return page.$$eval('.pg-link', (paths) => paths.map((p) => `${p.getAttribute('stroke-width')} ${p.getAttribute('stroke')}`));
}

/** Tick labels a canvas says it drew. */
async function ticks(page: Page, selector: string): Promise<{ x: string[]; y: string[] }> {
  return page.$eval(selector, (c) => ({ x: ((c as HTMLElement).dataset.xTicks ?? '').split('|').filter(Boolean), y: ((c as HTMLElement).dataset.yTicks ?? '').split('|').filter(Boolean) }));
}

describe('the playground drawn', () => {
  it('draws the network: a node per unit, a link per weight, changing while training; a unit enlarges on hover and focus', async () => {
    const { page, errors } = await open('?panel=playground&p.data=xor&p.hidden=4,3&p.acts=tanh,relu', { width: 1440, height: 1000 });
    await ready(page, 'playground');
    // Inputs x₁, x₂; hidden 4 and 3; one output: 10 units and 2·4 + 4·3 + 3·1 = 23 weights.
    await page.waitForFunction(() => document.querySelectorAll('.pg-node').length === 10);
    expect(await page.locator('.pg-link').count()).toBe(23);
    for (const [layer, units] of [[0, 2], [1, 4], [2, 3], [3, 1]] as const) expect(await page.locator(`.pg-node[data-layer="${layer}"]`).count()).toBe(units);
    expect(await page.locator('.pg-input-name').allTextContents()).toEqual(['x₁', 'x₂']);
    const names = (await page.locator('.pg-layer-name').allTextContents()).join(' / ');
    expect(names).toContain('Tanh');
    expect(names).toContain('ReLU');
    // Every link drawn with a width and a colour from the first picture on.
    const initial = await linkStyles(page);
    expect(initial.every((s) => /^\d+(\.\d)? rgb\(/.test(s))).toBe(true);

    // While training, two pictures apart, the links' widths and colours change.
    await page.click('#play');
    await untilEpoch(page, 20);
    const early = await linkStyles(page);
    await untilEpoch(page, 120);
    const later = await linkStyles(page);
    expect(await page.getAttribute(PANEL, 'data-running')).toBe('true');
    await page.click('#play');
    const changed = later.filter((s, k) => s !== early[k]).length;
    console.log(`diagram: ${changed} of ${later.length} links restyled between epoch 20 and 120 (while training)`);
    expect(changed).toBeGreaterThan(0);
    expect(early).not.toEqual(initial);

    // Hover enlarges a unit: a view at least 3× the node's size, naming the unit and its activation.
    const node = page.locator('.pg-node[data-layer="1"][data-unit="0"]');
    const nodeBox = await node.boundingBox();
    await node.hover();
    const zoom = page.locator('.pg-zoom');
    await expect.poll(() => zoom.isVisible()).toBe(true);
    const zoomMap = await page.locator('.pg-zoom-map').boundingBox();
    expect(zoomMap?.width ?? 0).toBeGreaterThanOrEqual(3 * (nodeBox?.width ?? Infinity));
    expect(await zoom.textContent()).toMatch(/hidden 1, unit 1.*Tanh/);
    await page.mouse.move(0, 0);
    await expect.poll(() => zoom.isVisible()).toBe(false);
    // A link says its weight under the pointer (the widest one, at its middle).
    const middle = await page.$$eval('.pg-link', (paths) => {
      const widest = (paths as SVGPathElement[]).reduce((a, b) => (Number(b.getAttribute('stroke-width')) > Number(a.getAttribute('stroke-width')) ? b : a));
      const point = widest.getPointAtLength(widest.getTotalLength() / 2);
      const box = (widest.ownerSVGElement as SVGSVGElement).getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    });
    await page.mouse.move(middle.x, middle.y);
    await expect.poll(() => page.locator('.pg-weight').isVisible()).toBe(true);
    expect(await page.locator('.pg-weight').textContent()).toMatch(/^w = −?\d+\.\d{3} {2}\(.+ → .+\)$/);
    await page.mouse.move(0, 0);
    // And from the keyboard: focus does the same.
    await page.focus('.pg-node[data-layer="2"][data-unit="2"]');
    await expect.poll(() => zoom.isVisible()).toBe(true);
    expect(await zoom.textContent()).toMatch(/hidden 2, unit 3.*ReLU/);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-network.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('trains with the diagram on screen without main-thread tasks over 100 ms, and says how fast with and without it', async () => {
    const { page, errors } = await open('?panel=playground&p.data=spiral&p.hidden=8,8,6&p.acts=tanh,relu,swish&p.speed=fast', { width: 1440, height: 1000 });
    await ready(page, 'playground');
    await page.waitForFunction(() => document.querySelectorAll('.pg-node').length === 2 + 8 + 8 + 6 + 1);
    const shown = await trainWindow(page, 300);
    // The page's own drawing per frame (the snapshot's boards, captions, loss chart) and per picture (the diagram).
    const drawing = await page.evaluate(() => {
      const of = (name: string) => performance.getEntriesByName(name).map((e) => e.duration).sort((a, b) => a - b);
      const summary = (d: number[]) => ({ count: d.length, median: d[Math.floor(d.length / 2)] ?? 0, p90: d[Math.floor(d.length * 0.9)] ?? 0, max: d.at(-1) ?? 0 });
      return { frame: summary(of('playground frame')), diagram: summary(of('network diagram')) };
    });
    // Collapsed, the diagram asks for no pictures.
    await page.click('.pg-network > summary');
    const hidden = await trainWindow(page, 300);
    const ms = (d: { count: number; median: number; p90: number; max: number }) => `${d.count} draws, median ${d.median.toFixed(1)} ms, 90th percentile ${d.p90.toFixed(1)} ms, max ${d.max.toFixed(1)} ms`;
    console.log(`main-thread drawing with the diagram shown — per frame: ${ms(drawing.frame)}; diagram: ${ms(drawing.diagram)}`);
    console.log(`playground 8-8-6, as fast as possible: ${shown.stepsPerSecond.toFixed(0)} steps/s with the diagram (longest main-thread task ${shown.worst.toFixed(0)} ms), ${hidden.stepsPerSecond.toFixed(0)} steps/s without (${hidden.worst.toFixed(0)} ms)`);
    // Goal: no task over 100 ms. The machine is shared (a busy neighbour deschedules the page and
    // stretches a 1 ms frame), so the check has 3× headroom; the drawing itself must stay small.
    expect(shown.worst).toBeLessThan(300);
    expect(drawing.frame.median).toBeLessThan(10);
    expect(drawing.diagram.median).toBeLessThan(10);
    // Redrawn while it trains (pictures are asked for at most a few times a second, so how many fit in
    // 300 epochs depends on the machine's speed: 14 alone here, 9 inside the full CI run).
    expect(drawing.diagram.count).toBeGreaterThanOrEqual(3);
    // The diagram's SVG restyling costs the browser's paint threads on two cores (about half the
    // fastest speed here: 107 against 204 steps/s); training must still keep the animation's 60 steps/s.
    expect(shown.stepsPerSecond).toBeGreaterThanOrEqual(60);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('a race shows the diagram of the network picked on its board', async () => {
    const { page, errors } = await open('?panel=playground&p.data=xor&p.race=relu,tanh,mish', { width: 1440, height: 1000 });
    await ready(page, 'playground');
    expect(await page.locator(`${PANEL} canvas.board`).count()).toBe(3);
    await page.waitForFunction(() => document.querySelector('.pg-layer-name[data-layer="1"]')?.textContent?.includes('ReLU'));
    await page.locator(`${PANEL} .board-figure`).nth(1).click();
    await page.waitForFunction(() => document.querySelector('.pg-layer-name[data-layer="1"]')?.textContent?.includes('Tanh'));
    expect(await page.inputValue('select[aria-label="network shown"]')).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('boards have ticked axes, outlined points, and the width their space gives (1440, 768, 390 px)', async () => {
    const widths: Record<number, number> = {};
    for (const width of [1440, 768, 390]) {
      const { page, errors } = await open('?panel=playground&p.data=circle', { width, height: 1000 });
      await ready(page, 'playground');
      const board = await page.$eval(`${PANEL} canvas.board`, (c) => {
        const canvas = c as HTMLCanvasElement;
        const figure = canvas.closest('figure') as HTMLElement;
        const style = getComputedStyle(figure);
        const axes = figure.querySelector('canvas.board-axes') as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let dark = 0;
        for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] as number) < 90 && (pixels[i + 1] as number) < 90 && (pixels[i + 2] as number) < 90) dark++;
        return {
          css: canvas.getBoundingClientRect().width,
          axes: axes.getBoundingClientRect().width,
          room: figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
          right: figure.getBoundingClientRect().right,
          device: canvas.width,
          dark,
        };
      });
      const t = await ticks(page, `${PANEL} canvas.board`);
      console.log(`board at ${width} px: heatmap ${board.css.toFixed(0)} px wide, with its axes ${board.axes.toFixed(0)} px (room ${board.room.toFixed(0)}), ticks ${t.x.join(' ')}, ${board.dark} outline pixels`);
      widths[width] = board.css;
      // The board and its axes fill the width they are given (the axes take 38 px of it).
      expect(Math.abs(board.axes - board.room)).toBeLessThanOrEqual(2);
      expect(Math.abs(board.css + 38 - board.room)).toBeLessThanOrEqual(2);
      expect(board.right).toBeLessThanOrEqual(width);
      expect(board.device).toBe(Math.round(board.css));
      expect(t.x.length).toBeGreaterThanOrEqual(2);
      expect(t.y.length).toBeGreaterThanOrEqual(2);
      // Every one of the 200 training points has a dark outline, on any region.
      expect(board.dark).toBeGreaterThan(200 * 4);
      if (width === 390) await page.screenshot({ path: join(ARTIFACTS, 'playground-network-390.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
    expect(widths[390]).toBeGreaterThan(280);
    expect(new Set(Object.values(widths).map(Math.round)).size).toBeGreaterThan(1);
  }, 180_000);

  it('boards are drawn in device pixels on a high-density screen', async () => {
    requireBrowser();
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 }, deviceScaleFactor: 2 });
    await page.goto(`${server.url}?panel=playground`);
    await ready(page, 'playground');
    const { css, device } = await page.$eval(`${PANEL} canvas.board`, (c) => ({ css: c.getBoundingClientRect().width, device: (c as HTMLCanvasElement).width }));
    expect(device).toBe(Math.round(2 * css));
    await page.close();
  }, 60_000);

  it('the loss chart has at least two ticks per axis at epoch 0, after one step and after training; train and test labelled', async () => {
    const { page, errors } = await open('?panel=playground&p.data=xor&p.speed=fast', { width: 1440, height: 1000 });
    await ready(page, 'playground');
    const at = async (when: string) => {
      const t = await ticks(page, `${PANEL} canvas.loss`);
      console.log(`loss chart ${when} (epoch ${await epoch(page)}): x ${t.x.join(' ')}; y ${t.y.join(' ')}`);
      expect(t.x.length).toBeGreaterThanOrEqual(2);
      expect(t.y.length).toBeGreaterThanOrEqual(2);
      expect(new Set(t.y).size).toBe(t.y.length);
    };
    await at('at start');
    await page.click('#step');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch === '1');
    await at('after one step');
    await page.click('#play');
    await untilEpoch(page, 400);
    await page.click('#play');
    await page.waitForSelector(`${PANEL}[data-running=false]`);
    await at('after training');
    expect(await page.getAttribute(`${PANEL} canvas.loss`, 'data-key')).toBe('train: solid|test: dashed');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
