// judgeObservation: the heart of FirstSeen. Pure: the same record, observation and context always
// give the same verdict, so it is tested on captured fixtures and scenarios with no browser at all.
//
// The aim is that real attacks stand out from routine change. Routine: a renewal, a host going back
// to a key it used before, a new key from the same CA family when the old certificate was due for
// replacement or the new one predates our first sight of the old (a CDN's parallel key). Attacks: a
// fresh certificate minted mid-validity of the real one, another CA family, an interception root.
import { findDowngrades } from './downgrades.js';
import { issuerSpkiOf, type Observation, type OverrideObservation } from './observation.js';
import { maxSeverity, type Severity } from './severity.js';
import { hasLapsed, nearEndOfLife } from './timing.js';
import { findKey, isTrusted, latestTrustedKey, rootSpkiOf, type KeyRef, type KnownKey, type TrustRecord } from './trust-record.js';
import type { JudgeContext, Verdict } from './verdict.js';

export function observedKey(obs: Observation): KeyRef {
  return { spkiSha256: obs.leaf.spkiSha256, issuerSpkiSha256: issuerSpkiOf(obs.chain) };
}

function refOf(key: KeyRef | undefined): KeyRef | undefined {
  return key && { spkiSha256: key.spkiSha256, issuerSpkiSha256: key.issuerSpkiSha256 };
}

const rootOf = (obs: Observation) => obs.chain[obs.chain.length - 1]!.spkiSha256;

export function judgeObservation(record: TrustRecord | undefined, obs: Observation, context: JudgeContext = {}): Verdict {
  const observed = observedKey(obs);
  const base = { host: obs.host, at: obs.at, observed };
  const exact = findKey(record, observed);
  const current = latestTrustedKey(record);
  const previous = refOf(current);

  if (exact?.status === 'rejected') {
    return { ...base, kind: 'rejected-key', severity: 'critical', reasons: ['reasonRejectedKey'], previous };
  }
  if (record && exact && isTrusted(exact)) return judgeKnownKey(record, exact, current, obs, base);

  const trusted = record?.keys.filter(isTrusted) ?? [];
  if (trusted.length === 0 || !current) {
    if (context.interceptionRoots?.has(rootOf(obs))) {
      return { ...base, kind: 'first-use', severity: 'notice', reasons: ['reasonFirstUseThroughInterception'] };
    }
    const sibling = context.siblingKeys?.has(observed.spkiSha256);
    return { ...base, kind: 'first-use', severity: 'none', reasons: [sibling ? 'reasonFirstUseSiblingKey' : 'reasonFirstUse'] };
  }

  const change = { ...base, previous };
  if (!obs.builtInRoot && trusted.some((k) => k.builtInRoot)) {
    return { ...change, kind: 'interception', severity: 'critical', reasons: ['reasonInterception'] };
  }

  if (context.pinnedSpki && obs.chain.some((c) => context.pinnedSpki!.has(c.spkiSha256))) {
    // The user pinned a key of this chain (often the intermediate or root): rotations under it are expected.
    const kind = trusted.some((k) => k.issuerSpkiSha256 === observed.issuerSpkiSha256) ? 'key-change' : 'issuer-change';
    return { ...change, kind, severity: 'info', reasons: ['reasonPinMatched'] };
  }

  const sameLeaf = trusted.some((k) => k.spkiSha256 === observed.spkiSha256);
  const sameIssuer = trusted.some((k) => k.issuerSpkiSha256 === observed.issuerSpkiSha256);
  const sameRoot = trusted.some((k) => rootSpkiOf(k) === rootOf(obs));

  if (sameLeaf) {
    // Only the key's owner can use a certificate for it: a re-issue by another CA is news, not an attack.
    return { ...change, kind: 'issuer-change', severity: 'notice', reasons: [sameRoot ? 'reasonSameKeyNewIntermediate' : 'reasonSameKeyNewRoot'] };
  }

  const kind = sameIssuer ? 'key-change' : 'issuer-change';
  const reasons: string[] = [sameIssuer ? 'reasonNewKeyKnownIssuer' : sameRoot ? 'reasonNewKeySiblingIntermediate' : 'reasonNewKeyNewRoot'];
  let severity: Severity = 'warning';
  if (sameRoot) {
    const due = nearEndOfLife(current.cert, obs.at);
    const parallel = obs.leaf.notBefore < current.firstSeen;
    if (due) reasons.push(current.cert.notAfter <= obs.at ? 'reasonOldCertificateExpired' : 'reasonOldCertificateNearEnd');
    if (parallel) reasons.push('reasonParallelKey');
    if (due || parallel) severity = 'notice';
    else if (hasLapsed(current, obs.at)) {
      // Within the same CA family only: the owner may have re-keyed while we were away.
      reasons.push('reasonOldKeyLapsed');
      severity = 'notice';
    } else reasons.push('reasonFreshMidValidity');
  }
  if (severity === 'warning' && context.siblingKeys?.has(observed.spkiSha256)) {
    reasons.push('reasonKeyTrustedOnSibling');
    severity = 'notice';
  }
  return { ...change, kind, severity, reasons };
}

function judgeKnownKey(
  record: TrustRecord,
  key: KnownKey,
  current: KnownKey | undefined,
  obs: Observation,
  base: Pick<Verdict, 'host' | 'at' | 'observed'>,
): Verdict {
  const downgrades = findDowngrades(record, key, obs);
  if (downgrades.length > 0) {
    const severity = downgrades.reduce<Severity>((s, d) => maxSeverity(s, d.severity), 'none');
    return { ...base, kind: 'downgrade', severity, reasons: downgrades.map((d) => d.reason) };
  }
  if (key.cert.fingerprintSha256 !== obs.leaf.fingerprintSha256) {
    return { ...base, kind: 'renewal', severity: 'info', reasons: ['reasonSameKeyNewCertificate'] };
  }
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
