// The trust service: judges observations against trust records and applies the user's decisions.
// Every change to a record goes through here, one host at a time (its host queue), and on to the
// record keeper (record-keeper.ts), so the cache and the store never disagree.
import { applyObservation, applyOverride, decideKey, holdUntilDecided, type RecordChange } from '../core/apply.js';
import { domainRules } from './domain-rules.js';
import { judgeObservation, judgeOverride, refOf } from '../core/judge.js';
import { withKnownChain, type Observation, type ReadResult } from '../core/observation.js';
import { isHeld, isTrusted, latestTrustedKey, sameKey, type KeyDecision, type KeyRef, type KeyStatus, type TrustRecord } from '../core/trust-record.js';
import type { StoredTrustEvent, TrustEvent } from '../core/trust-event.js';
import { ignoredVerdict, uncheckedVerdict, type Verdict } from '../core/verdict.js';
import { enforceVerdict } from '../core/enforce-verdict.js';
import { isInspectedAlarm } from '../core/inspection-roots.js';
import type { RecognisedRoot } from '../core/options.js';
import { enforcementFor, isEnforced, isIgnored, pinsFor, type Policy } from '../core/policy.js';
import { isPinEnforcing } from '../core/pin.js';
import type { PruneRule } from '../core/retention.js';
import { pruneStore, type PruneSummary } from './prune-store.js';
import type { InterceptionWatch } from './interception-watch.js';
import type { PolicyService } from './policy-service.js';
import type { TrustStore } from '../store/trust-store.js';
import { HostQueue } from './host-queue.js';
import { sharedConnectionFor } from './shared-lookup.js';
import { judgeInView, stricterVerdict, trustsKey } from '../core/name-view.js';
import { RecordKeeper } from './record-keeper.js';
import { JudgeContexts } from './judge-context.js';
import { RepeatSightings } from './repeat-sightings.js';
import { decideOnOtherPorts, decideOnPrivatePorts, doubtOnOtherPorts, type OtherPortsDeps } from './other-ports.js';
import type { KeepAwake } from './keep-awake.js';
import { WriteBatcher, type BatcherTiming } from './write-batcher.js';
import type { StoreKeeper } from './store-keeper.js';
import type { SessionArea } from '../platform/session-area.js';

export interface ObservationContext {
  /** From a private window: judged, remembered in memory only, never written. */
  incognito: boolean;
  /** From a request with no tab (a service worker's, the browser's): no tab will show the verdict. */
  tabless?: boolean;
}

export interface TrustServiceDeps {
  store: () => Promise<TrustStore>;
  now: () => number;
  interception: InterceptionWatch;
  policy: PolicyService;
  timing?: BatcherTiming;
  /** Told of every record change that will reach the store. */
  onRecord?: (record: TrustRecord) => void;
  /** Mirrors sightings waiting for their write (write-batcher.ts): storage.session in the add-on. */
  journal?: SessionArea;
  /** Keeps the event page up while a change is on its way to the journal or the store. */
  awake?: KeepAwake;
  /** Whether the store keeps what is learned now, and who hears how writes went (store-keeper.ts). */
  keeper?: Pick<StoreKeeper, 'persisting' | 'writeFailed' | 'writeSucceeded'>;
  /** The inspection roots the user recognised on this machine (options.ts); absent, none. */
  recognisedRoots?: () => Promise<readonly RecognisedRoot[]>;
}

export class TrustService {
  private readonly queue = new HostQueue();
  /** Where each host's current record is, and where a change to it goes. */
  private readonly records: RecordKeeper;
  /** The last quiet verdict of each host, answering repeats of it. */
  private readonly repeats: RepeatSightings;
  /** What reaches the name's other ports' records from a verdict or decision here. */
  private readonly otherPorts: OtherPortsDeps;
  private readonly persisting: () => boolean;
  readonly writes: WriteBatcher;

  private readonly store: () => Promise<TrustStore>;
  private readonly now: () => number;
  private readonly interception: InterceptionWatch;
  readonly policy: PolicyService;
  private readonly contexts: JudgeContexts;

  constructor(deps: TrustServiceDeps) {
    this.store = deps.store;
    this.now = deps.now;
    this.interception = deps.interception;
    this.policy = deps.policy;
    this.persisting = () => deps.keeper?.persisting() ?? true;
    this.writes = new WriteBatcher(deps.store, deps.now, deps.timing, {
      succeeded: () => deps.keeper?.writeSucceeded(),
      failed: (error) => deps.keeper?.writeFailed(error),
      persisting: () => this.persisting(),
    }, deps.journal, deps.awake);
    this.records = new RecordKeeper({
      store: deps.store,
      writes: this.writes,
      persisting: this.persisting,
      onRecord: deps.onRecord ?? (() => undefined),
      ...(deps.journal ? { journal: deps.journal } : {}),
    });
    this.contexts = new JudgeContexts(deps.store, this.records, deps.interception, deps.recognisedRoots ?? (async () => []));
    // A plain sighting: batched, and mirrored to the journal so that a suspension loses none.
    this.repeats = new RepeatSightings((record) => this.writes.write(record, [], false));
    this.otherPorts = { records: this.records, queue: this.queue, repeats: this.repeats, now: this.now, ...(deps.awake ? { awake: deps.awake } : {}) };
  }


  /**
   * Judges one read SecurityInfo. Resolves to null when there was nothing to judge. A verdict with
   * `blocked` set means strict mode or a pin requires the response to be stopped.
   */
  observe(result: ReadResult, context: ObservationContext): Promise<Verdict | null> {
    const host = result.kind === 'observation' ? result.observation.host : result.kind === 'override' ? result.override.host : result.host;
    if (host === null || (result.kind === 'skip' && result.reason === 'not-tls')) return Promise.resolve(null);
    if (result.kind === 'skip' && result.reason === 'from-cache') return this.cachedResponse(host, context);
    const repeat = result.kind === 'observation' ? this.repeatOf(result.observation, context) : null;
    if (repeat) return Promise.resolve(repeat);
    return this.queue.run(host, async () => {
      let policy: Policy | undefined;
      let organisationOnly: Policy | undefined;
      try {
        policy = await this.policy.get();
      } catch {
        // Without the user's policy judging still goes on, failing closed; the organisation's rules,
        // read apart from the store, still hold on top of that.
        organisationOnly = await this.policy.managedOnly().catch(() => undefined);
      }
      if (policy && isIgnored(policy, host)) {
        return ignoredVerdict(host, this.now());
      }
      const enforcement = policy ? enforcementFor(policy, host, this.now()) : undefined;
      // "Block until I decide" (the record's hold, read below): strict until the decision.
      let held = false;
      // Fails closed: where the policy cannot be read, any host may be strict or pinned, so it is
      // enforced as strict: a response that could not be judged, or whose key the host is not
      // trusted to use, is stopped (enforce-verdict.ts).
      const enforce = (verdict: Verdict, chain: string[] | null): Verdict =>
        enforceVerdict(verdict, chain, { host, now: this.now(), enforcement, organisationOnly, held });
      if (result.kind === 'skip') {
        // Nothing to judge: stopped where that must stop it; otherwise the pipeline lists it.
        const verdict = enforce(uncheckedVerdict(host, this.now(), result.reason as Exclude<typeof result.reason, 'not-tls'>), null);
        return verdict.blocked ? verdict : null;
      }
      if (result.kind === 'invalid') {
        return enforce({ kind: 'unchecked', severity: 'notice', host, at: this.now(), reasons: ['reasonUnreadableSecurityInfo'] }, null);
      }
      let record: TrustRecord | undefined;
      // The name's other ports, for a key this host does not trust: the stricter verdict holds.
      let view: TrustRecord | undefined;
      try {
        ({ record, view } = await this.records.forJudging(host, context.incognito, result.kind === 'observation' ? result.observation.leaf.spkiSha256 : undefined));
      } catch {
        // Judging against nothing would call a known host a first use: say we could not check.
        return enforce({ kind: 'unchecked', severity: 'notice', host, at: this.now(), reasons: ['reasonStoreUnavailable'] }, null);
      }
      held = isHeld(record) || isHeld(view);
      let verdict: Verdict;
      let change: RecordChange;
      if (result.kind === 'observation') {
        const obs = result.observation;
        const chainSpki = obs.chain.map((c) => c.spkiSha256);
        const known = record?.keys.some((k) => isTrusted(k) && k.spkiSha256 === obs.leaf.spkiSha256) ?? false;
        // The Public Suffix List is wanted only for an unknown key (siblings) or a new host.
        const domainOf = known ? () => record!.domain : await domainRules();
        const domain = record ? record.domain : domainOf(obs.host);
        const judgeContext = await this.contexts.contextFor(known ? null : domain, obs.host, context.incognito, !known && obs.chainDer !== undefined && (record?.keys.length ?? 0) > 0);
        // Known inspection proxies are asked only of a chain to a root not built into Firefox.
        if (!obs.builtInRoot) judgeContext.inspectionRoot = await this.contexts.inspectionRoots(policy, obs.host);
        const own = judgeObservation(record, obs, judgeContext);
        const inView = view && judgeInView(record, view, obs, judgeContext);
        const judged = inView ? stricterVerdict(own, inView, trustsKey(view, obs.leaf.spkiSha256)) : own;
        // The organisation's proxy re-signed it: said, and nothing learned or changed on the record
        // (the host's own keys stay what they are, for when it is reached without the proxy).
        if (judged.kind === 'inspected') return enforce(judged, chainSpki);
        // Asked only once the judge has found a plain new key. For a host with no key yet, a shared
        // connection is learned for neither host; for a host with keys of its own it is only said
        // beside the change (core/shared-connection.ts: who else can show it).
        const shared = await sharedConnectionFor(judged, record, obs, domain, (other) => this.records.get(other, context.incognito));
        if (shared && judged.kind === 'first-use') return enforce(shared, chainSpki);
        verdict = enforce(shared ? { ...judged, reasons: [...judged.reasons, 'reasonSharedConnectionPossible'] } : judged, chainSpki);
        change = applyObservation(record, obs, verdict, domainOf, !context.tabless);
        if (verdict.kind === 'interception') {
          const root = obs.chain[obs.chain.length - 1]!;
          await this.interception.note(host, root.spkiSha256, root.subject, context.incognito);
        }
      } else {
        verdict = enforce(judgeOverride(record, result.override), null);
        change = applyOverride(record, result.override, verdict, record ? () => record!.domain : await domainRules());
      }
      this.records.keep(change, context.incognito);
      if (view) doubtOnOtherPorts(this.otherPorts, host, verdict, context.incognito);
      // A verdict that rested on the name's other ports is not repeated: a refusal or a sighting
      // there changes it without changing this host's record (the repeat's version).
      if (view) this.repeats.forget(host);
      else if (result.kind === 'observation' && enforcement && !enforcement.strict && !held && !context.incognito && this.persisting()) {
        this.repeats.remember(result.observation, verdict, change.record, this.records.cache.version(host));
      }
      return verdict;
    });
  }

  /**
   * A repeat of the host's last quiet sighting (repeat-sightings.ts), where nothing is enforced:
   * its verdict, without the host's queue, the store or the judge. Null: judge it in full.
   */
  private repeatOf(obs: Observation, context: ObservationContext): Verdict | null {
    const policy = this.policy.peek();
    if (context.incognito || !policy || isIgnored(policy, obs.host) || isEnforced(policy, obs.host, obs.at)) return null;
    return this.repeats.repeat(obs, this.records.cache.version(obs.host));
  }

  /**
   * A response from the cache carries an old connection's certificate and is never judged. But an
   * attacker's script cached with a long max-age keeps running: while the host has an unresolved
   * change, the cached response still shows it (no record is changed).
   */
  private cachedResponse(host: string, context: ObservationContext): Promise<Verdict | null> {
    return this.queue.run(host, async () => {
      const record = await this.records.get(host, context.incognito).catch(() => undefined);
      // An interception alarm whose root is now a known inspection root (the user recognised it,
      // or the organisation declared it) is no longer a change waiting: the live sightings say
      // "inspected", and a cached favicon must not say louder.
      const known = record?.keys.some((k) => k.status === 'pending' && !k.builtInRoot) ? await this.contexts.inspectionRoots(this.policy.peek(), host) : null;
      const pending = record?.keys.find((k) => k.status === 'pending' && !(known && isInspectedAlarm(k, known)));
      if (!pending) return null;
      const at = this.now();
      return { kind: 'unresolved', severity: 'notice', host, at, reasons: ['reasonChangeUnresolved', 'reasonFromCache'], observed: refOf(pending), previous: refOf(latestTrustedKey(record)) };
    });
  }

  /**
   * For a leaf read alone: the whole observation, if the host is already trusted with exactly this
   * certificate and no other port of the name refuses its key or holds the name (a port's key
   * learned without asking is judged against them: RecordKeeper.narrowedElsewhere); undefined
   * otherwise (or when the record cannot be read), so the chain is read and the response can be held.
   * Reads the record once per host, as judging will anyway.
   */
  async knownCertificate(obs: Observation, incognito: boolean): Promise<Observation | undefined> {
    // A pin is checked against the chain as presented, never a chain kept from before: an imported
    // key's chain is whatever its file said (an attacker review forged one past a managed pin).
    // Judging waits for the policy anyway: reading it beside the record costs this response nothing more.
    const [record, policy] = await Promise.all([
      this.records.get(obs.host, incognito).catch(() => undefined),
      this.policy.get().catch(() => undefined),
    ]);
    if (!policy || pinsFor(policy, obs.host).some((p) => isPinEnforcing(p, obs.at))) return undefined;
    const key = record?.keys.find((k) => isTrusted(k) && k.spkiSha256 === obs.leaf.spkiSha256 && k.cert.fingerprintSha256 === obs.leaf.fingerprintSha256);
    if (key && !(await this.records.narrowedElsewhere(obs.host, record!, key.spkiSha256, incognito))) return withKnownChain(obs, key);
    // A new certificate is judged against the name's other ports too: read their records now, so
    // mayBeCritical knows from memory whether a key refused or held there could stop this one.
    if (!record || record.keys.length === 0) await this.records.namesakes(obs.host, incognito).catch(() => undefined);
    return undefined;
  }

  /**
   * Whether a new certificate of `host` could be judged critical (a refused key, interception; with
   * `refusedOnly`, a refused key): only where the host has such keys. Read from memory (knownCertificate
   * has just read the record); true when not known there, the safe way. A first visit is not held.
   */
  mayBeCritical(host: string, incognito: boolean, refusedOnly = false): boolean {
    const counts = (keys: readonly { status: string }[]) => (refusedOnly ? keys.some((k) => k.status === 'rejected') : keys.length > 0);
    if (incognito && counts(this.records.privateRecord(host)?.keys ?? [])) return true;
    const cached = this.records.cache.get(host);
    if (cached === undefined || (cached !== null && counts(cached.keys))) return true;
    // A host is judged against the name's other ports too (forJudging): a key refused or held
    // there is critical or stopped here (knownCertificate has read their records).
    return this.records.heldNamesakes(host, incognito).some((r) => counts(r.keys) || isHeld(r));
  }

  /** Adds entries to the history (the user's pins and mode changes). */
  note(events: TrustEvent[]): void {
    this.writes.append(events);
  }

  /**
   * The user's decision on a key a host presented, made wherever that key is known: the saved
   * record (written as usual), the private session's record (kept in memory only), or both. So a
   * host seen only in a private window can be decided on, and a decision on a host seen in both
   * kinds of window is saved. A key known nowhere is a clear error.
   */
  async decide(host: string, key: KeyRef, decision: KeyDecision): Promise<TrustRecord> {
    // What the saved record said before: an undo reaches the other ports its decision reached.
    let saved: KeyStatus | undefined;
    let session: KeyStatus | undefined;
    const decided = await this.changeWherever(host, (r) => r.keys.some((k) => sameKey(k, key)), (r, incognito) => {
      const was = r.keys.find((k) => sameKey(k, key))!.status;
      if (incognito) session = was;
      else saved = was;
      return decideKey(r, key, decision, this.now());
    }, `no record for ${host} holds the key ${key.spkiSha256} under issuer ${key.issuerSpkiSha256 || '(none)'}`);
    // A decision a private window made alone stays in the private session (a tenth review), and
    // every decision reaches the private session's own records of the other ports.
    if (saved !== undefined) await decideOnOtherPorts(this.otherPorts, host, key.spkiSha256, decision, saved);
    await decideOnPrivatePorts(this.otherPorts, host, key.spkiSha256, decision, session ?? saved!);
    return decided;
  }

  /**
   * "Block until I decide" on a host whose change waits for the user, wherever that change is
   * known (as decide): the host is enforced as strict until the decision that leaves nothing
   * waiting. A host with nothing waiting is a clear error.
   */
  holdUntilDecided(host: string): Promise<TrustRecord> {
    return this.changeWherever(host, (r) => r.keys.some((k) => k.status === 'pending'), (r) => holdUntilDecided(r, this.now()),
      `${host} has no change waiting for a decision`);
  }

  /** A user's change to the host's saved record and the private session's, each where it `applies`; neither: a RangeError. */
  private changeWherever(host: string, applies: (r: TrustRecord) => boolean, change: (r: TrustRecord, incognito: boolean) => RecordChange, nowhere: string): Promise<TrustRecord> {
    return this.queue.run(host, async () => {
      this.repeats.forgetName(host);
      const saved = await this.records.get(host, false);
      const session = this.records.privateRecord(host);
      let changed: TrustRecord | undefined;
      for (const [record, incognito] of [[session, true], [saved, false]] as const) {
        if (!record || !applies(record)) continue;
        const made = change(record, incognito);
        this.records.keep(made, incognito);
        changed = made.record;
      }
      if (!changed) throw new RangeError(nowhere);
      return changed;
    });
  }

  /** The record as FirstSeen currently knows it (for a private tab, with what it learned there). */
  async record(host: string, incognito = false): Promise<TrustRecord | undefined> {
    return this.queue.run(host, () => this.records.get(host, incognito));
  }

  async events(host: string): Promise<StoredTrustEvent[]> {
    await this.writes.flushAll();
    return (await this.store()).eventsFor(host);
  }

  /**
   * Forgets a host: record, summary and history go, in one transaction. What was removed is
   * returned for an undo; the cache is cleared so the next visit is a first use again.
   */
  forget(host: string): Promise<{ record: TrustRecord; events: StoredTrustEvent[] } | null> {
    return this.queue.run(host, async () => {
      await this.writes.flushAll();
      const removed = await (await this.store()).forgetHost(host);
      this.records.cache.set(host, null);
      return removed;
    });
  }

  /**
   * Prunes keys by the user's rule (retention.ts) across the whole store, or, as a dry run, counts
   * what would go. Pending writes go first, so the prune sees what the user sees.
   */
  async prune(rule: PruneRule, dryRun: boolean): Promise<PruneSummary> {
    return dryRun ? this.pruneNow(rule, true) : this.exclusively(() => this.pruneNow(rule, false));
  }

  /**
   * Runs a change to many hosts (an import, a prune) with no host's judging or decision in
   * between: those wait, and then read what the change wrote. Without this, a visit read before the
   * change and written after it would put back what the change removed, or undo what it added.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.exclusive(work);
  }

  private async pruneNow(rule: PruneRule, dryRun: boolean): Promise<PruneSummary> {
    await this.writes.flushAll();
    const { changed, ...summary } = await pruneStore(await this.store(), rule, this.now(), dryRun);
    if (!dryRun) {
      for (const r of changed) this.records.stored(r);
      for (const h of summary.gone) this.records.cache.set(h, null);
    }
    return summary;
  }

  /** The last private window closed: what it taught is forgotten. */
  endPrivateSession(): Promise<void> {
    this.records.endPrivateSession();
    return this.interception.forgetPrivate();
  }

  /**
   * The store keeps things again (the user started over, or imported a backup): what was learned
   * meanwhile is written, except for hosts the import has just brought back.
   */
  adoptUnsaved(except: ReadonlySet<string> = new Set()): void {
    this.records.adoptUnsaved(except);
  }

  /** After an import wrote these hosts and the policy directly: read them afresh next time. */
  async reloaded(hosts: readonly string[], policy: Policy): Promise<void> {
    for (const h of hosts) {
      this.records.cache.delete(h);
      this.repeats.forgetName(h);
    }
    this.records.storeRewritten();
    await this.policy.replace(policy);
  }

  restore(record: TrustRecord, events: StoredTrustEvent[]): Promise<void> {
    return this.queue.run(record.host, async () => {
      await (await this.store()).restoreHost(record, events);
      this.records.stored(record);
    });
  }
}
