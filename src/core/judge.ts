// judgeObservation: the heart of FirstSeen. Pure: the same record, observation and context always
// give the same verdict, so it is tested on captured fixtures and scenarios with no browser at all.
//
// The aim is that real attacks stand out from routine change, and that one change is one alarm:
// - a key the user rejected is critical under any issuer;
// - a key already alarmed about and not yet decided is shown as unresolved, not alarmed again;
// - a chain to a known inspection root (the organisation's, or one the user recognised) is named
//   as such, and learned nowhere;
// - a chain to a root not built into Firefox, where built-in roots were seen, is interception;
// - any other new key goes through change-rules.ts; a routine one is learned on probation;
// - a key replaced by one on probation coming back is an alarm about the replacement.
import { judgeNewKey, placeTaken } from './change-rules.js';
import { findDowngrades } from './downgrades.js';
import { issuerSpkiOf, type Observation, type OverrideObservation } from './observation.js';
import { maxSeverity, type Severity } from './severity.js';
import { ROLLOUT_GRACE_MS } from './timing.js';
import { findKey, isTrusted, latestTrustedKey, rootSpkiOf, sameKey, type KeyRef, type KnownKey, type TrustRecord } from './trust-record.js';
import type { JudgeContext, Verdict } from './verdict.js';

export function observedKey(obs: Observation): KeyRef {
  return { spkiSha256: obs.leaf.spkiSha256, issuerSpkiSha256: issuerSpkiOf(obs.chain) };
}

export function refOf(key: KeyRef | undefined): KeyRef | undefined {
  return key && { spkiSha256: key.spkiSha256, issuerSpkiSha256: key.issuerSpkiSha256 };
}

const rootOf = (obs: Observation) => obs.chain[obs.chain.length - 1]!.spkiSha256;

export function judgeObservation(record: TrustRecord | undefined, obs: Observation, context: JudgeContext = {}): Verdict {
  const observed = observedKey(obs);
  const base = { host: obs.host, at: obs.at, observed };
  const sameSpki = record?.keys.filter((k) => k.spkiSha256 === observed.spkiSha256) ?? [];
  const exact = findKey(record, observed);
  const previous = refOf(latestTrustedKey(record));

  // By the leaf key alone: a rejected key under another intermediate is the same rejected key.
  if (sameSpki.some((k) => k.status === 'rejected')) {
    return { ...base, kind: 'rejected-key', severity: 'critical', reasons: ['reasonRejectedKey'], previous };
  }
  // A key learned without asking under one issuer is as doubtful as its pair under another that
  // waits for the user (apply.ts doubts by key; this holds for a record that came otherwise).
  const twinPending = exact?.status === 'first-use' && sameSpki.some((k) => k.status === 'pending');
  if (record && exact && isTrusted(exact) && !twinPending) return judgeKnownKey(record, exact, obs, base);
  // Interception is critical every time, not once: asked before the pending shortcut, or its key
  // (kept pending after the first alarm) came back as a quiet "unresolved", and was not stopped.
  const trusted = record?.keys.filter(isTrusted) ?? [];
  // A known inspection proxy (the organisation's, for the hosts its policy lets it re-sign, or one
  // the user recognised on this machine): named, quiet, and never learned as the host's key. Only
  // a root not built into Firefox; any other such root is still interception below. Who else can
  // show it: whoever holds that proxy's private key (docs/MANAGED.md, DESIGN.md).
  const inspector = obs.builtInRoot ? null : context.inspectionRoot?.(rootOf(obs)) ?? null;
  if (inspector !== null) {
    const reason = inspector.by === 'organisation' ? 'reasonInspectedByOrganisation' : 'reasonInspectedRecognised';
    return { ...base, kind: 'inspected', severity: 'none', reasons: [reason], inspectedBy: inspector.name };
  }
  if (!obs.builtInRoot && trusted.some((k) => k.builtInRoot)) {
    return { ...base, previous, kind: 'interception', severity: 'critical', reasons: ['reasonInterception'] };
  }
  const pending = sameSpki.find((k) => k.status === 'pending');
  if (pending) {
    // An alarm no tab has shown yet is shown now, as it was judged: a change first met without a
    // tab must not reach the user as a quiet "unresolved".
    const alarm = sameSpki.find((k) => k.status === 'pending' && k.unshownAlarm)?.unshownAlarm;
    if (alarm) return { ...base, kind: alarm.kind as Verdict['kind'], severity: alarm.severity, reasons: [...alarm.reasons, 'reasonChangeNotShownBefore'], previous };
    return { ...base, kind: 'unresolved', severity: 'notice', reasons: ['reasonChangeUnresolved'], previous };
  }

  if (!record || trusted.length === 0) {
    if (context.interceptionRoots?.has(rootOf(obs))) {
      return { ...base, kind: 'first-use', severity: 'notice', reasons: ['reasonFirstUseThroughInterception'] };
    }
    const sibling = context.siblingKeys?.has(observed.spkiSha256);
    return { ...base, kind: 'first-use', severity: 'none', reasons: [sibling ? 'reasonFirstUseSiblingKey' : 'reasonFirstUse'] };
  }

  const change = { ...base, previous };
  // A pin only narrows what is accepted (enforcement.ts lets a chain holding one through): it never
  // silences a change. A new key under a pinned intermediate is judged like any other.
  if (trusted.some((k) => k.spkiSha256 === observed.spkiSha256)) {
    // Only the key's owner can use a certificate for it: a re-issue by another CA is news, not an attack.
    const sameRoot = trusted.some((k) => rootSpkiOf(k) === rootOf(obs));
    const reasons = [sameRoot ? 'reasonSameKeyNewIntermediate' : 'reasonSameKeyNewRoot'];
    // A key on probation stays on it under its new issuer: a seventh review learned his key's
    // second certificate (another CA's) as trusted, and the real key's return doubted only the first.
    const onProbation = trusted.filter((k) => k.spkiSha256 === observed.spkiSha256 && k.status === 'first-use' && k.provisional);
    if (onProbation.length > 0) {
      return { ...change, kind: 'issuer-change', severity: 'notice', reasons, learn: 'provisional', replaces: [...new Set(onProbation.flatMap((k) => k.provisional!.replaces))] };
    }
    return { ...change, kind: 'issuer-change', severity: 'notice', reasons, learn: 'trusted' };
  }
  return { ...change, ...judgeNewKey(record, trusted, observed, obs, context) };
}

/**
 * A key learned by a routine rule that replaced `key`: `key` coming back means the replacement was
 * not the site's renewal. A rollout still under way (the old key within the first hour) is let be.
 * A replacement taken for several due keys (an RSA and an ECDSA certificate renewed together) is
 * doubted once every one of them has come back, or had its place taken by another renewal (which
 * stands in for it alone): one coming back is its own renewal still to come, but not when the
 * other already had its renewal. Otherwise an impostor taken to renew a CDN's key the site had
 * renewed already, and another still served, was never doubted: the first never comes back.
 * Probation ending changes nothing here: an impostor who held every connection for a week must not
 * be vouched for by the week. A renewed site does not go back to the key it replaced; one that does
 * (a restored backup) is worth one warning. Only a replacement learned without asking is doubted.
 */
export function doubtedReplacements(record: TrustRecord, key: KnownKey, at: number): KnownKey[] {
  // The keys as they are with this sighting: the key seen now is served again.
  const keys = record.keys.map((k) => (k === key ? { ...k, lastSeen: Math.max(k.lastSeen, at) } : k));
  const renewals = keys.filter((p) => p.status === 'first-use' && p.provisional !== undefined);
  const returned = (spki: string, p: KnownKey) => spki === key.spkiSha256 ||
    keys.some((k) => k.spkiSha256 === spki && k.lastSeen - p.firstSeen > ROLLOUT_GRACE_MS);
  // Another renewal: another key's (the same key under another issuer is the same renewal).
  const takenByAnother = (spki: string, p: KnownKey) => {
    const k = keys.find((r) => r.spkiSha256 === spki);
    return k !== undefined && placeTaken(k, renewals.filter((q) => q.spkiSha256 !== p.spkiSha256), keys);
  };
  // Two renewals standing in for the same one key (the site's, and an impostor's taken for it and a
  // key still served): both are doubted, as two keys claiming one renewal are.
  // A replacement first seen in the future (the clock was set back since, or was pushed forward
  // when he struck, by whoever can answer the machine's time requests) is doubted as a late one.
  return renewals.filter((p) => p !== key && p.provisional!.replaces.includes(key.spkiSha256) && Math.abs(at - p.firstSeen) > ROLLOUT_GRACE_MS &&
    p.provisional!.replaces.every((spki) => returned(spki, p) || takenByAnother(spki, p)));
}

/** The certificate of the key seen last, under whichever issuer. */
function latestOf(record: TrustRecord, spki: string): KnownKey | undefined {
  return record.keys.filter((k) => k.spkiSha256 === spki).reduce<KnownKey | undefined>((a, k) => (!a || k.lastSeen > a.lastSeen ? k : a), undefined);
}

/**
 * A port's key learned as a renewal, seen again where the name's other ports (`view`, name-view.ts)
 * served a key it replaced after it, as this port never did: what the port would have said had it
 * seen those sightings itself (doubtedReplacements, at the last of them). A sixth attacker review
 * got his same-CA key learned on a port, at the name's renewal time, from one relayed fetch; the
 * name kept serving the key it claimed to renew, and the port kept calling his a match.
 */
export function doubtedOnOtherPorts(own: TrustRecord, view: TrustRecord, obs: Observation): Verdict | null {
  const observed = observedKey(obs);
  // The key under any issuer: each certificate of it on probation here (a seventh review).
  for (const key of own.keys.filter((k) => k.spkiSha256 === observed.spkiSha256 && k.status === 'first-use' && k.provisional)) {
    // Another port's key that took the same place, outside this one's rollout hour: two claims on
    // one place, as on one host. That port's verdict passes the doubt here (other-ports.ts), but not
    // to a port only a private window knows: a fourteenth review's key, learned on a port in a
    // private window, stayed a match there after the site's real renewal on the name.
    const rival = view.keys.find((p) => p.spkiSha256 !== key.spkiSha256 && !own.keys.some((o) => o.spkiSha256 === p.spkiSha256) &&
      (p.status === 'first-use' || p.status === 'accepted') && p.provisional?.replaces.some((r) => key.provisional!.replaces.includes(r)) &&
      Math.abs(p.firstSeen - key.firstSeen) > ROLLOUT_GRACE_MS);
    if (rival) {
      return { host: obs.host, at: obs.at, observed, kind: 'old-key-returned', severity: 'warning', reasons: ['reasonSecondReplacement'], previous: refOf(rival), doubts: [refOf(key)!] };
    }
    for (const spki of key.provisional!.replaces) {
      // The replaced key's latest sighting under any issuer (a renewal reusing the key may come
      // from another intermediate: an eighth review hid its return behind the stale certificate).
      const there = latestOf(view, spki);
      const here = latestOf(own, spki);
      if (!there || there.lastSeen <= (here?.lastSeen ?? 0) || there.lastSeen - key.firstSeen <= ROLLOUT_GRACE_MS) continue;
      if (doubtedReplacements(view, there, there.lastSeen).some((p) => sameKey(p, key))) {
        return { host: obs.host, at: obs.at, observed, kind: 'old-key-returned', severity: 'warning', reasons: ['reasonReplacedKeyStillServed'], previous: refOf(there), doubts: [refOf(key)!] };
      }
    }
  }
  return null;
}

function judgeKnownKey(record: TrustRecord, key: KnownKey, obs: Observation, base: Pick<Verdict, 'host' | 'at' | 'observed'>): Verdict {
  const doubted = doubtedReplacements(record, key, obs.at);
  if (doubted.length > 0) {
    return { ...base, kind: 'old-key-returned', severity: 'warning', reasons: ['reasonReplacedKeyReturned'], previous: refOf(doubted[0]), doubts: doubted.map((d) => refOf(d)!) };
  }
  const downgrades = findDowngrades(record, key, obs);
  if (downgrades.length > 0) {
    const severity = downgrades.reduce<Severity>((s, d) => maxSeverity(s, d.severity), 'none');
    return { ...base, kind: 'downgrade', severity, reasons: downgrades.map((d) => d.reason) };
  }
  if (key.cert.fingerprintSha256 !== obs.leaf.fingerprintSha256) {
    return { ...base, kind: 'renewal', severity: 'info', reasons: ['reasonSameKeyNewCertificate'] };
  }
  const current = latestTrustedKey(record);
  if (current && current !== key) {
    return { ...base, kind: 'multi-key', severity: 'none', reasons: ['reasonOtherKnownKey'] };
  }
  return { ...base, kind: 'match', severity: 'none', reasons: ['reasonKnownKey'] };
}

export function judgeOverride(record: TrustRecord | undefined, override: OverrideObservation): Verdict {
  return {
    host: override.host,
    at: override.at,
    kind: 'certificate-override',
    severity: 'warning',
    reasons: ['reasonCertificateOverride'],
    previous: refOf(latestTrustedKey(record)),
  };
}
