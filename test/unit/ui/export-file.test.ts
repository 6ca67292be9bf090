// The export file: its first host from the event page, the rest read straight from the database;
// and, should that read fail, the rest from the event page in chunks. Either way, the same history.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportRestBlob } from '../../../src/store/page-export.js';
import { historyFile } from '../../../src/ui/manager/history-files.js';
import type { ManagerApi } from '../../../src/ui/manager/api.js';
import { wireBackground } from '../background/wiring.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { exportText } from '../history/history-helpers.js';

let n = 0;
async function profile(hosts: number) {
  const name = `export-file-${++n}`;
  const bg = await wireBackground(name, () => CAPTURED_AT);
  for (let i = 0; i < hosts; i++) {
    await bg.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host: `h${String(i).padStart(4, '0')}.example.com` } }, { incognito: false });
  }
  await bg.ask({ type: 'set-mode', host: 'h0001.example.com', mode: 'strict' });
  const api = { exportChunk: (after: string | null, limit: number) => bg.history.exportChunk(after, limit) } as ManagerApi;
  return { name, bg, api };
}

const NOW = new Date('2026-11-23T00:00:00.000Z');

describe('export file', () => {
  it('reads all but the first host straight from the database, and holds what the chunks hold', async () => {
    // More hosts than one read of pages brings, and the last sightings not yet written.
    const { name, bg, api } = await profile(1_100);
    // A sighting of the last host waits for its batched write: the export writes it first.
    await bg.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT + 1_000), host: 'h1099.example.com' } }, { incognito: false });
    let direct = 0;
    const file = await historyFile(api, NOW, async (after) => {
      const rest = await exportRestBlob(after, name);
      direct = rest.count;
      return rest;
    });
    expect(direct).toBe(1_099);
    const doc = JSON.parse(await file.text());
    expect(doc).toEqual(JSON.parse(await exportText(bg.history, NOW.toISOString(), 500)));
    expect(doc.hosts).toHaveLength(1_100);
    expect(doc.hosts[1_099]).toMatchObject({ host: 'h1099.example.com', timesSeen: 2 });
    expect(doc.policy.modes).toEqual({ 'h0001.example.com': 'strict' });
    // 1,100 hosts on fake-indexeddb: about 2 s on an idle machine, past vitest's 5 s default while
    // the real-Firefox tests share the two cores. The size is the point (more than one page of reads).
  }, 60_000);

  it('asks the event page for the rest when the database cannot be read here', async () => {
    const { bg, api } = await profile(30);
    const file = await historyFile(api, NOW, () => Promise.reject(new Error('AbortError: version change')));
    expect(JSON.parse(await file.text())).toEqual(JSON.parse(await exportText(bg.history, NOW.toISOString())));
  });

  it('writes an empty history, and one of a single host', async () => {
    for (const hosts of [0, 1]) {
      const { bg, api } = await profile(hosts);
      const file = await historyFile(api, NOW, () => Promise.reject(new Error('not to be read')));
      expect(JSON.parse(await file.text())).toEqual(JSON.parse(await exportText(bg.history, NOW.toISOString())));
    }
  });

  it('does not open, create or upgrade a database it cannot read as it is', async () => {
    await expect(exportRestBlob('a', `export-file-missing-${++n}`)).rejects.toThrow();
    // The failed open left nothing behind: no empty database for the event page to find.
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(`export-file-missing-${n}`);
  });
});
