/**
 * The Playground's colours follow the activation, in Chromium: in a race of ReLU, tanh and Mish,
 * each legend key, board frame and loss curve is its activation's colour from the one palette
 * (src/figures/palette.ts) — the colour the Gallery and every other chart give it.
 */
import { describe, expect, it } from 'vitest';
import { activationColour } from '../../src/figures/palette.js';
import { open, ready, useExplorer } from './harness.js';

useExplorer();

const PANEL = '[data-panel=playground]';
const RACE = ['relu', 'tanh', 'mish'];

/** "#e15759" → "rgb(225, 87, 89)", as getComputedStyle writes colours. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('playground colours', () => {
  it('a race of relu, tanh, mish: legend keys, board frames and loss curves in each activation’s colour', async () => {
    const { page, errors } = await open(`?panel=playground&p.race=${RACE.join(',')}`, { width: 1440, height: 1000 });
    await ready(page, 'playground');
    await page.waitForFunction((n) => document.querySelectorAll('[data-panel=playground] .legend .key').length === n, RACE.length);
    const expected = RACE.map((id) => rgb(activationColour(id)));
    const keys = await page.$$eval(`${PANEL} .legend .key`, (spans) => spans.map((s) => ({ text: s.textContent, colour: getComputedStyle(s, '::before').borderTopColor, style: getComputedStyle(s, '::before').borderTopStyle })));
    const frames = await page.$$eval(`${PANEL} .board-figure`, (figures) => figures.map((f) => getComputedStyle(f).borderTopColor));
    console.log(`legend ${keys.map((k) => `${k.text} ${k.colour}`).join('; ')}; frames ${frames.join('; ')}`);
    expect(keys.map((k) => k.colour)).toEqual(expected);
    expect(keys.map((k) => k.style)).toEqual(['solid', 'solid', 'solid']);
    expect(frames).toEqual(expected);
    // The loss curves after a few steps: each colour is drawn (pixels within a rounding of it).
    for (let k = 0; k < 5; k++) await page.click('#step');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-panel=playground]')?.dataset.epoch) >= 5);
    await page.waitForTimeout(300);
    const drawn = await page.$eval(
      `${PANEL} canvas.loss`,
      (canvas, colours) => {
        const c = canvas as HTMLCanvasElement;
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        return colours.map((colour) => {
          const [r, g, b] = (colour.match(/\d+/g) ?? []).map(Number) as [number, number, number];
          let count = 0;
          for (let i = 0; i < data.length; i += 4) if (Math.abs((data[i] as number) - r) + Math.abs((data[i + 1] as number) - g) + Math.abs((data[i + 2] as number) - b) <= 12 && (data[i + 3] as number) > 200) count++;
          return count;
        });
      },
      expected,
    );
    console.log(`loss-curve pixels per racer: ${RACE.map((id, k) => `${id} ${drawn[k]}`).join(', ')}`);
    for (const count of drawn) expect(count).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
