// Answers the add-on's own pages. Anything else (web pages, content scripts, other add-ons) is refused.
import type { KnownKey, KeyRef, TrustRecord } from '../core/trust-record.js';
import { findKey } from '../core/trust-record.js';
import { parseMessage, type HostReport, type Message, type MessageType, type Reply, type Requests, type TabReport } from '../protocol.js';
import type { TabHostEntry, TabStates } from './tab-state.js';
import type { TrustService } from './trust-service.js';
import type { InterceptionWatch } from './interception-watch.js';

export interface Sender {
  id?: string;
  url?: string;
}

export interface OwnIdentity {
  id: string;
  /** The add-on's base URL, moz-extension://<uuid>/ */
  baseUrl: string;
}

/** True only for the add-on's own extension pages. */
export function isOwnPage(sender: Sender, self: OwnIdentity): boolean {
  return sender.id === self.id && typeof sender.url === 'string' && sender.url.startsWith(self.baseUrl);
}

export function createMessageHandler(service: TrustService, tabs: TabStates, interception: InterceptionWatch, self: OwnIdentity) {
  const keyDetails = (record: TrustRecord | undefined, ref: KeyRef | undefined): KnownKey | undefined =>
    ref ? findKey(record, ref) : undefined;

  async function report(entry: TabHostEntry): Promise<HostReport> {
    const record = await service.record(entry.host, entry.incognito);
    const { observed, previous, ...rest } = entry;
    const o = keyDetails(record, observed);
    const p = keyDetails(record, previous);
    return { ...rest, ...(o ? { observed: o } : {}), ...(p ? { previous: p } : {}) };
  }

  const handlers: { [T in MessageType]: (m: Message<T>) => Promise<Requests[T]['response']> } = {
    async 'tab-report'(m): Promise<TabReport> {
      const state = await tabs.get(m.tabId);
      const suspected = await interception.status();
      return {
        tabId: m.tabId,
        pageUrl: state?.pageUrl ?? null,
        hosts: await Promise.all((state?.hosts ?? []).map(report)),
        interception: suspected && { rootSubject: suspected.rootSubject, rootSpki: suspected.rootSpki, hosts: suspected.hosts },
      };
    },
    async 'decide-key'(m) {
      const record = await service.decide(m.host, m.key, m.decision);
      await tabs.resolve(m.host, m.key, m.decision);
      return record;
    },
    async 'host-history'(m) {
      return { record: (await service.record(m.host)) ?? null, events: await service.events(m.host) };
    },
  };

  return async function handle(raw: unknown, sender: Sender): Promise<Reply<MessageType>> {
    if (!isOwnPage(sender, self)) return { ok: false, error: 'refused: not one of FirstSeen\'s own pages' };
    const message = parseMessage(raw);
    if (typeof message === 'string') return { ok: false, error: message };
    try {
      const handler = handlers[message.type] as (m: Message) => Promise<Requests[MessageType]['response']>;
      return { ok: true, value: await handler(message) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
