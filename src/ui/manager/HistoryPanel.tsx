// Export and import of the trust history: JSON, CSV, pins; and an import that previews what it
// will add and change, lists conflicts for the user to resolve, then writes all or nothing.
import { PolicyChangeList } from './PolicyChangeList.js';
import { useState } from 'preact/hooks';
import type { ImportPreview } from '../../core/history/merge.js';
import type { Resolution } from '../../core/history/merge.js';
import type { Translate } from '../i18n.js';
import type { ManagerApi } from './api.js';
import { csvFile, download, historyFile, historyFileName, type Staged } from './history-files.js';
import { PinExportPanel } from './PinExportPanel.js';

interface Props {
  api: ManagerApi;
  t: Translate;
  /** Reads a file and stages it in the background (importFile in history-files.ts). */
  importFile: (file: Blob) => Promise<Staged>;
  onImported: () => void;
  /** The organisation disabled importing (its policy's locked.importDisabled). */
  importDisabled?: boolean;
}

/** A conflict's value as the user knows it: a key status or a mode in words; a key as it is. */
function conflictWord(kind: string, value: string | null, t: Translate): string {
  if (value === null) return '—';
  if (kind === 'key-status') return t(`keyStatus_${value.replaceAll('-', '_')}`);
  if (kind === 'mode') return t(`mode_${value}`);
  return value;
}

export function HistoryPanel({ api, t, importFile, onImported, importDisabled = false }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState<{ token: string; preview: ImportPreview; notes: string[] } | null>(null);
  const [choices, setChoices] = useState<Record<string, Resolution>>({});
  const [done, setDone] = useState<ImportPreview | null>(null);
  const run = (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setErrors([]);
    // Exports and imports of a big history outlast the event page's idle timeout.
    api.keepAwake(work).catch((e: unknown) => setErrors(String(e instanceof Error ? e.message : e).split('\n'))).finally(() => setBusy(null));
  };
  const exportJson = () => run('export', async () => {
    const now = new Date();
    download(await historyFile(api, now), historyFileName(now));
    performance.mark('firstseen:export-done');
  });
  const chooseFile = (file: File | undefined) => file && run('import', async () => {
    setDone(null);
    const staged = await importFile(file);
    // The phases, for npm run bench:history to say where an import's time goes.
    performance.mark('firstseen:import-staged');
    if (!staged.ok) return setErrors(staged.errors);
    // For the tests and npm run bench:history to tell which way the file was read.
    if (staged.streamed) performance.mark('firstseen:import-streamed');
    setPending({ token: staged.token, preview: await api.importPreview(staged.token), notes: staged.notes ?? [] });
    setChoices({});
  });
  const apply = () => pending && run('import', async () => {
    setDone(await api.importApply(pending.token, choices));
    setPending(null);
    performance.mark('firstseen:import-done');
    onImported();
  });
  return (
    <section class="history" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('headingHistory')}</h2>
      <div class="actions">
        <button type="button" data-action="export-json" disabled={busy !== null} onClick={exportJson}>{t('actionExportJson')}</button>
        <button type="button" data-action="export-csv" disabled={busy !== null}
          onClick={() => run('export', async () => download(await csvFile(api), 'firstseen-keys.csv'))}>{t('actionExportCsv')}</button>
      </div>
      {/* Import beside export: the two halves of a backup. */}
      {importDisabled ? <p class="help" data-role="import-disabled">{t('importDisabledByOrganisation')}</p> : null}
      <label for="import-file">{t('importLabel')}{' '}
        <input id="import-file" type="file" accept=".json,.txt,.xml,.plist,.kt,.java,.sh,application/json,application/xml,text/plain" disabled={busy !== null || importDisabled}
          onChange={(e) => chooseFile((e.currentTarget as HTMLInputElement).files?.[0])} />
      </label>
      {busy ? <p role="status" data-busy={busy}>{t(busy === 'export' ? 'exporting' : 'importing')}</p> : null}
      {errors.length > 0 ? (
        <div class="error" role="alert" data-import-error>
          <p>{t('importRejected')}</p>
          <ul>{errors.map((e) => <li key={e}>{e}</li>)}</ul>
        </div>
      ) : null}
      {pending ? (
        <div class="import-preview" data-preview>
          <p>{t('importPreview', [String(pending.preview.added), String(pending.preview.changed), String(pending.preview.unchanged),
            String(pending.preview.pinsAdded), String(pending.preview.conflicts.length)])}</p>
          <PolicyChangeList changes={pending.preview.policyChanges} t={t} />
          {pending.notes.length > 0 ? (
            <div data-role="import-notes">
              <p>{t('importNotes')}</p>
              <ul>{pending.notes.map((n) => <li key={n}>{n}</li>)}</ul>
            </div>
          ) : null}
          {pending.preview.conflicts.length > 0 ? (
            <ul class="conflicts">
              {pending.preview.conflicts.map((c) => (
                <li key={c.id} data-conflict={c.id}>
                  {/* Each pair of choices is a group named by its conflict, in the user's words, not the store's. */}
                  <fieldset class="conflict">
                    <legend>{t(`conflict_${c.kind.replaceAll('-', '_')}`, [c.host, conflictWord(c.kind, c.local, t), conflictWord(c.kind, c.imported, t)])}</legend>
                    {(['local', 'imported'] as const).map((choice) => (
                      <label key={choice}>
                        <input type="radio" name={c.id} value={choice} checked={(choices[c.id] ?? 'local') === choice}
                          onChange={() => setChoices({ ...choices, [c.id]: choice })} /> {t(`keep_${choice}`)}
                      </label>
                    ))}
                  </fieldset>
                </li>
              ))}
            </ul>
          ) : null}
          <button type="button" data-action="import-apply" onClick={apply} disabled={busy !== null}>{t('actionImport')}</button>{' '}
          <button type="button" data-action="import-cancel" onClick={() => setPending(null)}>{t('actionCancel')}</button>
        </div>
      ) : null}
      {done ? <p role="status" data-imported={done.added + done.changed}>{t('importDone', [String(done.added), String(done.changed)])}</p> : null}
      {/* Exports for other tools, after the backup and its preview. */}
      <PinExportPanel api={api} t={t} busy={busy !== null} run={run} />
      <div class="actions">
        <button type="button" data-action="export-policies" disabled={busy !== null}
          onClick={() => run('export', async () => download(new Blob([(await api.adminPolicyExport()).json], { type: 'application/json' }), 'policies.json'))}>
          {t('actionExportPolicies')}
        </button>
      </div>
      <p class="help">{t('exportPoliciesHelp')}</p>
    </section>
  );
}
