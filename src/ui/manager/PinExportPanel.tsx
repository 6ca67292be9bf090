// The pin export: choose a format and the sites, review what the file will hold (hosts that
// would strand an app at the next key rotation, what the format cannot carry, expired pins left
// out), add the offered backups, then download. Nothing is written until the user has seen it.
import { useMemo, useState } from 'preact/hooks';
import { PIN_FORMATS, type PinFormat } from '../../core/pin-export/export-types.js';
import { planPins, type PlanInput } from '../../core/pin-export/plan.js';
import { formatDate } from '../format.js';
import type { Translate } from '../i18n.js';
import type { ManagerApi } from './api.js';
import { download, pinPlanInput, writePins } from './history-files.js';
import { packageError } from '../../core/pin-export/export-types.js';

/** The review's kinds of risk, worst first; 'resolved': a backup the user added left none. */
const RISK_ORDER = ['single-pin', 'leaf-only', 'chain-only', 'resolved'] as const;
const RISK_TEXT: Record<(typeof RISK_ORDER)[number], string> = {
  'single-pin': 'pinRiskSingle', 'leaf-only': 'pinRiskLeafOnly', 'chain-only': 'pinRiskChainOnly', resolved: 'pinBackupAdded',
};

interface Props {
  api: ManagerApi;
  t: Translate;
  busy: boolean;
  run: (label: string, work: () => Promise<void>) => void;
}

export function PinExportPanel({ api, t, busy, run }: Props) {
  const [format, setFormat] = useState<PinFormat>('okhttp-kotlin');
  const [selection, setSelection] = useState('');
  const [input, setInput] = useState<PlanInput | null>(null);
  const [backups, setBackups] = useState<ReadonlySet<string>>(new Set());
  // The package the Java or Kotlin file declares: the app's own, so the class can be imported.
  const [packageName, setPackageName] = useState('');
  // OkHttp before 4.3 accepts "**." but pins nothing with it: written as the domain and "*." instead.
  const [okhttp3, setOkhttp3] = useState(false);
  const okhttp = format === 'okhttp-kotlin' || format === 'okhttp-java';
  const packageProblem = okhttp && packageName.trim() !== '' ? packageError(packageName.trim()) : null;
  const plan = useMemo(() => input && planPins({ ...input, addBackupFor: backups }), [input, backups]);
  const file = useMemo(() => plan && input && writePins(plan, format, input.now, okhttp && packageProblem === null ? packageName.trim() : '', okhttp && okhttp3),
    [plan, format, input, okhttp, packageName, packageProblem, okhttp3]);
  const prepare = () => run('export', async () => {
    setBackups(new Set());
    setInput(await pinPlanInput(api, selection, Date.now()));
  });
  const toggleBackup = (pattern: string, on: boolean) => {
    const next = new Set(backups);
    if (on) next.add(pattern);
    else next.delete(pattern);
    setBackups(next);
  };
  const addBackups = (patterns: readonly string[]) => setBackups(new Set([...backups, ...patterns]));
  const atRisk = plan?.groups.filter((g) => g.risk !== null || backups.has(g.pattern)) ?? [];
  const groups = RISK_ORDER.map((risk) => ({ risk, sites: atRisk.filter((g) => (g.risk ?? 'resolved') === risk) })).filter((x) => x.sites.length > 0);
  return (
    <section class="pin-export" aria-labelledby="pin-export-heading">
      <h3 id="pin-export-heading">{t('headingPinExport')}</h3>
      <p class="hint">{t('pinExportHint')}</p>
      <div class="actions">
        <label for="pin-format">{t('pinFormat')}{' '}
          <select id="pin-format" data-field="pin-format" value={format} onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as PinFormat)}>
            {PIN_FORMATS.map((f) => <option key={f} value={f}>{t(`pinFormat_${f.replaceAll('-', '_')}`)}</option>)}
          </select>
        </label>
        <label for="pin-selection">{t('pinSelection')}{' '}
          <input id="pin-selection" type="text" value={selection} placeholder="example.com, **.example.org"
            onInput={(e) => { setSelection((e.currentTarget as HTMLInputElement).value); setInput(null); }} />
        </label>
        {okhttp ? (
          <label for="pin-package">{t('pinPackage')}{' '}
            <input id="pin-package" type="text" data-field="pin-package" value={packageName} placeholder="com.example.app.network" spellcheck={false}
              aria-invalid={packageProblem !== null} onInput={(e) => setPackageName((e.currentTarget as HTMLInputElement).value)} />
          </label>
        ) : null}
        {okhttp ? (
          <label>
            <input type="checkbox" data-field="okhttp-3" checked={okhttp3} onChange={(e) => setOkhttp3((e.currentTarget as HTMLInputElement).checked)} />
            {' '}{t('pinOkhttp3')}
          </label>
        ) : null}
        <button type="button" data-action="export-pins" disabled={busy} onClick={prepare}>{t('actionReviewPins')}</button>
      </div>
      {packageProblem ? <p class="error" role="alert" data-error="pin-package">{t('pinPackageInvalid', [packageProblem])}</p> : null}
      {plan && file ? (
        <div class="pin-review" data-role="pin-review" data-format={file.format}>
          <p role="status" data-pin-count={file.written.length}>{t('pinReviewSummary', [String(file.written.length), String(file.refused.length), String(plan.expired.length)])}</p>
          {/* Why a backup helps is said once, not repeated under every site that is offered one. */}
          {atRisk.some((g) => g.backupOffer || backups.has(g.pattern)) ? <p class="hint">{t('pinBackupReason')}</p> : null}
          {groups.length > 0 ? (
            <ul class="pin-warnings" aria-label={t('pinWarningsHeading')}>
              {/* One sentence per kind of risk, with its sites under it: with many sites, the
                  same warning repeated per site was read by nobody. */}
              {groups.map(({ risk, sites }) => {
                const offered = sites.filter((g) => g.backupOffer && !backups.has(g.pattern));
                return (
                  <li key={risk} data-pin-risk-group={risk}>
                    <p class={risk !== 'resolved' ? 'warning-text' : undefined}>{t(RISK_TEXT[risk])}</p>
                    {offered.length > 1 ? (
                      <button type="button" data-action="add-backup-all" data-pin-risk={risk} onClick={() => addBackups(offered.map((g) => g.pattern))}>
                        {t('pinAddBackupAll', [String(offered.length)])}
                      </button>
                    ) : null}
                    <ul>
                      {sites.map((g) => (
                        <li key={g.pattern} data-pin-warning={risk} data-host={g.pattern}>
                          <span class="host-pattern">{g.pattern}</span>
                          {g.backupOffer || backups.has(g.pattern) ? (
                            <label class="backup-offer">
                              <input type="checkbox" data-action="add-backup" data-host={g.pattern} checked={backups.has(g.pattern)}
                                onChange={(e) => toggleBackup(g.pattern, (e.currentTarget as HTMLInputElement).checked)} />{' '}
                              {t('pinAddBackup', [g.backupOffer?.name ?? g.pins.find((p) => p.source === 'backup')?.name ?? '?'])}
                            </label>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ul>
          ) : null}
          {file.refused.length + plan.expired.length + file.caveats.length > 0 ? (
            <ul class="pin-notes" aria-label={t('pinNotesHeading')}>
              {file.refused.map((r) => <li key={`r|${r.pattern}`} data-refused={r.pattern} data-reason={r.reason}>{t('pinRefused', [r.pattern, t(`pinRefusal_${r.reason.replaceAll('-', '_')}`)])}</li>)}
              {plan.expired.map((e) => <li key={`e|${e.pattern}|${e.spkiSha256}`} data-expired-left-out={e.pattern}>{t('pinExpiredLeftOut', [e.pattern, formatDate(e.expiresAt)])}</li>)}
              {file.caveats.map((c) => <li key={`c|${c.pattern}|${c.kind}`} data-caveat={c.kind} data-host={c.pattern}>{t(`pinCaveat_${c.kind.replaceAll('-', '_')}`, [c.pattern])}</li>)}
            </ul>
          ) : null}
          <pre class="pin-text" data-role="pin-text" tabIndex={0} aria-label={file.fileName}>{file.text}</pre>
          <button type="button" data-action="download-pins" disabled={busy || file.written.length === 0}
            onClick={() => download(new Blob([file.text], { type: file.mime }), file.fileName)}>{t('actionDownloadPins', [file.fileName])}</button>
        </div>
      ) : null}
    </section>
  );
}
