// What a pin import gives: pins (with their expiry, expired ones included and counted, since they
// change nothing), or errors that each say where and what.
import { parseHostPattern } from '../host-pattern.js';
import { isPinActive, parsePinDigest, type Pin } from '../pin.js';

/** `notes`: what was read and deliberately left out (a SHA-1 pin), said in the import's preview. */
export type PinListResult = { ok: true; pins: Pin[]; expired: number; notes: string[] } | { ok: false; errors: string[] };

const SHA1 = /^\s*(?:sha1\/|pin-sha1\s*=)/i;

/** Collects pins and errors; `where` names the place in the file ("line 4", "domain-config[2]"). */
export class PinCollector {
  readonly pins: Pin[] = [];
  readonly errors: string[] = [];
  readonly notes: string[] = [];
  constructor(private readonly now: number) {}

  /**
   * `reportOnly`: the source does not enforce these pins (Public-Key-Pins-Report-Only, TrustKit's
   * TSKEnforcePinning false): kept as report-only pins, shown and never enforced.
   */
  add(where: string, pattern: string, pin: string, expiresAt: number | null, reportOnly = false): void {
    // OkHttp still accepts sha1/ pins, and old HPKP lists carried pin-sha1: one among SHA-256 pins
    // is named and skipped, not fatal for the whole file.
    if (SHA1.test(pin)) return void this.notes.push(`${where}: a SHA-1 pin was skipped: FirstSeen pins SHA-256 only`);
    const p = parseHostPattern(pattern);
    if (typeof p === 'string' || p.kind === 'ip') return void this.errors.push(`${where}: ${typeof p === 'string' ? p : 'pins need a host name'}`);
    const d = parsePinDigest(pin);
    if ('error' in d) return void this.errors.push(`${where}: ${d.error}`);
    const norm = pattern.trim().toLowerCase();
    if (this.pins.some((x) => x.pattern === norm && x.spkiSha256 === d.spkiSha256)) return;
    this.pins.push({ pattern: norm, spkiSha256: d.spkiSha256, addedAt: this.now, expiresAt, ...(reportOnly ? { reportOnly: true as const } : {}) });
  }

  note(message: string): void {
    this.notes.push(message);
  }

  error(message: string): void {
    this.errors.push(message);
  }

  result(): PinListResult {
    if (this.errors.length === 0 && this.pins.length === 0) this.errors.push('file: no pins found', ...this.notes);
    if (this.errors.length > 0) return { ok: false, errors: this.errors.slice(0, 20) };
    return { ok: true, pins: this.pins, expired: this.pins.filter((p) => !isPinActive(p, this.now)).length, notes: this.notes.slice(0, 50) };
  }
}

/** yyyy-MM-dd, as Android and TrustKit write expiry: the start of that day, UTC; null if malformed. */
export function parseDay(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) return null;
  const t = Date.parse(`${text.trim()}T00:00:00Z`);
  return Number.isNaN(t) ? null : t;
}

/** 1-based line number of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The expiry FirstSeen's exports write in a comment for formats without one ("expires 2027-06-15",
 * "stop using this line after 2027-06-15"), read back so a round trip keeps it.
 */
export function commentExpiry(comments: string): number | null {
  const m = [...comments.matchAll(/(?:expires|after) (\d{4}-\d{2}-\d{2})/g)].pop();
  return m ? parseDay(m[1]!) : null;
}
