// Above the host list: how many sites wait for the user's decision on a changed key (or serve a
// key the user refused), and those sites, loudest first: what happened and when, the safe decision
// (block the new key) inline and in bulk, and "Review" for the detail. Says so too when none do.
import { useEffect, useState } from 'preact/hooks';
import type { HostRow } from '../../core/host-query.js';
import { HostName } from '../components/HostName.js';
import type { Translate } from '../i18n.js';
import { plural } from '../plural.js';
import type { ManagerApi } from './api.js';
import { formatDate } from '../format.js';

const SHOWN = 50;

export function NeedsDecision({ api, t, version, onSelect, onDecided }: {
  api: ManagerApi; t: Translate; version: number; onSelect: (host: string) => void;
  /** After a block from here: the page refreshes, and says what was done. */
  onDecided?: (blocked: number) => void;
}) {
  const [waiting, setWaiting] = useState<{ total: number; rows: HostRow[] } | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.needsDecision(SHOWN).then(setWaiting, () => setWaiting(null));
    setConfirmAll(false);
  }, [api, version]);
  // Blocking is the safe choice, so it is offered inline and in bulk; accepting asks for the detail.
  const block = (hosts: string[]) => void api.blockWaiting(hosts).then(({ blocked }) => { setError(null); onDecided?.(blocked); },
    (e: unknown) => setError(String(e instanceof Error ? e.message : e)));
  if (!waiting) return null;
  if (waiting.total === 0) return <p class="needs-decision none" role="status" data-role="needs-decision" data-count="0">{t('needsDecisionNone')}</p>;
  const changed = waiting.rows.filter((r) => r.status === 'changed');
  return (
    <section class="needs-decision" role="region" aria-labelledby="needs-decision-heading" data-role="needs-decision" data-count={waiting.total}>
      <h2 id="needs-decision-heading">{plural(t, 'needsDecisionCount', waiting.total)}</h2>
      <ul>
        {waiting.rows.map((r) => (
          <li key={r.host} data-host={r.host} data-severity={r.lastChangeSeverity} data-status={r.status}>
            <button type="button" class="link" onClick={() => onSelect(r.host)}><HostName host={r.host} /></button>{' '}
            <span class={`severity-${r.lastChangeSeverity}`}>{t(`severity_${r.lastChangeSeverity}`)}</span>{' '}
            {/* What happened, and when. */}
            <span data-field="what">{t(`hostStatus_${r.status}`)}</span>
            {r.lastChangeAt !== null ? <>{' '}<time data-field="when" dateTime={new Date(r.lastChangeAt).toISOString()}>{formatDate(r.lastChangeAt)}</time></> : null}{' '}
            {r.status === 'changed' ? <button type="button" data-action="block-waiting" onClick={() => block([r.host])}>{t('actionBlockKey')}</button> : null}{' '}
            <button type="button" data-action="review" onClick={() => onSelect(r.host)}>{t('actionReview')}</button>
          </li>
        ))}
      </ul>
      {changed.length > 1 ? (
        <div class="actions">
          {confirmAll ? (
            <p class="confirm" role="alert" data-role="confirm-block-all">
              {t('blockAllConfirm', [String(changed.length)])}{' '}
              <button type="button" class="primary" data-action="confirm-block-all" onClick={() => block(changed.map((r) => r.host))}>{t('actionBlockAll')}</button>{' '}
              <button type="button" data-action="cancel-block-all" onClick={() => setConfirmAll(false)}>{t('actionCancel')}</button>
            </p>
          ) : <button type="button" data-action="block-all-waiting" onClick={() => setConfirmAll(true)}>{t('actionBlockAllWaiting', [String(changed.length)])}</button>}
        </div>
      ) : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      {waiting.total > waiting.rows.length ? <p class="hint">{plural(t, 'needsDecisionMore', waiting.total - waiting.rows.length)}</p> : null}
    </section>
  );
}
