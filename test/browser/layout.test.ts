/**
 * The explorer's layout at a phone's, a tablet's and a desktop's width (390, 768 and 1440 px):
 * in every panel and every chapter figure, no sideways scrolling of the page, the tabs in one
 * row, chart text at least 10 px as rendered, charts as wide as their box, tables scrolling
 * inside theirs; the chapter figures panel in words, with seed controls only where the runs
 * are random and a rerun on every edit. Screenshots go to test-artifacts/<device>-<panel>.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHAPTER_FIGURE_IDS } from '../../src/figures/chapter.js';
import { FIGURE_PLAN, figureRandomness } from '../../web/src/figure-plan.js';
import { ARTIFACTS, open, PANELS, ready, rendered, useExplorer } from './harness.js';

useExplorer();

const DEVICES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

interface Layout {
  /** Pixels the page scrolls sideways (0: none). */
  pageOverflow: number;
  tabRows: number;
  charts: { width: number; height: number; box: number; used: number; smallestText: number }[];
  /** Tables whose right edge passes the viewport's. */
  tablesOutside: number;
}

/** Measures the visible panel: page overflow, tab rows, each chart's size and smallest text as rendered. */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const tabs = [...document.querySelectorAll('[role=tab]')];
    const panel = document.querySelector('[role=tabpanel]:not([hidden])') as HTMLElement;
    const charts = [...panel.querySelectorAll<SVGSVGElement>('.plot svg')].map((svg) => {
      const box = svg.closest('.plot') as HTMLElement;
      const style = getComputedStyle(box);
      const inner = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const rect = svg.getBoundingClientRect();
      let smallest = Infinity;
      for (const text of svg.querySelectorAll('text')) {
        if (!text.textContent?.trim()) continue;
        // The font size times the scale from the text's coordinates to the screen's.
        const m = text.getScreenCTM() as DOMMatrix;
        smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)));
      }
      return { width: Math.round(rect.width), height: Math.round(rect.height), box: Math.round(inner), used: rect.width / inner, smallestText: smallest };
    });
    const tablesOutside = [...panel.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > window.innerWidth + 0.5).length;
    return { pageOverflow: document.documentElement.scrollWidth - window.innerWidth, tabRows: new Set(tabs.map((t) => Math.round(t.getBoundingClientRect().top))).size, charts, tablesOutside };
  });
}

/** Waits for the panel's run and for a chart redrawn at its box's width to settle. */
async function settle(page: Page, panel: string): Promise<void> {
  await ready(page, panel, 180_000);
  await page.waitForTimeout(700);
}

function check(layout: Layout, device: (typeof DEVICES)[number], where: string): void {
  console.log(`${device.name} ${where}: ${layout.charts.map((c) => `chart ${c.width}×${c.height} in ${c.box} (${Math.round(c.used * 100)} %), smallest text ${c.smallestText.toFixed(1)} px`).join('; ') || 'no chart'}`);
  expect({ where, pageOverflow: layout.pageOverflow }).toEqual({ where, pageOverflow: 0 });
  expect({ where, tabRows: layout.tabRows }).toEqual({ where, tabRows: 1 });
  expect({ where, tablesOutside: layout.tablesOutside }).toEqual({ where, tablesOutside: 0 });
  for (const chart of layout.charts) {
    expect({ where, smallestText: chart.smallestText >= 10 }).toEqual({ where, smallestText: true });
    // At most a few pixels over (they scroll inside the box); on a desktop at least 90 % of the box.
    expect({ where, over: chart.used <= 1.03 }).toEqual({ where, over: true });
    if (device.name !== 'phone') expect({ where, used: chart.used >= 0.9 }).toEqual({ where, used: true });
  }
}

describe('layout at phone, tablet and desktop widths', () => {
  for (const device of DEVICES) {
    it(`${device.name} (${device.width} px): every panel and chapter figure`, async () => {
      const { page, errors } = await open('', { width: device.width, height: device.height });
      for (const panel of PANELS) {
        await page.click(`#tab-${panel}`);
        if (panel === 'playground' || panel === 'advisor') await page.waitForTimeout(300);
        if (panel !== 'figures') {
          await settle(page, panel);
          check(await measure(page), device, panel);
          await page.screenshot({ path: join(ARTIFACTS, `${device.name}-${panel}.png`), fullPage: true });
          continue;
        }
        for (const figure of CHAPTER_FIGURE_IDS) {
          if (figure !== 'classical') await page.selectOption('#figure-select', figure);
          await settle(page, 'figures');
          await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#figure-plot')?.dataset.rendered) > 0);
          check(await measure(page), device, `figure ${figure}`);
          await page.screenshot({ path: join(ARTIFACTS, `${device.name}-figure-${figure}.png`), fullPage: true });
        }
      }
      expect(errors).toEqual([]);
      await page.close();
    }, 600_000);
  }

  it('on a phone the tabs answer the arrow keys and the chosen tab scrolls into view', async () => {
    const { page, errors } = await open('', { width: 390, height: 844 });
    await ready(page, 'gallery');
    await page.focus('#tab-gallery');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-flow');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-figures');
    const inView = await page.evaluate(() => {
      const list = (document.getElementById('tabs') as HTMLElement).getBoundingClientRect();
      const tab = (document.getElementById('tab-figures') as HTMLElement).getBoundingClientRect();
      return tab.left >= list.left - 1 && tab.right <= list.right + 1;
    });
    expect(inView).toBe(true);
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-gallery');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a chart is drawn again at its box’s new width when the window is resized', async () => {
    const { page, errors } = await open('?panel=figures&c.fig=gradient_flow', { width: 1440, height: 900 });
    await settle(page, 'figures');
    const before = (await measure(page)).charts[0];
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.waitForFunction(() => {
      const box = document.querySelector('#figure-plot') as HTMLElement;
      const svg = box.querySelector('svg');
      return svg !== null && Math.abs(svg.getBoundingClientRect().width - box.clientWidth) <= 4;
    }, undefined, { timeout: 30_000 });
    const after = (await measure(page)).charts[0];
    console.log(`resized 1440 → 1000 px: chart ${before?.width} → ${after?.width} px wide in a box of ${after?.box} px`);
    expect(after?.width).toBeLessThan(before?.width ?? 0);
    expect(after?.used).toBeGreaterThanOrEqual(0.9);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('the chapter figures panel speaks in words', () => {
  /** Setting keys that are not words (camelCase ids such as panelSamples and dFF). */
  const RAW_IDS = [...new Set(Object.values(FIGURE_PLAN).flatMap((plan) => plan.experiments.flatMap((step) => Object.keys(step.controls))))].filter((key) => /[A-Z]/.test(key));

  it('no raw setting ids, backticks or source paths; the names fit the menu; seed controls only on random figures', async () => {
    const { page, errors } = await open('?panel=figures', { width: 1440, height: 900 });
    for (const figure of CHAPTER_FIGURE_IDS) {
      await page.selectOption('#figure-select', figure);
      await settle(page, 'figures');
      const text = await page.innerText('[data-panel=figures]');
      expect(text).not.toContain('`');
      expect(text).not.toMatch(/\b[\w/-]+\.(ts|py|js)\b/);
      for (const id of RAW_IDS) expect({ figure, id, shown: text.includes(id) }).toEqual({ figure, id, shown: false });
      const labels = await page.locator('[data-panel=figures] .controls label').allInnerTexts();
      const randomness = figureRandomness(figure);
      expect({ figure, seed: labels.includes('Seed') }).toEqual({ figure, seed: randomness === 'seed' });
      expect({ figure, generator: labels.includes('Generator') }).toEqual({ figure, generator: randomness !== 'none' });
    }
    // Every figure's name fits the menu (measured in the menu's font, beside its arrow).
    const fits = await page.evaluate(() => {
      const select = document.getElementById('figure-select') as HTMLSelectElement;
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      const style = getComputedStyle(select);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      return [...select.options].map((o) => ({ name: o.text, fits: context.measureText(o.text).width <= room }));
    });
    for (const option of fits) expect(option).toEqual({ name: option.name, fits: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('editing a setting reruns the figure (no button); a value that does not parse says why and keeps the figure', async () => {
    const { page, errors } = await open('?panel=figures&c.fig=gradient_flow', { width: 1440, height: 900 });
    await settle(page, 'figures');
    expect(await page.locator('#figure-run').count()).toBe(0);
    const count = await rendered(page, '#figure-plot');
    const units = page.getByRole('textbox', { name: 'Units per layer' });
    await units.fill('16');
    // The run starts by itself: the command line shows the new setting, then the chart is drawn again.
    await page.waitForFunction(() => document.querySelector('[data-panel=figures] code.cli')?.textContent?.includes('--set units=16'));
    await settle(page, 'figures');
    expect(await rendered(page, '#figure-plot')).toBeGreaterThan(count);
    expect(new URL(page.url()).searchParams.get('c.set')).toBe('gradient-flow.units=16');
    const after = await rendered(page, '#figure-plot');
    await units.fill('many');
    await page.waitForTimeout(1500);
    expect(await units.getAttribute('aria-invalid')).toBe('true');
    expect((await page.innerText('[data-panel=figures] .controls')).length).toBeGreaterThan(0);
    expect(await page.locator('[data-panel=figures] .controls small.error').filter({ hasText: /units/ }).count()).toBe(1);
    expect(await rendered(page, '#figure-plot')).toBe(after);
    expect(new URL(page.url()).searchParams.get('c.set')).toBe('gradient-flow.units=16');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
