// The DNS names a known key's certificate was issued for (whether a new certificate names all of
// them: names-covered.ts). A routine rule (renewal, lapsed key, fleet key, Firefox-pinned host) softens a change
// only for a certificate that names everything the key it stands beside or replaces named: a
// site's renewal carries its names over, while an attacker who got a certificate by hijacking the
// validation of one name over HTTP (a BGP or DNS hijack of the host, a compromised web root)
// cannot get the others, nor a wildcard. Who else can produce the signal: whoever can get every
// name validated (the domain's DNS, or its mail at CAs that validate by email) or a CA issuing at
// will; see DESIGN.md.
//
// Loaded only where a new key is judged with its DER (trust-service.ts): a wake never parses DER,
// and the judge itself never imports this (wake-path.test.ts).
import { bytesOf } from './base64.js';
import { dnsNamesOf } from './san.js';
import type { KnownKey } from './trust-record.js';

/** Names by stored leaf DER: a host's keys are judged against again at each change. */
const cache = new Map<string, readonly string[] | null>();
const CACHE_MAX = 256;

/**
 * The dNSNames of the key's latest certificate, read from the DER kept with it; null when unknown
 * (a key stored without DER: imported without certificates, or stored before DER was kept).
 */
export function namesOfKey(k: KnownKey): readonly string[] | null {
  const der = k.chainDer?.[0];
  if (der === undefined) return null;
  let names = cache.get(der);
  if (names === undefined) {
    try {
      names = dnsNamesOf(bytesOf(der));
    } catch {
      names = null;
    }
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(der, names);
  }
  return names;
}
