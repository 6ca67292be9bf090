// A host's pins: the ones that apply, adding one (pasted, or one click from the current chain),
// expiry, and the missing-backup warning.
import { useState } from 'preact/hooks';
import { registrableDomain } from '../../core/domain.js';
import { displayName } from '../../core/pin-export/subject-name.js';
import type { Pin } from '../../core/pin.js';
import type { KnownKey } from '../../core/trust-record.js';
import type { HostDetail } from '../../protocol.js';
import { formatDate } from '../format.js';
import type { Translate } from '../i18n.js';

interface Props {
  host: string;
  detail: HostDetail;
  current: KnownKey | undefined;
  t: Translate;
  onAdd: (pattern: string, pin: string, expiresAt: number | null) => Promise<void>;
  onRemove: (pin: Pin) => Promise<void>;
}

type Level = 'pinLeaf' | 'pinIntermediate' | 'pinRoot';

export function PinEditor({ host, detail, current, t, onAdd, onRemove }: Props) {
  const domain = registrableDomain(host);
  const [scope, setScope] = useState(host);
  const [text, setText] = useState('');
  const [expiry, setExpiry] = useState('');
  const [error, setError] = useState<string | null>(null);
  const expiresAt = expiry === '' ? null : Date.parse(`${expiry}T00:00:00Z`);
  const add = (pin: string) => onAdd(scope, pin, expiresAt).then(() => { setText(''); setError(null); }, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  // Leaf, intermediate(s) and root of the current chain: the first, a middle and the last.
  const chain = current?.chainSpki ?? [];
  const picks: [Level, string][] = chain.length === 0 ? [] : chain.length === 1 ? [['pinLeaf', chain[0]!]]
    : [['pinLeaf', chain[0]!], ...(chain.length > 2 ? [['pinIntermediate', chain[1]!] as [Level, string]] : []), ['pinRoot', chain[chain.length - 1]!]];
  // "leaf key", "intermediate: R11", "root: ISRG Root X1", or "not in the current chain".
  const placeOf = (spki: string): string => {
    const i = chain.indexOf(spki);
    if (i === -1) return t('pinPlaceOutside');
    if (i === 0) return t('pinPlaceLeaf');
    return t(i === chain.length - 1 ? 'pinPlaceRoot' : 'pinPlaceIntermediate', [displayName(current?.chainSubjects[i] ?? '')]);
  };
  const renderPin = (p: Pin, expired: boolean) => (
    <li key={p.pattern + p.spkiSha256} data-pin={p.spkiSha256} data-expired={expired} {...(p.managed ? { 'data-managed': 'pin' } : {})}>
      <code>{p.pattern}</code> <span data-pin-place>{placeOf(p.spkiSha256)}</span> <code>sha256/{p.spkiSha256}</code>{' '}
      {p.expiresAt !== null ? <span>{t(expired ? 'pinExpired' : 'pinExpires', [formatDate(p.expiresAt)])}</span> : null}{' '}
      {p.managed ? <span class="hint">{t('setByOrganisation')}</span>
        : <button type="button" data-action="remove-pin" onClick={() => void onRemove(p)}>{t('actionRemove')}</button>}
    </li>
  );
  return (
    <section class="pins" aria-labelledby="pins-heading">
      <h3 id="pins-heading">{t('headingPins')}</h3>
      {detail.activePins.length === 0 && detail.expiredPins.length === 0 ? <p>{t('pinsNone')}</p> : null}
      <ul>
        {detail.activePins.map((p) => renderPin(p, false))}
        {detail.expiredPins.map((p) => renderPin(p, true))}
      </ul>
      {(detail.reportOnlyPins ?? []).length > 0 ? (
        <div data-role="report-only-pins">
          <p class="help">{t('pinsReportOnlyHelp')}</p>
          <ul>{detail.reportOnlyPins.map((p) => (
            <li key={`r${p.pattern}${p.spkiSha256}`} data-pin={p.spkiSha256} data-report-only="">
              <code>{p.pattern}</code> <span data-pin-place>{placeOf(p.spkiSha256)}</span> <code>sha256/{p.spkiSha256}</code>{' '}
              <button type="button" data-action="remove-pin" onClick={() => void onRemove(p)}>{t('actionRemove')}</button>
            </li>
          ))}</ul>
        </div>
      ) : null}
      {detail.lacksBackupPin ? <p class="warning-text" role="note" data-backup="missing">{t(detail.mode === 'strict' ? 'pinsNoBackupStrict' : 'pinsNoBackup')}</p> : null}
      <div class="pin-form">
        <label for="pin-scope">{t('pinScope')}{' '}
          <select id="pin-scope" value={scope} onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value)}>
            <option value={host}>{t('pinScopeHost', [host])}</option>
            {domain ? <option value={`**.${domain}`}>{t('pinScopeDomain', [`**.${domain}`])}</option> : null}
          </select>
        </label>
        <label for="pin-expiry">{t('pinExpiry')}{' '}
          <input id="pin-expiry" type="date" value={expiry} onInput={(e) => setExpiry((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <div class="pin-current" role="group" aria-label={t('pinCurrent')}>
          {t('pinCurrent')}{' '}
          {picks.map(([level, spki]) => (
            <button type="button" key={level} data-action={`pin-${level}`} onClick={() => void add(spki)}>{t(level)}</button>
          ))}
        </div>
        <label for="pin-text">{t('pinPaste')}{' '}
          <input id="pin-text" type="text" value={text} spellcheck={false} placeholder="sha256/…"
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="button" data-action="add-pin" onClick={() => void add(text)}>{t('actionAddPin')}</button>
        {error ? <p class="error" role="alert" data-error="pin">{error}</p> : null}
      </div>
    </section>
  );
}
