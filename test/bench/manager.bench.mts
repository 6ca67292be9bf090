// npm run bench:manager: the management page with 100,000 hosts stored, in a real Firefox.
// Measures the first render (navigation start to the first rows on screen, from the page's own
// User Timing mark) and the latency of a search keystroke (input event to the list redrawn),
// median over several keystrokes. Last line: {"hosts":..,"firstRenderMs":..,"searchMs":..}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchFirefox, openExtensionPage } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import { allowEsbuildNames, seedHosts } from './seed-hosts.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100_000);
const work = mkdtempSync(join(tmpdir(), 'firstseen-bench-manager-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const profileDir = join(work, 'profile');
  let firefox = await launchFirefox({ profileDir, hosts: [], extensions: [FIRSTSEEN] });
  const driver = await FirstSeenDriver.open(firefox.browser);
  await driver.send({ type: 'get-policy' }); // opens, and so creates, the database
  const seeder = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=0`);
  const seedStart = Date.now();
  await seedHosts(seeder, HOSTS, 2, 0);
  console.log(`seeded ${HOSTS} hosts in ${Date.now() - seedStart} ms`);
  // A fresh browser: nothing of the store is in the background page's memory.
  await firefox.close();
  firefox = await launchFirefox({ profileDir, hosts: [], extensions: [FIRSTSEEN] });

  const firstRenders: number[] = [];
  const searches: number[] = [];
  for (let round = 0; round < 3; round++) {
    const page = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await allowEsbuildNames(page);
    await page.waitForFunction(() => performance.getEntriesByName('firstseen:first-rows').length > 0, { timeout: 60_000 });
    firstRenders.push(await page.evaluate(() => performance.getEntriesByName('firstseen:first-rows')[0]!.startTime));
    // Let the background finish loading every summary, as it does while the user looks at the first screen.
    await page.waitForFunction(() => Number(document.querySelector('.host-table')?.getAttribute('data-total') ?? 0) > 0);
    // Each keystroke changes the result, so each redraws the list.
    for (const text of ['host-1', 'host-12', 'host-123', 'host-1234', 'example7', 'xyz', 'host-9', 'host-98']) {
      searches.push(await page.evaluate(async (value) => {
        const input = document.querySelector<HTMLInputElement>('#host-search')!;
        // The list's container: a search with no match replaces the table (and its body) with a
        // note, so neither can be what is watched.
        const list = document.querySelector('.host-table')!.parentElement!;
        const started = performance.now();
        const redrawn = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            observer.disconnect();
            resolve(performance.now() - started);
          });
          observer.observe(list, { childList: true, subtree: true, attributes: true });
        });
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return Promise.race([redrawn, new Promise<number>((r) => setTimeout(() => r(performance.now() - started), 5000))]);
      }, text));
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.close();
  }
  await firefox.close();
  console.log(`first render (ms): ${firstRenders.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`search keystroke (ms): ${searches.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(JSON.stringify({ hosts: HOSTS, firstRenderMs: Math.round(median(firstRenders)), searchMs: Math.round(median(searches)) }));
}

main().finally(() => rmSync(work, { recursive: true, force: true }));
