// What a CT log signed for an SCT embedded in a certificate (RFC 6962 §3.2): the precertificate's
// entry, rebuilt from the final certificate the server sent and its issuer. ASN.1 is read and
// written with asn1js; only the TLS structure of the signed data is put together here.
import * as asn1js from 'asn1js';
import { children } from './x509-extensions.js';
import { SCT_LIST_OID, type Sct } from './sct.js';

function parsed(der: Uint8Array, what: string): asn1js.AsnType {
  const result = asn1js.fromBER(der);
  if (result.offset === -1 || result.offset !== der.byteLength) throw new TypeError(`${what} is not one DER value`);
  return result.result;
}

function isExtension(ext: asn1js.AsnType, oid: string): boolean {
  const id = children(ext)[0];
  return id instanceof asn1js.ObjectIdentifier && id.valueBlock.toString() === oid;
}

/**
 * The certificate's TBSCertificate with its SCT list extension taken out: the precertificate's
 * TBSCertificate, which the log signed (its poison extension removed likewise, RFC 6962 §3.1).
 * Every other field and extension keeps its order and its encoding; the three enclosing headers
 * are written anew, in DER, and with no extension left the field goes, as Firefox's
 * CTObjectsExtractor does.
 */
export function precertTbs(leaf: Uint8Array): Uint8Array {
  const tbs = children(parsed(leaf, 'the certificate'))[0];
  if (!(tbs instanceof asn1js.Sequence)) throw new TypeError('the certificate has no TBSCertificate');
  const fields = tbs.valueBlock.value;
  // extensions are tbsCertificate's [3] EXPLICIT field
  const at = fields.findIndex((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 3);
  const list = children(fields[at])[0];
  if (!(list instanceof asn1js.Sequence)) throw new TypeError('the certificate has no extensions');
  const kept = list.valueBlock.value.filter((ext) => !isExtension(ext, SCT_LIST_OID));
  if (kept.length === list.valueBlock.value.length) throw new TypeError('the certificate embeds no SCT list');
  // New blocks, not the parsed ones: those would keep their long-form lengths as they shrink.
  const extensions = new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 3 }, value: [new asn1js.Sequence({ value: kept })] });
  const precert = new asn1js.Sequence({ value: [...fields.slice(0, at), ...(kept.length > 0 ? [extensions] : []), ...fields.slice(at + 1)] });
  return new Uint8Array(precert.toBER());
}

/** The DER SubjectPublicKeyInfo of a certificate, as encoded in it. */
export function subjectPublicKeyInfo(cert: Uint8Array): Uint8Array {
  const fields = children(children(parsed(cert, 'the issuer'))[0]);
  // [0] version is optional; then serial, signature, issuer, validity, subject, subjectPublicKeyInfo
  const spki = fields[fields[0]?.idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0 ? 6 : 5];
  if (!(spki instanceof asn1js.Sequence)) throw new TypeError('the issuer has no subjectPublicKeyInfo');
  return spki.valueBeforeDecodeView;
}

/**
 * The digitally-signed struct of a v1 SCT over a precert_entry: sct_version (0),
 * signature_type certificate_timestamp (0), timestamp (uint64), entry_type precert_entry (uint16 1),
 * issuer_key_hash (32 bytes), the TBSCertificate (opaque, 24-bit length), extensions (16-bit length).
 */
export function precertSignedData(sct: Pick<Sct, 'timestamp' | 'extensions'>, issuerKeyHash: Uint8Array, tbs: Uint8Array): Uint8Array<ArrayBuffer> {
  if (issuerKeyHash.byteLength !== 32) throw new RangeError('issuer_key_hash is a SHA-256');
  if (tbs.byteLength >= 1 << 24 || sct.extensions.byteLength >= 1 << 16) throw new RangeError('too long for its TLS length');
  const data = new Uint8Array(1 + 1 + 8 + 2 + 32 + 3 + tbs.byteLength + 2 + sct.extensions.byteLength);
  const view = new DataView(data.buffer);
  let at = 2; // version 0, signature_type 0
  view.setBigUint64(at, BigInt(sct.timestamp));
  view.setUint16(at += 8, 1);
  data.set(issuerKeyHash, at += 2);
  at += 32;
  view.setUint8(at, tbs.byteLength >>> 16);
  view.setUint16(at + 1, tbs.byteLength & 0xffff);
  data.set(tbs, at += 3);
  view.setUint16(at += tbs.byteLength, sct.extensions.byteLength);
  data.set(sct.extensions, at + 2);
  return data;
}
