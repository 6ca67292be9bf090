// What every message handler may use, and the shape of a handler table.
import type { Message, MessageType, Requests } from '../../protocol.js';
import type { BlockTickets } from '../block-tickets.js';
import type { HistoryService } from '../history-service.js';
import type { HostDirectory } from '../host-directory.js';
import type { InterceptionWatch } from '../interception-watch.js';
import type { OneLoadPasses } from '../one-load-passes.js';
import type { OptionsService } from '../options-service.js';
import type { StoreKeeper } from '../store-keeper.js';
import type { TabStates } from '../tab-state.js';
import type { WakeStats } from '../wake-stats.js';
import type { TrustService } from '../trust-service.js';
import type { SessionArea } from '../../platform/session-area.js';

export interface HandlerContext {
  service: TrustService;
  tabs: TabStates;
  interception: InterceptionWatch;
  directory: HostDirectory;
  tickets: BlockTickets;
  /** Where forgotten hosts wait for an undo (memory only). */
  trash: SessionArea;
  history: HistoryService;
  options: OptionsService;
  keeper: StoreKeeper;
  /** Whether FirstSeen may see the sites (undefined: not read yet, taken as yes). */
  siteAccess?: () => boolean | undefined;
  /** This wake's counts; absent where nothing counts them (unit tests). */
  stats?: WakeStats;
  now: () => number;
  /** "Continue once" passes (one-load-passes.ts); absent where nothing grants them (unit tests). */
  passes?: OneLoadPasses;
  /** The add-on's id, for the policies.json an administrator deploys (the handler's own identity's). */
  addonId?: string;
}

/** Who sent a message: the tab is set for pages shown in a tab (the warning page). */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export type Handlers<T extends MessageType> = { [K in T]: (m: Message<K>, sender: Sender) => Promise<Requests[K]['response']> };
