// The DNS names a certificate is valid for (subjectAltName, 2.5.29.17): what tells a connection
// Firefox shares between hosts (HTTP/2 coalescing) from a key changed on one of them.
import * as asn1js from 'asn1js';
import { children, extensionValue } from './x509-extensions.js';

const SAN_OID = '2.5.29.17';
/** A certificate may name thousands of hosts (CDN certificates); FirstSeen reads this many. */
const MAX_NAMES = 1000;

/** The dNSName entries of the subjectAltName, lower-cased; [] when it has none. */
export function dnsNamesOf(der: Uint8Array): string[] {
  const value = extensionValue(der, SAN_OID);
  if (!value) return [];
  const parsed = asn1js.fromBER(value);
  if (parsed.offset === -1) throw new TypeError('subjectAltName is not DER');
  const names: string[] = [];
  for (const general of children(parsed.result)) {
    // dNSName is [2] IMPLICIT IA5String: ASCII only (IDNs are in punycode).
    if (general.idBlock.tagClass !== 3 || general.idBlock.tagNumber !== 2) continue;
    const bytes = (general as unknown as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView;
    if (bytes.some((b) => b > 0x7e || b < 0x21)) continue;
    names.push(String.fromCharCode(...bytes).toLowerCase());
    if (names.length >= MAX_NAMES) break;
  }
  return names;
}
