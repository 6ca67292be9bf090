// The line-based pin forms: HPKP header lines (as sent, or in an nginx `add_header` or Apache
// `Header set` line), curl pin strings (a command, over several lines with `\` continuations, or
// libcurl's CURLOPT_PINNEDPUBLICKEY in C), and FirstSeen's first pin list ("host sha256/…" per
// line). HPKP headers and bare curl pin strings carry no host, so the host is taken from the line
// above ("# host: example.com", "Host: example.com", or "# example.com", as FirstSeen's exports
// write it; nginx's `server_name`, Apache's `ServerName` and `ServerAlias`; libcurl's
// CURLOPT_URL) or, for curl, from the URL on the same line. SSH known_hosts lines are told apart and
// refused by name: an SSH host key is not a TLS pin.
import { parseHostPattern } from '../host-pattern.js';
import { commentExpiry, type PinCollector } from './pin-list.js';

const SSH_KEY = /^\s*(?:@\S+\s+)?\S+\s+(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-\S+|sk-\S+@openssh\.com)\s+AAAA/;
const HPKP = /^\s*(Public-Key-Pins(?:-Report-Only)?)\s*:\s*(.*)$/i;
/** nginx `add_header Public-Key-Pins '…' always;`, Apache `Header always set Public-Key-Pins "…"`. */
const SERVER_HPKP = /^\s*(?:add_header|Header\s+(?:always\s+)?set)\s+(Public-Key-Pins(?:-Report-Only)?)\s+(["'])(.*)\2\s*(?:always\s*)?;?\s*$/i;
/** nginx `server_name a.example b.example;`, Apache `ServerName a.example` / `ServerAlias …`. */
const SERVER_NAMES = /^\s*(?:server_name|ServerName|ServerAlias)\s+(.*)$/i;
/** libcurl in C: a CURLOPT_URL line names the host of the pins set after it. */
const CURLOPT_URL = /CURLOPT_URL\b/;
/** Lines of C around libcurl calls that carry no pin and no host: skipped in a C source. */
const C_LINE = /^\s*(?:[{}]|\/\/|\/\*|\*|#include|#define|(?:static\s+)?(?:int|void|CURL|CURLcode|const|char|struct|return|if|else)\b|curl_easy_\w+\s*\(|[\w*]+\s*=)/;
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

function readHpkp(where: string, hosts: readonly string[], name: string, value: string, now: number, into: PinCollector): void {
  if (hosts.length === 0) return into.error(`${where}: an ${name} header does not name its host; put "# host: example.com" on the line above it`);
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
    else if (/^pin-sha1\s*=/i.test(d)) into.note(`${where}: a SHA-1 pin was skipped: FirstSeen pins SHA-256 only`);
    else into.error(`${where}: "${d.slice(0, 40)}" is not an HPKP directive`);
  }
  if (maxAge === null) return into.error(`${where}: an HPKP header needs max-age (RFC 7469 §2.1.2)`);
  if (maxAge === 0) return into.error(`${where}: max-age=0 asks to forget the pins; there is nothing to import`);
  if (pins.length === 0) return into.error(`${where}: no pin-sha256`);
  // Report-Only asks a browser to report a mismatch, never to refuse the connection: imported as
  // report-only pins, shown and never enforced.
  const reportOnly = /report-only/i.test(name);
  for (const host of hosts) for (const pin of pins) into.add(where, sub ? `**.${host}` : host, pin, now + maxAge * 1000, reportOnly);
}

/** Shell continuations joined: a line ending in `\` goes on on the next; each piece keeps its first line's number. */
function logicalLines(text: string): { line: string; number: number }[] {
  const out: { line: string; number: number }[] = [];
  let open: { line: string; number: number } | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const continues = /\\\s*$/.test(raw) && !/^\s*#/.test(raw);
    const piece = continues ? raw.replace(/\\\s*$/, ' ') : raw;
    if (open) open.line += piece;
    else open = { line: piece, number: i + 1 };
    if (!continues) {
      out.push(open);
      open = null;
    }
  });
  if (open) out.push(open);
  return out;
}

export function readLines(text: string, now: number, into: PinCollector): void {
  let hosts: string[] = [];
  // libcurl in C: lines that are only C are let be; the pins go to the CURLOPT_URL set before them.
  const inC = /CURLOPT_PINNEDPUBLICKEY/.test(text);
  // A web server's configuration: its other directives (listen, ssl_certificate, <VirtualHost>) are let be.
  const inServerConfig = /^[ \t]*(?:add_header|Header[ \t]+(?:always[ \t]+)?set)[ \t]+Public-Key-Pins/im.test(text);
  // Comments since the last pin line: where FirstSeen's curl export says when its pins expire.
  let comments = '';
  for (const { line, number } of logicalLines(text)) {
    const where = `line ${number}`;
    if (line.trim() === '') continue;
    if (isSshKeyLine(line)) {
      into.error(`${where}: an SSH host key (known_hosts), not a TLS pin`);
      continue;
    }
    const hpkp = HPKP.exec(line) ?? SERVER_HPKP.exec(line);
    if (hpkp) {
      // Apache writes the header's own quotes escaped (\").
      readHpkp(where, hosts, hpkp[1]!, hpkp.length > 3 ? hpkp[3]!.replace(/\\"/g, '"') : hpkp[2]!, now, into);
      continue;
    }
    const served = SERVER_NAMES.exec(line);
    if (served) {
      // nginx's "_" and wildcard names name no one host.
      hosts = served[1]!.split(/[;#]/)[0]!.trim().split(/\s+/).filter((n) => { const p = parseHostPattern(n); return typeof p !== 'string' && p.kind !== 'ip' && !n.includes('*'); });
      continue;
    }
    if (inC && CURLOPT_URL.test(line)) {
      const h = urlHost(line);
      if (h !== null) hosts = [h];
      continue;
    }
    const curl = CURL_PINS.exec(line);
    if (curl) {
      const url = urlHost(line);
      const targets = url !== null ? [url] : hosts;
      if (targets.length === 0) {
        into.error(`${where}: a curl pin string names no host; put the https:// URL after it, as in a curl command`);
        continue;
      }
      const expiresAt = commentExpiry(comments);
      comments = '';
      for (const target of targets) for (const pin of curl[0].split(';')) into.add(where, target, pin.slice('sha256//'.length), expiresAt);
      continue;
    }
    const legacy = LEGACY.exec(line);
    if (legacy) {
      // FirstSeen's first export wrote [host]:port, OpenSSH's way.
      const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(legacy[1]!);
      into.add(where, bracket ? `${bracket[1]}:${bracket[2]}` : legacy[1]!, legacy[2]!, null);
      continue;
    }
    if (/^\s*\|1\|/.test(line)) {
      into.error(`${where}: a hashed host name cannot be turned back into a host`);
      continue;
    }
    if (/^\s*#/.test(line)) comments += `${line}\n`;
    const named = hostLine(line);
    if (named !== null) hosts = [named];
    else if ((inC && C_LINE.test(line)) || inServerConfig) continue;
    else if (!/^\s*#/.test(line)) into.error(`${where}: not a pin line (HPKP header, curl pin string or "host sha256/…")`);
  }
}
