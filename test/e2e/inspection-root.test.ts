// An interception's warning page offers to recognise its root as this machine's own TLS inspection
// (antivirus, company proxy), once for every site; after that such sites load, named, and the
// management page can take it back. In a real Firefox, through the pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, spkiSha256, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';

const HOSTS = ['shop.test', 'mail.test'];
let work: string;
let siteRoot: Authority;
let antivirus: Authority;
const servers: Record<string, TestServer> = {};
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;
const host = (name: string) => `${name}:${servers[name]!.port}`;
const WARNING = new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-inspection-'));
  siteRoot = makeAuthority(work, 'Site Root');
  antivirus = makeAuthority(work, 'Example Antivirus Web Shield Root');
  for (const name of HOSTS) servers[name] = await startHttpsServer(makeServerCert(work, [name], siteRoot));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [siteRoot, antivirus]);
  firefox = await launchFirefox({ profileDir, hosts: HOSTS, extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
  for (const name of HOSTS) {
    await land(tab, `https://${host(name)}/`);
    await driver.hostReport(await driver.tabIdOf(tab), host(name), 'first-use');
    await driver.markBuiltIn(host(name));
    servers[name]!.setCert(makeServerCert(work, [name], antivirus));
  }
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of Object.values(servers)) await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('recognising an inspection root', () => {
  it('is offered on the interception\'s warning page, asks for a confirmation, then the page loads, named', async () => {
    const shop = host('shop.test');
    expect(await land(tab, `https://${shop}/?inspected`)).toMatch(WARNING);
    await tab.waitForSelector('body[data-ready="yes"] [data-reason="critical"]');
    expect(await tab.$eval('[data-role="recognise-root"] [data-field="root-name"]', (e) => e.textContent)).toBe('Example Antivirus Web Shield Root');
    expect(await tab.$eval('[data-action="recognise-inspection-root"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await tab.click('[data-action="confirm-recognise"]');
    await tab.click('[data-action="recognise-inspection-root"]');
    await tab.waitForFunction((url) => location.href === url, {}, `https://${shop}/?inspected`);
    const report = await driver.hostReport(await driver.tabIdOf(tab), shop, 'inspected');
    expect(report).toMatchObject({ kind: 'inspected', severity: 'none', inspectedBy: 'Example Antivirus Web Shield Root' });
  });

  it('holds for every site: another site re-signed by it loads, named, and learns nothing', async () => {
    const mail = host('mail.test');
    expect(await land(tab, `https://${mail}/`)).toBe(`https://${mail}/`);
    const tabId = await driver.tabIdOf(tab);
    expect(await driver.hostReport(tabId, mail, 'inspected')).toMatchObject({ inspectedBy: 'Example Antivirus Web Shield Root' });
    const popup = await driver.popupFor(tabId);
    expect(await popup.rows()).toEqual([{ host: mail, verdict: 'inspected', severity: 'none' }]);
    await popup.close();
    expect((await driver.history(mail)).record?.keys.map((k) => k.builtInRoot)).toEqual([true]);
  });

  it('is listed on the management page, and taking it back makes interception critical again', async () => {
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector(`[data-role="recognised-roots"] li[data-pin="${spkiSha256(antivirus.certPem)}"]`);
    await manager.click('[data-action="forget-inspection-root"]');
    await manager.waitForFunction(() => !document.querySelector('[data-role="recognised-roots"]'));
    await manager.close();
    expect(await land(tab, `https://${host('mail.test')}/?again`)).toMatch(WARNING);
    await tab.waitForSelector('body[data-ready="yes"] section.classification[data-verdict="interception"]');
  });
});
