// Shown in place of a page that strict mode or a pin stopped, on the pattern of Firefox's own
// "Warning: Potential Security Risk Ahead": an icon and a large headline naming the site, why
// (the block's reason, and the change's classification and reasons as the popup gives them),
// "Go back (recommended)" as the one prominent action, and the certificates and the way to trust
// the key behind "Advanced…". Trusting needs an explicit confirmation.
import { useState } from 'preact/hooks';
import type { BlockDetails } from '../../protocol.js';
import { CertificateCard } from '../components/CertificateCard.js';
import { changeSummary } from '../components/change-summary.js';
import type { Translate } from '../i18n.js';
import { hostLabel } from '../../core/host-display.js';

export interface WarningActions {
  goBack(): void;
  trust(): void;
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

function Head({ title, t }: { title: string; t: Translate }) {
  return (
    <header class="warning-head">
      <img src="/icons/state-critical.svg" alt={t('severity_critical')} width={64} height={64} />
      <h1>{title}</h1>
    </header>
  );
}

export function Warning({ details, error, now, t, actions }: Props) {
  const [confirmed, setConfirmed] = useState(false);
  const [rootConfirmed, setRootConfirmed] = useState(false);
  if (error) {
    return (
      <main>
        <Head title={t('warningTitle')} t={t} />
        <p class="error" role="alert">{error}</p>
        <button type="button" class="primary" data-action="back" onClick={actions.goBack}>{t('actionGoBackRecommended')}</button>
      </main>
    );
  }
  if (!details) return <p class="loading">{t('popupLoading')}</p>;
  const expected = details.expectedKeys[0];
  const site = hostLabel(details.host);
  return (
    <main>
      <Head title={t('warningHeadline', [site])} t={t} />
      <p class="lead" data-host={details.host}>{t('warningLead', [site])}</p>
      <p class="reason" data-reason={details.reason}>{t(`blockReason_${details.reason.replaceAll('-', '_')}`)}</p>
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
      <div class="actions">
        <button type="button" class="primary" data-action="back" onClick={actions.goBack}>{t('actionGoBackRecommended')}</button>
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
      <details class="advanced trust">
        <summary data-action="advanced">{t('warningAdvancedMore')}</summary>
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
        {details.reason === 'managed-pin' ? <p data-role="managed">{t('warningManagedNoTrust')}</p> : null}
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
