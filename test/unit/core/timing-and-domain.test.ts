import { describe, expect, it } from 'vitest';
import { registrableDomain } from '../../../src/core/domain.js';
import { findDowngrades } from '../../../src/core/downgrades.js';
import { DAY_MS, hasLapsed, nearEndOfLife, trustMaturity } from '../../../src/core/timing.js';
import type { KnownKey, TrustRecord } from '../../../src/core/trust-record.js';
import { CAPTURED_AT, observationOf } from './fixtures.js';

const cert = (notBefore: number, days: number) => ({
  subject: 'CN=x', issuer: 'CN=y', spkiSha256: `${'A'.repeat(43)}=`, fingerprintSha256: 'AA', serialNumber: '01',
  notBefore, notAfter: notBefore + days * DAY_MS,
});
const key = (firstSeen: number, lastSeen: number): KnownKey => ({
  spkiSha256: `${'A'.repeat(43)}=`, issuerSpkiSha256: '', status: 'first-use', firstSeen, lastSeen, timesSeen: 2,
  cert: cert(firstSeen, 90), chainSpki: [], chainSubjects: [], builtInRoot: true, ctStatus: 'ct_policy_compliant', tlsVersion: 'TLSv1.3',
});

describe('nearEndOfLife', () => {
  it('is the last third of validity, and after expiry', () => {
    const c = cert(0, 90);
    expect(nearEndOfLife(c, 59 * DAY_MS)).toBe(false);
    expect(nearEndOfLife(c, 60 * DAY_MS)).toBe(true);
    expect(nearEndOfLife(c, 100 * DAY_MS)).toBe(true);
    const short = cert(0, 47);
    expect(nearEndOfLife(short, 31 * DAY_MS)).toBe(false);
    expect(nearEndOfLife(short, 32 * DAY_MS)).toBe(true);
  });
});

describe('trust maturity and lapse', () => {
  it('grows with time since first seen, up to 30 days', () => {
    expect(trustMaturity(key(0, 0), 3600_000)).toBe(3600_000);
    expect(trustMaturity(key(0, 0), 90 * DAY_MS)).toBe(30 * DAY_MS);
  });
  it('keeps a key seen once protecting for 30 days, and a long-seen key for up to 60', () => {
    expect(hasLapsed(key(0, 0), 30 * DAY_MS)).toBe(false);
    expect(hasLapsed(key(0, 0), 31 * DAY_MS)).toBe(true);
    expect(hasLapsed(key(0, 60 * DAY_MS), 60 * DAY_MS + 59 * DAY_MS)).toBe(false);
    expect(hasLapsed(key(0, 60 * DAY_MS), 60 * DAY_MS + 61 * DAY_MS)).toBe(true);
  });
});

describe('registrableDomain', () => {
  it('uses the public suffix list, private suffixes included, and ignores ports', () => {
    expect(registrableDomain('www.example.co.uk:8443')).toBe('example.co.uk');
    expect(registrableDomain('alice.github.io')).toBe('alice.github.io');
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
  });
  it('has none for IP literals and bare suffixes', () => {
    expect(registrableDomain('192.0.2.7')).toBeNull();
    expect(registrableDomain('[::1]:8443')).toBeNull();
    expect(registrableDomain('co.uk')).toBeNull();
  });
});

describe('findDowngrades', () => {
  const obs = observationOf('same-cert-again', CAPTURED_AT);
  const record = { hsts: true } as TrustRecord;
  it('notices a lower TLS version, lost CT compliance and lost HSTS', () => {
    const k = { ...key(0, 0), tlsVersion: 'TLSv1.3', ctStatus: 'ct_policy_compliant' };
    const found = findDowngrades(record, k, { ...obs, tlsVersion: 'TLSv1.2', ctStatus: 'ct_policy_not_enough_scts', hsts: false });
    expect(found).toEqual([
      { reason: 'reasonTlsDowngrade', severity: 'notice' },
      { reason: 'reasonCtLost', severity: 'notice' },
      { reason: 'reasonHstsLost', severity: 'info' },
    ]);
  });
  it('says nothing when nothing weakened, or when Firefox does not know', () => {
    const k = { ...key(0, 0), tlsVersion: 'TLSv1.2', ctStatus: 'ct_policy_compliant' };
    expect(findDowngrades(record, k, { ...obs, tlsVersion: 'TLSv1.3', ctStatus: 'unknown', hsts: true })).toEqual([]);
    expect(findDowngrades({ hsts: false } as TrustRecord, k, { ...obs, tlsVersion: 'something', ctStatus: 'ct_policy_compliant', hsts: false })).toEqual([]);
  });
});
