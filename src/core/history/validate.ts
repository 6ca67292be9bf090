// Reading a trust history file someone hands us: every field is checked, and every problem is
// reported with where it is ("hosts[3].keys[0].spkiSha256: not a base64 SHA-256 digest").
import { isSpkiSha256 } from '../certificate.js';
import { hostKeyFromUrl } from '../host-key.js';
import { parseHostPattern } from '../host-pattern.js';
import { SEVERITIES } from '../severity.js';
import type { Policy } from '../policy.js';
import { ALARM_KINDS, ALARM_SEVERITIES, KEY_STATUSES } from '../trust-record.js';
import { HISTORY_FORMAT, HISTORY_VERSION, type ExportedHost, type TrustHistory } from './format.js';

/** The largest file FirstSeen reads: 100,000 hosts export to about a tenth of this. */
export const MAX_HISTORY_BYTES = 512 * 1024 * 1024;
const MAX_ERRORS = 20;
const MAX_TEXT = 70_000;

const EVENT_KINDS = ['first-use', 'key-change', 'issuer-change', 'interception', 'downgrade', 'rejected-key', 'certificate-override', 'old-key-returned',
  'key-accepted', 'key-rejected', 'decision-undone', 'held-until-decided', 'pin-added', 'pin-removed', 'mode-changed', 'managed-removed', 'imported', 'key-pruned'];

type Obj = Record<string, unknown>;

class Checker {
  readonly errors: string[] = [];
  fail(path: string, problem: string): false {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`${path}: ${problem}`);
    return false;
  }
  get full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }
  obj(v: unknown, path: string): v is Obj {
    return (typeof v === 'object' && v !== null && !Array.isArray(v)) || this.fail(path, 'not an object');
  }
  arr(v: unknown, path: string): v is unknown[] {
    return Array.isArray(v) || this.fail(path, 'not a list');
  }
  text(v: unknown, path: string): v is string {
    return (typeof v === 'string' && v.length <= MAX_TEXT) || this.fail(path, typeof v === 'string' ? 'too long' : 'not text');
  }
  time(v: unknown, path: string): v is number {
    return (typeof v === 'number' && Number.isFinite(v) && v >= 0) || this.fail(path, 'not a time in milliseconds');
  }
  count(v: unknown, path: string): v is number {
    return (Number.isInteger(v) && (v as number) >= 0) || this.fail(path, 'not a whole number');
  }
  bool(v: unknown, path: string): v is boolean {
    return typeof v === 'boolean' || this.fail(path, 'not true or false');
  }
  spki(v: unknown, path: string): v is string {
    return isSpkiSha256(v) || this.fail(path, 'not a base64 SHA-256 digest');
  }
  oneOf(v: unknown, options: readonly string[], path: string): boolean {
    return (typeof v === 'string' && options.includes(v)) || this.fail(path, `not one of ${options.join(', ')}`);
  }
  keyRef(v: unknown, path: string): boolean {
    if (!this.obj(v, path)) return false;
    return this.spki(v.spkiSha256, `${path}.spkiSha256`) && (v.issuerSpkiSha256 === '' || this.spki(v.issuerSpkiSha256, `${path}.issuerSpkiSha256`));
  }
}

function checkCert(c: Checker, v: unknown, path: string): void {
  if (!c.obj(v, path)) return;
  for (const f of ['subject', 'issuer', 'fingerprintSha256', 'serialNumber']) c.text(v[f], `${path}.${f}`);
  c.spki(v.spkiSha256, `${path}.spkiSha256`);
  c.time(v.notBefore, `${path}.notBefore`);
  c.time(v.notAfter, `${path}.notAfter`);
}

function checkKey(c: Checker, v: unknown, path: string): void {
  if (!c.obj(v, path)) return;
  c.spki(v.spkiSha256, `${path}.spkiSha256`);
  if (v.issuerSpkiSha256 !== '') c.spki(v.issuerSpkiSha256, `${path}.issuerSpkiSha256`);
  c.oneOf(v.status, KEY_STATUSES, `${path}.status`);
  c.time(v.firstSeen, `${path}.firstSeen`);
  c.time(v.lastSeen, `${path}.lastSeen`);
  c.count(v.timesSeen, `${path}.timesSeen`);
  checkCert(c, v.cert, `${path}.cert`);
  if (c.arr(v.chainSpki, `${path}.chainSpki`)) v.chainSpki.forEach((x, i) => c.spki(x, `${path}.chainSpki[${i}]`));
  if (c.arr(v.chainSubjects, `${path}.chainSubjects`)) v.chainSubjects.forEach((x, i) => c.text(x, `${path}.chainSubjects[${i}]`));
  c.bool(v.builtInRoot, `${path}.builtInRoot`);
  c.text(v.ctStatus, `${path}.ctStatus`);
  c.text(v.tlsVersion, `${path}.tlsVersion`);
  if (v.chainDer !== undefined && c.arr(v.chainDer, `${path}.chainDer`)) {
    v.chainDer.forEach((x, i) => (typeof x === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(x)) || c.fail(`${path}.chainDer[${i}]`, 'not base64'));
  }
  if (v.issuedAt !== undefined) c.time(v.issuedAt, `${path}.issuedAt`);
  if (v.provisional !== undefined && c.obj(v.provisional, `${path}.provisional`) && c.arr(v.provisional.replaces, `${path}.provisional.replaces`)) {
    v.provisional.replaces.forEach((x, i) => c.spki(x, `${path}.provisional.replaces[${i}]`));
  }
  // A file could try to quiet a pending key with a made-up alarm: only change kinds, notice or louder.
  if (v.unshownAlarm !== undefined && c.obj(v.unshownAlarm, `${path}.unshownAlarm`)) {
    c.oneOf(v.unshownAlarm.kind, ALARM_KINDS, `${path}.unshownAlarm.kind`);
    c.oneOf(v.unshownAlarm.severity, ALARM_SEVERITIES, `${path}.unshownAlarm.severity`);
    if (c.arr(v.unshownAlarm.reasons, `${path}.unshownAlarm.reasons`)) v.unshownAlarm.reasons.forEach((x, i) => c.text(x, `${path}.unshownAlarm.reasons[${i}]`));
  }
}

function checkEvent(c: Checker, v: unknown, path: string): void {
  if (!c.obj(v, path)) return;
  c.time(v.at, `${path}.at`);
  c.oneOf(v.kind, EVENT_KINDS, `${path}.kind`);
  c.oneOf(v.severity, SEVERITIES, `${path}.severity`);
  if (v.key !== undefined) c.keyRef(v.key, `${path}.key`);
  if (v.previous !== undefined) c.keyRef(v.previous, `${path}.previous`);
  for (const f of ['category', 'detail']) if (v[f] !== undefined) c.text(v[f], `${path}.${f}`);
}

function checkHost(c: Checker, v: unknown, path: string): void {
  if (!c.obj(v, path)) return;
  if (c.text(v.host, `${path}.host`) && hostKeyFromUrl(`https://${v.host}/`) !== v.host) c.fail(`${path}.host`, 'not a host name in FirstSeen\'s form (lowercase, punycode, :port unless 443)');
  if (v.domain !== null) c.text(v.domain, `${path}.domain`);
  c.time(v.firstSeen, `${path}.firstSeen`);
  c.time(v.lastSeen, `${path}.lastSeen`);
  c.count(v.timesSeen, `${path}.timesSeen`);
  if (v.hsts !== undefined) c.bool(v.hsts, `${path}.hsts`);
  if (c.arr(v.keys, `${path}.keys`)) {
    const seen = new Map<string, number>();
    v.keys.forEach((k, i) => {
      checkKey(c, k, `${path}.keys[${i}]`);
      const id = `${(k as Obj)?.spkiSha256}|${(k as Obj)?.issuerSpkiSha256}`;
      if (seen.has(id)) c.fail(`${path}.keys[${i}]`, `duplicate of keys[${seen.get(id)}]`);
      seen.set(id, i);
    });
  }
  if (v.override !== undefined && c.obj(v.override, `${path}.override`)) {
    c.text(v.override.category, `${path}.override.category`);
    c.time(v.override.firstSeen, `${path}.override.firstSeen`);
    c.time(v.override.lastSeen, `${path}.override.lastSeen`);
    c.count(v.override.timesSeen, `${path}.override.timesSeen`);
  }
  if (v.lastChange !== undefined && c.obj(v.lastChange, `${path}.lastChange`)) {
    c.time(v.lastChange.at, `${path}.lastChange.at`);
    c.text(v.lastChange.kind, `${path}.lastChange.kind`);
    c.oneOf(v.lastChange.severity, SEVERITIES, `${path}.lastChange.severity`);
  }
  if (c.arr(v.events, `${path}.events`)) v.events.forEach((e, i) => checkEvent(c, e, `${path}.events[${i}]`));
}

function checkPolicy(c: Checker, v: unknown, path: string): void {
  if (!c.obj(v, path)) return;
  if (c.obj(v.modes, `${path}.modes`)) {
    for (const [host, mode] of Object.entries(v.modes)) c.oneOf(mode, ['strict', 'ignore'], `${path}.modes[${JSON.stringify(host)}]`);
  }
  if (c.arr(v.ignoreRules, `${path}.ignoreRules`)) {
    v.ignoreRules.forEach((r, i) => {
      if (!c.text(r, `${path}.ignoreRules[${i}]`)) return;
      const parsed = parseHostPattern(r);
      if (typeof parsed === 'string') c.fail(`${path}.ignoreRules[${i}]`, parsed);
    });
  }
  if (c.arr(v.pins, `${path}.pins`)) {
    v.pins.forEach((p, i) => {
      const at = `${path}.pins[${i}]`;
      if (!c.obj(p, at)) return;
      if (c.text(p.pattern, `${at}.pattern`)) {
        const parsed = parseHostPattern(p.pattern);
        if (typeof parsed === 'string' || parsed.kind === 'ip') c.fail(`${at}.pattern`, typeof parsed === 'string' ? parsed : 'pins need a host name');
      }
      c.spki(p.spkiSha256, `${at}.spkiSha256`);
      c.time(p.addedAt, `${at}.addedAt`);
      if (p.expiresAt !== null) c.time(p.expiresAt, `${at}.expiresAt`);
      if (p.reportOnly !== undefined && p.reportOnly !== true) c.fail(`${at}.reportOnly`, 'is true or absent');
    });
  }
}

export type HistoryResult = { ok: true; history: TrustHistory } | { ok: false; errors: string[] };
export type HeadResult = { ok: true; policy: Policy; hosts: unknown[] } | { ok: false; errors: string[] };

/** Checks the document around the hosts, and returns its hosts list (unchecked) if it has one. */
function checkHead(c: Checker, doc: unknown): unknown[] | null {
  if (!c.obj(doc, 'document')) return null;
  // A wrong format or version makes every other field meaningless: say only that.
  const stop = (field: string, problem: string) => c.fail(field, problem) || null;
  if (doc.format !== HISTORY_FORMAT) return stop('format', `not a FirstSeen trust history (expected "${HISTORY_FORMAT}")`);
  if (!Number.isInteger(doc.version)) return stop('version', 'not a whole number');
  if ((doc.version as number) > HISTORY_VERSION) {
    return stop('version', `${doc.version} is newer than this FirstSeen reads (${HISTORY_VERSION}); update FirstSeen first`);
  }
  if (doc.version !== HISTORY_VERSION) return stop('version', `${doc.version} is not a version FirstSeen ever wrote`);
  if (typeof doc.exportedAt !== 'string' || Number.isNaN(Date.parse(doc.exportedAt))) c.fail('exportedAt', 'not a date');
  checkPolicy(c, doc.policy, 'policy');
  return c.arr(doc.hosts, 'hosts') ? doc.hosts : null;
}

function checkHosts(c: Checker, hosts: unknown[]): void {
  const seen = new Map<string, number>();
  for (const [i, h] of hosts.entries()) {
    if (c.full) break;
    checkHost(c, h, `hosts[${i}]`);
    const name = (h as Obj | null)?.host;
    if (typeof name === 'string') {
      if (seen.has(name)) c.fail(`hosts[${i}].host`, `duplicate of hosts[${seen.get(name)}]`);
      seen.set(name, i);
    }
  }
}

/** Checks a parsed document. */
export function checkHistory(doc: unknown): HistoryResult {
  const c = new Checker();
  const hosts = checkHead(c, doc);
  if (hosts) checkHosts(c, hosts);
  return c.errors.length > 0 ? { ok: false, errors: c.errors } : { ok: true, history: doc as TrustHistory };
}

/** The error for a file of `size` bytes (or characters) over the limit, or null when it is within. */
export function fileTooLarge(size: number): string | null {
  return size > MAX_HISTORY_BYTES ? `file: ${(size / 1048576).toFixed(1)} MiB is over the ${MAX_HISTORY_BYTES / 1048576} MiB FirstSeen reads` : null;
}

function parseJson(text: string): { ok: true; doc: unknown } | { ok: false; errors: string[] } {
  const tooLarge = fileTooLarge(text.length);
  if (tooLarge) return { ok: false, errors: [tooLarge] };
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (e) {
    // Some engines quote the file in their message: one line, so a list of errors stays a list.
    const why = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
    return { ok: false, errors: [`file: not JSON (${why})`] };
  }
}

/** Reads a file's text: size, JSON, then every field. */
export function parseHistory(text: string): HistoryResult {
  const parsed = parseJson(text);
  return parsed.ok ? checkHistory(parsed.doc) : parsed;
}

/**
 * Reads a file's text as far as the document around its hosts: size, JSON, format, version, date,
 * policy, and that the hosts are a list. Each host is checked where the hosts are staged (the
 * background checks them anyway, at its trust boundary: checking them here too cost seconds).
 */
export function parseHistoryHead(text: string): HeadResult {
  const parsed = parseJson(text);
  return parsed.ok ? checkHistoryHead(parsed.doc) : parsed;
}

/** Checks a parsed document as far as the document around its hosts (see parseHistoryHead). */
export function checkHistoryHead(doc: unknown): HeadResult {
  const c = new Checker();
  const hosts = checkHead(c, doc);
  if (c.errors.length > 0 || !hosts) return { ok: false, errors: c.errors };
  return { ok: true, policy: (doc as TrustHistory).policy, hosts };
}

export type { ExportedHost };
