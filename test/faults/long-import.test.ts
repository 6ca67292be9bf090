// An import that outlasts the event page's idle timeout. Firefox suspends an idle event page even
// while it is answering a message: a 100,000-host import was cut off after 30 s. The management
// page keeps the event page awake while it works (ui/client.ts); here the idle timeout is 6 s and
// the import takes longer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, type Authority } from '../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';
import type { WakeReport } from '../../src/protocol.js';

const HOSTS = 15_000;
let work: string;
let ca: Authority;
let site: TestServer;
let firefox: RunningFirefox;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-long-import-'));
  ca = makeAuthority(work, 'Long Import CA');
  site = await startHttpsServer(makeServerCert(work, ['seed.test'], ca));
  prepareProfile(join(work, 'profile'), [ca]);
  firefox = await launchFirefox({
    profileDir: join(work, 'profile'), hosts: ['seed.test'], extensions: [FIRSTSEEN],
    prefs: { 'extensions.background.idle.timeout': 6000 },
  });
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a long import', () => {
  it('finishes although it takes longer than the event page\'s idle timeout', async () => {
    const driver = await FirstSeenDriver.open(firefox.browser);
    const seed = `seed.test:${site.port}`;
    await driver.hostReport(await driver.visit(await firefox.browser.newPage(), `https://${seed}/`), seed, 'first-use');
    const { record, events } = await driver.history(seed);
    const exported = events.map(({ id: _id, host: _host, ...e }) => e);
    const hosts = Array.from({ length: HOSTS }, (_, i) => {
      const host = `h${String(i).padStart(5, '0')}.bulk.test`;
      return { ...record!, host, domain: 'bulk.test', events: [...exported, ...exported, ...exported, ...exported, ...exported] };
    });
    const file = join(work, 'bulk.json');
    writeFileSync(file, JSON.stringify({
      format: 'firstseen-trust-history', version: 1, exportedAt: new Date().toISOString(),
      policy: { modes: {}, ignoreRules: [], pins: [] }, hosts,
    }));

    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html`);
    await manager.waitForSelector('body[data-ready="yes"] section.history');
    const startedBefore = (await driver.send<WakeReport>({ type: 'wake-report' })).startedAt;
    const input = await manager.$('#import-file');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await manager.waitForSelector('[data-preview], [data-import-error]', { timeout: 110_000 });
    const applyStart = Date.now();
    await manager.click('button[data-action="import-apply"]');
    await manager.waitForSelector('[data-imported], [data-import-error]', { timeout: 110_000 });
    const applyMs = Date.now() - applyStart;
    expect(await manager.$('[data-import-error]')).toBeNull();
    expect(await manager.$eval('[data-imported]', (e) => e.getAttribute('data-imported'))).toBe(String(HOSTS));
    // The same event page did all of it: it was never suspended mid-import.
    expect((await driver.send<WakeReport>({ type: 'wake-report' })).startedAt).toBe(startedBefore);
    console.info(`imported ${HOSTS} hosts in ${applyMs} ms with a 6 s idle timeout`);
    expect((await driver.history('h14999.bulk.test')).record?.keys).toHaveLength(1);
  }, 240_000);
});
