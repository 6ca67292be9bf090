// Above the host list: how many sites wait for the user's decision on a changed key (or serve a
// key the user refused), and those sites, loudest first, each one click (or Enter) from its
// detail. Says so too when none do.
import { useEffect, useState } from 'preact/hooks';
import type { HostRow } from '../../core/host-query.js';
import { HostName } from '../components/HostName.js';
import type { Translate } from '../i18n.js';
import { plural } from '../plural.js';
import type { ManagerApi } from './api.js';

const SHOWN = 50;

export function NeedsDecision({ api, t, version, onSelect }: { api: ManagerApi; t: Translate; version: number; onSelect: (host: string) => void }) {
  const [waiting, setWaiting] = useState<{ total: number; rows: HostRow[] } | null>(null);
  useEffect(() => {
    api.needsDecision(SHOWN).then(setWaiting, () => setWaiting(null));
  }, [api, version]);
  if (!waiting) return null;
  if (waiting.total === 0) return <p class="needs-decision none" role="status" data-role="needs-decision" data-count="0">{t('needsDecisionNone')}</p>;
  return (
    <section class="needs-decision" role="region" aria-labelledby="needs-decision-heading" data-role="needs-decision" data-count={waiting.total}>
      <h2 id="needs-decision-heading">{plural(t, 'needsDecisionCount', waiting.total)}</h2>
      <ul>
        {waiting.rows.map((r) => (
          <li key={r.host} data-host={r.host} data-severity={r.lastChangeSeverity} data-status={r.status}>
            <button type="button" class="link" onClick={() => onSelect(r.host)}><HostName host={r.host} /></button>{' '}
            <span class={`severity-${r.lastChangeSeverity}`}>{t(`severity_${r.lastChangeSeverity}`)}</span>
            {r.status === 'refused' ? <>{' '}<span class="status-refused">{t('hostStatusShort_refused')}</span></> : null}
          </li>
        ))}
      </ul>
      {waiting.total > waiting.rows.length ? <p class="hint">{plural(t, 'needsDecisionMore', waiting.total - waiting.rows.length)}</p> : null}
    </section>
  );
}
