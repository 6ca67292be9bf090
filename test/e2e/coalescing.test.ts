// HTTP/2 connection coalescing in a real Firefox: a.shared.test and b.shared.test resolve to the same address, and
// a.shared.test's certificate names b.shared.test too, so Firefox serves b.shared.test's requests over a.shared.test's
// connection. With no key of its own yet, b.shared.test's coalesced responses are a quiet shared
// connection, learned for neither host; once it has a key of its own, the other key is a change.
// The two are of one registrable domain: across domains the rule vouches for nothing (an attacker's
// certificate can name a site of his own too), see test/unit/core/shared-connection.test.ts.
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, makeServerCert, spkiSha256, type Authority, type ServerCert } from './support/certs.js';
import { launchFirefox, prepareProfile, type RunningFirefox } from './support/firefox.js';
import { FIRSTSEEN, FirstSeenDriver } from './support/firstseen.js';

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const DAY = 86_400_000;

let work: string;
let ca: Authority;
let both: ServerCert;
let own: ServerCert;
let server: Http2SecureServer;
let port: number;
const sessions = new Set<ServerHttp2Session>();
let firefox: RunningFirefox;
let driver: FirstSeenDriver;
let tab: Page;

/** A trust record for `host` as FirstSeen would have kept it, the key seen for the past ten days. */
function recordOf(host: string, cert: ServerCert) {
  const leaf = new X509Certificate(cert.certPem);
  const issuer = new X509Certificate(ca.certPem);
  const name = (x: X509Certificate, s: string) => s.split('\n').reverse().join(',') || x.subject;
  const now = Date.now();
  return {
    host, domain: 'shared.test', firstSeen: now - 10 * DAY, lastSeen: now - 60_000, timesSeen: 20, events: [],
    keys: [{
      spkiSha256: spkiSha256(cert.certPem), issuerSpkiSha256: spkiSha256(ca.certPem), status: 'first-use',
      firstSeen: now - 10 * DAY, lastSeen: now - 60_000, timesSeen: 20,
      cert: {
        subject: name(leaf, leaf.subject), issuer: name(leaf, leaf.issuer), spkiSha256: spkiSha256(cert.certPem),
        fingerprintSha256: leaf.fingerprint256, serialNumber: leaf.serialNumber.match(/../g)!.join(':'),
        notBefore: Date.parse(leaf.validFrom), notAfter: Date.parse(leaf.validTo),
      },
      chainSpki: [spkiSha256(cert.certPem), spkiSha256(ca.certPem)], chainSubjects: [name(leaf, leaf.subject), name(issuer, issuer.subject)],
      builtInRoot: false, ctStatus: 'not_applicable', tlsVersion: 'TLSv1.3',
    }],
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firstseen-coalesce-'));
  ca = makeAuthority(work, 'Coalescing CA');
  both = makeServerCert(work, ['a.shared.test', 'b.shared.test'], ca);
  own = makeServerCert(work, ['b.shared.test'], ca);
  const contexts = { a: createSecureContext({ cert: both.chainPem, key: both.keyPem }), b: createSecureContext({ cert: own.chainPem, key: own.keyPem }) };
  server = createSecureServer({ cert: both.chainPem, key: both.keyPem, allowHTTP1: true, SNICallback: (name, done) => done(null, name === 'b.shared.test' ? contexts.b : contexts.a) }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/pixel.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
      res.end(PIXEL);
    } else if (path === '/page') {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      res.end(Array.from({ length: 6 }, (_, i) => `<img src="https://b.shared.test:${port}/pixel.png?${i}"><script src="https://b.shared.test:${port}/s.js?${i}"></script>`).join(''));
    } else {
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html', 'cache-control': 'no-store' });
      res.end(path.endsWith('.js') ? '1' : '<h1>test</h1>');
    }
  });
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  const profileDir = join(work, 'profile');
  prepareProfile(profileDir, [ca]);
  firefox = await launchFirefox({ profileDir, hosts: ['a.shared.test', 'b.shared.test'], extensions: [FIRSTSEEN] });
  driver = await FirstSeenDriver.open(firefox.browser);
  tab = await firefox.browser.newPage();
});

afterAll(async () => {
  await firefox?.close().catch(() => undefined);
  for (const s of sessions) s.destroy();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('HTTP/2 connection coalescing', () => {
  it('quiets a host with no key yet served over another host\'s connection, and says so beside the change of a host with keys of its own', async () => {
    const a = `a.shared.test:${port}`;
    const b = `b.shared.test:${port}`;
    // a.shared.test's certificate, naming b.shared.test too, has been trusted for ten days.
    const { token } = await driver.send<{ token: string }>({ type: 'import-begin' });
    await driver.send({ type: 'import-stage', token, hostsJson: JSON.stringify([recordOf(a, both)]), policy: { modes: {}, ignoreRules: [], pins: [] } });
    await driver.send({ type: 'import-apply', token, resolutions: {} });
    // A page of a.shared.test with b.shared.test's images and scripts: Firefox puts them on
    // a.shared.test's connection. b.shared.test has no key yet: quiet, and nothing learned for it.
    const first = await driver.visit(tab, `https://${a}/page`);
    expect(await driver.hostReport(first, b, 'shared-connection')).toMatchObject({ severity: 'none', reasons: ['reasonSharedConnection'] });
    expect((await driver.history(b)).record).toBeNull();
    // b.shared.test, visited on its own connection, gets a key of its own.
    for (const s of sessions) s.destroy();
    await driver.hostReport(await driver.visit(tab, `https://${b}/`), b, 'first-use');
    for (const s of sessions) s.destroy();
    // Coalesced again: now a.shared.test's key is a change for b.shared.test (an attacker can plant
    // a key on a sibling host), said to be a possible shared connection.
    const tabId = await driver.visit(tab, `https://${a}/page?again`);
    const report = await driver.hostReport(tabId, b, 'key-change');
    expect(report.severity).toBe('warning');
    expect(report.reasons).toContain('reasonSharedConnectionPossible');
    const { record } = await driver.history(b);
    expect(record?.keys.map((k) => [k.spkiSha256, k.status])).toEqual([[spkiSha256(own.certPem), 'first-use'], [spkiSha256(both.certPem), 'pending']]);
  });
});
