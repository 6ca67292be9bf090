// The whole certificate chain a key was seen with, as Firefox's certificate viewer shows one:
// subject, names, issuer, validity, key type and size, signature, extensions, SCTs, fingerprint,
// for each certificate from the site's down to the root. Every value is rendered as text.
import type { CertificateView } from './describe.js';
import { formatDate, formatUtc } from '../format.js';
import { HostName } from '../components/HostName.js';
import type { Translate } from '../i18n.js';

interface Props {
  host: string;
  chain: CertificateView[] | null;
  /** Why there is no chain to show: the key is unknown, or its DER was not kept. */
  missing: string | null;
  t: Translate;
}

function Row({ field, label, children, title }: { field: string; label: string; children: preact.ComponentChildren; title?: string }) {
  return (
    <div class="cert-row">
      <dt>{label}</dt>
      <dd data-field={field} title={title}>{children}</dd>
    </div>
  );
}

export function CertificateViewer({ host, chain, missing, t }: Props) {
  return (
    <main>
      <h1>{t('viewerTitle')} <HostName host={host} /></h1>
      {missing ? <p class="warning-text" role="status" data-missing>{missing}</p> : null}
      {chain?.map((c, i) => (
        <section key={c.fingerprintSha256} class="cert full" data-role="certificate" data-index={i} aria-labelledby={`cert-${i}`}>
          <h2 id={`cert-${i}`}>{t(i === 0 ? 'viewerLeaf' : i === chain.length - 1 ? 'viewerRoot' : 'viewerIntermediate')}</h2>
          <dl>
            <Row field="subject" label={t('fieldSubject')}>{c.subject}</Row>
            {c.names.length > 0 ? <Row field="names" label={t('viewerNames')}><ul>{c.names.map((n) => <li key={n}>{n}</li>)}</ul></Row> : null}
            <Row field="issuer" label={t('fieldIssuer')}>{c.issuer}</Row>
            <Row field="validity" label={t('fieldValidity')} title={`${formatUtc(c.notBefore)} – ${formatUtc(c.notAfter)}`}>{formatDate(c.notBefore)} – {formatDate(c.notAfter)}</Row>
            <Row field="public-key" label={t('viewerPublicKey')}>{c.publicKey}</Row>
            <Row field="spki" label={t('fieldSpki')}>{c.spkiSha256}</Row>
            <Row field="signature" label={t('viewerSignature')}>{c.signature}</Row>
            <Row field="serial" label={t('viewerSerial')}>{c.serialNumber}</Row>
            {c.scts.length > 0 ? (
              <Row field="scts" label={t('viewerScts')}><ul>{c.scts.map((s, j) => <li key={j} title={formatUtc(s)}>{formatDate(s)}</li>)}</ul></Row>
            ) : null}
            <Row field="fingerprint" label={t('fieldFingerprint')}>{c.fingerprintSha256}</Row>
          </dl>
          <h3>{t('viewerExtensions')}</h3>
          <dl class="extensions">
            {c.extensions.map((e) => (
              <div class="cert-row" key={e.oid} data-extension={e.oid}>
                <dt>{e.name}{e.critical ? ` (${t('viewerCritical')})` : ''}</dt>
                <dd>{e.value.length > 1 ? <ul>{e.value.map((v, j) => <li key={j}>{v}</li>)}</ul> : e.value[0] ?? ''}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </main>
  );
}
