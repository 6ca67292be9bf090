// A key change: the one-line summary, the user's choices (first, so they are in view without
// scrolling), then the old and the new certificate side by side, behind "Show details". A decision can be taken back.
// The safe choice is the main button ("Block this key"); accepting a key at a critical verdict (a
// key the user refused, an interception root) asks once more. After a decision, focus goes to its
// Undo, never to the page's body.
import { useEffect, useRef, useState } from 'preact/hooks';
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
  /** "Block until I decide": strict for this host until its waiting change is decided. */
  onHold?: (host: string) => void;
}

export function KeyComparison({ report, now, t, onDecide, onView, onHold }: Props) {
  const view = (spki: string) => (onView ? () => onView(report.host, spki) : undefined);
  const { observed, previous } = report;
  const [confirming, setConfirming] = useState(false);
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (report.resolution) undo.current?.focus();
    setConfirming(false);
  }, [report.resolution]);
  const decide = (decision: KeyDecision) => () => {
    if (observed) onDecide(report.host, { spkiSha256: observed.spkiSha256, issuerSpkiSha256: observed.issuerSpkiSha256 }, decision);
  };
  // Accept what waits for a decision, or what the user refused before; a key trusted already
  // (learned as routine) can only be refused.
  const canAccept = observed?.status === 'pending' || observed?.status === 'rejected';
  const canReject = observed?.status === 'pending' || observed?.status === 'first-use';
  const risky = report.severity === 'critical' || observed?.status === 'rejected';
  // Deciding may need a look elsewhere first (the site's own news, its admin): meanwhile the safe
  // choice is to load only the keys already trusted. The decision ends it.
  const canHold = onHold !== undefined && observed?.status === 'pending' && !report.held && !report.resolution;
  return (
    <div class="comparison">
      {previous && observed ? <p class="summary" data-role="summary">{changeSummary(previous, observed, now, t)}</p> : null}
      {observed && !report.resolution && (canAccept || canReject) ? (
        <div class="actions decision" role="group" aria-label={t('headingDecision')}>
          {canReject ? <button type="button" class="primary" data-action="reject" onClick={decide('rejected')}>{t('actionBlockKey')}</button> : null}
          {canAccept && !confirming ? <button type="button" data-action="accept" onClick={risky ? () => setConfirming(true) : decide('accepted')}>{t('actionAcceptKey')}</button> : null}
          {confirming ? (
            <p class="confirm" role="alert" data-role="confirm-accept">
              {t('acceptCriticalConfirm')}{' '}
              <button type="button" data-action="confirm-accept" onClick={decide('accepted')}>{t('actionAcceptAnyway')}</button>{' '}
              <button type="button" data-action="cancel-accept" onClick={() => setConfirming(false)}>{t('actionCancel')}</button>
            </p>
          ) : null}
          {canHold ? <button type="button" data-action="hold" onClick={() => onHold!(report.host)}>{t('actionHoldUntilDecided')}</button> : null}
          <p class="hint">{[canReject ? t('blockKeyExplained') : '', canAccept ? t('acceptExplained') : '', canHold ? t('holdExplained') : ''].filter(Boolean).join(' ')}</p>
        </div>
      ) : null}
      {report.held && !report.resolution ? <p class="held" role="status" data-role="held">{t('heldUntilDecided')}</p> : null}
      {report.resolution ? (
        <p class="resolution" role="status" data-resolution={report.resolution}>
          {t(`resolution_${report.resolution}`)}{' '}
          <button type="button" ref={undo} data-action="undo" onClick={decide('undecided')}>{t('actionUndo')}</button>
        </p>
      ) : null}
      {/* The two certificates behind "Show details": open for a warning or worse, which the user
          must weigh; closed for a routine notice, so a page of many hosts stays scannable. */}
      <details class="cards" data-role="details" open={report.severity === 'warning' || report.severity === 'critical'}>
        <summary data-action="show-details">{t('showDetails')}</summary>
        <div class="side-by-side">
          {previous ? <CertificateCard role="previous" heading={t('headingTrustedBefore')} keyInfo={previous} other={observed} now={now} t={t} onView={view(previous.spkiSha256)} /> : null}
          {observed ? <CertificateCard role="observed" heading={t('headingPresentedNow')} keyInfo={observed} other={previous} now={now} t={t} onView={view(observed.spkiSha256)} /> : null}
        </div>
      </details>
    </div>
  );
}
