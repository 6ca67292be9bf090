// A user's pins and keys, written out in the formats other tools read. Pure and deterministic, with
// golden tests: what these print ends up in other people's configuration files.

export interface PinEntry {
  /** A host pattern: a host, or *.domain / **.domain. */
  pattern: string;
  spkiSha256: string;
}

/** HPKP header value (RFC 7469): one pin-sha256 per digest, then max-age. */
export function hpkpHeader(spkis: readonly string[], maxAgeSeconds: number, includeSubDomains = false): string {
  const pins = [...new Set(spkis)].map((s) => `pin-sha256="${s}"`);
  return [...pins, `max-age=${Math.floor(maxAgeSeconds)}`, ...(includeSubDomains ? ['includeSubDomains'] : [])].join('; ');
}

/** OkHttp CertificatePinner builder lines (Kotlin and Java alike). */
export function okHttpPinner(entries: readonly PinEntry[]): string {
  const lines = entries.map((e) => `    .add(${JSON.stringify(e.pattern)}, ${JSON.stringify(`sha256/${e.spkiSha256}`)})`);
  return ['CertificatePinner.Builder()', ...lines, '    .build()'].join('\n') + '\n';
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An Android network_security_config with one <domain-config> per pattern's domain. OkHttp's
 * "**." becomes includeSubdomains="true"; "*." has no Android equivalent, so it too includes
 * subdomains (wider, never narrower, than asked).
 */
export function androidPinSet(entries: readonly PinEntry[], expiration?: string): string {
  const byDomain = new Map<string, { sub: boolean; pins: string[] }>();
  for (const e of entries) {
    const sub = e.pattern.startsWith('*.') || e.pattern.startsWith('**.');
    const domain = e.pattern.replace(/^\*\*?\./, '').replace(/:\d+$/, '');
    const d = byDomain.get(domain) ?? { sub: false, pins: [] };
    d.sub ||= sub;
    if (!d.pins.includes(e.spkiSha256)) d.pins.push(e.spkiSha256);
    byDomain.set(domain, d);
  }
  const configs = [...byDomain].map(([domain, d]) => [
    '  <domain-config>',
    `    <domain includeSubdomains="${d.sub}">${xml(domain)}</domain>`,
    `    <pin-set${expiration ? ` expiration="${xml(expiration)}"` : ''}>`,
    ...d.pins.map((p) => `      <pin digest="SHA-256">${xml(p)}</pin>`),
    '    </pin-set>',
    '  </domain-config>',
  ].join('\n'));
  return ['<?xml version="1.0" encoding="utf-8"?>', '<network-security-config>', ...configs, '</network-security-config>', ''].join('\n');
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** OpenSSH's HashKnownHosts form: |1|base64(salt)|base64(HMAC-SHA1(salt, host)). */
export async function hashHostName(host: string, salt: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey('raw', salt, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(host)));
  return `|1|${toBase64(salt)}|${toBase64(mac)}`;
}

/**
 * known_hosts-style lines: "<host> sha256/<SPKI>", the host in OpenSSH's [host]:port form when it
 * has a port. With hashing, each line gets a fresh 20-byte salt unless `salts` provides them.
 */
export async function knownHostsLines(
  entries: readonly PinEntry[],
  options: { hashHosts?: boolean; salt?: (i: number) => Uint8Array<ArrayBuffer> } = {},
): Promise<string> {
  const lines: string[] = [];
  for (const [i, e] of entries.entries()) {
    const port = /:(\d+)$/.exec(e.pattern);
    const name = port ? `[${e.pattern.slice(0, -port[0].length)}]:${port[1]}` : e.pattern;
    const salt = options.salt?.(i) ?? crypto.getRandomValues(new Uint8Array(20));
    lines.push(`${options.hashHosts ? await hashHostName(name, salt) : name} sha256/${e.spkiSha256}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
