// Reading one extension of a DER certificate, with asn1js: the leaf's SCTs (sct.ts) and names
// (san.ts) are read from the DER FirstSeen already has for a certificate new to a host.
import * as asn1js from 'asn1js';

export function children(block: asn1js.AsnType | undefined): asn1js.AsnType[] {
  const value = (block as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return Array.isArray(value) ? (value as asn1js.AsnType[]) : [];
}

/** The extnValue (the OCTET STRING's content) of extension `oid`, or null when it has none. */
export function extensionValue(der: Uint8Array, oid: string): Uint8Array | null {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new TypeError(`not DER: ${parsed.result.error}`);
  const tbs = children(parsed.result)[0];
  // extensions are tbsCertificate's [3] EXPLICIT field
  const wrapper = children(tbs).find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 3);
  for (const ext of children(children(wrapper)[0])) {
    const [id, ...rest] = children(ext);
    if (!(id instanceof asn1js.ObjectIdentifier) || id.valueBlock.toString() !== oid) continue;
    const value = rest[rest.length - 1];
    if (!(value instanceof asn1js.OctetString)) throw new TypeError(`extension ${oid} is not an OCTET STRING`);
    return value.valueBlock.valueHexView;
  }
  return null;
}
