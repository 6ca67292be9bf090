// npm run bench:pageload: the cost of FirstSeen on page loads, in real headless Firefox ESR, against
// references: no add-on, a noop blocking listener, a naive watcher that awaits getSecurityInfo, and
// the rule floor: the reads FirstSeen's coverage rule requires, and nothing else.
// Three pages, each host with its own key:
//   - images: 1 document and 40 images from 4 HTTPS hosts, plus one fetch and one XHR;
//   - mixed: 1 document, 13 async scripts, 13 stylesheets, 14 images, a fetch and an XHR over 5
//     hosts (43 requests), the shape of a real page, where most responses can run code;
//   - latency: the mixed page's shape with a real network's delays: each response answers after
//     20 to 60 ms (the document after 40), and some are large (a 200 KB script in four, a 100 KB
//     stylesheet in five). Loopback hides what users feel: its figure is also the milliseconds
//     each configuration adds to a load, not only a ratio.
// Each round, in a random order of configurations, for each page: a first load on new TLS
// connections (the servers drop every connection before it), then a repeat load on keep-alive
// connections. Times are Navigation Timing's loadEventEnd (or the fetch and XHR if later), read in
// the page; every URL is cache-busted. Each measured load also gets the CPU time every process of
// its Firefox spent on it (process-cpu.ts), up to 150 ms after it. Last line: one JSON object of
// medians and ratios to no add-on, how many responses of a mixed load FirstSeen read, and the CPU
// milliseconds per load (all processes, and the add-ons' process alone).
//
// Each configuration has its own Firefox, showing the page under test alone: an extra tab (the
// first-run page, a driver's extension page) once moved a configuration's loads by a third. The
// rounds are shared out over BENCH_INSTANCES generations of fresh instances (default 3), so no one
// instance decides a figure; the console shows each generation's median mixed repeat load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { makeAuthority, makeServerCert, type Authority } from '../e2e/support/certs.js';
import { html, PIXEL, startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, prepareProfile, type ExtensionUnderTest, type RunningFirefox } from '../e2e/support/firefox.js';
import { FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import { firefoxCpuNs } from './process-cpu.js';

const LOADS = Number(process.env.BENCH_LOADS ?? 60);
const INSTANCES = Math.max(1, Math.min(LOADS, Number(process.env.BENCH_INSTANCES ?? 3)));
const HOSTS = ['page.test', 'img1.test', 'img2.test', 'img3.test', 'cdn.test'];
const IMAGE_HOSTS = HOSTS.slice(1, 4);
const here = (p: string) => new URL(p, import.meta.url).pathname;
const NOOP: ExtensionUnderTest = { dir: here('./pageload/noop/'), geckoId: 'noop@firstseen.bench', uuid: '00000000-0000-4000-8000-00000000a001' };
const NAIVE: ExtensionUnderTest = { dir: here('./pageload/naive/'), geckoId: 'naive@firstseen.bench', uuid: '00000000-0000-4000-8000-00000000a002' };
const RULE_FLOOR: ExtensionUnderTest = { dir: here('./pageload/rule-floor/'), geckoId: 'rule-floor@firstseen.bench', uuid: '00000000-0000-4000-8000-00000000a003' };

type Config = string;
/** everyResponse: FirstSeen with the user's "check every response" option on. */
// For finding where FirstSeen's own time goes: BENCH_VARIANTS="name=dir,..." adds builds of
// FirstSeen with a part taken out (a dist folder each), measured in the same rounds.
const VARIANTS = (process.env.BENCH_VARIANTS ?? '').split(',').filter(Boolean).map((pair): [Config, ExtensionUnderTest] => {
  const [name, dir] = pair.split('=') as [string, string];
  return [name, { ...FIRSTSEEN, dir: dir.endsWith('/') ? dir : `${dir}/` }];
});
/** BENCH_CONFIGS="ruleFloor,firstseen" measures only those, with no add-on and the variants. */
const chosen = new Set((process.env.BENCH_CONFIGS ?? '').split(',').filter(Boolean));
const CONFIGS: [Config, ExtensionUnderTest | null][] = [
  ...([
    ['baseline', null], ['noop', NOOP], ['naive', NAIVE], ['ruleFloor', RULE_FLOOR], ['firstseen', FIRSTSEEN], ['everyResponse', FIRSTSEEN],
  ] as [Config, ExtensionUnderTest | null][]).filter(([name]) => chosen.size === 0 || name === 'baseline' || chosen.has(name)),
  ...VARIANTS,
];

const median = (xs: number[] | undefined) => {
  if (!xs?.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const shuffled = <T,>(xs: T[]) => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

function extras(ports: Record<string, number>): string {
  const xhr = `https://${HOSTS[1]}:${ports[HOSTS[1]!]}/pixel.png?xhr&b=BUST`;
  const fetched = `https://${HOSTS[2]}:${ports[HOSTS[2]!]}/pixel.png?fetch&b=BUST`;
  // The fetch and XHR are part of the load: load() waits for both.
  return `<script>
    window.__extra = Promise.all([
      fetch(${JSON.stringify(fetched)}, { cache: 'no-store' }),
      new Promise((r) => { const x = new XMLHttpRequest(); x.onloadend = r; x.open('GET', ${JSON.stringify(xhr)}); x.send(); }),
    ]);
  </script>`;
}

/** 13 async scripts, 13 stylesheets and 14 images, spread over the 5 hosts. */
function mixedHtml(ports: Record<string, number>): string {
  const at = (i: number, path: string) => `https://${HOSTS[i % HOSTS.length]}:${ports[HOSTS[i % HOSTS.length]!]}${path}`;
  const styles = Array.from({ length: 13 }, (_, i) => `<link rel="stylesheet" href="${at(i, `/s.css?i=${i}&b=BUST`)}">`);
  const scripts = Array.from({ length: 13 }, (_, i) => `<script async src="${at(i + 1, `/s.js?i=${i}&b=BUST`)}"></script>`);
  const images = Array.from({ length: 14 }, (_, i) => `<img src="${at(i + 2, `/pixel.png?m=${i}&b=BUST`)}">`);
  return `${styles.join('')}${scripts.join('')}${images.join('')}${extras(ports)}`;
}

/** A response's delay on the latency page: 20 to 60 ms, spread over the requests (not random: each load the same). */
const delayOf = (i: number) => 20 + ((i * 37) % 41);
const LATENCY_DOCUMENT_MS = 40;

/** The mixed page's shape, every response slow, some large (see delayOf and the /slow route). */
function latencyHtml(ports: Record<string, number>): string {
  const at = (i: number, q: string) => `https://${HOSTS[i % HOSTS.length]}:${ports[HOSTS[i % HOSTS.length]!]}/slow?${q}&ms=${delayOf(i)}&b=BUST`;
  const styles = Array.from({ length: 13 }, (_, i) => `<link rel="stylesheet" href="${at(i, `t=css&i=${i}&kb=${i % 5 === 0 ? 100 : 1}`)}">`);
  const scripts = Array.from({ length: 13 }, (_, i) => `<script async src="${at(i + 1, `t=js&i=${i}&kb=${i % 4 === 0 ? 200 : 2}`)}"></script>`);
  const images = Array.from({ length: 14 }, (_, i) => `<img src="${at(i + 2, `t=png&i=${i}`)}">`);
  const xhr = at(41, 't=png&i=xhr');
  const fetched = at(42, 't=png&i=fetch');
  const extra = `<script>
    window.__extra = Promise.all([
      fetch(${JSON.stringify(fetched)}, { cache: 'no-store' }),
      new Promise((r) => { const x = new XMLHttpRequest(); x.onloadend = r; x.open('GET', ${JSON.stringify(xhr)}); x.send(); }),
    ]);
  </script>`;
  return `${styles.join('')}${scripts.join('')}${images.join('')}${extra}`;
}

/** The /slow route's bodies, padded to size with a comment (made once per size). */
const padded = new Map<string, string>();
function slowBody(kind: string, kb: number): string {
  const key = `${kind}:${kb}`;
  if (!padded.has(key)) {
    const code = kind === 'css' ? 'body { margin: 0 }' : 'window.__n = (window.__n || 0) + 1;';
    padded.set(key, `${code}\n/*${'x'.repeat(Math.max(0, kb * 1024 - code.length - 6))}*/\n`);
  }
  return padded.get(key)!;
}

function pageHtml(ports: Record<string, number>): string {
  const images = IMAGE_HOSTS.flatMap((h) => Array.from({ length: 13 }, (_, i) => `<img src="https://${h}:${ports[h]}/pixel.png?i=${i}&b=BUST">`));
  images.push(`<img src="https://page.test:${ports['page.test']}/pixel.png?i=own&b=BUST">`);
  return `${images.join('')}${extras(ports)}`;
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

type PageKind = 'imagesFirst' | 'imagesRepeat' | 'mixedFirst' | 'mixedRepeat' | 'latencyFirst' | 'latencyRepeat';
/** How long after a load its CPU time is still counted: FirstSeen writes its tab state 100 ms on. */
const CPU_SETTLE_MS = 150;

type Browsers = Record<Config, { ff: RunningFirefox; page: Page }> & { baseline: { ff: RunningFirefox; page: Page } };

/** One fresh Firefox per configuration, each with a profile of its own. */
async function launchAll(work: string, ca: Authority, gen: number): Promise<Browsers> {
  const browsers = {} as Browsers;
  for (const [name, ext] of CONFIGS) {
    const profileDir = join(work, `${name}-${gen}`);
    prepareProfile(profileDir, [ca]);
    const ff = await launchFirefox({ profileDir, hosts: HOSTS, extensions: ext ? [ext] : [] });
    browsers[name] = { ff, page: await ff.browser.newPage() };
  }
  if (browsers.everyResponse) await (await FirstSeenDriver.open(browsers.everyResponse.ff.browser)).send({ type: 'set-options', options: { checkEveryResponse: true } });
  // The same tabs in every Firefox: the page under test alone, in front. Another tab (FirstSeen's
  // first-run page, the driver's extension page) changed a configuration's load times by up to a
  // third, against no add-on's: every-response once loaded the mixed page at 0.73 of no add-on's.
  for (const { ff, page } of Object.values(browsers)) {
    for (const other of await ff.browser.pages()) if (other !== page) await other.close();
    await page.bringToFront();
  }
  return browsers;
}

/** What FirstSeen read of a mixed load (its own count, for this wake of its event page). */
async function countReads(firstseen: Browsers['firstseen'], url: (i: number) => string, ports: Record<string, number>) {
  const COUNTED = 10;
  const driver = await FirstSeenDriver.open(firstseen.ff.browser);
  const before = await driver.send<{ verdicts: number; covered: number }>({ type: 'wake-report' });
  for (let i = 0; i < COUNTED; i++) await load(firstseen.page, url(i));
  await new Promise((r) => setTimeout(r, 500));
  const after = await driver.send<{ verdicts: number; covered: number }>({ type: 'wake-report' });
  const read = (after.verdicts - before.verdicts) / COUNTED;
  const responses = read + (after.covered - before.covered) / COUNTED;
  let verdicts = 0;
  for (const h of HOSTS) verdicts += (await driver.history(`${h}:${ports[h]}`)).record?.timesSeen ?? 0;
  return { read, responses, verdicts };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'firstseen-bench-pageload-'));
  const ca = makeAuthority(work, 'Pageload CA');
  const servers: Record<string, TestServer> = {};
  for (const h of HOSTS) servers[h] = await startHttpsServer(makeServerCert(work, [h], ca));
  const ports = Object.fromEntries(HOSTS.map((h) => [h, servers[h]!.port]));
  for (const s of Object.values(servers)) {
    s.route('/s.js', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end('window.__n = (window.__n || 0) + 1;');
    });
    s.route('/s.css', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'no-store' });
      res.end('body { margin: 0 }');
    });
    s.route('/slow', (req, res) => {
      const q = new URL(req.url ?? '/', 'https://x').searchParams;
      const kind = q.get('t') ?? 'png';
      setTimeout(() => {
        if (kind === 'png') {
          res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
          res.end(PIXEL);
          return;
        }
        res.writeHead(200, { 'content-type': kind === 'css' ? 'text/css' : 'text/javascript', 'cache-control': 'no-store' });
        res.end(slowBody(kind, Number(q.get('kb') ?? 1)));
      }, Number(q.get('ms') ?? 0));
    });
  }
  const templates = { '/': pageHtml(ports), '/mixed': mixedHtml(ports), '/latency': latencyHtml(ports) };
  for (const [path, body] of Object.entries(templates)) {
    servers['page.test']!.route(path, (req, res) => {
      const bust = new URL(req.url ?? '/', 'https://x').searchParams.get('b') ?? '0';
      const answer = () => html(body.replaceAll('BUST', bust))(req, res);
      if (path === '/latency') setTimeout(answer, LATENCY_DOCUMENT_MS);
      else answer();
    });
  }
  const url = (bust: string, path = '/') => `https://page.test:${ports['page.test']}${path}?b=${bust}`;
  const empty = (): Record<Config, number[]> => Object.fromEntries(CONFIGS.map(([name]) => [name, [] as number[]]));
  const first = empty();
  const repeat = empty();
  const mixedFirst = empty();
  const mixedRepeat = empty();
  const latencyFirst = empty();
  const latencyRepeat = empty();
  let counts = { read: 0, responses: 0, verdicts: 0 };
  /** Firefox's CPU time per load (every process; the add-ons' process alone), per configuration and page. */
  const cpu: Record<Config, Partial<Record<PageKind, { total: number[]; addons: number[] }>>> = Object.fromEntries(CONFIGS.map(([name]) => [name, {}]));
  async function measuredLoad(b: { ff: RunningFirefox; page: Page }, name: Config, kind: PageKind, loads: Record<Config, number[]>, u: string) {
    const pid = b.ff.browser.process()?.pid;
    const before = pid === undefined ? null : firefoxCpuNs(pid);
    loads[name]!.push(await load(b.page, u));
    if (pid === undefined || before === null) return;
    // Work a load leaves for just after it (a batched write, a late verdict) is the load's too.
    await new Promise((r) => setTimeout(r, CPU_SETTLE_MS));
    const after = firefoxCpuNs(pid);
    const into = (cpu[name]![kind] ??= { total: [], addons: [] });
    into.total.push(after.total - before.total);
    into.addons.push(after.addons - before.addons);
  }
  /** Each instance's median mixed repeat load, per configuration: how much the instances differ. */
  const perInstance = empty();
  for (let gen = 0; gen < INSTANCES; gen++) {
    const browsers = await launchAll(work, ca, gen);
    // Warm-up: every browser has seen every host once (FirstSeen has learned the keys).
    for (const [name] of CONFIGS) {
      await load(browsers[name]!.page, url(`warm-${gen}-${name}`));
      await load(browsers[name]!.page, url(`warm-${gen}-${name}`, '/mixed'));
      await load(browsers[name]!.page, url(`warm-${gen}-${name}`, '/latency'));
    }
    const rounds = Math.round((LOADS * (gen + 1)) / INSTANCES) - Math.round((LOADS * gen) / INSTANCES);
    for (let round = 0; round < rounds; round++) {
      for (const [name] of shuffled(CONFIGS)) {
        const bust = `${gen}-${round}-${name}`;
        const measured = (kind: PageKind, loads: Record<Config, number[]>, u: string) => measuredLoad(browsers[name]!, name, kind, loads, u);
        for (const s of Object.values(servers)) s.closeConnections();
        await measured('imagesFirst', first, url(`${bust}-a`));
        await measured('imagesRepeat', repeat, url(`${bust}-b`));
        for (const s of Object.values(servers)) s.closeConnections();
        await measured('mixedFirst', mixedFirst, url(`${bust}-c`, '/mixed'));
        await measured('mixedRepeat', mixedRepeat, url(`${bust}-d`, '/mixed'));
        for (const s of Object.values(servers)) s.closeConnections();
        await measured('latencyFirst', latencyFirst, url(`${bust}-e`, '/latency'));
        await measured('latencyRepeat', latencyRepeat, url(`${bust}-f`, '/latency'));
      }
    }
    for (const [name] of CONFIGS) perInstance[name]!.push(median(mixedRepeat[name]!.slice(-rounds)));
    if (gen === INSTANCES - 1 && browsers.firstseen) counts = await countReads(browsers.firstseen, (i) => url(`count-${i}`, '/mixed'), ports);
    for (const { ff } of Object.values(browsers)) await ff.close();
  }
  for (const s of Object.values(servers)) await s.close();
  rmSync(work, { recursive: true, force: true });
  const { read, responses, verdicts } = counts;

  const cpuFigures = (c: Config, part: 'total' | 'addons') =>
    (['mixedFirst', 'mixedRepeat', 'latencyFirst', 'latencyRepeat'] as const).map((k) => +(median(cpu[c]![k]?.[part] ?? []) / 1e6).toFixed(1));
  const base = median(first.baseline);
  const over = (loads: Record<Config, number[]>) => (c: Config) => +(median(loads[c]) / median(loads.baseline)).toFixed(3);
  for (const [name] of CONFIGS) {
    console.log(`${name.padEnd(13)} images: first ${median(first[name]).toFixed(1)} ms  repeat ${median(repeat[name]).toFixed(1)} ms` +
      `   mixed: first ${median(mixedFirst[name]).toFixed(1)} ms  repeat ${median(mixedRepeat[name]).toFixed(1)} ms` +
      ` (by instance: ${perInstance[name]!.map((m) => m.toFixed(1)).join(', ')})` +
      `   latency: first ${median(latencyFirst[name]).toFixed(1)} ms  repeat ${median(latencyRepeat[name]).toFixed(1)} ms`);
  }
  /** Milliseconds a configuration adds to a load of the latency page, over no add-on's (medians). */
  const added = (loads: Record<Config, number[]>) => (c: Config) => +(median(loads[c]) - median(loads.baseline)).toFixed(1);
  const latencyRatio = over(latencyFirst);
  const latencyRepeatRatio = over(latencyRepeat);
  const latencyAdded = added(latencyFirst);
  const latencyRepeatAdded = added(latencyRepeat);
  const ratio = over(first);
  const repeatRatio = over(repeat);
  const mixedRatio = over(mixedFirst);
  const mixedRepeatRatio = over(mixedRepeat);
  console.log(JSON.stringify({
    loads: LOADS,
    instances: INSTANCES,
    baselineMs: +base.toFixed(1),
    noopRatio: ratio('noop'),
    naiveRatio: ratio('naive'),
    firstseenRatio: ratio('firstseen'),
    firstseenRepeatRatio: repeatRatio('firstseen'),
    noopRepeatRatio: repeatRatio('noop'),
    everyResponseRatio: ratio('everyResponse'),
    everyResponseRepeatRatio: repeatRatio('everyResponse'),
    naiveRepeatRatio: repeatRatio('naive'),
    ruleFloorRatio: ratio('ruleFloor'),
    ruleFloorRepeatRatio: repeatRatio('ruleFloor'),
    mixedBaselineMs: +median(mixedFirst.baseline).toFixed(1),
    mixedNoopRatio: mixedRatio('noop'),
    mixedNaiveRatio: mixedRatio('naive'),
    mixedFirstseenRatio: mixedRatio('firstseen'),
    mixedEveryResponseRatio: mixedRatio('everyResponse'),
    mixedNoopRepeatRatio: mixedRepeatRatio('noop'),
    mixedNaiveRepeatRatio: mixedRepeatRatio('naive'),
    mixedFirstseenRepeatRatio: mixedRepeatRatio('firstseen'),
    mixedEveryResponseRepeatRatio: mixedRepeatRatio('everyResponse'),
    mixedRuleFloorRatio: mixedRatio('ruleFloor'),
    mixedRuleFloorRepeatRatio: mixedRepeatRatio('ruleFloor'),
    latencyBaselineMs: +median(latencyFirst.baseline).toFixed(1),
    latencyBaselineRepeatMs: +median(latencyRepeat.baseline).toFixed(1),
    latencyNoopRatio: latencyRatio('noop'),
    latencyNaiveRatio: latencyRatio('naive'),
    latencyRuleFloorRatio: latencyRatio('ruleFloor'),
    latencyFirstseenRatio: latencyRatio('firstseen'),
    latencyNaiveRepeatRatio: latencyRepeatRatio('naive'),
    latencyRuleFloorRepeatRatio: latencyRepeatRatio('ruleFloor'),
    latencyFirstseenRepeatRatio: latencyRepeatRatio('firstseen'),
    latencyNoopAddedMs: latencyAdded('noop'),
    latencyNaiveAddedMs: latencyAdded('naive'),
    latencyRuleFloorAddedMs: latencyAdded('ruleFloor'),
    latencyFirstseenAddedMs: latencyAdded('firstseen'),
    latencyEveryResponseAddedMs: latencyAdded('everyResponse'),
    latencyNaiveRepeatAddedMs: latencyRepeatAdded('naive'),
    latencyRuleFloorRepeatAddedMs: latencyRepeatAdded('ruleFloor'),
    latencyFirstseenRepeatAddedMs: latencyRepeatAdded('firstseen'),
    responses: +responses.toFixed(1),
    read: +read.toFixed(1),
    verdicts,
    // Milliseconds of CPU per load, medians, all Firefox's processes, then the add-ons' process
    // alone: [mixed first, mixed repeat, latency first, latency repeat]. Work, not waiting: a
    // configuration's CPU over the rule floor's is what it adds to the machine, steadier than a
    // ratio of load times.
    cpuMs: Object.fromEntries(CONFIGS.map(([c]) => [c, cpuFigures(c, 'total')])),
    addonCpuMs: Object.fromEntries(CONFIGS.filter(([, ext]) => ext !== null).map(([c]) => [c, cpuFigures(c, 'addons')])),
  }));
  if (VARIANTS.length > 0) {
    const r = (c: Config) => [over(first)(c), over(repeat)(c), over(mixedFirst)(c), over(mixedRepeat)(c), added(latencyFirst)(c), added(latencyRepeat)(c)];
    console.log(JSON.stringify({ columns: 'images first, repeat; mixed first, repeat; latency ms added first, repeat', ...Object.fromEntries(CONFIGS.map(([c]) => [c, r(c)])) }));
  }
}

await main();
