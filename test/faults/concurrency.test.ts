// Concurrency and lifecycle in a real Firefox: parallel first sightings, racing keys, an event
// page suspended mid-burst, and Firefox killed while writing. Nothing may be lost or doubled.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, spkiSha256, type Authority } from '../e2e/support/certs.js';
import { html, startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import type { WakeReport } from '../../src/protocol.js';

const PAGE = 'page.test';
const NEW = 'new.test';
const RACE = 'race.test';
const BURST = 'burst.test';
let work: string;
let ca: Authority;
let page: TestServer;
let fresh: TestServer;
let race: TestServer;
let burst: TestServer;
let firefox: RunningFirefox | undefined;

const at = (name: string, server: TestServer) => `${name}:${server.port}`;

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const images = (origin: string, count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => `<img src="https://${origin}/pixel.png?${tag}=${i}&b=${Math.random()}">`).join('');

async function start(prefs: Record<string, number | boolean> = {}, moreHosts: string[] = [], profileDir = join(work, 'profile')): Promise<FirstSeenDriver> {
  prepareProfile(profileDir, [ca]);
  firefox = await launchFirefox({ profileDir, hosts: [PAGE, NEW, RACE, BURST, ...moreHosts], extensions: [FIRSTSEEN], prefs });
  const driver = await FirstSeenDriver.open(firefox.browser);
  await driver.send({ type: 'set-options', options: { checkEveryResponse: true } });
  return driver;
}

/** Loads `path` of page.test in `count` tabs at once, and waits for every image. */
async function loadInTabs(path: string, count: number): Promise<Page[]> {
  const tabs = await Promise.all(Array.from({ length: count }, () => firefox!.browser.newPage()));
  await Promise.all(tabs.map((t) => t.goto(`https://${at(PAGE, page)}${path}`)));
  await Promise.all(tabs.map((t) => t.waitForFunction(() => [...document.images].every((i) => i.complete), { timeout: 60_000 })));
  return tabs;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-concurrency-'));
  ca = makeAuthority(work, 'Concurrency CA');
  page = await startHttpsServer(makeServerCert(work, [PAGE], ca));
  fresh = await startHttpsServer(makeServerCert(work, [NEW], ca));
  race = await startHttpsServer(makeServerCert(work, [RACE], ca));
  burst = await startHttpsServer(makeServerCert(work, [BURST], ca));
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of [page, fresh, race, burst]) await s?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('concurrency', () => {
  it('200 parallel responses, across 4 tabs, from a host never seen: one record, one first use, 200 sightings', async () => {
    const driver = await start();
    page.route('/fifty', html(images(at(NEW, fresh), 50, 'n')));
    const tabs = await loadInTabs('/fifty', 4);
    await driver.send({ type: 'export-chunk', after: null, limit: 1 }); // flushes pending writes
    const { record, events } = await driver.history(at(NEW, fresh));
    expect(record?.keys).toHaveLength(1);
    expect(record?.timesSeen).toBe(200);
    expect(events.map((e) => e.kind)).toEqual(['first-use']);
    for (const t of tabs) await t.close();
  });

  it('two keys racing for a new host: one record holding both, and a change event; nothing lost', async () => {
    const driver = await FirstSeenDriver.open(firefox!.browser);
    const a = makeServerCert(work, [RACE], ca);
    const b = makeServerCert(work, [RACE], ca);
    race.alternate([a, b]);
    // Every response on a new connection: the two keys arrive interleaved, in parallel.
    race.route('/pixel-close.png', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store', connection: 'close' });
      res.end();
    });
    page.route('/race', html(Array.from({ length: 20 }, (_, i) => `<img src="https://${at(RACE, race)}/pixel-close.png?r=${i}&b=${Math.random()}">`).join('')));
    const [tab] = await loadInTabs('/race', 1);
    await driver.send({ type: 'export-chunk', after: null, limit: 1 });
    const { record, events } = await driver.history(at(RACE, race));
    expect(record?.keys.map((k) => k.spkiSha256).sort()).toEqual([spkiSha256(a.certPem), spkiSha256(b.certPem)].sort());
    expect(record?.timesSeen).toBe(20);
    expect(events[0]?.kind).toBe('first-use');
    expect(events.slice(1).map((e) => e.kind)).toContain('key-change');
    expect(events.filter((e) => e.kind === 'first-use')).toHaveLength(1);
    await tab!.close();
  });
});

describe('lifecycle', () => {
  it('an event page suspended in the middle of a burst loses no observation', async () => {
    await firefox?.close();
    const driver = await start({ 'extensions.background.idle.timeout': 1000 });
    // Thirty images in three waves, 2.5 s apart: the event page goes idle, and is suspended, between them.
    burst.route('/late.png', (req, res) => {
      const wave = Number(new URL(req.url ?? '/', 'https://x').searchParams.get('w'));
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
        res.end();
      }, wave * 2500);
      req.resume();
    });
    const before = (await driver.history(at(BURST, burst))).record?.timesSeen ?? 0;
    page.route('/waves', html(Array.from({ length: 30 }, (_, i) => `<img src="https://${at(BURST, burst)}/late.png?w=${i % 3}&i=${i}&b=${Math.random()}">`).join('')));
    const loadStart = Date.now();
    const [tab] = await loadInTabs('/waves', 1);
    const wake = await driver.send<WakeReport>({ type: 'wake-report' });
    // The event page running now started after the load began: it was suspended and woken mid-burst.
    expect(wake.startedAt).toBeGreaterThan(loadStart);
    await driver.send({ type: 'export-chunk', after: null, limit: 1 });
    expect(((await driver.history(at(BURST, burst))).record?.timesSeen ?? 0) - before).toBe(30);
    await tab!.close();
  });

  it('Firefox killed while writing leaves a consistent store: every record whole, with its history', async () => {
    await firefox?.close();
    const hosts = Array.from({ length: 40 }, (_, i) => `h${i}.kill.test`);
    const server = await startHttpsServer(makeServerCert(work, hosts, ca));
    server.route('/', html(hosts.map((h) => `<img src="https://${h}:${server.port}/pixel.png?b=${Math.random()}">`).join('')));
    const afterCrash = { 'toolkit.startup.max_resumed_crashes': -1, 'browser.sessionstore.resume_from_crash': false };
    let driver = await start(afterCrash, hosts);
    const tab = await firefox!.browser.newPage();
    void tab.goto(`https://${hosts[0]}:${server.port}/`).catch(() => undefined);
    // Kill the whole browser while first uses are being written: once the first write has landed,
    // with the page's other hosts still coming in. A condition, not a time: on a loaded machine a
    // fixed 400 ms came before any write.
    await waitFor(async () => (await driver.send<WakeReport>({ type: 'wake-report' })).marks.write !== undefined, 60_000);
    const pid = firefox!.browser.process()?.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await firefox!.browser.disconnect().catch(() => undefined);
    firefox = undefined;
    // Once this Firefox is gone, its profile is what a crash left. The next Firefox opens a copy of
    // it: puppeteer tidies the old profile's prefs files when it notices the exit, and a launch on
    // the same folder meanwhile raced with that (a user.js gone between check and copy).
    await waitFor(async () => {
      try {
        process.kill(pid!, 0);
        return false;
      } catch {
        return true;
      }
    }, 30_000);
    const afterKill = join(work, 'profile-after-kill');
    cpSync(join(work, 'profile'), afterKill, { recursive: true, filter: (src) => !src.endsWith('.puppeteer') });

    driver = await start(afterCrash, hosts, afterKill);
    const exported = await driver.send<{ hostsJson: string }>({ type: 'export-chunk', after: null, limit: 5000 });
    const stored = JSON.parse(exported.hostsJson) as { host: string; keys: unknown[]; events: { kind: string }[] }[];
    const killed = stored.filter((h) => h.host.endsWith('.kill.test:' + server.port));
    console.info(`Firefox killed after the first write of the load: ${killed.length} of ${hosts.length} new hosts were on disk, each whole`);
    expect(killed.length).toBeGreaterThan(0);
    // Whatever made it to disk made it whole: a record never lands without its first-use event.
    for (const h of killed) {
      expect(h.keys.length, h.host).toBeGreaterThan(0);
      expect(h.events.map((e) => e.kind), h.host).toContain('first-use');
    }
    const page1 = await driver.send<{ total: number }>({ type: 'hosts-page', query: { search: '', status: null, mode: null, severity: null, sort: 'host', descending: false, offset: 0, limit: 1 } });
    expect(page1.total).toBe(stored.length);
    await server.close();
  });
});
