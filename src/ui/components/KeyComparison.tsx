// The old and the new certificate side by side, with the user's two choices.
import type { KeyRef } from '../../core/trust-record.js';
import type { HostReport } from '../../protocol.js';
import type { Translate } from '../i18n.js';
import { CertificateCard } from './CertificateCard.js';

interface Props {
  report: HostReport;
  now: number;
  t: Translate;
  onDecide: (host: string, key: KeyRef, decision: 'accepted' | 'rejected') => void;
}

export function KeyComparison({ report, now, t, onDecide }: Props) {
  const { observed, previous } = report;
  const decide = (decision: 'accepted' | 'rejected') => () => {
    if (observed) onDecide(report.host, { spkiSha256: observed.spkiSha256, issuerSpkiSha256: observed.issuerSpkiSha256 }, decision);
  };
  return (
    <div class="comparison">
      <div class="side-by-side">
        {previous ? <CertificateCard role="previous" heading={t('headingTrustedBefore')} keyInfo={previous} other={observed} now={now} t={t} /> : null}
        {observed ? <CertificateCard role="observed" heading={t('headingPresentedNow')} keyInfo={observed} other={previous} now={now} t={t} /> : null}
      </div>
      {observed && !report.resolution && (observed.status === 'pending' || observed.status === 'first-use') ? (
        <div class="actions">
          {/* A routine change was learned without asking; the user may still refuse it. */}
          {observed.status === 'pending'
            ? <button type="button" data-action="accept" onClick={decide('accepted')}>{t('actionAcceptKey')}</button>
            : null}
          <button type="button" data-action="reject" onClick={decide('rejected')}>{t('actionKeepDistrusting')}</button>
        </div>
      ) : null}
      {report.resolution ? <p class="resolution" data-resolution={report.resolution}>{t(`resolution_${report.resolution}`)}</p> : null}
    </div>
  );
}
