// Export and import of the trust history. Export is read in chunks, so the page can build a file
// of 100,000 hosts piece by piece. Import is staged in chunks, checked at this trust boundary
// (whatever the page already checked), previewed, and written in one transaction.
import { HISTORY_FORMAT, HISTORY_VERSION, type ExportedHost } from '../core/history/format.js';
import type { ExportChunk } from '../protocol.js';
import { mergeHost, mergePolicy, type ImportConflict, type ImportPreview, type Resolution } from '../core/history/merge.js';
import { checkHistory } from '../core/history/validate.js';
import { EMPTY_POLICY, type Policy } from '../core/policy.js';
import type { TrustRecord } from '../core/trust-record.js';
import type { TrustEvent } from '../core/trust-event.js';
import type { TrustStore } from '../store/trust-store.js';
import { domainRules } from './domain-rules.js';
import type { HostDirectory } from './host-directory.js';
import type { TrustService } from './trust-service.js';
import type { StoreKeeper } from './store-keeper.js';

interface Staged {
  hosts: ExportedHost[];
  /** Each staged host's place in the whole file, to name the first of a duplicate. */
  names: Map<string, number>;
  policy: Policy;
  /** The preview's plan: apply writes it as it is while it still holds (see apply). */
  planned?: Plan;
}

type Plan = Awaited<ReturnType<HistoryService['plan']>>;

/** At most this many conflicts are listed: past that, the user should import a smaller file. */
const MAX_LISTED_CONFLICTS = 1_000;
const READ_CHUNK = 1_000;

export class HistoryService {
  private readonly staged = new Map<string, Staged>();
  /** The export chunk the page will ask for next, already being read. */
  private nextChunk: { after: string; limit: number; read: Promise<{ json: string; count: number; last: string | null }> } | undefined;

  constructor(
    private readonly store: () => Promise<TrustStore>,
    private readonly service: TrustService,
    private readonly directory: HostDirectory,
    private readonly now: () => number,
    /** An import into a wiped store is the user restoring a backup: the store is trusted again. */
    private readonly keeper?: Pick<StoreKeeper, 'status' | 'startOver' | 'hostsChanged'>,
  ) {}

  async exportChunk(after: string | null, limit: number): Promise<ExportChunk> {
    // Pending sightings first, so the file holds what the user sees.
    if (after === null) {
      this.nextChunk = undefined;
      await this.service.writes.flushAll();
    }
    const ahead = this.nextChunk;
    this.nextChunk = undefined;
    const reading = ahead && ahead.after === after && ahead.limit === limit ? ahead.read : this.readChunk(after, limit);
    const { json, count, last } = await reading;
    // The page asks for the chunk after this one next: read it while this one travels and is
    // written into the file (IndexedDB works in its own thread, so the two overlap). Each chunk
    // is its own transaction anyway, so a chunk read a moment early is no less consistent.
    if (count === limit && last !== null) {
      const read = this.readChunk(last, limit);
      read.catch(() => undefined);
      this.nextChunk = { after: last, limit, read };
    }
    return { hostsJson: json, count, last, policy: after === null ? await this.service.policy.user() : null };
  }

  private async readChunk(after: string | null, limit: number): Promise<{ json: string; count: number; last: string | null }> {
    return (await this.store()).exportHosts(after, limit);
  }

  /**
   * Starts an import. One at a time: this ends any earlier one, which would otherwise keep its
   * staged hosts (hundreds of megabytes for a big file) until the event page is suspended.
   */
  begin(): string {
    this.staged.clear();
    const token = crypto.randomUUID();
    this.staged.set(token, { hosts: [], names: new Map(), policy: structuredClone(EMPTY_POLICY) });
    return token;
  }

  /** Adds a chunk of hosts, as JSON text (and, once, the policy). Errors name the host's place in the whole file. */
  stage(token: string, hostsJson: string, policy: unknown | null): void {
    const s = this.session(token);
    let hosts: unknown;
    try {
      hosts = JSON.parse(hostsJson);
    } catch {
      this.staged.delete(token);
      throw new Error('hosts: a chunk is not JSON');
    }
    if (!Array.isArray(hosts)) {
      this.staged.delete(token);
      throw new Error('hosts: not a list');
    }
    const offset = s.hosts.length;
    const check = checkHistory({
      format: HISTORY_FORMAT, version: HISTORY_VERSION, exportedAt: new Date(0).toISOString(), policy: policy ?? EMPTY_POLICY, hosts,
    });
    if (!check.ok) {
      this.staged.delete(token);
      throw new Error(check.errors.map((e) => e.replace(/^hosts\[(\d+)\]/, (_m, i: string) => `hosts[${offset + Number(i)}]`)).join('\n'));
    }
    for (const [i, h] of check.history.hosts.entries()) {
      const first = s.names.get(h.host);
      if (first !== undefined) {
        this.staged.delete(token);
        // Worded as the check of one chunk words it: the file reads the same however it was cut.
        throw new Error(`hosts[${offset + i}].host: duplicate of hosts[${first}]`);
      }
      s.names.set(h.host, offset + i);
      s.hosts.push(h);
    }
    if (policy !== null) s.policy = check.history.policy;
  }

  async preview(token: string): Promise<ImportPreview> {
    const s = this.session(token);
    const plan = await this.plan(s, new Map());
    s.planned = plan;
    return plan.preview;
  }

  /**
   * Writes the import in one transaction, under the user's resolutions. Visits wait meanwhile
   * (TrustService.exclusively), so none is judged against the store as it was before and written
   * over the import, or written between the plan's reads and its write.
   */
  apply(token: string, resolutions: Record<string, Resolution>): Promise<ImportPreview> {
    return this.service.exclusively(() => this.applyNow(token, resolutions));
  }

  private async applyNow(token: string, resolutions: Record<string, Resolution>): Promise<ImportPreview> {
    const s = this.session(token);
    // Sightings waiting for their write go first: they change the store the plan was made from.
    await this.service.writes.flushAll();
    const store = await this.store();
    // Merging 100,000 hosts again costs a second: the preview's plan still holds if the user
    // resolved nothing and nothing was written since. Its "imported" events take this moment.
    // A store reopened after a loss is another store, whatever its count.
    const planned = s.planned;
    const reuse = planned && Object.keys(resolutions).length === 0 && planned.store === store && planned.writeCount === store.writeCount();
    const { preview, records, events, policy } = reuse
      ? { ...planned, events: planned.events.map((e) => (e.kind === 'imported' ? { ...e, at: this.now() } : e)) }
      : await this.plan(s, new Map(Object.entries(resolutions)));
    await (await this.store()).importAll(records, events, policy);
    this.staged.delete(token);
    await this.service.reloaded(records.map((r) => r.host), policy);
    this.keeper?.hostsChanged();
    if (this.keeper?.status().kind === 'wiped') {
      await this.keeper.startOver();
      this.service.adoptUnsaved(new Set(records.map((r) => r.host)));
    }
    for (const r of records) this.directory.noteRecord(r);
    this.directory.policyChanged();
    return preview;
  }

  private session(token: string): Staged {
    const s = this.staged.get(token);
    if (!s) throw new Error('this import has expired: choose the file again');
    return s;
  }

  private async plan(s: Staged, resolutions: ReadonlyMap<string, Resolution>) {
    await this.service.writes.flushAll();
    const store = await this.store();
    // Read before the plan's own reads: a write begun from here on changes the count, so apply
    // knows this plan may be stale. One begun before is seen by the reads (IndexedDB orders them).
    const writeCount = store.writeCount();
    const records: TrustRecord[] = [];
    const events: TrustEvent[] = [];
    const conflicts: ImportConflict[] = [];
    let added = 0;
    let changed = 0;
    const present = await store.hostsPresent(s.hosts.map((h) => h.host));
    const domainOf = await domainRules();
    for (let from = 0; from < s.hosts.length; from += READ_CHUNK) {
      // The management page shares this thread: let it run between chunks (into an empty profile
      // no read waits here, and 100,000 merges would hold the thread for seconds).
      if (from > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      const chunk = s.hosts.slice(from, from + READ_CHUNK);
      const local = await store.getRecords(chunk.map((h) => h.host).filter((h) => present.has(h)));
      for (const h of chunk) {
        const mine = local.get(h.host);
        const merge = mergeHost(mine, mine ? await store.eventsFor(h.host) : [], h, resolutions, domainOf, this.now());
        if (conflicts.length < MAX_LISTED_CONFLICTS) conflicts.push(...merge.conflicts.slice(0, MAX_LISTED_CONFLICTS - conflicts.length));
        if (!merge.record) continue;
        records.push(merge.record);
        events.push(...merge.events);
        if (merge.isNew) added += 1;
        else {
          changed += 1;
          // A merge into a known host is history too; a host new to this profile comes whole from the file.
          events.push({ host: h.host, at: this.now(), kind: 'imported', severity: 'none' });
        }
      }
    }
    const policyMerge = mergePolicy(await this.service.policy.user(), s.policy, resolutions);
    conflicts.push(...policyMerge.conflicts);
    return {
      store,
      writeCount,
      records,
      events,
      policy: policyMerge.policy,
      preview: {
        hosts: s.hosts.length, added, changed, unchanged: s.hosts.length - added - changed,
        eventsAdded: events.filter((e) => e.kind !== 'imported').length,
        pinsAdded: policyMerge.pinsAdded, rulesAdded: policyMerge.rulesAdded, modesAdded: policyMerge.modesAdded, policyChanges: policyMerge.changes, conflicts,
      },
    };
  }
}
