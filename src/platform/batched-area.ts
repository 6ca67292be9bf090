// Writes to a storage area batched per moment (session-area.ts). No browser import: unit-tested.
import type { Storage } from 'webextension-polyfill';
import type { SessionArea } from './session-area.js';

const REMOVED = Symbol('removed');
/** How long a write waits for others: far below any idle time before a suspension (1 s in the tests). */
export const BATCH_MS = 25;

/**
 * A storage area whose writes of one moment go to Firefox as one message. During a page load the
 * tab's state and the journal of sightings are each mirrored about every 100 ms, on timers started
 * by the same response, the second a few ms behind the first (a read's round trip). A write waits
 * up to BATCH_MS for others, so the two messages to Firefox's parent process, on the load's
 * busiest moment, become one. A read sees the writes still waiting. A value is copied when its
 * batch goes, so a writer that changes it meanwhile writes the newer state, which is what each
 * mirror here wants (the tab's page, the records waiting for their write).
 */
export function batchedArea(
  area: Pick<Storage.StorageArea, 'get' | 'set' | 'remove'>,
  defer: (flush: () => void) => void = (flush) => setTimeout(flush, BATCH_MS),
): SessionArea {
  let waiting = new Map<string, unknown>();
  let flushed: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    const batch = waiting;
    waiting = new Map();
    flushed = undefined;
    const sets: Record<string, unknown> = {};
    const removes: string[] = [];
    for (const [key, value] of batch) {
      if (value === REMOVED) removes.push(key);
      else sets[key] = value;
    }
    await Promise.all([
      Object.keys(sets).length > 0 ? area.set(sets) : undefined,
      removes.length > 0 ? area.remove(removes) : undefined,
    ]);
  };
  const write = (key: string, value: unknown): Promise<void> => {
    waiting.set(key, value);
    flushed ??= new Promise<void>((resolve, reject) => defer(() => flush().then(resolve, reject)));
    return flushed;
  };
  return {
    async get(key) {
      if (waiting.has(key)) {
        const value = waiting.get(key);
        return value === REMOVED ? undefined : structuredClone(value);
      }
      return (await area.get(key))[key];
    },
    set: (key, value) => write(key, value),
    remove: (key) => write(key, REMOVED),
  };
}
