// Hosts never recorded: one pattern per line (*.internal, localhost, <ip> for IP literals).
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../i18n.js';
import type { ManagerApi } from './api.js';

/** `version` changes whenever the manager's data may have (an import, a start over): read again. */
export function IgnoreRules({ api, t, version }: { api: ManagerApi; t: Translate; version: number }) {
  const [text, setText] = useState('');
  const [state, setState] = useState<{ error?: string; saved?: boolean }>({});
  useEffect(() => {
    // Saving an old text after an import would delete the rules the import brought.
    api.policy().then((p) => setText(p.ignoreRules.join('\n')), () => undefined);
  }, [api, version]);
  const save = () => api.setIgnoreRules(text.split('\n')).then(
    (p) => { setText(p.ignoreRules.join('\n')); setState({ saved: true }); },
    (e: unknown) => setState({ error: String(e instanceof Error ? e.message : e) }),
  );
  return (
    <section class="ignore-rules" aria-labelledby="ignore-heading">
      <h2 id="ignore-heading">{t('headingIgnoreRules')}</h2>
      <label for="ignore-text">{t('ignoreRulesHelp')}</label>
      <textarea id="ignore-text" rows={4} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      <button type="button" data-action="save-rules" onClick={() => void save()}>{t('actionSave')}</button>
      {state.error ? <p class="error" role="alert">{state.error}</p> : state.saved ? <p role="status">{t('saved')}</p> : null}
    </section>
  );
}
