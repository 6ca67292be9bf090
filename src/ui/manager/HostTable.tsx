// The host list. Only the rows in view are rendered and fetched: 100,000 hosts cost what 30 do.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HostPage, HostQuery, HostRow, SortKey } from '../../core/host-query.js';
import { formatDate } from '../format.js';
import type { Translate } from '../i18n.js';
import { HostName } from '../components/HostName.js';

export const ROW_HEIGHT = 30;
const VIEW_ROWS = 20;
const OVERSCAN = 10;

interface Props {
  query: HostQuery;
  load: (q: HostQuery) => Promise<HostPage>;
  selected: string | null;
  onSelect: (host: string) => void;
  onSort: (sort: SortKey) => void;
  t: Translate;
  /** Bumped by the parent to refetch after a change. */
  version: number;
}

const COLUMNS: [SortKey, string][] = [
  ['host', 'columnHost'], ['status', 'columnStatus'], ['keyCount', 'columnKeys'], ['lastSeen', 'columnLastSeen'],
  ['lastChangeSeverity', 'columnLastChange'], ['mode', 'columnMode'],
];

export function HostTable({ query, load, selected, onSelect, onSort, t, version }: Props) {
  const [start, setStart] = useState(0);
  const [page, setPage] = useState<HostPage | null>(null);
  const latest = useRef(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setStart(0);
    if (box.current) box.current.scrollTop = 0;
  }, [query]);

  useEffect(() => {
    const ticket = ++latest.current;
    const offset = Math.max(0, start - OVERSCAN);
    load({ ...query, offset, limit: VIEW_ROWS + 2 * OVERSCAN }).then((p) => {
      // Only the answer to the latest scroll or keystroke is drawn.
      if (ticket === latest.current) setPage(p);
    }, () => undefined);
  }, [query, start, version, load]);

  useEffect(() => {
    // User Timing marks, read by npm run bench:manager; they cost nothing and send nothing.
    if (page && performance.getEntriesByName('firstseen:first-rows').length === 0) performance.mark('firstseen:first-rows');
  }, [page]);

  const total = page?.total ?? 0;
  const rows: HostRow[] = page?.rows ?? [];
  return (
    <div class="host-table" role="table" aria-label={t('hostListLabel')} aria-rowcount={total + 1} data-total={total}>
      <div role="rowgroup" class="host-head">
        <div role="row" class="host-row">
          {COLUMNS.map(([key, label]) => (
            <div role="columnheader" key={key} class={`col col-${key}`}
              aria-sort={query.sort === key ? (query.descending ? 'descending' : 'ascending') : 'none'}>
              <button type="button" data-sort={key} onClick={() => onSort(key)}>{t(label)}</button>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" class="host-body" ref={box} onScroll={(e) => setStart(Math.floor((e.currentTarget as HTMLDivElement).scrollTop / ROW_HEIGHT))}>
        <div style={{ height: `${total * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.map((r, i) => {
            const index = (page?.offset ?? 0) + i;
            return (
              <div role="row" key={r.host} aria-rowindex={index + 2} aria-selected={r.host === selected}
                class={r.host === selected ? 'host-row selected' : 'host-row'} data-host={r.host} data-status={r.status}
                data-mode={r.mode} data-severity={r.lastChangeSeverity}
                style={{ position: 'absolute', top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px`, left: 0, right: 0 }}>
                <div role="cell" class="col col-host">
                  <button type="button" class="link" onClick={() => onSelect(r.host)}><HostName host={r.host} /></button>
                </div>
                <div role="cell" class="col col-status">{t(`hostStatus_${r.status}`)}</div>
                <div role="cell" class="col col-keyCount">{r.keyCount}</div>
                <div role="cell" class="col col-lastSeen">{formatDate(r.lastSeen)}</div>
                <div role="cell" class={`col col-lastChangeSeverity severity-${r.lastChangeSeverity}`}>{t(`severity_${r.lastChangeSeverity}`)}</div>
                <div role="cell" class="col col-mode">{t(`mode_${r.mode}`)}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
