// The line-based pin forms: HPKP header lines, curl pin strings, and FirstSeen's first pin list
// ("host sha256/…" per line). HPKP headers and bare curl pin strings carry no host, so the host is
// taken from the line above ("# host: example.com", "Host: example.com", or "# example.com", as
// FirstSeen's exports write it) or, for curl, from the URL on the same line. SSH known_hosts lines
// are told apart and refused by name: an SSH host key is not a TLS pin.
import { parseHostPattern } from '../host-pattern.js';
import { commentExpiry, type PinCollector } from './pin-list.js';

const SSH_KEY = /^\s*(?:@\S+\s+)?\S+\s+(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-\S+|sk-\S+@openssh\.com)\s+AAAA/;
const HPKP = /^\s*(Public-Key-Pins(?:-Report-Only)?)\s*:\s*(.*)$/i;
const CURL_PINS = /sha256\/\/[A-Za-z0-9+/=]+(?:;sha256\/\/[A-Za-z0-9+/=]+)*/;
const LEGACY = /^\s*([^\s|#@][^\s]*)\s+(sha256\/[A-Za-z0-9+/=]+)\s*$/;

export function isSshKeyLine(line: string): boolean {
  return SSH_KEY.test(line);
}

/** The host a comment or Host: line names, if it names exactly one. */
function hostLine(line: string): string | null {
  const m = /^\s*(?:#\s*(?:host:\s*)?|host:\s*)([^\s#]+)\s*(?:\(.*\))?\s*$/i.exec(line);
  if (!m) return null;
  const parsed = parseHostPattern(m[1]!);
  return typeof parsed === 'string' || parsed.kind === 'ip' ? null : m[1]!;
}

function urlHost(line: string): string | null {
  const m = /https:\/\/([^/\s'"?#]+)/.exec(line);
  if (!m) return null;
  try {
    const url = new URL(`https://${m[1]!}/`);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return null;
  }
}

function readHpkp(where: string, host: string | null, name: string, value: string, now: number, into: PinCollector): void {
  if (host === null) return into.error(`${where}: an ${name} header does not name its host; put "# host: example.com" on the line above it`);
  const pins: string[] = [];
  let maxAge: number | null = null;
  let sub = false;
  for (const raw of value.split(';')) {
    const d = raw.trim();
    if (d === '') continue;
    const pin = /^pin-sha256\s*=\s*"([^"]*)"$/i.exec(d);
    const age = /^max-age\s*=\s*"?(\d+)"?$/i.exec(d);
    if (pin) pins.push(pin[1]!);
    else if (age) maxAge = Number(age[1]);
    else if (/^includeSubDomains$/i.test(d)) sub = true;
    else if (/^report-uri\s*=/i.test(d)) continue;
    else if (/^pin-sha1\s*=/i.test(d)) into.error(`${where}: SHA-1 pins are not supported: use a SHA-256 pin`);
    else into.error(`${where}: "${d.slice(0, 40)}" is not an HPKP directive`);
  }
  if (maxAge === null) return into.error(`${where}: an HPKP header needs max-age (RFC 7469 §2.1.2)`);
  if (maxAge === 0) return into.error(`${where}: max-age=0 asks to forget the pins; there is nothing to import`);
  if (pins.length === 0) return into.error(`${where}: no pin-sha256`);
  for (const pin of pins) into.add(where, sub ? `**.${host}` : host, pin, now + maxAge * 1000);
}

export function readLines(text: string, now: number, into: PinCollector): void {
  let host: string | null = null;
  // Comments since the last pin line: where FirstSeen's curl export says when its pins expire.
  let comments = '';
  text.split(/\r?\n/).forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (line.trim() === '') return;
    if (isSshKeyLine(line)) return into.error(`${where}: an SSH host key (known_hosts), not a TLS pin`);
    const hpkp = HPKP.exec(line);
    if (hpkp) return readHpkp(where, host, hpkp[1]!, hpkp[2]!, now, into);
    const curl = CURL_PINS.exec(line);
    if (curl) {
      const target = urlHost(line) ?? host;
      if (target === null) return into.error(`${where}: a curl pin string names no host; put the https:// URL after it, as in a curl command`);
      const expiresAt = commentExpiry(comments);
      comments = '';
      for (const pin of curl[0].split(';')) into.add(where, target, pin.slice('sha256//'.length), expiresAt);
      return;
    }
    const legacy = LEGACY.exec(line);
    if (legacy) {
      // FirstSeen's first export wrote [host]:port, OpenSSH's way.
      const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(legacy[1]!);
      return into.add(where, bracket ? `${bracket[1]}:${bracket[2]}` : legacy[1]!, legacy[2]!, null);
    }
    if (/^\s*\|1\|/.test(line)) return into.error(`${where}: a hashed host name cannot be turned back into a host`);
    if (/^\s*#/.test(line)) comments += `${line}\n`;
    const named = hostLine(line);
    if (named !== null) host = named;
    else if (!/^\s*#/.test(line)) into.error(`${where}: not a pin line (HPKP header, curl pin string or "host sha256/…")`);
  });
}
