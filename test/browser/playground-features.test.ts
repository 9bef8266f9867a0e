/**
 * The playground's TensorFlow-Playground features in Chromium (see harness.ts): input features,
 * L1/L2 regularisation, the training share, the regression sets, discretised output and
 * Regenerate data each change the result (the loss after a few epochs, or the board), from the
 * address and from the controls (by keyboard where it matters), and all of them together in a
 * race.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { open, ready, useExplorer } from './harness.js';

useExplorer();

const PANEL = '[data-panel=playground]';

async function dataset(page: Page): Promise<{ epoch: number; loss: number }> {
  return page.evaluate((selector) => {
    const d = document.querySelector<HTMLElement>(selector)?.dataset ?? {};
    return { epoch: Number(d.epoch), loss: Number(d.loss) };
  }, PANEL);
}

/** Steps `epochs` epochs with the Step button and returns the training loss then. */
async function stepTo(page: Page, epochs: number): Promise<number> {
  const { epoch } = await dataset(page);
  for (let i = 0; i < epochs; i++) await page.click('#step');
  await page.waitForFunction(([selector, e]) => Number(document.querySelector<HTMLElement>(selector as string)?.dataset.epoch) === e, [PANEL, epoch + epochs] as const, { timeout: 60_000 });
  return (await dataset(page)).loss;
}

/** The training loss after `epochs` epochs at the address `query`. */
async function lossAfter(query: string, epochs: number): Promise<{ loss: number; caption: string; errors: string[] }> {
  const { page, errors } = await open(`?panel=playground&${query}`);
  await ready(page, 'playground');
  const loss = await stepTo(page, epochs);
  const caption = (await page.locator(`${PANEL} figcaption`).first().textContent()) ?? '';
  await page.close();
  return { loss, caption, errors };
}

/** The first board's pixels as a data URL. */
async function board(page: Page): Promise<string> {
  return page.evaluate((selector) => document.querySelector<HTMLCanvasElement>(`${selector} canvas.board`)?.toDataURL() ?? '', PANEL);
}

/** The share of the first board's pixels in its two commonest colours. */
async function twoColours(page: Page): Promise<number> {
  return page.evaluate((selector) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`${selector} canvas.board`) as HTMLCanvasElement;
    const d = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Map<string, number>();
    for (let i = 0; i < d.length; i += 4) {
      const key = `${d[i]},${d[i + 1]},${d[i + 2]}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return [...seen.values()].sort((a, b) => b - a).slice(0, 2).reduce((a, b) => a + b, 0) / (d.length / 4);
  }, PANEL);
}

/** Waits until the training loss differs from `before` (a new configuration arrived). */
async function lossChanged(page: Page, before: number): Promise<number> {
  await page.waitForFunction(([selector, b]) => Number(document.querySelector<HTMLElement>(selector as string)?.dataset.loss) !== b, [PANEL, before] as const, { timeout: 30_000 });
  return (await dataset(page)).loss;
}

const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const testLoss = (caption: string) => Number(/test loss ([\d.e+-]+)/.exec(caption)?.[1]);

describe('playground features in Chromium', () => {
  it('input features: x₁², x₂² learn the circle far faster than x₁, x₂; a checkbox (by keyboard) changes the network', async () => {
    const plain = await lossAfter('', 50);
    const squares = await lossAfter('p.feat=x1sq,x2sq', 50);
    console.log(`circle, 50 epochs: features x₁,x₂ loss ${plain.loss.toFixed(4)}; x₁²,x₂² loss ${squares.loss.toFixed(4)}`);
    expect(squares.loss).toBeLessThan(plain.loss / 2);
    const { page, errors } = await open('?panel=playground');
    await ready(page, 'playground');
    const before = (await dataset(page)).loss;
    await page.focus(`${PANEL} input[data-feature=x1x2]`);
    await page.keyboard.press('Space');
    const after = await lossChanged(page, before);
    expect(param(page, 'p.feat')).toBe('x1,x2,x1x2');
    expect(after).not.toBe(before);
    // The last feature left cannot be unchecked.
    await page.goto(page.url().replace(/p\.feat=[^&]*/, 'p.feat=sinx1'));
    await ready(page, 'playground');
    expect(await page.isDisabled(`${PANEL} input[data-feature=sinx1]`)).toBe(true);
    expect([...plain.errors, ...squares.errors, ...errors]).toEqual([]);
    await page.close();
  }, 180_000);

  it('L1/L2 regularisation changes the loss; the selects reach the address', async () => {
    const none = await lossAfter('p.data=xor&p.opt=momentum', 30);
    const l2 = await lossAfter('p.data=xor&p.opt=momentum&p.reg=l2&p.rrate=0.03', 30);
    const l1 = await lossAfter('p.data=xor&p.opt=momentum&p.reg=l1&p.rrate=0.01', 30);
    console.log(`xor with momentum, 30 epochs: loss without penalty ${none.loss.toFixed(4)}, L2 λ=0.03 ${l2.loss.toFixed(4)}, L1 λ=0.01 ${l1.loss.toFixed(4)}`);
    // A penalty pulls the weights to 0, away from the data's optimum: the data loss is higher.
    expect(l2.loss).toBeGreaterThan(none.loss * 1.5);
    expect(l1.loss).toBeGreaterThan(none.loss * 1.5);
    const { page, errors } = await open('?panel=playground&p.data=xor');
    await ready(page, 'playground');
    await page.selectOption('#regularization', 'l2');
    await page.selectOption('#regularization-rate', '0.3');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('p.rrate') === '0.3');
    expect(param(page, 'p.reg')).toBe('l2');
    expect([...none.errors, ...l2.errors, ...l1.errors, ...errors]).toEqual([]);
    await page.close();
  }, 180_000);

  it('the training share changes the training and the test loss; its slider works by keyboard', async () => {
    const half = await lossAfter('p.data=xor&p.noise=0.2', 20);
    const tenth = await lossAfter('p.data=xor&p.noise=0.2&p.train=10', 20);
    console.log(`xor noise 0.2, 20 epochs: 50 % training → train ${half.loss.toFixed(4)}, test ${testLoss(half.caption)}; 10 % → train ${tenth.loss.toFixed(4)}, test ${testLoss(tenth.caption)}`);
    expect(tenth.loss).not.toBe(half.loss);
    expect(testLoss(tenth.caption)).not.toBe(testLoss(half.caption));
    // With 40 training points the network fits them better than it generalises.
    expect(testLoss(tenth.caption)).toBeGreaterThan(tenth.loss);
    const { page, errors } = await open('?panel=playground');
    await ready(page, 'playground');
    await page.focus(`${PANEL} input[type=range][aria-label="Training data (%)"]`);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('p.train') === '60');
    expect([...half.errors, ...tenth.errors, ...errors]).toEqual([]);
    await page.close();
  }, 180_000);

  it('regression: the plane is learnt (½·squared error), the board shows the value from orange (−1) to blue (+1)', async () => {
    const { page, errors } = await open('?panel=playground&p.data=reg-plane');
    await ready(page, 'playground');
    const start = (await dataset(page)).loss;
    const end = await stepTo(page, 40);
    console.log(`plane: ½·squared error ${start.toFixed(4)} → ${end.toFixed(4)} after 40 epochs`);
    expect(end).toBeLessThan(start / 4);
    expect(end).toBeLessThan(0.03);
    expect(await page.locator(`${PANEL} h3`).first().textContent()).toContain('squared error');
    expect(await page.locator(`${PANEL} figcaption`).first().textContent()).not.toContain('accuracy');
    // Mean colour of the top-right corner (x₁ + x₂ large: +1, blue) and the bottom-left one (−1, orange).
    const corners = await page.evaluate((selector) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`${selector} canvas.board`) as HTMLCanvasElement;
      const c = canvas.getContext('2d') as CanvasRenderingContext2D;
      const mean = (x: number, y: number) => {
        const d = c.getImageData(x, y, 20, 20).data;
        const sum = [0, 0, 0];
        for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) sum[k] = (sum[k] as number) + (d[i + k] as number);
        return sum.map((s) => s / (d.length / 4));
      };
      return { topRight: mean(canvas.width - 24, 4), bottomLeft: mean(4, canvas.height - 24) };
    }, PANEL);
    expect(corners.topRight[2]).toBeGreaterThan(corners.topRight[0] as number);
    expect(corners.bottomLeft[0]).toBeGreaterThan(corners.bottomLeft[2] as number);
    const gauss = await lossAfter('p.data=reg-gauss', 40);
    console.log(`multi-Gaussian: ½·squared error after 40 epochs ${gauss.loss.toFixed(4)}`);
    expect(gauss.loss).toBeLessThan(0.1);
    expect([...errors, ...gauss.errors]).toEqual([]);
    await page.close();
  }, 180_000);

  it('discretise output changes the board without resetting the training', async () => {
    const { page, errors } = await open('?panel=playground&p.data=xor');
    await ready(page, 'playground');
    await stepTo(page, 10);
    const smooth = await board(page);
    const smoothTwo = await twoColours(page);
    const { epoch, loss } = await dataset(page);
    await page.getByLabel('Discretise output').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('p.disc') === '1');
    await page.waitForFunction(([selector, before]) => document.querySelector<HTMLCanvasElement>(`${selector} canvas.board`)?.toDataURL() !== before, [PANEL, smooth] as const);
    expect(await dataset(page)).toEqual({ epoch, loss });
    // The discretised heatmap has two colours, covering most of the board (points and their edges the rest).
    const before = await twoColours(page);
    await stepTo(page, 5);
    // Reset keeps it discretised.
    await page.click('#reset');
    await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.epoch === '0', PANEL);
    const reset = await twoColours(page);
    console.log(`board, continuous: the two commonest colours cover ${(100 * smoothTwo).toFixed(1)} % of the pixels; discretised ${(100 * before).toFixed(1)} %, after Reset ${(100 * reset).toFixed(1)} %`);
    expect(smoothTwo).toBeLessThan(0.5);
    expect(before).toBeGreaterThan(0.6);
    expect(reset).toBeGreaterThan(0.6);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('Regenerate data draws new points (new loss, new board) and restarts the same network', async () => {
    const { page, errors } = await open('?panel=playground&p.data=spiral&p.noise=0.3');
    await ready(page, 'playground');
    await stepTo(page, 3);
    const before = { board: await board(page), ...(await dataset(page)) };
    await page.click('#regenerate');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('p.regen') === '1');
    await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.epoch === '0', PANEL);
    const after = await stepTo(page, 3);
    console.log(`spiral noise 0.3, 3 epochs: loss ${before.loss.toFixed(4)} → regenerated ${after.toFixed(4)}`);
    expect(after).not.toBe(before.loss);
    expect(await board(page)).not.toBe(before.board);
    expect(param(page, 'seed')).toBeNull();
    // Reloading the address gives the regenerated data again.
    await page.reload();
    await ready(page, 'playground');
    expect(await stepTo(page, 3)).toBe(after);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a race trains with every new option at once', async () => {
    const { page, errors } = await open('?panel=playground&p.race=relu,tanh,swish&p.data=reg-gauss&p.feat=x1,x2,x1x2&p.reg=l2&p.rrate=0.001&p.train=70&p.disc=1&p.regen=4');
    await ready(page, 'playground');
    expect(await page.locator(`${PANEL} canvas.board`).count()).toBe(3);
    const start = (await dataset(page)).loss;
    const end = await stepTo(page, 15);
    const captions = await page.locator(`${PANEL} figcaption`).allTextContents();
    console.log(`race with every option, 15 epochs: first racer ${start.toFixed(4)} → ${end.toFixed(4)}; ${captions.join(' | ')}`);
    expect(end).toBeLessThan(start);
    expect(captions.map((c) => c.split(' — ')[0])).toEqual(['ReLU', 'Tanh', 'Swish / SiLU']);
    expect(captions.every((c) => Number.isFinite(testLoss(c)))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
