// Whether FirstSeen can keep what it learns, the user's choice after the database was wiped, and
// pruning by a retention rule.
import type { HandlerContext, Handlers } from './context.js';

export function storageHandlers({ keeper, service, directory }: HandlerContext): Handlers<'storage-status' | 'storage-start-over' | 'prune' | 'ping'> {
  return {
    async ping() {
      return null;
    },
    async prune(m) {
      const result = await service.prune(m.rule, m.dryRun);
      if (!m.dryRun) {
        for (const host of result.gone) directory.forget(host);
        keeper.hostsChanged();
      }
      return { keys: result.keys, hosts: result.hosts, gone: result.gone.length };
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
