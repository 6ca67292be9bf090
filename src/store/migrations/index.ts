// The ordered list of migrations. The schema version is the number of migrations: never reorder,
// never edit one that has shipped; add the next number instead.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { FirstSeenDB } from '../schema.js';
import { migrate001 } from './001-initial.js';
import { migrate002 } from './002-domain-index.js';
import { migrate003 } from './003-summaries-and-settings.js';
import { migrate004 } from './004-history-rows.js';
import { migrate005 } from './005-host-pages.js';

/** Changes the schema at once; moving data may go on asynchronously, in the same transaction, until the promise settles. */
export type Migration = (
  db: IDBPDatabase<FirstSeenDB>,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
) => void | Promise<void>;

export const MIGRATIONS: readonly Migration[] = [migrate001, migrate002, migrate003, migrate004, migrate005];

/**
 * Runs the migrations after `oldVersion` inside the upgrade transaction, each after the one before
 * has finished moving its data: a later one reads what an earlier one wrote (005 reads the domains
 * 002 adds). Every step continues from a request's success, so the transaction stays active. Any
 * failure aborts the upgrade, and the database stays as it was.
 */
export function runMigrations(
  db: IDBPDatabase<FirstSeenDB>,
  oldVersion: number,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
): void {
  let done = Promise.resolve();
  for (const migration of MIGRATIONS.slice(oldVersion)) done = done.then(() => migration(db, tx));
  done.catch(() => {
    try {
      tx.abort();
    } catch {
      // Already aborted.
    }
  });
}
