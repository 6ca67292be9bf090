// Leaf certificates for tests, in real DER: a subject, a real issuer's exact name, validity and,
// where asked, an embedded SCT list (extension 1.3.6.1.4.1.11129.2.4.2) with chosen log times.
// Self-signed with their own key: only the fields FirstSeen reads matter, never the signature.
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A TLS-encoded SignedCertificateTimestampList (RFC 6962 §3.3) of v1 SCTs at the given times. */
export function sctList(times: readonly number[], version = 0): Uint8Array<ArrayBuffer> {
  const entries = times.map((t, i) => {
    const sct = new Uint8Array(1 + 32 + 8 + 2 + 2 + 2 + 8);
    const view = new DataView(sct.buffer);
    sct[0] = version;
    sct.fill(i + 1, 1, 33); // log id
    view.setBigUint64(33, BigInt(t));
    view.setUint16(41, 0); // no extensions
    sct[43] = 4; // sha256
    sct[44] = 3; // ecdsa
    view.setUint16(45, 8); // an 8-byte stand-in signature
    return sct;
  });
  const body = entries.reduce((n, e) => n + 2 + e.length, 0);
  const list = new Uint8Array(2 + body);
  const view = new DataView(list.buffer);
  view.setUint16(0, body);
  let at = 2;
  for (const e of entries) {
    view.setUint16(at, e.length);
    list.set(e, at + 2);
    at += 2 + e.length;
  }
  return list;
}

export interface LeafSpec {
  /** Distinguished name string of the subject, e.g. "CN=www.example.com". */
  subject: string;
  /** The issuer's name: a DN string, or a real certificate's name as it is encoded there. */
  issuer: string | x509.Name;
  notBefore: Date;
  notAfter: Date;
  serial: string;
  /** Log times of the embedded SCTs; none: no SCT extension. */
  sctTimes?: number[];
  /** Raw extension value to embed instead (hostile input tests). */
  sctExtension?: Uint8Array<ArrayBuffer>;
  /** DNS names for a subjectAltName extension. */
  sans?: string[];
}

export type LeafKeys = CryptoKeyPair;

export function makeLeafKeys(): Promise<LeafKeys> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<LeafKeys>;
}

/** The DER of a leaf certificate for `keys`. */
export async function makeLeafDer(spec: LeafSpec, keys: LeafKeys): Promise<Uint8Array> {
  const extensions: x509.Extension[] = [];
  const value: Uint8Array<ArrayBuffer> | undefined = spec.sctExtension ?? (spec.sctTimes ? new Uint8Array(new asn1js.OctetString({ valueHex: sctList(spec.sctTimes) }).toBER()) : undefined);
  if (value) extensions.push(new x509.Extension(SCT_LIST_OID, false, value));
  if (spec.sans) extensions.push(new x509.SubjectAlternativeNameExtension(spec.sans.map((name) => ({ type: 'dns' as const, value: name }))));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serial,
    subject: spec.subject,
    issuer: typeof spec.issuer === 'string' ? spec.issuer : spec.issuer.toJSON(),
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions,
  });
  return new Uint8Array(cert.rawData);
}
