// npm run bench:pageload: the cost of FirstSeen on page loads, in real headless Firefox ESR, against
// references: no add-on, a noop blocking listener, and a naive watcher that awaits getSecurityInfo.
// The page: 1 document and 40 subresources from 4 HTTPS hosts (each its own key), plus one fetch
// and one XHR. Each round, in a random order of configurations: a first load on new TLS
// connections (the servers drop every connection before it), then a repeat load on keep-alive
// connections. Times are Navigation Timing's loadEventEnd, read in the page; every URL is
// cache-busted. Last line: one JSON object of medians and ratios to no add-on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { makeAuthority, makeServerCert } from '../e2e/support/certs.js';
import { html, startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, prepareProfile, type ExtensionUnderTest, type RunningFirefox } from '../e2e/support/firefox.js';
import { FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';

const LOADS = Number(process.env.BENCH_LOADS ?? 60);
const HOSTS = ['page.test', 'img1.test', 'img2.test', 'img3.test'];
const here = (p: string) => new URL(p, import.meta.url).pathname;
const NOOP: ExtensionUnderTest = { dir: here('./pageload/noop/'), geckoId: 'noop@firstseen.bench', uuid: '00000000-0000-4000-8000-00000000a001' };
const NAIVE: ExtensionUnderTest = { dir: here('./pageload/naive/'), geckoId: 'naive@firstseen.bench', uuid: '00000000-0000-4000-8000-00000000a002' };

type Config = 'baseline' | 'noop' | 'naive' | 'firstseen' | 'everyResponse';
/** everyResponse: FirstSeen with the user's "check every response" option on. */
const CONFIGS: [Config, ExtensionUnderTest | null][] = [
  ['baseline', null], ['noop', NOOP], ['naive', NAIVE], ['firstseen', FIRSTSEEN], ['everyResponse', FIRSTSEEN],
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const shuffled = <T,>(xs: T[]) => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

function pageHtml(ports: Record<string, number>): string {
  const images = HOSTS.slice(1).flatMap((h) => Array.from({ length: 13 }, (_, i) => `<img src="https://${h}:${ports[h]}/pixel.png?i=${i}&b=BUST">`));
  images.push(`<img src="https://page.test:${ports['page.test']}/pixel.png?i=own&b=BUST">`);
  const xhr = `https://${HOSTS[1]}:${ports[HOSTS[1]!]}/pixel.png?xhr&b=BUST`;
  const fetched = `https://${HOSTS[2]}:${ports[HOSTS[2]!]}/pixel.png?fetch&b=BUST`;
  // The fetch and XHR are part of the load: the load event waits for the images, and the
  // scripts below hold it with a synchronous-looking wait on both.
  return `${images.join('')}<script>
    window.__extra = Promise.all([
      fetch(${JSON.stringify(fetched)}, { cache: 'no-store' }),
      new Promise((r) => { const x = new XMLHttpRequest(); x.onloadend = r; x.open('GET', ${JSON.stringify(xhr)}); x.send(); }),
    ]);
  </script>`;
}

async function load(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(async () => {
    await (window as unknown as { __extra: Promise<unknown> }).__extra;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    // The load event, or the fetch and XHR if they finished later.
    const extra = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.name.includes('xhr') || e.name.includes('fetch')).map((e) => e.responseEnd);
    return Math.max(nav.loadEventEnd, ...extra);
  });
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'firstseen-bench-pageload-'));
  const ca = makeAuthority(work, 'Pageload CA');
  const servers: Record<string, TestServer> = {};
  for (const h of HOSTS) servers[h] = await startHttpsServer(makeServerCert(work, [h], ca));
  const ports = Object.fromEntries(HOSTS.map((h) => [h, servers[h]!.port]));
  const bodyTemplate = pageHtml(ports);
  servers['page.test']!.route('/', (req, res) => {
    const bust = new URL(req.url ?? '/', 'https://x').searchParams.get('b') ?? '0';
    html(bodyTemplate.replaceAll('BUST', bust))(req, res);
  });
  const browsers: Record<Config, { ff: RunningFirefox; page: Page }> = {} as never;
  for (const [name, ext] of CONFIGS) {
    const profileDir = join(work, name);
    prepareProfile(profileDir, [ca]);
    const ff = await launchFirefox({ profileDir, hosts: HOSTS, extensions: ext ? [ext] : [] });
    browsers[name] = { ff, page: await ff.browser.newPage() };
  }
  const driver = await FirstSeenDriver.open(browsers.firstseen.ff.browser);
  await (await FirstSeenDriver.open(browsers.everyResponse.ff.browser)).send({ type: 'set-options', options: { checkEveryResponse: true } });
  const url = (bust: string) => `https://page.test:${ports['page.test']}/?b=${bust}`;
  // Warm-up: every browser has seen every host once (FirstSeen has learned the keys).
  for (const [name] of CONFIGS) await load(browsers[name].page, url(`warm-${name}`));

  const first: Record<Config, number[]> = { baseline: [], noop: [], naive: [], firstseen: [], everyResponse: [] };
  const repeat: Record<Config, number[]> = { baseline: [], noop: [], naive: [], firstseen: [], everyResponse: [] };
  for (let round = 0; round < LOADS; round++) {
    for (const [name] of shuffled(CONFIGS)) {
      for (const s of Object.values(servers)) s.closeConnections();
      first[name].push(await load(browsers[name].page, url(`${round}-${name}-a`)));
      repeat[name].push(await load(browsers[name].page, url(`${round}-${name}-b`)));
    }
  }
  let verdicts = 0;
  for (const h of HOSTS) verdicts += (await driver.history(`${h}:${ports[h]}`)).record?.timesSeen ?? 0;
  for (const { ff } of Object.values(browsers)) await ff.close();
  for (const s of Object.values(servers)) await s.close();
  rmSync(work, { recursive: true, force: true });

  const base = median(first.baseline);
  const baseRepeat = median(repeat.baseline);
  for (const [name] of CONFIGS) {
    console.log(`${name.padEnd(10)} first ${median(first[name]).toFixed(1)} ms  repeat ${median(repeat[name]).toFixed(1)} ms`);
  }
  const ratio = (c: Config) => +(median(first[c]) / base).toFixed(3);
  const repeatRatio = (c: Config) => +(median(repeat[c]) / baseRepeat).toFixed(3);
  console.log(JSON.stringify({
    loads: LOADS,
    baselineMs: +base.toFixed(1),
    noopRatio: ratio('noop'),
    naiveRatio: ratio('naive'),
    firstseenRatio: ratio('firstseen'),
    firstseenRepeatRatio: repeatRatio('firstseen'),
    noopRepeatRatio: repeatRatio('noop'),
    everyResponseRatio: ratio('everyResponse'),
    everyResponseRepeatRatio: repeatRatio('everyResponse'),
    naiveRepeatRatio: repeatRatio('naive'),
    verdicts,
  }));
}

await main();
