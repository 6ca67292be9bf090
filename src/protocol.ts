// Every message between the add-on's pages and its background, with request and response types.
// Both sides import this file; the background checks every incoming message against it.
import { isSpkiSha256 } from './core/certificate.js';
import { SEVERITIES, type Severity } from './core/severity.js';
import type { BlockReason } from './core/enforcement.js';
import type { Pin } from './core/pin.js';
import type { Options } from './core/options.js';
import type { ManagedState } from './core/managed-rules.js';
import type { PruneRule } from './core/retention.js';
import type { HostMode, Policy } from './core/policy.js';
import type { HostPage, HostQuery, HostRow } from './core/host-query.js';
import type { Resolution } from './core/history/merge.js';
import type { ImportPreview } from './core/history/merge.js';
import type { KeyDecision, KeyRef, KnownKey, TrustRecord } from './core/trust-record.js';
import type { StoredTrustEvent } from './core/trust-event.js';
import type { VerdictKind } from './core/verdict.js';
import { HOST_STATUSES } from './core/host-summary.js';

/** One host on a tab's page, with what the popup needs to show it. */
export interface HostReport {
  host: string;
  kind: VerdictKind;
  severity: Severity;
  reasons: string[];
  resolution?: 'accepted' | 'rejected';
  incognito: boolean;
  /** Responses from this host that strict mode or a pin stopped on this page. */
  blocked?: number;
  /** The user chose "Block until I decide": the host is enforced as strict until then. */
  held?: boolean;
  /** For 'inspected': the organisation's name for its inspection proxy (text, never HTML). */
  inspectedBy?: string;
  /** The key the host presented, with its certificate, when it had one. */
  observed?: KnownKey;
  /** The trusted key it was compared with, for a change. */
  previous?: KnownKey;
}

export interface InterceptionReport {
  rootSubject: string;
  rootSpki: string;
  hosts: string[];
}

/** Whether FirstSeen can keep what it learns (background/store-keeper.ts). */
export type StorageStatus =
  | { kind: 'ok' }
  /** IndexedDB will not open: judging goes on in memory, nothing is kept. */
  | { kind: 'unavailable'; detail: string; since: number }
  /** The database was emptied from outside: judging in memory until the user decides. */
  | { kind: 'wiped'; hostsBefore: number; since: number }
  /** Writes fail; they are kept in memory and retried. */
  | { kind: 'failing'; detail: string; since: number };

export interface TabReport {
  tabId: number;
  pageUrl: string | null;
  hosts: HostReport[];
  /** Set while several sites have been re-signed by one root that is not built into Firefox. */
  interception: InterceptionReport | null;
  storage: StorageStatus;
  /** False when the user took FirstSeen's access to the sites away: it sees nothing. */
  siteAccess: boolean;
}

/** This wake of the event page, in numbers (background/wake-stats.ts). */
export interface WakeReport {
  /** When this event page started (epoch ms). */
  startedAt: number;
  /** From the page's start to its listeners registered (ms). */
  readyMs: number;
  /** From the page's start to its first verdict (ms), or null before one. */
  firstVerdictMs: number | null;
  /** Responses judged in this wake. */
  verdicts: number;
  /** Responses let go unread, covered by a recent check (check-schedule.ts). */
  covered: number;
  /** When things first happened in this wake, ms from the page's start: where a cold start goes. */
  marks: Record<string, number>;
}

/** The verdict behind a block, as the popup gives it: the warning page says it too. */
export interface BlockClassification {
  kind: VerdictKind;
  severity: Severity;
  reasons: string[];
}

/** What a prune (or its dry run) does: counts, the hosts it touches (the first 500), and how to undo it. */
export interface PruneOutcome {
  keys: number;
  hosts: number;
  gone: number;
  affected: { host: string; gone: boolean }[];
  /** Null for a dry run, or a prune too big to keep for undo (UNDO_PRUNE_HOSTS). */
  undoToken: string | null;
}

export interface BlockDetails {
  host: string;
  verdict: BlockClassification | null;
  url: string;
  reason: BlockReason;
  /** The key the server presented, when it had one. */
  observed: KnownKey | null;
  /** What FirstSeen expected: the host's trusted keys, and the pins that apply. */
  expectedKeys: KnownKey[];
  pins: Pin[];
  /**
   * For an interception: the root the chain went to, which the user may recognise as this
   * machine's own TLS inspection (antivirus, company proxy). Its subject is text, never HTML.
   */
  inspectionRoot?: { name: string; spkiSha256: string };
}

export interface HostDetail {
  record: TrustRecord | null;
  events: StoredTrustEvent[];
  mode: HostMode;
  activePins: Pin[];
  expiredPins: Pin[];
  /** Every active pin is in the current chain: one key rotation would lock the site out. */
  lacksBackupPin: boolean;
  /** Report-only pins for the host (imported from a source that does not enforce them): shown, never enforced. */
  reportOnlyPins: Pin[];
  /** The organisation set this host's mode: shown read-only; the user may only make it strict. */
  modeManaged: boolean;
}

/**
 * One chunk of the export. Hosts travel as JSON text: Firefox's messaging clones a string of
 * megabytes in milliseconds, but the same data as objects takes most of a second.
 */
export interface ExportChunk {
  /** JSON array of ExportedHost, in host order. */
  hostsJson: string;
  count: number;
  /** The last host of the chunk: where the next chunk starts. */
  last: string | null;
  /** With the first chunk only. */
  policy: Policy | null;
}

const MAX_CHUNK_TEXT = 64 * 1024 * 1024;

export interface Requests {
  'tab-report': { request: { tabId: number }; response: TabReport };
  'decide-key': { request: { host: string; key: KeyRef; decision: KeyDecision }; response: TrustRecord };
  /** "Block until I decide": the host enforced as strict until its waiting change is decided. */
  'hold-host': { request: { host: string }; response: TrustRecord };
  'hosts-page': { request: { query: HostQuery }; response: HostPage };
  /** The hosts with a key change waiting for the user's decision, loudest first (at most `limit`), and how many there are. */
  'host-index': { request: { query: HostQuery; host: string }; response: number | null };
  'needs-decision': { request: { limit: number }; response: { total: number; rows: HostRow[] } };
  /** Triage: block every key waiting for a decision on these hosts (the safe choice, in bulk). */
  'block-waiting': { request: { hosts: string[] }; response: { blocked: number } };
  'host-detail': { request: { host: string }; response: HostDetail };
  'set-mode': { request: { host: string; mode: HostMode }; response: Policy };
  'add-pin': { request: { pattern: string; pin: string; expiresAt: number | null }; response: Policy };
  'remove-pin': { request: { pattern: string; spkiSha256: string }; response: Policy };
  'get-policy': { request: object; response: Policy };
  'get-options': { request: object; response: Options };
  /** The organisation's policy for FirstSeen: none, applied (with what it sets), or refused with the reason. */
  'managed-status': { request: object; response: ManagedState };
  /** The user's own pins and modes as a policies.json for an administrator. */
  'admin-policy-export': { request: object; response: { json: string } };
  /** Does nothing: a page doing long work sends it to keep the event page awake (ui/client.ts). */
  'ping': { request: object; response: null };
  'storage-status': { request: object; response: StorageStatus };
  'prune': { request: { rule: PruneRule; dryRun: boolean }; response: PruneOutcome };
  'undo-prune': { request: { undoToken: string }; response: { hosts: number } };
  'storage-start-over': { request: { confirmed: true }; response: StorageStatus };
  'wake-report': { request: object; response: WakeReport | null };
  'set-options': { request: { options: Partial<Options> }; response: Options };
  'set-ignore-rules': { request: { rules: string[] }; response: Policy };
  'forget-host': { request: { host: string }; response: { undoToken: string } };
  'undo-forget': { request: { undoToken: string }; response: { host: string } };
  'block-details': { request: { ticket: string }; response: BlockDetails };
  'trust-blocked-key': { request: { ticket: string; confirmed: true }; response: { url: string } };
  /** The warning page's "Continue once": this load only, trusting nothing. */
  'continue-once': { request: { ticket: string; confirmed: true }; response: { url: string } };
  /** From an interception's warning page: its root recognised as this machine's TLS inspection, on every site. */
  'recognise-inspection-root': { request: { ticket: string; confirmed: true }; response: { url: string } };
  'forget-inspection-root': { request: { spkiSha256: string }; response: Options };
  'export-chunk': { request: { after: string | null; limit: number }; response: ExportChunk };
  'import-begin': { request: object; response: { token: string } };
  'import-stage': { request: { token: string; hostsJson: string; policy: unknown }; response: { staged: number } };
  'import-preview': { request: { token: string }; response: ImportPreview };
  'import-apply': { request: { token: string; resolutions: Record<string, Resolution> }; response: ImportPreview };
}

export type MessageType = keyof Requests;
export type Message<T extends MessageType = MessageType> = T extends MessageType ? { type: T } & Requests[T]['request'] : never;
export type Reply<T extends MessageType> = { ok: true; value: Requests[T]['response'] } | { ok: false; error: string };

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null;
const isHost = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 300;
const isShortText = (v: unknown): v is string => typeof v === 'string' && v.length <= 1000;
const isKeyRef = (v: unknown): v is KeyRef =>
  isObject(v) && isSpkiSha256(v.spkiSha256) && (v.issuerSpkiSha256 === '' || isSpkiSha256(v.issuerSpkiSha256));
const oneOf = <T extends string>(v: unknown, options: readonly T[]): v is T => typeof v === 'string' && (options as readonly string[]).includes(v);
const MODES = ['watch', 'strict', 'ignore'] as const;
const SORTS = ['host', 'status', 'keyCount', 'lastSeen', 'lastChangeSeverity', 'mode'] as const;

function parseQuery(v: unknown): HostQuery | string {
  if (!isObject(v)) return 'query is not an object';
  const nullOr = <T extends string>(x: unknown, options: readonly T[]): x is T | null => x === null || oneOf(x, options);
  if (!isShortText(v.search)) return 'query.search is not text';
  if (!nullOr(v.status, HOST_STATUSES)) return 'query.status is unknown';
  if (!nullOr(v.mode, MODES)) return 'query.mode is unknown';
  if (!nullOr(v.severity, SEVERITIES)) return 'query.severity is unknown';
  if (!oneOf(v.sort, SORTS)) return 'query.sort is unknown';
  if (typeof v.descending !== 'boolean') return 'query.descending is not a boolean';
  if (!Number.isInteger(v.offset) || (v.offset as number) < 0) return 'query.offset is not a count';
  if (!Number.isInteger(v.limit) || (v.limit as number) < 1 || (v.limit as number) > 500) return 'query.limit is not between 1 and 500';
  return { search: v.search, status: v.status, mode: v.mode, severity: v.severity, sort: v.sort, descending: v.descending, offset: v.offset as number, limit: v.limit as number };
}

/** One checker per message type: each returns the typed message or says what is wrong. */
const CHECKS: { [T in MessageType]: (raw: Raw) => Message<T> | string } = {
  'tab-report': (r) => (Number.isInteger(r.tabId) ? { type: 'tab-report', tabId: r.tabId as number } : 'tab-report: tabId is not an integer'),
  'decide-key': (r) => {
    if (!isHost(r.host)) return 'decide-key: host is not a host name';
    if (!isKeyRef(r.key)) return 'decide-key: key is not a pair of SPKI digests';
    if (r.decision !== 'accepted' && r.decision !== 'rejected' && r.decision !== 'undecided') return 'decide-key: decision is not accepted, rejected or undecided';
    return { type: 'decide-key', host: r.host, key: { spkiSha256: r.key.spkiSha256, issuerSpkiSha256: r.key.issuerSpkiSha256 }, decision: r.decision };
  },
  'hold-host': (r) => (isHost(r.host) ? { type: 'hold-host', host: r.host } : 'hold-host: host is not a host name'),
  'hosts-page': (r) => {
    const query = parseQuery(r.query);
    return typeof query === 'string' ? `hosts-page: ${query}` : { type: 'hosts-page', query };
  },
  'host-detail': (r) => (isHost(r.host) ? { type: 'host-detail', host: r.host } : 'host-detail: host is not a host name'),
  'set-mode': (r) => {
    if (!isHost(r.host)) return 'set-mode: host is not a host name';
    return oneOf(r.mode, MODES) ? { type: 'set-mode', host: r.host, mode: r.mode } : 'set-mode: mode is not watch, strict or ignore';
  },
  'add-pin': (r) => {
    if (!isShortText(r.pattern) || !isShortText(r.pin)) return 'add-pin: pattern and pin must be text';
    if (r.expiresAt !== null && !(typeof r.expiresAt === 'number' && Number.isFinite(r.expiresAt))) return 'add-pin: expiresAt is not a time';
    return { type: 'add-pin', pattern: r.pattern, pin: r.pin, expiresAt: r.expiresAt };
  },
  'remove-pin': (r) => (isShortText(r.pattern) && isSpkiSha256(r.spkiSha256)
    ? { type: 'remove-pin', pattern: r.pattern, spkiSha256: r.spkiSha256 }
    : 'remove-pin: pattern or digest is malformed'),
  'get-policy': () => ({ type: 'get-policy' }),
  'get-options': () => ({ type: 'get-options' }),
  'ping': () => ({ type: 'ping' }),
  'storage-status': () => ({ type: 'storage-status' }),
  'host-index': (r) => {
    const query = parseQuery(r.query);
    if (typeof query === 'string') return `host-index: ${query}`;
    return isShortText(r.host) ? { type: 'host-index', query, host: r.host } : 'host-index: host is not a short text';
  },
  'undo-prune': (r) => (isShortText(r.undoToken) ? { type: 'undo-prune', undoToken: r.undoToken } : 'undo-prune: undoToken is not a short text'),
  'block-waiting': (r) => (Array.isArray(r.hosts) && r.hosts.length > 0 && r.hosts.length <= 1_000 && r.hosts.every(isHost)
    ? { type: 'block-waiting', hosts: r.hosts as string[] } : 'block-waiting: hosts is not a list of 1 to 1000 host names'),
  'needs-decision': (r) => (Number.isInteger(r.limit) && (r.limit as number) > 0 && (r.limit as number) <= 1_000
    ? { type: 'needs-decision', limit: r.limit as number } : 'needs-decision: limit is not a whole number from 1 to 1000'),
  'prune': (r) => {
    const rule = r.rule as Partial<PruneRule> | undefined;
    if (!isObject(rule) || typeof rule.expired !== 'boolean') return 'prune: rule.expired is not a boolean';
    if (rule.unseenDays !== null && !(Number.isInteger(rule.unseenDays) && (rule.unseenDays as number) >= 0 && (rule.unseenDays as number) <= 36_500)) {
      return 'prune: rule.unseenDays is not a number of days from 0 to 36500, or null';
    }
    if (typeof r.dryRun !== 'boolean') return 'prune: dryRun is not a boolean';
    return { type: 'prune', rule: { unseenDays: rule.unseenDays as number | null, expired: rule.expired }, dryRun: r.dryRun };
  },
  'storage-start-over': (r) => (r.confirmed === true ? { type: 'storage-start-over', confirmed: true } : 'storage-start-over: not confirmed'),
  'wake-report': () => ({ type: 'wake-report' }),
  'managed-status': () => ({ type: 'managed-status' }),
  'admin-policy-export': () => ({ type: 'admin-policy-export' }),
  'set-options': (r) => (isObject(r.options) && Object.keys(r.options).every((k) => k === 'checkEveryResponse' || k === 'stopOnCritical') &&
    Object.values(r.options).every((v) => typeof v === 'boolean')
    ? { type: 'set-options', options: r.options as Partial<Options> }
    : 'set-options: options may hold checkEveryResponse and stopOnCritical, booleans'),
  'set-ignore-rules': (r) => (Array.isArray(r.rules) && r.rules.length <= 1000 && r.rules.every(isShortText)
    ? { type: 'set-ignore-rules', rules: r.rules }
    : 'set-ignore-rules: rules is not a list of text'),
  'forget-host': (r) => (isHost(r.host) ? { type: 'forget-host', host: r.host } : 'forget-host: host is not a host name'),
  'undo-forget': (r) => (isShortText(r.undoToken) ? { type: 'undo-forget', undoToken: r.undoToken } : 'undo-forget: token is malformed'),
  'block-details': (r) => (isShortText(r.ticket) ? { type: 'block-details', ticket: r.ticket } : 'block-details: ticket is malformed'),
  'trust-blocked-key': (r) => {
    if (!isShortText(r.ticket)) return 'trust-blocked-key: ticket is malformed';
    return r.confirmed === true ? { type: 'trust-blocked-key', ticket: r.ticket, confirmed: true } : 'trust-blocked-key: not confirmed';
  },
  'continue-once': (r) => {
    if (!isShortText(r.ticket)) return 'continue-once: ticket is malformed';
    return r.confirmed === true ? { type: 'continue-once', ticket: r.ticket, confirmed: true } : 'continue-once: not confirmed';
  },
  'recognise-inspection-root': (r) => {
    if (!isShortText(r.ticket)) return 'recognise-inspection-root: ticket is malformed';
    return r.confirmed === true ? { type: 'recognise-inspection-root', ticket: r.ticket, confirmed: true } : 'recognise-inspection-root: not confirmed';
  },
  'forget-inspection-root': (r) => (isSpkiSha256(r.spkiSha256) ? { type: 'forget-inspection-root', spkiSha256: r.spkiSha256 } : 'forget-inspection-root: not a SHA-256 digest'),
  'export-chunk': (r) => ((r.after === null || isHost(r.after)) && Number.isInteger(r.limit) && (r.limit as number) > 0 && (r.limit as number) <= 5000
    ? { type: 'export-chunk', after: r.after, limit: r.limit as number }
    : 'export-chunk: after must be a host or null, limit 1 to 5000'),
  'import-begin': () => ({ type: 'import-begin' }),
  'import-stage': (r) => (isShortText(r.token) && typeof r.hostsJson === 'string' && r.hostsJson.length <= MAX_CHUNK_TEXT
    ? { type: 'import-stage', token: r.token, hostsJson: r.hostsJson, policy: r.policy ?? null }
    : 'import-stage: token and hosts as JSON text (at most 64 MiB a chunk) are needed'),
  'import-preview': (r) => (isShortText(r.token) ? { type: 'import-preview', token: r.token } : 'import-preview: token is malformed'),
  'import-apply': (r) => {
    if (!isShortText(r.token) || !isObject(r.resolutions)) return 'import-apply: token and resolutions are needed';
    const bad = Object.values(r.resolutions).some((v) => v !== 'local' && v !== 'imported');
    return bad ? 'import-apply: each resolution is local or imported' : { type: 'import-apply', token: r.token, resolutions: r.resolutions as Record<string, Resolution> };
  },
};

/** Checks an incoming message. Returns it typed, or a sentence saying what is wrong. */
export function parseMessage(raw: unknown): Message | string {
  if (!isObject(raw) || typeof raw.type !== 'string') return 'message has no type';
  if (!Object.hasOwn(CHECKS, raw.type)) return `unknown message type ${JSON.stringify(raw.type.slice(0, 40))}`;
  return (CHECKS[raw.type as MessageType] as (r: Raw) => Message | string)(raw);
}
