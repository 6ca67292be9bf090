// A key the host never showed, from a built chain, on a host with trusted keys: routine change or
// attack? Each rule names the signal it rests on; docs/DESIGN.md says what each cannot tell apart.
//
// No rule trusts a field the certificate's issuer chooses (notBefore): a certificate's age comes
// from its Signed Certificate Timestamps. No rule grants full trust: a routine rule learns the key
// on probation (trust-record.ts, Provisional), and the key it replaced coming back is an alarm.
import { familyOfChain, familyOfObservedChain, sameFamily } from './ca-family.js';
import type { Observation } from './observation.js';
import type { Severity } from './severity.js';
import { hasLapsed, LEARNING_WINDOW_MS, nearEndOfLife } from './timing.js';
import type { KeyRef, KnownKey, TrustRecord } from './trust-record.js';
import type { JudgeContext, Verdict } from './verdict.js';

type Change = Pick<Verdict, 'kind' | 'severity' | 'reasons' | 'learn' | 'replaces'>;

const familyOfKey = (k: KnownKey) => familyOfChain(k.chainSpki, k.chainSubjects, k.builtInRoot);

/**
 * Two keys under this issuer served at once: an older one seen again after a newer one appeared.
 * That is a site with several front ends, each with its own key (large sites, CDNs). A key stays
 * out of it while pending, so an impostor's key never builds a pattern.
 */
function servesSeveralKeys(keys: readonly KnownKey[], issuerSpki: string): boolean {
  const under = keys.filter((k) => k.issuerSpkiSha256 === issuerSpki);
  return under.some((a) => under.some((b) => a !== b && a.firstSeen < b.firstSeen && a.lastSeen > b.firstSeen));
}

/** A mature key of a sibling host, under the same root as this chain. */
function matureOnSibling(obs: Observation, context: JudgeContext): boolean {
  const root = obs.chain[obs.chain.length - 1]!.spkiSha256;
  return context.siblingKeys?.get(obs.leaf.spkiSha256)?.some((s) => s.mature && s.rootSpki === root) ?? false;
}

export function judgeNewKey(record: TrustRecord, trusted: readonly KnownKey[], observed: KeyRef, obs: Observation, context: JudgeContext): Change {
  const kind = trusted.some((k) => k.issuerSpkiSha256 === observed.issuerSpkiSha256) ? 'key-change' : 'issuer-change';
  const observedFamily = familyOfObservedChain(obs.chain, obs.builtInRoot);
  const family = trusted.filter((k) => sameFamily(familyOfKey(k), observedFamily));
  // Renewal is due when any of the host's trusted keys is in the last third of its life: a CDN's
  // keys renew on their own schedules, not the one seen last.
  const due = trusted.filter((k) => nearEndOfLife(k.cert, obs.at));

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
  if (obs.issuedAt !== undefined && obs.issuedAt < record.firstSeen && obs.at - record.firstSeen <= LEARNING_WINDOW_MS) {
    reasons.push('reasonParallelKey', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: [] };
  }
  const dueInFamily = due.filter((k) => family.includes(k));
  if (dueInFamily.length > 0) {
    const expired = dueInFamily.every((k) => k.cert.notAfter <= obs.at);
    reasons.push(expired ? 'reasonOldCertificateExpired' : 'reasonOldCertificateNearEnd', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: dueInFamily.map((k) => k.spkiSha256) };
  }
  if (family.every((k) => hasLapsed(k, obs.at))) {
    // Within the same CA family only: the owner may have re-keyed while we were away.
    reasons.push('reasonOldKeyLapsed', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: family.map((k) => k.spkiSha256) };
  }
  if (servesSeveralKeys(trusted, observed.issuerSpkiSha256)) {
    reasons.push('reasonHostRotatesKeys', 'reasonProvisional');
    return { kind, severity: 'notice', reasons, learn: 'provisional', replaces: [] };
  }
  reasons.push('reasonFreshMidValidity');
  let severity: Severity = 'warning';
  if (matureOnSibling(obs, context)) {
    // Softens the alarm; never grants trust: the key still waits for the user's decision.
    reasons.push('reasonKeyTrustedOnSibling');
    severity = 'notice';
  }
  return { kind, severity, reasons };
}
