// A key the host never showed, from a built chain, on a host with trusted keys: routine change or
// attack? Each rule names the signal it rests on; docs/DESIGN.md says what each cannot tell apart.
//
// No rule trusts a field the certificate's issuer chooses (notBefore): a certificate's age comes
// from its Signed Certificate Timestamps. No rule grants full trust: a routine rule learns the key
// on probation (trust-record.ts, Provisional), and the key it replaced coming back is an alarm.
import { familyOfChain, familyOfObservedChain, sameFamily } from './ca-family.js';
import { namesCovered } from './names-covered.js';
import type { Observation } from './observation.js';
import { hasLapsed, isProvisional, isShortLived, LEARNING_WINDOW_MS, nearEndOfLife, ROLLOUT_GRACE_MS } from './timing.js';
import type { KeyRef, KnownKey, TrustRecord } from './trust-record.js';
import type { JudgeContext, Verdict } from './verdict.js';

type Change = Pick<Verdict, 'kind' | 'severity' | 'reasons' | 'learn' | 'replaces' | 'doubts'>;

const familyOfKey = (k: KnownKey) => familyOfChain(k.chainSpki, k.chainSubjects, k.builtInRoot);

/**
 * Two keys under this issuer served at once, now: an older one seen again, past the rollout grace,
 * after a newer one appeared. That is a site with several front ends, each with its own key (large
 * sites, CDNs). Who else can show that: anyone whose key the host trusts, so a key on probation
 * counts only if it is a parallel key (below), never one learned as a renewal or by this rule (an
 * impostor cannot build the pattern); a twin server seen once just after a renewal, or a
 * kept-alive connection, is within the grace; and the pattern holds only while both keys are alive
 * (unexpired, not lapsed): one overlap long ago does not make a fleet for good.
 */
function servesSeveralKeys(record: TrustRecord, keys: readonly KnownKey[], issuerSpki: string, at: number): boolean {
  const under = keys.filter((k) => k.issuerSpkiSha256 === issuerSpki && (!isProvisional(k) || isParallelKey(record, k)) && k.cert.notAfter > at && !hasLapsed(k, at));
  return under.some((a) => under.some((b) => a !== b && a.firstSeen < b.firstSeen && a.lastSeen > b.firstSeen + ROLLOUT_GRACE_MS));
}

/**
 * A key issued (by verified SCT) before the host was first seen: one of the site's front ends,
 * learned with the first key (the parallel-key rule). Who else holds one: an attacker with a
 * stockpiled certificate, in the host's first days, which is the first-use window itself.
 */
const isParallelKey = (record: TrustRecord, k: KnownKey) => k.issuedAt !== undefined && k.issuedAt < record.firstSeen && k.firstSeen - record.firstSeen <= LEARNING_WINDOW_MS;

/**
 * Whether a key can be renewed by a certificate issued at `issued`. A key still on probation only
 * by a certificate issued after it was first seen here, and only if it is of the same lifetime class
 * (short-lived or not) as the keys it took over. Who else made such a key due: an impostor with a
 * short-lived certificate, past half its life at once, slipped in one connection after the real
 * site renewed; the real renewal then "renewed" him instead of warning.
 */
function renewable(k: KnownKey, trusted: readonly KnownKey[], issued: number): boolean {
  if (!isProvisional(k)) return true;
  const replaced = trusted.filter((r) => k.provisional!.replaces.includes(r.spkiSha256));
  return issued > k.firstSeen && replaced.every((r) => isShortLived(r.cert) === isShortLived(k.cert));
}

/** When a certificate came to be: its verified SCT time, else its notBefore (the issuing CA's word). */
const issuedAtOf = (issuedAt: number | undefined, cert: { notBefore: number }) => issuedAt ?? cert.notBefore;

/**
 * Whether a certificate issued at `issued` can be the renewal of `k`: newer than it (a stockpile
 * renews nothing), and issued once `k` was well into its life, past half of it (past three eighths
 * for a short-lived one, renewed at about half). Sites renew in the last third (certbot, ACME
 * renewal info, cert-manager), so the margin is wide. Who else shows a certificate of the same CA
 * family in a due key's last third: an impostor with one mis-issued early, kept for the moment. Let
 * through, his key, already in the last third of its own life when the site's real renewal came,
 * was "renewed" by it, and the real key's appearance caught nothing.
 */
function renewsInTime(k: KnownKey, issued: number): boolean {
  const life = k.cert.notAfter - k.cert.notBefore;
  return issuedAtOf(k.issuedAt, k.cert) < issued && issued >= k.cert.notBefore + life * (isShortLived(k.cert) ? 3 / 8 : 1 / 2);
}

/**
 * Whether `k` has been replaced for good: a later key took its place, and `k` has not been served
 * since that key appeared (beyond the rollout grace), and never can be again: the later key is past
 * its probation (or was accepted), or was seen after `k` expired. Such a key is done: its end of
 * life makes no further key a renewal. Without this, one real renewal left the host "due" for
 * ever, and any certificate of the same CA family was a routine notice. A key still served beside
 * the new one (the ECDSA certificate of a host that renewed its RSA one) stays due.
 */
function replacedForGood(k: KnownKey, trusted: readonly KnownKey[]): boolean {
  return successorsOf(k, trusted).some((n) => !isProvisional(n) || n.lastSeen >= k.cert.notAfter);
}

/**
 * Due keys a renewal already took over for good (replacedForGood) that a certificate issued at
 * `issued` could also have renewed: issued in their renewal time, before they expired. Who let this
 * through before: an impostor whose key, served past the old one's expiry (or learned as a re-key
 * of lapsed keys and served a month), retired it; the site's real renewal of it then renewed
 * nothing (on a CDN, one more front end) or renewed his key, due by then.
 */
function takenOverIn(due: readonly KnownKey[], trusted: readonly KnownKey[], issued: number): KnownKey[] {
  return due.filter((k) => replacedForGood(k, trusted) && renewsInTime(k, issued) && issued < k.cert.notAfter);
}

const claimsOf = (p: KnownKey, keys: readonly KnownKey[]) => keys.filter((k) => p.provisional?.replaces.includes(k.spkiSha256) ?? false);

/**
 * Whether `p`, learned without the user's word as the renewal of keys in `takenOver`, claims their
 * place against a certificate `cert` issued at `issued`: unless that certificate is its own renewal
 * (a site moving to shorter certificates renews its renewal before the first certificate has
 * expired): in p's renewal time, issued after p was first seen here, no longer-lived than p, and p
 * itself a renewal in time of what it took. Who else: an impostor with a shorter certificate than
 * the site's (20 days, or 90 against a site's year), issued in the old key's last third and shown
 * a week; the site's real renewal then fell in his renewal time and "renewed" him (a second
 * attacker review). The site's renewal is no shorter than his: it claims the place.
 */
function claimsPlace(p: KnownKey, takenOver: readonly KnownKey[], cert: { notBefore: number; notAfter: number }, issued: number): boolean {
  if (p.status !== 'first-use' || claimsOf(p, takenOver).length === 0) return false;
  const ownRenewal = renewedInTime(p, takenOver) && renewsInTime(p, issued) && issued > p.firstSeen &&
    cert.notAfter - cert.notBefore <= p.cert.notAfter - p.cert.notBefore;
  return !ownRenewal;
}

/** Whether every key of `takenOver` that `p` was taken to renew, it renewed in time (renewsInTime). */
const renewedInTime = (p: KnownKey, takenOver: readonly KnownKey[]) => claimsOf(p, takenOver).every((k) => renewsInTime(k, issuedAtOf(p.issuedAt, p.cert)));

/**
 * Of the keys claiming a place against a certificate issued at `issued`, those its second claim
 * puts in doubt: any on probation; any that was no renewal in time of what it took (issued early in
 * its life, learned as a re-key of lapsed keys: a stockpile), past probation too; and any whose
 * own renewal time the certificate falls in without being its renewal (claimsPlace: longer-lived,
 * or older than its first sighting here: his 20-day certificate held a week, then the site's real
 * 90-day renewal). A renewal in time past probation is otherwise the site's: one connection with
 * any certificate of the old key's last third must not send the real key to pending. The second
 * claim still warns.
 */
const doubtedClaim = (p: KnownKey, takenOver: readonly KnownKey[], issued: number) => isProvisional(p) || !renewedInTime(p, takenOver) || renewsInTime(p, issued);

/** Later trusted keys first seen after `k` was last seen (beyond the rollout grace): they took its place. */
function successorsOf(k: KnownKey, trusted: readonly KnownKey[]): KnownKey[] {
  return trusted.filter((n) => n !== k && n.firstSeen > k.firstSeen && k.lastSeen <= n.firstSeen + ROLLOUT_GRACE_MS);
}

/**
 * Keys still in service: not followed by a later trusted key first seen after their last sighting
 * (beyond the rollout grace). A renewal replaces these, not keys an earlier renewal already
 * replaced: otherwise the real current key coming back could not contradict an impostor, who
 * would be taken to replace its long-gone predecessor too.
 */
function inService(keys: readonly KnownKey[], trusted: readonly KnownKey[]): KnownKey[] {
  return keys.filter((k) => successorsOf(k, trusted).length === 0);
}

/**
 * The keys a key learned as a renewal still stands in for: those it was taken to replace that have
 * not been served since it appeared (beyond the rollout grace). A key still served after its
 * "renewal" was not replaced by it (the site's other server, or the RSA key beside a renewed ECDSA
 * one): a renewal taken for two due keys, one of them seen again since, stands in for the other.
 */
export function standsInFor(p: KnownKey, keys: readonly KnownKey[]): KnownKey[] {
  if (p.provisional === undefined) return [];
  return keys.filter((k) => p.provisional!.replaces.includes(k.spkiSha256) && k.lastSeen <= p.firstSeen + ROLLOUT_GRACE_MS);
}

/**
 * Whether `k`'s place is taken: a renewal stands in for it alone. One that stands in for several
 * (both due, neither seen since) has taken the place of one of them, not saying which: each of them
 * may still be renewed by another key, or a site renewing its keys one by one would be warned about.
 */
export function placeTaken(k: KnownKey, by: readonly KnownKey[], keys: readonly KnownKey[]): boolean {
  return by.some((p) => {
    const stands = standsInFor(p, keys);
    return stands.length === 1 && stands[0] === k;
  });
}

/** A new key whose rollout is under way: within its grace, with an old key still served meanwhile. */
function inRollout(p: KnownKey, at: number, due: readonly KnownKey[]): boolean {
  return at - p.firstSeen <= ROLLOUT_GRACE_MS && due.some((k) => k.lastSeen > p.firstSeen);
}

/** A mature key of a sibling host, under the same root as this chain. */
function matureOnSibling(obs: Observation, context: JudgeContext): boolean {
  const root = obs.chain[obs.chain.length - 1]!.spkiSha256;
  return context.siblingKeys?.get(obs.leaf.spkiSha256)?.some((s) => s.mature && s.rootSpki === root) ?? false;
}

/**
 * How many keys, whatever their certificates: one key under two intermediates (Let's Encrypt's R10
 * and R11 on a reused key) is one renewal, not two claims on one place (an eighth review).
 */
const keyCount = (keys: readonly KnownKey[]) => new Set(keys.map((k) => k.spkiSha256)).size;

/** A second key claiming a place one already took: a warning, and the claimants go back to pending. */
function secondReplacement(kind: Change['kind'], reasons: string[], rivals: readonly KnownKey[]): Change {
  const doubts = rivals.map((r) => ({ spkiSha256: r.spkiSha256, issuerSpkiSha256: r.issuerSpkiSha256 }));
  return { kind, severity: 'warning', reasons: [...reasons, 'reasonSecondReplacement'], ...(doubts.length > 0 ? { doubts } : {}) };
}

export function judgeNewKey(record: TrustRecord, trusted: readonly KnownKey[], observed: KeyRef, obs: Observation, context: JudgeContext): Change {
  const change = judgeAgainstTrusted(record, trusted, observed, obs, context);
  // A change still waits for the user's decision: no further key is routine until it is decided.
  // Otherwise an impostor's key at renewal time was learned while the site's own new key, shown
  // first and warned about, stayed undecided, and its coming back said only "unresolved".
  if (change.severity !== 'warning' && record.keys.some((k) => k.status === 'pending')) {
    return { kind: change.kind, severity: 'warning', reasons: [...change.reasons.filter((r) => r !== 'reasonProvisional'), 'reasonChangeStillUndecided'] };
  }
  return change;
}

function judgeAgainstTrusted(record: TrustRecord, trusted: readonly KnownKey[], observed: KeyRef, obs: Observation, context: JudgeContext): Change {
  const kind = trusted.some((k) => k.issuerSpkiSha256 === observed.issuerSpkiSha256) ? 'key-change' : 'issuer-change';
  const observedFamily = familyOfObservedChain(obs.chain, obs.builtInRoot);
  const family = trusted.filter((k) => sameFamily(familyOfKey(k), observedFamily));
  // Renewal is due when any of the host's trusted keys is in the last third of its life: a CDN's
  // keys renew on their own schedules, not the one seen last.
  const issued = issuedAtOf(obs.issuedAt, obs.leaf);
  // A routine rule softens a change only for a certificate naming all the key it renews or joins
  // named (key-names.ts: an attacker who hijacked one name's validation has no more).
  const namesFit = (k: KnownKey) => namesCovered(obs.sans, context.namesOf?.(k) ?? null);
  // For a rule resting on the host's keys in general (Firefox's pins, the fleet): the names of a
  // live key (unexpired, not lapsed; any, if none is), never of one long dead, nor a key with no
  // names known standing in for the rest.
  const fitsLiveNames = (keys: readonly KnownKey[]) => {
    const live = keys.filter((k) => k.cert.notAfter > obs.at && !hasLapsed(k, obs.at));
    const named = (live.length > 0 ? live : keys).filter((k) => (context.namesOf?.(k)?.length ?? 0) > 0);
    return named.length === 0 || named.some(namesFit);
  };
  const due = trusted.filter((k) => nearEndOfLife(k.cert, obs.at) && renewable(k, trusted, issued));

  if (family.length === 0) {
    const reasons = ['reasonNewKeyNewRoot'];
    // A move to another CA at renewal time and another CA's certificate struck late in the real
    // one's life are the same data. The attack wins: warn, and say what the user can check.
    if (due.length > 0 || trusted.every((k) => hasLapsed(k, obs.at))) reasons.push('reasonCaMoveAtRenewal');
    return { kind, severity: 'warning', reasons };
  }

  const reasons = [kind === 'key-change' ? 'reasonNewKeyKnownIssuer' : 'reasonNewKeySiblingIntermediate'];
  // Issued (by its SCTs, which the CA cannot backdate) before this host was first seen, and shown
  // in the host's first days: another front end's key, served beside the first, replacing none.
  // Asked first: such a key is no renewal even where an old one is due.
  if (obs.issuedAt !== undefined && obs.issuedAt < record.firstSeen && obs.at - record.firstSeen <= LEARNING_WINDOW_MS && family.some(namesFit)) {
    reasons.push('reasonParallelKey', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: [] };
  }
  // A renewal is issued late in the life of what it replaces (renewsInTime).
  const dueCandidates = due.filter((k) => family.includes(k) && !replacedForGood(k, trusted) && namesFit(k));
  const inTime = dueCandidates.filter((k) => renewsInTime(k, issued));
  if (inTime.length > 0) {
    // Each due key is renewed once: more new keys than there were due keys means one of them is
    // not the site's (an impostor's in the last third, then the real renewal). Both are doubted.
    // The exception is a rollout in progress: within the grace of the first new key, with the old
    // key still served meanwhile, the site's other servers renew to keys of their own.
    const rivals = trusted.filter((p) => isProvisional(p) && !inRollout(p, obs.at, inTime) && claimsOf(p, inTime).length > 0);
    if (keyCount(rivals) >= keyCount(inTime)) return secondReplacement(kind, reasons, rivals);
  }
  // The same for due keys a renewal took over for good, where this certificate could have renewed
  // them too: the places claimed, against the keys claiming them (claimsPlace(): a key the user
  // accepted, or one learned beside the others, claims no place).
  const takenOver = takenOverIn(due.filter((k) => family.includes(k) && namesFit(k)), trusted, issued);
  const claimants = trusted.filter((p) => claimsPlace(p, takenOver, obs.leaf, issued) && !inRollout(p, obs.at, takenOver));
  const contested = takenOver.filter((k) => claimants.some((p) => claimsOf(p, [k]).length > 0));
  if (contested.length > 0 && keyCount(claimants) >= keyCount(contested)) {
    return secondReplacement(kind, reasons, claimants.filter((p) => doubtedClaim(p, takenOver, issued)));
  }
  // A key claiming a place this certificate could also fill is not renewed by it (the stockpile
  // learned when the keys had lapsed, due itself by the time the site's renewal comes).
  const dueInFamily = inTime.filter((k) => !claimants.includes(k));
  if (dueInFamily.length > 0) {
    const rivals = trusted.filter((p) => isProvisional(p) && !inRollout(p, obs.at, dueInFamily) && claimsOf(p, dueInFamily).length > 0);
    // A due key another new key already took the place of is not renewed twice: the new key renews
    // the due keys still free, so that one of them coming back contradicts it. Otherwise, on a host
    // serving several keys, an impostor was taken to renew the key the site had already renewed
    // too, and was doubted only once that long-replaced key came back, which it never does.
    const free = dueInFamily.filter((k) => !placeTaken(k, rivals, trusted));
    const renews = free.length > 0 ? free : dueInFamily;
    const expired = renews.every((k) => k.cert.notAfter <= obs.at);
    reasons.push(expired ? 'reasonOldCertificateExpired' : 'reasonOldCertificateNearEnd', 'reasonProvisional');
    const replaced = inService(renews, trusted);
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: (replaced.length > 0 ? replaced : renews).map((k) => k.spkiSha256) };
  }
  // Due for this certificate only keys claiming a place it could fill: never on to a softer rule
  // below (the fleet rule learns a key replacing none, which nothing can contradict).
  if (inTime.length > 0) return secondReplacement(kind, reasons, inTime.filter((p) => doubtedClaim(p, takenOver, issued)));
  // One key claiming more places than this certificate's rivals fill (a stockpile learned as the
  // re-key of two lapsed keys): a second claim too, never a softer rule below (Firefox's pins, the
  // fleet). The stockpile is doubted; a renewal in time is not (an RSA and an ECDSA certificate
  // renewed by one key, the other shown late, warns as it always did, the renewal kept).
  if (contested.length > 0) return secondReplacement(kind, reasons, claimants.filter((p) => !renewedInTime(p, takenOver)));
  const inServiceFamily = inService(family, trusted);
  const lapsedReplaced = inServiceFamily.length > 0 ? inServiceFamily : family;
  if (family.every((k) => hasLapsed(k, obs.at) && issuedAtOf(k.issuedAt, k.cert) < issued) && lapsedReplaced.some(namesFit)) {
    // Within the same CA family only: the owner may have re-keyed while we were away. A re-key is
    // newer than the keys it replaces: a stockpiled certificate is not one.
    reasons.push('reasonOldKeyLapsed', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: lapsedReplaced.map((k) => k.spkiSha256) };
  }
  if (obs.firefoxPinned && obs.builtInRoot && fitsLiveNames(trusted)) {
    // Firefox has built-in pins for this host and this chain has just passed them: only the CAs the
    // site named to Mozilla can issue it (Google's weekly keys from its own CA). Who else: such a
    // CA mis-issuing, which probation and the user's notice still show.
    reasons.push('reasonFirefoxPinned', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: [] };
  }
  if (servesSeveralKeys(record, trusted, observed.issuerSpkiSha256, obs.at) && fitsLiveNames(trusted.filter((k) => k.issuerSpkiSha256 === observed.issuerSpkiSha256))) {
    reasons.push('reasonHostRotatesKeys', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: [] };
  }
  // Said where the names decided it (the user can compare them in the certificates shown); a
  // certificate due for renewal is not "far from expiring".
  const namesDiffer = inServiceFamily.some((k) => !namesFit(k));
  const midLife = !family.some((k) => nearEndOfLife(k.cert, obs.at) || hasLapsed(k, obs.at));
  // Due for renewal, but this certificate is older than a renewal would be: one kept in reserve.
  const issuedEarly = dueCandidates.length > 0;
  if (issuedEarly) reasons.push('reasonIssuedBeforeRenewalTime');
  else if (midLife || !namesDiffer) reasons.push('reasonFreshMidValidity');
  if (namesDiffer) reasons.push('reasonNamesNotCarriedOver');
  // Said, never softened: a key trusted on a sibling host a week is what an attacker shows who made
  // the browser fetch r4nd.victim.example twice, a week apart. The user decides with that in view.
  if (matureOnSibling(obs, context)) reasons.push('reasonKeyTrustedOnSibling');
  return { kind, severity: 'warning', reasons };
}
