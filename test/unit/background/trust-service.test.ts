// The trust service over a real IndexedDB implementation (fake-indexeddb): concurrency, batching,
// private windows and storage failures.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InterceptionWatch } from '../../../src/background/interception-watch.js';
import { PolicyService } from '../../../src/background/policy-service.js';
import { TrustService } from '../../../src/background/trust-service.js';
import type { ReadResult } from '../../../src/core/observation.js';
import { openTrustStore, type TrustStore } from '../../../src/store/trust-store.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { MemorySessionArea } from './fakes.js';

const T0 = CAPTURED_AT;
const TIMING = { sightingDelayMs: 5_000, perHostIntervalMs: 60_000, retryMs: 10_000 };
let dbCount = 0;
let store: TrustStore;
let clock: number;

const now = () => clock;
const seen = (name: Parameters<typeof observationOf>[0], at = clock): ReadResult => ({ kind: 'observation', observation: observationOf(name, at) });

/** The service as the event page wires it, over a given store. */
function serviceOver(over: TrustStore): TrustService {
  return new TrustService({
    store: async () => over, now, interception: new InterceptionWatch(new MemorySessionArea()), policy: new PolicyService(async () => over), timing: TIMING,
  });
}

beforeEach(async () => {
  clock = T0;
  store = await openTrustStore(`service-${++dbCount}`);
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
});

describe('TrustService', () => {
  describe('repeats of a quiet sighting (repeat-sightings.ts)', () => {
    it('answers a repeat without the judge, counts it, and stops answering once the record changes', async () => {
      const service = serviceOver(store);
      await service.policy.get();
      const first = observationOf('first-visit-intermediate', clock);
      await service.observe({ kind: 'observation', observation: first }, { incognito: false });
      const match = await service.observe(seen('first-visit-intermediate', clock + 1000), { incognito: false });
      expect(match?.kind).toBe('match');
      const judged = await service.record('site.test:8443');
      const repeat = await service.observe(seen('first-visit-intermediate', clock + 2000), { incognito: false });
      expect(repeat).toMatchObject({ kind: 'match', at: clock + 2000 });
      // Answered from the memory: the record was kept up in place, not judged and replaced.
      const record = await service.record('site.test:8443');
      expect(record).toBe(judged);
      expect(record).toMatchObject({ timesSeen: 3, lastSeen: clock + 2000 });
      expect(record?.keys[0]).toMatchObject({ timesSeen: 3, lastSeen: clock + 2000 });
      // The user rejects the key: the very next sighting is judged again, and is critical.
      await service.decide('site.test:8443', { spkiSha256: record!.keys[0]!.spkiSha256, issuerSpkiSha256: record!.keys[0]!.issuerSpkiSha256 }, 'rejected');
      expect(await service.observe(seen('first-visit-intermediate', clock + 3000), { incognito: false })).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
    });

    it('a sighting answered from the memory reaches the journal: a suspension right after loses none', async () => {
      const journal = new MemorySessionArea();
      const service = new TrustService({
        store: async () => store, now, interception: new InterceptionWatch(new MemorySessionArea()), policy: new PolicyService(async () => store), timing: TIMING, journal,
      });
      await service.policy.get();
      for (let i = 0; i < 3; i++) await service.observe(seen('first-visit-intermediate', clock + i), { incognito: false });
      // Let the journal follow the full judgements, then the repeats come, answered from the memory.
      await new Promise((r) => setTimeout(r, 150));
      for (let i = 3; i < 10; i++) expect(await service.observe(seen('first-visit-intermediate', clock + i), { incognito: false })).toMatchObject({ kind: 'match' });
      await new Promise((r) => setTimeout(r, 150));
      // The page is suspended here: only the journal is left. A new service (a new wake) takes it back.
      const woken = new TrustService({
        store: async () => store, now, interception: new InterceptionWatch(new MemorySessionArea()), policy: new PolicyService(async () => store), timing: TIMING, journal,
      });
      expect((await woken.record('site.test:8443'))?.timesSeen).toBe(10);
    });
  });

  it('turns 200 parallel first sightings of a new host into one record and one first-use event', async () => {
    const service = serviceOver(store);
    const verdicts = await Promise.all(Array.from({ length: 200 }, () => service.observe(seen('first-visit-intermediate'), { incognito: false })));
    expect(verdicts.filter((v) => v?.kind === 'first-use')).toHaveLength(1);
    expect(verdicts.filter((v) => v?.kind === 'match')).toHaveLength(199);
    await service.writes.flushAll();
    const record = await store.getRecord('site.test:8443');
    expect(record?.keys).toHaveLength(1);
    expect(record?.timesSeen).toBe(200);
    expect((await store.eventsFor('site.test:8443')).map((e) => e.kind)).toEqual(['first-use']);
  });

  it('never puts back a record read before sightings that were kept while the read was under way', async () => {
    // The new-key check reads the store outside the host's queue. Here its read is slow, and two
    // sightings are judged and kept meanwhile; its stale record must not replace theirs.
    const first = serviceOver(store);
    await first.observe(seen('first-visit-intermediate'), { incognito: false });
    await first.writes.flushAll();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reads = 0;
    const slow: TrustStore = { ...store, getRecord: async (host) => {
      const record = await store.getRecord(host);
      if (++reads === 1) await gate;
      return record;
    } };
    const service = serviceOver(slow);
    const check = service.knownCertificate(observationOf('first-visit-intermediate', clock), false);
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    release();
    expect(await check).toBeDefined();
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    expect((await service.record('site.test:8443'))?.timesSeen).toBe(4);
  });

  it('keeps a host forgotten while a read of it was under way forgotten', async () => {
    const first = serviceOver(store);
    await first.observe(seen('first-visit-intermediate'), { incognito: false });
    await first.writes.flushAll();
    const forgetting = serviceOver({ ...store, getRecord: async (host) => {
      const record = await store.getRecord(host);
      await new Promise((r) => setTimeout(r, 20));
      return record;
    } });
    const late = forgetting.knownCertificate(observationOf('first-visit-intermediate', clock), false);
    await forgetting.forget('site.test:8443');
    await late;
    expect(await forgetting.record('site.test:8443')).toBeUndefined();
  });

  it('keeps both of two keys racing for a new host: one learned, one a change', async () => {
    const service = serviceOver(store);
    const [a, b] = await Promise.all([
      service.observe(seen('first-visit-intermediate'), { incognito: false }),
      service.observe(seen('new-key-same-issuer'), { incognito: false }),
    ]);
    expect([a?.kind, b?.kind]).toEqual(['first-use', 'key-change']);
    await service.writes.flushAll();
    const record = await store.getRecord('site.test:8443');
    expect(record?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    expect((await store.eventsFor('site.test:8443')).map((e) => e.kind)).toEqual(['first-use', 'key-change']);
  });

  it('writes a new key at once, but a plain sighting only in a later batch', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const service = serviceOver(store);
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    await vi.advanceTimersByTimeAsync(0);
    await service.writes.idle();
    expect((await store.getRecord('site.test:8443'))?.timesSeen).toBe(1);

    clock += 1_000;
    await service.observe(seen('same-cert-again'), { incognito: false });
    await vi.advanceTimersByTimeAsync(4_000);
    expect((await store.getRecord('site.test:8443'))?.timesSeen).toBe(1);
    // Within a minute of the last write the host waits; then its latest state lands in one write.
    clock += 60_000;
    await vi.advanceTimersByTimeAsync(60_000);
    await service.writes.idle();
    expect((await store.getRecord('site.test:8443'))).toMatchObject({ timesSeen: 2, lastSeen: T0 + 1_000 });
  });

  it('retries a failed write, and loses nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let failing = true;
    const flaky: TrustStore = {
      ...store,
      commit: (records, events) => (failing ? Promise.reject(new Error('QuotaExceededError')) : store.commit(records, events)),
    };
    const service = serviceOver(flaky);
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    await vi.advanceTimersByTimeAsync(0);
    await service.writes.idle();
    expect(service.writes.lastError).toBeInstanceOf(Error);
    expect(await store.getRecord('site.test:8443')).toBeUndefined();
    failing = false;
    await vi.advanceTimersByTimeAsync(TIMING.retryMs);
    // The retry is under way (IndexedDB answers on real time): wait for it without forcing another.
    await service.writes.idle();
    expect(service.writes.lastError).toBeUndefined();
    expect((await store.getRecord('site.test:8443'))?.keys).toHaveLength(1);
    expect((await store.eventsFor('site.test:8443')).map((e) => e.kind)).toEqual(['first-use']);
  });

  it('judges private-window responses against the store but writes nothing from them', async () => {
    const service = serviceOver(store);
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    await service.writes.flushAll();
    const change = await service.observe(seen('new-key-same-issuer'), { incognito: true });
    expect(change?.kind).toBe('key-change');
    // Private sightings of a new host are first uses, remembered in memory only.
    const other = observationOf('first-visit-intermediate', clock);
    const privateHost = await service.observe({ kind: 'observation', observation: { ...other, host: 'private.test' } }, { incognito: true });
    expect(privateHost?.kind).toBe('first-use');
    await service.writes.flushAll();
    expect((await store.getRecord('site.test:8443'))?.keys).toHaveLength(1);
    expect(await store.getRecord('private.test')).toBeUndefined();
    expect((await store.eventsFor('site.test:8443')).map((e) => e.kind)).toEqual(['first-use']);
    // The private session itself remembers what it saw.
    expect((await service.record('private.test', true))?.keys).toHaveLength(1);
    expect(await service.record('private.test', false)).toBeUndefined();
  });

  it('a key refused in a normal window is refused in a private window that holds an older copy of the record', async () => {
    const service = serviceOver(store);
    const day = 86_400_000;
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    // The private window takes its own copy of the record (a sighting there).
    await service.observe(seen('first-visit-intermediate', clock + 1000), { incognito: true });
    // A normal window meets a new key and the user refuses it.
    const change = await service.observe(seen('new-key-same-issuer', clock + day), { incognito: false });
    await service.decide('site.test:8443', change!.observed!, 'rejected');
    // The private window meets the refused key: critical, never learned there.
    expect(await service.observe(seen('new-key-same-issuer', clock + 2 * day), { incognito: true })).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
  });

  it('decides on a key wherever it is known: private memory for a private-only host, the store for a saved one', async () => {
    const service = serviceOver(store);
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    // The same host's change seen privately; another host seen only privately.
    const change = await service.observe(seen('new-key-same-issuer'), { incognito: true });
    const other = observationOf('new-key-same-issuer', clock);
    const onlyPrivate = await service.observe({ kind: 'observation', observation: { ...other, host: 'private.test' } }, { incognito: true });
    // A host seen only in a private window: decided, in memory, nothing written.
    await service.decide('private.test', onlyPrivate!.observed!, 'rejected');
    expect((await service.record('private.test', true))?.keys[0]?.status).toBe('rejected');
    // The saved host: its first key rejected in a normal window is saved, and the private copy follows.
    const first = (await service.record('site.test:8443'))!.keys[0]!;
    await service.decide('site.test:8443', first, 'rejected');
    await service.writes.flushAll();
    expect((await store.getRecord('site.test:8443'))?.keys[0]?.status).toBe('rejected');
    expect((await service.record('site.test:8443', true))?.keys[0]?.status).toBe('rejected');
    // The private session's key was never saved, so deciding on it stays in memory.
    await service.decide('site.test:8443', change!.observed!, 'accepted');
    await service.writes.flushAll();
    expect((await store.getRecord('site.test:8443'))?.keys).toHaveLength(1);
    expect(await store.getRecord('private.test')).toBeUndefined();
    expect((await service.record('site.test:8443', true))?.keys.map((k) => k.status)).toEqual(['rejected', 'accepted']);
  });

  it('judges a coalesced response as a shared connection, and learns nothing for the host it names', async () => {
    const service = serviceOver(store);
    const base = observationOf('first-visit-intermediate', clock);
    const shared = { ...base, host: 'b.x.test:8443', sans: ['a.x.test', 'b.x.test'] };
    // a.x.test has trusted this certificate's key for over a week.
    await service.observe({ kind: 'observation', observation: { ...base, host: 'a.x.test:8443' } }, { incognito: false });
    await service.observe({ kind: 'observation', observation: { ...base, host: 'a.x.test:8443', at: clock + 8 * 86_400_000 } }, { incognito: false });
    const first = await service.observe({ kind: 'observation', observation: { ...shared, at: clock + 8 * 86_400_000 } }, { incognito: false });
    expect(first).toMatchObject({ kind: 'shared-connection', severity: 'none' });
    expect(await service.record('b.x.test:8443')).toBeUndefined();
    // Without a name for b.x.test, the same key is b.x.test's first use, as before.
    const own = await service.observe({ kind: 'observation', observation: { ...observationOf('new-key-same-issuer', clock), host: 'b.x.test:8443' } }, { incognito: false });
    expect(own?.kind).toBe('first-use');
    // b.x.test now has a key of its own: the other host's key is judged as any new key would be (an
    // attacker can plant a key on a sibling), with the shared connection said beside it.
    const later = await service.observe({ kind: 'observation', observation: { ...shared, at: clock + 9 * 86_400_000 } }, { incognito: false });
    expect(later).toMatchObject({ kind: 'key-change', severity: 'warning' });
    expect(later?.reasons).toContain('reasonSharedConnectionPossible');
    expect((await service.record('b.x.test:8443'))?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
  });

  it('a certificate that also names a host of the attacker\'s softens nothing the judge found: a rejected key, an interception root, a pin, strict mode', async () => {
    const service = serviceOver(store);
    await service.policy.get();
    const day = 86_400_000;
    const his = observationOf('first-visit-intermediate', clock);
    const coalesced = (at: number) => ({ kind: 'observation' as const, observation: { ...his, host: 'bank.x.test:8443', sans: ['evil.x.test', 'bank.x.test'], at } });
    // His host has shown the certificate twice, a week apart: mature there.
    await service.observe({ kind: 'observation', observation: { ...his, host: 'evil.x.test:8443' } }, { incognito: false });
    await service.observe({ kind: 'observation', observation: { ...his, host: 'evil.x.test:8443', at: clock + 8 * day } }, { incognito: false });
    // The bank's own key, under a built-in root.
    const own = observationOf('new-key-same-issuer', clock);
    await service.observe({ kind: 'observation', observation: { ...own, host: 'bank.x.test:8443', builtInRoot: true } }, { incognito: false });
    expect(await service.observe(coalesced(clock + 9 * day), { incognito: false })).toMatchObject({ kind: 'interception', severity: 'critical' });
    // Pinned to its own key: the attacker's chain is stopped.
    await service.policy.update((p) => ({ ...p, pins: [{ pattern: 'bank.x.test:8443', spkiSha256: own.leaf.spkiSha256, addedAt: clock, expiresAt: null }] }));
    expect(await service.observe(coalesced(clock + 9 * day), { incognito: false })).toMatchObject({ blocked: 'pin-mismatch' });
    // Another bank host, in strict mode, once refused the attacker's key.
    await service.policy.update((p) => ({ ...p, pins: [], modes: { 'shop.x.test:8443': 'strict' } }));
    await service.observe({ kind: 'observation', observation: { ...own, host: 'shop.x.test:8443' } }, { incognito: false });
    const strict = await service.observe({ kind: 'observation', observation: { ...his, host: 'shop.x.test:8443', sans: ['evil.x.test', 'shop.x.test'], at: clock + 9 * day } }, { incognito: false });
    expect(strict).toMatchObject({ blocked: 'key-mismatch' });
  });

  it('a pin narrows, never silences: a new key under the pinned intermediate goes through, and is still a change to decide on', async () => {
    const service = serviceOver(store);
    const first = observationOf('first-visit-intermediate', clock);
    await service.observe({ kind: 'observation', observation: first }, { incognito: false });
    await service.policy.update((p) => ({ ...p, pins: [{ pattern: first.host, spkiSha256: first.chain[1]!.spkiSha256, addedAt: clock, expiresAt: null }] }));
    const changed = await service.observe(seen('new-key-same-issuer', clock + 60_000), { incognito: false });
    expect(changed).toMatchObject({ kind: 'key-change', severity: 'warning' });
    expect(changed?.blocked).toBeUndefined();
    expect((await service.record(first.host))?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
  });

  it('fails closed when the policy cannot be read: a changed key is stopped, a known one and a first use go on', async () => {
    const unreadable: TrustStore = { ...store, getPolicy: () => Promise.reject(new Error('storage broke')) };
    const service = serviceOver(unreadable);
    expect(await service.observe(seen('first-visit-intermediate'), { incognito: false })).toMatchObject({ kind: 'first-use' });
    expect((await service.observe(seen('first-visit-intermediate', clock + 1000), { incognito: false }))?.blocked).toBeUndefined();
    expect(await service.observe(seen('new-key-same-issuer', clock + 60_000), { incognito: false })).toMatchObject({ kind: 'key-change', blocked: 'settings-unavailable' });
  });

  it('a refused key stays critical on a connection shared with a host that trusts it', async () => {
    const service = serviceOver(store);
    await service.policy.get();
    const day = 86_400_000;
    const key = observationOf('first-visit-intermediate', clock);
    await service.observe({ kind: 'observation', observation: { ...key, host: 'evil.x.test:8443' } }, { incognito: false });
    await service.observe({ kind: 'observation', observation: { ...key, host: 'evil.x.test:8443', at: clock + 8 * day } }, { incognito: false });
    await service.observe({ kind: 'observation', observation: { ...observationOf('new-key-same-issuer', clock), host: 'bank.x.test:8443' } }, { incognito: false });
    const change = await service.observe({ kind: 'observation', observation: { ...key, host: 'bank.x.test:8443', at: clock + day } }, { incognito: false });
    await service.decide('bank.x.test:8443', change!.observed!, 'rejected');
    const shared = await service.observe({ kind: 'observation', observation: { ...key, host: 'bank.x.test:8443', sans: ['evil.x.test', 'bank.x.test'], at: clock + 9 * day } }, { incognito: false });
    expect(shared).toMatchObject({ kind: 'rejected-key', severity: 'critical' });
  });

  it('says it could not check, instead of calling a known host new, when the store cannot be read', async () => {
    const broken: TrustStore = { ...store, getRecord: () => Promise.reject(new Error('InvalidStateError')) };
    const service = serviceOver(broken);
    const verdict = await service.observe(seen('first-visit-intermediate'), { incognito: false });
    expect(verdict).toMatchObject({ kind: 'unchecked', severity: 'notice', reasons: ['reasonStoreUnavailable'] });
    expect(service.writes.size).toBe(0);
  });

  it('gives an unreadable SecurityInfo an unchecked verdict and records nothing', async () => {
    const service = serviceOver(store);
    const verdict = await service.observe({ kind: 'invalid', host: 'x.test', reason: 'bad' }, { incognito: false });
    expect(verdict).toMatchObject({ kind: 'unchecked', host: 'x.test' });
    expect(await service.observe({ kind: 'skip', host: 'x.test', reason: 'from-cache' }, { incognito: false })).toBeNull();
    await service.writes.flushAll();
    expect(await store.countHosts()).toBe(0);
  });

  it('records the user\'s decision and matches the accepted key afterwards', async () => {
    const service = serviceOver(store);
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    clock += 60_000;
    const change = await service.observe(seen('new-key-same-issuer'), { incognito: false });
    await service.decide('site.test:8443', change!.observed!, 'accepted');
    expect((await service.observe(seen('new-key-same-issuer'), { incognito: false }))?.kind).toBe('match');
    expect((await service.events('site.test:8443')).map((e) => e.kind)).toEqual(['first-use', 'key-change', 'key-accepted']);
    await expect(service.decide('nobody.test', change!.observed!, 'accepted')).rejects.toThrow('no record for nobody.test holds the key');
  });
});

describe('Block until I decide (TrustService.holdUntilDecided)', () => {
  const host = 'site.test:8443';
  const keyOf = (v: { observed?: { spkiSha256: string; issuerSpkiSha256: string } } | null) => ({ spkiSha256: v!.observed!.spkiSha256, issuerSpkiSha256: v!.observed!.issuerSpkiSha256 });

  it('stops every key but the trusted ones while the change waits, and the decision ends it', async () => {
    const service = serviceOver(store);
    await service.policy.get();
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    const change = await service.observe(seen('new-key-same-issuer', clock + 1000), { incognito: false });
    expect(change).toMatchObject({ kind: 'key-change', severity: 'warning' });
    expect(change?.blocked).toBeUndefined();
    // Watch mode: the waiting key loads, as "unresolved".
    expect((await service.observe(seen('new-key-same-issuer', clock + 2000), { incognito: false }))?.blocked).toBeUndefined();

    const held = await service.holdUntilDecided(host);
    expect(held.heldUntilDecided).toBe(clock);
    expect(await service.observe(seen('new-key-same-issuer', clock + 3000), { incognito: false }))
      .toMatchObject({ kind: 'unresolved', blocked: 'held', reasons: expect.arrayContaining(['reasonBlockedHeld']) });
    // The trusted key still loads, and a repeat of it is judged again (nothing answered from memory past the hold).
    expect((await service.observe(seen('first-visit-intermediate', clock + 4000), { incognito: false }))?.blocked).toBeUndefined();
    await service.writes.flushAll();
    const events = await store.eventsFor(host);
    expect(events.map((e) => e.kind)).toContain('held-until-decided');
    // Kept on disk: a new service over the same store still stops it.
    const again = serviceOver(store);
    await again.policy.get();
    expect(await again.observe(seen('new-key-same-issuer', clock + 5000), { incognito: false })).toMatchObject({ blocked: 'held' });

    await again.decide(host, keyOf(change), 'accepted');
    expect((await again.record(host))?.heldUntilDecided).toBeUndefined();
    const accepted = await again.observe(seen('new-key-same-issuer', clock + 6000), { incognito: false });
    expect(accepted).toMatchObject({ kind: 'match', severity: 'none' });
    expect(accepted?.blocked).toBeUndefined();
  });

  it('is refused where no change waits, and kept through a decision taken back', async () => {
    const service = serviceOver(store);
    await service.policy.get();
    await service.observe(seen('first-visit-intermediate'), { incognito: false });
    await expect(service.holdUntilDecided(host)).rejects.toThrow(/no change waiting/);
    const change = await service.observe(seen('new-key-same-issuer', clock + 1000), { incognito: false });
    await service.holdUntilDecided(host);
    await service.decide(host, keyOf(change), 'rejected');
    await service.decide(host, keyOf(change), 'undecided');
    // "Block this key" then Undo: nothing waited in between, so the hold ended with the decision.
    expect((await service.record(host))?.heldUntilDecided).toBeUndefined();
    await service.holdUntilDecided(host);
    await service.decide(host, keyOf(change), 'undecided');
    expect((await service.record(host))?.heldUntilDecided).toBeDefined();
  });
});
