// Where a host's current record lives, and where a change to it goes. There are three places: the
// store (through the cache of records read this session), the private session's records (memory
// only, never written), and what normal windows learned while the store could not keep it
// (store-keeper.ts). The trust service calls in here one host at a time, from its host queue.
import type { RecordChange } from '../core/apply.js';
import type { TrustEvent } from '../core/trust-event.js';
import { isHeld, isTrusted, type TrustRecord } from '../core/trust-record.js';
import type { TrustStore } from '../store/trust-store.js';
import type { SessionArea } from '../platform/session-area.js';
import { privateView } from '../core/private-view.js';
import { PrivateRecords } from './private-records.js';
import { RecordCache } from './record-cache.js';
import type { WriteBatcher } from './write-batcher.js';
import { portlessHost } from '../core/host-port.js';
import { decidedHere, nameView, startingRecord, trustsKey } from '../core/name-view.js';

export interface RecordKeeperDeps {
  store: () => Promise<TrustStore>;
  writes: WriteBatcher;
  /** Whether the store keeps what is learned now. */
  persisting: () => boolean;
  /** Told of every record change that will reach the store. */
  onRecord: (record: TrustRecord) => void;
  /** storage.session in the add-on: the private session's records outlive a suspension there. */
  journal?: SessionArea;
}

/** Names whose ports' look-up is kept at most: past it, all are looked up afresh. */
const NAME_LOOKUPS_KEPT = 10_000;

export class RecordKeeper {
  /** Records read or written this session; null means "known to be absent from the store". */
  readonly cache = new RecordCache();
  /** What private windows taught, for the life of the private session only. */
  private readonly privateRecords: PrivateRecords;
  /** What normal windows taught while the store could not keep it, with its history. */
  private readonly unsaved = new Map<string, TrustRecord>();
  private unsavedEvents: TrustEvent[] = [];
  private readonly recovered: Promise<void>;

  constructor(private readonly deps: RecordKeeperDeps) {
    this.privateRecords = new PrivateRecords(deps.journal);
    // What the last wake left unwritten is newer than the store: it comes first. So do the private
    // session's records, kept in storage.session (memory only) across suspensions.
    this.recovered = Promise.all([
      deps.writes.recover().then((records) => { for (const r of records) this.cache.set(r.host, r); }),
      this.privateRecords.recover(),
    ]).then(() => undefined, () => undefined);
  }

  /** The host's current record: for a private tab, what it learned there comes first. */
  async get(host: string, incognito: boolean): Promise<TrustRecord | undefined> {
    await this.recovered;
    if (incognito) {
      const own = this.privateRecords.get(host);
      // The saved record now, with what the private session learned over it (core/private-view.ts).
      if (own) return privateView(own, await this.get(host, false).catch(() => undefined));
    }
    if (!this.deps.persisting()) {
      const own = this.unsaved.get(host);
      if (own) return own;
    }
    for (;;) {
      if (this.cache.has(host)) return this.cache.get(host) ?? undefined;
      const version = this.cache.version(host);
      let stored: TrustRecord | undefined;
      try {
        stored = await (await this.deps.store()).getRecord(host);
      } catch (error) {
        // A store that will not open: judge against what this session learned. A record that is
        // there but unreadable is another matter: never call that host new.
        if (!this.deps.persisting()) return undefined;
        throw error;
      }
      // Overtaken while reading (a sighting kept, a forget, an import): look again.
      if (this.cache.fill(host, stored ?? null, version)) return stored;
    }
  }

  /**
   * What a response of `host` is judged against. `record`: its own; for a host with none yet, the
   * keys learned without asking of the same DNS name's record on another port (the default port's
   * if it has keys, else the port seen last; core/name-view.ts startingRecord), which become its
   * own. `view`, where the host's own record does not trust the key presented (`spkiSha256`) and
   * other ports of the name have keys: every port's record of the name (core/name-view.ts), judged
   * too, for the stricter verdict; never written anywhere.
   * Firefox's cookies ignore the port (RFC 6265, section 8.5): an attacker who makes the browser
   * fetch https://bank.example:8443/ with any certificate for the name gets the name's cookies, and
   * a port's own record, seen only when the attacker chose, can be weeks behind the name's.
   */
  async forJudging(host: string, incognito: boolean, spkiSha256?: string): Promise<{ record: TrustRecord | undefined; view?: TrustRecord }> {
    const own = await this.get(host, incognito);
    if (own && spkiSha256 !== undefined && this.settledAlone(host, own, spkiSha256, incognito)) return { record: own };
    const name = portlessHost(host) ?? host;
    const others = await this.namesakes(host, incognito);
    if (others.length === 0) return { record: own };
    return { record: own ?? startingRecord(host, others, name), view: nameView(host, own, others, name) };
  }

  /**
   * Whether the host's own record judges a key it trusts alone. A key the user decided on here: yes.
   * A key learned without asking: on a port, never (the name's view is asked too, name-view.ts
   * decidedHere); on the name itself (the default port), unless a port of it is in memory: its
   * ports are rare, and looking them up in the store would cost every known host's first
   * judgement of a session a read.
   */
  private settledAlone(host: string, own: TrustRecord, spkiSha256: string, incognito: boolean): boolean {
    if (decidedHere(own, spkiSha256)) return true;
    if (!trustsKey(own, spkiSha256) || portlessHost(host) !== null) return false;
    return !this.heldNamesakes(host, incognito).some((r) => r.keys.length > 0);
  }

  /**
   * Whether a key the host trusts may yet be stopped for another port of the name: one refuses it,
   * waits for a decision on it, or is held. Then a known certificate's chain is read in full, so
   * that its response is held for the verdict (TrustService.knownCertificate, mayBeCritical).
   * Unreadable ports: yes, the safe way.
   */
  async narrowedElsewhere(host: string, own: TrustRecord, spkiSha256: string, incognito: boolean): Promise<boolean> {
    if (this.settledAlone(host, own, spkiSha256, incognito)) return false;
    const others = await this.namesakes(host, incognito).catch(() => null);
    return others === null || others.some((r) => isHeld(r) || r.keys.some((k) => k.spkiSha256 === spkiSha256 && !isTrusted(k)));
  }

  /**
   * The records with keys of the same DNS name on every other port than `host`'s: the store's (one
   * key-range read) and what this session holds newer. Each is read through the cache, so the
   * caller may ask the cache afterwards (TrustService.mayBeCritical).
   */
  async namesakes(host: string, incognito: boolean): Promise<TrustRecord[]> {
    const name = portlessHost(host) ?? host;
    const hosts = new Set(await this.storedNamesakes(name));
    for (const h of this.heldNamesakes(host, incognito)) hosts.add(h.host);
    hosts.delete(host);
    const others: TrustRecord[] = [];
    for (const other of hosts) {
      const r = await this.get(other, incognito).catch(() => undefined);
      if (r && r.keys.length > 0) others.push(r);
    }
    return others;
  }

  /** Host keys of each name in the store, as looked up once this session. */
  private readonly storedNames = new Map<string, Promise<string[]>>();

  /**
   * The store's host keys of `name` on every port, looked up once for the event page's life: the
   * leaf read (TrustService.knownCertificate) and the judging that follows ask the same, and so
   * does every full judgement of a port's key learned without asking. It stays true: a record
   * written since is in the cache (heldNamesakes; the cache keeps every record it wrote), one
   * forgotten since reads as absent, and a write around the cache (an import) clears it
   * (storeRewritten). A failed look-up is not kept.
   */
  private storedNamesakes(name: string): Promise<string[]> {
    let hosts = this.storedNames.get(name);
    if (!hosts) {
      if (this.storedNames.size >= NAME_LOOKUPS_KEPT) this.storedNames.clear();
      hosts = this.deps.store().then((store) => store.recordsOfName(name)).then((records) => records.map((r) => r.host), () => {
        this.storedNames.delete(name);
        return [];
      });
      this.storedNames.set(name, hosts);
    }
    return hosts;
  }

  /** Records were written to the store around the cache (an import): look names up afresh. */
  storeRewritten(): void {
    this.storedNames.clear();
  }

  /** The records of the same name on other ports that this session holds in memory. */
  heldNamesakes(host: string, incognito: boolean): TrustRecord[] {
    const name = portlessHost(host) ?? host;
    return this.held(incognito).filter((r): r is TrustRecord => r !== null && r.host !== host && r.host.startsWith(name) && (r.host === name || portlessHost(r.host) === name));
  }

  /** The private session's own records of the same name on other ports than `host`'s. */
  privateNamesakes(host: string): TrustRecord[] {
    const name = portlessHost(host) ?? host;
    return [...this.privateRecords.values()].filter((r) => r.host !== host && (r.host === name || portlessHost(r.host) === name));
  }

  /** The private session's own record of the host, if it has one (a decision may be made there). */
  privateRecord(host: string): TrustRecord | undefined {
    return this.privateRecords.get(host);
  }

  /**
   * Every record this session holds newer than the store: the cache's, what normal windows learned
   * while the store could not keep it (an eleventh review: without it, the name's other ports went
   * unasked while the store was unavailable or wiped), and a private tab's own.
   */
  held(incognito: boolean): (TrustRecord | null)[] {
    const unsaved = this.deps.persisting() ? [] : [...this.unsaved.values()];
    return incognito ? [...this.cache.values(), ...unsaved, ...this.privateRecords.values()] : [...this.cache.values(), ...unsaved];
  }

  /** Puts a change where it belongs: memory only for a private tab or an unkeeping store, else the store. */
  keep(change: RecordChange, incognito: boolean): void {
    if (incognito) {
      this.privateRecords.set(change.record);
      return;
    }
    if (!this.deps.persisting()) {
      this.unsaved.set(change.record.host, change.record);
      this.unsavedEvents.push(...change.events);
      return;
    }
    this.cache.set(change.record.host, change.record);
    this.deps.writes.write(change.record, change.events, change.durable);
    this.deps.onRecord(change.record);
  }

  /** A record the store already holds as given (a prune's, a restore's): the cache follows. */
  stored(record: TrustRecord): void {
    this.cache.set(record.host, record);
    this.deps.onRecord(record);
  }

  /**
   * The store keeps things again (the user started over, or imported a backup): what was learned
   * meanwhile is written, except for hosts the import has just brought back.
   */
  adoptUnsaved(except: ReadonlySet<string>): void {
    const events = this.unsavedEvents.filter((e) => !except.has(e.host));
    this.unsavedEvents = [];
    for (const record of this.unsaved.values()) {
      if (except.has(record.host)) continue;
      this.cache.set(record.host, record);
      this.deps.writes.write(record, [], true);
      this.deps.onRecord(record);
    }
    this.deps.writes.append(events);
    this.unsaved.clear();
  }

  /** The last private window closed: what it taught is forgotten. */
  endPrivateSession(): void {
    this.privateRecords.clear();
  }
}
