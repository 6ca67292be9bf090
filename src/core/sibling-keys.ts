// Keys trusted on other hosts of the same registrable domain, as the judge may use them: each
// with whether it is mature there, and under which root. A key planted on a sibling by making the
// browser fetch it once is neither seen over a week nor off probation, so it softens nothing.
import { isProvisional, PROBATION_MS } from './timing.js';
import { isTrusted, rootSpkiOf, type TrustRecord } from './trust-record.js';
import type { SiblingKey } from './verdict.js';

export function siblingKeysOf(records: Iterable<TrustRecord>): Map<string, SiblingKey[]> {
  const keys = new Map<string, SiblingKey[]>();
  for (const r of records) {
    for (const k of r.keys) {
      if (!isTrusted(k)) continue;
      const mature = !isProvisional(k) && k.lastSeen - k.firstSeen >= PROBATION_MS;
      keys.set(k.spkiSha256, [...(keys.get(k.spkiSha256) ?? []), { mature, rootSpki: rootSpkiOf(k) }]);
    }
  }
  return keys;
}
