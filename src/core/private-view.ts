// What a private tab judges against: the private session's own copy of a host's record, with the
// user's decisions since made in normal windows. The copy was taken when a private tab first
// changed the record; a key refused (or still undecided) in a normal window after that must not
// be new, and learned as a routine notice, in the private window.
import { sameKey, type KnownKey, type TrustRecord } from './trust-record.js';

/** Decisions that narrow what is trusted: they always reach the private copy. */
const NARROWING: ReadonlySet<KnownKey['status']> = new Set(['rejected', 'pending']);

export function withSavedDecisions(own: TrustRecord, saved: TrustRecord | undefined): TrustRecord {
  const narrowed = saved?.keys.filter((k) => NARROWING.has(k.status)) ?? [];
  if (narrowed.length === 0) return own;
  const keys = own.keys.map((k) => narrowed.find((s) => sameKey(s, k) && s.status !== k.status) ?? k);
  for (const s of narrowed) if (!keys.some((k) => sameKey(k, s))) keys.push(s);
  return { ...own, keys };
}
