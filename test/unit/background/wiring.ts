// The background wired as main.ts wires it, over fake-indexeddb and in-memory platform fakes.
import 'fake-indexeddb/auto';
import { BlockTickets } from '../../../src/background/block-tickets.js';
import { HistoryService } from '../../../src/background/history-service.js';
import { HostDirectory } from '../../../src/background/host-directory.js';
import { InterceptionWatch } from '../../../src/background/interception-watch.js';
import { createMessageHandler } from '../../../src/background/message-handlers.js';
import { OptionsService } from '../../../src/background/options-service.js';
import { PolicyService } from '../../../src/background/policy-service.js';
import { TabStates } from '../../../src/background/tab-state.js';
import { TrustService } from '../../../src/background/trust-service.js';
import { openTrustStore } from '../../../src/store/trust-store.js';
import { MemoryBadge, MemorySessionArea } from './fakes.js';

export const SELF = { id: 'me@test', baseUrl: 'moz-extension://u/' };
export const MANAGER = { id: SELF.id, url: 'moz-extension://u/manager.html' };

export async function wireBackground(dbName: string, now: () => number) {
  const store = await openTrustStore(dbName);
  const directory = new HostDirectory(async () => store);
  const service = new TrustService({
    store: async () => store, now, interception: new InterceptionWatch(new MemorySessionArea()),
    policy: new PolicyService(async () => store), onRecord: (r) => directory.noteRecord(r),
  });
  const tickets = new BlockTickets(new MemorySessionArea(), now);
  const tabs = new TabStates(new MemorySessionArea(), new MemoryBadge());
  const history = new HistoryService(async () => store, service, directory, now);
  const options = new OptionsService(new MemorySessionArea());
  const handle = createMessageHandler({
    service, tabs, interception: new InterceptionWatch(new MemorySessionArea()), directory, tickets, trash: new MemorySessionArea(), history, options, now,
  }, SELF);
  /** Sends a message as the management page (or `sender`), throwing its error. */
  const ask = async <T>(m: object, sender: object = MANAGER): Promise<T> => {
    const r = await handle(m, sender);
    if (!r.ok) throw new Error(r.error);
    return r.value as T;
  };
  return { store, directory, service, tickets, tabs, history, options, handle, ask };
}
