// The warning page in a real Firefox, as a user meets it: "Go back" focused, "Advanced…" beside it
// opening what FirstSeen saw, and "Continue once", which loads the stopped page this one time and
// trusts nothing: the next visit is stopped again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, nextSecond, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';

let work: string;
let root: Authority;
let server: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;
const WARNING = new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`);
const site = () => `vault.test:${server.port}`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-warning-'));
  root = makeAuthority(work, 'Vault Root');
  server = await startHttpsServer(makeServerCert(work, ['vault.test'], root));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [root]);
  firefox = await launchFirefox({ profileDir, hosts: ['vault.test'], extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
  await land(tab, `https://${site()}/`);
  await driver.hostReport(await driver.tabIdOf(tab), site(), 'first-use');
  await driver.send({ type: 'set-mode', host: site(), mode: 'strict' });
  await nextSecond();
  server.setCert(makeServerCert(work, ['vault.test'], root));
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the warning page', () => {
  it('opens with "Go back" focused and "Advanced…" beside it, closed', async () => {
    expect(await land(tab, `https://${site()}/?changed`)).toMatch(WARNING);
    await tab.waitForSelector('body[data-ready="yes"]');
    await tab.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'back');
    expect(await tab.$eval('[data-role="at-stake"]', (e) => e.textContent)).toContain('passwords');
    expect(await tab.$eval('button[data-action="advanced"]', (b) => b.getAttribute('aria-expanded'))).toBe('false');
    expect(await tab.$eval('details.trust', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    await tab.click('button[data-action="advanced"]');
    expect(await tab.$eval('details.trust', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await tab.$eval('button[data-action="advanced"]', (b) => b.getAttribute('aria-expanded'))).toBe('true');
  });

  it('fits at 200 % zoom: "Go back" is above the fold of a 1280 × 800 screen', async () => {
    // 200 % of a 1280 × 800 window is a 640 × 400 CSS-pixel viewport.
    await tab.setViewport({ width: 640, height: 400 });
    const fold = await tab.$eval('button[data-action="back"]', (b) => [Math.round(b.getBoundingClientRect().bottom), window.innerHeight, document.documentElement.scrollWidth - window.innerWidth]);
    console.info(`"Go back" bottom at 200 %: ${fold[0]} of ${fold[1]} px; sideways overflow ${fold[2]} px`);
    expect(fold[0]).toBeLessThanOrEqual(fold[1]!);
    expect(fold[2]).toBeLessThanOrEqual(0);
    await tab.setViewport({ width: 1280, height: 800 });
  });

  it('"Continue once" loads the page this time only, trusting nothing', async () => {
    await tab.click('button[data-action="continue-once"]');
    await tab.waitForFunction((url) => location.href === url && document.querySelector('h1'), {}, `https://${site()}/?changed`);
    const report = await driver.hostReport(await driver.tabIdOf(tab), site());
    expect(report.reasons).toContain('reasonContinuedOnce');
    expect(report.blocked ?? 0).toBe(0);
    expect((await driver.history(site())).record?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    // The next load is stopped again.
    expect(await land(tab, `https://${site()}/?again`)).toMatch(WARNING);
  });
});
