// Merging an imported history into what FirstSeen knows. An import never silently replaces a known
// key: where the file and the store disagree about a key's trust, or the file would make a new key
// trusted on a host that already trusts others, that is a conflict the user resolves. Importing the
// same file twice changes nothing the second time.
import type { DomainOf } from '../domain.js';
import { ownPin, type Policy } from '../policy.js';
import type { Pin } from '../pin.js';
import { isTrusted, sameKey, type KeyRef, type KeyStatus, type KnownKey, type TrustRecord, type UnshownAlarm } from '../trust-record.js';
import { isProvisional } from '../timing.js';
import type { TrustEvent } from '../trust-event.js';
import { splitHost, type ExportedHost } from './format.js';

export interface ImportConflict {
  /** Stable id for the user's resolution. */
  id: string;
  host: string;
  kind: 'key-status' | 'new-trusted-key' | 'mode';
  key?: KeyRef;
  local: string | null;
  imported: string;
}

export type Resolution = 'local' | 'imported';

export interface HostMerge {
  host: string;
  /** The record to write, or null when nothing changes. */
  record: TrustRecord | null;
  /** Events to append. */
  events: TrustEvent[];
  isNew: boolean;
  conflicts: ImportConflict[];
}

/**
 * An undecided key a file brings was never shown in this browser: the first tab here that meets it
 * warns (KnownKey.unshownAlarm), instead of calling the attacker's first appearance "unresolved".
 */
const IMPORTED_ALARM: UnshownAlarm = { kind: 'unresolved', severity: 'warning', reasons: ['reasonChangeUnresolved', 'reasonUndecidedInImport'] };

const conflictId = (host: string, ref: KeyRef) => `key|${host}|${ref.spkiSha256}|${ref.issuerSpkiSha256}`;
const eventId = (e: TrustEvent) => `${e.at}|${e.kind}|${e.key?.spkiSha256 ?? ''}|${e.key?.issuerSpkiSha256 ?? ''}|${e.detail ?? ''}|${e.category ?? ''}`;

/**
 * A key the store knows keeps every field FirstSeen judges by as this browser saw it: its
 * certificate, chain, built-in root, CT and TLS facts, SCT time and probation. A file that said
 * `builtInRoot: false` would otherwise silence the interception verdict, and a made-up `chainSpki`
 * make an attacker's root count as the host's own. Only times and counts are merged.
 */
function mergeKey(local: KnownKey, imported: KnownKey, status: KeyStatus): KnownKey {
  // A key on probation here keeps the times it was seen here: a file's earlier first sighting
  // would end the probation of an impostor's key that this browser has seen for a day.
  const onProbation = isProvisional(local);
  return {
    ...local,
    status,
    firstSeen: onProbation ? local.firstSeen : Math.min(local.firstSeen, imported.firstSeen),
    lastSeen: onProbation ? local.lastSeen : Math.max(local.lastSeen, imported.lastSeen),
    timesSeen: Math.max(local.timesSeen, imported.timesSeen),
    ...(local.chainDer ?? imported.chainDer ? { chainDer: local.chainDer ?? imported.chainDer } : {}),
  };
}

const clamp = (at: number, now: number) => Math.min(at, now);

/** No time in a file lies in the future: a key "last seen" next year would never lapse. */
function clampRecord(record: TrustRecord, now: number): TrustRecord {
  return {
    ...record,
    firstSeen: clamp(record.firstSeen, now),
    lastSeen: clamp(record.lastSeen, now),
    keys: record.keys.map((k) => ({
      ...k,
      firstSeen: clamp(k.firstSeen, now),
      lastSeen: clamp(k.lastSeen, now),
      ...(k.issuedAt !== undefined ? { issuedAt: clamp(k.issuedAt, now) } : {}),
    })),
    ...(record.lastChange ? { lastChange: { ...record.lastChange, at: clamp(record.lastChange.at, now) } } : {}),
    ...(record.override ? { override: { ...record.override, firstSeen: clamp(record.override.firstSeen, now), lastSeen: clamp(record.override.lastSeen, now) } } : {}),
  };
}

/** Merges one imported host into its local record and events, under the user's resolutions. */
export function mergeHost(
  local: TrustRecord | undefined,
  localEvents: readonly TrustEvent[],
  exported: ExportedHost,
  resolutions: ReadonlyMap<string, Resolution>,
  /** Gives a host new to this profile its registrable domain. */
  domainOf: DomainOf,
  /** Every time in the file is clamped to this. */
  now: number,
): HostMerge {
  const split = splitHost(exported);
  const imported = clampRecord(split.record, now);
  const importedEvents = split.events.map((e) => ({ ...e, at: clamp(e.at, now) }));
  if (!local) return { host: imported.host, record: { ...imported, domain: domainOf(imported.host) }, events: importedEvents, isNew: true, conflicts: [] };

  const conflicts: ImportConflict[] = [];
  const localTrusts = local.keys.some(isTrusted);
  let changed = false;
  const keys = local.keys.map((k) => ({ ...k }));
  for (const ik of imported.keys) {
    const i = keys.findIndex((k) => sameKey(k, ik));
    const id = conflictId(local.host, ik);
    const ref = { spkiSha256: ik.spkiSha256, issuerSpkiSha256: ik.issuerSpkiSha256 };
    if (i >= 0) {
      const lk = keys[i]!;
      let status = lk.status;
      if (lk.status !== ik.status) {
        conflicts.push({ id, host: local.host, kind: 'key-status', key: ref, local: lk.status, imported: ik.status });
        if (resolutions.get(id) === 'imported') status = ik.status;
      }
      const merged = mergeKey(lk, ik, status);
      if (JSON.stringify(merged) !== JSON.stringify(lk)) {
        keys[i] = merged;
        changed = true;
      }
    } else {
      let status = ik.status;
      if (isTrusted(ik) && localTrusts) {
        conflicts.push({ id, host: local.host, kind: 'new-trusted-key', key: ref, local: null, imported: ik.status });
        // Kept but not trusted unless the user says so: remembered, and warned about if seen.
        if (resolutions.get(id) !== 'imported') status = 'pending';
      }
      // Undecided here: the first tab that meets it warns (IMPORTED_ALARM), on a host this browser
      // already trusts with keys of its own.
      keys.push(status === 'pending' && localTrusts ? { ...ik, status, unshownAlarm: ik.unshownAlarm ?? IMPORTED_ALARM } : { ...ik, status });
      changed = true;
    }
  }
  const known = new Set(localEvents.map(eventId));
  const events = importedEvents.filter((e) => !known.has(eventId(e)));
  const record: TrustRecord = {
    ...local,
    keys,
    firstSeen: Math.min(local.firstSeen, imported.firstSeen),
    lastSeen: Math.max(local.lastSeen, imported.lastSeen),
    timesSeen: Math.max(local.timesSeen, imported.timesSeen),
    ...(local.override ?? imported.override ? { override: local.override ?? imported.override } : {}),
    ...((imported.lastChange?.at ?? -1) > (local.lastChange?.at ?? -1) ? { lastChange: imported.lastChange } : {}),
  };
  changed ||= record.firstSeen !== local.firstSeen || record.lastSeen !== local.lastSeen || record.timesSeen !== local.timesSeen ||
    record.lastChange !== local.lastChange || record.override !== local.override;
  return { host: local.host, record: changed || events.length > 0 ? record : null, events, isNew: false, conflicts };
}

/**
 * Every change a file makes to how FirstSeen checks, listed before anything is applied: an ignore
 * rule or an "ignore" mode turns checking off for its hosts, so none may take effect unseen. A mode
 * the file sets on a host that has one already is a conflict instead (ImportConflict, kind mode).
 */
export interface PolicyChanges {
  rulesAdded: string[];
  /** Hosts with no mode here (so "watch") that the file sets one for. */
  modesAdded: { host: string; mode: string }[];
  pinsAdded: Pin[];
}

export interface PolicyMerge {
  policy: Policy;
  pinsAdded: number;
  rulesAdded: number;
  modesAdded: number;
  changes: PolicyChanges;
  conflicts: ImportConflict[];
}

/** Pins and rules are added to the user's; a host's mode set differently on both sides is a conflict. */
export function mergePolicy(local: Policy, imported: Policy, resolutions: ReadonlyMap<string, Resolution>): PolicyMerge {
  // A report-only pin and an enforced one of the same key are two pins: importing the enforced one
  // must not be lost to a report-only one already here.
  const pinKey = (p: Pin) => `${p.pattern}|${p.spkiSha256}${p.reportOnly ? '|report-only' : ''}`;
  const havePins = new Set(local.pins.map(pinKey));
  // Only a pin's own fields: a file cannot make its pin look set by the organisation (`managed`).
  const newPins = imported.pins.filter((p) => !havePins.has(pinKey(p))).map(ownPin);
  const newRules = imported.ignoreRules.filter((r) => !local.ignoreRules.includes(r));
  const modes = { ...local.modes };
  const conflicts: ImportConflict[] = [];
  const modesAdded: PolicyChanges['modesAdded'] = [];
  for (const [host, mode] of Object.entries(imported.modes)) {
    const mine = local.modes[host];
    if (mine === undefined) {
      modes[host] = mode;
      modesAdded.push({ host, mode });
    } else if (mine !== mode) {
      const id = `mode|${host}`;
      conflicts.push({ id, host, kind: 'mode', local: mine, imported: mode });
      if (resolutions.get(id) === 'imported') modes[host] = mode;
    }
  }
  return {
    policy: { modes, ignoreRules: [...local.ignoreRules, ...newRules], pins: [...local.pins, ...newPins] },
    pinsAdded: newPins.length,
    rulesAdded: newRules.length,
    modesAdded: modesAdded.length,
    changes: { rulesAdded: newRules, modesAdded, pinsAdded: newPins },
    conflicts,
  };
}

/** What an import will do, shown before anything is written. */
export interface ImportPreview {
  hosts: number;
  added: number;
  changed: number;
  unchanged: number;
  eventsAdded: number;
  pinsAdded: number;
  rulesAdded: number;
  modesAdded: number;
  /** Each policy change, to list in the preview. */
  policyChanges: PolicyChanges;
  conflicts: ImportConflict[];
}
