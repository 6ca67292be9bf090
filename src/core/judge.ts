// judgeObservation: the heart of FirstSeen. Pure: the same record and observation always give
// the same verdict, so it is tested on captured fixtures with no browser at all.
import { issuerSpkiOf, type Observation, type OverrideObservation } from './observation.js';
import { findKey, isTrusted, latestTrustedKey, type KeyRef, type TrustRecord } from './trust-record.js';
import type { Verdict } from './verdict.js';

export function observedKey(obs: Observation): KeyRef {
  return { spkiSha256: obs.leaf.spkiSha256, issuerSpkiSha256: issuerSpkiOf(obs.chain) };
}

function refOf(key: KeyRef | undefined): KeyRef | undefined {
  return key && { spkiSha256: key.spkiSha256, issuerSpkiSha256: key.issuerSpkiSha256 };
}

export function judgeObservation(record: TrustRecord | undefined, obs: Observation): Verdict {
  const observed = observedKey(obs);
  const base = { host: obs.host, at: obs.at, observed };
  const exact = findKey(record, observed);
  const previous = refOf(latestTrustedKey(record));

  if (exact?.status === 'rejected') {
    return { ...base, kind: 'rejected-key', severity: 'critical', reasons: ['reasonRejectedKey'], previous };
  }
  if (exact && isTrusted(exact)) {
    return exact.cert.fingerprintSha256 === obs.leaf.fingerprintSha256
      ? { ...base, kind: 'match', severity: 'none', reasons: ['reasonKnownKey'] }
      : { ...base, kind: 'renewal', severity: 'info', reasons: ['reasonSameKeyNewCertificate'] };
  }
  const trusted = record?.keys.filter(isTrusted) ?? [];
  if (trusted.length === 0) {
    return { ...base, kind: 'first-use', severity: 'none', reasons: ['reasonFirstUse'] };
  }
  if (trusted.some((k) => k.issuerSpkiSha256 === observed.issuerSpkiSha256)) {
    return { ...base, kind: 'key-change', severity: 'warning', reasons: ['reasonNewKeyKnownIssuer'], previous };
  }
  const sameLeaf = trusted.some((k) => k.spkiSha256 === observed.spkiSha256);
  return {
    ...base,
    kind: 'issuer-change',
    severity: 'warning',
    reasons: [sameLeaf ? 'reasonSameKeyNewIssuer' : 'reasonNewKeyNewIssuer'],
    previous,
  };
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
