// Entry of warning.html. The ticket in the URL is one-time and bound to this tab by the background.
import { render } from 'preact';
import { request } from '../client.js';
import { t } from '../i18n.js';
import type { BlockDetails } from '../../protocol.js';
import { Warning, type WarningActions } from './Warning.js';

const root = document.getElementById('root')!;
const ticket = new URLSearchParams(location.search).get('ticket') ?? '';

function show(details: BlockDetails | null, error: string | null): void {
  render(<Warning details={details} error={error} now={Date.now()} t={t} actions={actions} />, root);
  document.body.dataset.ready = error ? 'error' : details ? 'yes' : 'no';
}

const actions: WarningActions = {
  goBack() {
    if (history.length > 1) history.back();
    else location.replace('about:blank');
  },
  continueOnce() {
    request({ type: 'continue-once', ticket, confirmed: true }).then(
      ({ url }) => location.replace(url),
      (e: unknown) => show(null, e instanceof Error ? e.message : String(e)),
    );
  },
  recogniseRoot() {
    request({ type: 'recognise-inspection-root', ticket, confirmed: true }).then(
      ({ url }) => location.replace(url),
      (e: unknown) => show(null, e instanceof Error ? e.message : String(e)),
    );
  },
  trust() {
    request({ type: 'trust-blocked-key', ticket, confirmed: true }).then(
      ({ url }) => location.replace(url),
      (e: unknown) => show(null, e instanceof Error ? e.message : String(e)),
    );
  },
};

show(null, null);
request({ type: 'block-details', ticket }).then(
  (details) => show(details, null),
  (e: unknown) => show(null, e instanceof Error ? e.message : String(e)),
);
