// npm run bench:history: export and import of a 100,000-host trust history (2 keys and 5 events
// each) through the management page of a real Firefox. Export: click to file ready. Import: file
// chosen to import committed (reading, checking in a worker, staging, preview, one transaction).
// The page's responsiveness is measured as the longest stall of a 50 ms timer in the page.
// Last line: {"hosts":..,"exportMs":..,"importMs":..,"peakMiB":..,"exportStallMs":..,"importStallMs":..,"fileMiB":..}
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchFirefox, openExtensionPage } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import { samplePeak } from './process-memory.js';
import { allowEsbuildNames, seedHosts } from './seed-hosts.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100_000);
const work = mkdtempSync(join(tmpdir(), 'firstseen-bench-history-'));

async function managerPage(firefox: Awaited<ReturnType<typeof launchFirefox>>): Promise<Page> {
  const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
  await page.waitForSelector('body[data-ready="yes"] section.history');
  await allowEsbuildNames(page);
  await page.evaluate(`
    globalThis.__stall = 0;
    let last = performance.now();
    setInterval(() => { const now = performance.now(); globalThis.__stall = Math.max(globalThis.__stall, now - last - 50); last = now; }, 50);
    globalThis.__downloads = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => { const url = create(blob); globalThis.__downloads.push({ url, blob }); return url; };
    HTMLAnchorElement.prototype.click = function () {};
  `);
  return page;
}

async function main(): Promise<void> {
  let firefox = await launchFirefox({ profileDir: join(work, 'source'), hosts: [], extensions: [FIRSTSEEN], protocolTimeout: 1_800_000 });
  const driver = await FirstSeenDriver.open(firefox.browser);
  await driver.send({ type: 'get-policy' });
  const seeder = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=0`);
  const seedStart = Date.now();
  await seedHosts(seeder, HOSTS, 2, 5);
  console.log(`seeded ${HOSTS} hosts (2 keys, 5 events each) in ${Date.now() - seedStart} ms`);
  await firefox.close();
  firefox = await launchFirefox({ profileDir: join(work, 'source'), hosts: [], extensions: [FIRSTSEEN], protocolTimeout: 1_800_000 });

  const memory = samplePeak();
  let page = await managerPage(firefox);
  await page.evaluate(() => performance.mark('bench:export-start'));
  await page.click('button[data-action="export-json"]');
  await page.waitForFunction(() => performance.getEntriesByName('firstseen:export-done').length > 0, { timeout: 1_500_000, polling: 1000 });
  // Timed by the page's own marks: the 1 s polling above would add up to a second.
  const exportMs = await page.evaluate(() => Math.round(performance.getEntriesByName('firstseen:export-done')[0]!.startTime - performance.getEntriesByName('bench:export-start')[0]!.startTime));
  const direct = await page.evaluate(() => performance.getEntriesByName('firstseen:export-direct').length > 0);
  const exportStall = await page.evaluate(() => (globalThis as unknown as { __stall: number }).__stall);
  // The file can be hundreds of MiB: bring it over in slices (the seeded data is ASCII).
  const size = await page.evaluate(() => (globalThis as unknown as { __downloads: { blob: Blob }[] }).__downloads.at(-1)!.blob.size);
  const file = join(work, 'history.json');
  writeFileSync(file, '');
  const SLICE = 8 * 1024 * 1024;
  for (let from = 0; from < size; from += SLICE) {
    const part = await page.evaluate((a: number, b: number) =>
      (globalThis as unknown as { __downloads: { blob: Blob }[] }).__downloads.at(-1)!.blob.slice(a, b).text(), from, from + SLICE);
    appendFileSync(file, part);
  }
  const fileMiB = size / 1048576;
  console.log(`export: ${exportMs} ms, ${fileMiB.toFixed(1)} MiB, ${direct ? 'read in the page\'s worker' : 'sent by the event page in chunks'}, longest page stall ${exportStall.toFixed(0)} ms`);
  await firefox.close();

  firefox = await launchFirefox({ profileDir: join(work, 'fresh'), hosts: [], extensions: [FIRSTSEEN], protocolTimeout: 1_800_000 });
  page = await managerPage(firefox);
  const input = await page.$('#import-file');
  await page.evaluate(() => performance.mark('bench:import-start'));
  const importStart = Date.now();
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
  await page.waitForSelector('[data-preview], [data-import-error]', { timeout: 1_500_000 });
  const refused = await page.$$eval('[data-import-error] li', (els) => els.map((e) => e.textContent));
  if (refused.length > 0) throw new Error(`the import was refused: ${refused.join('; ')}`);
  const previewMs = Date.now() - importStart;
  await page.click('button[data-action="import-apply"]');
  await page.waitForFunction(() => performance.getEntriesByName('firstseen:import-done').length > 0 || document.querySelector('[data-import-error]'),
    { timeout: 1_500_000, polling: 1000 });
  const failed = await page.$$eval('[data-import-error] li', (els) => els.map((e) => e.textContent));
  if (failed.length > 0) throw new Error(`the import failed: ${failed.join('; ')}`);
  const importMs = await page.evaluate(() => Math.round(performance.getEntriesByName('firstseen:import-done')[0]!.startTime - performance.getEntriesByName('bench:import-start')[0]!.startTime));
  const importStall = await page.evaluate(() => (globalThis as unknown as { __stall: number }).__stall);
  const imported = await page.$eval('[data-imported]', (e) => Number(e.getAttribute('data-imported')));
  // Where the time went, from the page's own marks: the file read in the worker and staged in the
  // background as it is read (the two overlap), the preview, then the write (apply).
  const staged = await page.evaluate(() => Math.round(performance.getEntriesByName('firstseen:import-staged')[0]!.startTime
    - performance.getEntriesByName('bench:import-start')[0]!.startTime));
  console.log(`import: ${importMs} ms (file read and staged by ${staged} ms, preview by ${previewMs} ms), ` +
    `${imported} hosts, longest page stall ${importStall.toFixed(0)} ms`);
  await firefox.close();
  const peakMiB = memory.stop();
  console.log(JSON.stringify({
    hosts: HOSTS, exportMs, importMs, peakMiB: Math.round(peakMiB), exportStallMs: Math.round(exportStall), importStallMs: Math.round(importStall),
    fileMiB: Math.round(fileMiB),
  }));
}

main().finally(() => rmSync(work, { recursive: true, force: true }));
