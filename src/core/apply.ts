// What a verdict does to the trust record, and which history events it leaves. Pure.
import type { DomainOf } from './domain.js';
import type { Observation, OverrideObservation } from './observation.js';
import { observedKey } from './judge.js';
import { ALARM_KINDS, ALARM_SEVERITIES, sameKey, type KeyDecision, type KeyRef, type KnownKey, type KeyStatus, type TrustRecord, type UnshownAlarm } from './trust-record.js';
import type { TrustEvent } from './trust-event.js';
import type { Verdict } from './verdict.js';

/** A rejected key or an override is recorded again only after this long unseen. */
export const REAPPEARANCE_MS = 60 * 60 * 1000;

export interface RecordChange {
  record: TrustRecord;
  events: TrustEvent[];
  /**
   * True when the change must reach disk promptly (a new key, a new record, an event).
   * False for a plain sighting, whose last-seen time may be written later in a batch.
   */
  durable: boolean;
}

function keyFrom(obs: Observation, status: KeyStatus, provisional?: KnownKey['provisional']): KnownKey {
  const ref = observedKey(obs);
  return {
    ...ref,
    status,
    firstSeen: obs.at,
    lastSeen: obs.at,
    timesSeen: 1,
    cert: obs.leaf,
    chainSpki: obs.chain.map((c) => c.spkiSha256),
    chainSubjects: obs.chain.map((c) => c.subject),
    builtInRoot: obs.builtInRoot,
    ctStatus: obs.ctStatus,
    tlsVersion: obs.tlsVersion,
    ...(obs.chainDer ? { chainDer: obs.chainDer } : {}),
    ...(obs.issuedAt !== undefined ? { issuedAt: obs.issuedAt } : {}),
    ...(provisional ? { provisional } : {}),
  };
}

function sighted(record: TrustRecord | undefined, host: string, at: number, domainOf: DomainOf): TrustRecord {
  if (!record) return { host, domain: domainOf(host), firstSeen: at, lastSeen: at, timesSeen: 1, keys: [] };
  return { ...record, lastSeen: Math.max(record.lastSeen, at), timesSeen: record.timesSeen + 1 };
}

function withoutAlarm({ unshownAlarm: _, ...k }: KnownKey): KnownKey {
  return k;
}

function replaceKey(record: TrustRecord, ref: KeyRef, update: (k: KnownKey) => KnownKey): TrustRecord {
  return { ...record, keys: record.keys.map((k) => (sameKey(k, ref) ? update(k) : k)) };
}

/**
 * The status a key gets when first seen. A first use is learned; a change is learned only where
 * the judge says so (a routine rule: on probation); anything else waits for the user's decision.
 */
function statusForNewKey(verdict: Verdict): KeyStatus {
  // Strict mode learns nothing by itself: a blocked key waits for the user.
  if (verdict.blocked) return 'pending';
  if (verdict.kind === 'first-use' && verdict.severity === 'none') return 'first-use';
  return verdict.learn ? 'first-use' : 'pending';
}

/**
 * Keys on probation whose trust the verdict withdrew (judge.ts, change-rules.ts): they wait for
 * the user now. Only a key still learned without asking is doubted, never one the user decided on.
 */
function doubt(record: TrustRecord, refs: readonly KeyRef[]): TrustRecord {
  const pending = ({ provisional: _, ...k }: KnownKey): KnownKey => ({ ...k, status: 'pending' });
  // By key, under every issuer: his key's certificate from a second CA must not stay trusted when
  // the first is doubted (a seventh review).
  return { ...record, keys: record.keys.map((k) => (k.status === 'first-use' && refs.some((r) => r.spkiSha256 === k.spkiSha256) ? pending(k) : k)) };
}

/** Verdicts on a known key that are history worth keeping. */
const KNOWN_KEY_EVENTS = new Set<Verdict['kind']>(['downgrade']);

/** What a verdict no tab showed leaves on its pending key, in the bounds an alarm may have. */
function alarmOf(verdict: Verdict): UnshownAlarm {
  const kind = (ALARM_KINDS as readonly string[]).includes(verdict.kind) ? verdict.kind as UnshownAlarm['kind'] : 'unresolved';
  const severity = (ALARM_SEVERITIES as readonly string[]).includes(verdict.severity) ? verdict.severity as UnshownAlarm['severity'] : 'warning';
  return { kind, severity, reasons: verdict.reasons };
}

/**
 * `domainOf` is asked only for a host seen for the first time, whose record is created here.
 * `shown`: whether a tab will show the verdict. A change no tab shows keeps its alarm on the key
 * (KnownKey.unshownAlarm) for the next tab that meets it.
 */
export function applyObservation(before: TrustRecord | undefined, obs: Observation, verdict: Verdict, domainOf: DomainOf, shown = true): RecordChange {
  const ref = observedKey(obs);
  const record = { ...sighted(before, obs.host, obs.at, domainOf), hsts: obs.hsts };
  const existing = before?.keys.find((k) => sameKey(k, ref));
  const event = (): TrustEvent => ({
    host: obs.host,
    at: obs.at,
    kind: verdict.kind as TrustEvent['kind'],
    severity: verdict.severity,
    key: ref,
    ...(verdict.previous ? { previous: verdict.previous } : {}),
  });

  if (!existing) {
    const status = statusForNewKey(verdict);
    const probation = status === 'first-use' && verdict.learn === 'provisional' ? { replaces: verdict.replaces ?? [] } : undefined;
    const key = keyFrom(obs, status, probation);
    if (status === 'pending' && !shown) key.unshownAlarm = alarmOf(verdict);
    const keys = [...(verdict.doubts ? doubt(record, verdict.doubts) : record).keys, key];
    // A pending key seen under another intermediate is the same unresolved change, not a new one.
    const samePending = before?.keys.some((k) => k.spkiSha256 === ref.spkiSha256 && k.status === 'pending') ?? false;
    const events = verdict.kind === 'unresolved' || samePending ? [] : [event()];
    return { record: events.length > 0 ? noteChange({ ...record, keys }, verdict) : { ...record, keys }, events, durable: true };
  }

  // A renewed certificate or a weaker connection: keep the latest facts, so each is said once.
  const refreshed = verdict.kind === 'renewal' || verdict.kind === 'downgrade';
  // The alarm a tab now shows is shown: cleared from the key.
  const alarmShown = shown && existing.unshownAlarm !== undefined;
  const sighting = replaceKey(record, ref, (k) => {
    const { unshownAlarm, ...rest } = k;
    return {
      // The latest certificate's DER with its facts: the names a renewal must carry over are the
      // current certificate's (key-names.ts), not the first one's. Kept only where none came.
      ...(refreshed ? { ...keyFrom(obs, k.status, k.provisional), ...(!obs.chainDer && k.chainDer ? { chainDer: k.chainDer } : {}) } : rest),
      ...(unshownAlarm && !shown ? { unshownAlarm } : {}),
      firstSeen: k.firstSeen,
      lastSeen: Math.max(k.lastSeen, obs.at),
      timesSeen: k.timesSeen + 1,
    };
  });
  // A doubt no tab shows is not spent: the key stays as it was, and the next tab that meets the
  // returning key gets the same verdict (an attacker's own service worker fetching the real site
  // must not use up the one warning).
  const doubted = shown && (verdict.doubts?.length ?? 0) > 0;
  const touched = doubted ? doubt(sighting, verdict.doubts!) : sighting;
  // A rejected key coming back is news: the first time after the user refused it (the host's
  // latest change is not yet that), and after a long absence; a steady stream of it is not.
  // A pending key is one unresolved change however often it is seen: shown, never a new event.
  // A key refused on another port of the name (core/name-view.ts) is as much news here.
  const reappeared = verdict.kind === 'rejected-key' && (obs.at - existing.lastSeen > REAPPEARANCE_MS || before?.lastChange?.kind !== 'rejected-key');
  const noteworthy = reappeared || doubted || KNOWN_KEY_EVENTS.has(verdict.kind);
  const hstsChanged = (before?.hsts ?? false) !== obs.hsts;
  return {
    record: noteworthy ? noteChange(touched, verdict) : touched,
    events: noteworthy ? [event()] : [],
    durable: refreshed || noteworthy || hstsChanged || alarmShown,
  };
}

/** Keeps the latest change on the record, for the host list; a first use is not a change. */
function noteChange(record: TrustRecord, verdict: Verdict): TrustRecord {
  if (verdict.kind === 'first-use') return record;
  return { ...record, lastChange: { at: verdict.at, kind: verdict.kind, severity: verdict.severity } };
}

/**
 * Keys of another port of the name that a verdict on this one doubted (a second claim on the name's
 * renewal, core/name-view.ts): learned there without asking, they wait for the user now, and the
 * alarm is shown at their next sighting there. Null where that port holds none of them so.
 */
export function doubtOnAnotherPort(record: TrustRecord, verdict: Verdict): RecordChange | null {
  const doubted = (k: KnownKey) => k.status === 'first-use' && (verdict.doubts ?? []).some((d) => d.spkiSha256 === k.spkiSha256);
  const hit = record.keys.filter(doubted);
  if (hit.length === 0) return null;
  const alarm = alarmOf(verdict);
  const keys = doubt(record, verdict.doubts!).keys.map((k) => (hit.some((h) => sameKey(h, k)) ? { ...k, unshownAlarm: alarm } : k));
  const events: TrustEvent[] = hit.map((k) => ({ host: record.host, at: verdict.at, kind: verdict.kind as TrustEvent['kind'], severity: verdict.severity, key: { spkiSha256: k.spkiSha256, issuerSpkiSha256: k.issuerSpkiSha256 } }));
  return { record: { ...record, keys }, events, durable: true };
}

export function applyOverride(before: TrustRecord | undefined, seen: OverrideObservation, verdict: Verdict, domainOf: DomainOf): RecordChange {
  const record = sighted(before, seen.host, seen.at, domainOf);
  const last = before?.override;
  const fresh = !last || last.category !== seen.category || seen.at - last.lastSeen > REAPPEARANCE_MS;
  record.lastChange = fresh ? { at: seen.at, kind: verdict.kind, severity: verdict.severity } : record.lastChange;
  record.override = {
    category: seen.category,
    firstSeen: last && last.category === seen.category ? last.firstSeen : seen.at,
    lastSeen: seen.at,
    timesSeen: (last?.timesSeen ?? 0) + 1,
  };
  const events: TrustEvent[] = fresh
    ? [{
      host: seen.host,
      at: seen.at,
      kind: 'certificate-override',
      severity: verdict.severity,
      category: seen.category,
      ...(verdict.previous ? { previous: verdict.previous } : {}),
    }]
    : [];
  return { record, events, durable: fresh };
}

/** "Block until I decide": the host is enforced as strict while a key of it waits (isHeld). */
export function holdUntilDecided(before: TrustRecord, at: number): RecordChange {
  if (!before.keys.some((k) => k.status === 'pending')) throw new RangeError(`${before.host} has no change waiting for a decision`);
  const event: TrustEvent = { host: before.host, at, kind: 'held-until-decided', severity: 'none' };
  return { record: { ...before, heldUntilDecided: at }, events: [event], durable: true };
}

/** The user's decision on a key: accept it into the host's trusted keys, or keep distrusting it. */
/**
 * Whether a decision on a key reaches a certificate of it in `status` (another issuer's, or on
 * another port of the name): an acceptance or a refusal, every one but a pin; an undo of a
 * decision (`was`), the ones that say what it undoes, and after an acceptance the ones learned
 * without asking too, which only the acceptance made trusted (a thirteenth review: his second
 * issuer's certificate, learned as the accepted key's, stayed trusted after the undo).
 */
export function reachedBy(status: KeyStatus, decision: KeyDecision, was: KeyStatus): boolean {
  if (status === 'pinned') return false;
  if (decision !== 'undecided') return status !== decision;
  return (was === 'accepted' || was === 'rejected') && (status === was || (was === 'accepted' && status === 'first-use'));
}

export function decideKey(
  before: TrustRecord,
  ref: KeyRef,
  decision: KeyDecision,
  at: number,
): RecordChange {
  if (!before.keys.some((k) => sameKey(k, ref))) {
    throw new RangeError(`${before.host} has no key ${ref.spkiSha256} under issuer ${ref.issuerSpkiSha256 || '(none)'}`);
  }
  // A decision is made on what the user was shown: no alarm waits on the key after it.
  const decided = replaceKey(before, ref, (k) => ({ ...withoutAlarm(k), status: decision === 'undecided' ? 'pending' : decision }));
  // It is a decision on the key: its certificates from other issuers are decided with it, a pin
  // excepted (a doubt sends all of them to pending, and the host would stay held for them; a
  // twelfth review: accepting the site's key after refusing it left its other intermediate's
  // certificate refused, and the site critical under that chain), as on the name's other ports
  // (background/other-ports.ts); and an undo takes back what the decision did to them (an eleventh
  // review: undoing a mistaken acceptance left his second issuer's certificate accepted).
  const was = before.keys.find((k) => sameKey(k, ref))!.status;
  const twin = (k: KnownKey) => k.spkiSha256 === ref.spkiSha256 && reachedBy(k.status, decision, was);
  const status = decision === 'undecided' ? 'pending' : decision;
  decided.keys = decided.keys.map((k) => (twin(k) ? { ...withoutAlarm(k), status } : k));
  // "Block until I decide" ends with the decision that leaves no key waiting.
  const record = { ...decided };
  if (!record.keys.some((k) => k.status === 'pending')) delete record.heldUntilDecided;
  const event: TrustEvent = {
    host: before.host,
    at,
    kind: decision === 'accepted' ? 'key-accepted' : decision === 'rejected' ? 'key-rejected' : 'decision-undone',
    severity: 'none',
    key: { spkiSha256: ref.spkiSha256, issuerSpkiSha256: ref.issuerSpkiSha256 },
  };
  return { record, events: [event], durable: true };
}
