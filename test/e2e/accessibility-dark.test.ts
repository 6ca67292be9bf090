// axe-core in the dark colour scheme: the popup at a critical verdict (the loudest colours), the
// warning page of a critical stop, the management page with its options, and the first-run page.
// Colour contrast is where a dark theme breaks; accessibility.test.ts covers the light one in full.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { makeAuthority, makeServerCert, nextSecond, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';

const DARK = { 'ui.systemUsesDarkTheme': 1, 'layout.css.prefers-color-scheme.content-override': 0 };
let work: string;
let ca: Authority;
let other: Authority;
let server: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-axe-dark-'));
  ca = makeAuthority(work, 'Dark CA One');
  other = makeAuthority(work, 'Dark CA Two');
  server = await startHttpsServer(makeServerCert(work, ['bank.test'], ca));
  prepareProfile(join(work, 'profile'), [ca, other]);
  firefox = await launchFirefox({ profileDir: join(work, 'profile'), hosts: ['bank.test'], extensions: [FIRSTSEEN], prefs: DARK });
  driver = await FirstSeenDriver.open(firefox.browser);
}, 180_000);

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function violationsOf(url: string): Promise<string[]> {
  const page = await openExtensionPage(firefox.browser, url);
  await page.waitForSelector('body[data-ready="yes"]');
  // The page really is in the dark scheme: otherwise this test would check the light one again.
  expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
  const found = await axeViolations(page);
  await page.close();
  return found;
}

describe('accessibility (axe-core) in the dark colour scheme', () => {
  it('the popup at a critical verdict, the warning page of its stop, the management page and the first-run page', async () => {
    const tab = await firefox.browser.newPage();
    const host = `bank.test:${server.port}`;
    await driver.hostReport(await driver.visit(tab, `https://${host}/`), host, 'first-use');
    await nextSecond();
    server.setCert(makeServerCert(work, ['bank.test'], other));
    const changed = await driver.hostReport(await driver.visit(tab, `https://${host}/?2`), host, 'issuer-change');
    await driver.send({ type: 'decide-key', host, key: { spkiSha256: changed.observed!.spkiSha256, issuerSpkiSha256: changed.observed!.issuerSpkiSha256 }, decision: 'rejected' });
    expect(await land(tab, `https://${host}/?3`)).toMatch(/warning\.html/);
    await tab.waitForSelector('body[data-ready="yes"]');
    const warning = await axeViolations(tab);
    const tabId = await driver.tabIdOf(tab);
    const found = {
      warning,
      popup: await violationsOf(`${EXTENSION_BASE}popup.html?tab=${tabId}`),
      manager: await violationsOf(`${EXTENSION_BASE}manager.html?host=${encodeURIComponent(host)}`),
      welcome: await violationsOf(`${EXTENSION_BASE}welcome.html`),
    };
    expect(found).toEqual({ warning: [], popup: [], manager: [], welcome: [] });
  });
});
