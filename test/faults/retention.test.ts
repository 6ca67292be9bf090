// Retention through the management page, in a real Firefox: a count first, then pruning; a key
// the user accepted stays, a host left with no key is forgotten.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, type Authority } from '../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';

let work: string;
let ca: Authority;
let old: TestServer;
let kept: TestServer;
let firefox: RunningFirefox;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-retention-'));
  ca = makeAuthority(work, 'Retention CA');
  old = await startHttpsServer(makeServerCert(work, ['old.test'], ca));
  kept = await startHttpsServer(makeServerCert(work, ['kept.test'], ca));
  prepareProfile(join(work, 'profile'), [ca]);
  firefox = await launchFirefox({ profileDir: join(work, 'profile'), hosts: ['old.test', 'kept.test'], extensions: [FIRSTSEEN] });
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of [old, kept]) await s?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('retention', () => {
  it('prunes from the management page: unaccepted keys go, accepted ones stay', async () => {
    const driver = await FirstSeenDriver.open(firefox.browser);
    const tab = await firefox.browser.newPage();
    const oldHost = `old.test:${old.port}`;
    const keptHost = `kept.test:${kept.port}`;
    for (const h of [oldHost, keptHost]) await driver.hostReport(await driver.visit(tab, `https://${h}/`), h, 'first-use');
    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html?host=${encodeURIComponent(keptHost)}`);
    await manager.waitForSelector('.host-detail button[data-action="accept"]');
    await manager.click('.host-detail button[data-action="accept"]');
    await manager.waitForFunction(() => !document.querySelector('.host-detail button[data-action="accept"]'));

    // Zero days: every key not protected by a decision.
    await manager.$eval('#prune-days', (e) => ((e as HTMLInputElement).value = ''));
    await manager.type('#prune-days', '0');
    await manager.click('button[data-action="prune-preview"]');
    await manager.waitForSelector('[data-prune-preview]');
    expect(await manager.$eval('[data-prune-preview]', (e) => e.getAttribute('data-prune-preview'))).toBe('1');
    expect((await driver.history(oldHost)).record).not.toBeNull();
    await manager.click('button[data-action="prune"]');
    await manager.waitForSelector('[data-pruned="1"]');
    expect((await driver.history(oldHost)).record).toBeNull();
    expect((await driver.history(keptHost)).record?.keys.map((k) => k.status)).toEqual(['accepted']);
    // Forgotten, so the next visit is a first use again.
    await driver.hostReport(await driver.visit(tab, `https://${oldHost}/?again`), oldHost, 'first-use');
  });
});
