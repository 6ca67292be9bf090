// The trust service's records in memory, by host; null means "known to be absent from the store".
// A read of the store can be overtaken: while it is under way, a sighting of the host may be judged
// and kept (the new-key check reads outside the host's queue), the host forgotten, or an import
// written. Each host's version tells such a read that what it found is stale, so it never puts an
// old record over a newer one. Putting one back once lost every sighting judged in between.
import type { TrustRecord } from '../core/trust-record.js';

export class RecordCache {
  private readonly records = new Map<string, TrustRecord | null>();
  private readonly versions = new Map<string, number>();

  has(host: string): boolean {
    return this.records.has(host);
  }

  get(host: string): TrustRecord | null | undefined {
    return this.records.get(host);
  }

  values(): IterableIterator<TrustRecord | null> {
    return this.records.values();
  }

  set(host: string, record: TrustRecord | null): void {
    this.records.set(host, record);
    this.bump(host);
  }

  /** Forgets what is known of the host: the next use reads the store. */
  delete(host: string): void {
    this.records.delete(host);
    this.bump(host);
  }

  /** Changes with every set and delete of the host: read it before reading the store. */
  version(host: string): number {
    return this.versions.get(host) ?? 0;
  }

  /**
   * Keeps what a read of the store found, if nothing changed the host since `version` was taken.
   * Returns whether it did: if not, what the cache holds (or a fresh read) is newer.
   */
  fill(host: string, record: TrustRecord | null, version: number): boolean {
    if (this.version(host) !== version) return false;
    this.records.set(host, record);
    return true;
  }

  private bump(host: string): void {
    this.versions.set(host, this.version(host) + 1);
  }
}
