// Export and import of the trust history through the management page, in real Firefoxes:
// export from one profile, import into a fresh one, and a malformed file that changes nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';
import { firstDownload, keepDownloads } from './support/downloads.js';

let work: string;
let ca: Authority;
let servers: TestServer[];
let firefox: RunningFirefox | undefined;
let exported = '';
const NAMES = ['alpha.test', 'beta.test'];

async function openManager(ff: RunningFirefox): Promise<Page> {
  const page = await openExtensionPage(ff.browser, `${EXTENSION_BASE}manager.html`);
  await page.waitForSelector('body[data-ready="yes"] section.history');
  // Keep what the page would download: the blob and the file name.
  await keepDownloads(page);
  return page;
}

async function launch(name: string): Promise<RunningFirefox> {
  const profileDir = join(work, name);
  prepareProfile(profileDir, [ca]);
  return launchFirefox({ profileDir, hosts: NAMES, extensions: [FIRSTSEEN] });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-history-'));
  ca = makeAuthority(work, 'History CA');
  servers = await Promise.all(NAMES.map((n) => startHttpsServer(makeServerCert(work, [n], ca))));
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of servers) await s.close();
  rmSync(work, { recursive: true, force: true });
});

describe('trust history in a real Firefox', () => {
  it('exports from the management page as firstseen-history-YYYY-MM-DD.json', async () => {
    firefox = await launch('source');
    const driver = await FirstSeenDriver.open(firefox.browser);
    const tab = await firefox.browser.newPage();
    for (const [i, n] of NAMES.entries()) {
      await tab.goto(`https://${n}:${servers[i]!.port}/`);
      await driver.hostReport(await driver.tabIdOf(tab), `${n}:${servers[i]!.port}`, 'first-use');
    }
    const page = await openManager(firefox);
    await page.click('button[data-action="export-json"]');
    const file = await firstDownload(page);
    expect(file.name).toBe(`firstseen-history-${new Date().toISOString().slice(0, 10)}.json`);
    const doc = JSON.parse(file.text);
    expect(doc).toMatchObject({ format: 'firstseen-trust-history', version: 1 });
    expect(doc.hosts.map((h: { host: string }) => h.host)).toEqual(NAMES.map((n, i) => `${n}:${servers[i]!.port}`));
    expect(doc.hosts[0].keys[0].spkiSha256).toBe((await driver.history(doc.hosts[0].host)).record?.keys[0]?.spkiSha256);
    // All but the first host were read straight from the database, in the page's worker.
    expect(await page.evaluate(() => performance.getEntriesByName('firstseen:export-direct').length)).toBe(1);
    exported = file.text;
    await firefox.close();
    firefox = undefined;
  });

  it('imports into a fresh profile, after which the hosts are known: no first use', async () => {
    firefox = await launch('fresh');
    const driver = await FirstSeenDriver.open(firefox.browser);
    const page = await openManager(firefox);
    const path = join(work, 'history.json');
    writeFileSync(path, exported);
    const input = await page.$('#import-file');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
    await page.waitForSelector('[data-preview]');
    expect(await page.$eval('[data-preview] p', (e) => e.textContent)).toContain('would add sites: 2;');
    // Staged as the worker read it, not after reading it whole.
    expect(await page.evaluate(() => performance.getEntriesByName('firstseen:import-streamed').length)).toBe(1);
    await page.click('button[data-action="import-apply"]');
    await page.waitForSelector('[data-imported="2"]');
    const tab = await firefox.browser.newPage();
    const host = `${NAMES[0]}:${servers[0]!.port}`;
    await tab.goto(`https://${host}/`);
    const report = await driver.hostReport(await driver.tabIdOf(tab), host, 'match');
    expect(report.kind).toBe('match');
  });

  it('shows a malformed import\'s error, and leaves the store unchanged', async () => {
    const driver = await FirstSeenDriver.open(firefox!.browser);
    const host = `${NAMES[1]}:${servers[1]!.port}`;
    const before = await driver.history(host);
    const doc = JSON.parse(exported);
    doc.hosts[1].keys[0].spkiSha256 = 'not-a-digest';
    doc.hosts.push({ ...doc.hosts[0], host: 'extra.test' });
    const path = join(work, 'bad.json');
    writeFileSync(path, JSON.stringify(doc));
    const page = await openManager(firefox!);
    const input = await page.$('#import-file');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
    await page.waitForSelector('[data-import-error]');
    const errors = await page.$$eval('[data-import-error] li', (els) => els.map((e) => e.textContent));
    expect(errors).toEqual(['hosts[1].keys[0].spkiSha256: not a base64 SHA-256 digest']);
    expect(await driver.history(host)).toEqual(before);
    expect((await driver.history('extra.test')).record).toBeNull();
    // A file cut short is found out only at its end, after its head was staged: the whole
    // file's reading then says what is wrong, and nothing is written either.
    doc.hosts[1].keys[0].spkiSha256 = doc.hosts[0].keys[0].spkiSha256;
    const cut = join(work, 'cut.json');
    writeFileSync(cut, JSON.stringify(doc).slice(0, -30));
    const again = await openManager(firefox!);
    await (await again.$('#import-file') as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(cut);
    await again.waitForSelector('[data-import-error]');
    expect(await again.$$eval('[data-import-error] li', (els) => els.map((e) => e.textContent))).toEqual([expect.stringMatching(/^file: not JSON \(.+\)$/)]);
    expect(await driver.history(host)).toEqual(before);
    expect((await driver.history('extra.test')).record).toBeNull();
  });
});
