// One host the page talked to, with its verdict. data-* attributes are a stable hook for tests
// and for the management page.
import type { KeyDecision, KeyRef } from '../../core/trust-record.js';
import type { HostReport } from '../../protocol.js';
import type { Translate } from '../i18n.js';
import { plural } from '../plural.js';
import { KeyComparison } from './KeyComparison.js';
import { HostName } from './HostName.js';

interface Props {
  report: HostReport;
  now: number;
  t: Translate;
  onDecide: (host: string, key: KeyRef, decision: KeyDecision) => void;
  onManage: (host: string) => void;
  /** "Block until I decide" on this host's waiting change. */
  onHold?: (host: string) => void;
  onView?: (host: string, spki: string) => void;
}

/**
 * One description per state: a new key taken as routine (a notice, on probation) is a "Routine key
 * change" in the row as in the headline; its reasons say which routine (a renewal that was due,
 * another of the site's servers). A new key that warns is "Key changed".
 */
export function verdictLabel(report: Pick<HostReport, 'kind' | 'severity'>): string {
  if ((report.kind === 'key-change' || report.kind === 'issuer-change') && report.severity === 'notice') return 'verdict_routine_change';
  return `verdict_${report.kind.replaceAll('-', '_')}`;
}

export function HostRow({ report, now, t, onDecide, onManage, onView, onHold }: Props) {
  const isChange = report.observed !== undefined && report.previous !== undefined;
  return (
    <li class="host" data-host={report.host} data-verdict={report.kind} data-severity={report.severity}>
      <div class="host-line">
        <button type="button" class="host-name link" onClick={() => onManage(report.host)}><HostName host={report.host} /></button>
        {/* The severity in words as well as colour. */}
        <span class={`verdict severity-${report.severity}`}>
          {report.severity === 'none' || report.severity === 'info' ? null
            : <strong class="severity-word" title={t(`severityExplained_${report.severity}`)}>{t(`severity_${report.severity}`)}: </strong>}
          {t(verdictLabel(report))}
        </span>
      </div>
      {report.blocked ? <p class="blocked" data-blocked={report.blocked}>{plural(t, 'blockedCount', report.blocked)}</p> : null}
      {report.incognito ? <p class="hint">{t('privateNotKept')}</p> : null}
      {report.inspectedBy !== undefined ? <p class="hint" data-field="inspected-by">{t('inspectedByLabel')} {report.inspectedBy}</p> : null}
      <ul class="reasons">
        {report.reasons.map((r) => <li key={r}>{t(r)}</li>)}
      </ul>
      {isChange ? <KeyComparison report={report} now={now} t={t} onDecide={onDecide} onView={onView} {...(onHold ? { onHold } : {})} /> : null}
    </li>
  );
}
