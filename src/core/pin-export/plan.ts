// A pin export, planned once for every format: which pins each host pattern gets, where each pin
// sits in the chain the site serves, which pins are left out for having expired, and which pattern
// would strand an app at the server's next key rotation. The writers (one file per format) only
// decide what their client can express; nothing here is format-specific.
import { parseHostPattern, matchesHost, type ParsedPattern } from '../host-pattern.js';
import { isPinActive, type Pin } from '../pin.js';
import { isTrusted, latestTrustedKey, type KnownKey, type TrustRecord } from '../trust-record.js';
import { displayName } from './subject-name.js';

/** Where a pin sits in the chain the host serves now. */
export type PinPosition = 'leaf' | 'earlier-leaf' | 'intermediate' | 'root' | 'outside';

export interface PlannedPin {
  spkiSha256: string;
  /** A pin the user set, a trusted key of a host without pins, or the backup the user asked to add. */
  source: 'pin' | 'key' | 'backup';
  position: PinPosition;
  /** The chain certificate's name, for intermediate and root pins. */
  name: string | null;
  expiresAt: number | null;
}

/**
 * How a group could strand a client: one pin (any change); only the site's own keys, current or
 * retired (its next routine renewal); nothing outside the chain it serves (a move to another CA).
 */
export type BackupRisk = 'single-pin' | 'leaf-only' | 'chain-only';

export interface PinGroup {
  /** The pattern as FirstSeen matches it, in ASCII: host, *.domain or **.domain, with :port if not 443. */
  pattern: string;
  name: string;
  port: string | null;
  scope: 'exact' | 'one-label' | 'any-depth';
  pins: PlannedPin[];
  /** The earliest expiry among the pins: a format with one expiry per host must use it, never a later one. */
  expiresAt: number | null;
  /** True when the pins do not all expire at the same time. */
  mixedExpiry: boolean;
  risk: BackupRisk | null;
  /** The issuing intermediate's key, offered as a backup pin when there is a risk and it is not pinned. */
  backupOffer: { spkiSha256: string; name: string } | null;
  /** The served chain the risk was judged against ([] when FirstSeen has seen no matching host). */
  servedChain: string[];
}

export interface LeftOut {
  pattern: string;
  spkiSha256: string;
  expiresAt: number;
}

export interface PinPlan {
  groups: PinGroup[];
  /** Expired pins: FirstSeen no longer enforces them, so no export carries them. */
  expired: LeftOut[];
}

export interface PlanInput {
  /** The selected hosts' records (trusted keys and their chains). */
  hosts: readonly TrustRecord[];
  /** Every pin the user has; the plan keeps those the selection reaches. */
  pins: readonly Pin[];
  /** Hosts or patterns, as typed; empty for everything. */
  selection: readonly string[];
  now: number;
  /** Patterns whose offered backup the user chose to add. */
  addBackupFor?: ReadonlySet<string>;
}

function asciiPattern(parsed: Exclude<ParsedPattern, { kind: 'ip' }>): string {
  const prefix = parsed.kind === 'any-depth' ? '**.' : parsed.kind === 'one-label' ? '*.' : '';
  return `${prefix}${parsed.name}${parsed.port ? `:${parsed.port}` : ''}`;
}

function positionIn(spki: string, current: KnownKey | undefined, record: TrustRecord | undefined): { position: PinPosition; name: string | null } {
  const chain = current?.chainSpki ?? [];
  const i = chain.indexOf(spki);
  if (i === 0) return { position: 'leaf', name: null };
  if (i > 0) {
    const name = displayName(current!.chainSubjects[i] ?? '');
    return { position: i === chain.length - 1 ? 'root' : 'intermediate', name };
  }
  if (record?.keys.some((k) => isTrusted(k) && k.spkiSha256 === spki)) return { position: 'earlier-leaf', name: null };
  return { position: 'outside', name: null };
}

/** The selection reaches a pin when it names the pin's pattern, or a host the pattern covers. */
function selectionReaches(selection: readonly string[], pattern: string): boolean {
  return selection.length === 0 || selection.some((s) => s === pattern || matchesHost(pattern, s) || matchesHost(s, pattern.replace(/^\*\*?\./, '')));
}

/** A host's risk with these pins: a retired leaf key of its own is no backup, since sites do not go back. */
function riskFor(pins: readonly PlannedPin[], host: TrustRecord): BackupRisk | null {
  const chain = latestTrustedKey(host)?.chainSpki ?? [];
  if (chain.length === 0) return null;
  const ownLeaves = new Set(host.keys.map((k) => k.spkiSha256));
  if (pins.every((p) => ownLeaves.has(p.spkiSha256))) return 'leaf-only';
  if (pins.every((p) => chain.includes(p.spkiSha256) || ownLeaves.has(p.spkiSha256))) return 'chain-only';
  return null;
}

function earliest(times: readonly (number | null)[]): number | null {
  const dated = times.filter((x): x is number => x !== null);
  return dated.length ? Math.min(...dated) : null;
}

export function planPins(input: PlanInput): PinPlan {
  const { hosts, now } = input;
  const byPattern = new Map<string, { parsed: Exclude<ParsedPattern, { kind: 'ip' }>; spkis: { spki: string; source: PlannedPin['source']; expiresAt: number | null }[] }>();
  const expired: LeftOut[] = [];
  const entry = (pattern: string) => {
    const parsed = parseHostPattern(pattern);
    if (typeof parsed === 'string' || parsed.kind === 'ip') return null;
    const key = asciiPattern(parsed);
    let e = byPattern.get(key);
    if (!e) byPattern.set(key, e = { parsed, spkis: [] });
    return e;
  };
  // A report-only pin enforces nothing in FirstSeen: written as an enforced pin, a client would.
  const pins = input.pins.filter((p) => !p.reportOnly);
  for (const pin of pins) {
    if (!selectionReaches(input.selection, pin.pattern)) continue;
    if (!isPinActive(pin, now)) {
      expired.push({ pattern: pin.pattern, spkiSha256: pin.spkiSha256, expiresAt: pin.expiresAt! });
      continue;
    }
    const e = entry(pin.pattern);
    if (e && !e.spkis.some((s) => s.spki === pin.spkiSha256)) e.spkis.push({ spki: pin.spkiSha256, source: 'pin', expiresAt: pin.expiresAt });
  }
  // A host that any of the user's pins covers is exported by those pins (active or expired), as
  // FirstSeen enforces it; other hosts by the keys FirstSeen trusts for them.
  for (const record of hosts) {
    if (pins.some((p) => matchesHost(p.pattern, record.host))) continue;
    const e = entry(record.host);
    if (!e) continue;
    for (const k of record.keys) if (isTrusted(k) && !e.spkis.some((s) => s.spki === k.spkiSha256)) e.spkis.push({ spki: k.spkiSha256, source: 'key', expiresAt: null });
  }
  const groups: PinGroup[] = [];
  for (const [pattern, { parsed, spkis }] of [...byPattern].sort(([a], [b]) => a.localeCompare(b))) {
    if (spkis.length === 0) continue;
    // The chain judged against: the matching host's own, or for a wildcard each matching host's.
    const matching = hosts.filter((h) => matchesHost(pattern, h.host));
    const own = matching.find((h) => h.host === pattern || h.host === parsed.name) ?? matching[0];
    const current = latestTrustedKey(own);
    const servedChain = current?.chainSpki ?? [];
    const pins: PlannedPin[] = spkis.map((s) => ({ spkiSha256: s.spki, source: s.source, expiresAt: s.expiresAt, ...positionIn(s.spki, current, own) }));
    // The backup offered: the certificate that issued the leaf. It outlives the site's routine leaf
    // rotations (while the site stays with that CA), which is what strands apps most often.
    const issuer = servedChain[1];
    const offer = issuer !== undefined && !pins.some((p) => p.spkiSha256 === issuer)
      ? { spkiSha256: issuer, name: displayName(current!.chainSubjects[1] ?? '') } : null;
    if (offer && input.addBackupFor?.has(pattern)) {
      pins.push({ spkiSha256: offer.spkiSha256, source: 'backup', position: servedChain.length === 2 ? 'root' : 'intermediate', name: offer.name,
        // The backup lapses with the pins it backs up, so that it never outlives them.
        expiresAt: earliest(pins.map((p) => p.expiresAt)) });
    }
    // Judged against every matching host seen: the weakest one decides.
    const risks = matching.map((h) => riskFor(pins, h));
    const risk: BackupRisk | null = pins.length === 1 ? 'single-pin'
      : risks.includes('leaf-only') ? 'leaf-only' : risks.includes('chain-only') ? 'chain-only' : null;
    const expiries = pins.map((p) => p.expiresAt);
    groups.push({
      pattern, name: parsed.name, port: parsed.port, scope: parsed.kind, pins,
      expiresAt: earliest(expiries),
      mixedExpiry: new Set(expiries).size > 1,
      risk,
      backupOffer: (risk === 'single-pin' || risk === 'leaf-only') && offer && !input.addBackupFor?.has(pattern) ? offer : null,
      servedChain,
    });
  }
  return { groups, expired };
}
