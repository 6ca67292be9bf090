// The whole certificate, in the add-on's viewer, in a real Firefox: opened from the popup's card,
// it shows the chain the key was seen with, each certificate's names, key type and size,
// extensions, SCTs and fingerprint, with no accessibility violation.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { makeAuthority, makeServerCert, nextSecond, spkiSha256, type Authority, type ServerCert } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';

let work: string;
let cert: ServerCert;
let mid: Authority;
let server: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
const SCT_AT = new Date(Date.now() - 3 * 86_400_000);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-viewer-'));
  const root = makeAuthority(work, 'Viewer Root');
  mid = makeAuthority(work, 'Viewer Intermediate', root);
  cert = makeServerCert(work, ['viewer.test'], mid, [mid], undefined, SCT_AT);
  server = await startHttpsServer(cert);
  prepareProfile(join(work, 'profile'), [root]);
  firefox = await launchFirefox({ profileDir: join(work, 'profile'), hosts: ['viewer.test'], extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
}, 120_000);

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the certificate viewer in a real Firefox', () => {
  it('shows the chain the key was seen with, field by field', async () => {
    const host = `viewer.test:${server.port}`;
    const tab = await firefox.browser.newPage();
    await driver.hostReport(await driver.visit(tab, `https://${host}/`), host, 'first-use');
    const page: Page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}certificate.html?host=${encodeURIComponent(host)}&spki=${encodeURIComponent(spkiSha256(cert.certPem))}`);
    await page.waitForSelector('body[data-ready="yes"] [data-role="certificate"]');
    const field = (i: number, f: string) => page.$eval(`[data-role="certificate"][data-index="${i}"] dd[data-field="${f}"]`, (e) => e.textContent);
    // The built chain: the site's certificate, the intermediate, the root.
    expect(await page.$$eval('[data-role="certificate"]', (els) => els.length)).toBe(3);
    expect(await field(0, 'names')).toContain('viewer.test');
    expect(await field(0, 'public-key')).toBe('EC P-256');
    // The key's name on every other page (the popup's cards, pins): the same SPKI digest.
    expect(await field(0, 'spki')).toBe(spkiSha256(cert.certPem));
    expect(await field(0, 'issuer')).toContain('Viewer Intermediate');
    expect(await field(0, 'fingerprint')).toBe(new X509Certificate(cert.certPem).fingerprint256);
    // The embedded SCT's time, from the certificate itself.
    expect(await page.$eval('[data-index="0"] dd[data-field="scts"] li', (e) => e.getAttribute('title'))).toBe(`${SCT_AT.toISOString().replace('T', ' ').slice(0, 16)} UTC`);
    expect(await page.$$eval('[data-index="0"] [data-extension]', (els) => els.map((e) => e.getAttribute('data-extension')))).toEqual(expect.arrayContaining(['2.5.29.17', '2.5.29.19', '2.5.29.15', '2.5.29.37']));
    expect(await field(1, 'subject')).toContain('Viewer Intermediate');
    expect(await field(2, 'subject')).toContain('Viewer Root');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('is one click from the popup\'s certificate card', async () => {
    const host = `viewer.test:${server.port}`;
    // A change shows the old and the new certificate in the popup.
    await nextSecond();
    const next = makeServerCert(work, ['viewer.test'], mid, [mid]);
    server.setCert(next);
    const tab = await firefox.browser.newPage();
    const tabId = await driver.visit(tab, `https://${host}/?changed`);
    await driver.hostReport(tabId, host, 'key-change');
    const popup = await driver.popupFor(tabId);
    await popup.page.click(`li.host[data-host="${host}"] section.cert[data-role="observed"] button[data-action="view-certificate"]`);
    const until = Date.now() + 10_000;
    let viewer: Page | undefined;
    while (!viewer && Date.now() < until) {
      // Puppeteer's url() misses a tab the add-on opened: ask each document where it is.
      for (const p of await firefox.browser.pages()) {
        if ((await p.evaluate(() => location.href).catch(() => '')).startsWith(`${EXTENSION_BASE}certificate.html`)) viewer = p;
      }
      if (!viewer) await new Promise((r) => setTimeout(r, 100));
    }
    await viewer!.waitForSelector('body[data-ready="yes"] [data-role="certificate"]');
    expect(await viewer!.$eval('[data-index="0"] dd[data-field="fingerprint"]', (e) => e.textContent)).toBe(new X509Certificate(next.certPem).fingerprint256);
    await viewer!.close();
  });
});
