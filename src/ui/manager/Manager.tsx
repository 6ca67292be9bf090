// The management page: the host list with search, filters and sort; a host's detail beside it;
// ignore rules and this browser's options below. Data and actions come in through the api prop.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_QUERY, type HostQuery, type SortKey } from '../../core/host-query.js';
import type { HostDetail as Detail, StorageStatus } from '../../protocol.js';
import { StorageBanner } from '../components/StorageBanner.js';
import type { Translate } from '../i18n.js';
import type { ManagerApi } from './api.js';
import { HostDetail, type DetailActions } from './HostDetail.js';
import { HostFilters } from './HostFilters.js';
import { HostTable } from './HostTable.js';
import { IgnoreRules } from './IgnoreRules.js';
import { DeviceOptions } from './DeviceOptions.js';
import { Retention } from './Retention.js';
import { HistoryPanel } from './HistoryPanel.js';
import { NeedsDecision } from './NeedsDecision.js';
import { ManagedPanel } from './ManagedPanel.js';
import type { ManagedState } from '../../core/managed-rules.js';
import type { Staged } from './history-files.js';
import type { Setup } from '../setup.js';
import { AccessBanner, SetupOptions, useSetupState } from './SetupPanel.js';

interface Props {
  api: ManagerApi;
  t: Translate;
  now: () => number;
  /** A host to open at once (manager.html?host=…, from the popup). */
  initialHost: string | null;
  importFile: (file: Blob) => Promise<Staged>;
  /** Permissions: site access, private windows, notifications (ui/setup.ts). */
  setup: Setup;
}

export function Manager({ api, t, now, initialHost, importFile, setup }: Props) {
  const [setupState, refreshSetup] = useSetupState(setup);
  const [query, setQuery] = useState<HostQuery>(DEFAULT_QUERY);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(initialHost);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [message, setMessage] = useState<{ text: string; undo?: () => void } | null>(null);
  const [storage, setStorage] = useState<StorageStatus>({ kind: 'ok' });
  const [managed, setManaged] = useState<ManagedState | null>(null);
  useEffect(() => {
    api.managedStatus().then(setManaged, () => setManaged(null));
  }, [api]);
  const locked = managed?.status === 'applied' ? managed.policy.locked : undefined;
  const refresh = () => setVersion((v) => v + 1);
  // After an action, focus goes to what it did (the message saying so), never back to <body>.
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  // Choosing a site takes focus to its detail, beside the list, once that detail is drawn.
  const focusDetail = useRef(false);
  const select = (host: string) => {
    focusDetail.current = true;
    setSelected(host);
  };
  useEffect(() => {
    if (!focusDetail.current || !detail || detail.record?.host !== selected) return;
    focusDetail.current = false;
    document.getElementById('host-detail')?.focus();
  }, [detail, selected]);

  useEffect(() => {
    api.storageStatus().then(setStorage, () => undefined);
  }, [api, version]);

  useEffect(() => {
    if (!selected) return setDetail(null);
    api.detail(selected).then(setDetail, (e: unknown) => setMessage({ text: String(e instanceof Error ? e.message : e) }));
  }, [selected, version, api]);

  const load = useCallback((q: HostQuery) => api.hosts(q), [api]);
  const sortBy = (sort: SortKey) => setQuery((q) => ({ ...q, sort, descending: q.sort === sort ? !q.descending : false }));
  const report = (e: unknown) => setMessage({ text: String(e instanceof Error ? e.message : e) });

  const actions: DetailActions | null = selected ? {
    setMode: (mode) => void api.setMode(selected, mode).then(() => {
      refresh();
      setMessage({ text: t('modeApplied', [selected, t(`mode_${mode}`)]) });
    }, report),
    decide: (key, decision) => void api.decide(selected, { spkiSha256: key.spkiSha256, issuerSpkiSha256: key.issuerSpkiSha256 }, decision).then(() => {
      refresh();
      const previous = key.status;
      setMessage({
        text: t(decision === 'accepted' ? 'keyAcceptedMessage' : 'keyRejectedMessage', [selected]),
        // Back to where it was: a key that waited waits again; one trusted before is trusted again.
        undo: () => void api.decide(selected, { spkiSha256: key.spkiSha256, issuerSpkiSha256: key.issuerSpkiSha256 },
          previous === 'accepted' || previous === 'rejected' ? previous : previous === 'pending' ? 'undecided' : 'accepted').then(() => { setMessage(null); refresh(); }, report),
      });
    }, report),
    addPin: (pattern, pin, expiresAt) => api.addPin(pattern, pin, expiresAt).then(refresh),
    removePin: (pin) => api.removePin(pin.pattern, pin.spkiSha256).then(refresh, report),
    forget: () => {
      const host = selected;
      api.forget(host).then(({ undoToken }) => {
        setSelected(null);
        refresh();
        setMessage({
          text: t('forgotten', [host]),
          undo: () => void api.undoForget(undoToken).then(() => { setMessage(null); setSelected(host); refresh(); }, report),
        });
      }, report);
    },
  } : null;

  return (
    <main>
      <h1>{t('managerTitle')}</h1>
      {/* Only where there is a detail to skip to: a link to nothing is a keyboard dead end. */}
      {selected && detail ? <a class="skip-link" href="#host-detail" data-action="skip-to-detail">{t('skipToDetail')}</a> : null}
      {message ? (
        <p class="status-message" role="status" data-message tabIndex={-1} ref={messageRef}>
          {message.text}{' '}
          {message.undo ? <button type="button" data-action="undo" onClick={message.undo}>{t('actionUndo')}</button> : null}
        </p>
      ) : null}
      <AccessBanner state={setupState} setup={setup} t={t} onChange={refreshSetup} />
      <ManagedPanel state={managed} t={t} />
      <StorageBanner status={storage} t={t} onStartOver={() => void api.startOver().then((s) => { setStorage(s); refresh(); }, report)} />
      <NeedsDecision api={api} t={t} version={version} onSelect={select}
        onDecided={(blocked) => { refresh(); setMessage({ text: t('blockedWaiting', [String(blocked)]) }); }} />
      <HostFilters query={query} onChange={setQuery} t={t} />
      <div class={selected && detail ? 'manager-layout' : 'manager-layout list-only'}>
        <HostTable query={query} load={load} selected={selected} onSelect={select} onSort={sortBy} t={t} version={version}
          locate={(q, host) => api.hostIndex(q, host)} />
        {selected && detail && actions ? <HostDetail host={selected} detail={detail} now={now()} t={t} actions={actions} /> : null}
      </div>
      <HistoryPanel api={api} t={t} importFile={importFile} onImported={refresh} importDisabled={locked?.importDisabled === true} />
      <IgnoreRules api={api} t={t} version={version} />
      <Retention api={api} t={t} onPruned={refresh} />
      <DeviceOptions api={api} t={t} {...(locked ? { locked } : {})}>
        <SetupOptions state={setupState} setup={setup} t={t} onChange={refreshSetup} required={locked?.notifications === true} />
      </DeviceOptions>
    </main>
  );
}
