// Leaf certificates for tests, in real DER: a subject, a real issuer's exact name, validity and,
// where asked, an embedded SCT list (extension 1.3.6.1.4.1.11129.2.4.2) with chosen log times, each
// SCT signed by a test CT log (test-ct-log.ts) over the leaf's precertificate and its issuer's key.
// Self-signed with their own key: FirstSeen reads the fields and checks the SCTs, never the
// certificate's own signature.
import { webcrypto, X509Certificate as NodeCertificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import { issuerKeyHash, sctListOf, signedSct, TEST_CT_LOG, type TestCtLog } from './test-ct-log.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/**
 * A TLS-encoded SignedCertificateTimestampList (RFC 6962 §3.3) of v1 SCTs at the given times, with
 * 8-byte stand-in signatures that no log made: for hostile-input tests, and for certificates whose
 * SCTs FirstSeen is only to display, not believe (test/e2e/support/certs.ts).
 */
export function sctList(times: readonly number[], version = 0): Uint8Array<ArrayBuffer> {
  return sctListOf(times.map((t, i) => {
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
  }));
}

export interface LeafSpec {
  /** Distinguished name string of the subject, e.g. "CN=www.example.com". */
  subject: string;
  /**
   * The issuer: a DN string, a real certificate's name as it is encoded there, or the issuer's
   * certificate itself (its name, and its key for the SCTs' issuer_key_hash: needed with sctTimes).
   */
  issuer: string | x509.Name | x509.X509Certificate;
  notBefore: Date;
  notAfter: Date;
  serial: string;
  /** Log times of the embedded SCTs, each signed by `sctLog`; none: no SCT extension. */
  sctTimes?: number[];
  /** The log that signs the SCTs of sctTimes. Default: TEST_CT_LOG. */
  sctLog?: TestCtLog;
  /** Raw extension value to embed instead (hostile input, hand-made SCT lists). */
  sctExtension?: Uint8Array<ArrayBuffer>;
  /** DNS names for a subjectAltName extension. */
  sans?: string[];
}

export type LeafKeys = CryptoKeyPair;

export function makeLeafKeys(): Promise<LeafKeys> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<LeafKeys>;
}

async function certificate(spec: LeafSpec, keys: LeafKeys, sctExtension?: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const extensions: x509.Extension[] = [];
  if (sctExtension) extensions.push(new x509.Extension(SCT_LIST_OID, false, sctExtension));
  if (spec.sans) extensions.push(new x509.SubjectAlternativeNameExtension(spec.sans.map((name) => ({ type: 'dns' as const, value: name }))));
  const issuer = spec.issuer instanceof x509.X509Certificate ? spec.issuer.subjectName : spec.issuer;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serial,
    subject: spec.subject,
    issuer: typeof issuer === 'string' ? issuer : issuer.toJSON(),
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions,
  });
  return new Uint8Array(cert.rawData);
}

/**
 * The TBSCertificate of the leaf without an SCT list: its precertificate's, which its SCTs sign.
 * Made as a certificate of its own, so it owes nothing to the code under test that rebuilds it.
 */
export async function precertTbs(spec: LeafSpec, keys: LeafKeys): Promise<Uint8Array> {
  const der = await certificate(spec, keys);
  const tbs = (asn1js.fromBER(der).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  // With no extension left the field is left out (RFC 5280 allows no empty list, and Firefox's
  // CTObjectsExtractor writes none); @peculiar/x509 writes an empty one.
  const fields = tbs.valueBlock.value;
  const last = fields[fields.length - 1] as asn1js.Constructed;
  const list = last.idBlock.tagClass === 3 && last.idBlock.tagNumber === 3 ? last.valueBlock.value[0] as asn1js.Sequence : undefined;
  return list?.valueBlock.value.length === 0 ? new Uint8Array(new asn1js.Sequence({ value: fields.slice(0, -1) }).toBER()) : tbs.valueBeforeDecodeView;
}

/** The SCTs' issuer_key_hash for a leaf of `spec`: SHA-256 of its issuer certificate's key. */
export function sctIssuerKeyHash(spec: LeafSpec): Buffer {
  if (!(spec.issuer instanceof x509.X509Certificate)) throw new Error('signed SCTs need the issuer certificate (LeafSpec.issuer)');
  return issuerKeyHash(new NodeCertificate(Buffer.from(spec.issuer.rawData)));
}

/** The DER of a leaf certificate for `keys`. */
export async function makeLeafDer(spec: LeafSpec, keys: LeafKeys): Promise<Uint8Array> {
  if (spec.sctExtension || !spec.sctTimes) return certificate(spec, keys, spec.sctExtension);
  const tbs = await precertTbs(spec, keys);
  const hash = sctIssuerKeyHash(spec);
  const list = sctListOf(spec.sctTimes.map((timestamp) => signedSct(spec.sctLog ?? TEST_CT_LOG, { timestamp, issuerKeyHash: hash, tbs })));
  return certificate(spec, keys, new Uint8Array(new asn1js.OctetString({ valueHex: list }).toBER()));
}
