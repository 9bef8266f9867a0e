/**
 * The explorer works under the server's Content-Security-Policy: the built app (dist/web) in
 * Debian's Chromium, served by `actlab start`'s server, renders the gallery (Web Worker, Vega,
 * WebAssembly, KaTeX) and the playground with no CSP violation and no console error; and the
 * policy is really enforced (an inline script refused on the page, framing refused).
 *
 * Needs /usr/bin/chromium and dist/web (`node tools/build-web.mjs`); fails without them, as the
 * browser tests do.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExplorerServer, type ExplorerServer } from '../../src/cli/serve.js';

const CHROMIUM = process.env.ACTLAB_CHROMIUM ?? '/usr/bin/chromium';
const WEB = join(import.meta.dirname, '..', '..', 'dist', 'web');

let server: ExplorerServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with apt-get install -y chromium`);
  if (!existsSync(join(WEB, 'index.html'))) throw new Error(`${WEB}/index.html is missing: run "node tools/build-web.mjs"`);
  server = await startExplorerServer({ root: WEB, port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('explorer under the Content-Security-Policy', () => {
  it('renders the gallery and the playground with no violation, and the policy is enforced', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text())) problems.push(`console ${m.type()}: ${m.text().slice(0, 300)}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    // The gallery's plot comes from the compute worker (Vega, the WebAssembly kernels), its formulas from KaTeX.
    await page.waitForSelector('[data-panel=gallery][data-ready=true]', { timeout: 90_000 });
    expect(await page.locator('[data-panel=gallery] .plot svg').count()).toBeGreaterThan(0);
    expect(await page.locator('.katex').count()).toBeGreaterThan(0);
    await page.click('#tab-playground');
    await page.waitForSelector('[data-panel=playground][data-ready=true]', { timeout: 60_000 });
    expect(problems).toEqual([]);

    // Enforced, not decorative: an injected inline script does not run, and is reported.
    // (DevTools' own evaluation is exempt from CSP, so eval cannot be probed from here.)
    problems.length = 0;
    const inlineRan = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true';
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inline?: boolean }).__inline === true;
    });
    expect(inlineRan).toBe(false);
    expect(problems.some((p) => /script-src/.test(p))).toBe(true);
    await page.close();

    // Framing: another origin's page cannot show the explorer in a frame.
    const framer = await browser.newPage();
    await framer.setContent(`<iframe id="f" src="${server.url}"></iframe>`);
    await framer.waitForTimeout(1000);
    const framed = framer.frames().find((f) => f.url().startsWith(server.url));
    const framedTitle = framed ? await framed.title().catch(() => '') : '';
    expect(framedTitle).not.toContain('actlab');
    await framer.close();
  }, 180_000);
});
