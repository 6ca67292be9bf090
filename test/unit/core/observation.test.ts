import { describe, expect, it } from 'vitest';
import { readObservation } from '../../../src/core/observation.js';
import { hostKeyFromUrl } from '../../../src/core/host-key.js';
import { captured } from './fixtures.js';

const NOW = 1_800_000_000_000;

describe('hostKeyFromUrl', () => {
  it('lowercases, punycodes and drops the default port', () => {
    expect(hostKeyFromUrl('https://WWW.Example.COM/path')).toBe('www.example.com');
    expect(hostKeyFromUrl('https://bücher.example:443/')).toBe('xn--bcher-kva.example');
    expect(hostKeyFromUrl('wss://chat.example/socket')).toBe('chat.example');
  });
  it('keeps a non-default port, which may be another server', () => {
    expect(hostKeyFromUrl('https://site.test:8443/')).toBe('site.test:8443');
    expect(hostKeyFromUrl('https://[::1]:9000/')).toBe('[::1]:9000');
  });
  it('judges only https and wss', () => {
    expect(hostKeyFromUrl('http://example.com/')).toBeNull();
    expect(hostKeyFromUrl('ftp://example.com/')).toBeNull();
    expect(hostKeyFromUrl('not a url')).toBeNull();
  });
});

describe('readObservation on captured SecurityInfo', () => {
  it('reads the leaf, the built chain and the connection facts', () => {
    const c = captured('first-visit-intermediate');
    const r = readObservation(c.details, c.securityInfo, NOW);
    expect(r.kind).toBe('observation');
    if (r.kind !== 'observation') return;
    const o = r.observation;
    expect(o.host).toBe('site.test:8443');
    expect(o.at).toBe(NOW);
    expect(o.leaf.subject).toBe('CN=site.test');
    expect(o.leaf.spkiSha256).toBe(c.securityInfo.certificates[0]!.subjectPublicKeyInfoDigest &&
      (c.securityInfo.certificates[0]!.subjectPublicKeyInfoDigest as { sha256: string }).sha256);
    expect(o.chain.map((x) => x.subject)).toEqual([
      'CN=site.test',
      'CN=FirstSeen Issuing A1,O=FirstSeen Tests',
      'CN=FirstSeen Root A,O=FirstSeen Tests',
    ]);
    expect(o.builtInRoot).toBe(false);
    expect(o.ctStatus).toBe('not_applicable');
    expect(o.tlsVersion).toBe('TLSv1.3');
    expect(o.leaf.notAfter).toBeGreaterThan(o.leaf.notBefore);
  });

  it('skips responses served from cache: their security info is the old connection\'s', () => {
    const c = captured('script-from-cache');
    expect(c.details.fromCache).toBe(true);
    expect(readObservation(c.details, c.securityInfo, NOW)).toEqual({ kind: 'skip', host: 'site.test:8443', reason: 'from-cache' });
  });

  it('reports a clicked-through certificate error as an override, never as a key', () => {
    const c = captured('overridden-untrusted');
    expect(readObservation(c.details, c.securityInfo, NOW)).toEqual({
      kind: 'override',
      override: { host: 'site.test:8443', at: NOW, requestType: 'main_frame', category: 'trust_error' },
    });
  });

  it('skips states that are not a verified chain', () => {
    const c = captured('first-visit-intermediate');
    for (const state of ['insecure', 'broken', 'something-new', undefined]) {
      const r = readObservation(c.details, { ...c.securityInfo, state }, NOW);
      expect(r).toEqual({ kind: 'skip', host: 'site.test:8443', reason: 'not-secure' });
    }
    const weak = readObservation(c.details, { ...c.securityInfo, state: 'weak' }, NOW);
    expect(weak.kind).toBe('observation');
  });

  it('skips when getSecurityInfo gave nothing, and non-TLS URLs', () => {
    const c = captured('first-visit-intermediate');
    expect(readObservation(c.details, undefined, NOW)).toMatchObject({ kind: 'skip', reason: 'no-security-info' });
    expect(readObservation({ ...c.details, url: 'http://site.test/' }, c.securityInfo, NOW)).toMatchObject({
      kind: 'skip',
      reason: 'not-tls',
    });
  });

  it('rejects malformed certificates with a reason that names the field', () => {
    const c = captured('first-visit-intermediate');
    const certs = c.securityInfo.certificates;
    const cases: [unknown, string][] = [
      [[], 'secure response without certificates'],
      [undefined, 'secure response without certificates'],
      [[null], 'certificates[0] is not an object'],
      [[{ ...certs[0], subjectPublicKeyInfoDigest: { sha256: 'short' } }], 'certificates[0].subjectPublicKeyInfoDigest.sha256 is not a base64 SHA-256 digest'],
      [[certs[0], { ...certs[1], subject: 42 }], 'certificates[1].subject is not a string'],
      [[{ ...certs[0], validity: { start: 'yesterday', end: 1 } }], 'certificates[0].validity.start is not a time'],
    ];
    for (const [certificates, reason] of cases) {
      expect(readObservation(c.details, { ...c.securityInfo, certificates }, NOW)).toEqual({ kind: 'invalid', host: 'site.test:8443', reason });
    }
  });

  it('keeps hostile subject strings as data, cutting only absurd lengths', () => {
    const c = captured('first-visit-intermediate');
    const hostile = '<img src=x onerror=alert(1)>\u202Egnp.exe\u0000';
    const huge = 'A'.repeat(200_000);
    const certs = [{ ...c.securityInfo.certificates[0], subject: hostile, issuer: huge }];
    const r = readObservation(c.details, { ...c.securityInfo, certificates: certs }, NOW);
    if (r.kind !== 'observation') throw new Error(r.kind);
    expect(r.observation.leaf.subject).toBe(hostile);
    expect(r.observation.leaf.issuer.length).toBe(64 * 1024 + 1);
    expect(r.observation.leaf.issuer.endsWith('…')).toBe(true);
  });
});
