// Shown in place of a page FirstSeen stopped, point by point on Firefox's own certificate error
// page: an icon and a headline of the block's own severity, two short paragraphs (what happened,
// and what is at stake in plain words), "What can you do about it?", "Go back (recommended)"
// focused on load with "Advanced…" beside it. Advanced holds what FirstSeen saw, the certificates,
// "View certificate", "Continue once" (this load only) and trusting the key, which asks for an
// explicit acknowledgement.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BlockDetails } from '../../protocol.js';
import { CertificateCard } from '../components/CertificateCard.js';
import { changeSummary } from '../components/change-summary.js';
import type { Translate } from '../i18n.js';
import { hostLabel } from '../../core/host-display.js';

export interface WarningActions {
  goBack(): void;
  trust(): void;
  /** Load the page this one time, trusting nothing (the block's ticket is spent). */
  continueOnce?(): void;
  /** For an interception: recognise its root as this machine's own TLS inspection, for every site. */
  recogniseRoot?(): void;
}

interface Props {
  details: BlockDetails | null;
  error: string | null;
  now: number;
  t: Translate;
  actions: WarningActions;
}

/**
 * One severity per reason. A change of key (or a key refused, an interception) is "may not be the
 * site you expect"; a page stopped because its certificate could not be read, or Firefox found an
 * error in it, says that instead: it is no sign that the key changed, and is not shown as critical.
 */
type Kind = 'critical' | 'changed' | 'unchecked' | 'cert-error';

function kindOf(details: BlockDetails): Kind {
  if (details.reason === 'unverifiable' || details.reason === 'settings-unavailable') return 'unchecked';
  if (details.reason === 'certificate-error') return 'cert-error';
  return details.reason === 'critical' || details.verdict?.severity === 'critical' ? 'critical' : 'changed';
}

const ICON: Record<Kind, string> = { critical: 'state-critical', changed: 'state-warning', unchecked: 'state-notice', 'cert-error': 'state-warning' };

function Head({ title, kind, t }: { title: string; kind: Kind; t: Translate }) {
  return (
    <header class="warning-head" data-kind={kind}>
      <img src={`/icons/${ICON[kind]}.svg`} alt={t(kind === 'critical' ? 'severity_critical' : kind === 'unchecked' ? 'severity_notice' : 'severity_warning')} width={64} height={64} />
      <h1>{title}</h1>
    </header>
  );
}

export function Warning({ details, error, now, t, actions }: Props) {
  const [confirmed, setConfirmed] = useState(false);
  const [rootConfirmed, setRootConfirmed] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  // "Go back" has the focus when the page opens, as on Firefox's own certificate error page.
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), [details, error]);
  if (error) {
    return (
      <main>
        <Head title={t('warningTitle')} kind="unchecked" t={t} />
        <p class="error" role="alert">{error}</p>
        <button type="button" class="primary" data-action="back" ref={back} onClick={actions.goBack}>{t('actionGoBackRecommended')}</button>
      </main>
    );
  }
  if (!details) return <p class="loading">{t('popupLoading')}</p>;
  const expected = details.expectedKeys[0];
  const site = hostLabel(details.host);
  const kind = kindOf(details);
  const change = kind === 'critical' || kind === 'changed';
  const canContinue = details.observed !== null && details.reason !== 'managed-pin' && actions.continueOnce !== undefined;
  return (
    <main>
      <Head title={t(change ? 'warningHeadline' : kind === 'cert-error' ? 'warningHeadlineCertError' : 'warningHeadlineUnchecked', [site])} kind={kind} t={t} />
      <p class="lead" data-host={details.host}>{t(change ? 'warningLead' : 'warningLeadUnchecked', [site])}</p>
      <p class="reason" data-reason={details.reason}>{t(`blockReason_${details.reason.replaceAll('-', '_')}`)}</p>
      {change ? <p data-role="at-stake">{t('warningAtStake')}</p> : null}
      <h2 id="what-to-do-heading">{t('warningWhatToDo')}</h2>
      <p data-role="what-to-do">{t(change ? 'warningWhatToDoChanged' : 'warningWhatToDoUnchecked')}</p>
      <div class="actions">
        <button type="button" class="primary" data-action="back" ref={back} onClick={actions.goBack}>{t('actionGoBackRecommended')}</button>
        <button type="button" data-action="advanced" aria-expanded={advanced} aria-controls="advanced" onClick={() => setAdvanced(!advanced)}>{t('warningAdvancedMore')}</button>
      </div>
      {details.inspectionRoot && actions.recogniseRoot ? (
        // Offered once per root, for every site: a machine whose antivirus or company proxy
        // inspects TLS is not to be blocked site by site. The price is said before the choice.
        <section class="recognise-root" data-role="recognise-root" aria-labelledby="recognise-heading">
          <h2 id="recognise-heading">{t('recogniseRootHeading')}</h2>
          <p>{t('recogniseRootLead')} <strong data-field="root-name">{details.inspectionRoot.name}</strong></p>
          <p>{t('recogniseRootRisk')}</p>
          <label>
            <input type="checkbox" data-action="confirm-recognise" checked={rootConfirmed}
              onChange={(e) => setRootConfirmed((e.currentTarget as HTMLInputElement).checked)} />
            {' '}{t('recogniseRootConfirm')}
          </label>
          <div class="actions">
            <button type="button" data-action="recognise-inspection-root" disabled={!rootConfirmed} onClick={actions.recogniseRoot}>{t('actionRecogniseRoot')}</button>
          </div>
        </section>
      ) : null}
      {/* In the DOM from the start, opened by "Advanced…" beside "Go back": what FirstSeen saw, the
          certificates, and the ways past the stop, each saying what it does. A details element
          whose own summary is not shown: the button is the one control for it. */}
      <details id="advanced" class="advanced trust" open={advanced} onToggle={(e) => setAdvanced((e.currentTarget as HTMLDetailsElement).open)}>
        <summary class="hidden-summary" tabIndex={-1} aria-hidden="true">{t('warningAdvancedMore')}</summary>
        {details.verdict ? (
          <section class="classification" data-verdict={details.verdict.kind} data-severity={details.verdict.severity} aria-labelledby="classification-heading">
            <h2 id="classification-heading">
              {t('warningClassification')}{' '}
              <span class={`severity-${details.verdict.severity}`}>
                {t(`severity_${details.verdict.severity}`)}: {t(`verdict_${details.verdict.kind.replaceAll('-', '_')}`)}
              </span>
            </h2>
            <ul class="reasons">{details.verdict.reasons.map((r) => <li key={r}>{t(r)}</li>)}</ul>
          </section>
        ) : null}
        {expected && details.observed ? <p class="summary" data-role="summary">{changeSummary(expected, details.observed, now, t)}</p> : null}
        <p class="honesty">{t('warningAlreadySent')}</p>
        {details.pins.length > 0 ? (
          <section class="pins" aria-labelledby="pins-heading">
            <h2 id="pins-heading">{t('headingPins')}</h2>
            <ul>{details.pins.map((p) => (
              <li key={p.pattern + p.spkiSha256} {...(p.managed ? { 'data-managed': '' } : {})}>
                <code>{p.pattern}</code> <code data-field="pin">{p.spkiSha256}</code>{p.managed ? <> {t('setByOrganisation')}</> : null}
              </li>
            ))}</ul>
          </section>
        ) : null}
        <h2>{t('warningCertificates')}</h2>
        <div class="side-by-side">
          {expected
            ? <CertificateCard role="previous" heading={t('headingExpected')} keyInfo={expected} other={details.observed ?? undefined} now={now} t={t} />
            : <section class="cert" data-role="previous"><h3>{t('headingExpected')}</h3><p>{t('warningNoKnownKey')}</p></section>}
          {details.observed
            ? <CertificateCard role="observed" heading={t('headingPresentedNow')} keyInfo={details.observed} other={expected} now={now} t={t} />
            : <section class="cert" data-role="observed"><h3>{t('headingPresentedNow')}</h3><p>{t('warningNoPresentedKey')}</p></section>}
        </div>
        {details.observed ? (
          <p><a class="button" data-action="view-certificate" target="_blank" rel="noopener"
            href={`certificate.html?host=${encodeURIComponent(details.host)}&spki=${encodeURIComponent(details.observed.spkiSha256)}`}>{t('actionViewCertificate')}</a> <span class="hint">{t('opensInNewTab')}</span></p>
        ) : null}
        {details.reason === 'managed-pin' ? <p data-role="managed">{t('warningManagedNoTrust')}</p> : null}
        {canContinue ? (
          <div class="continue-once">
            <h2>{t('warningContinueOnceHeading')}</h2>
            <p>{t('warningContinueOnceHelp', [site])}</p>
            <button type="button" data-action="continue-once" onClick={actions.continueOnce}>{t('actionContinueOnce')}</button>
          </div>
        ) : null}
        {details.observed && details.reason !== 'managed-pin' ? (
          <div class="trust-key">
            <h2>{t('warningAdvanced')}</h2>
            <label>
              <input type="checkbox" data-action="confirm" checked={confirmed} onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)} />
              {' '}{t('warningConfirm', [site])}
            </label>
            <div class="actions">
              <button type="button" data-action="trust" disabled={!confirmed} onClick={actions.trust}>{t('actionTrustKey')}</button>
            </div>
          </div>
        ) : null}
      </details>
    </main>
  );
}
