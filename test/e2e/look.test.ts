// The look, measured in a real Firefox (issue #25: "it reads as a developer's tool"): Firefox's type
// scale (no text under 12 px), its buttons (32 px tall, one blue primary among grey ones), parts on
// cards over the page's background, and a host list whose headers line up with their columns and
// which is as tall as its rows, not a fixed share of the window. Both colour schemes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';
import { ROW_HEIGHT } from '../../src/ui/manager/HostTable.js';

const NAMES = ['one.test', 'two.test', 'three.test'];
/** Firefox in the dark scheme, as accessibility-dark.test.ts launches it (puppeteer cannot emulate it over BiDi). */
const DARK = { 'ui.systemUsesDarkTheme': 1, 'layout.css.prefers-color-scheme.content-override': 0 };
let work: string;
let servers: Record<string, TestServer>;
let firefox: RunningFirefox | undefined;
let tabId: number;
const host = (n: string) => `${n}:${servers[n]!.port}`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-look-'));
  const ca = makeAuthority(work, 'Look CA');
  servers = Object.fromEntries(await Promise.all(NAMES.map(async (n) => [n, await startHttpsServer(makeServerCert(work, [n], ca))] as const)));
  prepareProfile(join(work, 'light'), [ca]);
  prepareProfile(join(work, 'dark'), [ca]);
}, 60_000);

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of Object.values(servers ?? {})) await s.close();
  rmSync(work, { recursive: true, force: true });
});

/** A Firefox in `scheme` that has seen the three sites: the manager lists them, the tab's popup has them. */
async function start(scheme: 'light' | 'dark'): Promise<void> {
  await firefox?.close().catch(() => undefined);
  firefox = await launchFirefox({ profileDir: join(work, scheme), hosts: NAMES, extensions: [FIRSTSEEN], ...(scheme === 'dark' ? { prefs: DARK } : {}) });
  const driver = await FirstSeenDriver.open(firefox.browser);
  const tab = await firefox.browser.newPage();
  for (const n of NAMES) tabId = await driver.visit(tab, `https://${host(n)}/`);
  await driver.hostReport(tabId, host(NAMES[NAMES.length - 1]!), 'first-use');
}

async function open(path: string, scheme: 'light' | 'dark'): Promise<Page> {
  const page = await openExtensionPage(firefox!.browser, `${EXTENSION_BASE}${path}`);
  await page.setViewport({ width: 1280, height: 800 });
  await page.waitForSelector('body[data-ready="yes"]');
  // The page really is in the scheme asked for: otherwise one scheme would be checked twice.
  expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
  return page;
}

/** Every rendered text's font size under `min` px, with its first words. */
function smallText(page: Page, min: number): Promise<string[]> {
  return page.evaluate((least) => {
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.getClientRects().length === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < least) small.push(`${size}px: ${text.slice(0, 40)}`);
    }
    return small;
  }, min);
}

/** The buttons shown, but links drawn as text and the list's sortable headers: height and background. */
function buttons(page: Page): Promise<{ label: string; height: number; background: string; primary: boolean }[]> {
  return page.evaluate(() => [...document.querySelectorAll('button')]
    .filter((b) => b.getClientRects().length > 0 && !b.classList.contains('link') && !b.closest('.host-head'))
    .map((b) => ({ label: b.textContent ?? '', height: b.getBoundingClientRect().height, background: getComputedStyle(b).backgroundColor, primary: b.classList.contains('primary') })));
}

for (const scheme of ['light', 'dark'] as const) {
  describe(`the look, in a real Firefox, ${scheme} scheme`, () => {
    beforeAll(() => start(scheme), 120_000);

    it(`the management page (${scheme}): type, buttons, cards, and a list whose headers line up and that is as tall as its rows`, async () => {
      const page = await open('manager.html', scheme);
      await page.waitForSelector('.host-body [data-host]');
      expect(await smallText(page, 12)).toEqual([]);
      expect(await page.$eval('main', (m) => parseFloat(getComputedStyle(m).fontSize))).toBeGreaterThanOrEqual(15);

      const shown = await buttons(page);
      expect(shown.length).toBeGreaterThan(2);
      for (const b of shown) expect(b.height, b.label).toBeGreaterThanOrEqual(31.5);
      const grey = new Set(shown.filter((b) => !b.primary).map((b) => b.background));
      expect(grey.size, 'the grey buttons share one background').toBe(1);
      expect([...grey][0]).not.toBe('rgba(0, 0, 0, 0)');

      // A card is not the page: its background differs from the body's, and it has a rounded edge.
      const card = await page.$eval('.host-table', (t) => ({ bg: getComputedStyle(t).backgroundColor, radius: parseFloat(getComputedStyle(t).borderTopLeftRadius), page: getComputedStyle(document.body).backgroundColor }));
      expect(card.bg).not.toBe(card.page);
      expect(card.radius).toBeGreaterThanOrEqual(6);

      // Each header's words start where its column's cells start (a centred header read as out of line).
      const offsets = await page.evaluate(() => {
        const textLeft = (el: Element) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return range.getBoundingClientRect().left;
        };
        const heads = [...document.querySelectorAll('.host-head [role="columnheader"] button')];
        const cells = [...document.querySelectorAll('.host-body [role="row"]:first-child [role="cell"]')];
        return heads.map((h, i) => Math.abs(textLeft(h) - (cells[i] ? textLeft(cells[i]!.firstElementChild ?? cells[i]!) : NaN)));
      });
      expect(offsets.length).toBe(6);
      // The keys column holds a number in a 3em column: its header and count start together too.
      for (const [i, off] of offsets.entries()) expect(off, `column ${i}`).toBeLessThanOrEqual(1.5);

      // Three sites: the list is three rows tall, not 60 % of an 800 px window.
      const body = await page.$eval('.host-body', (b) => b.getBoundingClientRect().height);
      expect(body).toBeLessThanOrEqual(NAMES.length * ROW_HEIGHT + 2);
      expect(body).toBeGreaterThanOrEqual(NAMES.length * ROW_HEIGHT - 2);
      await page.close();
    });

    it(`the popup and the first-run page (${scheme}): no text under 12 px, buttons 32 px tall`, async () => {
      for (const path of [`popup.html?tab=${tabId}`, 'welcome.html']) {
        const page = await open(path, scheme);
        expect(await smallText(page, 12), path).toEqual([]);
        for (const b of await buttons(page)) expect(b.height, `${path}: ${b.label}`).toBeGreaterThanOrEqual(31.5);
        await page.close();
      }
    });
  });
}
