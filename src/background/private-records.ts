// What private windows taught: judged against the saved history, remembered for the private
// session only. Kept in storage.session (memory, never disk) so a suspended event page finds it
// again; forgotten when the last private window closes.
import type { TrustRecord } from '../core/trust-record.js';
import type { SessionArea } from '../platform/session-area.js';

/** storage.session key of the private session's records. */
const PRIVATE_KEY = 'private-records';

export class PrivateRecords {
  private readonly records = new Map<string, TrustRecord>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly session: SessionArea | undefined) {}

  /** Reads back what an earlier wake of the event page kept; records set meanwhile win. */
  async recover(): Promise<void> {
    const saved = await this.session?.get(PRIVATE_KEY);
    if (!Array.isArray(saved)) return;
    for (const r of saved as TrustRecord[]) if (typeof r?.host === 'string' && !this.records.has(r.host)) this.records.set(r.host, r);
  }

  get(host: string): TrustRecord | undefined {
    return this.records.get(host);
  }

  has(host: string): boolean {
    return this.records.has(host);
  }

  values(): IterableIterator<TrustRecord> {
    return this.records.values();
  }

  set(record: TrustRecord): void {
    this.records.set(record.host, record);
    this.saveSoon();
  }

  /** The last private window closed. */
  clear(): void {
    this.records.clear();
    this.session?.remove(PRIVATE_KEY).catch(() => undefined);
  }

  private saveSoon(): void {
    if (!this.session || this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.session?.set(PRIVATE_KEY, [...this.records.values()]).catch(() => undefined);
    }, 100);
  }
}
