// The management page's view of every host: search, filter, sort and page through summaries.
// The first screen comes straight from an IndexedDB cursor; everything else from all summaries,
// loaded once in the background and kept current as records change.
import { compareBy, isPlainListing, matchesQuery, type HostPage, type HostQuery, type HostRow } from '../core/host-query.js';
import { summarize, type HostSummary } from '../core/host-summary.js';
import { modeOf, type Policy } from '../core/policy.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { TrustStore } from '../store/trust-store.js';

export class HostDirectory {
  private all: Map<string, HostSummary> | undefined;
  private loading: Promise<Map<string, HostSummary>> | undefined;
  /** The last sorted list, reused while neither the sort nor the hosts change. */
  private sorted: { key: string; list: HostSummary[] } | undefined;

  constructor(private readonly store: () => Promise<TrustStore>) {}

  private load(): Promise<Map<string, HostSummary>> {
    if (this.all) return Promise.resolve(this.all);
    this.loading ??= this.store()
      .then((s) => s.allSummaries())
      .then((list) => (this.all = new Map(list.map((x) => [x.host, x]))))
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  async page(q: HostQuery, policy: Policy): Promise<HostPage> {
    const withMode = (x: HostSummary): HostRow => ({ ...x, mode: modeOf(policy, x.host) });
    if (!this.all && isPlainListing(q)) {
      const store = await this.store();
      const [first, total] = await Promise.all([store.firstSummaries(q.offset + q.limit), store.countHosts()]);
      void this.load().catch(() => undefined);
      return { total, offset: q.offset, rows: first.slice(q.offset).map(withMode) };
    }
    const all = await this.load();
    const sortKey = `${q.sort}:${q.descending}`;
    if (!this.sorted || this.sorted.key !== sortKey) {
      const cmp = compareBy(q.sort, policy);
      const list = [...all.values()].sort((a, b) => (q.descending ? cmp(b, a) : cmp(a, b)));
      this.sorted = { key: sortKey, list };
    }
    const matches = this.sorted.list.filter((x) => matchesQuery(q, x, policy));
    return { total: matches.length, offset: q.offset, rows: matches.slice(q.offset, q.offset + q.limit).map(withMode) };
  }

  /** Keeps the loaded list current; a record the directory has not loaded yet is read with the rest. */
  noteRecord(record: TrustRecord): void {
    if (!this.all) return;
    this.all.set(record.host, summarize(record));
    this.sorted = undefined;
  }

  forget(host: string): void {
    this.all?.delete(host);
    this.sorted = undefined;
  }

  /** Sorting by mode depends on the policy: drop the cached order when it changes. */
  policyChanged(): void {
    this.sorted = undefined;
  }
}
