// The one line above a key change's details: who issued the new certificate compared with the
// old, whether the key is new, when it was issued, and how long the old certificate had to run.
// "Same CA, new key issued today; the old certificate was valid until Aug 2027".
import { rootSpkiOf, type KnownKey } from '../../core/trust-record.js';
import { formatDaysAgo, formatMonth } from '../format.js';
import type { Translate } from '../i18n.js';

export function changeSummary(previous: KnownKey, observed: KnownKey, now: number, t: Translate): string {
  const ca = previous.issuerSpkiSha256 === observed.issuerSpkiSha256 ? 'summaryCaSame'
    : rootSpkiOf(previous) === rootSpkiOf(observed) ? 'summaryCaSameRoot' : 'summaryCaOther';
  // The SCT's time when there is one: notBefore is whatever the CA wrote.
  const issued = formatDaysAgo(observed.issuedAt ?? observed.cert.notBefore, now);
  const key = previous.spkiSha256 === observed.spkiSha256 ? t('summaryKeySame', [issued]) : t('summaryKeyNew', [issued]);
  const old = previous.cert.notAfter > now ? t('summaryOldValid', [formatMonth(previous.cert.notAfter)]) : t('summaryOldExpired', [formatMonth(previous.cert.notAfter)]);
  return t('summaryLine', [t(ca), key, old]);
}
