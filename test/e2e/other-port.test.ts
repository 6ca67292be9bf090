// A port of a known name, in a real Firefox: https://a.test:<port>/ judged against a.test's keys,
// and a port of a name known only on another port against that port's (core/host-port.ts). The local servers cannot take port 443, so a.test's record comes as the user
// would bring it: exported from one port's record, renamed to the name, imported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, spkiSha256 } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from './support/firstseen.js';

let work: string;
let siteA: TestServer;
let otherPort: TestServer;
let siteB: TestServer;
let otherPortB: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let keyA: string;
let keyX: string;
let keyB: string;
let keyY: string;
let siteC: TestServer;
let refusedPort: TestServer;
let keyZ: string;
let siteH: TestServer;
let portHX: TestServer;
let portHX2: TestServer;
let keyHX: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-port-'));
  const caOne = makeAuthority(work, 'Port CA One');
  const caTwo = makeAuthority(work, 'Port CA Two');
  const certA = makeServerCert(work, ['a.test'], caOne);
  // What an attacker serves on another port: any certificate for the name, here another CA's.
  const certX = makeServerCert(work, ['a.test'], caTwo);
  keyA = spkiSha256(certA.certPem);
  keyX = spkiSha256(certX.certPem);
  siteA = await startHttpsServer(certA);
  otherPort = await startHttpsServer(certX);
  // b.test is a service known only on a port of its own (a self-hosted NAS on :5001, say).
  const certB = makeServerCert(work, ['b.test'], caOne);
  const certY = makeServerCert(work, ['b.test'], caTwo);
  keyB = spkiSha256(certB.certPem);
  keyY = spkiSha256(certY.certPem);
  siteB = await startHttpsServer(certB);
  otherPortB = await startHttpsServer(certY);
  // c.test refused key Z; Z also names d.test, where the test first meets it, and e.test, whose
  // port learns it first.
  const certZ = makeServerCert(work, ['c.test', 'd.test', 'e.test'], caTwo);
  keyZ = spkiSha256(certZ.certPem);
  siteC = await startHttpsServer(makeServerCert(work, ['c.test'], caOne));
  refusedPort = await startHttpsServer(certZ);
  // h.test: key A on one port, his key X (another CA) on two more.
  siteH = await startHttpsServer(makeServerCert(work, ['h.test'], caOne));
  const certHX = makeServerCert(work, ['h.test'], caTwo);
  keyHX = spkiSha256(certHX.certPem);
  portHX = await startHttpsServer(certHX);
  portHX2 = await startHttpsServer(certHX);
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [caOne, caTwo]);
  firefox = await launchFirefox({ profileDir, hosts: ['a.test', 'b.test', 'c.test', 'd.test', 'e.test', 'h.test'], extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await siteA?.close();
  await otherPort?.close();
  await siteB?.close();
  await otherPortB?.close();
  await siteC?.close();
  await refusedPort?.close();
  await siteH?.close();
  await portHX?.close();
  await portHX2?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a port of a known name', () => {
  it('is a change, not a first use, when it shows a key the name never showed; the popup warns', async () => {
    const tab = await firefox.browser.newPage();
    const hostA = `a.test:${siteA.port}`;
    await driver.hostReport(await driver.visit(tab, `https://${hostA}/`), hostA, 'first-use');
    // a.test itself (port 443) now knows key A: the record of hostA, under the bare name.
    const { hostsJson } = await driver.send<{ hostsJson: string }>({ type: 'export-chunk', after: null, limit: 1000 });
    const named = (JSON.parse(hostsJson) as { host: string }[]).filter((h) => h.host === hostA).map((h) => ({ ...h, host: 'a.test' }));
    expect(named).toHaveLength(1);
    await driver.importHosts(named);
    expect((await driver.history('a.test')).record?.keys.map((k) => k.spkiSha256)).toEqual([keyA]);

    const hostX = `a.test:${otherPort.port}`;
    const tabId = await driver.visit(tab, `https://${hostX}/`);
    const report = await driver.hostReport(tabId, hostX, 'issuer-change');
    expect(report.severity).toBe('warning');
    expect(report.observed?.spkiSha256).toBe(keyX);
    expect(report.previous?.spkiSha256).toBe(keyA);
    const popup = await driver.popupFor(tabId);
    expect(await popup.page.$eval(`li.host[data-host="${hostX}"]`, (li) => li.getAttribute('data-severity'))).toBe('warning');
    await popup.close();
    // The port's own record starts from the name's keys; the name's record is as it was.
    expect((await driver.history(hostX)).record?.keys.map((k) => [k.spkiSha256, k.status])).toEqual([[keyA, 'first-use'], [keyX, 'pending']]);
    expect((await driver.history('a.test')).record?.keys.map((k) => k.spkiSha256)).toEqual([keyA]);
  });

  it('is a change on another port of a name known only on a port of its own', async () => {
    const tab = await firefox.browser.newPage();
    const hostB = `b.test:${siteB.port}`;
    await driver.hostReport(await driver.visit(tab, `https://${hostB}/`), hostB, 'first-use');
    const hostY = `b.test:${otherPortB.port}`;
    const tabId = await driver.visit(tab, `https://${hostY}/`);
    const report = await driver.hostReport(tabId, hostY, 'issuer-change');
    expect(report).toMatchObject({ severity: 'warning', observed: { spkiSha256: keyY }, previous: { spkiSha256: keyB } });
    expect(await driver.badgeText(tabId)).toBe('!');
  });
  it('stops a key refused on the name at a port\'s first visit: the warning page, not only the button', async () => {
    const tab = await firefox.browser.newPage();
    const hostC = `c.test:${siteC.port}`;
    const hostD = `d.test:${refusedPort.port}`;
    await driver.hostReport(await driver.visit(tab, `https://${hostC}/`), hostC, 'first-use');
    await driver.hostReport(await driver.visit(tab, `https://${hostD}/`), hostD, 'first-use');
    // c.test itself: hostC's key, and Z refused (as "Block this key" leaves it), brought by an import.
    const { hostsJson } = await driver.send<{ hostsJson: string }>({ type: 'export-chunk', after: null, limit: 1000 });
    const hosts = JSON.parse(hostsJson) as { host: string; keys: { spkiSha256: string; status: string }[] }[];
    const zKey = hosts.find((h) => h.host === hostD)!.keys[0]!;
    const named = { ...hosts.find((h) => h.host === hostC)!, host: 'c.test' };
    named.keys = [...named.keys, { ...zKey, status: 'rejected' }];
    await driver.importHosts([named]);
    expect((await driver.history('c.test')).record?.keys.find((k) => k.spkiSha256 === keyZ)?.status).toBe('rejected');

    // Z on a port of c.test never visited: held for its verdict, and stopped.
    const hostZ = `c.test:${refusedPort.port}`;
    expect(await land(tab, `https://${hostZ}/`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"] [data-reason="critical"]');
    expect(await tab.$eval('[data-host]', (e) => e.getAttribute('data-host'))).toBe(hostZ);
  });

  // A sixth attacker review: a key a port learned without asking was judged by that port alone,
  // so refusing it on the name left it a match on the port.
  it('stops a key a port learned without asking once the name refuses it', async () => {
    const tab = await firefox.browser.newPage();
    const hostE = `e.test:${refusedPort.port}`;
    await driver.hostReport(await driver.visit(tab, `https://${hostE}/`), hostE, 'first-use');
    // e.test itself: Z refused, as "Block this key" on the name leaves it, brought by an import.
    const { hostsJson } = await driver.send<{ hostsJson: string }>({ type: 'export-chunk', after: null, limit: 1000 });
    const port = (JSON.parse(hostsJson) as { host: string; keys: { status: string }[] }[]).find((h) => h.host === hostE)!;
    await driver.importHosts([{ ...port, host: 'e.test', keys: port.keys.map((k) => ({ ...k, status: 'rejected' })) }]);
    expect((await driver.history(hostE)).record?.keys.map((k) => [k.spkiSha256, k.status])).toEqual([[keyZ, 'first-use']]);

    expect(await land(tab, `https://${hostE}/?again`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"] [data-reason="critical"]');
    expect(await tab.$eval('[data-host]', (e) => e.getAttribute('data-host'))).toBe(hostE);
    // The port's history says so; its own record keeps the key as it learned it.
    const { record, events } = await driver.history(hostE);
    expect(events.map((e) => [e.kind, e.severity])).toEqual([['first-use', 'none'], ['rejected-key', 'critical']]);
    expect(record?.keys.map((k) => k.status)).toEqual(['first-use']);
  });

  // The user's decision on a key reaches every port of the name that holds it (an eighth review:
  // a refusal made on one port left the key as it was on another).
  it('carries "Block this key" from the popup of one port to another port waiting on the same key', async () => {
    const tab = await firefox.browser.newPage();
    const hostH = `h.test:${siteH.port}`;
    const hostX = `h.test:${portHX.port}`;
    const hostX2 = `h.test:${portHX2.port}`;
    await driver.hostReport(await driver.visit(tab, `https://${hostH}/`), hostH, 'first-use');
    const tabX = await driver.visit(tab, `https://${hostX}/`);
    expect((await driver.hostReport(tabX, hostX, 'issuer-change')).severity).toBe('warning');
    const tabX2 = await driver.visit(tab, `https://${hostX2}/`);
    expect((await driver.hostReport(tabX2, hostX2, 'issuer-change')).severity).toBe('warning');
    const popup = await driver.popupFor(tabX2);
    await popup.click(hostX2, 'reject');
    await popup.page.waitForSelector(`li.host[data-host="${hostX2}"] .resolution[data-resolution="rejected"]`);
    await popup.close();
    expect((await driver.history(hostX)).record?.keys.find((k) => k.spkiSha256 === keyHX)?.status).toBe('rejected');
    // The other port's next load is stopped: the warning page, critical.
    expect(await land(tab, `https://${hostX}/?again`)).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"] [data-reason="critical"]');
    expect(await tab.$eval('[data-host]', (e) => e.getAttribute('data-host'))).toBe(hostX);
  });
});
