// Search and filters above the host list.
import type { HostQuery } from '../../core/host-query.js';
import { SEVERITIES } from '../../core/severity.js';
import type { Translate } from '../i18n.js';
import { HOST_STATUSES } from '../../core/host-summary.js';

interface Props {
  query: HostQuery;
  onChange: (q: HostQuery) => void;
  t: Translate;
}

function Choice<T extends string>({ id, label, value, options, onChange, t, prefix }: {
  id: string; label: string; value: T | null; options: readonly T[]; onChange: (v: T | null) => void; t: Translate; prefix: string;
}) {
  return (
    <label for={id}>
      {label}{' '}
      <select id={id} value={value ?? ''} onChange={(e) => onChange(((e.currentTarget as HTMLSelectElement).value || null) as T | null)}>
        <option value="">{t('filterAny')}</option>
        {options.map((o) => <option key={o} value={o}>{t(`${prefix}${o}`)}</option>)}
      </select>
    </label>
  );
}

export function HostFilters({ query, onChange, t }: Props) {
  return (
    <div class="filters" role="search">
      <label for="host-search">
        {t('searchLabel')}{' '}
        <input id="host-search" type="search" value={query.search} autocomplete="off" spellcheck={false}
          onInput={(e) => onChange({ ...query, search: (e.currentTarget as HTMLInputElement).value })} />
      </label>
      <Choice id="filter-status" label={t('columnStatus')} value={query.status} options={HOST_STATUSES}
        onChange={(status) => onChange({ ...query, status })} t={t} prefix="hostStatus_" />
      <Choice id="filter-mode" label={t('columnMode')} value={query.mode} options={['watch', 'strict', 'ignore'] as const}
        onChange={(mode) => onChange({ ...query, mode })} t={t} prefix="mode_" />
      <Choice id="filter-severity" label={t('columnLastChange')} value={query.severity} options={SEVERITIES}
        onChange={(severity) => onChange({ ...query, severity })} t={t} prefix="severity_" />
    </div>
  );
}
