// One key with its certificate and the trust it has earned. Every field is network data: rendered as
// text only. Fields that differ from the other side of a comparison are marked.
import { trustMaturity } from '../../core/timing.js';
import { rootSpkiOf, type KnownKey } from '../../core/trust-record.js';
import { visibleText } from '../../core/visible-text.js';
import { formatDate, formatSpan, formatUtc } from '../format.js';
import type { Translate } from '../i18n.js';

interface Props {
  heading: string;
  keyInfo: KnownKey;
  now: number;
  t: Translate;
  role: 'previous' | 'observed';
  /** The key on the other side, to mark what differs. */
  other?: KnownKey;
  /** Opens the whole certificate chain in the add-on's viewer. */
  onView?: () => void;
}

/** A field: its hook, label, value, and for times the UTC form shown on hover. */
type Row = [field: string, label: string, value: string, utc?: string];

export function certificateRows(k: KnownKey, now: number, t: Translate): Row[] {
  return [
    ['subject', t('fieldSubject'), visibleText(k.cert.subject)],
    ['issuer', t('fieldIssuer'), visibleText(k.cert.issuer)],
    // Who issued it and the root, by key: a look-alike CA name must not read as "unchanged".
    ['issuer-spki', t('fieldIssuerSpki'), k.issuerSpkiSha256 || t('none')],
    ['root-spki', t('fieldRootSpki'), rootSpkiOf(k)],
    ['spki', t('fieldSpki'), k.spkiSha256],
    ['fingerprint', t('fieldFingerprint'), k.cert.fingerprintSha256],
    ['validity', t('fieldValidity'), `${formatDate(k.cert.notBefore)} – ${formatDate(k.cert.notAfter)}`, `${formatUtc(k.cert.notBefore)} – ${formatUtc(k.cert.notAfter)}`],
    ['chain', t('fieldChain'), k.chainSubjects.map(visibleText).join(' → ')],
    ['built-in-root', t('fieldBuiltInRoot'), t(k.builtInRoot ? 'yes' : 'no')],
    ['first-seen', t('fieldFirstSeen'), `${formatDate(k.firstSeen)} (${formatSpan(now - k.firstSeen, t)})`, formatUtc(k.firstSeen)],
    ['last-seen', t('fieldLastSeen'), formatDate(k.lastSeen), formatUtc(k.lastSeen)],
    ['maturity', t('fieldMaturity'), t('maturityOf', [formatSpan(trustMaturity(k, now), t)])],
    ['status', t('fieldStatus'), t(`keyStatus_${k.status.replaceAll('-', '_')}`)],
  ];
}

/** Terms explained on hover where they appear (and on the first-run page, in full). */
const EXPLAINED: Record<string, string> = {
  'spki': 'termExplained_spki', 'issuer-spki': 'termExplained_spki', 'root-spki': 'termExplained_spki', 'maturity': 'termExplained_trustEarned',
};

const COMPARED = new Set(['subject', 'issuer', 'issuer-spki', 'root-spki', 'spki', 'fingerprint', 'validity', 'chain', 'built-in-root']);

export function CertificateCard({ heading, keyInfo, now, t, role, other, onView }: Props) {
  const theirs = other ? new Map(certificateRows(other, now, t).map(([f, , v]) => [f, v])) : undefined;
  // The issuer's name reads the same and its key does not: another authority wearing the name (a
  // look-alike CA), said on the issuer row itself, where the eye stops at the matching name.
  const lookalike = other !== undefined && other.cert.issuer === keyInfo.cert.issuer && other.issuerSpkiSha256 !== keyInfo.issuerSpkiSha256;
  return (
    <section class="cert" data-role={role}>
      <h3>{heading}</h3>
      <dl>
        {certificateRows(keyInfo, now, t).map(([field, label, value, utc]) => {
          const differs = theirs !== undefined && COMPARED.has(field) && theirs.get(field) !== value;
          return (
            <div class={differs ? 'cert-row differs' : 'cert-row'} key={field}>
              {/* "differs" in words, not only in bold or colour. */}
              <dt title={EXPLAINED[field] ? t(EXPLAINED[field]) : undefined}>
                {label}{differs ? <span class="differs-tag" data-differs> {t('fieldDiffers')}</span> : null}
                {field === 'issuer' && lookalike ? <span class="differs-tag" data-lookalike> {t('fieldLookalike')}</span> : null}
              </dt>
              <dd data-field={field} title={utc}>{value}</dd>
            </div>
          );
        })}
      </dl>
      {onView ? <button type="button" class="link" data-action="view-certificate" onClick={onView}>{t('actionViewCertificate')} <span class="hint">{t('opensInNewTab')}</span></button> : null}
    </section>
  );
}
