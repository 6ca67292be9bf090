// An organisation's policy for FirstSeen, through a real policies.json read by a real Firefox ESR
// (a private installation: support/private-firefox.ts). A managed strict host blocks on a new key; a
// managed pin is required, shown read-only and cannot be removed; the expected inspection root makes
// a re-signed site a named, quiet verdict while another unknown root is critical; a changed policy
// applies after a restart and says what it no longer sets; an invalid one is refused with its reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedState } from '../../src/core/managed-rules.js';
import { makeAuthority, makeServerCert, nextSecond, spkiSha256, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';
import { privateInstallation, writePolicies } from './support/private-firefox.js';
import { firstDownload, keepDownloads } from './support/downloads.js';

const HOSTS = ['app.corp.test', 'bad.pinned.test', 'good.pinned.test', 'inspected.test', 'intercepted.test'];
let work: string;
let install: string;
let binary: string;
let profileDir: string;
let siteRoot: Authority;
let siteIssuing: Authority;
let proxyRoot: Authority;
let evilRoot: Authority;
const servers: Record<string, TestServer> = {};
let firefox: RunningFirefox | undefined;
let driver: FirstSeenDriver;
let tab: Page;
/** The policies.json the management page exported, deployed again in the last test. */
let exported: { policies: { '3rdparty': { Extensions: Record<string, unknown> } } };

const host = (name: string) => `${name}:${servers[name]!.port}`;
const policiesOf = (firstseen: unknown) => ({ policies: { '3rdparty': { Extensions: { [FIRSTSEEN.geckoId]: firstseen } } } });

async function start(policies: unknown): Promise<void> {
  await firefox?.close().catch(() => undefined);
  writePolicies(install, policies);
  firefox = await launchFirefox({ profileDir, hosts: HOSTS, extensions: [FIRSTSEEN], executablePath: binary });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
}

async function openManager(query = ''): Promise<Page> {
  const page = await openExtensionPage(firefox!.browser, `${EXTENSION_BASE}manager.html${query}`);
  await page.waitForSelector('body[data-ready="yes"] .host-table');
  return page;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-managed-'));
  install = join(work, 'firefox');
  binary = privateInstallation(install);
  siteRoot = makeAuthority(work, 'Site Root');
  siteIssuing = makeAuthority(work, 'Site Issuing CA', siteRoot);
  proxyRoot = makeAuthority(work, 'Corp Inspection Root');
  evilRoot = makeAuthority(work, 'Unknown Root');
  servers['app.corp.test'] = await startHttpsServer(makeServerCert(work, ['app.corp.test'], siteRoot));
  servers['bad.pinned.test'] = await startHttpsServer(makeServerCert(work, ['bad.pinned.test'], siteRoot));
  servers['good.pinned.test'] = await startHttpsServer(makeServerCert(work, ['good.pinned.test'], siteIssuing, [siteIssuing]));
  servers['inspected.test'] = await startHttpsServer(makeServerCert(work, ['inspected.test'], siteRoot));
  servers['intercepted.test'] = await startHttpsServer(makeServerCert(work, ['intercepted.test'], siteRoot));
  profileDir = join(work, 'profile');
  prepareProfile(profileDir, [siteRoot, proxyRoot, evilRoot]);
  await start(policiesOf({
    modes: { '**.corp.test': 'strict' },
    pins: [{ pattern: '**.pinned.test', sha256: [spkiSha256(siteIssuing.certPem)] }],
    inspectionRoots: [{ name: 'Corp web gateway', sha256: spkiSha256(proxyRoot.certPem), domains: ['inspected.test', 'intercepted.test'] }],
    locked: { stopOnCritical: true },
  }));
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of Object.values(servers)) await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a policy Firefox read from policies.json', () => {
  it('reaches the add-on and is shown on the management page, read-only and in words', async () => {
    const state = await driver.send<ManagedState>({ type: 'managed-status' });
    expect(state.status).toBe('applied');
    const page = await openManager();
    await page.waitForSelector('[data-role="managed-policy"][data-status="applied"]');
    expect(await page.$$eval('[data-managed="mode"]', (rows) => rows.map((r) => [r.getAttribute('data-host'), r.getAttribute('data-mode')]))).toEqual([['**.corp.test', 'strict']]);
    expect(await page.$eval('[data-managed="inspection-root"] [data-field="name"]', (e) => e.textContent)).toBe('Corp web gateway');
    expect(await page.$eval('input[data-option="stop-on-critical"]', (e) => [(e as HTMLInputElement).disabled, (e as HTMLInputElement).checked, e.hasAttribute('data-locked')]))
      .toEqual([true, true, true]);
    await page.close();
  });

  it('a managed strict host blocks on a new key, and its mode can only be made strict', async () => {
    const h = host('app.corp.test');
    await land(tab, `https://${h}/`);
    await driver.hostReport(await driver.tabIdOf(tab), h, 'first-use');
    const page = await openManager(`?host=${encodeURIComponent(h)}`);
    await page.waitForSelector(`.host-detail[data-host="${h}"] fieldset[data-managed="mode"] [data-role="managed-mode"]`);
    expect(await page.$$eval('input[name="mode"]', (inputs) => inputs.map((i) => [i.getAttribute('data-mode'), (i as HTMLInputElement).checked, (i as HTMLInputElement).disabled])))
      .toEqual([['watch', false, true], ['strict', true, false], ['ignore', false, true]]);
    await page.close();

    await nextSecond();
    servers['app.corp.test']!.setCert(makeServerCert(work, ['app.corp.test'], siteRoot));
    expect(await land(tab, `https://${h}/?changed`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"] [data-reason="key-mismatch"]');
  });

  it('a managed pin is required: a chain without it is stopped with nothing to trust past it; one with it loads', async () => {
    expect(await land(tab, `https://${host('bad.pinned.test')}/`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"] [data-reason="managed-pin"]');
    expect(await tab.$('[data-role="managed"]')).not.toBeNull();
    expect(await tab.$('[data-action="trust"]')).toBeNull();
    expect(await tab.$$eval('[data-field="pin"]', (pins) => pins.map((p) => [p.textContent, p.closest('li')?.hasAttribute('data-managed')])))
      .toEqual([[spkiSha256(siteIssuing.certPem), true]]);

    const good = host('good.pinned.test');
    expect(await land(tab, `https://${good}/`)).toBe(`https://${good}/`);
    expect(await driver.hostReport(await driver.tabIdOf(tab), good)).toMatchObject({ kind: 'first-use' });
    expect((await driver.history(good)).record?.keys).toHaveLength(1);
  });

  it('a managed pin is marked on the site and cannot be removed', async () => {
    const good = host('good.pinned.test');
    const page = await openManager(`?host=${encodeURIComponent(good)}`);
    await page.waitForSelector(`.host-detail[data-host="${good}"] li[data-managed="pin"]`);
    expect(await page.$('li[data-managed="pin"] [data-action="remove-pin"]')).toBeNull();
    await expect(driver.send({ type: 'remove-pin', pattern: '**.pinned.test', spkiSha256: spkiSha256(siteIssuing.certPem) })).rejects.toThrow(/set by your organisation/);
    await page.close();
  });

  it('the expected inspection root is named and quiet; another unknown root is critical and stopped', async () => {
    for (const name of ['inspected.test', 'intercepted.test']) {
      await land(tab, `https://${host(name)}/`);
      await driver.hostReport(await driver.tabIdOf(tab), host(name), 'first-use');
      await driver.markBuiltIn(host(name));
    }
    const inspected = host('inspected.test');
    servers['inspected.test']!.setCert(makeServerCert(work, ['inspected.test'], proxyRoot));
    expect(await land(tab, `https://${inspected}/?proxied`)).toBe(`https://${inspected}/?proxied`);
    const tabId = await driver.tabIdOf(tab);
    expect(await driver.hostReport(tabId, inspected, 'inspected')).toMatchObject({ kind: 'inspected', severity: 'none', inspectedBy: 'Corp web gateway' });
    // Nothing learned: the site's own key is all the record holds.
    expect((await driver.history(inspected)).record?.keys).toHaveLength(1);
    const popup = await driver.popupFor(tabId);
    expect(await popup.rows()).toEqual([{ host: inspected, verdict: 'inspected', severity: 'none' }]);
    await popup.close();

    const intercepted = host('intercepted.test');
    servers['intercepted.test']!.setCert(makeServerCert(work, ['intercepted.test'], evilRoot));
    expect(await land(tab, `https://${intercepted}/?evil`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"] [data-reason="critical"]');
    expect(await tab.$eval('section.classification', (e) => e.getAttribute('data-verdict'))).toBe('interception');
  });
});

describe('the administrator\'s export', () => {
  it('downloads the user\'s own pins and modes as a policies.json that Firefox then applies', async () => {
    const page = await openManager();
    await keepDownloads(page);
    await driver.send({ type: 'set-mode', host: host('inspected.test'), mode: 'strict' });
    await driver.send({ type: 'add-pin', pattern: 'good.pinned.test', pin: `sha256/${spkiSha256(siteIssuing.certPem)}`, expiresAt: null });
    await page.click('[data-action="export-policies"]');
    const file = await firstDownload(page);
    expect(file.name).toBe('policies.json');
    exported = JSON.parse(file.text);
    const mine = exported.policies['3rdparty'].Extensions[FIRSTSEEN.geckoId];
    // The user's own only: nothing the organisation set (its **.corp.test mode, its **.pinned.test pin).
    expect(mine).toEqual({
      pins: [{ pattern: 'good.pinned.test', sha256: [spkiSha256(siteIssuing.certPem)] }],
      modes: { [host('inspected.test')]: 'strict' },
    });
    await page.close();
  });
});

describe('a changed policy, after a restart', () => {
  it('applies the new one, gives back the user\'s own settings and says so in the history', async () => {
    await start(policiesOf({ modes: { 'wiki.corp.test': 'watch' }, locked: { importDisabled: true } }));
    const h = host('app.corp.test');
    const detail = await driver.send<{ mode: string; modeManaged: boolean }>({ type: 'host-detail', host: h });
    expect(detail).toMatchObject({ mode: 'watch', modeManaged: false });
    const removed = await driver.history('**.corp.test');
    expect(removed.events.map((e) => [e.kind, e.detail])).toEqual([['managed-removed', 'mode strict']]);
    await expect(driver.send({ type: 'import-begin' })).rejects.toThrow(/disabled by your organisation/);
    const page = await openManager();
    await page.waitForSelector('[data-role="import-disabled"]');
    expect(await page.$eval('#import-file', (e) => (e as HTMLInputElement).disabled)).toBe(true);
    await page.close();
  });

  it('refuses an invalid policy whole, with its reason on the management page', async () => {
    await start(policiesOf({ modes: { '**.corp.test': 'strict' }, pins: [{ pattern: 'app.corp.test', sha256: ['not-a-digest'] }] }));
    const state = await driver.send<ManagedState>({ type: 'managed-status' });
    expect(state).toMatchObject({ status: 'refused' });
    const page = await openManager();
    const reason = await page.waitForSelector('[data-role="managed-policy"][data-status="refused"] [data-field="managed-refused"]');
    expect(await reason!.evaluate((e) => e.textContent)).toContain('/pins/0/sha256/0');
    await page.close();
    // Nothing of it applied: the strict mode it also set is not in force.
    expect(await driver.send({ type: 'host-detail', host: host('app.corp.test') })).toMatchObject({ mode: 'watch', modeManaged: false });
  });

  it('takes the exported policies.json as it is: the user\'s rules become the organisation\'s', async () => {
    await start(exported);
    expect(await driver.send<ManagedState>({ type: 'managed-status' })).toMatchObject({ status: 'applied' });
    expect(await driver.send({ type: 'host-detail', host: host('inspected.test') })).toMatchObject({ mode: 'strict', modeManaged: true });
  });
});
