// Pruning by a retention rule: first the list of what it would remove, then the removal, then an
// undo. Keys the user accepted, pinned or rejected are never removed (core/retention.ts).
import { useState } from 'preact/hooks';
import { UNDO_PRUNE_HOSTS, type PruneRule } from '../../core/retention.js';
import type { PruneOutcome } from '../../protocol.js';
import { HostName } from '../components/HostName.js';
import type { Translate } from '../i18n.js';
import { plural } from '../plural.js';
import type { ManagerApi } from './api.js';

function Affected({ outcome, t }: { outcome: PruneOutcome; t: Translate }) {
  if (outcome.affected.length === 0) return null;
  return (
    <ul class="prune-list" aria-label={t('pruneListLabel')}>
      {outcome.affected.map((a) => (
        <li key={a.host} data-prune-host={a.host} data-gone={a.gone}>
          <HostName host={a.host} /> {a.gone ? <span class="hint">{t('pruneHostGone')}</span> : <span class="hint">{t('pruneHostKeys')}</span>}
        </li>
      ))}
      {outcome.hosts > outcome.affected.length ? <li class="hint">{plural(t, 'pruneListMore', outcome.hosts - outcome.affected.length)}</li> : null}
    </ul>
  );
}

export function Retention({ api, t, onPruned }: { api: ManagerApi; t: Translate; onPruned: () => void }) {
  const [days, setDays] = useState('365');
  const [expired, setExpired] = useState(true);
  const [preview, setPreview] = useState<PruneOutcome | null>(null);
  const [done, setDone] = useState<PruneOutcome | null>(null);
  const [undone, setUndone] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rule = (): PruneRule => ({ unseenDays: days.trim() === '' ? null : Number(days), expired });
  const fail = (e: unknown) => setError(String(e instanceof Error ? e.message : e));
  const run = (dryRun: boolean) => api.prune(rule(), dryRun).then((outcome) => {
    setError(null);
    setUndone(null);
    if (dryRun) {
      setPreview(outcome);
      setDone(null);
    } else {
      setPreview(null);
      setDone(outcome);
      onPruned();
    }
  }, fail);
  const undo = (token: string) => api.undoPrune(token).then(({ hosts }) => {
    setDone(null);
    setUndone(hosts);
    onPruned();
  }, fail);
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
        <button type="button" data-action="prune-preview" onClick={() => void run(true)}>{t('actionPrunePreview')}</button>
      </p>
      {preview ? (
        <div class="prune-preview">
          <p role="status" data-prune-preview={preview.keys}>{t('prunePreview', [String(preview.keys), String(preview.hosts), String(preview.gone)])}</p>
          <Affected outcome={preview} t={t} />
          {preview.hosts > UNDO_PRUNE_HOSTS ? <p class="warning-text">{t('pruneNoUndo')}</p> : null}
          <button type="button" class="danger" data-action="prune" disabled={preview.keys === 0} onClick={() => void run(false)}>{t('actionPrune')}</button>
        </div>
      ) : null}
      {done ? (
        <div role="status" data-pruned={done.keys}>
          <p>{t('pruneDone', [String(done.keys), String(done.hosts), String(done.gone)])}{' '}
            {done.undoToken ? <button type="button" data-action="undo-prune" onClick={() => void undo(done.undoToken!)}>{t('actionUndo')}</button> : null}</p>
        </div>
      ) : null}
      {undone !== null ? <p role="status" data-prune-undone={undone}>{plural(t, 'pruneUndone', undone)}</p> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </section>
  );
}
