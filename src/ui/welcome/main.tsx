// Entry of welcome.html: reads what FirstSeen has been allowed, and asks for the rest on a click.
import { render } from 'preact';
import { t } from '../i18n.js';
import { browserSetup as setup, type SetupState } from '../setup.js';
import { Welcome, type WelcomeActions } from './Welcome.js';

const root = document.getElementById('root')!;

function show(state: SetupState | null): void {
  render(<Welcome state={state} t={t} actions={actions} />, root);
  document.body.dataset.ready = state ? 'yes' : 'no';
}

const refresh = () => setup.read().then(show, () => show(null));

const actions: WelcomeActions = {
  allowAccess: () => void setup.allowAccess().finally(refresh),
  setNotifications: (on) => void setup.setNotifications(on).finally(refresh),
  openImport: () => setup.open('manager.html#history-heading'),
  openManager: () => setup.open('manager.html'),
};

// Access can change in about:addons while this page is open.
setup.watch(() => void refresh());
show(null);
void refresh();
