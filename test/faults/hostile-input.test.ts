// Hostile certificate fields in a real Firefox: markup, right-to-left overrides and 64 KiB of
// subject render as inert text in the popup, the management page and the warning page; IDN hosts
// show as Unicode and punycode; a hostile history file's NUL bytes and markup do the same.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, type Authority } from '../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';

const HOSTILE = 'hostile.test';
const IDN = 'xn--bcher-kva.test';
const SCRIPT = '<script>window.__pwned=1<\\/script>';
const IMG = '<img src=x onerror=window.__pwned=2>';
const RLO = '\u202Egnp.exe';
/** How the pages show it: the override as a visible escape, never applied (visible-text.ts). */
const RLO_SHOWN = '⟨U+202E⟩gnp.exe';
/**
 * Organisational units of 60 characters, 250 times: a 15 KiB subject. NSS refuses a 64 KiB one
 * (SEC_ERROR_BAD_DER), so 64 KiB fields are tried through a history file below.
 */
const LONG = Array.from({ length: 250 }, (_, i) => `/OU=${String(i).padStart(4, '0')}${'W'.repeat(56)}`).join('');

let work: string;
let ca: Authority;
let hostile: TestServer;
let idn: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;
let tabId: number;
const at = (name: string, server: TestServer) => `${name}:${server.port}`;

/** Nothing ran, no foreign element exists, and nothing overflows the page sideways. */
async function expectInert(page: Page): Promise<void> {
  const wide = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
  if (wide.length) console.info('too wide:', wide.join(' | '));
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
    injected: document.querySelectorAll('img[src="x"], body script').length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect(state).toEqual({ pwned: null, injected: 0, overflow: expect.any(Number) });
  expect(state.overflow).toBeLessThanOrEqual(1);
}

const textOf = (page: Page) => page.evaluate(() => document.body.textContent ?? '');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-hostile-'));
  ca = makeAuthority(work, 'Hostile CA');
  hostile = await startHttpsServer(makeServerCert(work, [HOSTILE], ca));
  idn = await startHttpsServer(makeServerCert(work, [IDN], ca));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [ca]);
  firefox = await launchFirefox({ profileDir, hosts: [HOSTILE, IDN], extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of [hostile, idn]) await s?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('hostile certificate fields', () => {
  it('render as inert text in the popup and the management page', async () => {
    tabId = await driver.visit(tab, `https://${at(HOSTILE, hostile)}/`);
    await driver.hostReport(tabId, at(HOSTILE, hostile), 'first-use');
    hostile.setCert(makeServerCert(work, [HOSTILE], ca, [], `/O=${IMG}/OU=${RLO}${LONG}/CN=${SCRIPT}`));
    await driver.visit(tab, `https://${at(HOSTILE, hostile)}/?hostile`);
    await driver.hostReport(tabId, at(HOSTILE, hostile), 'key-change');

    const popup = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
    // Firefox sizes a popup to its content, up to 800 by 600: wider content would be cut off.
    await popup.setViewport({ width: 800, height: 600 });
    await popup.waitForSelector(`[data-host="${at(HOSTILE, hostile)}"] dd`);
    const popupText = await textOf(popup);
    expect(popupText).toContain('<script>window.__pwned=1</script>');
    expect(popupText).toContain(IMG);
    expect(popupText).toContain(RLO_SHOWN);
    expect(popupText).not.toContain('\u202E');
    expect(popupText).toContain('0249' + 'W'.repeat(56));
    await expectInert(popup);
    await popup.close();

    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html?host=${encodeURIComponent(at(HOSTILE, hostile))}`);
    await manager.waitForSelector('.host-detail dd');
    expect(await textOf(manager)).toContain('<script>window.__pwned=1</script>');
    await expectInert(manager);
    await manager.close();
  });

  it('render as inert text on the warning page', async () => {
    await driver.send({ type: 'set-mode', host: at(HOSTILE, hostile), mode: 'strict' });
    hostile.setCert(makeServerCert(work, [HOSTILE], ca, [], `/O=${IMG}/CN=${SCRIPT}`));
    await tab.goto(`https://${at(HOSTILE, hostile)}/?blocked`).catch(() => undefined);
    await tab.waitForFunction(() => location.href.includes('warning.html') && document.querySelector('dd') !== null, { timeout: 10_000 });
    expect(await textOf(tab)).toContain('<script>window.__pwned=1</script>');
    await expectInert(tab);
  });

  it('shows an IDN host as Unicode and punycode', async () => {
    const page = await firefox.browser.newPage();
    const id = await driver.visit(page, `https://${at(IDN, idn)}/`);
    await driver.hostReport(id, at(IDN, idn), 'first-use');
    const popup = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${id}`);
    await popup.waitForSelector('[data-idn]');
    expect(await popup.$eval('[data-idn]', (e) => e.textContent)).toBe(`bücher.test:${idn.port} (${IDN}:${idn.port})`);
  });
});

describe('a hostile history file', () => {
  /** Imports a history with one host whose certificate subject and issuer are `field`. */
  async function importWith(host: string, field: string): Promise<Page> {
    const record = (await driver.history(at(IDN, idn))).record!;
    const key = { ...record.keys[0]!, cert: { ...record.keys[0]!.cert, subject: field, issuer: field } };
    const file = join(work, `${host}.json`);
    writeFileSync(file, JSON.stringify({
      format: 'firstseen-trust-history', version: 1, exportedAt: new Date().toISOString(),
      policy: { modes: {}, ignoreRules: [], pins: [] },
      hosts: [{ ...record, host, domain: host, keys: [key], events: [] }],
    }));
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('body[data-ready="yes"] section.history');
    const input = await manager.$('#import-file');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await manager.waitForSelector('[data-preview], [data-import-error]');
    return manager;
  }

  it('with a 64 KiB certificate field: refused, saying where, and nothing imported', async () => {
    const manager = await importWith('long.test', 'Z'.repeat(70_001));
    expect(await manager.$eval('[data-import-error]', (e) => e.textContent)).toMatch(/hosts\[0\]\.keys\[0\]\.cert\.subject: too long/);
    expect((await driver.history('long.test')).record).toBeNull();
    await expectInert(manager);
  });

  it('with NUL bytes, markup and a right-to-left override: imported, and shown as inert text', async () => {
    const evil = 'CN=\u0000<img src=x onerror=window.__pwned=3>\u202Egnp.exe' + 'Y'.repeat(60_000);
    const manager = await importWith('evil.test', evil);
    await manager.click('button[data-action="import-apply"]');
    await manager.waitForSelector('[data-imported]');
    const detail = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html?host=evil.test`);
    await detail.waitForSelector('.host-detail dd');
    const detailText = await textOf(detail);
    expect(detailText).toContain('⟨U+0000⟩<img src=x onerror=window.__pwned=3>⟨U+202E⟩gnp.exe');
    expect(detailText.includes('\u0000') || detailText.includes('\u202E')).toBe(false);
    await expectInert(detail);
  });
});
