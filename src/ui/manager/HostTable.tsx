// The host list. Only the rows in view are rendered and fetched: 100,000 hosts cost what 30 do.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HostPage, HostQuery, HostRow, SortKey } from '../../core/host-query.js';
import { formatDate, formatDay, formatUtc } from '../format.js';
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
  /** Where a host is in the list: the list scrolls to the selected host when it opens with one. */
  locate?: (q: HostQuery, host: string) => Promise<number | null>;
}

const COLUMNS: [SortKey, string][] = [
  ['host', 'columnHost'], ['status', 'columnStatus'], ['keyCount', 'columnKeys'], ['lastSeen', 'columnLastSeen'],
  ['lastChangeSeverity', 'columnLastChange'], ['mode', 'columnMode'],
];

export function HostTable({ query, load, selected, onSelect, onSort, t, version, locate }: Props) {
  const [start, setStart] = useState(0);
  /** The row that holds the list's one tab stop; arrow keys move it (a roving tabindex). */
  const [active, setActive] = useState<number>(0);
  const focusAfterRender = useRef<number | null>(null);
  const [page, setPage] = useState<HostPage | null>(null);
  const latest = useRef(0);
  const box = useRef<HTMLDivElement>(null);

  const scrollToIndex = (index: number) => {
    const el = box.current;
    if (!el) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    setStart(Math.floor(el.scrollTop / ROW_HEIGHT));
  };

  useEffect(() => {
    setStart(0);
    setActive(0);
    if (box.current) box.current.scrollTop = 0;
  }, [query]);

  // manager.html?host=…: bring that host's row into view, in the middle of the list, once the list
  // has its height (a scroll before the first page would be cut back to 0).
  const located = useRef(false);
  useEffect(() => {
    if (located.current || !selected || !locate || !page) return;
    located.current = true;
    void locate(query, selected).then((index) => {
      if (index === null || !box.current) return;
      box.current.scrollTop = Math.max(0, index * ROW_HEIGHT - box.current.clientHeight / 2);
      setStart(Math.floor(box.current.scrollTop / ROW_HEIGHT));
      setActive(index);
    }, () => undefined);
  }, [selected, locate, page]);

  // Focus follows the arrow keys once the row moved to is drawn.
  useEffect(() => {
    const want = focusAfterRender.current;
    if (want === null) return;
    const button = box.current?.querySelector<HTMLButtonElement>(`[aria-rowindex="${want + 2}"] button`);
    if (button) {
      focusAfterRender.current = null;
      button.focus();
    }
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const total = page?.total ?? 0;
    if (total === 0) return;
    const to = e.key === 'ArrowDown' ? active + 1 : e.key === 'ArrowUp' ? active - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? total - 1
      : e.key === 'PageDown' ? active + VIEW_ROWS : e.key === 'PageUp' ? active - VIEW_ROWS : null;
    if (to === null) return;
    e.preventDefault();
    const index = Math.max(0, Math.min(total - 1, to));
    setActive(index);
    focusAfterRender.current = index;
    scrollToIndex(index);
  };

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
  if (page && total === 0) {
    // An empty list explains itself: nothing seen yet, or nothing matches.
    return (
      <div class="host-table empty" data-total={0} role="status">
        <p>{t(query.search || query.status || query.mode || query.severity ? 'hostListNoMatch' : 'hostListEmpty')}</p>
      </div>
    );
  }
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
      {/* Firefox makes a scrolling box a Tab stop of its own, with no name: the rows are the list's
          one Tab stop, moved through with the arrow keys, so the box is taken out of the order. */}
      <div role="rowgroup" class="host-body" tabIndex={-1} ref={box} onKeyDown={onKeyDown} onScroll={(e) => setStart(Math.floor((e.currentTarget as HTMLDivElement).scrollTop / ROW_HEIGHT))}>
        <div style={{ height: `${total * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.map((r, i) => {
            const index = (page?.offset ?? 0) + i;
            return (
              <div role="row" key={r.host} aria-rowindex={index + 2} aria-selected={r.host === selected}
                class={r.host === selected ? 'host-row selected' : 'host-row'} data-host={r.host} data-status={r.status}
                data-mode={r.mode} data-severity={r.lastChangeSeverity}
                style={{ position: 'absolute', top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px`, left: 0, right: 0 }}>
                <div role="cell" class="col col-host">
                  <button type="button" class="link" tabIndex={index === active ? 0 : -1}
                    onFocus={() => setActive(index)} onClick={() => onSelect(r.host)}><HostName host={r.host} /></button>
                </div>
                {/* Short words that fit the column; the full ones on hover. */}
                <div role="cell" class="col col-status" title={t(`hostStatus_${r.status}`)}>{t(`hostStatusShort_${r.status}`)}</div>
                <div role="cell" class="col col-keyCount">{r.keyCount}</div>
                <div role="cell" class="col col-lastSeen" title={`${formatDate(r.lastSeen)} (${formatUtc(r.lastSeen)})`}>{formatDay(r.lastSeen)}</div>
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
