// Verdicts on sequences of real captured responses: the core with no browser and no mocks.
import { describe, expect, it } from 'vitest';
import { applyObservation, applyOverride, decideKey, REAPPEARANCE_MS } from '../../../src/core/apply.js';
import { registrableDomain } from '../../../src/core/domain.js';
import { judgeObservation, judgeOverride } from '../../../src/core/judge.js';
import { readObservation, type Observation } from '../../../src/core/observation.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';
import { CAPTURED_AT, captured, observationOf } from './fixtures.js';
import { summarize } from '../../../src/core/host-summary.js';

const T0 = CAPTURED_AT;
const MINUTE = 60_000;

function see(record: TrustRecord | undefined, obs: Observation) {
  const verdict = judgeObservation(record, obs);
  return { verdict, ...applyObservation(record, obs, verdict, registrableDomain) };
}

describe('first use', () => {
  it('learns the key, with its certificate, chain and connection facts', () => {
    const obs = observationOf('first-visit-intermediate', T0);
    const { verdict, record, events, durable } = see(undefined, obs);
    expect(verdict).toMatchObject({ kind: 'first-use', severity: 'none', host: 'site.test:8443' });
    expect(durable).toBe(true);
    expect(record).toMatchObject({ host: 'site.test:8443', firstSeen: T0, lastSeen: T0, timesSeen: 1 });
    expect(record.keys).toHaveLength(1);
    const key = record.keys[0]!;
    expect(key).toMatchObject({
      spkiSha256: obs.leaf.spkiSha256,
      issuerSpkiSha256: obs.chain[1]!.spkiSha256,
      status: 'first-use',
      firstSeen: T0,
      timesSeen: 1,
      builtInRoot: false,
      ctStatus: 'not_applicable',
      tlsVersion: 'TLSv1.3',
    });
    expect(key.cert).toEqual(obs.leaf);
    expect(key.chainSpki).toEqual(obs.chain.map((c) => c.spkiSha256));
    expect(events).toEqual([{ host: 'site.test:8443', at: T0, kind: 'first-use', severity: 'none', key: verdict.observed }]);
  });
});

describe('match', () => {
  it('is silent, counts the sighting and needs no prompt write', () => {
    const first = see(undefined, observationOf('first-visit-intermediate', T0));
    const again = see(first.record, observationOf('same-cert-again', T0 + MINUTE));
    expect(again.verdict).toMatchObject({ kind: 'match', severity: 'none' });
    expect(again.events).toEqual([]);
    expect(again.durable).toBe(false);
    expect(again.record.keys).toHaveLength(1);
    expect(again.record.keys[0]).toMatchObject({ firstSeen: T0, lastSeen: T0 + MINUTE, timesSeen: 2 });
    expect(again.record).toMatchObject({ firstSeen: T0, lastSeen: T0 + MINUTE, timesSeen: 2 });
  });

  it('calls the same key in a new certificate a renewal, and keeps the new certificate', () => {
    const first = see(undefined, observationOf('first-visit-intermediate', T0));
    const renewed = observationOf('same-cert-again', T0 + MINUTE);
    renewed.leaf = { ...renewed.leaf, fingerprintSha256: 'AA:BB', notAfter: renewed.leaf.notAfter + 1 };
    renewed.chain = [renewed.leaf, ...renewed.chain.slice(1)];
    const r = see(first.record, renewed);
    expect(r.verdict).toMatchObject({ kind: 'renewal', severity: 'info' });
    expect(r.record.keys[0]!.cert.fingerprintSha256).toBe('AA:BB');
    expect(r.record.keys[0]!.firstSeen).toBe(T0);
  });

  it('keeps the renewed certificate\'s DER, whose names the next change must carry over (not the first one\'s)', () => {
    const first = see(undefined, { ...observationOf('first-visit-intermediate', T0), chainDer: ['Rmlyc3Q='] });
    const renewed = observationOf('same-cert-again', T0 + MINUTE);
    renewed.leaf = { ...renewed.leaf, fingerprintSha256: 'AA:BB', notAfter: renewed.leaf.notAfter + 1 };
    renewed.chain = [renewed.leaf, ...renewed.chain.slice(1)];
    expect(see(first.record, { ...renewed, chainDer: ['UmVuZXdlZA=='] }).record.keys[0]!.chainDer).toEqual(['UmVuZXdlZA==']);
    // A refresh that came without DER (a weaker connection, judged on the leaf alone) keeps what there was.
    expect(see(first.record, renewed).record.keys[0]!.chainDer).toEqual(['Rmlyc3Q=']);
  });
});

describe('changes', () => {
  const learned = () => see(undefined, observationOf('first-visit-intermediate', T0)).record;

  it('a new leaf key from the same issuing CA is a key change against the old key', () => {
    const before = learned();
    const r = see(before, observationOf('new-key-same-issuer', T0 + MINUTE));
    expect(r.verdict).toMatchObject({ kind: 'key-change', severity: 'warning', reasons: ['reasonNewKeyKnownIssuer', 'reasonFreshMidValidity'] });
    expect(r.verdict.previous).toEqual({ spkiSha256: before.keys[0]!.spkiSha256, issuerSpkiSha256: before.keys[0]!.issuerSpkiSha256 });
    expect(r.verdict.observed!.spkiSha256).not.toBe(before.keys[0]!.spkiSha256);
    // The new key is remembered, but not trusted.
    expect(r.record.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    expect(r.events).toEqual([expect.objectContaining({ kind: 'key-change', previous: r.verdict.previous, key: r.verdict.observed })]);
    expect(r.durable).toBe(true);
  });

  it('one change is one alarm: a pending key seen again is unresolved, never a new event, never learned', () => {
    const changed = see(learned(), observationOf('new-key-same-issuer', T0 + MINUTE));
    expect(changed.verdict.severity).toBe('warning');
    const again = see(changed.record, observationOf('new-key-same-issuer', T0 + 2 * MINUTE));
    expect(again.verdict).toMatchObject({ kind: 'unresolved', severity: 'notice', reasons: ['reasonChangeUnresolved'] });
    expect(again.events).toEqual([]);
    expect(again.record.keys[1]).toMatchObject({ status: 'pending', timesSeen: 2 });
    // Days later it is still undecided: shown again, never faded into trust.
    const later = see(again.record, observationOf('new-key-same-issuer', T0 + 2 * MINUTE + 40 * REAPPEARANCE_MS));
    expect(later.verdict.kind).toBe('unresolved');
    expect(later.events).toEqual([]);
    expect(later.record.keys[1]?.status).toBe('pending');
  });

  it('a fresh certificate from another CA family is an issuer change, and a warning', () => {
    const r = see(learned(), observationOf('new-root-ca', T0 + MINUTE));
    expect(r.verdict).toMatchObject({ kind: 'issuer-change', severity: 'warning', reasons: ['reasonNewKeyNewRoot'] });
    expect(r.record.keys[1]?.status).toBe('pending');
  });

  it('the same leaf key under a CA never seen for this host is an issuer change, but only a notice', () => {
    const before = learned();
    const obs = observationOf('new-root-ca', T0 + MINUTE);
    obs.leaf = { ...obs.leaf, spkiSha256: before.keys[0]!.spkiSha256 };
    obs.chain = [obs.leaf, ...obs.chain.slice(1)];
    expect(see(before, obs).verdict).toMatchObject({ kind: 'issuer-change', severity: 'notice', reasons: ['reasonSameKeyNewRoot'] });
  });

  it('an accepted key joins the known keys and matches from then on', () => {
    const changed = see(learned(), observationOf('new-key-same-issuer', T0 + MINUTE));
    const accepted = decideKey(changed.record, changed.verdict.observed!, 'accepted', T0 + 2 * MINUTE);
    expect(accepted.events).toEqual([expect.objectContaining({ kind: 'key-accepted', key: changed.verdict.observed })]);
    expect(accepted.record.keys.map((k) => k.status)).toEqual(['first-use', 'accepted']);
    const next = see(accepted.record, observationOf('new-key-same-issuer', T0 + 3 * MINUTE));
    expect(next.verdict.kind).toBe('match');
    // The old key is still known: a host going back to it is a multi-key host, not a change.
    expect(see(next.record, observationOf('same-cert-again', T0 + 4 * MINUTE)).verdict).toMatchObject({ kind: 'multi-key', severity: 'none' });
  });

  it('a key the user rejected is critical when it comes back', () => {
    const changed = see(learned(), observationOf('new-key-same-issuer', T0 + MINUTE));
    const rejected = decideKey(changed.record, changed.verdict.observed!, 'rejected', T0 + 2 * MINUTE);
    const back = see(rejected.record, observationOf('new-key-same-issuer', T0 + 3 * MINUTE));
    expect(back.verdict).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
  });

  it('a refused key back in use is in the history and in the host list, until the host\'s own key is seen again', () => {
    const changed = see(learned(), observationOf('new-key-same-issuer', T0 + MINUTE));
    const rejected = decideKey(changed.record, changed.verdict.observed!, 'rejected', T0 + 2 * MINUTE);
    // Its first return after the decision is news (minutes after its last sighting, not an hour)...
    const back = see(rejected.record, observationOf('new-key-same-issuer', T0 + 3 * MINUTE));
    expect(back.events).toEqual([expect.objectContaining({ kind: 'rejected-key', severity: 'critical' })]);
    expect(summarize(back.record)).toMatchObject({ status: 'refused', lastChangeSeverity: 'critical' });
    // ...a steady stream of it is not;
    expect(see(back.record, observationOf('new-key-same-issuer', T0 + 4 * MINUTE)).events).toEqual([]);
    // and once the host's own key is seen again, the refused one is no longer what it serves.
    const real = see(back.record, observationOf('same-cert-again', T0 + 5 * MINUTE));
    expect(summarize(real.record).status).toBe('known');
  });

  it('a decision taken back leaves the key waiting for one again, and says so in the history', () => {
    const changed = see(learned(), observationOf('new-key-same-issuer', T0 + MINUTE));
    const rejected = decideKey(changed.record, changed.verdict.observed!, 'rejected', T0 + 2 * MINUTE);
    const undone = decideKey(rejected.record, changed.verdict.observed!, 'undecided', T0 + 3 * MINUTE);
    expect(undone.events).toEqual([expect.objectContaining({ kind: 'decision-undone', key: changed.verdict.observed })]);
    expect(undone.record.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    expect(see(undone.record, observationOf('new-key-same-issuer', T0 + 4 * MINUTE)).verdict).toMatchObject({ kind: 'unresolved', severity: 'notice' });
  });

  it('refuses a decision on a key the host never showed', () => {
    expect(() => decideKey(learned(), { spkiSha256: 'x', issuerSpkiSha256: 'y' }, 'accepted', T0)).toThrow(RangeError);
  });
});

describe('certificate override', () => {
  const override = () => {
    const c = captured('overridden-untrusted');
    const r = readObservation(c.details, c.securityInfo, T0 + MINUTE);
    if (r.kind !== 'override') throw new Error(r.kind);
    return r.override;
  };

  it('is a warning, recorded as an override and never as a trusted key', () => {
    const before = see(undefined, observationOf('first-visit-intermediate', T0)).record;
    const seen = override();
    const verdict = judgeOverride(before, seen);
    expect(verdict).toMatchObject({ kind: 'certificate-override', severity: 'warning', previous: { spkiSha256: before.keys[0]!.spkiSha256 } });
    const r = applyOverride(before, seen, verdict, registrableDomain);
    expect(r.record.keys).toEqual(before.keys);
    expect(r.record.override).toEqual({ category: 'trust_error', firstSeen: T0 + MINUTE, lastSeen: T0 + MINUTE, timesSeen: 1 });
    expect(r.events).toEqual([expect.objectContaining({ kind: 'certificate-override', category: 'trust_error' })]);
  });

  it('creates a record with no keys for a host first met through an override', () => {
    const seen = override();
    const r = applyOverride(undefined, seen, judgeOverride(undefined, seen), registrableDomain);
    expect(r.record.keys).toEqual([]);
    const again = applyOverride(r.record, { ...seen, at: seen.at + MINUTE }, judgeOverride(r.record, seen), registrableDomain);
    expect(again.events).toEqual([]);
    expect(again.record.override!.timesSeen).toBe(2);
    // A valid certificate later is still a first use: the override taught no key.
    expect(judgeObservation(again.record, observationOf('first-visit-intermediate', seen.at + 2 * MINUTE)).kind).toBe('first-use');
  });
});
