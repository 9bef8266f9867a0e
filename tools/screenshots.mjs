#!/usr/bin/env node
/**
 * The README's screenshots of the explorer, taken the same way every time: the built app
 * (`npm run build`) served by `actlab start`'s server, driven by Debian's Chromium
 * (`apt-get install -y chromium`) through playwright-core. Writes docs/explorer*.png.
 *
 *   npm run screenshots            all of them
 *   npm run screenshots -- flow    only those whose name contains "flow"
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startExplorerServer } from '../dist/cli/serve.js';

const ROOT = join(import.meta.dirname, '..');
const WEB = join(ROOT, 'dist', 'web');
const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 1000 };
const PHONE = { width: 390, height: 844 };

/** Waits until a panel says it is done. */
const ready = (page, panel) => page.waitForSelector(`[data-panel=${panel}][data-ready=true]`, { timeout: 120_000 });

/** Trains the playground until `epochs`, then pauses. */
async function train(page, epochs) {
  await page.click('#play');
  await page.waitForFunction((n) => Number(document.querySelector('[data-panel=playground]')?.dataset.epoch) >= n, epochs, { timeout: 120_000 });
  await page.click('#play');
  await page.waitForSelector('[data-panel=playground][data-running=false]');
}

const SHOTS = [
  {
    file: 'explorer.png',
    what: 'four activations racing on the spiral, from one seed',
    query: '?panel=playground&p.data=spiral&p.hidden=8,8,8&p.acts=relu,relu,relu&p.race=relu,tanh,swish,gelu&p.speed=fast',
    viewport: DESKTOP,
    async act(page) {
      await ready(page, 'playground');
      // The network diagram has its own screenshot: folded here, the four boards come first.
      await page.click('.pg-network > summary');
      await train(page, 400);
    },
  },
  {
    file: 'explorer-network.png',
    what: 'the network drawn while it learns the spiral',
    query: '?panel=playground&p.data=spiral&p.feat=x1,x2,x1sq,x2sq,sinx1,sinx2&p.hidden=8,6&p.acts=tanh,tanh&p.opt=adam&p.lr=0.03&p.speed=fast',
    viewport: DESKTOP,
    async act(page) {
      await ready(page, 'playground');
      await train(page, 300);
    },
  },
  {
    file: 'explorer-gallery.png',
    what: 'the gallery: five activations, derivatives, GELU’s property sheet',
    query: '?g.acts=gelu,relu,swish,elu,mish',
    viewport: DESKTOP,
    async act(page) {
      await ready(page, 'gallery');
      await page.waitForSelector('[data-panel=gallery][data-busy=false]');
    },
  },
  {
    file: 'explorer-formula.png',
    what: 'your own activation: a formula typed in the gallery, its curves and computed property sheet',
    query: '?g.acts=relu,swish&g.x=4',
    // Tall enough for the property sheet under the curves.
    viewport: { width: 1280, height: 1560 },
    async act(page) {
      await ready(page, 'gallery');
      await page.waitForSelector('[data-panel=gallery][data-busy=false]');
      // A formula typed as a person would, then left (Enter): it joins the recent list too.
      await page.type('#gallery-formula', 'My mish=z*tanh(softplus(z))', { delay: 20 });
      await page.press('#gallery-formula', 'Enter');
      await page.waitForFunction(() => document.querySelector('[data-panel=gallery] table.sheet caption')?.textContent?.endsWith('My mish'), undefined, { timeout: 120_000 });
      await page.waitForSelector('[data-panel=gallery][data-busy=false]');
    },
  },
  {
    file: 'explorer-flow.png',
    what: 'gradient flow through 50 layers, simulated beside the mean-field prediction',
    query: '?panel=flow',
    viewport: DESKTOP,
    async act(page) {
      await ready(page, 'flow');
    },
  },
  {
    file: 'explorer-phone.png',
    what: 'gradient flow at phone width (390 px)',
    query: '?panel=flow',
    viewport: PHONE,
    fullPage: true,
    async act(page) {
      await ready(page, 'flow');
    },
  },
];

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with apt-get install -y chromium`);
  if (!existsSync(join(WEB, 'index.html'))) throw new Error('dist/web is missing: run npm run build first');
  const only = process.argv[2];
  const server = await startExplorerServer({ root: WEB, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const shot of SHOTS) {
      if (only && !shot.file.includes(only)) continue;
      const page = await browser.newPage({ viewport: shot.viewport });
      await page.goto(`${server.url}${shot.query}`);
      await shot.act(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(ROOT, 'docs', shot.file), fullPage: shot.fullPage ?? false });
      console.log(`docs/${shot.file} — ${shot.what}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(`screenshots: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
