// The warning page shown in place of a blocked page. Only that page, in the tab that was blocked,
// holding the block's one-time ticket, can see the details or trust the key.
import { enforcementFor } from '../../core/policy.js';
import { displayName } from '../../core/pin-export/subject-name.js';
import { findKey, isTrusted, type KnownKey } from '../../core/trust-record.js';
import type { BlockTicket } from '../block-tickets.js';
import type { HandlerContext, Handlers } from './context.js';

/** The root of an interception's presented chain, which the user may recognise; null for any other block. */
function interceptionRootOf(ticket: BlockTicket, observed: KnownKey | undefined): { name: string; spkiSha256: string } | null {
  if (ticket.verdict?.kind !== 'interception' || !observed || observed.builtInRoot || observed.chainSpki.length === 0) return null;
  const last = observed.chainSpki.length - 1;
  return { name: displayName(observed.chainSubjects[last] ?? ''), spkiSha256: observed.chainSpki[last]! };
}

export function warningHandlers({ service, tickets, options, passes, now }: HandlerContext): Handlers<'block-details' | 'trust-blocked-key' | 'recognise-inspection-root' | 'continue-once'> {
  return {
    async 'block-details'(m, sender) {
      const ticket = await tickets.peek(m.ticket, sender.tab?.id);
      if (!ticket) throw new Error('this warning has expired or belongs to another tab: load the page again');
      // A private tab's block names a key its private session learned: read the record as that tab does.
      const record = await service.record(ticket.host, ticket.incognito === true);
      const policy = await service.policy.get();
      const observed = (ticket.observed && findKey(record, ticket.observed)) ?? undefined;
      const root = interceptionRootOf(ticket, observed);
      return {
        host: ticket.host,
        url: ticket.url,
        reason: ticket.reason,
        verdict: ticket.verdict ?? null,
        observed: observed ?? null,
        expectedKeys: record?.keys.filter(isTrusted) ?? [],
        pins: enforcementFor(policy, ticket.host, now()).activePins,
        ...(root && !ticket.incognito ? { inspectionRoot: root } : {}),
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
    async 'continue-once'(m, sender) {
      const ticket = await tickets.peek(m.ticket, sender.tab?.id);
      if (!ticket) throw new Error('this warning has expired or belongs to another tab: load the page again');
      if (ticket.reason === 'managed-pin') throw new Error('your organisation pinned this site\'s keys: only it can change them');
      if (!ticket.observed || !passes) throw new Error('there is no key to continue with: go back and load the page again');
      await tickets.consume(m.ticket, sender.tab?.id);
      passes.grant(ticket.tabId, ticket.host, ticket.observed.spkiSha256, ticket.url);
      return { url: ticket.url };
    },
    async 'recognise-inspection-root'(m, sender) {
      const ticket = await tickets.peek(m.ticket, sender.tab?.id);
      if (!ticket) throw new Error('this warning has expired or belongs to another tab: load the page again');
      // A private window writes nothing to disk, and the choice is kept in storage.local.
      if (ticket.incognito) throw new Error('recognise the root from a normal window: nothing from a private window is kept');
      const record = await service.record(ticket.host);
      const root = interceptionRootOf(ticket, (ticket.observed && findKey(record, ticket.observed)) ?? undefined);
      if (!root) throw new Error('only the root of an interception can be recognised');
      await tickets.consume(m.ticket, sender.tab?.id);
      await options.recogniseRoot({ ...root, at: now() });
      return { url: ticket.url };
    },
  };
}
