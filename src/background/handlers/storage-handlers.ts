// Whether FirstSeen can keep what it learns, the user's choice after the database was wiped, and
// pruning by a retention rule.
import type { HandlerContext, Handlers } from './context.js';
import type { PruneSummary } from '../prune-store.js';
import { UNDO_PRUNE_HOSTS } from '../../core/retention.js';
import type { TrustRecord } from '../../core/trust-record.js';
import type { StoredTrustEvent } from '../../core/trust-event.js';

/** The hosts a prune lists for the user to see before and after. */
const LISTED = 500;

export function storageHandlers({ keeper, service, directory, trash }: HandlerContext): Handlers<'storage-status' | 'storage-start-over' | 'prune' | 'undo-prune' | 'ping'> {
  return {
    async ping() {
      return null;
    },
    async prune(m) {
      const listed = (r: PruneSummary) => r.affected.slice(0, LISTED).map((host) => ({ host, gone: r.gone.includes(host) }));
      if (m.dryRun) {
        const preview = await service.prune(m.rule, true);
        return { keys: preview.keys, hosts: preview.hosts, gone: preview.gone.length, affected: listed(preview), undoToken: null };
      }
      // The histories of the hosts that will go are read first: a prune removes them with the host.
      const preview = await service.prune(m.rule, true);
      const keepForUndo = preview.hosts <= UNDO_PRUNE_HOSTS;
      const histories = keepForUndo ? Object.fromEntries(await Promise.all(preview.gone.map(async (h) => [h, await service.events(h)] as const))) : {};
      const result = await service.prune(m.rule, false);
      for (const host of result.gone) directory.forget(host);
      keeper.hostsChanged();
      let undoToken: string | null = null;
      if (keepForUndo) {
        undoToken = crypto.randomUUID();
        await trash.set(`pruned:${undoToken}`, { records: result.before, histories });
      }
      return { keys: result.keys, hosts: result.hosts, gone: result.gone.length, affected: listed(result), undoToken };
    },
    async 'undo-prune'(m) {
      const kept = (await trash.get(`pruned:${m.undoToken}`)) as { records: TrustRecord[]; histories: Record<string, StoredTrustEvent[]> } | undefined;
      if (!kept) throw new Error('nothing to undo');
      // Each host as it was; a host the prune removed gets its history back too.
      for (const record of kept.records) await service.restore(record, kept.histories[record.host] ?? []);
      await trash.remove(`pruned:${m.undoToken}`);
      keeper.hostsChanged();
      return { hosts: kept.records.length };
    },
    async 'storage-status'() {
      // Opening the store is what finds out; a failure is the status, not an error.
      await keeper.store().catch(() => undefined);
      return keeper.status();
    },
    async 'storage-start-over'() {
      await keeper.startOver();
      if (keeper.persisting()) service.adoptUnsaved();
      return keeper.status();
    },
  };
}
