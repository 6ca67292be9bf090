// What an import would change in how FirstSeen checks, item by item, before it is applied: an
// ignore rule or an "ignore" mode turns checking off, so each is listed and marked as doing so.
import type { PolicyChanges } from '../../core/history/merge.js';
import { formatDate } from '../format.js';
import type { Translate } from '../i18n.js';

/** `now` decides which imported pins have expired: they are added, but flagged, as they change nothing. */
export function PolicyChangeList({ changes, t, now = Date.now() }: { changes: PolicyChanges; t: Translate; now?: number }) {
  const count = changes.rulesAdded.length + changes.modesAdded.length + changes.pinsAdded.length;
  if (count === 0) return null;
  return (
    <section class="policy-changes" aria-label={t('importPolicyHeading')}>
      <h3>{t('importPolicyHeading')}</h3>
      <ul>
        {changes.rulesAdded.map((rule) => (
          <li key={`rule|${rule}`} class="turns-off" data-policy-change="rule">{t('policyChangeRule', [rule])}</li>
        ))}
        {changes.modesAdded.map(({ host, mode }) => (
          <li key={`mode|${host}`} class={mode === 'ignore' ? 'turns-off' : undefined} data-policy-change="mode" data-host={host}>
            {t('policyChangeMode', [host, t('mode_watch'), t(`mode_${mode}`)])}
          </li>
        ))}
        {changes.pinsAdded.map((p) => {
          const expired = p.expiresAt !== null && p.expiresAt <= now;
          return (
            <li key={`pin|${p.pattern}|${p.spkiSha256}|${p.reportOnly ? 'r' : ''}`} data-policy-change="pin" data-expired={expired ? 'true' : undefined}
              {...(p.reportOnly ? { 'data-report-only': '' } : {})} class={expired ? 'warning-text' : undefined}>
              {expired ? t('policyChangePinExpired', [p.pattern, p.spkiSha256, formatDate(p.expiresAt!)])
                : t('policyChangePin', [p.pattern, p.spkiSha256, p.expiresAt === null ? t('pinNoExpiry') : formatDate(p.expiresAt)])}
              {p.reportOnly ? <> {t('pinReportOnly')}</> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
