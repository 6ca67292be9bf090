// Reading the Signed Certificate Timestamps a certificate embeds (RFC 6962 §3.3): extension
// 1.3.6.1.4.1.11129.2.4.2 holds an OCTET STRING whose content is the TLS-encoded
// SignedCertificateTimestampList. ASN.1 is read with asn1js; the TLS structures are ours. What an
// SCT is worth is sct-verify.ts's question: read here, nothing is believed yet.
import * as asn1js from 'asn1js';

export const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';

/** One v1 SCT, its fields as the log signed them. */
export interface Sct {
  /** base64 of the 32-byte LogID. */
  logId: string;
  /** The log's timestamp, epoch ms. */
  timestamp: number;
  /** CtExtensions: opaque, but signed (a tiled log's leaf index lives here). */
  extensions: Uint8Array;
  /** TLS HashAlgorithm (4: sha256) and SignatureAlgorithm (1: rsa, 3: ecdsa). */
  hash: number;
  signatureAlgorithm: number;
  signature: Uint8Array;
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** The SCT's fields after its timestamp, or undefined when they do not fit its length exactly. */
function readTail(view: DataView, bytes: Uint8Array, at: number, end: number): Omit<Sct, 'logId' | 'timestamp'> | undefined {
  if (at + 2 > end) return undefined;
  const extEnd = at + 2 + view.getUint16(at);
  if (extEnd + 4 > end) return undefined;
  const sigEnd = extEnd + 4 + view.getUint16(extEnd + 2);
  if (sigEnd !== end) return undefined;
  return {
    extensions: bytes.subarray(at + 2, extEnd),
    hash: bytes[extEnd]!,
    signatureAlgorithm: bytes[extEnd + 1]!,
    signature: bytes.subarray(extEnd + 4, sigEnd),
  };
}

/**
 * Every v1 SCT in a TLS-encoded SignedCertificateTimestampList. A list whose lengths lie throws;
 * an entry of another version is skipped, not misread; a v1 entry whose inner lengths do not add
 * up keeps its time (the viewer shows it) but has no signature, so it can never verify.
 */
export function readSctList(list: Uint8Array): (Sct | Pick<Sct, 'logId' | 'timestamp'>)[] {
  const view = new DataView(list.buffer, list.byteOffset, list.byteLength);
  if (list.byteLength < 2 || view.getUint16(0) !== list.byteLength - 2) throw new TypeError('SCT list length does not match');
  const scts: (Sct | Pick<Sct, 'logId' | 'timestamp'>)[] = [];
  for (let at = 2; at < list.byteLength;) {
    if (at + 2 > list.byteLength) throw new TypeError('SCT list is truncated');
    const length = view.getUint16(at);
    const start = at + 2;
    at = start + length;
    if (at > list.byteLength) throw new TypeError('SCT entry runs past the list');
    // version (1) + log id (32) + timestamp (8)
    if (length < 41 || list[start] !== 0) continue;
    const head = { logId: base64(list.subarray(start + 1, start + 33)), timestamp: Number(view.getBigUint64(start + 33)) };
    scts.push({ ...head, ...readTail(view, list, start + 41, at) });
  }
  return scts;
}

/** The log timestamps (epoch ms) of every v1 SCT in a TLS-encoded SignedCertificateTimestampList. */
export function readSctTimestamps(list: Uint8Array): number[] {
  return readSctList(list).map((s) => s.timestamp);
}

/** The TLS list inside the extension's value (its extnValue: an OCTET STRING around the list). */
export function sctListOf(extnValue: Uint8Array): Uint8Array {
  const inner = asn1js.fromBER(extnValue);
  if (inner.offset === -1 || !(inner.result instanceof asn1js.OctetString)) throw new TypeError('SCT list is not an OCTET STRING');
  return inner.result.valueBlock.valueHexView;
}

/** Every SCT time in the extension's value, verified or not: what the certificate says, for display. */
export function sctListTimes(extnValue: Uint8Array): number[] {
  return readSctTimestamps(sctListOf(extnValue));
}
