// Options of this browser, not of the trust history: how often FirstSeen reads certificates, and
// whether a critical verdict stops the page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LockedOptions } from '../../core/managed-rules.js';
import { DEFAULT_OPTIONS, type BooleanOption, type Options } from '../../core/options.js';
import type { Translate } from '../i18n.js';
import type { ManagerApi } from './api.js';

/** `locked`: the options the organisation set (shown, not changeable). */
export function DeviceOptions({ api, t, locked, children }: { api: ManagerApi; t: Translate; locked?: LockedOptions; children?: ComponentChildren }) {
  const [options, setOptions] = useState<Options | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.options().then(setOptions, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  }, [api]);
  const change = (option: Partial<Options>) => api.setOptions(option).then(
    (o) => { setOptions(o); setError(null); },
    (e: unknown) => setError(String(e instanceof Error ? e.message : e)),
  );
  /** One option's checkbox, its words and its help (the message named `<message>Help`). */
  const box = (option: BooleanOption, hook: string, message: string) => [
    <label key={hook}>
      <input type="checkbox" data-option={hook} disabled={options === null || locked?.[option] !== undefined}
        {...(locked?.[option] !== undefined ? { 'data-locked': '' } : {})}
        checked={(options ?? DEFAULT_OPTIONS)[option]} onChange={(e) => void change({ [option]: (e.currentTarget as HTMLInputElement).checked })} />
      {' '}{t(message)}{locked?.[option] !== undefined ? <> {t('setByOrganisation')}</> : null}
    </label>,
    <p key={`${hook}-help`} class="help">{t(`${message}Help`)}</p>,
  ];
  return (
    <section class="device-options" aria-labelledby="options-heading">
      <h2 id="options-heading">{t('headingOptions')}</h2>
      {box('checkEveryResponse', 'check-every-response', 'optionCheckEveryResponse')}
      {box('stopOnCritical', 'stop-on-critical', 'optionStopOnCritical')}
      {options && options.recognisedRoots.length > 0 ? (
        <div data-role="recognised-roots">
          <h3>{t('recognisedRootsHeading')}</h3>
          <p class="help">{t('recognisedRootsHelp')}</p>
          <ul>{options.recognisedRoots.map((r) => (
            <li key={r.spkiSha256} data-pin={r.spkiSha256}>
              <span data-field="root-name">{r.name}</span> <code>sha256/{r.spkiSha256}</code>{' '}
              <button type="button" data-action="forget-inspection-root"
                onClick={() => void api.forgetInspectionRoot(r.spkiSha256).then((o) => { setOptions(o); setError(null); }, (e: unknown) => setError(String(e instanceof Error ? e.message : e)))}>
                {t('actionForgetRoot')}
              </button>
            </li>
          ))}</ul>
        </div>
      ) : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      {children}
    </section>
  );
}
