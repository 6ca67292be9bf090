// Reading an import file on the management page: the size limit is said before the file is read,
// and what the worker reads is staged in the background as it comes.
import { describe, expect, it } from 'vitest';
import { fileTooLarge, MAX_HISTORY_BYTES } from '../../../src/core/history/validate.js';
import { importFile, importStager } from '../../../src/ui/manager/history-files.js';

describe('import file size', () => {
  it('refuses a file over the limit, saying its size and the limit', () => {
    expect(fileTooLarge(MAX_HISTORY_BYTES)).toBeNull();
    expect(fileTooLarge(600 * 1048576)).toBe('file: 600.0 MiB is over the 512 MiB FirstSeen reads');
  });

  it('answers for an oversized file without reading it', async () => {
    // A Blob that throws if anything reads it: only its size may be looked at.
    const huge = { size: MAX_HISTORY_BYTES + 1, text: () => { throw new Error('read'); }, stream: () => { throw new Error('read'); } } as unknown as Blob;
    const nothing = () => Promise.reject(new Error('no import may begin'));
    const read = () => Promise.reject(new Error('no reading may begin'));
    expect(await importFile({ importBegin: nothing, importStage: nothing }, huge, 0, read))
      .toEqual({ ok: false, errors: ['file: 512.0 MiB is over the 512 MiB FirstSeen reads'] });
  });
});

describe('staging an import as it is read', () => {
  const policy = { modes: {}, ignoreRules: [], pins: [] };
  /** A background that records what it is sent. */
  function recorder() {
    const calls: string[] = [];
    let n = 0;
    const api = {
      importBegin: async () => ({ token: `t${++n}` }),
      importStage: async (token: string, json: string, p: unknown) => void calls.push(`${token} ${json}${p ? ' +policy' : ''}`),
    };
    return { api, calls };
  }

  it('stages the head and each chunk as they come, under one import', async () => {
    const { api, calls } = recorder();
    const stage = importStager(api);
    expect(await stage({ kind: 'policy', policy })).toBeNull();
    expect(await stage({ kind: 'hosts', json: '[1]' })).toBeNull();
    expect(await stage({ kind: 'hosts', json: '[2]' })).toBeNull();
    expect(await stage({ kind: 'end', result: { ok: true, hosts: 2, chunks: [], policy }, restart: false }))
      .toEqual({ ok: true, token: 't1', hosts: 2, streamed: true });
    expect(calls).toEqual(['t1 [] +policy', 't1 [1]', 't1 [2]']);
  });

  it('begins again from the whole file\'s reading after a restart, or when nothing was streamed', async () => {
    const { api, calls } = recorder();
    const stage = importStager(api);
    await stage({ kind: 'policy', policy });
    await stage({ kind: 'hosts', json: '[1]' });
    expect(await stage({ kind: 'end', result: { ok: true, hosts: 3, chunks: ['[1,2]', '[3]'], policy }, restart: true }))
      .toEqual({ ok: true, token: 't2', hosts: 3, streamed: false });
    expect(calls).toEqual(['t1 [] +policy', 't1 [1]', 't2 [] +policy', 't2 [1,2]', 't2 [3]']);
    // A pin list: nothing streamed, the whole reading's policy staged.
    const pins = recorder();
    expect(await importStager(pins.api)({ kind: 'end', result: { ok: true, hosts: 0, chunks: [], policy }, restart: false }))
      .toEqual({ ok: true, token: 't1', hosts: 0, streamed: false });
    expect(pins.calls).toEqual(['t1 [] +policy']);
  });

  it('hands on a refused file\'s errors, and a refused chunk\'s as a failure', async () => {
    const { api } = recorder();
    expect(await importStager(api)({ kind: 'end', result: { ok: false, errors: ['file: not JSON (x)'] }, restart: true }))
      .toEqual({ ok: false, errors: ['file: not JSON (x)'] });
    const refusing = importStager({ ...api, importStage: async (_t, json) => { if (json !== '[]') throw new Error('hosts[0].host: not text'); } });
    await refusing({ kind: 'policy', policy });
    await expect(refusing({ kind: 'hosts', json: '[1]' })).rejects.toThrow('hosts[0].host: not text');
  });
});
