// FirstSeen makes no network requests of its own. Every request Firefox makes in this session goes
// through a logging proxy while the add-on is used end to end: observation, a warning, the popup's
// decision, the management page (search, strict mode, a pin, export, import), blocking and the
// warning page. The only destinations may be the sites the test itself visits. The built add-on is
// also searched for every API that could reach the network.
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, nextSecond, type Authority } from '../e2e/support/certs.js';
import { startHttpsServer, type TestServer } from '../e2e/support/https-server.js';
import { launchFirefox, openExtensionPage, prepareProfile, type RunningFirefox } from '../e2e/support/firefox.js';
import { EXTENSION_BASE, FIRSTSEEN, FirstSeenDriver } from '../e2e/support/firstseen.js';

const SITE = 'site.test';
let work: string;
let ca: Authority;
let site: TestServer;
let proxy: Server;
let firefox: RunningFirefox;
/** Every destination asked of the proxy, as host:port, in order. */
const asked: string[] = [];
/** What Firefox asks for with no add-on at all. */
const firefoxOwn = new Set<string>();

/** An HTTP proxy that logs every request and tunnels only to the test's own servers. */
async function startLoggingProxy(): Promise<Server> {
  const server = createServer((req, res) => {
    asked.push(`http ${req.headers.host ?? req.url}`);
    res.writeHead(403);
    res.end();
  });
  server.on('connect', (req, client) => {
    const target = req.url ?? '';
    asked.push(target);
    const [host, port] = target.split(':');
    if (!host?.endsWith('.test')) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-no-network-'));
  ca = makeAuthority(work, 'No Network CA');
  site = await startHttpsServer(makeServerCert(work, [SITE], ca));
  proxy = await startLoggingProxy();
  const port = (proxy.address() as AddressInfo).port;
  const prefs = {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': port,
    'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': port,
    'network.proxy.no_proxies_on': '', 'network.proxy.allow_hijacking_localhost': true,
  };
  // The control: Firefox alone, no add-on, the same page. What it asks for is Firefox's own
  // traffic (Remote Settings, which puppeteer's profile does not turn off), never FirstSeen's.
  prepareProfile(join(work, 'control'), [ca]);
  const control = await launchFirefox({ profileDir: join(work, 'control'), hosts: [], prefs });
  await (await control.browser.newPage()).goto(`https://${SITE}:${site.port}/`);
  await new Promise((r) => setTimeout(r, 3000));
  await control.close();
  for (const a of asked.splice(0)) if (a !== `${SITE}:${site.port}`) firefoxOwn.add(a);

  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [ca]);
  firefox = await launchFirefox({ profileDir, hosts: [], extensions: [FIRSTSEEN], prefs });
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  await site?.close();
  proxy?.closeAllConnections();
  proxy?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('no network of its own', () => {
  it('the built add-on holds no way to reach the network', () => {
    const dist = new URL('../../dist/', import.meta.url).pathname;
    const files = readdirSync(dist, { recursive: true }).map(String).filter((f) => f.endsWith('.js') || f.endsWith('.html'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const code = readFileSync(join(dist, f), 'utf8');
      for (const api of [/\bfetch\s*\(/, /XMLHttpRequest/, /sendBeacon/, /new WebSocket/, /EventSource/, /importScripts/, /<script[^>]+src=["']https?:/]) {
        expect(api.test(code), `${f} uses ${api}`).toBe(false);
      }
    }
  });

  it('using every feature sends nothing anywhere but the sites visited', async () => {
    const driver = await FirstSeenDriver.open(firefox.browser);
    const host = `${SITE}:${site.port}`;
    const tab = await firefox.browser.newPage();
    const tabId = await driver.visit(tab, `https://${host}/`);
    await driver.hostReport(tabId, host, 'first-use');
    await nextSecond();
    site.setCert(makeServerCert(work, [SITE], ca));
    await tab.goto(`https://${host}/?changed`);
    await driver.hostReport(tabId, host, 'key-change');

    const popup = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}popup.html?tab=${tabId}`);
    await popup.waitForSelector('button[data-action="accept"]');
    await popup.click('button[data-action="accept"]');
    await popup.close();

    const manager = await openExtensionPage(firefox.browser, `${EXTENSION_BASE}manager.html?host=${encodeURIComponent(host)}`);
    await manager.waitForSelector('body[data-ready="yes"] .host-detail input[data-mode="strict"]');
    await manager.type('#host-search', 'site');
    await manager.click('input[data-mode="strict"]');
    await manager.waitForSelector('button[data-action="pin-pinLeaf"]');
    await manager.click('button[data-action="pin-pinLeaf"]');
    await manager.waitForSelector('.pins button[data-action="remove-pin"]');
    await manager.evaluate(() => {
      // Downloads would open a dialog: keep the file in the page instead.
      (globalThis as unknown as { __files: Blob[] }).__files = [];
      const create = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob) => ((globalThis as unknown as { __files: Blob[] }).__files.push(blob), create(blob));
      HTMLAnchorElement.prototype.click = function () {};
    });
    await manager.click('button[data-action="export-json"]');
    await manager.waitForFunction(() => performance.getEntriesByName('firstseen:export-done').length > 0);
    await manager.click('button[data-action="export-csv"]');
    const exported = await manager.evaluate(() => (globalThis as unknown as { __files: Blob[] }).__files[0]!.text());
    const file = join(work, 'history.json');
    writeFileSync(file, exported);
    const input = await manager.$('#import-file');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await manager.waitForSelector('[data-preview]');
    await manager.click('button[data-action="import-apply"]');
    await manager.waitForSelector('[data-imported]');

    // Strict mode blocks a new key: the warning page, and trusting from it.
    await nextSecond();
    site.setCert(makeServerCert(work, [SITE], ca));
    await tab.goto(`https://${host}/?blocked`).catch(() => undefined);
    await tab.waitForFunction(() => location.href.includes('warning.html') && document.querySelector('input[data-action="confirm"]') !== null, { timeout: 10_000 });
    await tab.$eval('details.trust', (d) => ((d as HTMLDetailsElement).open = true));
    await tab.click('input[data-action="confirm"]');
    await tab.click('button[data-action="trust"]');
    await tab.waitForFunction((h) => location.host === h && document.querySelector('h1'), {}, host);

    const destinations = new Set(asked);
    expect(destinations.has(host)).toBe(true);
    console.info(`destinations: ${[...destinations].join(', ')}; Firefox's own, seen without the add-on: ${[...firefoxOwn].join(', ') || 'none'}`);
    expect([...destinations].filter((d) => d !== host && !firefoxOwn.has(d))).toEqual([]);
  });
});
