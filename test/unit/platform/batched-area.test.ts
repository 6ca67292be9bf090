// Writes to storage.session of one moment go to Firefox as one message, and are read back at once.
import { describe, expect, it } from 'vitest';
import { batchedArea } from '../../../src/platform/batched-area.js';

function fakeArea() {
  const data = new Map<string, unknown>();
  const calls: string[] = [];
  const area = {
    data,
    calls,
    async get(key: unknown): Promise<Record<string, unknown>> {
      const k = key as string;
      return data.has(k) ? { [k]: structuredClone(data.get(k)) } : {};
    },
    async set(items: Record<string, unknown>): Promise<void> {
      calls.push(`set ${Object.keys(items).join(',')}`);
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]): Promise<void> {
      calls.push(`remove ${([] as string[]).concat(keys).join(',')}`);
      for (const k of ([] as string[]).concat(keys)) data.delete(k);
    },
  };
  return area;
}

describe('batchedArea', () => {
  it('sends the writes of one moment as one set, and the removals as one remove', async () => {
    const area = fakeArea();
    const session = batchedArea(area);
    area.data.set('old', 1);
    await Promise.all([session.set('tab:7', { hosts: 1 }), session.set('pending-sightings', [{ host: 'a.test' }]), session.remove('old')]);
    expect(area.calls).toEqual(['set tab:7,pending-sightings', 'remove old']);
    expect([...area.data.keys()].sort()).toEqual(['pending-sightings', 'tab:7']);
    // The next moment's writes are a message of their own.
    await session.set('tab:7', { hosts: 2 });
    expect(area.calls).toEqual(['set tab:7,pending-sightings', 'remove old', 'set tab:7']);
    expect(area.data.get('tab:7')).toEqual({ hosts: 2 });
  });

  it('reads what is still waiting to be written, the last write of a key winning', async () => {
    const area = fakeArea();
    const session = batchedArea(area);
    area.data.set('k', 'stored');
    const writes = [session.set('k', 'newer'), session.set('j', 1), session.remove('j')];
    expect(await session.get('k')).toBe('newer');
    expect(await session.get('j')).toBeUndefined();
    expect(area.calls).toEqual([]);
    await Promise.all(writes);
    expect([area.data.get('k'), area.data.has('j')]).toEqual(['newer', false]);
    expect(await session.get('k')).toBe('newer');
  });

  it('fails every write of a batch that Firefox refused, and takes the next batch afresh', async () => {
    const area = fakeArea();
    let refuse = true;
    const set = area.set.bind(area);
    area.set = async (items) => {
      if (refuse) throw new Error('quota');
      return set(items);
    };
    const session = batchedArea(area);
    await expect(Promise.all([session.set('a', 1), session.set('b', 2)])).rejects.toThrow('quota');
    refuse = false;
    await session.set('a', 3);
    expect(area.data.get('a')).toBe(3);
  });
});
