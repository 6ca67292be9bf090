// Says plainly when FirstSeen cannot keep what it learns (store-keeper.ts), in the popup and on
// the management page. The wiped state also offers the one way out that needs the user: start over.
import { useState } from 'preact/hooks';
import type { StorageStatus } from '../../protocol.js';
import type { Translate } from '../i18n.js';

interface Props {
  status: StorageStatus;
  t: Translate;
  /** Given where the user may act on a wipe (the management page). */
  onStartOver?: () => void;
}

export function StorageBanner({ status, t, onStartOver }: Props) {
  const [understood, setUnderstood] = useState(false);
  if (status.kind === 'ok') return null;
  const text = status.kind === 'unavailable' ? t('storageUnavailable', [status.detail])
    : status.kind === 'wiped' ? t('storageWiped', [String(status.hostsBefore)])
      : t('storageFailing', [status.detail]);
  return (
    <div class="banner" role="alert" data-storage={status.kind}>
      <p>{text}</p>
      {status.kind === 'wiped' && onStartOver ? (
        <p>
          <label>
            <input type="checkbox" data-action="start-over-confirm" checked={understood} onChange={(e) => setUnderstood((e.currentTarget as HTMLInputElement).checked)} />
            {' '}{t('startOverConfirm')}
          </label>
          {' '}<button type="button" data-action="start-over" disabled={!understood} onClick={onStartOver}>{t('actionStartOver')}</button>
        </p>
      ) : null}
    </div>
  );
}
