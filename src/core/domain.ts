// Registrable domains, from the Public Suffix List (tldts). Private suffixes count: foo.github.io and
// bar.github.io belong to different people, and must not vouch for each other's keys.
import { getDomain } from 'tldts';

/** How a host key maps to its registrable domain; passed around so that callers may load the list lazily. */
export type DomainOf = (hostKey: string) => string | null;

/** The registrable domain of a host key ("www.example.co.uk:8443" -> "example.co.uk"), or null. */
export function registrableDomain(hostKey: string): string | null {
  const name = hostKey.startsWith('[') ? hostKey : hostKey.replace(/:\d+$/, '');
  return getDomain(name, { allowPrivateDomains: true, validateHostname: true }) ?? null;
}
