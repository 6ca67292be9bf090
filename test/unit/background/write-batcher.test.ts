// Sightings wait for a batched write; a suspension of the event page must not lose them.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { JOURNAL_KEY, journalKeyOf, readJournal, WriteBatcher } from '../../../src/background/write-batcher.js';
import { KeepAwake } from '../../../src/background/keep-awake.js';
import { openTrustStore } from '../../../src/store/trust-store.js';
import { MemorySessionArea } from './fakes.js';

const record = (timesSeen: number) => ({ host: 'a.test', domain: 'a.test', firstSeen: 1, lastSeen: timesSeen, timesSeen, keys: [] });
const noOutcome = { succeeded: () => undefined, failed: () => undefined };
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('write batcher journal', () => {
  it('mirrors waiting sightings to the session area, and a later wake writes them', async () => {
    const store = await openTrustStore('batcher-1');
    const session = new MemorySessionArea();
    const before = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session);
    before.write(record(7), [], false);
    await settle(150);
    // The page is suspended here: its timers and memory are gone, the session area is not.
    expect(await readJournal(session)).toEqual([record(7)]);
    expect(await store.getRecord('a.test')).toBeUndefined();

    const after = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session);
    expect(await after.recover()).toEqual([record(7)]);
    await after.flushAll();
    expect((await store.getRecord('a.test'))?.timesSeen).toBe(7);
    await settle(150);
    expect(await readJournal(session)).toEqual([]);
    expect([...session.data.keys()]).toEqual([]);
  });

  it('keeps a record in the journal while its write is under way: a suspension then cannot lose it', async () => {
    const real = await openTrustStore('batcher-2');
    const session = new MemorySessionArea();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // A commit that has not finished when the page goes: Firefox kills its transaction.
    const store = { ...real, commit: async () => held.then(() => { throw new Error('the page was suspended'); }) };
    const before = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session);
    before.write(record(7), [], true);
    await settle(10);
    // Another host changes meanwhile, and the journal is saved while a.test's write is in flight.
    before.write({ ...record(1), host: 'b.test' }, [], false);
    await settle(150);
    expect(await readJournal(session)).toEqual(expect.arrayContaining([record(7)]));
    release();

    const after = new WriteBatcher(async () => real, () => 0, undefined, noOutcome, session);
    expect((await after.recover()).map((r) => [r.host, r.timesSeen]).sort()).toEqual([['a.test', 7], ['b.test', 1]]);
  });

  it('holds the event page awake until a change is in the journal, and no longer', async () => {
    const real = await openTrustStore('batcher-3');
    let land!: () => void;
    const landed = new Promise<void>((r) => (land = r));
    const store = { ...real, commit: async (...args: Parameters<typeof real.commit>) => landed.then(() => real.commit(...args)) };
    const session = new MemorySessionArea();
    const awake = new KeepAwake(async () => undefined);
    const batcher = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session, awake);
    batcher.write(record(3), [], false);
    expect(awake.busy).toBe(true);
    await settle(150);
    expect(await readJournal(session)).toEqual([record(3)]);
    // The sighting now waits in the journal for its batched write: the page may idle meanwhile.
    expect(awake.busy).toBe(false);
    // And while its write is under way.
    const flushing = batcher.flushAll();
    await settle(10);
    expect(awake.busy).toBe(true);
    land();
    await flushing;
    expect((await real.getRecord('a.test'))?.timesSeen).toBe(3);
    await settle(150);
    expect(awake.busy).toBe(false);
  });
});

/** A session area that says which keys each save wrote, and can be made to fail. */
class LoggingArea extends MemorySessionArea {
  readonly setKeys: string[] = [];
  failing = false;
  override async set(key: string, value: unknown) {
    if (this.failing) throw new Error('storage.session refused');
    this.setKeys.push(key);
    await super.set(key, value);
  }
}

const at = (host: string, timesSeen: number) => ({ ...record(timesSeen), host, domain: host });

describe('write batcher journal: only what changed', () => {
  it('a burst on one host saves that host\'s record alone, not every host still waiting', async () => {
    const store = await openTrustStore('batcher-delta-1');
    const session = new LoggingArea();
    const batcher = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session);
    for (const host of ['a.test', 'b.test', 'c.test']) batcher.write(at(host, 1), [], false);
    await settle(150);
    expect(session.setKeys.sort()).toEqual([JOURNAL_KEY, journalKeyOf('a.test'), journalKeyOf('b.test'), journalKeyOf('c.test')].sort());
    session.setKeys.length = 0;
    // The next page touches b.test only: the others wait for their write, unchanged.
    batcher.write(at('b.test', 2), [], false);
    batcher.write(at('b.test', 3), [], false);
    await settle(150);
    expect(session.setKeys).toEqual([journalKeyOf('b.test')]);
    expect((await readJournal(session)).map((r) => [r.host, r.timesSeen]).sort()).toEqual([['a.test', 1], ['b.test', 3], ['c.test', 1]]);
  });

  it('takes a written record out of the journal, and the index with it', async () => {
    const store = await openTrustStore('batcher-delta-2');
    const session = new LoggingArea();
    const batcher = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session);
    batcher.write(at('a.test', 1), [], false);
    batcher.write(at('b.test', 1), [], false);
    await batcher.flushAll();
    // Both written a moment ago: a.test's next sighting waits out the per-host interval, while
    // b.test's durable change is written at once, then dropped from the journal.
    batcher.write(at('a.test', 2), [], false);
    batcher.write(at('b.test', 2), [], true);
    await settle(150);
    expect((await store.getRecord('b.test'))?.timesSeen).toBe(2);
    expect(await readJournal(session)).toEqual([at('a.test', 2)]);
    expect(await session.get(JOURNAL_KEY)).toEqual(['a.test']);
    expect(session.data.has(journalKeyOf('b.test'))).toBe(false);
    await batcher.flushAll();
    await settle(150);
    expect([...session.data.keys()]).toEqual([]);
  });

  it('takes back a journal of whole records under the one key (the shape written before)', async () => {
    const real = await openTrustStore('batcher-delta-3');
    // The store cannot be written before the page goes again: the journal is all there is.
    const store = { ...real, commit: async () => Promise.reject(new Error('the page was suspended')) };
    const session = new LoggingArea();
    await session.set(JOURNAL_KEY, [at('a.test', 4), at('b.test', 5)]);
    const first = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session);
    expect((await first.recover()).map((r) => r.host).sort()).toEqual(['a.test', 'b.test']);
    first.write(at('c.test', 1), [], false);
    await settle(150);
    expect(await session.get(JOURNAL_KEY)).toEqual(expect.arrayContaining(['a.test', 'b.test', 'c.test']));
    const second = new WriteBatcher(async () => real, () => 0, undefined, noOutcome, session);
    expect((await second.recover()).map((r) => [r.host, r.timesSeen]).sort()).toEqual([['a.test', 4], ['b.test', 5], ['c.test', 1]]);
    await second.flushAll();
    expect((await real.getRecord('a.test'))?.timesSeen).toBe(4);
  });

  it('saves again, whole, what a failed save may have lost', async () => {
    const store = await openTrustStore('batcher-delta-4');
    const session = new LoggingArea();
    const batcher = new WriteBatcher(async () => store, () => 0, undefined, noOutcome, session);
    session.failing = true;
    batcher.write(at('a.test', 1), [], false);
    await settle(150);
    expect(await readJournal(session)).toEqual([]);
    session.failing = false;
    // Another host's sighting: the save now brings a.test and the index too.
    batcher.write(at('b.test', 1), [], false);
    await settle(150);
    expect((await readJournal(session)).map((r) => r.host).sort()).toEqual(['a.test', 'b.test']);
  });
});

describe('write batcher and a wiped store', () => {
  it('writes nothing into a store found wiped while records waited; writes them once the store keeps things again', async () => {
    const store = await openTrustStore('batcher-wiped');
    let persisting = true;
    const batcher = new WriteBatcher(async () => store, () => 0, undefined, { ...noOutcome, persisting: () => persisting });
    batcher.write(record(3), [{ host: 'a.test', at: 1, kind: 'first-use', severity: 'none' }], false);
    // Opening the store is where a wipe is found: from then on, nothing learned is kept.
    persisting = false;
    await batcher.flushAll();
    expect(await store.getRecord('a.test')).toBeUndefined();
    expect(await store.eventsFor('a.test')).toEqual([]);
    expect(batcher.size).toBe(2);
    // The user started over: what waited is written.
    persisting = true;
    await batcher.flushAll();
    expect((await store.getRecord('a.test'))?.timesSeen).toBe(3);
    expect((await store.eventsFor('a.test')).map((e) => e.kind)).toEqual(['first-use']);
  });
});
