// One host: its mode, pins, keys with their certificates and chains, and its history.
import { useEffect, useState } from 'preact/hooks';
import type { Pin } from '../../core/pin.js';
import type { HostMode } from '../../core/policy.js';
import { latestTrustedKey, type KnownKey } from '../../core/trust-record.js';
import type { HostDetail as Detail } from '../../protocol.js';
import { CertificateCard } from '../components/CertificateCard.js';
import { formatDate } from '../format.js';
import type { Translate } from '../i18n.js';
import { chainToPem, pemFileName } from '../../core/history/pem.js';
import { PinEditor } from './PinEditor.js';
import { HostName } from '../components/HostName.js';

export interface DetailActions {
  setMode(mode: HostMode): void;
  decide(key: KnownKey, decision: 'accepted' | 'rejected'): void;
  addPin(pattern: string, pin: string, expiresAt: number | null): Promise<void>;
  removePin(pin: Pin): Promise<void>;
  forget(): void;
}

interface Props {
  host: string;
  detail: Detail;
  now: number;
  t: Translate;
  actions: DetailActions;
}

const MODES: HostMode[] = ['watch', 'strict', 'ignore'];

function pemHref(chainDer: string[]): string {
  return URL.createObjectURL(new Blob([chainToPem(chainDer)], { type: 'application/x-pem-file' }));
}

export function HostDetail({ host, detail, now, t, actions }: Props) {
  // A mode is chosen, then applied: arrowing through the radios must not apply each one passed, Ignore included.
  const [mode, setMode] = useState<HostMode>(detail.mode);
  useEffect(() => setMode(detail.mode), [host, detail.mode]);
  const record = detail.record;
  const current = latestTrustedKey(record ?? undefined);
  return (
    <section class="host-detail" id="host-detail" tabIndex={-1} aria-labelledby="detail-heading" data-host={host}>
      <h2 id="detail-heading"><HostName host={host} /></h2>
      <fieldset class="modes" {...(detail.modeManaged ? { 'data-managed': 'mode' } : {})}>
        <legend>{t('columnMode')}</legend>
        {detail.modeManaged ? <p class="help" data-role="managed-mode">{t('managedModeNote')}</p> : null}
        {MODES.map((m) => (
          <label key={m}>
            {/* A mode the organisation set can only be made strict here (manager-handlers.ts refuses the rest too). */}
            <input type="radio" name="mode" value={m} data-mode={m} checked={mode === m} onChange={() => setMode(m)}
              disabled={(detail.modeManaged && m !== 'strict' && m !== detail.mode) || (m === 'ignore' && detail.activePins.some((p) => p.managed))} />
            {' '}{t(`mode_${m}`)} <span class="hint">{t(`modeHint_${m}`)}</span>
          </label>
        ))}
        {mode !== detail.mode ? (
          <button type="button" class={mode === 'ignore' ? 'danger' : 'primary'} data-action="apply-mode" onClick={() => actions.setMode(mode)}>
            {t('actionApplyMode', [t(`mode_${mode}`)])}
          </button>
        ) : null}
      </fieldset>
      <PinEditor host={host} detail={detail} current={current} t={t} onAdd={actions.addPin} onRemove={actions.removePin} />
      <h3>{t('headingKeys')}</h3>
      {!record || record.keys.length === 0 ? <p>{t('keysNone')}</p> : null}
      <div class="keys">
        {record?.keys.map((k) => (
          <div class="key" key={k.spkiSha256 + k.issuerSpkiSha256} data-spki={k.spkiSha256} data-status={k.status}>
            <CertificateCard role="observed" heading={t(`keyStatus_${k.status.replaceAll('-', '_')}`)} keyInfo={k} now={now} t={t}
              onView={() => window.open(`certificate.html?host=${encodeURIComponent(host)}&spki=${encodeURIComponent(k.spkiSha256)}`, '_blank')} />
            <div class="actions">
              {/* Accept what waits or was refused; a key trusted on first use can be confirmed, which
                  also keeps it through retention. A key already accepted or pinned offers neither. */}
              {k.status === 'pending' || k.status === 'rejected'
                ? <button type="button" data-action="accept" onClick={() => actions.decide(k, 'accepted')}>{t('actionAccept')}</button> : null}
              {k.status === 'first-use'
                ? <button type="button" data-action="accept" title={t('confirmKeyHelp')} onClick={() => actions.decide(k, 'accepted')}>{t('actionConfirmKey')}</button> : null}
              {k.status !== 'rejected'
                ? <button type="button" data-action="reject" onClick={() => actions.decide(k, 'rejected')}>{t('actionReject')}</button> : null}
              {k.chainDer
                ? <a class="button" data-action="pem" href={pemHref(k.chainDer)} download={pemFileName(host, k.spkiSha256)}>{t('actionDownloadPem')}</a>
                : <span class="hint">{t('pemNotKept')}</span>}
            </div>
          </div>
        ))}
      </div>
      <h3>{t('headingTimeline')}</h3>
      <ol class="timeline" reversed>
        {[...detail.events].reverse().map((e) => (
          <li key={e.id} data-event={e.kind} class={`severity-${e.severity}`}>
            <time dateTime={new Date(e.at).toISOString()}>{formatDate(e.at)}</time> {t(`event_${e.kind.replaceAll('-', '_')}`)}
          </li>
        ))}
      </ol>
      {/* Forgetting is apart from the mode controls: one slip there must not erase a site's history. */}
      <div class="forget-site">
        <button type="button" class="danger" data-action="forget" onClick={actions.forget}>{t('actionForget')}</button>
      </div>
    </section>
  );
}
