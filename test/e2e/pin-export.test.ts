// Pin export from the management page, in a real Firefox, as a user sees it: sites on a port
// (every local test server has one), two sites with a single key each, and an expired pin. The
// review shows the single-pin warning once for both with the offered backup (for all at once, or
// per site), what each format leaves out and why, and the expired pin left out; the downloaded
// curl file then works with real curl against the site.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, spkiSha256, type Authority } from './support/certs.js';
import { startHttpsServer, type TestServer } from './support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';
import { firstDownload, keepDownloads } from './support/downloads.js';

let work: string;
let ca: Authority;
let server: TestServer;
let leafSpki: string;
let firefox: RunningFirefox;
let page: Page;
const NAME = 'pins.test';
/** A second site under the same key: with two, the review groups their shared warning. */
const NAME2 = 'pins-two.test';
const EXPIRED = `${'E'.repeat(43)}=`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-pin-export-'));
  ca = makeAuthority(work, 'Pin Export Root');
  const cert = makeServerCert(work, [NAME, NAME2], ca);
  leafSpki = spkiSha256(cert.certPem);
  server = await startHttpsServer(cert);
  prepareProfile(join(work, 'profile'), [ca]);
  firefox = await launchFirefox({ profileDir: join(work, 'profile'), hosts: [NAME, NAME2], extensions: [FIRSTSEEN] });
  const driver = await FirstSeenDriver.open(firefox.browser);
  const tab = await firefox.browser.newPage();
  await tab.goto(`https://${NAME}:${server.port}/`);
  await driver.hostReport(await driver.tabIdOf(tab), `${NAME}:${server.port}`, 'first-use');
  await tab.goto(`https://${NAME2}:${server.port}/`);
  await driver.hostReport(await driver.tabIdOf(tab), `${NAME2}:${server.port}`, 'first-use');
  await driver.send({ type: 'add-pin', pattern: 'old.pins.test', pin: `sha256/${EXPIRED}`, expiresAt: Date.now() - 86_400_000 });
  page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
  await page.waitForSelector('body[data-ready="yes"] section.pin-export');
  await keepDownloads(page);
}, 120_000);

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Reviews the pins of `selection` (the sites typed in the field; '' for every site) in `format`. */
async function review(format: string, selection: string) {
  await page.$eval('#pin-selection', (el, value) => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, selection);
  await page.select('select[data-field="pin-format"]', format);
  await page.click('button[data-action="export-pins"]');
  await page.waitForFunction((f) => document.querySelector(`[data-role="pin-review"][data-format="${f}"]`), {}, format);
  return page.evaluate(() => ({
    warnings: [...document.querySelectorAll('[data-pin-warning]')].map((li) => [li.getAttribute('data-host'), li.getAttribute('data-pin-warning')]),
    groups: [...document.querySelectorAll('[data-pin-risk-group]')].map((g) => [g.getAttribute('data-pin-risk-group'), g.querySelector('p')!.textContent]),
    refused: [...document.querySelectorAll('[data-refused]')].map((li) => [li.getAttribute('data-refused'), li.getAttribute('data-reason'), li.textContent]),
    expired: [...document.querySelectorAll('[data-expired-left-out]')].map((li) => li.textContent),
    text: document.querySelector('[data-role="pin-text"]')!.textContent!,
  }));
}

describe('pin export in a real Firefox', () => {
  const host = () => `${NAME}:${server.port}`;

  it('warns of the single pin, offers the issuing certificate as backup, and lists the expired pin it leaves out', async () => {
    const seen = await review('curl', `${host()}, old.pins.test`);
    expect(seen.warnings).toEqual([[host(), 'single-pin']]);
    expect(seen.groups).toEqual([['single-pin', expect.stringContaining('A single pin')]]);
    expect(seen.expired).toEqual([expect.stringContaining('old.pins.test')]);
    expect(seen.text).toContain(`sha256//${leafSpki}'`);
    // Named in the file's account of what it left out, never as a pin.
    expect(seen.text).not.toContain(`sha256//${EXPIRED}`);
    expect(seen.text).toContain(`Left out old.pins.test sha256/${EXPIRED}: expired`);
    // The offer, taken: the issuing certificate's key joins the pins, and the warning says what is left.
    await page.click(`input[data-action="add-backup"][data-host="${host()}"]`);
    await page.waitForFunction(() => document.querySelector('[data-pin-warning]')?.getAttribute('data-pin-warning') === 'chain-only');
    const withBackup = await page.$eval('[data-role="pin-text"]', (el) => el.textContent!);
    expect(withBackup).toContain(`sha256//${leafSpki};sha256//${spkiSha256(ca.certPem)}'`);
  }, 60_000);

  it('says a warning shared by several sites once, with the sites under it, and adds the backup for all of them at once', async () => {
    const two = `${NAME2}:${server.port}`;
    const seen = await review('curl', '');
    expect(seen.groups).toEqual([['single-pin', expect.stringContaining('A single pin')]]);
    expect(seen.warnings).toEqual(expect.arrayContaining([[host(), 'single-pin'], [two, 'single-pin']]));
    expect(await page.$eval('[data-action="add-backup-all"]', (b) => b.textContent)).toContain('all 2 sites');
    await page.click('button[data-action="add-backup-all"][data-pin-risk="single-pin"]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-pin-warning]')].every((li) => li.getAttribute('data-pin-warning') === 'chain-only'));
    const text = await page.$eval('[data-role="pin-text"]', (el) => el.textContent!);
    for (const h of [host(), two]) expect(text).toContain(`sha256//${leafSpki};sha256//${spkiSha256(ca.certPem)}' 'https://${h}/'`);
    // Nothing left to offer: the button is gone; each site's own box still takes its backup back.
    expect(await page.$('[data-action="add-backup-all"]')).toBeNull();
    await page.click(`input[data-action="add-backup"][data-host="${two}"]`);
    await page.waitForFunction((h) => document.querySelector(`[data-pin-warning][data-host="${h}"]`)?.getAttribute('data-pin-warning') === 'single-pin', {}, two);
  }, 60_000);

  it('says OkHttp, Android and TrustKit cannot pin a port, and writes no entry for it', async () => {
    for (const format of ['okhttp-kotlin', 'android', 'trustkit']) {
      const seen = await review(format, host());
      expect(seen.refused, format).toEqual([[host(), 'port', expect.stringContaining('cannot restrict a pin to one port')]]);
      expect(seen.text, format).not.toContain(`"${host()}"`);
      expect(seen.text, format).not.toMatch(new RegExp(`<domain[^>]*>${NAME}`));
      expect(await page.$eval('button[data-action="download-pins"]', (b) => (b as HTMLButtonElement).disabled), format).toBe(true);
    }
  }, 60_000);

  it('downloads the curl file under its name, and real curl accepts the site with it', async () => {
    await review('curl', host());
    await page.click('button[data-action="download-pins"]');
    const file = await firstDownload(page);
    expect(file.name).toBe('firstseen-pins-curl.sh');
    const [, pins, url] = /--pinnedpubkey '([^']+)' '([^']+)'/.exec(file.text)!;
    expect(url).toBe(`https://${host()}/`);
    const result = await new Promise<{ status: number | null; out: string }>((resolve) => {
      const child = spawn('curl', ['--silent', '--show-error', '--max-time', '20', '--cacert', ca.certPath, '--resolve', `${host()}:127.0.0.1`, '--pinnedpubkey', pins!, url!]);
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      child.on('close', (status) => resolve({ status, out }));
    });
    expect(result.out).toContain('FirstSeen test page');
    expect(result.status).toBe(0);
  }, 60_000);
});
