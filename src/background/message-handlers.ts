// Answers the add-on's own pages. Anything else (web pages, content scripts, other add-ons) is refused.
import { parseMessage, type Message, type MessageType, type Reply, type Requests } from '../protocol.js';
import type { HandlerContext, Handlers, Sender } from './handlers/context.js';
import { historyHandlers } from './handlers/history-handlers.js';
import { managerHandlers } from './handlers/manager-handlers.js';
import { popupHandlers } from './handlers/popup-handlers.js';
import { storageHandlers } from './handlers/storage-handlers.js';
import { warningHandlers } from './handlers/warning-handlers.js';

export type { Sender } from './handlers/context.js';

export interface OwnIdentity {
  id: string;
  /** The add-on's base URL, moz-extension://<uuid>/ */
  baseUrl: string;
}

/** True only for the add-on's own extension pages. */
export function isOwnPage(sender: Sender, self: OwnIdentity): boolean {
  return sender.id === self.id && typeof sender.url === 'string' && sender.url.startsWith(self.baseUrl);
}

export function createMessageHandler(context: HandlerContext, self: OwnIdentity) {
  const handlers: Handlers<MessageType> = {
    ...popupHandlers(context), ...managerHandlers({ addonId: self.id, ...context }), ...warningHandlers(context), ...historyHandlers(context),
    ...storageHandlers(context),
  };

  return async function handle(raw: unknown, sender: Sender): Promise<Reply<MessageType>> {
    if (!isOwnPage(sender, self)) return { ok: false, error: 'refused: not one of FirstSeen\'s own pages' };
    const message = parseMessage(raw);
    if (typeof message === 'string') return { ok: false, error: message };
    try {
      const handler = handlers[message.type] as (m: Message, s: Sender) => Promise<Requests[MessageType]['response']>;
      return { ok: true, value: await handler(message, sender) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
