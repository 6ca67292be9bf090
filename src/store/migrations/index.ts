// The ordered list of migrations. The schema version is the number of migrations: never reorder,
// never edit one that has shipped; add the next number instead.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { FirstSeenDB } from '../schema.js';
import { migrate001 } from './001-initial.js';
import { migrate002 } from './002-domain-index.js';
import { migrate003 } from './003-summaries-and-settings.js';
import { migrate004 } from './004-history-rows.js';

export type Migration = (
  db: IDBPDatabase<FirstSeenDB>,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
) => void;

export const MIGRATIONS: readonly Migration[] = [migrate001, migrate002, migrate003, migrate004];

/** Runs the migrations after `oldVersion`, in order, inside the upgrade transaction. */
export function runMigrations(
  db: IDBPDatabase<FirstSeenDB>,
  oldVersion: number,
  tx: IDBPTransaction<FirstSeenDB, StoreNames<FirstSeenDB>[], 'versionchange'>,
): void {
  for (const migration of MIGRATIONS.slice(oldVersion)) migration(db, tx);
}
