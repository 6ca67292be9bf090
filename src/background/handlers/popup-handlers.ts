// The popup: a tab's hosts and verdicts, and the user's decision on a changed key.
import { findKey, isHeld, type KeyRef, type KnownKey, type TrustRecord } from '../../core/trust-record.js';
import type { HostReport } from '../../protocol.js';
import type { TabHostEntry } from '../tab-state.js';
import type { HandlerContext, Handlers } from './context.js';

const keyDetails = (record: TrustRecord | undefined, ref: KeyRef | undefined): KnownKey | undefined => (ref ? findKey(record, ref) : undefined);

export function popupHandlers({ service, tabs, interception, keeper, siteAccess }: HandlerContext): Handlers<'tab-report' | 'decide-key' | 'hold-host'> {
  async function report(entry: TabHostEntry): Promise<HostReport> {
    const record = await service.record(entry.host, entry.incognito);
    const { observed, previous, ...rest } = entry;
    // `at` orders the tab's entries (tab-state.ts); it is not part of the report.
    delete rest.at;
    const o = keyDetails(record, observed);
    const p = keyDetails(record, previous);
    return { ...rest, ...(o ? { observed: o } : {}), ...(p ? { previous: p } : {}), ...(isHeld(record) ? { held: true } : {}) };
  }
  return {
    async 'tab-report'(m) {
      const state = await tabs.get(m.tabId);
      const suspected = await interception.status();
      return {
        tabId: m.tabId,
        pageUrl: state?.pageUrl ?? null,
        hosts: await Promise.all((state?.hosts ?? []).map(report)),
        interception: suspected && { rootSubject: suspected.rootSubject, rootSpki: suspected.rootSpki, hosts: suspected.hosts },
        storage: keeper.status(),
        siteAccess: siteAccess?.() ?? true,
      };
    },
    'hold-host'(m) {
      return service.holdUntilDecided(m.host);
    },
    async 'decide-key'(m) {
      const record = await service.decide(m.host, m.key, m.decision);
      await tabs.resolve(m.host, m.key, m.decision);
      return record;
    },
  };
}
