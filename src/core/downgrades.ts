// Weakening of a known key's connection: not a new key, but worth a quiet word.
import type { Observation } from './observation.js';
import type { Severity } from './severity.js';
import type { KnownKey, TrustRecord } from './trust-record.js';

const TLS_ORDER = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const CT_COMPLIANT = 'ct_policy_compliant';

export interface Downgrade {
  reason: string;
  severity: Severity;
}

export function findDowngrades(record: TrustRecord, key: KnownKey, obs: Observation): Downgrade[] {
  const found: Downgrade[] = [];
  const before = TLS_ORDER.indexOf(key.tlsVersion);
  const now = TLS_ORDER.indexOf(obs.tlsVersion);
  if (before >= 0 && now >= 0 && now < before) found.push({ reason: 'reasonTlsDowngrade', severity: 'notice' });
  if (key.ctStatus === CT_COMPLIANT && obs.ctStatus !== CT_COMPLIANT && obs.ctStatus !== 'unknown') {
    found.push({ reason: 'reasonCtLost', severity: 'notice' });
  }
  if (record.hsts === true && !obs.hsts) found.push({ reason: 'reasonHstsLost', severity: 'info' });
  return found;
}
