// npm run bench:coldstart: with 100,000 hosts stored, (1) how long a suspended event page takes
// from being woken by a page load to its first verdict, and (2) how much memory FirstSeen adds.
// (1) The event page is let go idle (a 2 s idle timeout), then a known site is loaded; the wake
// report (wake-stats.ts) says when the page started and when it gave its first verdict. A round
// counts only if the event page really started after the load began (it was suspended).
// The same rounds with a bare reference event page (coldstart/wake/: wake, see the response, read
// its SecurityInfo) give the floor: what any add-on pays before it could judge, on this machine.
// (2) Firefox's proportional set size (PSS, summed over its processes) after the same visits, with
// FirstSeen and 100,000 hosts, with the noop reference add-on, and with no add-on; medians of
// alternating launches. (3) The add-on's IndexedDB folder on disk.
// Last line: {"hosts":..,"coldStartMs":..,"floorMs":..,"requestToVerdictMs":..,"wakes":..,"addedMiB":..,"addedOverNoopMiB":..,"diskMiB":..}
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { makeAuthority, makeServerCert } from '../e2e/support/certs.js';
import { html, startHttpsServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type ExtensionUnderTest } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import type { WakeReport } from '../../src/protocol.js';
import { seedHosts } from './seed-hosts.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const IDLE_MS = 2000;
/** BENCH_MEMORY=0 skips the memory launches (for quicker cold-start runs). */
const MEMORY = process.env.BENCH_MEMORY !== '0';
const here = (p: string) => new URL(p, import.meta.url).pathname;
const NOOP: ExtensionUnderTest = { dir: here('./pageload/noop/'), geckoId: 'noop@firstseen.bench', uuid: '00000000-0000-4000-8000-00000000a001' };
const WAKE: ExtensionUnderTest = { dir: here('./coldstart/wake/'), geckoId: 'wake@firstseen.bench', uuid: '00000000-0000-4000-8000-00000000a003' };
/** What the wake reference says of its own wake (coldstart/wake/background.js). */
interface BareWake { startedAt: number; firstLineMs: number; responseMs: number | null; securityInfoMs: number | null }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Lets the event page go idle, then loads `url` to wake it; returns when the load began. */
async function loadAfterIdle(page: Page, url: string): Promise<number> {
  await sleep(IDLE_MS * 2.5);
  const loadStart = Date.now();
  await page.goto(url);
  await sleep(500);
  return loadStart;
}

/** Proportional set size of every Firefox process, in MiB: shared pages counted once in all. */
function firefoxPssMiB(): number {
  let kib = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('firefox')) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (pss) kib += Number(pss[1]);
    } catch {
      // The process ended while we looked.
    }
  }
  return kib / 1024;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'firstseen-bench-coldstart-'));
  const ca = makeAuthority(work, 'Cold Start CA');
  const server = await startHttpsServer(makeServerCert(work, ['cold.test'], ca));
  server.route('/', html(Array.from({ length: 10 }, (_, i) => `<img src="/pixel.png?i=${i}&b=${Math.random()}">`).join('')));
  const site = `https://cold.test:${server.port}/`;
  const prefs = { 'extensions.background.idle.timeout': IDLE_MS };
  const launch = (name: string, extensions: ExtensionUnderTest[]) => {
    const profileDir = join(work, name);
    prepareProfile(profileDir, [ca]);
    return launchFirefox({ profileDir, hosts: ['cold.test'], extensions, prefs, protocolTimeout: 1_800_000 });
  };

  // A profile with 100,000 hosts, and the test site known.
  let firefox = await launch('firstseen', [FIRSTSEEN]);
  let driver = await FirstSeenDriver.open(firefox.browser);
  await driver.send({ type: 'get-policy' });
  const seeder = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=0`);
  await seedHosts(seeder, HOSTS, 2, 0);
  const tab = await firefox.browser.newPage();
  await tab.goto(site);
  await sleep(1000);
  await firefox.close();
  // On disk: the add-on's IndexedDB folder in the profile, after a clean shutdown.
  const storage = join(work, 'firstseen', 'storage', 'default');
  const own = readdirSync(storage).filter((d) => d.startsWith(`moz-extension+++${FIRSTSEEN.uuid}`)).map((d) => join(storage, d, 'idb'));
  const diskMiB = Number(execFileSync('du', ['-sk', ...own], { encoding: 'utf8' }).split('\n').filter(Boolean)
    .reduce((sum, line) => sum + Number(line.split('\t')[0]), 0)) / 1024;
  console.log(`on disk: ${diskMiB.toFixed(1)} MiB for ${HOSTS} hosts (${own.join(', ')})`);

  // (1) Cold starts.
  firefox = await launch('firstseen', [FIRSTSEEN]);
  driver = await FirstSeenDriver.open(firefox.browser);
  let page: Page = await firefox.browser.newPage();
  const coldStarts: number[] = [];
  const requestToVerdict: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const loadStart = await loadAfterIdle(page, `${site}?round=${round}`);
    const wake = await driver.send<WakeReport>({ type: 'wake-report' });
    if (wake.startedAt < loadStart || wake.firstVerdictMs === null) {
      console.log(`round ${round}: the event page was not suspended (started ${wake.startedAt - loadStart} ms from the load); not counted`);
      continue;
    }
    coldStarts.push(wake.firstVerdictMs);
    requestToVerdict.push(wake.startedAt + wake.firstVerdictMs - loadStart);
    console.log(`round ${round}: event page ready after ${wake.readyMs.toFixed(1)} ms, first verdict after ${wake.firstVerdictMs.toFixed(1)} ms ${JSON.stringify(wake.marks)}; load start to verdict ${(wake.startedAt + wake.firstVerdictMs - loadStart).toFixed(0)} ms`);
  }
  await page.close();
  await firefox.close();

  // (1b) The floor: the same rounds with the bare reference event page.
  firefox = await launch('wake', [WAKE]);
  const report = await openExtensionPage(firefox.browser, `moz-extension://${WAKE.uuid}/report.html`);
  page = await firefox.browser.newPage();
  const floors: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const loadStart = await loadAfterIdle(page, `${site}?floor=${round}`);
    const wake = await report.evaluate(() => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<BareWake> } } }).browser.runtime.sendMessage('wake'));
    if (wake.startedAt < loadStart || wake.securityInfoMs === null) {
      console.log(`floor round ${round}: the reference was not suspended; not counted`);
      continue;
    }
    floors.push(wake.securityInfoMs);
    console.log(`floor round ${round}: first line after ${wake.firstLineMs.toFixed(1)} ms, response after ${wake.responseMs?.toFixed(1)} ms, SecurityInfo after ${wake.securityInfoMs.toFixed(1)} ms`);
  }
  await page.close();
  await firefox.close();

  // (2) Memory, after the same visits: FirstSeen (100,000 hosts), noop, none; alternating.
  const memory: Record<string, number[]> = { firstseen: [], noop: [], none: [] };
  for (let round = 0; round < (MEMORY ? 3 : 0); round++) {
    for (const [name, exts] of [['firstseen', [FIRSTSEEN]], ['noop', [NOOP]], ['none', []]] as const) {
      firefox = await launch(name, [...exts]);
      page = await firefox.browser.newPage();
      for (let i = 0; i < 5; i++) await page.goto(`${site}?m=${round}-${i}`);
      await sleep(3000);
      memory[name]!.push(firefoxPssMiB());
      await firefox.close();
    }
  }
  await server.close();
  rmSync(work, { recursive: true, force: true });
  const m = (name: string) => (MEMORY ? median(memory[name]!) : NaN);
  console.log(`PSS MiB: firstseen ${memory.firstseen!.map((x) => x.toFixed(0))}, noop ${memory.noop!.map((x) => x.toFixed(0))}, none ${memory.none!.map((x) => x.toFixed(0))}`);
  console.log(JSON.stringify({
    hosts: HOSTS,
    coldStartMs: coldStarts.length ? +median(coldStarts).toFixed(1) : null,
    floorMs: floors.length ? +median(floors).toFixed(1) : null,
    requestToVerdictMs: requestToVerdict.length ? Math.round(median(requestToVerdict)) : null,
    wakes: coldStarts.length,
    addedMiB: Math.round(m('firstseen') - m('none')),
    addedOverNoopMiB: Math.round(m('firstseen') - m('noop')),
    diskMiB: +diskMiB.toFixed(1),
  }));
}

await main();
