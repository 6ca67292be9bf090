// The management page's account of what FirstSeen may do: a banner when its site access is gone
// (it sees nothing), the notifications switch, and the way back to the first-run page.
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../i18n.js';
import type { Setup, SetupState } from '../setup.js';

export function AccessBanner({ state, setup, t, onChange }: { state: SetupState | null; setup: Setup; t: Translate; onChange: () => void }) {
  if (!state || state.siteAccess) return null;
  return (
    <p class="banner no-access" role="alert" data-access="missing">
      {t('managerNoAccess')}{' '}
      <button type="button" class="primary" data-action="allow-access" onClick={() => void setup.allowAccess().finally(onChange)}>{t('actionAllowAccess')}</button>
    </p>
  );
}

export function useSetupState(setup: Setup): [SetupState | null, () => void] {
  const [state, setState] = useState<SetupState | null>(null);
  const refresh = () => void setup.read().then(setState, () => setState(null));
  useEffect(() => {
    refresh();
    setup.watch(refresh);
  }, [setup]);
  return [state, refresh];
}

/** `required`: the organisation requires notifications: they can be allowed here, not turned off. */
export function SetupOptions({ state, setup, t, onChange, required = false }: { state: SetupState | null; setup: Setup; t: Translate; onChange: () => void; required?: boolean }) {
  return (
    <div class="setup-options">
      {required && state && !state.notifications ? <p class="banner" role="note" data-role="notifications-required">{t('notificationsRequired')}</p> : null}
      <label>
        <input type="checkbox" data-option="notifications" disabled={state === null || (required && state.notifications)} checked={state?.notifications ?? false}
          {...(required ? { 'data-locked': '' } : {})}
          onChange={(e) => void setup.setNotifications((e.currentTarget as HTMLInputElement).checked).finally(onChange)} />
        {' '}{t('optionNotifications')}
      </label>
      <p class="help">{t('optionNotificationsHelp')}</p>
      {state ? (
        <p>
          <strong>{t('welcomePrivateHeading')}</strong>{' '}
          <span data-private-access={state.privateAccess ? 'allowed' : 'not-allowed'}>{t(state.privateAccess ? 'welcomePrivateAllowed' : 'welcomePrivateNotAllowed')}</span>
        </p>
      ) : null}
      <button type="button" data-action="open-welcome" onClick={() => setup.open('welcome.html')}>{t('actionOpenWelcome')}</button>
    </div>
  );
}
