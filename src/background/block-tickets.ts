// A blocked page is replaced by FirstSeen's warning page, which may offer to trust the key. Only
// that page, in that tab, may act on the block, once: each block gets a random one-time ticket,
// kept where a suspended event page finds it again (storage.session, memory only).
import type { BlockReason } from '../core/enforcement.js';
import type { KeyRef } from '../core/trust-record.js';
import type { SessionArea } from '../platform/session-area.js';

export interface BlockTicket {
  nonce: string;
  tabId: number;
  /** The page that was stopped, to load again once the user trusts its key. */
  url: string;
  host: string;
  reason: BlockReason;
  observed: KeyRef | null;
  at: number;
}

/** A ticket older than this is refused: the user should load the page again and decide afresh. */
export const TICKET_LIFETIME_MS = 30 * 60 * 1000;
const keyOf = (nonce: string) => `ticket:${nonce}`;

export class BlockTickets {
  constructor(
    private readonly area: SessionArea,
    private readonly now: () => number,
    private readonly newNonce: () => string = () => crypto.randomUUID(),
  ) {}

  async issue(ticket: Omit<BlockTicket, 'nonce' | 'at'>): Promise<string> {
    const nonce = this.newNonce();
    await this.area.set(keyOf(nonce), { ...ticket, nonce, at: this.now() });
    return nonce;
  }

  /** The ticket, if it exists, is fresh, and belongs to the asking tab. */
  async peek(nonce: string, tabId: number | undefined): Promise<BlockTicket | null> {
    const t = (await this.area.get(keyOf(nonce))) as BlockTicket | undefined;
    if (!t || t.tabId !== tabId || this.now() - t.at > TICKET_LIFETIME_MS) return null;
    return t;
  }

  /** Like peek, but the ticket can never be used again. */
  async consume(nonce: string, tabId: number | undefined): Promise<BlockTicket | null> {
    const t = await this.peek(nonce, tabId);
    await this.area.remove(keyOf(nonce));
    return t;
  }
}
