// Shown in place of a page that strict mode or a pin stopped: what was expected and what was
// presented, why, and the two ways out. Trusting the key needs an explicit confirmation.
import { useState } from 'preact/hooks';
import type { BlockDetails } from '../../protocol.js';
import { CertificateCard } from '../components/CertificateCard.js';
import type { Translate } from '../i18n.js';
import { hostLabel } from '../../core/host-display.js';

export interface WarningActions {
  goBack(): void;
  trust(): void;
}

interface Props {
  details: BlockDetails | null;
  error: string | null;
  now: number;
  t: Translate;
  actions: WarningActions;
}

export function Warning({ details, error, now, t, actions }: Props) {
  const [confirmed, setConfirmed] = useState(false);
  if (error) {
    return (
      <main>
        <h1>{t('warningTitle')}</h1>
        <p class="error" role="alert">{error}</p>
        <button type="button" data-action="back" onClick={actions.goBack}>{t('actionGoBack')}</button>
      </main>
    );
  }
  if (!details) return <p class="loading">{t('popupLoading')}</p>;
  const expected = details.expectedKeys[0];
  return (
    <main>
      <h1>{t('warningTitle')}</h1>
      <p class="lead" data-host={details.host}>{t('warningLead', [hostLabel(details.host)])}</p>
      <p class="reason" data-reason={details.reason}>{t(`blockReason_${details.reason.replaceAll('-', '_')}`)}</p>
      <p class="honesty">{t('warningAlreadySent')}</p>
      {details.pins.length > 0 ? (
        <section class="pins" aria-label={t('headingPins')}>
          <h2>{t('headingPins')}</h2>
          <ul>{details.pins.map((p) => <li key={p.pattern + p.spkiSha256}><code>{p.pattern}</code> <code data-field="pin">{p.spkiSha256}</code></li>)}</ul>
        </section>
      ) : null}
      <div class="side-by-side">
        {expected
          ? <CertificateCard role="previous" heading={t('headingExpected')} keyInfo={expected} other={details.observed ?? undefined} now={now} t={t} />
          : <section class="cert" data-role="previous"><h3>{t('headingExpected')}</h3><p>{t('warningNoKnownKey')}</p></section>}
        {details.observed
          ? <CertificateCard role="observed" heading={t('headingPresentedNow')} keyInfo={details.observed} other={expected} now={now} t={t} />
          : <section class="cert" data-role="observed"><h3>{t('headingPresentedNow')}</h3><p>{t('warningNoPresentedKey')}</p></section>}
      </div>
      <div class="actions">
        <button type="button" class="primary" data-action="back" onClick={actions.goBack}>{t('actionGoBack')}</button>
      </div>
      {details.observed ? (
        <details class="trust">
          <summary>{t('warningAdvanced')}</summary>
          <label>
            <input type="checkbox" data-action="confirm" checked={confirmed} onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)} />
            {' '}{t('warningConfirm', [hostLabel(details.host)])}
          </label>
          <button type="button" data-action="trust" disabled={!confirmed} onClick={actions.trust}>{t('actionTrustKey')}</button>
        </details>
      ) : null}
    </main>
  );
}
