// 001: the first schema: trust records by host, and an event history indexed by host.
import type { IDBPDatabase } from 'idb';
import type { FirstSeenDB } from '../schema.js';

export function migrate001(db: IDBPDatabase<FirstSeenDB>): void {
  db.createObjectStore('hosts', { keyPath: 'host' });
  const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
  events.createIndex('by-host', 'host');
}
