// The product's spine in a real Firefox: first use, match, key change, issuer change, a change on a
// subresource host, and records that survive a restart and event-page suspensions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, nextSecond, spkiSha256, type Authority, type ServerCert } from './support/certs.js';
import { html, startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';

const HOSTS = ['a.test', 'b.test'];

let work: string;
let profileDir: string;
let caOne: Authority;
let caTwo: Authority;
/** Another authority with caOne's very name (its own key): what a look-alike CA shows. */
let lookalike: Authority;
let siteA: TestServer;
let siteB: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;
let hostA: string;
let hostB: string;
let currentA: string;
let currentB: string;
let acceptedA: ServerCert;

async function start(prefs: Record<string, number> = {}): Promise<void> {
  firefox = await launchFirefox({ profileDir, hosts: HOSTS, extensions: [FIRSTSEEN], prefs });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
}

async function stop(): Promise<void> {
  await firefox.close();
}

const visit = (url: string) => driver.visit(tab, url);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-spine-'));
  caOne = makeAuthority(work, 'Spine CA One');
  caTwo = makeAuthority(work, 'Spine CA Two');
  // In a folder of its own (files are named after the CA) and under its own nickname in NSS.
  lookalike = { ...makeAuthority(join(work, 'lookalike'), 'Spine CA One'), name: 'Spine CA One (look-alike)' };
  const certA = makeServerCert(work, ['a.test'], caOne);
  const certB = makeServerCert(work, ['b.test'], caOne);
  currentA = spkiSha256(certA.certPem);
  currentB = spkiSha256(certB.certPem);
  siteA = await startHttpsServer(certA);
  siteB = await startHttpsServer(certB);
  hostA = `a.test:${siteA.port}`;
  hostB = `b.test:${siteB.port}`;
  siteA.route('/with-image', html(`<p>page</p><img src="https://${hostB}/pixel.png">`));
  profileDir = join(work, 'profile');
  prepareProfile(profileDir, [caOne, caTwo, lookalike]);
  await start();
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await siteA?.close();
  await siteB?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('FirstSeen in a real Firefox', () => {
  it('records the key on a first visit and shows a first use with no warning', async () => {
    const tabId = await visit(`https://${hostA}/`);
    const report = await driver.hostReport(tabId, hostA, 'first-use');
    expect(report).toMatchObject({ kind: 'first-use', severity: 'none' });
    const { record, events } = await driver.history(hostA);
    expect(record?.keys.map((k) => [k.spkiSha256, k.status])).toEqual([[currentA, 'first-use']]);
    expect(record?.keys[0]?.cert.subject).toBe('CN=a.test');
    expect(record?.keys[0]?.chainSpki).toEqual([currentA, spkiSha256(caOne.certPem)]);
    expect(events.map((e) => e.kind)).toEqual(['first-use']);
    expect(await driver.badgeText(tabId)).toBe('');

    const popup = await driver.popupFor(tabId);
    expect(await popup.rows()).toEqual([{ host: hostA, verdict: 'first-use', severity: 'none' }]);
    await popup.close();
  });

  it('shows no warning on a reload, and the host keeps one key', async () => {
    const tabId = await visit(`https://${hostA}/?again`);
    await driver.hostReport(tabId, hostA, 'match');
    const { record } = await driver.history(hostA);
    expect(record?.keys).toHaveLength(1);
    expect(record?.timesSeen).toBeGreaterThanOrEqual(2);
    expect(await driver.badgeText(tabId)).toBe('');
  });

  it('shows a key change, old and new SPKI side by side, when the server gets a new key from the same CA', async () => {
    // Issued after FirstSeen's first sight of the host: a fresh key mid-validity, not a parallel one.
    await nextSecond();
    const next = makeServerCert(work, ['a.test'], caOne);
    acceptedA = next;
    siteA.setCert(next);
    const previous = currentA;
    currentA = spkiSha256(next.certPem);
    const tabId = await visit(`https://${hostA}/?rotated`);
    const report = await driver.hostReport(tabId, hostA, 'key-change');
    expect(report.severity).toBe('warning');
    expect(report.previous?.spkiSha256).toBe(previous);
    expect(report.observed?.spkiSha256).toBe(currentA);
    expect(await driver.badgeText(tabId)).toBe('!');

    const popup = await driver.popupFor(tabId);
    expect(await popup.rows()).toEqual([{ host: hostA, verdict: 'key-change', severity: 'warning' }]);
    expect(await popup.field(hostA, 'previous', 'spki')).toBe(previous);
    expect(await popup.field(hostA, 'observed', 'spki')).toBe(currentA);
    expect(await popup.field(hostA, 'observed', 'subject')).toBe('CN=a.test');
    // Accepting from the popup makes the new key one of the host's known keys.
    await popup.click(hostA, 'accept');
    await popup.page.waitForSelector(`li.host[data-host="${hostA}"] .resolution[data-resolution="accepted"]`);
    await popup.close();
    const { record, events } = await driver.history(hostA);
    expect(record?.keys.map((k) => k.status)).toEqual(['first-use', 'accepted']);
    expect(events.map((e) => e.kind)).toEqual(['first-use', 'key-change', 'key-accepted']);
    expect(await driver.badgeText(tabId)).toBe('');
    await driver.hostReport(await visit(`https://${hostA}/?accepted`), hostA, 'match');
  });

  it('shows an issuer change when the server switches to a certificate from a second CA', async () => {
    await nextSecond();
    const fromTwo = makeServerCert(work, ['a.test'], caTwo);
    siteA.setCert(fromTwo);
    const tabId = await visit(`https://${hostA}/?second-ca`);
    const report = await driver.hostReport(tabId, hostA, 'issuer-change');
    expect(report.severity).toBe('warning');
    expect(report.observed?.cert.issuer).toContain('Spine CA Two');
    expect(report.previous?.cert.issuer).toContain('Spine CA One');
    // Keep distrusting it: the key is rejected, and seeing it again is critical.
    const popup = await driver.popupFor(tabId);
    expect(await popup.field(hostA, 'observed', 'issuer')).toContain('Spine CA Two');
    // The safe choice is the main button, and says what it does; focus goes to its Undo.
    expect(await popup.page.$eval(`li.host[data-host="${hostA}"] button[data-action="reject"]`, (b) => [b.textContent, b.classList.contains('primary')])).toEqual(['Block this key', true]);
    await popup.click(hostA, 'reject');
    await popup.page.waitForSelector(`li.host[data-host="${hostA}"] .resolution[data-resolution="rejected"]`);
    await popup.page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'undo');
    await popup.close();
    // Critical stops the page in watch mode too: the warning page, the tab still saying why.
    expect(await land(tab, `https://${hostA}/?rejected`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"]');
    expect(await tab.$eval('.reason', (e) => e.getAttribute('data-reason'))).toBe('critical');
    const again = await driver.tabIdOf(tab);
    expect((await driver.hostReport(again, hostA, 'rejected-key')).severity).toBe('critical');
    expect(await driver.badgeText(again)).toBe('!!');
    // Accepting the refused key back asks once more; cancelling leaves it refused.
    const critical = await driver.popupFor(again);
    await critical.click(hostA, 'accept');
    await critical.page.waitForSelector(`li.host[data-host="${hostA}"] [data-role="confirm-accept"] button[data-action="confirm-accept"]`);
    expect(await critical.page.$(`li.host[data-host="${hostA}"] .resolution`)).toBeNull();
    await critical.page.click(`li.host[data-host="${hostA}"] button[data-action="cancel-accept"]`);
    await critical.page.waitForSelector(`li.host[data-host="${hostA}"] button[data-action="accept"]`);
    await critical.close();
    // The management page says the same: the refused key is in use (status, the sites needing
    // attention, and its history), not "Known" as it did.
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html?host=${encodeURIComponent(hostA)}`);
    await manager.waitForSelector(`[data-role="needs-decision"] li[data-host="${hostA}"][data-status="refused"][data-severity="critical"]`, { timeout: 10_000 });
    await manager.waitForSelector(`.host-body [role="row"][data-host="${hostA}"][data-status="refused"]`, { timeout: 10_000 });
    await manager.waitForSelector(`.host-detail[data-host="${hostA}"] [data-event="rejected-key"]`, { timeout: 10_000 });
    await manager.close();
    // With critical stops turned off on the management page, a key the user blocked is still stopped.
    await driver.send({ type: 'set-options', options: { stopOnCritical: false } });
    expect(await land(tab, `https://${hostA}/?rejected-again`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await driver.send({ type: 'set-options', options: { stopOnCritical: true } });
    siteA.setCert(acceptedA);
  });

  it('"Block until I decide" stops the changed key\'s pages until the decision, and the decision ends it', async () => {
    await nextSecond();
    const changed = makeServerCert(work, ['a.test'], caOne);
    siteA.setCert(changed);
    const tabId = await visit(`https://${hostA}/?hold`);
    const report = await driver.hostReport(tabId, hostA, 'key-change');
    expect(report.severity).toBe('warning');
    const popup = await driver.popupFor(tabId);
    await popup.click(hostA, 'hold');
    await popup.page.waitForSelector(`li.host[data-host="${hostA}"] [data-role="held"]`);
    // Offered once: the choice is gone, the decision is still there.
    expect(await popup.page.$(`li.host[data-host="${hostA}"] button[data-action="hold"]`)).toBeNull();
    expect(await popup.page.$(`li.host[data-host="${hostA}"] button[data-action="accept"]`)).not.toBeNull();
    await popup.close();
    // In watch mode, the waiting key is now stopped: the warning page says why.
    expect(await land(tab, `https://${hostA}/?held`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"]');
    expect(await tab.$eval('.reason', (e) => e.getAttribute('data-reason'))).toBe('held');
    expect((await driver.history(hostA)).events.map((e) => e.kind)).toContain('held-until-decided');
    // Accepting the key ends the hold: the site loads on it again.
    await driver.send({ type: 'decide-key', host: hostA, key: { spkiSha256: report.observed!.spkiSha256, issuerSpkiSha256: report.observed!.issuerSpkiSha256 }, decision: 'accepted' });
    expect(await land(tab, `https://${hostA}/?decided`)).toBe(`https://${hostA}/?decided`);
    expect((await driver.history(hostA)).record?.heldUntilDecided).toBeUndefined();
    siteA.setCert(acceptedA);
  });

  it('shows a key change on a subresource host on the page\'s tab', async () => {
    const first = await visit(`https://${hostA}/with-image`);
    await driver.hostReport(first, hostB, 'first-use');
    await nextSecond();
    const next = makeServerCert(work, ['b.test'], caOne);
    siteB.setCert(next);
    const previousB = currentB;
    currentB = spkiSha256(next.certPem);
    const tabId = await visit(`https://${hostA}/with-image?b-rotated`);
    const report = await driver.hostReport(tabId, hostB, 'key-change');
    expect(report.previous?.spkiSha256).toBe(previousB);
    expect(report.observed?.spkiSha256).toBe(currentB);
    const popup = await driver.popupFor(tabId);
    const rows = await popup.rows();
    expect(rows).toContainEqual({ host: hostB, verdict: 'key-change', severity: 'warning' });
    expect(rows.map((r) => r.host)).toContain(hostA);
    await popup.close();
    expect(await driver.badgeText(tabId)).toBe('!');
  });

  it('keeps every record across a Firefox restart', async () => {
    const before = await driver.history(hostA);
    await stop();
    await start();
    const after = await driver.history(hostA);
    expect(after.record?.keys.map((k) => [k.spkiSha256, k.status])).toEqual(before.record?.keys.map((k) => [k.spkiSha256, k.status]));
    expect(after.events.map((e) => e.kind)).toEqual(before.events.map((e) => e.kind));
    // Known, not relearned: the undecided key is still that one change (unresolved), not a first use.
    const tabId = await visit(`https://${hostB}/`);
    await driver.hostReport(tabId, hostB, 'unresolved');
    expect((await driver.history(hostB)).record?.keys).toHaveLength(2);
  });

  it('keeps records and tab state across event-page suspensions, even mid-load', async () => {
    await stop();
    // Suspend the event page after one idle second.
    await start({ 'extensions.background.idle.timeout': 1000 });
    // Headers arrive only once the event page has gone idle: the response must wake it.
    let release = () => {};
    const asked = new Promise<void>((askedFor) => {
      siteB.route('/slow.png', (req, res) => {
        req.resume();
        release = () => {
          res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
          res.end();
        };
        askedFor();
      });
    });
    siteA.route('/slow-image', html(`<img src="https://${hostB}/slow.png">`));
    const tabId = await visit(`https://${hostA}/?warm`);
    await driver.hostReport(tabId, hostA, 'match');
    await driver.suspended();
    const loading = visit(`https://${hostA}/slow-image`);
    await asked;
    await driver.suspended();
    release();
    const slow = await loading;
    await driver.hostReport(slow, hostA, 'match');
    // hostB's key change is still undecided: one change, one alarm; shown as unresolved.
    await driver.hostReport(slow, hostB, 'unresolved');
    await driver.suspended();
    // After another suspension, the tab's report is still there.
    const report = await driver.tabReport(slow);
    expect(report.hosts.map((h) => [h.host, h.kind]).sort()).toEqual([[hostA, 'match'], [hostB, 'unresolved']].sort());
    // The first key, the accepted rotation, the refused second CA's, the one accepted after a hold.
    expect((await driver.history(hostA)).record?.keys).toHaveLength(4);
  });

  it('says on the issuer row when a certificate comes from another authority with the same name', async () => {
    await nextSecond();
    siteA.setCert(makeServerCert(work, ['a.test'], lookalike));
    const tabId = await visit(`https://${hostA}/?lookalike`);
    const report = await driver.hostReport(tabId, hostA, 'issuer-change');
    expect(report.observed?.cert.issuer).toBe(report.previous?.cert.issuer);
    const popup = await driver.popupFor(tabId);
    const issuerRow = `li.host[data-host="${hostA}"] [data-role="observed"] dd[data-field="issuer"]`;
    await popup.page.waitForSelector(issuerRow);
    expect(await popup.page.$eval(issuerRow, (dd) => dd.parentElement?.querySelector('[data-lookalike]')?.textContent?.trim())).toBe('(same name, different key: not the same authority)');
    await popup.close();
    // Last of the file: a resumed TLS session can still show the look-alike's certificate later.
    siteA.setCert(acceptedA);
  });
});
