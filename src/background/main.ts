// The composition root of the event page. Every listener is registered synchronously at top level:
// a suspended MV3 event page is woken by the event, and only sees it if the listener already exists.
import browser from 'webextension-polyfill';
import { openTrustStore, type TrustStore } from '../store/trust-store.js';
import { StoreKeeper } from './store-keeper.js';
import { browserBadge } from '../platform/badge.js';
import { browserLocalArea } from '../platform/local-area.js';
import { browserSessionArea } from '../platform/session-area.js';
import { CheckSchedule } from '../core/check-schedule.js';
import { observeTlsResponses } from '../platform/tls-observer.js';
import { logOnce } from '../platform/log.js';
import { browserTabs } from '../platform/tabs.js';
import { BlockTickets } from './block-tickets.js';
import { OneLoadPasses } from './one-load-passes.js';
import { PrivateWindows } from './private-windows.js';
import { HistoryService } from './history-service.js';
import { HostDirectory } from './host-directory.js';
import { InterceptionWatch } from './interception-watch.js';
import { KeepAwake } from './keep-awake.js';
import { AccessWatch } from './access-watch.js';
import { browserSiteAccess } from '../platform/site-access.js';
import { createMessageHandler } from './message-handlers.js';
import { createResponsePipeline } from './response-pipeline.js';
import { TabStates } from './tab-state.js';
import { OptionsService } from './options-service.js';
import { PolicyService } from './policy-service.js';
import { noteManagedChanges } from './managed-history.js';
import { browserManagedArea } from '../platform/managed-area.js';
import { TrustService } from './trust-service.js';
import { WakeStats } from './wake-stats.js';
import { tabOfNotification, WarningNotifier } from './warning-notifier.js';
import { browserNotifications } from '../platform/notifications.js';

const stats = new WakeStats();
const WARNING_PAGE = browser.runtime.getURL('warning.html');
stats.mark('modules');
const now = () => Date.now();
// Any extension API call handled in the parent resets Firefox's idle timer; this one reads nothing.
const awake = new KeepAwake(() => browser.runtime.getPlatformInfo());
const keeper = new StoreKeeper((hooks) => openTrustStore(undefined, hooks), browserLocalArea, now);
/** Opened on first use and reopened after a failure or a loss, so one bad moment does not disable the add-on. */
const store = (): Promise<TrustStore> => keeper.store();

const interception = new InterceptionWatch(browserSessionArea);
const policy = new PolicyService(store, browserManagedArea);
const directory = new HostDirectory(store);
// The first write that lands is marked for diagnosis (wake-report): the crash test waits for it.
const writes = { persisting: () => keeper.persisting(), writeFailed: (e: unknown) => keeper.writeFailed(e), writeSucceeded: () => { stats.mark('write'); keeper.writeSucceeded(); } };
const service = new TrustService({
  store, now, interception, policy, keeper: writes, journal: browserSessionArea, awake, onRecord: (r) => directory.noteRecord(r),
  recognisedRoots: () => options.get().then((o) => o.recognisedRoots),
});
const tabs = new TabStates(browserSessionArea, browserBadge);
// Checked at every wake and on every permission change: blind is said, never shown as all clear.
const access = new AccessWatch(browserSiteAccess, (blind) => tabs.setBlind(blind));
access.start();

const tickets = new BlockTickets(browserSessionArea, now);
const passes = new OneLoadPasses(now);
const options = new OptionsService(browserLocalArea, async () => {
  const managed = await policy.managed();
  return managed.status === 'applied' ? managed.policy.locked : {};
});
const schedule = new CheckSchedule();
// Desktop notifications, once allowed; a click opens the popup's content for that tab in a page.
const notifier = new WarningNotifier(browserNotifications, (name, subs) => browser.i18n.getMessage(name, subs));
browserNotifications.onClicked((id) => {
  const tabId = tabOfNotification(id);
  if (tabId === null) return;
  void browserNotifications.clear(id).catch(() => undefined);
  void browser.tabs.create({ url: browser.runtime.getURL(`popup.html?tab=${tabId}`) }).catch((error: unknown) => logOnce('could not open a warning', error));
});
observeTlsResponses(createResponsePipeline({ service, tabs, tickets, navigator: browserTabs, now, schedule, options, stats, awake, notifier, passes }));
// Read at once: until both are in memory, every response is checked and held (the safe way).
void policy.get().then(() => stats.mark('policy'), () => undefined);
// What a changed or removed organisation policy no longer sets goes in the history (once per change).
void policy.managed().then((state) => noteManagedChanges(state, browserLocalArea, (events) => service.note(events), now()))
  .catch((error: unknown) => logOnce('could not note the organisation policy\'s changes', error));
browserManagedArea.onChanged(() => {
  void policy.reloadManaged().then(async (state) => {
    options.reload();
    await noteManagedChanges(state, browserLocalArea, (events) => service.note(events), now());
    directory.policyChanged();
  }).catch((error: unknown) => logOnce('could not apply the organisation policy', error));
});
void options.get().then(() => stats.mark('options'), (error: unknown) => logOnce('could not read the options', error));
void store().then(() => stats.mark('store'), () => undefined);

browser.webNavigation.onCommitted.addListener((details) => {
  if (details.frameId === 0) {
    notifier.pageStarted(details.tabId);
    void tabs.committed(details.tabId, details.url, details.timeStamp, details.url.startsWith(WARNING_PAGE));
  }
});
// On install, the first-run page: what FirstSeen does and cannot do, and what it needs.
browser.runtime.onInstalled.addListener((details) => {
  if (details.reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('welcome.html') }).catch((error: unknown) => logOnce('could not open the first-run page', error));
});
// The reset at navigation is not ordered with onCommitted: say it again once the document is in.
for (const loaded of [browser.webNavigation.onDOMContentLoaded, browser.webNavigation.onCompleted]) {
  loaded.addListener((details) => {
    if (details.frameId === 0) void tabs.loaded(details.tabId);
  });
}
// The private session ends with its last window: what it taught goes with it.
const privateWindows = new PrivateWindows(() => browser.windows.getAll(), () => {
  service.endPrivateSession().catch((error: unknown) => logOnce('could not forget the private session', error));
  tickets.dropPrivate().catch((error: unknown) => logOnce('could not drop the private session\'s tickets', error));
});
browser.windows.onCreated.addListener((window) => privateWindows.created(window));
browser.windows.onRemoved.addListener((id) => void privateWindows.removed(id));
browser.tabs.onRemoved.addListener((tabId) => {
  schedule.tabClosed(tabId);
  passes.tabClosed(tabId);
  void tabs.removed(tabId);
});

const history = new HistoryService(store, service, directory, now, keeper);
const handle = createMessageHandler({ service, tabs, interception, directory, tickets, trash: browserSessionArea, history, options, stats, keeper, now, passes, siteAccess: () => access.granted }, { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') });
// A long import or export is held awake too: its page waits on the reply, which counts only once.
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => awake.hold(handle(message, sender)));

// Last-seen times waiting for their batched write: try to write them before the page is
// suspended. Not guaranteed (the page may go before the transaction commits); the journal in
// storage.session is what guarantees they survive.
browser.runtime.onSuspend?.addListener(() => {
  void service.writes.flushAll().catch(() => undefined);
  void tabs.flush().catch(() => undefined);
});

stats.ready();
