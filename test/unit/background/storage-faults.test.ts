// When IndexedDB cannot keep anything: FirstSeen keeps judging, in memory, says so, and never
// relearns a wiped store's sites as first uses without the user's say.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { SENTINEL_KEY } from '../../../src/background/store-keeper.js';
import type { StorageStatus } from '../../../src/protocol.js';
import { openTrustStore, type TrustStore } from '../../../src/store/trust-store.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { MemorySessionArea } from './fakes.js';
import { wireBackground } from './wiring.js';

let n = 0;
const visit = (service: Awaited<ReturnType<typeof wireBackground>>['service'], name: 'first-visit-intermediate' | 'same-cert-again' = 'first-visit-intermediate') =>
  service.observe({ kind: 'observation', observation: observationOf(name, CAPTURED_AT) }, { incognito: false });
const HOST = observationOf('first-visit-intermediate', CAPTURED_AT).host;

describe('storage faults', () => {
  it('judges in memory when IndexedDB will not open, and says nothing is kept', async () => {
    const wired = await wireBackground(`faults-${++n}`, () => CAPTURED_AT, new MemorySessionArea(), async () => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    });
    expect((await visit(wired.service))?.kind).toBe('first-use');
    expect((await visit(wired.service, 'same-cert-again'))?.kind).toBe('match');
    const status = await wired.ask<StorageStatus>({ type: 'storage-status' });
    expect(status).toMatchObject({ kind: 'unavailable', detail: expect.stringContaining('InvalidStateError') });
    expect(wired.keeper.persisting()).toBe(false);
  });

  it('after a wipe, judges in memory and writes nothing until the user starts over; then keeps what it learned', async () => {
    const local = new MemorySessionArea();
    const before = await wireBackground(`faults-${++n}`, () => CAPTURED_AT, local);
    await visit(before.service);
    await before.service.writes.flushAll();
    await before.keeper.updateSentinel();
    expect(await local.get(SENTINEL_KEY)).toMatchObject({ hosts: 1 });

    // The database is gone (a fresh, empty one), the sentinel is not.
    const after = await wireBackground(`faults-${++n}`, () => CAPTURED_AT, local);
    expect(after.keeper.status()).toMatchObject({ kind: 'wiped', hostsBefore: 1 });
    expect((await visit(after.service))?.kind).toBe('first-use');
    await after.service.writes.flushAll();
    expect(await after.store.countHosts()).toBe(0);
    expect(await after.ask<StorageStatus>({ type: 'storage-start-over', confirmed: true })).toEqual({ kind: 'ok' });
    await after.service.writes.flushAll();
    expect((await after.store.getRecord(HOST))?.keys).toHaveLength(1);
    expect((await after.store.eventsFor(HOST)).map((e) => e.kind)).toEqual(['first-use']);
  });

  it('a deliberately emptied store is not a wipe', async () => {
    const local = new MemorySessionArea();
    const wired = await wireBackground(`faults-${++n}`, () => CAPTURED_AT, local);
    await visit(wired.service);
    await wired.service.writes.flushAll();
    await new Promise((r) => setTimeout(r, 100));
    expect(await local.get(SENTINEL_KEY)).toMatchObject({ hosts: 1 });
    await wired.ask({ type: 'forget-host', host: HOST });
    // Forgetting a host brings the sentinel along by itself, a moment later.
    await new Promise((r) => setTimeout(r, 100));
    expect(await local.get(SENTINEL_KEY)).toMatchObject({ hosts: 0 });
    const next = await wireBackground(`faults-${++n}`, () => CAPTURED_AT, local);
    expect(next.keeper.status()).toEqual({ kind: 'ok' });
  });

  it('keeps judging while writes fail, says so, and writes everything once they work again', async () => {
    const real = await openTrustStore(`faults-${++n}`);
    let failing = true;
    const flaky: TrustStore = {
      ...real,
      async commit(records, events) {
        if (failing) throw new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
        return real.commit(records, events);
      },
    };
    const wired = await wireBackground('unused', () => CAPTURED_AT, new MemorySessionArea(), async () => flaky);
    expect((await visit(wired.service))?.kind).toBe('first-use');
    await expect(wired.service.writes.flushAll()).rejects.toThrow(/quota/);
    expect(wired.keeper.status()).toMatchObject({ kind: 'failing', detail: expect.stringContaining('QuotaExceededError') });
    expect((await visit(wired.service, 'same-cert-again'))?.kind).toBe('match');
    failing = false;
    await wired.service.writes.flushAll();
    expect(wired.keeper.status()).toEqual({ kind: 'ok' });
    expect((await real.eventsFor(HOST)).map((e) => e.kind)).toEqual(['first-use']);
  });
});

describe('pruning', () => {
  it('counts first, then prunes the store and what is in memory alike; decisions stay', async () => {
    const wired = await wireBackground(`prune-${++n}`, () => CAPTURED_AT + 400 * 86_400_000);
    await visit(wired.service);
    const other = { ...observationOf('first-visit-intermediate', CAPTURED_AT), host: 'kept.test' };
    await wired.service.observe({ kind: 'observation', observation: other }, { incognito: false });
    const key = (await wired.service.record('kept.test'))!.keys[0]!;
    await wired.service.decide('kept.test', key, 'accepted');
    const rule = { unseenDays: 365, expired: false };
    // The dry run lists what would go, and keeps no undo (nothing was done).
    expect(await wired.ask({ type: 'prune', rule, dryRun: true })).toEqual({ keys: 1, hosts: 1, gone: 1, affected: [{ host: HOST, gone: true }], undoToken: null });
    expect(await wired.store.getRecord(HOST)).toBeDefined();
    const before = { record: await wired.store.getRecord(HOST), events: await wired.store.eventsFor(HOST) };
    const pruned = await wired.ask<{ undoToken: string | null }>({ type: 'prune', rule, dryRun: false });
    expect(pruned).toEqual({ keys: 1, hosts: 1, gone: 1, affected: [{ host: HOST, gone: true }], undoToken: expect.any(String) });
    expect(await wired.store.getRecord(HOST)).toBeUndefined();
    expect(await wired.service.record(HOST)).toBeUndefined();
    expect(await wired.store.eventsFor(HOST)).toEqual([]);
    expect((await wired.store.getRecord('kept.test'))?.keys.map((k) => k.status)).toEqual(['accepted']);
    // Undo brings the host back as it was, with its history.
    expect(await wired.ask({ type: 'undo-prune', undoToken: pruned.undoToken })).toEqual({ hosts: 1 });
    expect(await wired.store.getRecord(HOST)).toEqual(before.record);
    expect((await wired.store.eventsFor(HOST)).map((e) => e.kind)).toEqual(before.events.map((e) => e.kind));
    expect(await wired.service.record(HOST)).toEqual(before.record);
    await expect(wired.ask({ type: 'undo-prune', undoToken: pruned.undoToken })).rejects.toThrow(/nothing to undo/);
    await expect(wired.ask({ type: 'prune', rule: { unseenDays: -1, expired: false }, dryRun: true })).rejects.toThrow(/unseenDays/);
  });

  it('holds a visit that comes while it rewrites the store until it is done, so the store and memory agree', async () => {
    const at = CAPTURED_AT + 400 * 86_400_000;
    const wired = await wireBackground(`prune-race-${++n}`, () => at);
    await visit(wired.service);
    await wired.service.writes.flushAll();
    // The visit begins after the prune's own flush, while it walks the store.
    const rewrite = wired.store.rewriteAll.bind(wired.store);
    let visiting: Promise<unknown> | undefined;
    vi.spyOn(wired.store, 'rewriteAll').mockImplementation(async (...args) => {
      // The prune itself, not the dry run before it that reads what will go.
      if (args[2]) return rewrite(...args);
      visiting = wired.service.observe({ kind: 'observation', observation: observationOf('same-cert-again', at) }, { incognito: false });
      await new Promise((resolve) => setTimeout(resolve, 20));
      return rewrite(...args);
    });
    expect(await wired.ask({ type: 'prune', rule: { unseenDays: 365, expired: false }, dryRun: false })).toMatchObject({ gone: 1 });
    // Judged after the prune: the host was gone, so this is a first use again, on disk as in memory.
    expect(await visiting).toMatchObject({ kind: 'first-use' });
    await wired.service.writes.flushAll();
    expect(await wired.store.getRecord(HOST)).toEqual(await wired.service.record(HOST));
    expect((await wired.store.eventsFor(HOST)).map((e) => e.kind)).toEqual(['first-use']);
  });
});
