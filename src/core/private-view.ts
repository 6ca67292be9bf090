// What a private tab judges against: the saved record as it is now, with what the private session
// itself learned laid over it. Not the private session's copy of the record as it was when a private
// tab first changed it: a key learned, refused or replaced for good in a normal window since then
// must count in the private window too, or an impostor's key would be judged there against an old
// picture (a renewal "due" that the site already made) and learned as a routine notice.
import { sameKey, type KnownKey, type KeyStatus, type TrustRecord } from './trust-record.js';

/** Statuses the user chose, or that wait for the user: a key learned without asking yields to them. */
const NARROWER: ReadonlySet<KeyStatus> = new Set(['rejected', 'pending']);

/** One key seen in both: the saved decision, unless the private session doubted a key learned without asking. */
function mergedKey(saved: KnownKey, own: KnownKey): KnownKey {
  const status = saved.status === 'first-use' && NARROWER.has(own.status) ? own.status : saved.status;
  return { ...saved, status, lastSeen: Math.max(saved.lastSeen, own.lastSeen), timesSeen: Math.max(saved.timesSeen, own.timesSeen) };
}

export function privateView(own: TrustRecord, saved: TrustRecord | undefined): TrustRecord {
  if (!saved) return own;
  const keys = saved.keys.map((s) => {
    const mine = own.keys.find((k) => sameKey(k, s));
    return mine ? mergedKey(s, mine) : s;
  });
  for (const k of own.keys) if (!saved.keys.some((s) => sameKey(s, k))) keys.push(k);
  return { ...saved, keys, lastSeen: Math.max(saved.lastSeen, own.lastSeen), timesSeen: Math.max(saved.timesSeen, own.timesSeen) };
}
