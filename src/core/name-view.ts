// What a change on one port of a DNS name is judged against, besides the port's own record: every
// port's record of that name, the port's own laid over the others. Firefox's cookies ignore the
// port (RFC 6265, section 8.5), so every port of a name is one principal. A port's own record sees
// only that port's connections: one relayed fetch of https://bank.example:8443/ leaves a record
// there that never learns of the name's later sightings or renewals, and judged alone it would call
// the name's current key lapsed, or still due for the renewal the site has already made (a third
// attacker review found both). The view is judged too, for the stricter verdict, and never written:
// other ports' keys may only narrow what this port accepts. A fourth review, of a first version
// that judged by the view alone and wrote it back, found them turning on the fleet and renewal
// rules for a key no port had served beside them.
import { severityRank } from './severity.js';
import { isTrusted, sameKey, type KeyStatus, type KnownKey, type TrustRecord } from './trust-record.js';
import type { JudgeContext, Verdict } from './verdict.js';
import { doubtedOnOtherPorts, judgeObservation } from './judge.js';
import type { Observation } from './observation.js';

/** Statuses the user chose, or that wait for the user: a key learned without asking yields to them. */
const NARROWER: readonly KeyStatus[] = ['rejected', 'pending'];

/**
 * One key known on two ports: the primary's (this port's own where it has it), unless it was
 * learned without asking and another port refused it or waits for a decision on it. Seen as late
 * as either saw it (a key still served elsewhere has not lapsed); first sighting and probation stay
 * the primary's, so no port ends another's probation.
 */
function mergedKey(primary: KnownKey, other: KnownKey): KnownKey {
  const narrower = primary.status === 'first-use' && NARROWER.includes(other.status) ? other.status : primary.status;
  const status = narrower === 'pending' && other.status === 'rejected' ? 'rejected' : narrower;
  return { ...primary, status, lastSeen: Math.max(primary.lastSeen, other.lastSeen), timesSeen: Math.max(primary.timesSeen, other.timesSeen) };
}

const lastSighting = (r: TrustRecord) => Math.max(...r.keys.map((k) => k.lastSeen));

/** The record a host with none of its own starts from: the default port's, else the port seen last. */
function baseOf(others: readonly TrustRecord[], bareName: string): TrustRecord {
  return others.find((r) => r.host === bareName) ?? others.reduce((a, b) => (lastSighting(b) > lastSighting(a) ? b : a));
}

/**
 * The record a host with none of its own starts as: the default port's, else the port seen last's,
 * with only the keys learned there without asking, and no hold. Every decision (accepted, pinned,
 * refused, waiting) stays where it was made and reaches this host through the view, while it
 * lasts: a copied decision outlived the one it came from (a fifth review: a key accepted on the
 * name by mistake, copied to a port, stayed trusted there after the user refused it on the name;
 * a copied hold blocked the port after the name's change was accepted).
 */
export function startingRecord(host: string, others: readonly TrustRecord[], bareName: string): TrustRecord | undefined {
  const base = structuredClone(baseOf(others, bareName));
  delete base.heldUntilDecided;
  const keys = base.keys.filter((k) => k.status === 'first-use');
  return keys.length > 0 ? { ...base, host, keys } : undefined;
}

/**
 * The record `host` is judged against, from its own (if any) and the records of the same name on
 * its other ports, known since the name's first sighting on any of them. Without an own record,
 * the base is the default port's, else the port seen last.
 * With no other port holding keys: the own record as it is.
 */
export function nameView(host: string, own: TrustRecord | undefined, others: readonly TrustRecord[], bareName: string): TrustRecord | undefined {
  const withKeys = others.filter((r) => r.host !== host && r.keys.length > 0);
  if (withKeys.length === 0) return own;
  const base = own ?? baseOf(withKeys, bareName);
  const keys: KnownKey[] = structuredClone(base.keys);
  let heldUntilDecided = base.heldUntilDecided;
  for (const other of withKeys) {
    if (other === base) continue;
    for (const k of other.keys) {
      const i = keys.findIndex((x) => sameKey(x, k));
      if (i < 0) keys.push(structuredClone(k));
      else keys[i] = mergedKey(keys[i]!, k);
    }
    // "Block until I decide" on one port holds every port while a key waits: strictness passes on.
    heldUntilDecided ??= other.heldUntilDecided;
  }
  // Known since the name was first seen on any port: a port first met today must not reopen the
  // parallel-key days of a name known for months (a seventh review got a stockpiled key through).
  const firstSeen = Math.min(base.firstSeen, ...withKeys.map((r) => r.firstSeen));
  const view: TrustRecord = { ...structuredClone(base), host, keys, firstSeen, lastSeen: Math.max(base.lastSeen, ...withKeys.map((r) => r.lastSeen)) };
  if (heldUntilDecided !== undefined) view.heldUntilDecided = heldUntilDecided;
  return view;
}

/**
 * The verdict on a sighting against the name's view, or null where the view has nothing to add. A
 * key this host learned as a renewal, where another port served the key it replaced since, is
 * doubted (judge.ts doubtedOnOtherPorts). A key this host trusts is not made the sign of another
 * port's doubtful renewal: that port says so at its own next sighting, once, where the name
 * would have said it at every sighting of its own current key.
 */
export function judgeInView(own: TrustRecord | undefined, view: TrustRecord, obs: Observation, context: JudgeContext): Verdict | null {
  const verdict = judgeObservation(view, obs, context);
  const doubted = own && doubtedOnOtherPorts(own, view, obs);
  // A doubt never hides a louder verdict: a key refused on another port is critical (a seventh review).
  if (doubted) return severityRank(verdict.severity) > severityRank(doubted.severity) ? verdict : doubted;
  return verdict.kind === 'old-key-returned' && trustsKey(own, obs.leaf.spkiSha256) ? null : verdict;
}

/**
 * The louder of two verdicts on one sighting. At equal loudness, the one that learns nothing, where
 * the view does not trust the key either (another port waits for a decision on it); where the view
 * trusts it (a key the user accepted on the name), the port's own: the view adds no trust.
 */
export function stricterVerdict(own: Verdict, view: Verdict, viewTrustsKey: boolean): Verdict {
  const rank = severityRank(view.severity) - severityRank(own.severity);
  if (rank > 0) return view;
  if (rank < 0 || viewTrustsKey) return own;
  return own.learn !== undefined && view.learn === undefined ? view : own;
}

/** Whether the record trusts the key. */
export const trustsKey = (record: TrustRecord | undefined, spkiSha256: string) => record?.keys.some((k) => isTrusted(k) && k.spkiSha256 === spkiSha256) ?? false;

/**
 * Whether the host's own record settles the key without the name's other ports: a key the user
 * accepted or pinned here (the port's own decision stands). A key learned without asking is judged
 * against the view too: a sixth review got his same-CA key learned quietly on a port as the name's
 * renewal, and it stayed a match there after the user refused it on the name, through a hold on
 * the name, and while the name kept serving the key it claimed to renew.
 */
export const decidedHere = (record: TrustRecord | undefined, spkiSha256: string) =>
  record?.keys.some((k) => (k.status === 'accepted' || k.status === 'pinned') && k.spkiSha256 === spkiSha256) ?? false;
