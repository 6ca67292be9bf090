// Options of this browser, not of the trust history: how often FirstSeen reads certificates, and
// whether a critical verdict stops the page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Options } from '../../core/options.js';
import type { Translate } from '../i18n.js';
import type { ManagerApi } from './api.js';

export function DeviceOptions({ api, t, children }: { api: ManagerApi; t: Translate; children?: ComponentChildren }) {
  const [options, setOptions] = useState<Options | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.options().then(setOptions, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, [api]);
  const change = (option: Partial<Options>) => api.setOptions(option).then(
    (o) => { setOptions(o); setError(null); },
    (e: unknown) => setError(String(e instanceof Error ? e.message : e)),
  );
  return (
    <section class="device-options" aria-labelledby="options-heading">
      <h2 id="options-heading">{t('headingOptions')}</h2>
      <label>
        <input type="checkbox" data-option="check-every-response" disabled={options === null}
          checked={options?.checkEveryResponse ?? false} onChange={(e) => void change({ checkEveryResponse: (e.currentTarget as HTMLInputElement).checked })} />
        {' '}{t('optionCheckEveryResponse')}
      </label>
      <p class="help">{t('optionCheckEveryResponseHelp')}</p>
      <label>
        <input type="checkbox" data-option="stop-on-critical" disabled={options === null}
          checked={options?.stopOnCritical ?? true} onChange={(e) => void change({ stopOnCritical: (e.currentTarget as HTMLInputElement).checked })} />
        {' '}{t('optionStopOnCritical')}
      </label>
      <p class="help">{t('optionStopOnCriticalHelp')}</p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {children}
    </section>
  );
}
