/**
 * The first chart of a panel comes before Vega has loaded: the charts worker starts with the
 * drawing code only (no Vega, no WebAssembly, no analysis engine), draws the first chart with
 * its light SVG renderer from the chart's spec, and Vega's drawing replaces it once Vega is
 * ready. Checked here: the worker's start-up chunk stays small, and on each panel with charts
 * the light drawing (if it was shown) is replaced by Vega's, with no error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open, ready, useExplorer, WEB } from './harness.js';

useExplorer();

/** The charts worker's entry chunk must start fast: well under Vega's ~800 KB. */
const START_CHUNK_LIMIT = 150_000;

describe('first charts before Vega', () => {
  it('the charts worker starts from a small chunk without Vega or WebAssembly', () => {
    const assets = join(WEB, 'assets');
    const entry = readdirSync(assets).find((name) => /^chart-worker-.*\.js$/.test(name));
    expect(entry, 'dist/web has no chart-worker chunk: build with node tools/build-web.mjs --force').toBeDefined();
    const code = readFileSync(join(assets, entry as string), 'utf8');
    console.log(`charts worker start-up chunk: ${(code.length / 1000).toFixed(0)} kB`);
    expect(code.length).toBeLessThan(START_CHUNK_LIMIT);
    expect(code).not.toMatch(/WebAssembly\.(instantiate|Module)\(/);
    // Vega comes in by a dynamic import, never a static one.
    expect(code).not.toMatch(/import\s*\{[^}]*\}\s*from\s*["']\.\/worker-render/);
    expect(code).toMatch(/import\(["']\.\/worker-render-/);
  });

  for (const [panel, plot] of [
    ['gallery', '#gallery-plot'],
    ['selu', '#selu-plot'],
    ['figures', '#figure-plot'],
  ] as const) {
    it(`${panel}: a light first chart is replaced by Vega's`, async () => {
      const { page, errors } = await open(`?panel=${panel}`);
      await ready(page, panel);
      await page.waitForFunction((selector) => {
        const svg = document.querySelector(`${selector} svg`);
        return svg !== null && !svg.hasAttribute('data-quick') && svg.querySelector('.mark-line, .mark-symbol, .mark-rect, .mark-rule') !== null;
      }, plot, { timeout: 30_000 });
      expect(await page.locator(`${plot} svg`).count()).toBe(1);
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }
});
