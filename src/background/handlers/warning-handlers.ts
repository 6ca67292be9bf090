// The warning page shown in place of a blocked page. Only that page, in the tab that was blocked,
// holding the block's one-time ticket, can see the details or trust the key.
import { enforcementFor } from '../../core/policy.js';
import { findKey, isTrusted } from '../../core/trust-record.js';
import type { HandlerContext, Handlers } from './context.js';

export function warningHandlers({ service, tickets, now }: HandlerContext): Handlers<'block-details' | 'trust-blocked-key'> {
  return {
    async 'block-details'(m, sender) {
      const ticket = await tickets.peek(m.ticket, sender.tab?.id);
      if (!ticket) throw new Error('this warning has expired or belongs to another tab: load the page again');
      // A private tab's block names a key its private session learned: read the record as that tab does.
      const record = await service.record(ticket.host, ticket.incognito === true);
      const policy = await service.policy.get();
      return {
        host: ticket.host,
        url: ticket.url,
        reason: ticket.reason,
        verdict: ticket.verdict ?? null,
        observed: (ticket.observed && findKey(record, ticket.observed)) ?? null,
        expectedKeys: record?.keys.filter(isTrusted) ?? [],
        pins: enforcementFor(policy, ticket.host, now()).activePins,
      };
    },
    async 'trust-blocked-key'(m, sender) {
      const ticket = await tickets.consume(m.ticket, sender.tab?.id);
      if (!ticket) throw new Error('this warning has expired or belongs to another tab: load the page again');
      if (!ticket.observed) throw new Error('the blocked response had no key to trust');
      // Nothing the user trusts passes the organisation's pins (enforcement.ts): not offered, refused.
      if (ticket.reason === 'managed-pin') throw new Error('your organisation pinned this site\'s keys: only it can change them');
      await service.decide(ticket.host, ticket.observed, 'accepted');
      return { url: ticket.url };
    },
  };
}
