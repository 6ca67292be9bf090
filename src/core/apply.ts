// What a verdict does to the trust record, and which history events it leaves. Pure.
import type { Observation, OverrideObservation } from './observation.js';
import { observedKey } from './judge.js';
import { sameKey, type KeyRef, type KnownKey, type KeyStatus, type TrustRecord } from './trust-record.js';
import type { TrustEvent } from './trust-event.js';
import type { Verdict } from './verdict.js';

/** A warning about the same key or override is recorded again only after this long unseen. */
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

function keyFrom(obs: Observation, status: KeyStatus): KnownKey {
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
  };
}

function sighted(record: TrustRecord | undefined, host: string, at: number): TrustRecord {
  if (!record) return { host, firstSeen: at, lastSeen: at, timesSeen: 1, keys: [] };
  return { ...record, lastSeen: Math.max(record.lastSeen, at), timesSeen: record.timesSeen + 1 };
}

function replaceKey(record: TrustRecord, ref: KeyRef, update: (k: KnownKey) => KnownKey): TrustRecord {
  return { ...record, keys: record.keys.map((k) => (sameKey(k, ref) ? update(k) : k)) };
}

export function applyObservation(before: TrustRecord | undefined, obs: Observation, verdict: Verdict): RecordChange {
  const ref = observedKey(obs);
  const record = sighted(before, obs.host, obs.at);
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
    const status: KeyStatus = verdict.kind === 'first-use' ? 'first-use' : 'pending';
    return { record: { ...record, keys: [...record.keys, keyFrom(obs, status)] }, events: [event()], durable: true };
  }

  const renewed = verdict.kind === 'renewal';
  const touched = replaceKey(record, ref, (k) => ({
    ...(renewed ? keyFrom(obs, k.status) : k),
    firstSeen: k.firstSeen,
    lastSeen: Math.max(k.lastSeen, obs.at),
    timesSeen: k.timesSeen + 1,
  }));
  // An untrusted key coming back after a long absence is news again; a steady stream of it is not.
  const reappeared = verdict.severity !== 'none' && verdict.severity !== 'info' && obs.at - existing.lastSeen > REAPPEARANCE_MS;
  return { record: touched, events: reappeared ? [event()] : [], durable: renewed || reappeared };
}

export function applyOverride(before: TrustRecord | undefined, seen: OverrideObservation, verdict: Verdict): RecordChange {
  const record = sighted(before, seen.host, seen.at);
  const last = before?.override;
  const fresh = !last || last.category !== seen.category || seen.at - last.lastSeen > REAPPEARANCE_MS;
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

/** The user's decision on a key: accept it into the host's trusted keys, or keep distrusting it. */
export function decideKey(
  before: TrustRecord,
  ref: KeyRef,
  decision: 'accepted' | 'rejected',
  at: number,
): RecordChange {
  if (!before.keys.some((k) => sameKey(k, ref))) {
    throw new RangeError(`${before.host} has no key ${ref.spkiSha256} under issuer ${ref.issuerSpkiSha256 || '(none)'}`);
  }
  const record = replaceKey(before, ref, (k) => ({ ...k, status: decision }));
  const event: TrustEvent = {
    host: before.host,
    at,
    kind: decision === 'accepted' ? 'key-accepted' : 'key-rejected',
    severity: 'none',
    key: { spkiSha256: ref.spkiSha256, issuerSpkiSha256: ref.issuerSpkiSha256 },
  };
  return { record, events: [event], durable: true };
}
