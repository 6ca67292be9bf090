// Gets record changes to disk without a write per request. Durable changes (a new key, an event)
// are written at once, batched into one transaction; plain sightings (last-seen, times seen) are
// written at most once per host per minute. Nothing is dropped when a write fails: it is retried.
import type { TrustRecord } from '../core/trust-record.js';
import type { TrustEvent } from '../core/trust-event.js';
import type { TrustStore } from '../store/trust-store.js';
import type { SessionArea } from '../platform/session-area.js';
import type { KeepAwake } from './keep-awake.js';

export interface BatcherTiming {
  /** Delay before a batch of sightings is written: lets a page load finish first. */
  sightingDelayMs: number;
  /** At most one sighting write per host in this span. */
  perHostIntervalMs: number;
  /** Wait before retrying after a failed write. */
  retryMs: number;
}

export const DEFAULT_TIMING: BatcherTiming = { sightingDelayMs: 5_000, perHostIntervalMs: 60_000, retryMs: 10_000 };

/**
 * Where sightings waiting for their write are mirrored, so an event-page suspension loses none: the
 * hosts under this key, each host's record under its own (journalKeyOf). Only the records changed
 * since the last save are written again: a page's burst of sightings costs the hosts it touched,
 * not every host still waiting (up to a minute's browsing) copied to Firefox again.
 */
export const JOURNAL_KEY = 'pending-sightings';
export const journalKeyOf = (host: string) => `pending-sighting:${host}`;
/** The mirror follows within this delay: far less than any idle time before a suspension. */
const JOURNAL_DELAY_MS = 100;

const isRecord = (r: unknown): r is TrustRecord => typeof r === 'object' && r !== null && typeof (r as TrustRecord).host === 'string';

/** What a journal holds: the records, and the hosts whose record is under its own key. */
async function journalContents(area: SessionArea): Promise<{ records: TrustRecord[]; keyed: Set<string> }> {
  const index = await area.get(JOURNAL_KEY);
  if (!Array.isArray(index)) return { records: [], keyed: new Set() };
  // Whole records under the one key: the journal as this module wrote it before the per-host keys.
  const inline = index.filter(isRecord);
  const hosts = index.filter((h): h is string => typeof h === 'string');
  const keyed = (await Promise.all(hosts.map((h) => area.get(journalKeyOf(h))))).filter(isRecord);
  return { records: [...inline, ...keyed], keyed: new Set(keyed.map((r) => r.host)) };
}

/** The records a journal holds (what a wake of the event page takes back). */
export async function readJournal(area: SessionArea): Promise<TrustRecord[]> {
  return (await journalContents(area)).records;
}

interface Pending {
  record: TrustRecord;
  urgent: boolean;
}

export class WriteBatcher {
  private readonly pending = new Map<string, Pending>();
  /** Records whose write is under way: they stay in the journal until it has landed. */
  private readonly inFlight = new Map<string, TrustRecord>();
  private events: TrustEvent[] = [];
  private readonly lastWrite = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private flushing: Promise<void> | undefined;
  lastError: unknown;

  constructor(
    private readonly store: () => Promise<TrustStore>,
    private readonly now: () => number,
    private readonly timing: BatcherTiming = DEFAULT_TIMING,
    /**
     * Told how each write went, so the pages can say when nothing reaches disk; and asked, once the
     * store is open, whether it still keeps what is learned (not after it was found wiped).
     */
    private readonly outcome: { succeeded(): void; failed(error: unknown): void; persisting?(): boolean } = { succeeded: () => undefined, failed: () => undefined },
    /**
     * storage.session (memory, kept by Firefox across suspensions): holds a copy of the records
     * waiting to be written. onSuspend is too late for IndexedDB, whose transaction dies with the
     * page; the copy is made a moment after each change, long before the page can go idle.
     */
    private readonly journal?: SessionArea,
    /** Keeps the event page up until a change is in the journal, and while a write is under way. */
    private readonly awake?: KeepAwake,
  ) {}

  private journalTimer: ReturnType<typeof setTimeout> | undefined;
  /** Hosts whose record changed since the journal last saved it. */
  private readonly unjournaled = new Set<string>();
  /** Hosts whose record may be in the journal: those its index lists, unless a save failed. */
  private journaled = new Set<string>();
  /** The index must be saved again: a save failed, or it was taken back in an older shape. */
  private indexStale = false;

  /**
   * Takes back what an earlier wake of the event page left waiting, and queues it for writing.
   * Returns those records: they are newer than the store's.
   */
  async recover(): Promise<TrustRecord[]> {
    if (!this.journal) return [];
    const { records, keyed } = await journalContents(this.journal);
    if (records.length === 0) return [];
    // Listed afresh by the next save, whatever shape it was taken back in; a record not under its
    // own key yet is saved there.
    this.journaled = keyed;
    this.indexStale = true;
    for (const record of records) {
      if (this.pending.has(record.host)) continue;
      this.pending.set(record.host, { record, urgent: true });
      if (!keyed.has(record.host)) this.unjournaled.add(record.host);
    }
    this.schedule(0);
    return records;
  }

  private saveJournalSoon(): void {
    if (!this.journal || this.journalTimer !== undefined) return;
    const release = this.awake?.acquire();
    this.journalTimer = setTimeout(() => {
      this.journalTimer = undefined;
      this.saveJournal().finally(release);
    }, JOURNAL_DELAY_MS);
  }

  /**
   * Brings the journal up to date: the records changed since its last save, the index of hosts, and
   * the removal of records written since. A record being written is kept too: if the page goes
   * before its transaction commits, the write dies with it, and the journal is all that is left. A
   * newer waiting one wins.
   */
  private async saveJournal(): Promise<void> {
    const journal = this.journal!;
    const byHost = new Map(this.inFlight);
    for (const [host, p] of this.pending) byHost.set(host, p.record);
    const changed = [...this.unjournaled].filter((h) => byHost.has(h));
    this.unjournaled.clear();
    const before = this.journaled;
    const hosts = new Set(byHost.keys());
    const saves = changed.map((h) => journal.set(journalKeyOf(h), byHost.get(h)));
    for (const h of before) if (!hosts.has(h)) saves.push(journal.remove(journalKeyOf(h)));
    if (this.indexStale || before.size !== hosts.size || [...hosts].some((h) => !before.has(h))) {
      saves.push(hosts.size > 0 ? journal.set(JOURNAL_KEY, [...hosts]) : journal.remove(JOURNAL_KEY));
    }
    this.journaled = hosts;
    this.indexStale = false;
    try {
      await Promise.all(saves);
    } catch {
      // Not known what landed: save these records and the index again at the next change, and
      // remove any record that may have stayed.
      for (const h of changed) this.unjournaled.add(h);
      this.journaled = new Set([...before, ...hosts]);
      this.indexStale = true;
    }
  }

  /** Queues a change. Durable ones are flushed right away (after the current task). */
  write(record: TrustRecord, events: readonly TrustEvent[], durable: boolean): void {
    const urgent = durable || events.length > 0 || (this.pending.get(record.host)?.urgent ?? false);
    this.pending.set(record.host, { record, urgent });
    this.unjournaled.add(record.host);
    this.events.push(...events);
    this.schedule(urgent ? 0 : this.timing.sightingDelayMs);
    this.saveJournalSoon();
  }

  /** Queues history entries that change no record (the user's pins and modes), written at once. */
  append(events: readonly TrustEvent[]): void {
    if (events.length === 0) return;
    this.events.push(...events);
    this.schedule(0);
  }

  get size(): number {
    return this.pending.size + this.events.length;
  }

  /** Resolves once no write is in progress. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
  }

  /** Writes everything now, ignoring the per-host interval (shutdown, suspension, tests). */
  async flushAll(): Promise<void> {
    await this.flush(true);
  }

  private schedule(delayMs: number): void {
    const at = this.now() + delayMs;
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      // A failure is kept in lastError and retried by flushOnce; nothing to rethrow to here.
      this.flush(false).catch(() => undefined);
    }, delayMs);
  }

  private async flush(force: boolean): Promise<void> {
    // One flush at a time, so a batch is never written out of order with the next.
    await this.idle();
    this.flushing = this.flushOnce(force).finally(() => {
      this.flushing = undefined;
    });
    this.awake?.hold(this.flushing); // awaited below, so its failure is handled there
    await this.flushing;
  }

  private async flushOnce(force: boolean): Promise<void> {
    const now = this.now();
    const ready: Pending[] = [];
    let nextDue = Infinity;
    for (const [host, p] of this.pending) {
      const due = (this.lastWrite.get(host) ?? -Infinity) + this.timing.perHostIntervalMs;
      if (force || p.urgent || due <= now) {
        ready.push(p);
        this.pending.delete(host);
      } else nextDue = Math.min(nextDue, due);
    }
    const events = this.events;
    this.events = [];
    if (ready.length > 0 || events.length > 0) {
      for (const p of ready) this.inFlight.set(p.record.host, p.record);
      try {
        const store = await this.store();
        if (this.outcome.persisting && !this.outcome.persisting()) {
          // The database was found wiped (or lost) while these waited: writing them would put a
          // few records into the empty database and hide the loss. They wait, in memory, for the
          // user's decision (start over writes them); nothing is retried until then.
          for (const p of ready) if (!this.pending.has(p.record.host)) this.pending.set(p.record.host, p);
          this.events = [...events, ...this.events];
          return;
        }
        await store.commit(ready.map((p) => p.record), events);
        for (const p of ready) this.lastWrite.set(p.record.host, now);
        this.lastError = undefined;
        this.outcome.succeeded();
        if (ready.length > 0) this.saveJournalSoon();
      } catch (error) {
        this.lastError = error;
        this.outcome.failed(error);
        // Put everything back, unless a newer version of a record was queued meanwhile.
        for (const p of ready) if (!this.pending.has(p.record.host)) this.pending.set(p.record.host, p);
        this.events = [...events, ...this.events];
        this.schedule(this.timing.retryMs);
        throw error;
      } finally {
        for (const p of ready) if (this.inFlight.get(p.record.host) === p.record) this.inFlight.delete(p.record.host);
      }
    }
    if (nextDue !== Infinity) this.schedule(nextDue - now);
  }
}
