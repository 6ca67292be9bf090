// The management and warning pages' messages, through the real handler, service and store.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, type HostPage } from '../../../src/core/host-query.js';
import type { Policy } from '../../../src/core/policy.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { SELF, wireBackground } from './wiring.js';

const B64 = 'krKv7i7dNXQipABoHyjJaZ78h2khzSS1s5iZ5pRFVmE=';
let n = 0;

async function setup() {
  const { service, tickets, ask, handle } = await wireBackground(`pages-${++n}`, () => CAPTURED_AT);
  for (const host of ['www.example.com', 'api.example.com', 'shop.test']) {
    const obs = { ...observationOf('first-visit-intermediate', CAPTURED_AT), host };
    await service.observe({ kind: 'observation', observation: obs }, { incognito: false });
  }
  await service.writes.flushAll();
  return { service, tickets, ask, handle };
}

describe('host list', () => {
  it('pages, searches by any part of the name, filters and sorts', async () => {
    const { ask } = await setup();
    const first = await ask<HostPage>({ type: 'hosts-page', query: DEFAULT_QUERY });
    expect(first.total).toBe(3);
    expect(first.rows.map((r) => r.host)).toEqual(['api.example.com', 'shop.test', 'www.example.com']);
    const search = await ask<HostPage>({ type: 'hosts-page', query: { ...DEFAULT_QUERY, search: 'AMPLE' } });
    expect(search.rows.map((r) => r.host)).toEqual(['api.example.com', 'www.example.com']);
    await ask({ type: 'set-mode', host: 'shop.test', mode: 'strict' });
    const strict = await ask<HostPage>({ type: 'hosts-page', query: { ...DEFAULT_QUERY, mode: 'strict' } });
    expect(strict.rows.map((r) => [r.host, r.mode])).toEqual([['shop.test', 'strict']]);
    const sorted = await ask<HostPage>({ type: 'hosts-page', query: { ...DEFAULT_QUERY, sort: 'host', descending: true, limit: 1, offset: 1 } });
    expect(sorted).toMatchObject({ total: 3, offset: 1, rows: [{ host: 'shop.test' }] });
  });

  it('forgets a host with undo', async () => {
    const { ask, service } = await setup();
    const { undoToken } = await ask<{ undoToken: string }>({ type: 'forget-host', host: 'shop.test' });
    expect(await service.record('shop.test')).toBeUndefined();
    expect((await ask<HostPage>({ type: 'hosts-page', query: { ...DEFAULT_QUERY, search: 'shop' } })).total).toBe(0);
    expect(await ask({ type: 'undo-forget', undoToken })).toEqual({ host: 'shop.test' });
    expect((await service.record('shop.test'))?.keys).toHaveLength(1);
    expect((await service.events('shop.test')).map((e) => e.kind)).toEqual(['first-use']);
    await expect(ask({ type: 'undo-forget', undoToken })).rejects.toThrow('nothing to undo');
  });
});

describe('pins and rules', () => {
  it('adds pins in any accepted form, and says what is wrong with a bad one', async () => {
    const { ask } = await setup();
    const policy = await ask<Policy>({ type: 'add-pin', pattern: '**.Example.com', pin: `pin-sha256="${B64}"`, expiresAt: null });
    expect(policy.pins).toEqual([{ pattern: '**.example.com', spkiSha256: B64, addedAt: CAPTURED_AT, expiresAt: null }]);
    await expect(ask({ type: 'add-pin', pattern: 'a.*.com', pin: B64, expiresAt: null })).rejects.toThrow('pattern: a wildcard may only be the first label');
    await expect(ask({ type: 'add-pin', pattern: 'example.com', pin: 'sha256/AAAA', expiresAt: null })).rejects.toThrow('pin: a SHA-256 digest is 32 bytes; this base64 is 3 bytes');
    const detail = await ask<{ activePins: unknown[]; lacksBackupPin: boolean }>({ type: 'host-detail', host: 'www.example.com' });
    expect(detail.activePins).toHaveLength(1);
    expect(detail.lacksBackupPin).toBe(true);
    const removed = await ask<Policy>({ type: 'remove-pin', pattern: '**.example.com', spkiSha256: B64 });
    expect(removed.pins).toEqual([]);
  });

  it('keeps ignore rules, refusing a bad one by its line', async () => {
    const { ask } = await setup();
    expect((await ask<Policy>({ type: 'set-ignore-rules', rules: ['*.internal', ' localhost ', '', '<ip>'] })).ignoreRules).toEqual(['*.internal', 'localhost', '<ip>']);
    await expect(ask({ type: 'set-ignore-rules', rules: ['ok.test', 'bad host'] })).rejects.toThrow('rule 2 ("bad host"): "bad host" is not a host name');
    expect((await ask<Policy>({ type: 'get-policy' })).ignoreRules).toEqual(['*.internal', 'localhost', '<ip>']);
  });
});

describe('warning page tickets', () => {
  it('shows a block only to its own tab, and trusts the key once', async () => {
    const { ask, tickets, service } = await setup();
    const changed = await service.observe({ kind: 'observation', observation: { ...observationOf('new-key-same-issuer', CAPTURED_AT + 1), host: 'shop.test' } }, { incognito: false });
    const ticket = await tickets.issue({ tabId: 9, url: 'https://shop.test/', host: 'shop.test', reason: 'key-mismatch', observed: changed!.observed! });
    const warning = { id: SELF.id, url: `moz-extension://u/warning.html?ticket=${ticket}`, tab: { id: 9 } };
    await expect(ask({ type: 'block-details', ticket }, { ...warning, tab: { id: 10 } })).rejects.toThrow('belongs to another tab');
    await expect(ask({ type: 'block-details', ticket }, { id: SELF.id, url: 'https://shop.test/', tab: { id: 9 } })).rejects.toThrow('refused');
    const details = await ask<{ observed: { status: string }; expectedKeys: unknown[] }>({ type: 'block-details', ticket }, warning);
    expect(details.observed.status).toBe('pending');
    expect(details.expectedKeys).toHaveLength(1);
    await expect(ask({ type: 'trust-blocked-key', ticket }, warning)).rejects.toThrow('not confirmed');
    expect(await ask({ type: 'trust-blocked-key', ticket, confirmed: true }, warning)).toEqual({ url: 'https://shop.test/' });
    expect((await service.record('shop.test'))?.keys.map((k) => k.status)).toEqual(['first-use', 'accepted']);
    await expect(ask({ type: 'trust-blocked-key', ticket, confirmed: true }, warning)).rejects.toThrow('expired');
  });

  it('shows a private tab\'s block with the key its private session met', async () => {
    const { ask, tickets, service } = await setup();
    const host = 'hidden.test';
    await service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host } }, { incognito: true });
    const changed = await service.observe({ kind: 'observation', observation: { ...observationOf('new-key-same-issuer', CAPTURED_AT + 1), host } }, { incognito: true });
    const ticket = await tickets.issue({ tabId: 9, url: `https://${host}/`, host, reason: 'key-mismatch', observed: changed!.observed!, incognito: true });
    const warning = { id: SELF.id, url: `moz-extension://u/warning.html?ticket=${ticket}`, tab: { id: 9 } };
    const details = await ask<{ observed: { spkiSha256: string; status: string } | null; expectedKeys: unknown[] }>({ type: 'block-details', ticket }, warning);
    expect(details.observed).toMatchObject({ spkiSha256: changed!.observed!.spkiSha256, status: 'pending' });
    expect(details.expectedKeys).toHaveLength(1);
  });
});
