// What the organisation set for FirstSeen through Firefox enterprise policies, said in words and
// read-only; or why its policy was refused. Names and patterns come from the policy file: text only.
import type { ManagedState } from '../../core/managed-rules.js';
import { formatDate } from '../format.js';
import type { Translate } from '../i18n.js';

export function ManagedPanel({ state, t }: { state: ManagedState | null; t: Translate }) {
  if (!state || state.status === 'none') return null;
  if (state.status === 'refused') {
    return (
      <section class="managed banner" data-role="managed-policy" data-status="refused" aria-labelledby="managed-heading">
        <h2 id="managed-heading">{t('managedHeading')}</h2>
        <p role="alert">{t('managedRefused')} <span data-field="managed-refused">{state.reason}</span></p>
      </section>
    );
  }
  const { pins, modes, inspectionRoots, locked } = state.policy;
  const lockedNames = Object.keys(locked);
  return (
    <section class="managed" data-role="managed-policy" data-status="applied" aria-labelledby="managed-heading">
      <h2 id="managed-heading">{t('managedHeading')}</h2>
      <p>{t('managedLead')}</p>
      {Object.keys(modes).length > 0 ? (
        <>
          <h3>{t('managedModes')}</h3>
          <ul>{Object.entries(modes).map(([pattern, mode]) => (
            <li key={pattern} data-managed="mode" data-host={pattern} data-mode={mode}><code>{pattern}</code>: {t(`mode_${mode}`)}</li>
          ))}</ul>
        </>
      ) : null}
      {pins.length > 0 ? (
        <>
          <h3>{t('managedPins')}</h3>
          <ul>{pins.map((p) => (
            <li key={p.pattern + p.spkiSha256} data-managed="pin" data-host={p.pattern} data-pin={p.spkiSha256}>
              <code>{p.pattern}</code> <code>sha256/{p.spkiSha256}</code>
              {p.expiresAt !== null ? <> {t('pinExpires', [formatDate(p.expiresAt)])}</> : null}
            </li>
          ))}</ul>
        </>
      ) : null}
      {inspectionRoots.length > 0 ? (
        <>
          <h3>{t('managedInspection')}</h3>
          <p class="help">{t('managedInspectionHelp')}</p>
          <ul>{inspectionRoots.map((r) => (
            <li key={r.spkiSha256} data-managed="inspection-root" data-pin={r.spkiSha256}>
              <span data-field="name">{r.name}</span>: {r.domains === null ? t('managedInspectionAll') : r.domains.join(', ')}
            </li>
          ))}</ul>
        </>
      ) : null}
      {lockedNames.length > 0 ? (
        <>
          <h3>{t('managedLocked')}</h3>
          <ul>{lockedNames.map((name) => <li key={name} data-managed="locked" data-option={name}>{t(`managedLocked_${name}`)}{name === 'notifications' ? null : <>: {t(locked[name as keyof typeof locked] ? 'managedOn' : 'managedOff')}</>}</li>)}</ul>
        </>
      ) : null}
    </section>
  );
}
