// Pin lists in the formats FirstSeen writes, read back as pins: OkHttp CertificatePinner lines,
// known_hosts-style lines (unhashed: a hashed host name cannot be turned back into a host), and an
// Android network_security_config. HPKP headers carry no host name, so they cannot be imported alone.
import { parseHostPattern } from '../host-pattern.js';
import { parsePinDigest, type Pin } from '../pin.js';

export type PinListResult = { ok: true; pins: Pin[] } | { ok: false; errors: string[] };

export function looksLikePinList(text: string): boolean {
  // Blanks within one line only: with \s, each line start could run on across every newline after
  // it, and a megabyte of empty lines took minutes (issue #17). Now each line is looked at once.
  return /CertificatePinner|\.add\(|<network-security-config|^[ \t]*\S+[ \t]+sha256\//m.test(text) && !text.trimStart().startsWith('{');
}

export function parsePinList(text: string, now: number): PinListResult {
  const pins: Pin[] = [];
  const errors: string[] = [];
  const add = (where: string, pattern: string, pin: string, expiresAt: number | null) => {
    const p = parseHostPattern(pattern);
    const d = parsePinDigest(pin);
    if (typeof p === 'string' || p.kind === 'ip') errors.push(`${where}: ${typeof p === 'string' ? p : 'pins need a host name'}`);
    else if ('error' in d) errors.push(`${where}: ${d.error}`);
    else pins.push({ pattern: pattern.trim().toLowerCase(), spkiSha256: d.spkiSha256, addedAt: now, expiresAt });
  };
  if (text.includes('<network-security-config')) {
    const configs = text.split('<domain-config').slice(1);
    configs.forEach((c, i) => {
      const domain = /<domain\s+includeSubdomains="(true|false)"\s*>([^<]+)<\/domain>/.exec(c);
      if (!domain) return void errors.push(`domain-config[${i}]: no <domain>`);
      const expiration = /<pin-set[^>]*expiration="([^"]+)"/.exec(c)?.[1];
      const expiresAt = expiration ? Date.parse(`${expiration}T00:00:00Z`) : null;
      const pattern = domain[1] === 'true' ? `**.${domain[2]!.trim()}` : domain[2]!.trim();
      [...c.matchAll(/<pin\s+digest="SHA-256"\s*>([^<]+)<\/pin>/g)].forEach((m, j) => add(`domain-config[${i}].pin[${j}]`, pattern, m[1]!, expiresAt));
    });
  } else {
    text.split(/\r?\n/).forEach((line, i) => {
      const okhttp = /\.add\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\)/.exec(line);
      const known = /^\s*([^\s|#][^\s]*)\s+(sha256\/\S+)\s*$/.exec(line);
      if (okhttp) add(`line ${i + 1}`, okhttp[1]!, okhttp[2]!, null);
      else if (known) {
        const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(known[1]!);
        add(`line ${i + 1}`, bracket ? `${bracket[1]}:${bracket[2]}` : known[1]!, known[2]!, null);
      } else if (/^\s*\|1\|/.test(line)) errors.push(`line ${i + 1}: a hashed host name cannot be turned back into a host`);
    });
  }
  if (errors.length === 0 && pins.length === 0) errors.push('file: no pins found');
  return errors.length > 0 ? { ok: false, errors: errors.slice(0, 20) } : { ok: true, pins };
}
