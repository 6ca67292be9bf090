// The toolbar popup. It leads with a headline in words and one sentence of advice about the
// loudest thing on the tab (headline.ts), then every host the page talked to, loudest first, each
// with its decision above its details.
import { visibleText } from '../../core/visible-text.js';
import { severityRank } from '../../core/severity.js';
import type { KeyDecision, KeyRef } from '../../core/trust-record.js';
import type { HostReport, TabReport } from '../../protocol.js';
import { HostRow } from '../components/HostRow.js';
import { StorageBanner } from '../components/StorageBanner.js';
import type { Translate } from '../i18n.js';
import { plural } from '../plural.js';
import { headline, type HeadlineState } from './headline.js';

export interface PopupActions {
  decide(host: string, key: KeyRef, decision: KeyDecision): void;
  /** "Block until I decide" on a host's waiting change. */
  hold?(host: string): void;
  /** Opens the management page, at a host when given. */
  manage(host?: string): void;
  /** Asks Firefox to give FirstSeen its access to the sites back (a click is needed for that). */
  allowAccess(): void;
  /** Opens the whole certificate chain of a host's key in the add-on's viewer. */
  viewCertificate?(host: string, spki: string): void;
}

interface Props {
  report: TabReport | null;
  error: string | null;
  now: number;
  t: Translate;
  actions: PopupActions;
}

/** More quiet hosts than this fold into one line. */
const FOLD_QUIET_PAST = 3;

/** Nothing to see or decide: a known key, a first visit, a renewal of a known key. */
const isQuiet = (h: HostReport) => (h.severity === 'none' || h.severity === 'info') && !h.blocked && h.observed?.status !== 'pending' && !h.resolution;

/** The toolbar icon of each headline, so the popup and the button look alike. */
const ICON: Record<HeadlineState, string> = {
  'no-access': 'state-no-access', critical: 'state-critical', warning: 'state-warning', notice: 'state-notice',
  'first-use': 'state-first-use', known: 'state-known', 'plain-http': 'state-idle', blank: 'state-idle', unsupported: 'state-idle', 'nothing-yet': 'state-idle',
};

export function Popup({ report, error, now, t, actions }: Props) {
  if (error) return <p class="error" role="alert">{t('popupError', [error])}</p>;
  if (!report) return <p class="loading">{t('popupLoading')}</p>;
  const hosts = [...report.hosts].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const head = headline(report);
  const row = (h: HostReport) => (
    <HostRow key={h.host} report={h} now={now} t={t} onDecide={actions.decide} onManage={actions.manage} onView={actions.viewCertificate} {...(actions.hold ? { onHold: (host: string) => actions.hold!(host) } : {})} />
  );
  // A page talks to many hosts, nearly all of them with nothing to say: past a few, those fold into
  // one line, so the changes are what the popup shows (a 15-host page was 2,577 px tall).
  const quiet = hosts.filter(isQuiet);
  const folded = quiet.length > FOLD_QUIET_PAST ? quiet : [];
  const shown = hosts.filter((h) => !folded.includes(h));
  const loud = head.state === 'critical' || head.state === 'warning' || head.state === 'no-access';
  return (
    <main>
      <header class="popup-head">
        <span class="brand">{t('extensionName')}</span>
        <button type="button" data-action="manage" onClick={() => actions.manage()}>{t('actionManage')}</button>
      </header>
      <section class={`headline state-${head.state}`} data-role="headline" data-state={head.state} role={loud ? 'alert' : 'status'}
        {...(head.state === 'no-access' ? { 'data-access': 'missing' } : {})}>
        <img src={`/icons/${ICON[head.state]}.svg`} alt="" width={40} height={40} />
        <div>
          <h1 data-role="headline-text">{t(head.title, head.titleSubs)}</h1>
          <p data-role="advice">{t(head.advice)}</p>
          {head.state === 'no-access'
            ? <button type="button" class="primary" data-action="allow-access" onClick={() => actions.allowAccess()}>{t('actionAllowAccess')}</button>
            : null}
        </div>
      </section>
      {report.interception ? (
        <p class="banner" role="alert" data-interception={report.interception.rootSpki}>
          {plural(t, 'interceptionBanner', report.interception.hosts.length, [visibleText(report.interception.rootSubject)])}
        </p>
      ) : null}
      <StorageBanner status={report.storage} t={t} />
      {report.hosts.some((h) => h.incognito) ? <p class="banner" data-private>{t('privateWindowBanner')}</p> : null}
      {hosts.length > 0 ? (
        <>
          <h2 class="hosts-heading">{t('popupHostsHeading')}</h2>
          {shown.length > 0 ? <ul class="hosts" aria-label={t('popupHostsLabel')}>{shown.map(row)}</ul> : null}
          {folded.length > 0 ? (
            <details class="quiet-hosts" data-role="quiet-hosts" data-count={folded.length}>
              <summary>{plural(t, shown.length > 0 ? 'quietHostsSummary' : 'quietHostsAll', folded.length)}</summary>
              <ul class="hosts" aria-label={t('quietHostsLabel')}>{folded.map(row)}</ul>
            </details>
          ) : null}
        </>
      ) : null}
    </main>
  );
}
