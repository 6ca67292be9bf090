import { describe, expect, it } from 'vitest';
import { siblingKeysOf } from '../../../src/core/sibling-keys.js';
import { DAY_MS } from '../../../src/core/timing.js';
import type { KnownKey, TrustRecord } from '../../../src/core/trust-record.js';

const key = (spki: string, over: Partial<KnownKey>): KnownKey => ({
  spkiSha256: spki, issuerSpkiSha256: 'i', status: 'first-use', firstSeen: 0, lastSeen: 0, timesSeen: 1,
  cert: { subject: '', issuer: '', spkiSha256: spki, fingerprintSha256: '', serialNumber: '', notBefore: 0, notAfter: 1 },
  chainSpki: [spki, 'i', 'root'], chainSubjects: [], builtInRoot: true, ctStatus: '', tlsVersion: '', ...over,
});
const record = (host: string, keys: KnownKey[]): TrustRecord => ({ host, domain: 'victim.example', firstSeen: 0, lastSeen: 0, timesSeen: 1, keys });

describe('sibling keys', () => {
  it('a key seen over a week is mature; one planted yesterday, on probation, or pending is not offered as mature', () => {
    const keys = siblingKeysOf([
      record('www.victim.example', [key('old', { lastSeen: 8 * DAY_MS })]),
      record('r4nd.victim.example', [key('planted', { firstSeen: 9 * DAY_MS, lastSeen: 9 * DAY_MS })]),
      record('cdn.victim.example', [key('probation', { lastSeen: 6 * DAY_MS, provisional: { replaces: ['x'] } }), key('pending', { status: 'pending', lastSeen: 30 * DAY_MS })]),
    ]);
    expect(keys.get('old')).toEqual([{ mature: true, rootSpki: 'root' }]);
    expect(keys.get('planted')).toEqual([{ mature: false, rootSpki: 'root' }]);
    expect(keys.get('probation')).toEqual([{ mature: false, rootSpki: 'root' }]);
    expect(keys.has('pending')).toBe(false);
  });
});
