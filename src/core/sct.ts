// When a certificate really came to be: the earliest Signed Certificate Timestamp it embeds.
// A CA chooses notBefore and can backdate it; a CT log stamps the time it saw the (pre)certificate
// and signs it, so a backdated or "parallel-looking" certificate cannot fake its age here.
// RFC 6962 §3.3: extension 1.3.6.1.4.1.11129.2.4.2 holds an OCTET STRING whose content is the
// TLS-encoded SignedCertificateTimestampList. ASN.1 is read with asn1js; the TLS list is ours.
import * as asn1js from 'asn1js';
import { extensionValue } from './x509-extensions.js';

const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';
/** SCTs stamped further than this ahead of the observer's clock are not believed. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** The log timestamps (epoch ms) of every v1 SCT in a TLS-encoded SignedCertificateTimestampList. */
export function readSctTimestamps(list: Uint8Array): number[] {
  const view = new DataView(list.buffer, list.byteOffset, list.byteLength);
  if (list.byteLength < 2 || view.getUint16(0) !== list.byteLength - 2) throw new TypeError('SCT list length does not match');
  const times: number[] = [];
  for (let at = 2; at < list.byteLength;) {
    if (at + 2 > list.byteLength) throw new TypeError('SCT list is truncated');
    const length = view.getUint16(at);
    const start = at + 2;
    at = start + length;
    if (at > list.byteLength) throw new TypeError('SCT entry runs past the list');
    // version (1) + log id (32) + timestamp (8); other versions are skipped, not misread
    if (length < 41 || list[start] !== 0) continue;
    times.push(Number(view.getBigUint64(start + 33)));
  }
  return times;
}

/**
 * The earliest SCT time of a DER certificate, or undefined when it carries none (a private CA,
 * an old certificate, SCTs delivered by TLS or OCSP instead). Times after `now` + a day are
 * ignored: a log does not stamp the future, and no rule may be handed an age it cannot have.
 */
export function earliestSctTime(der: Uint8Array, now: number): number | undefined {
  const value = extensionValue(der, SCT_LIST_OID);
  if (!value) return undefined;
  const times = sctListTimes(value).filter((t) => t <= now + FUTURE_SLACK_MS);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** Every SCT time in the extension's value (its extnValue: an OCTET STRING around the TLS list). */
export function sctListTimes(extnValue: Uint8Array): number[] {
  const inner = asn1js.fromBER(extnValue);
  if (inner.offset === -1 || !(inner.result instanceof asn1js.OctetString)) throw new TypeError('SCT list is not an OCTET STRING');
  return readSctTimestamps(inner.result.valueBlock.valueHexView);
}
