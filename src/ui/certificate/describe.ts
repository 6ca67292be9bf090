// A certificate in full, for the add-on's certificate viewer: read from its DER with
// @peculiar/x509 (a maintained X.509 library; only this page loads it), each field as text.
// Certificate contents are network data: everything here is a string rendered as text.
import * as x509 from '@peculiar/x509';
import { sctListTimes } from '../../core/sct.js';
import { visibleText } from '../../core/visible-text.js';

export interface ExtensionView {
  oid: string;
  name: string;
  critical: boolean;
  value: string[];
}

export interface CertificateView {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: number;
  notAfter: number;
  publicKey: string;
  /** SHA-256 of the SubjectPublicKeyInfo, standard base64: the key's name on every other page and in pins. */
  spkiSha256: string;
  signature: string;
  names: string[];
  scts: number[];
  extensions: ExtensionView[];
  fingerprintSha256: string;
}

const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.17': 'Subject Alternative Name', '2.5.29.19': 'Basic Constraints', '2.5.29.15': 'Key Usage',
  '2.5.29.37': 'Extended Key Usage', '2.5.29.14': 'Subject Key Identifier', '2.5.29.35': 'Authority Key Identifier',
  '2.5.29.31': 'CRL Distribution Points', '1.3.6.1.5.5.7.1.1': 'Authority Information Access', '2.5.29.32': 'Certificate Policies',
  '1.3.6.1.4.1.11129.2.4.2': 'Signed Certificate Timestamps', '2.5.29.30': 'Name Constraints', '1.3.6.1.5.5.7.1.24': 'TLS Feature',
};

const USAGES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'TLS server', '1.3.6.1.5.5.7.3.2': 'TLS client', '1.3.6.1.5.5.7.3.3': 'code signing',
  '1.3.6.1.5.5.7.3.4': 'email', '1.3.6.1.5.5.7.3.8': 'time stamping', '1.3.6.1.5.5.7.3.9': 'OCSP signing',
};

const KEY_USAGES: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digital signature'], [x509.KeyUsageFlags.nonRepudiation, 'non-repudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'key encipherment'], [x509.KeyUsageFlags.dataEncipherment, 'data encipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'key agreement'], [x509.KeyUsageFlags.keyCertSign, 'certificate signing'],
  [x509.KeyUsageFlags.cRLSign, 'CRL signing'], [x509.KeyUsageFlags.encipherOnly, 'encipher only'], [x509.KeyUsageFlags.decipherOnly, 'decipher only'],
];

const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');

/** Standard padded base64 of some bytes (the form Firefox gives SPKI digests in). */
function base64Of(buffer: ArrayBuffer): string {
  let text = '';
  for (const b of new Uint8Array(buffer)) text += String.fromCharCode(b);
  return btoa(text);
}

async function publicKeyText(cert: x509.X509Certificate): Promise<string> {
  const alg = cert.publicKey.algorithm as { name: string; namedCurve?: string };
  if (alg.namedCurve) return `EC ${alg.namedCurve}`;
  if (/^RSA/i.test(alg.name)) {
    // The size from the key as WebCrypto imports it: the certificate names the scheme, not the size.
    try {
      const key = await cert.publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify']);
      return `RSA ${(key.algorithm as RsaHashedKeyAlgorithm).modulusLength} bits`;
    } catch {
      return 'RSA';
    }
  }
  return alg.name;
}

function extensionValue(ext: x509.Extension): string[] {
  if (ext instanceof x509.SubjectAlternativeNameExtension) return ext.names.items.map((n) => `${n.type}: ${visibleText(n.value)}`);
  if (ext instanceof x509.BasicConstraintsExtension) return [`CA: ${ext.ca ? 'yes' : 'no'}${ext.pathLength !== undefined ? `, path length ${ext.pathLength}` : ''}`];
  if (ext instanceof x509.KeyUsagesExtension) return [KEY_USAGES.filter(([flag]) => (ext.usages & flag) !== 0).map(([, n]) => n).join(', ')];
  if (ext instanceof x509.ExtendedKeyUsageExtension) return ext.usages.map((u) => USAGES[String(u)] ?? String(u));
  if (ext instanceof x509.SubjectKeyIdentifierExtension) return [ext.keyId.toUpperCase()];
  if (ext instanceof x509.AuthorityKeyIdentifierExtension) return ext.keyId ? [ext.keyId.toUpperCase()] : [];
  if (ext instanceof x509.AuthorityInfoAccessExtension) {
    return [...ext.ocsp.map((g) => `OCSP: ${visibleText(g.value)}`), ...ext.caIssuers.map((g) => `CA issuers: ${visibleText(g.value)}`)];
  }
  if (ext instanceof x509.CRLDistributionPointsExtension) {
    return ext.distributionPoints.flatMap((p) => (p.distributionPoint?.fullName ?? []).map((n) => visibleText(String(n.uniformResourceIdentifier ?? ''))));
  }
  if (ext instanceof x509.CertificatePolicyExtension) return ext.policies.map(String);
  if (ext.type === '1.3.6.1.4.1.11129.2.4.2') {
    try {
      return sctListTimes(new Uint8Array(ext.value)).map((ms) => new Date(ms).toISOString());
    } catch {
      return ['(unreadable)'];
    }
  }
  return [`${new Uint8Array(ext.value).length} bytes`];
}

export async function describeCertificate(derBase64: string): Promise<CertificateView> {
  const der = Uint8Array.from(atob(derBase64), (c) => c.charCodeAt(0));
  const cert = new x509.X509Certificate(der);
  const extensions = cert.extensions.map((ext) => {
    let value: string[];
    try {
      value = extensionValue(ext);
    } catch {
      value = ['(unreadable)'];
    }
    return { oid: ext.type, name: EXTENSION_NAMES[ext.type] ?? ext.type, critical: ext.critical, value };
  });
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const sctExt = extensions.find((e) => e.oid === '1.3.6.1.4.1.11129.2.4.2');
  const sig = cert.signatureAlgorithm as { name: string; hash?: { name: string } };
  return {
    subject: visibleText(cert.subject),
    issuer: visibleText(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore.getTime(),
    notAfter: cert.notAfter.getTime(),
    publicKey: await publicKeyText(cert),
    spkiSha256: base64Of(await crypto.subtle.digest('SHA-256', cert.publicKey.rawData)),
    signature: sig.hash ? `${sig.name} with ${sig.hash.name}` : sig.name,
    names: san ? san.names.items.map((n) => visibleText(n.value)) : [],
    scts: sctExt && sctExt.value[0] !== '(unreadable)' ? sctExt.value.map((v) => Date.parse(v)) : [],
    extensions,
    fingerprintSha256: hex(await crypto.subtle.digest('SHA-256', der)),
  };
}
