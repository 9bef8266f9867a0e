/**
 * Slips never blank the page (issue 14, part 2), in Chromium: every number box of every panel
 * refuses what the address would refuse — saying what is allowed, keeping the last result on
 * screen and the address clean; the gallery shows an activation once and its property sheet names
 * the activation its selector names; charts keep readable axes; colours follow the activation.
 */
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { activationColour } from '../../src/figures/palette.js';
import { parseState } from '../../web/src/state.js';
import { open, PANELS, ready, useExplorer } from './harness.js';

useExplorer();

/** The boxes a person types numbers into: number inputs and the comma-separated width lists. */
const BOXES = 'input[type=number], input[type=text][inputmode=numeric]';

interface Box {
  index: number;
  label: string;
  min: number;
  max: number;
  integer: boolean;
}

async function boxesOf(page: Page, panel: string): Promise<Box[]> {
  return page.$$eval(`[data-panel=${panel}] :is(${BOXES})`, (nodes) =>
    (nodes as HTMLInputElement[]).map((node, index) => ({
      index,
      label: node.getAttribute('aria-label') ?? (node.id ? document.querySelector(`label[for="${node.id}"]`)?.textContent : null) ?? node.id,
      min: node.min === '' ? -Infinity : Number(node.min),
      max: node.max === '' ? Infinity : Number(node.max),
      integer: node.step === '1' || node.type === 'text',
    })),
  );
}

/** Texts that every box must refuse, given its range: below, above, NaN, blank, a decimal in an integer box. */
function refusedTexts(box: Box): fc.Arbitrary<string> {
  const options = [
    fc.constantFrom('', ' ', 'NaN', 'abc', '1e309', '-1e309', '--1'),
    ...(Number.isFinite(box.min) ? [fc.double({ min: -1e12, max: box.min, noNaN: true, maxExcluded: true }).map(String), fc.constant(String(box.min - 1))] : []),
    ...(Number.isFinite(box.max) ? [fc.double({ min: box.max, max: 1e12, noNaN: true, minExcluded: true }).map(String), fc.constant(String(box.max + 1))] : []),
    ...(box.integer && Number.isFinite(box.min) ? [fc.constant(String(box.min + 0.5))] : []),
  ];
  // A drawn number whose text lands back in range is not a refusal: −0 below a minimum of 0 reads
  // "0", and a double next to a bound may print as the bound.
  const allowed = (text: string) => {
    const value = Number(text);
    return text.trim() !== '' && value >= box.min && value <= box.max && (!box.integer || Number.isInteger(value));
  };
  return fc.oneof(...options).filter((text) => !allowed(text));
}

/** Sets a box's text as typing and leaving it would, and lets the page react. */
async function type(page: Page, panel: string, index: number, text: string): Promise<void> {
  await page.$$eval(
    `[data-panel=${panel}] :is(${BOXES})`,
    (nodes, [i, value]) => {
      const node = nodes[i as number] as HTMLInputElement;
      node.value = value as string;
      node.dispatchEvent(new Event('input', { bubbles: true }));
      node.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [index, text] as const,
  );
  await page.waitForTimeout(60);
}

/** What a panel shows as its result: a chart, a board, a table or the advisor's answer. */
async function result(page: Page, panel: string): Promise<{ shown: boolean; failure: string | undefined }> {
  return page.evaluate((p) => {
    const root = document.querySelector(`[data-panel=${p}]`);
    // Real data shows nothing until Run: what it shows then is its settings and the Run button.
    const shown = !!root?.querySelector(p === 'data' ? 'button.run' : '.plot svg, canvas, table, #recommendation');
    const text = root?.querySelector('.output')?.textContent ?? '';
    const failure = /Could not compute|must be a|got NaN|Error:/.exec(text)?.[0];
    return { shown, failure };
  }, panel);
}

describe('number boxes never blank the page', () => {
  for (const panel of PANELS) {
    it(`${panel}: every box refuses out-of-range and garbage text, says what is allowed, keeps the result and the address`, async () => {
      const { page, errors } = await open(`?panel=${panel}`);
      await ready(page, panel);
      const boxes = await boxesOf(page, panel);
      if (panel !== 'figures' && panel !== 'advisor') expect(boxes.length, `${panel} has number boxes`).toBeGreaterThan(0);
      const address = page.url();
      let typed = 0;
      for (const box of boxes) {
        const samples = fc.sample(refusedTexts(box), 6);
        for (const text of samples) {
          await type(page, panel, box.index, text);
          typed += 1;
          const state = await page.$$eval(`[data-panel=${panel}] :is(${BOXES})`, (nodes, i) => {
            const node = nodes[i] as HTMLInputElement;
            const message = node.getAttribute('aria-describedby');
            return { invalid: node.getAttribute('aria-invalid'), message: message ? document.getElementById(message)?.textContent : null };
          }, box.index);
          const what = `${panel}: "${box.label}" ← ${JSON.stringify(text)}`;
          expect(state.invalid, what).toBe('true');
          expect(state.message ?? '', what).toMatch(/Enter|must|expected/);
          expect(page.url(), `${what} reached the address`).toBe(address);
          expect(await result(page, panel), what).toEqual({ shown: true, failure: undefined });
        }
      }
      // The address as it stands reloads without a notice.
      expect(parseState(new URL(page.url()).search).notices).toEqual([]);
      expect(errors).toEqual([]);
      console.log(`${panel}: ${boxes.length} boxes, ${typed} refused texts typed`);
      await page.close();
    }, 300_000);
  }

  it('a value in range is taken: the box clears its mark and the address follows (flow depth 3)', async () => {
    const { page, errors } = await open('?panel=flow');
    await ready(page, 'flow');
    const depth = page.getByRole('spinbutton', { name: 'Depth (layers) (value)' });
    await depth.fill('0');
    await depth.press('Enter');
    await expect.poll(() => depth.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').first().textContent()).toBe('Enter an integer from 1 to 200.');
    await depth.fill('3');
    await depth.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('f.depth')).toBe('3');
    expect(await depth.getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('the gallery', () => {
  it('offers an activation once, and the property sheet names the activation its selector names, whatever is chosen or removed', async () => {
    const { page, errors } = await open('?g.acts=gelu,relu,swish');
    await ready(page, 'gallery');
    const selects = 'fieldset.list select[aria-label^="Activations"]';
    const check = async (what: string) => {
      await page.waitForFunction(() => document.querySelector('[data-panel=gallery]')?.getAttribute('data-busy') !== 'true');
      await page.waitForTimeout(150);
      const chosen = await page.$$eval(selects, (nodes) => (nodes as HTMLSelectElement[]).map((s) => ({ value: s.value, offered: [...s.options].map((o) => o.value) })));
      for (const [k, { value, offered }] of chosen.entries()) {
        const others = chosen.filter((_, j) => j !== k).map((c) => c.value);
        expect(offered.filter((o) => others.includes(o)), `${what}: select ${k + 1} offers another row's activation`).toEqual([]);
        expect(offered).toContain(value);
      }
      const named = await page.$eval('#gallery-focus', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent);
      const heading = await page.textContent('[data-panel=gallery] .info h3');
      expect(heading, `${what}: sheet heading vs selector`).toBe(named);
      const caption = await page.textContent('[data-panel=gallery] .info caption').catch(() => null);
      if (caption) expect(caption, what).toContain(named as string);
    };
    await check('initial');
    await page.selectOption('#gallery-focus', '2');
    await check('focus on the third');
    await page.click('button[aria-label="remove GELU"]');
    await check('first removed');
    await page.selectOption(`${selects} >> nth=1`, 'tanh');
    await check('focused one replaced');
    await page.click('button[aria-label="add to Activations"]');
    await check('one added');
    const acts = new URL(page.url()).searchParams.get('g.acts')?.split(',') ?? [];
    expect(new Set(acts).size).toBe(acts.length);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('draws tanh in its own colour beside three activations and beside four', async () => {
    const colours: string[] = [];
    for (const acts of ['relu,sigmoid,tanh', 'relu,sigmoid,elu,tanh']) {
      const { page } = await open(`?g.acts=${acts}`);
      await ready(page, 'gallery');
      await page.waitForSelector('#gallery-plot svg');
      // The legend's symbol beside the label "Tanh".
      colours.push(
        await page.$eval('#gallery-plot svg', (svg) => {
          const labels = [...svg.querySelectorAll('.role-legend-label text')];
          const index = labels.findIndex((t) => t.textContent === 'Tanh');
          const symbols = [...svg.querySelectorAll('.role-legend-symbol path')];
          return symbols[index]?.getAttribute('stroke') ?? symbols[index]?.getAttribute('fill') ?? '';
        }),
      );
      await page.close();
    }
    expect(colours).toEqual([activationColour('tanh'), activationColour('tanh')]);
  }, 120_000);

  it('ReLU’s f″ axis has readable ticks, not "0.000000"', async () => {
    const { page, errors } = await open('?g.acts=relu');
    await ready(page, 'gallery');
    await page.waitForSelector('#gallery-plot svg');
    const axes = await page.$$eval('#gallery-plot svg .role-axis', (groups) =>
      groups.map((g) => ({ name: g.getAttribute('aria-label') ?? '', labels: [...g.querySelectorAll('.role-axis-label text')].map((t) => t.textContent ?? '') })).filter((a) => a.name.includes('scale')),
    );
    const second = axes.find((a) => a.name.includes('f″'));
    expect(second?.labels).toEqual(['−1', '−0.5', '0', '0.5', '1']);
    for (const axis of axes) expect(new Set(axis.labels).size, axis.name).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
