// The background wired as main.ts wires it, over fake-indexeddb and in-memory platform fakes.
import 'fake-indexeddb/auto';
import { BlockTickets } from '../../../src/background/block-tickets.js';
import { HistoryService } from '../../../src/background/history-service.js';
import { HostDirectory } from '../../../src/background/host-directory.js';
import { InterceptionWatch } from '../../../src/background/interception-watch.js';
import { createMessageHandler } from '../../../src/background/message-handlers.js';
import { OptionsService } from '../../../src/background/options-service.js';
import { StoreKeeper } from '../../../src/background/store-keeper.js';
import { PolicyService } from '../../../src/background/policy-service.js';
import { TabStates } from '../../../src/background/tab-state.js';
import { TrustService } from '../../../src/background/trust-service.js';
import { openTrustStore, type TrustStore } from '../../../src/store/trust-store.js';
import { MemoryBadge, MemorySessionArea } from './fakes.js';

export const SELF = { id: 'me@test', baseUrl: 'moz-extension://u/' };
export const MANAGER = { id: SELF.id, url: 'moz-extension://u/manager.html' };

/**
 * `local` stands for storage.local (where the sentinel lives), `open` for opening IndexedDB: a test
 * can hand in a failing opener, or a fresh database under an old sentinel (a wiped store).
 * `managed` is what storage.managed holds (the organisation's policy), undefined for none.
 */
export async function wireBackground(dbName: string, now: () => number, local = new MemorySessionArea(), open: () => Promise<TrustStore> = () => openTrustStore(dbName), managed?: unknown) {
  // The sentinel follows changes after 20 ms here, not 2 s: tests wait for it.
  const keeper = new StoreKeeper(open, local, now, 20);
  const stores = () => keeper.store();
  /** The open store, for tests that read it directly; undefined when it will not open. */
  const store = (await stores().catch(() => undefined))!;
  const directory = new HostDirectory(stores);
  const policy = new PolicyService(stores, { read: async () => structuredClone(managed) });
  const service = new TrustService({
    store: stores, now, interception: new InterceptionWatch(new MemorySessionArea()),
    policy, recognisedRoots: () => options.get().then((o) => o.recognisedRoots), onRecord: (r) => directory.noteRecord(r), keeper,
  });
  const tickets = new BlockTickets(new MemorySessionArea(), now);
  const tabs = new TabStates(new MemorySessionArea(), new MemoryBadge());
  const history = new HistoryService(stores, service, directory, now, keeper);
  const options = new OptionsService(new MemorySessionArea(), async () => {
    const state = await policy.managed();
    return state.status === 'applied' ? state.policy.locked : {};
  });
  const handle = createMessageHandler({
    service, tabs, interception: new InterceptionWatch(new MemorySessionArea()), directory, tickets, trash: new MemorySessionArea(), history, options, keeper, now,
  }, SELF);
  /** Sends a message as the management page (or `sender`), throwing its error. */
  const ask = async <T>(m: object, sender: object = MANAGER): Promise<T> => {
    const r = await handle(m, sender);
    if (!r.ok) throw new Error(r.error);
    return r.value as T;
  };
  return { store, directory, service, policy, tickets, tabs, history, options, keeper, local, handle, ask };
}
