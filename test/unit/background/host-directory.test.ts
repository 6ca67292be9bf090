import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { HostDirectory } from '../../../src/background/host-directory.js';
import { DEFAULT_QUERY } from '../../../src/core/host-query.js';
import { EMPTY_POLICY } from '../../../src/core/policy.js';
import type { TrustRecord } from '../../../src/core/trust-record.js';
import { openTrustStore } from '../../../src/store/trust-store.js';

const record = (host: string, lastSeen: number): TrustRecord => ({ host, domain: null, firstSeen: 1, lastSeen, timesSeen: 1, keys: [] });

describe('HostDirectory', () => {
  it('answers the same whether the summaries are loaded yet or not', async () => {
    const store = await openTrustStore('directory-1');
    await store.commit(['b.test', 'a.test', 'ab.test', 'c.test'].map((h, i) => record(h, 100 - i)), []);
    const query = { ...DEFAULT_QUERY, search: 'A' };
    // A fresh directory answers a search from host keys alone...
    const cold = await new HostDirectory(async () => store).page(query, EMPTY_POLICY);
    // ...and a warm one from every summary.
    const warmDirectory = new HostDirectory(async () => store);
    await warmDirectory.page({ ...query, status: 'known' }, EMPTY_POLICY);
    const warm = await warmDirectory.page(query, EMPTY_POLICY);
    expect(cold).toEqual(warm);
    expect(cold.rows.map((r) => r.host)).toEqual(['a.test', 'ab.test']);
    const byLastSeen = await warmDirectory.page({ ...DEFAULT_QUERY, sort: 'lastSeen', descending: true }, EMPTY_POLICY);
    expect(byLastSeen.rows.map((r) => r.host)).toEqual(['b.test', 'a.test', 'ab.test', 'c.test']);
    store.close();
  });
});
