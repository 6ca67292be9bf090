import { describe, expect, it } from 'vitest';
import { REPEAT_MS, RepeatSightings } from '../../../src/background/repeat-sightings.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';
import type { Verdict } from '../../../src/core/verdict.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';

const T = CAPTURED_AT;
const obs = (at = T) => observationOf('first-visit-intermediate', at);
const KEY = { spkiSha256: obs().leaf.spkiSha256, issuerSpkiSha256: obs().chain[1]!.spkiSha256 };
const verdict = (over: Partial<Verdict> = {}): Verdict => ({ kind: 'match', severity: 'none', host: 'site.test:8443', at: T, reasons: ['reasonKnownKey'], observed: KEY, ...over });
const record = (): TrustRecord => ({
  host: 'site.test:8443', domain: 'site.test', firstSeen: T, lastSeen: T, timesSeen: 1,
  keys: [{ ...KEY, status: 'first-use', firstSeen: T, lastSeen: T, timesSeen: 1, cert: obs().leaf, chainSpki: [], chainSubjects: [], builtInRoot: false, ctStatus: '', tlsVersion: '' }],
});

describe('repeat sightings', () => {
  it('answers a repeat of the same certificate and connection facts, and keeps the count', () => {
    const r = new RepeatSightings();
    const rec = record();
    r.remember(obs(), verdict(), rec, 7);
    expect(r.repeat(obs(T + 5), 7)).toMatchObject({ kind: 'match', at: T + 5 });
    expect(rec).toMatchObject({ timesSeen: 2, lastSeen: T + 5 });
    expect(rec.keys[0]).toMatchObject({ timesSeen: 2, lastSeen: T + 5 });
  });

  it('after a sighting of another of the host\'s keys, a repeat is a match: that key is now the one seen last', () => {
    const r = new RepeatSightings();
    r.remember(obs(), verdict({ kind: 'multi-key', reasons: ['reasonOtherKnownKey'] }), record(), 1);
    expect(r.repeat(obs(T + 1), 1)).toMatchObject({ kind: 'match', reasons: ['reasonKnownKey'] });
  });

  it('judges in full: a changed record, another certificate or connection fact, a minute later, a clock gone back', () => {
    const r = new RepeatSightings();
    r.remember(obs(), verdict(), record(), 7);
    expect(r.repeat(obs(T + 1), 8)).toBeNull();
    const other = obs(T + 1);
    expect(r.repeat({ ...other, leaf: { ...other.leaf, fingerprintSha256: 'AA' } }, 7)).toBeNull();
    expect(r.repeat({ ...other, tlsVersion: 'TLSv1.2' }, 7)).toBeNull();
    expect(r.repeat({ ...other, ctStatus: 'not_compliant' }, 7)).toBeNull();
    expect(r.repeat({ ...other, hsts: !other.hsts }, 7)).toBeNull();
    expect(r.repeat(obs(T + REPEAT_MS + 1), 7)).toBeNull();
    expect(r.repeat(obs(T - 1), 7)).toBeNull();
    expect(r.repeat(obs(T + 1), 7)).not.toBeNull();
  });

  it('remembers only quiet verdicts, and a loud one or forget() ends the memory', () => {
    const r = new RepeatSightings();
    r.remember(obs(), verdict({ kind: 'renewal', severity: 'info' }), record(), 1);
    expect(r.repeat(obs(T + 1), 1)).toBeNull();
    r.remember(obs(), verdict(), record(), 1);
    r.remember(obs(), verdict({ kind: 'downgrade', severity: 'notice' }), record(), 1);
    expect(r.repeat(obs(T + 1), 1)).toBeNull();
    r.remember(obs(), verdict({ blocked: 'key-mismatch' }), record(), 1);
    expect(r.repeat(obs(T + 1), 1)).toBeNull();
    r.remember(obs(), verdict({ kind: 'multi-key' }), record(), 1);
    r.forget('site.test:8443');
    expect(r.repeat(obs(T + 1), 1)).toBeNull();
  });
});
