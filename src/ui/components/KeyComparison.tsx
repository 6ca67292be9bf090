// A key change: the one-line summary, the user's choices (first, so they are in view without
// scrolling), then the old and the new certificate side by side. A decision can be taken back.
import type { KeyDecision, KeyRef } from '../../core/trust-record.js';
import type { HostReport } from '../../protocol.js';
import type { Translate } from '../i18n.js';
import { CertificateCard } from './CertificateCard.js';
import { changeSummary } from './change-summary.js';

interface Props {
  report: HostReport;
  now: number;
  t: Translate;
  onDecide: (host: string, key: KeyRef, decision: KeyDecision) => void;
  onView?: (host: string, spki: string) => void;
}

export function KeyComparison({ report, now, t, onDecide, onView }: Props) {
  const view = (spki: string) => (onView ? () => onView(report.host, spki) : undefined);
  const { observed, previous } = report;
  const decide = (decision: KeyDecision) => () => {
    if (observed) onDecide(report.host, { spkiSha256: observed.spkiSha256, issuerSpkiSha256: observed.issuerSpkiSha256 }, decision);
  };
  // Accept what waits for a decision, or what the user refused before; a key trusted already
  // (learned as routine) can only be refused.
  const canAccept = observed?.status === 'pending' || observed?.status === 'rejected';
  const canReject = observed?.status === 'pending' || observed?.status === 'first-use';
  return (
    <div class="comparison">
      {previous && observed ? <p class="summary" data-role="summary">{changeSummary(previous, observed, now, t)}</p> : null}
      {observed && !report.resolution && (canAccept || canReject) ? (
        <div class="actions decision" role="group" aria-label={t('headingDecision')}>
          {canAccept ? <button type="button" class="primary" data-action="accept" onClick={decide('accepted')}>{t('actionAcceptKey')}</button> : null}
          {canReject ? <button type="button" data-action="reject" onClick={decide('rejected')}>{t('actionDontTrust')}</button> : null}
          <p class="hint">{canAccept ? `${t('acceptExplained')} ` : ''}{t('dontTrustExplained')}</p>
        </div>
      ) : null}
      {report.resolution ? (
        <p class="resolution" role="status" data-resolution={report.resolution}>
          {t(`resolution_${report.resolution}`)}{' '}
          <button type="button" data-action="undo" onClick={decide('undecided')}>{t('actionUndo')}</button>
        </p>
      ) : null}
      <div class="side-by-side">
        {previous ? <CertificateCard role="previous" heading={t('headingTrustedBefore')} keyInfo={previous} other={observed} now={now} t={t} onView={view(previous.spkiSha256)} /> : null}
        {observed ? <CertificateCard role="observed" heading={t('headingPresentedNow')} keyInfo={observed} other={previous} now={now} t={t} onView={view(observed.spkiSha256)} /> : null}
      </div>
    </div>
  );
}
