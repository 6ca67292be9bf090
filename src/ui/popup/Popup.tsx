// The toolbar popup: every host the tab's page talked to, loudest first.
import { visibleText } from '../../core/visible-text.js';
import { severityRank } from '../../core/severity.js';
import type { KeyRef } from '../../core/trust-record.js';
import type { TabReport } from '../../protocol.js';
import { HostRow } from '../components/HostRow.js';
import { StorageBanner } from '../components/StorageBanner.js';
import type { Translate } from '../i18n.js';

export interface PopupActions {
  decide(host: string, key: KeyRef, decision: 'accepted' | 'rejected'): void;
  /** Opens the management page, at a host when given. */
  manage(host?: string): void;
  /** Asks Firefox to give FirstSeen its access to the sites back (a click is needed for that). */
  allowAccess(): void;
}

interface Props {
  report: TabReport | null;
  error: string | null;
  now: number;
  t: Translate;
  actions: PopupActions;
}

export function Popup({ report, error, now, t, actions }: Props) {
  if (error) return <p class="error" role="alert">{t('popupError', [error])}</p>;
  if (!report) return <p class="loading">{t('popupLoading')}</p>;
  const hosts = [...report.hosts].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  return (
    <main>
      <header class="popup-head">
        <h1>{t('extensionName')}</h1>
        <button type="button" data-action="manage" onClick={() => actions.manage()}>{t('actionManage')}</button>
      </header>
      {report.interception ? (
        <p class="banner" role="alert" data-interception={report.interception.rootSpki}>
          {t('interceptionBanner', [String(report.interception.hosts.length), visibleText(report.interception.rootSubject)])}
        </p>
      ) : null}
      {report.siteAccess ? null : (
        <p class="banner no-access" role="alert" data-access="missing">
          {t('noAccessBanner')}{' '}
          <button type="button" data-action="allow-access" onClick={() => actions.allowAccess()}>{t('actionAllowAccess')}</button>
        </p>
      )}
      <StorageBanner status={report.storage} t={t} />
      {report.hosts.some((h) => h.incognito) ? <p class="banner" data-private>{t('privateWindowBanner')}</p> : null}
      {hosts.length === 0 ? (
        <p class="empty">{t('popupNoHosts')}</p>
      ) : (
        <ul class="hosts" aria-label={t('popupHostsLabel')}>
          {hosts.map((h) => <HostRow key={h.host} report={h} now={now} t={t} onDecide={actions.decide} onManage={actions.manage} />)}
        </ul>
      )}
    </main>
  );
}
