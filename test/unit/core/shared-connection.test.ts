// HTTP/2 coalescing: a host served over another host's connection, whose certificate names both.
import { describe, expect, it } from 'vitest';
import { dnsNamesOf } from '../../../src/core/san.js';
import { withChainDer } from '../../../src/core/chain-der.js';
import { nameCovers } from '../../../src/core/names-covered.js';
import { coalescingCandidates, sharedConnectionVerdict } from '../../../src/core/shared-connection.js';
import { DAY_MS } from '../../../src/core/timing.js';
import type { KnownKey, TrustRecord } from '../../../src/core/trust-record.js';
import { makeLeafDer, makeLeafKeys } from '../../support/synthetic-leaf.js';
import { observationOf, CAPTURED_AT } from './fixtures.js';

const keys = await makeLeafKeys();
const leafWith = async (sans?: string[]) => Buffer.from(await makeLeafDer({
  subject: 'CN=a.test', issuer: 'CN=Test CA', serial: '02', notBefore: new Date('2026-01-01'), notAfter: new Date('2027-01-01'), ...(sans ? { sans } : {}),
}, keys)).toString('base64');

const obsFor = async (host: string, sans?: string[]) => withChainDer({ ...observationOf('first-visit-intermediate', CAPTURED_AT), host }, [await leafWith(sans)]);
const keyOf = (spki: string, over: Partial<KnownKey> = {}): KnownKey => ({
  spkiSha256: spki, issuerSpkiSha256: 'I', status: 'first-use', firstSeen: 0, lastSeen: 8 * DAY_MS, timesSeen: 9,
  cert: observationOf('first-visit-intermediate', 0).leaf, chainSpki: [spki, 'I'], chainSubjects: [], builtInRoot: false, ctStatus: '', tlsVersion: '', ...over,
});
const rec = (host: string, k: KnownKey[], domain: string | null = 'x.test'): TrustRecord => ({ host, domain, firstSeen: 0, lastSeen: 0, timesSeen: 1, keys: k });

describe('shared connections', () => {
  it('reads the subjectAltName DNS names from DER, and matches exact and one-label wildcard names', async () => {
    expect((await obsFor('b.test:8443', ['a.test', '*.b.test', 'B.test'])).sans).toEqual(['a.test', '*.b.test', 'b.test']);
    expect((await obsFor('b.test:8443')).sans).toBeUndefined();
    expect(dnsNamesOf(Buffer.from(await leafWith([]), 'base64'))).toEqual([]);
    expect(nameCovers('*.b.test', 'x.b.test')).toBe(true);
    expect(nameCovers('*.b.test', 'y.x.b.test')).toBe(false);
    expect(nameCovers('*.b.test', 'b.test')).toBe(false);
  });

  it('looks up the other hosts the certificate names, on the same port, only if it covers this host', async () => {
    expect(coalescingCandidates(await obsFor('b.test:8443', ['a.test', 'b.test', '*.c.test']))).toEqual(['a.test:8443']);
    expect(coalescingCandidates(await obsFor('b.test:8443', ['a.test', 'c.test']))).toEqual([]);
  });

  it('is quiet for a host with no key yet, a notice for one with keys of its own, and nothing unless the other host\'s key is mature', async () => {
    const obs = await obsFor('b.x.test:8443', ['a.x.test', 'b.x.test']);
    const spki = obs.leaf.spkiSha256;
    const a = rec('a.x.test:8443', [keyOf(spki)]);
    expect(sharedConnectionVerdict(undefined, obs, a, 'x.test')).toMatchObject({ kind: 'shared-connection', severity: 'none' });
    expect(sharedConnectionVerdict(rec('b.x.test:8443', [keyOf('OWN')]), obs, a, 'x.test')).toMatchObject({ kind: 'shared-connection', severity: 'notice' });
    // A key planted yesterday on the other host, or on probation, or not trusted there: no.
    expect(sharedConnectionVerdict(undefined, obs, rec('a.x.test:8443', [keyOf(spki, { lastSeen: DAY_MS })]), 'x.test')).toBeNull();
    expect(sharedConnectionVerdict(undefined, obs, rec('a.x.test:8443', [keyOf(spki, { provisional: { replaces: [] }, lastSeen: 3 * DAY_MS })]), 'x.test')).toBeNull();
    expect(sharedConnectionVerdict(undefined, obs, rec('a.x.test:8443', [keyOf(spki, { status: 'pending' })]), 'x.test')).toBeNull();
    expect(sharedConnectionVerdict(undefined, obs, undefined, 'x.test')).toBeNull();
  });

  it('vouches only within one registrable domain, unless Firefox\'s own pins passed the chain', async () => {
    // The attacker's certificate names the victim and his own site, shown there for a week.
    const obs = await obsFor('bank.example:8443', ['bank.example', 'evil.example.net']);
    const his = rec('evil.example.net:8443', [keyOf(obs.leaf.spkiSha256)], 'example.net');
    expect(sharedConnectionVerdict(rec('bank.example:8443', [keyOf('OWN')], 'bank.example'), obs, his, 'bank.example')).toBeNull();
    expect(sharedConnectionVerdict(undefined, obs, his, 'bank.example')).toBeNull();
    expect(sharedConnectionVerdict(undefined, obs, his, null)).toBeNull();
    // google.com over youtube.com's connection: a chain to a built-in root that passed Firefox's pins.
    const pinned = { ...obs, builtInRoot: true, firefoxPinned: true };
    expect(sharedConnectionVerdict(undefined, pinned, his, 'bank.example')).toMatchObject({ kind: 'shared-connection' });
  });
});
