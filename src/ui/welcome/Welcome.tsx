// The first-run page, opened on install and again from the management page: what FirstSeen does
// and its honest limit, the words it uses, and what it needs: site access (with the button to
// grant it), private windows, notifications, and a backup to import.
import type { Translate } from '../i18n.js';
import type { SetupState } from '../setup.js';

export interface WelcomeActions {
  allowAccess(): void;
  setNotifications(on: boolean): void;
  openImport(): void;
  openManager(): void;
}

const TERMS = ['key', 'spki', 'trustEarned', 'severity'] as const;

export function Welcome({ state, t, actions }: { state: SetupState | null; t: Translate; actions: WelcomeActions }) {
  return (
    <main>
      <header class="welcome-head">
        <img src="/icons/state-known.svg" alt="" width={48} height={48} />
        <h1>{t('welcomeTitle')}</h1>
      </header>
      <section aria-labelledby="what-heading">
        <h2 id="what-heading">{t('welcomeWhatHeading')}</h2>
        <p>{t('welcomeWhat')}</p>
        <p data-role="starts-now"><strong>{t('welcomeStartsNowLead')}</strong> {t('welcomeStartsNow')}</p>
        <p class="limit" data-role="first-use-limit"><strong>{t('welcomeLimitLead')}</strong> {t('welcomeLimit')}</p>
      </section>
      <section aria-labelledby="when-heading" data-role="when-warning">
        <h2 id="when-heading">{t('welcomeWhenHeading')}</h2>
        <ol>
          <li>{t('welcomeWhenStop')}</li>
          <li>{t('welcomeWhenLook')}</li>
          <li>{t('welcomeWhenDecide')}</li>
        </ol>
      </section>
      <section aria-labelledby="strict-heading" data-role="suggest-strict">
        <h2 id="strict-heading">{t('welcomeStrictHeading')}</h2>
        <p>{t('welcomeStrict')}</p>
        <button type="button" data-action="manage" onClick={actions.openManager}>{t('actionManage')}</button>
      </section>
      <section aria-labelledby="terms-heading">
        <h2 id="terms-heading">{t('welcomeTermsHeading')}</h2>
        <dl class="terms">
          {TERMS.map((term) => (
            <div key={term} data-term={term}>
              <dt>{t(`term_${term}`)}</dt>
              <dd>{t(`termExplained_${term}`)}</dd>
            </div>
          ))}
        </dl>
        <ul class="severities">
          {(['notice', 'warning', 'critical'] as const).map((s) => (
            <li key={s} data-severity={s}>
              <img src={`/icons/state-${s}.svg`} alt="" width={20} height={20} /> <strong>{t(`severity_${s}`)}</strong>: {t(`severityExplained_${s}`)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="setup-heading" data-ready={state ? 'yes' : 'no'}>
        <h2 id="setup-heading">{t('welcomeSetupHeading')}</h2>
        {state ? (
          <ul class="setup">
            <li data-access={state.siteAccess ? 'granted' : 'missing'}>
              <strong>{t('welcomeAccessHeading')}</strong>{' '}
              {state.siteAccess ? t('welcomeAccessGranted') : (
                <>
                  <span class="warning-text">{t('welcomeAccessMissing')}</span>{' '}
                  <button type="button" class="primary" data-action="allow-access" onClick={actions.allowAccess}>{t('actionAllowAccess')}</button>
                </>
              )}
            </li>
            <li data-private-access={state.privateAccess ? 'allowed' : 'not-allowed'}>
              <strong>{t('welcomePrivateHeading')}</strong>{' '}
              {t(state.privateAccess ? 'welcomePrivateAllowed' : 'welcomePrivateNotAllowed')}
            </li>
            <li data-notifications={state.notifications ? 'on' : 'off'} data-recommended="">
              <strong>{t('welcomeNotificationsHeading')}</strong> <span class="recommended">{t('welcomeRecommended')}</span>{' '}
              {t(state.notifications ? 'welcomeNotificationsOn' : 'welcomeNotificationsOff')}{' '}
              <button type="button" class={state.notifications ? undefined : 'primary'} data-action={state.notifications ? 'disable-notifications' : 'enable-notifications'}
                onClick={() => actions.setNotifications(!state.notifications)}>
                {t(state.notifications ? 'actionNotificationsOff' : 'actionNotificationsOn')}
              </button>
            </li>
            <li>
              <strong>{t('welcomeBackupHeading')}</strong> {t('welcomeBackup')}{' '}
              <button type="button" data-action="open-import" onClick={actions.openImport}>{t('actionOpenImport')}</button>
            </li>
          </ul>
        ) : <p class="loading">{t('popupLoading')}</p>}
      </section>
    </main>
  );
}
