// npm run bench:readcost: what one webRequest.getSecurityInfo costs, in a real headless Firefox ESR,
// split into the parent process's CPU time (where Firefox builds the answer), the add-on's process's
// CPU time (the message and its copy into the add-on), and the wall time the add-on waits for it.
// And whether the way FirstSeen asks lowers it: options (leaf alone, Firefox's defaults, the chain
// with or without DER) and order (one after another, or all at once in one tick). Beside them, an
// API call the parent answers with no work of its own: the price of any call to the parent.
//
// One Firefox with the reference add-on in read-cost/: while a document's response is held, it
// reads the security info BENCH_READS times the way the URL names. Each load's CPU time is read
// from /proc (schedstat, every thread of the parent, the WebExtensions and the Socket Process); a load that
// reads nothing is the zero. Per way: (median of its loads − median of the zero loads) / reads.
// Rounds interleave the ways in a random order. Last line: one JSON object, microseconds per read.
// Linux only (/proc), as the machines are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { makeAuthority, makeServerCert } from '../e2e/support/certs.js';
import { html, startHttpsServer } from '../e2e/support/https-server.js';
import { launchFirefox, prepareProfile, type ExtensionUnderTest } from '../e2e/support/firefox.js';
import { cpuNs, processesUnder } from './process-cpu.js';

const READS = Number(process.env.BENCH_READS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const READ_COST: ExtensionUnderTest = {
  dir: new URL('./read-cost/', import.meta.url).pathname,
  geckoId: 'read-cost@firstseen.bench',
  uuid: '00000000-0000-4000-8000-00000000a004',
};

/** The ways measured: the add-on's `way` and `order` for each. */
const WAYS: Record<string, { way: string; order: 'sequential' | 'parallel' }> = {
  none: { way: 'none', order: 'sequential' },
  leaf: { way: 'leaf', order: 'sequential' },
  leafAllAtOnce: { way: 'leaf', order: 'parallel' },
  defaults: { way: 'defaults', order: 'sequential' },
  chain: { way: 'chain', order: 'sequential' },
  chainDer: { way: 'chainDer', order: 'sequential' },
  // Not a read: runtime.getBrowserInfo, which the parent answers at once. What any API call costs,
  // so what a read costs beyond it is Firefox building the security info.
  emptyCall: { way: 'emptyCall', order: 'sequential' },
};

/** The processes a read involves: the parent, the add-on's, and the network's (Socket Process). */
function involved(parent: number): { addon: number; socket: number | undefined } {
  const found = processesUnder(parent);
  const addon = found.find((p) => p.name === 'WebExtensions')?.pid;
  if (addon === undefined) throw new Error(`no WebExtensions process under Firefox ${parent}`);
  return { addon, socket: found.find((p) => p.name === 'Socket Process')?.pid };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const shuffled = <T,>(xs: T[]) => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

interface Sample { parentNs: number; addonNs: number; socketNs: number; wallMs: number; failed: number }

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'firstseen-bench-readcost-'));
  const ca = makeAuthority(work, 'Read cost CA');
  const server = await startHttpsServer(makeServerCert(work, ['page.test'], ca));
  server.route('/', html('<p>read cost</p>'));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [ca]);
  const ff = await launchFirefox({ profileDir, hosts: ['page.test'], extensions: [READ_COST] });
  const parent = ff.browser.process()?.pid;
  if (parent === undefined) throw new Error('puppeteer gave no Firefox process');
  const page: Page = await ff.browser.newPage();
  for (const other of await ff.browser.pages()) if (other !== page) await other.close();

  let serial = 0;
  const url = (name: string) => {
    const { way, order } = WAYS[name]!;
    return `https://page.test:${server.port}/?way=${way}&order=${order}&count=${READS}&b=${serial++}`;
  };
  async function measure(name: string): Promise<Sample> {
    const { addon, socket } = involved(parent!);
    const cpu = () => [cpuNs(parent!), cpuNs(addon), socket === undefined ? 0 : cpuNs(socket)];
    const before = cpu();
    await page.goto(url(name), { waitUntil: 'load' });
    const after = cpu();
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return Object.fromEntries(nav.serverTiming.map((t) => [t.name, t.duration]));
    });
    if (timing['read'] === undefined) throw new Error(`the add-on did not time ${name}'s reads`);
    return { parentNs: after[0]! - before[0]!, addonNs: after[1]! - before[1]!, socketNs: after[2]! - before[2]!, wallMs: timing['read'], failed: timing['failed'] ?? 0 };
  }

  // Warm-up: the connection, the add-on's event page, every way's code path.
  for (const name of Object.keys(WAYS)) await measure(name);
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(WAYS).map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of shuffled(Object.keys(WAYS))) samples[name]!.push(await measure(name));
  }
  await ff.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });

  const failed = Object.values(samples).flat().reduce((n, s) => n + s.failed, 0);
  if (failed > 0) throw new Error(`${failed} reads did not return a secure connection's certificate: the figures would mean nothing`);
  const zero = { parent: median(samples.none!.map((s) => s.parentNs)), addon: median(samples.none!.map((s) => s.addonNs)), socket: median(samples.none!.map((s) => s.socketNs)) };
  const perRead = (ns: number) => +(ns / READS / 1000).toFixed(1);
  const summary: Record<string, number> = { reads: READS, rounds: ROUNDS };
  for (const name of Object.keys(WAYS).filter((n) => n !== 'none')) {
    const s = samples[name]!;
    const parentUs = perRead(median(s.map((x) => x.parentNs)) - zero.parent);
    const addonUs = perRead(median(s.map((x) => x.addonNs)) - zero.addon);
    const socketUs = perRead(median(s.map((x) => x.socketNs)) - zero.socket);
    const wallUs = +((median(s.map((x) => x.wallMs)) * 1000) / READS).toFixed(1);
    console.log(`${name.padEnd(14)} per read: parent ${parentUs} µs CPU, add-on process ${addonUs} µs CPU, socket process ${socketUs} µs CPU; the add-on waits ${wallUs} µs`);
    Object.assign(summary, { [`${name}ParentUs`]: parentUs, [`${name}AddonUs`]: addonUs, [`${name}SocketUs`]: socketUs, [`${name}WallUs`]: wallUs });
  }
  console.log(JSON.stringify(summary));
}

await main();
