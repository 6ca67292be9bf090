// One key with its certificate. Every field is network data: rendered as text only.
import type { KnownKey } from '../../core/trust-record.js';
import { formatDate, formatSpan } from '../format.js';
import type { Translate } from '../i18n.js';

interface Props {
  heading: string;
  keyInfo: KnownKey;
  now: number;
  t: Translate;
  role: 'previous' | 'observed';
}

export function CertificateCard({ heading, keyInfo, now, t, role }: Props) {
  const { cert } = keyInfo;
  const rows: [string, string, string][] = [
    ['subject', t('fieldSubject'), cert.subject],
    ['issuer', t('fieldIssuer'), cert.issuer],
    ['spki', t('fieldSpki'), keyInfo.spkiSha256],
    ['fingerprint', t('fieldFingerprint'), cert.fingerprintSha256],
    ['validity', t('fieldValidity'), `${formatDate(cert.notBefore)} – ${formatDate(cert.notAfter)}`],
    ['first-seen', t('fieldFirstSeen'), `${formatDate(keyInfo.firstSeen)} (${formatSpan(now - keyInfo.firstSeen, t)})`],
    ['status', t('fieldStatus'), t(`keyStatus_${keyInfo.status.replaceAll('-', '_')}`)],
  ];
  return (
    <section class="cert" data-role={role}>
      <h3>{heading}</h3>
      <dl>
        {rows.map(([field, label, value]) => (
          <div class="cert-row" key={field}>
            <dt>{label}</dt>
            <dd data-field={field}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
