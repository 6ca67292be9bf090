// The management page's view of every host: search, filter, sort and page through summaries.
// The first screen comes straight from an IndexedDB cursor; everything else from all summaries,
// loaded once in the background and kept current as records change.
import { compareBy, hostSearch, isPlainListing, matchesQuery, type HostPage, type HostQuery, type HostRow } from '../core/host-query.js';
import { summarize, type HostSummary } from '../core/host-summary.js';
import { modeOf, type Policy } from '../core/policy.js';
import { severityRank } from '../core/severity.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { TrustStore } from '../store/trust-store.js';

const LOAD_CHUNK = 2_000;

export class HostDirectory {
  /** Host keys alone, loaded first: a search by name needs nothing else. */
  private hosts: Promise<string[]> | undefined;
  private all: Map<string, HostSummary> | undefined;
  private loading: Promise<Map<string, HostSummary>> | undefined;
  /** The last sorted list, reused while neither the sort nor the hosts change. */
  private sorted: { key: string; list: HostSummary[] } | undefined;

  constructor(private readonly store: () => Promise<TrustStore>) {}

  /**
   * Reads every summary in chunks: one big read would hold the background page's thread for
   * seconds with 100,000 hosts, and every message (a keystroke's search) would wait behind it.
   */
  private load(): Promise<Map<string, HostSummary>> {
    if (this.all) return Promise.resolve(this.all);
    this.loading ??= (async () => {
      const store = await this.store();
      const all = new Map<string, HostSummary>();
      for (let after: string | null = null; ;) {
        const chunk = await store.summariesAfter(after, LOAD_CHUNK);
        for (const x of chunk) all.set(x.host, x);
        if (chunk.length < LOAD_CHUNK) break;
        after = chunk[chunk.length - 1]!.host;
        await new Promise((r) => setTimeout(r, 0));
      }
      this.all = all;
      return all;
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  async page(q: HostQuery, policy: Policy): Promise<HostPage> {
    const withMode = (x: HostSummary): HostRow => ({ ...x, mode: modeOf(policy, x.host) });
    if (!this.all && isPlainListing(q)) {
      const store = await this.store();
      const [first, total] = await Promise.all([store.firstSummaries(q.offset + q.limit), store.countHosts()]);
      this.warmUp();
      return { total, offset: q.offset, rows: first.slice(q.offset).map(withMode) };
    }
    if (!this.all && isPlainListing({ ...q, search: '' })) {
      // A search by name while the summaries are still loading: filter the host keys, read only
      // the rows on screen.
      const matches = (await this.hostKeys()).filter(hostSearch(q.search));
      const rows = await (await this.store()).summariesOf(matches.slice(q.offset, q.offset + q.limit));
      return { total: matches.length, offset: q.offset, rows: rows.map(withMode) };
    }
    const matches = await this.matching(q, policy);
    return { total: matches.length, offset: q.offset, rows: matches.slice(q.offset, q.offset + q.limit).map(withMode) };
  }

  private async matching(q: HostQuery, policy: Policy): Promise<HostSummary[]> {
    const all = await this.load();
    const sortKey = `${q.sort}:${q.descending}`;
    if (!this.sorted || this.sorted.key !== sortKey) {
      const cmp = compareBy(q.sort, policy);
      const list = [...all.values()].sort((a, b) => (q.descending ? cmp(b, a) : cmp(a, b)));
      this.sorted = { key: sortKey, list };
    }
    const search = hostSearch(q.search);
    return this.sorted.list.filter((x) => search(x.host) && matchesQuery({ ...q, search: '' }, x, policy));
  }

  /** Where a host is in a query's list (for manager.html?host= to scroll to it), or null if not in it. */
  async indexOf(q: HostQuery, host: string, policy: Policy): Promise<number | null> {
    if (!this.all && isPlainListing(q)) {
      // The plain listing is the store's key order: the host keys alone tell the place.
      const i = (await this.hostKeys()).indexOf(host);
      return i < 0 ? null : i;
    }
    const i = (await this.matching(q, policy)).findIndex((x) => x.host === host);
    return i < 0 ? null : i;
  }

  /**
   * The hosts whose change waits for the user, and those serving a key the user refused, loudest
   * and latest first: what the management page lists above everything else. Read from every
   * summary, loaded once (in the background of the first screen for a big history).
   */
  async needsDecision(limit: number, policy: Policy): Promise<{ total: number; rows: HostRow[] }> {
    const waiting = [...(await this.load()).values()].filter((x) => x.status === 'changed' || x.status === 'refused');
    waiting.sort((a, b) => severityRank(b.lastChangeSeverity) - severityRank(a.lastChangeSeverity) || b.lastSeen - a.lastSeen);
    return { total: waiting.length, rows: waiting.slice(0, limit).map((x) => ({ ...x, mode: modeOf(policy, x.host) })) };
  }

  /** Starts loading, host keys first, so the first keystroke need not wait for every summary. */
  private warmUp(): void {
    void this.hostKeys().then(() => this.load()).catch(() => undefined);
  }

  private hostKeys(): Promise<string[]> {
    this.hosts ??= this.store().then((s) => s.allHosts());
    this.hosts.catch(() => (this.hosts = undefined));
    return this.hosts;
  }

  /** Keeps the loaded list current; a record the directory has not loaded yet is read with the rest. */
  noteRecord(record: TrustRecord): void {
    this.hosts = undefined;
    if (!this.all) return;
    this.all.set(record.host, summarize(record));
    this.sorted = undefined;
  }

  forget(host: string): void {
    this.hosts = undefined;
    this.all?.delete(host);
    this.sorted = undefined;
  }

  /** Sorting by mode depends on the policy: drop the cached order when it changes. */
  policyChanged(): void {
    this.sorted = undefined;
  }
}
