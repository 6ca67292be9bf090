// A host key names a port when it is not the scheme's default (host-key.ts): "bank.example:8443".
// Firefox's cookies ignore the port (RFC 6265, section 8.5): a server on another port of a name
// gets that name's host-only and __Host- cookies. So a port of a known name is no stranger, and
// neither is a name known only on one of its ports (RecordKeeper.forJudging).

/** The host key of the same name on the default port, for a key that names a port; else null. */
export function portlessHost(host: string): string | null {
  const match = /^(.+):(\d+)$/.exec(host);
  if (!match) return null;
  const name = match[1]!;
  // An IPv6 literal keeps its colons inside brackets: "[::1]:8443" names a port, "[::1]" does not.
  if (name.includes(':') && !(name.startsWith('[') && name.endsWith(']'))) return null;
  return name;
}
