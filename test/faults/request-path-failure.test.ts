// A failure in the request path, in a real Firefox: the add-on built with `vite build --mode
// faults` (dist-faults/) throws while deciding about any host whose name begins with "throw-". A
// strict host's page is then stopped and the warning page says it could not be checked; a watched
// host's page loads. (The other fail-closed paths, an unreadable certificate or policy, cannot be
// caused in a real Firefox here; test/unit/background/response-pipeline.test.ts holds them.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert } from '../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver, land } from '../e2e/support/firstseen.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let work: string;
let strict: TestServer;
let watched: TestServer;
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;

beforeAll(async () => {
  execFileSync('npx', ['vite', 'build', '--mode', 'faults', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  work = mkdtempSync(join(tmpdir(), 'firstseen-request-fault-'));
  const ca = makeAuthority(work, 'Fault CA');
  strict = await startHttpsServer(makeServerCert(work, ['throw-strict.test'], ca));
  watched = await startHttpsServer(makeServerCert(work, ['throw-watched.test'], ca));
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [ca]);
  firefox = await launchFirefox({ profileDir, hosts: ['throw-strict.test', 'throw-watched.test'], extensions: [{ ...FIRSTSEEN, dir: join(ROOT, 'dist-faults') }] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await strict?.close();
  await watched?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a failure while deciding about a response', () => {
  it('stops a strict host\'s page, with the warning page saying it could not be checked; lets a watched host\'s page load', async () => {
    await driver.send({ type: 'set-mode', host: `throw-strict.test:${strict.port}`, mode: 'strict' });
    const landed = await land(tab, `https://throw-strict.test:${strict.port}/`);
    expect(landed).toMatch(new RegExp(`^${EXTENSION_BASE}warning\\.html\\?ticket=`));
    await tab.waitForSelector('body[data-ready="yes"]');
    expect(await tab.$eval('.reason', (e) => e.getAttribute('data-reason'))).toBe('unverifiable');

    const watchedUrl = `https://throw-watched.test:${watched.port}/`;
    expect(await land(tab, watchedUrl)).toBe(watchedUrl);
    expect(await tab.$eval('h1', (e) => e.textContent)).toBe('FirstSeen test page');
  });
});
