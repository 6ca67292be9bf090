// Pruning by a retention rule: count first, then remove. Keys the user accepted, pinned or
// rejected are never removed (core/retention.ts).
import { useState } from 'preact/hooks';
import type { PruneRule } from '../../core/retention.js';
import type { Translate } from '../i18n.js';
import type { ManagerApi } from './api.js';

interface Counts {
  keys: number;
  hosts: number;
  gone: number;
}

export function Retention({ api, t, onPruned }: { api: ManagerApi; t: Translate; onPruned: () => void }) {
  const [days, setDays] = useState('365');
  const [expired, setExpired] = useState(true);
  const [preview, setPreview] = useState<Counts | null>(null);
  const [done, setDone] = useState<Counts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rule = (): PruneRule => ({ unseenDays: days.trim() === '' ? null : Number(days), expired });
  const run = (dryRun: boolean) => api.prune(rule(), dryRun).then((counts) => {
    setError(null);
    if (dryRun) {
      setPreview(counts);
      setDone(null);
    } else {
      setPreview(null);
      setDone(counts);
      onPruned();
    }
  }, (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  const changeRule = (apply: () => void) => {
    apply();
    setPreview(null);
  };
  return (
    <section class="retention" aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t('headingRetention')}</h2>
      <p class="help">{t('retentionHelp')}</p>
      <label>
        {t('retentionUnseenDays')}{' '}
        <input type="number" min={0} max={36500} step={1} id="prune-days" value={days}
          onInput={(e) => changeRule(() => setDays((e.currentTarget as HTMLInputElement).value))} />
      </label>
      <label>
        <input type="checkbox" id="prune-expired" checked={expired}
          onChange={(e) => changeRule(() => setExpired((e.currentTarget as HTMLInputElement).checked))} />
        {' '}{t('retentionExpired')}
      </label>
      <p>
        <button type="button" data-action="prune-preview" onClick={() => void run(true)}>{t('actionPrunePreview')}</button>{' '}
        {preview ? <button type="button" data-action="prune" disabled={preview.keys === 0} onClick={() => void run(false)}>{t('actionPrune')}</button> : null}
      </p>
      {preview ? <p role="status" data-prune-preview={preview.keys}>{t('prunePreview', [String(preview.keys), String(preview.hosts), String(preview.gone)])}</p> : null}
      {done ? <p role="status" data-pruned={done.keys}>{t('pruneDone', [String(done.keys), String(done.hosts), String(done.gone)])}</p> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </section>
  );
}
