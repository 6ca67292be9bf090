// Certificate names against host names, without reading DER (san.ts and key-names.ts do, and load
// asn1js, which the event page only loads for a new certificate): whether a name covers a host
// (the shared-connection rule), and whether a new certificate names everything a known key's
// certificate named (the routine rules, change-rules.ts).

/** Whether a certificate name (exact, or "*." for exactly one label) covers a host name. */
export function nameCovers(name: string, host: string): boolean {
  if (!name.startsWith('*.')) return name === host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === name.slice(2);
}

/**
 * Whether a certificate naming `fresh` names everything in `old` (each exactly, or under one of its
 * wildcards, which only the domain's DNS can validate). Unknown or empty old names ask nothing.
 */
export function namesCovered(fresh: readonly string[] | undefined, old: readonly string[] | null): boolean {
  if (old === null || old.length === 0) return true;
  return old.every((o) => fresh?.some((n) => nameCovers(n, o)) ?? false);
}
