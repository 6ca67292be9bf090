// Routine change versus attack, in a real Firefox: a host alternating between two keys it already had
// before our first visit is believed only if a known CT log signed it; a fresh certificate from
// another CA raises a warning.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, nextSecond, spkiSha256, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';

let work: string;
let caOne: Authority;
let caTwo: Authority;
let cdn: TestServer;
let bank: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;

const visit = (url: string) => driver.visit(tab, url);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-classify-'));
  caOne = makeAuthority(work, 'Classify CA One');
  caTwo = makeAuthority(work, 'Classify CA Two');
  cdn = await startHttpsServer(makeServerCert(work, ['cdn.test'], caOne));
  bank = await startHttpsServer(makeServerCert(work, ['bank.test'], caOne));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [caOne, caTwo]);
  firefox = await launchFirefox({ profileDir, hosts: ['cdn.test', 'bank.test'], extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await cdn?.close();
  await bank?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('change classification in a real Firefox', () => {
  it('believes no SCT that no known CT log signed: a second key "from before the first visit" warns; once accepted, the two alternate quietly', async () => {
    // Both certificates embed SCTs dated a day ago, as a CDN's parallel keys would, but signed by no
    // log of the shipped list (anyone minting a certificate can write such an SCT): no proven age.
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    const keyA = makeServerCert(work, ['cdn.test'], caOne, [], undefined, dayAgo);
    const keyB = makeServerCert(work, ['cdn.test'], caOne, [], undefined, dayAgo);
    const host = `cdn.test:${cdn.port}`;
    const seen: { kind: string; severity: string }[] = [];
    const badges: string[] = [];
    let n = 0;
    for (const cert of [keyA, keyB, keyA, keyB, keyA]) {
      cdn.setCert(cert);
      const tabId = await visit(`https://${host}/?${++n}`);
      const expected = n === 1 ? 'first-use' : undefined;
      const report = await driver.tabReport(tabId, (r) => r.hosts.some((h) => h.host === host && (!expected || h.kind === expected)));
      const entry = report.hosts.find((h) => h.host === host)!;
      seen.push({ kind: entry.kind, severity: entry.severity });
      badges.push(await driver.badgeText(tabId));
      // The user accepts the second key when warned of it.
      if (n === 2) await driver.send({ type: 'decide-key', host, key: { spkiSha256: entry.observed!.spkiSha256, issuerSpkiSha256: entry.observed!.issuerSpkiSha256 }, decision: 'accepted' });
    }
    expect(seen).toEqual([
      { kind: 'first-use', severity: 'none' },
      { kind: 'key-change', severity: 'warning' },
      { kind: 'multi-key', severity: 'none' },
      { kind: 'multi-key', severity: 'none' },
      { kind: 'multi-key', severity: 'none' },
    ]);
    expect(badges).toEqual(['', '!', '', '', '']);
    const { record } = await driver.history(host);
    expect(record?.keys.map((k) => [k.spkiSha256, k.status])).toEqual([[spkiSha256(keyA.certPem), 'first-use'], [spkiSha256(keyB.certPem), 'accepted']]);
    expect(record?.keys.every((k) => k.issuedAt === undefined)).toBe(true);
  });

  it('raises a warning for a fresh certificate from a second CA, with its reasons and each key\'s age', async () => {
    const host = `bank.test:${bank.port}`;
    await driver.hostReport(await visit(`https://${host}/`), host, 'first-use');
    await nextSecond();
    bank.setCert(makeServerCert(work, ['bank.test'], caTwo));
    const tabId = await visit(`https://${host}/?fresh`);
    const report = await driver.hostReport(tabId, host, 'issuer-change');
    expect(report.severity).toBe('warning');
    expect(report.reasons).toEqual(['reasonNewKeyNewRoot']);
    expect(await driver.badgeText(tabId)).toBe('!');

    const popup = await driver.popupFor(tabId);
    expect(await popup.rows()).toEqual([{ host, verdict: 'issuer-change', severity: 'warning' }]);
    const reasons = await popup.page.$$eval(`li.host[data-host="${host}"] ul.reasons li`, (els) => els.map((e) => e.textContent));
    expect(reasons).toEqual(['A key never seen before, from a certificate authority (a CA operator) never seen for this site.']);
    expect(await popup.field(host, 'previous', 'maturity')).toMatch(/^(just now|\d+ minutes?) \(full trust after 30 days\)$/);
    expect(await popup.field(host, 'observed', 'status')).toBe('Not trusted yet');
    // What differs between the two certificates is marked.
    const differing = await popup.page.$$eval(`li.host[data-host="${host}"] section.cert[data-role="observed"] .differs dd`,
      (els) => els.map((e) => e.getAttribute('data-field')));
    expect(differing).toEqual(expect.arrayContaining(['issuer', 'spki', 'fingerprint', 'chain']));
    expect(differing).not.toContain('subject');
    await popup.close();
  });
});
