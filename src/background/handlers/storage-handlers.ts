// Whether FirstSeen can keep what it learns, and the user's choice after the database was wiped.
import type { HandlerContext, Handlers } from './context.js';

export function storageHandlers({ keeper, service }: HandlerContext): Handlers<'storage-status' | 'storage-start-over'> {
  return {
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
