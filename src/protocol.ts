// Every message between the add-on's pages and its background, with request and response types.
// Both sides import this file; the background checks every incoming message against it.
import { isSpkiSha256 } from './core/certificate.js';
import type { Severity } from './core/severity.js';
import type { KeyRef, KnownKey, TrustRecord } from './core/trust-record.js';
import type { StoredTrustEvent } from './core/trust-event.js';
import type { VerdictKind } from './core/verdict.js';

/** One host on a tab's page, with what the popup needs to show it. */
export interface HostReport {
  host: string;
  kind: VerdictKind;
  severity: Severity;
  reasons: string[];
  resolution?: 'accepted' | 'rejected';
  incognito: boolean;
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

export interface TabReport {
  tabId: number;
  pageUrl: string | null;
  hosts: HostReport[];
  /** Set while several sites have been re-signed by one root that is not built into Firefox. */
  interception: InterceptionReport | null;
}

export interface Requests {
  'tab-report': { request: { tabId: number }; response: TabReport };
  'decide-key': { request: { host: string; key: KeyRef; decision: 'accepted' | 'rejected' }; response: TrustRecord };
  'host-history': { request: { host: string }; response: { record: TrustRecord | null; events: StoredTrustEvent[] } };
}

export type MessageType = keyof Requests;
export type Message<T extends MessageType = MessageType> = T extends MessageType ? { type: T } & Requests[T]['request'] : never;
export type Reply<T extends MessageType> = { ok: true; value: Requests[T]['response'] } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isHost = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 300;
const isKeyRef = (v: unknown): v is KeyRef =>
  isObject(v) && isSpkiSha256(v.spkiSha256) && (v.issuerSpkiSha256 === '' || isSpkiSha256(v.issuerSpkiSha256));

/** Checks an incoming message. Returns it typed, or a sentence saying what is wrong. */
export function parseMessage(raw: unknown): Message | string {
  if (!isObject(raw) || typeof raw.type !== 'string') return 'message has no type';
  switch (raw.type) {
    case 'tab-report':
      return Number.isInteger(raw.tabId) ? { type: 'tab-report', tabId: raw.tabId as number } : 'tab-report: tabId is not an integer';
    case 'decide-key':
      if (!isHost(raw.host)) return 'decide-key: host is not a host name';
      if (!isKeyRef(raw.key)) return 'decide-key: key is not a pair of SPKI digests';
      if (raw.decision !== 'accepted' && raw.decision !== 'rejected') return 'decide-key: decision is not accepted or rejected';
      return { type: 'decide-key', host: raw.host, key: { spkiSha256: raw.key.spkiSha256, issuerSpkiSha256: raw.key.issuerSpkiSha256 }, decision: raw.decision };
    case 'host-history':
      return isHost(raw.host) ? { type: 'host-history', host: raw.host } : 'host-history: host is not a host name';
    default:
      return `unknown message type ${JSON.stringify(raw.type.slice(0, 40))}`;
  }
}
