import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createMessageHandler, isOwnPage } from '../../../src/background/message-handlers.js';
import { TabStates } from '../../../src/background/tab-state.js';
import { BlockTickets } from '../../../src/background/block-tickets.js';
import { HostDirectory } from '../../../src/background/host-directory.js';
import { HistoryService } from '../../../src/background/history-service.js';
import { InterceptionWatch } from '../../../src/background/interception-watch.js';
import { OptionsService } from '../../../src/background/options-service.js';
import { StoreKeeper } from '../../../src/background/store-keeper.js';
import { PolicyService } from '../../../src/background/policy-service.js';
import { TrustService } from '../../../src/background/trust-service.js';
import { parseMessage, type TabReport } from '../../../src/protocol.js';
import { openTrustStore } from '../../../src/store/trust-store.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { MemoryBadge, MemorySessionArea } from './fakes.js';

const SELF = { id: 'firstseen@firstseen.example', baseUrl: 'moz-extension://uuid-1/' };
const OWN = { id: SELF.id, url: 'moz-extension://uuid-1/popup.html?tab=3' };
let n = 0;

async function setup() {
  const store = await openTrustStore(`messages-${++n}`);
  const service = new TrustService({ store: async () => store, now: () => CAPTURED_AT, interception: new InterceptionWatch(new MemorySessionArea()), policy: new PolicyService(async () => store) });
  const tabs = new TabStates(new MemorySessionArea(), new MemoryBadge());
  const tickets = new BlockTickets(new MemorySessionArea(), () => CAPTURED_AT, () => `nonce-${++n}`);
  return { service, tabs, tickets, store, handle: createMessageHandler({ service, tabs, interception: new InterceptionWatch(new MemorySessionArea()), directory: new HostDirectory(async () => store), tickets, trash: new MemorySessionArea(), history: new HistoryService(async () => store, service, new HostDirectory(async () => store), () => CAPTURED_AT), options: new OptionsService(new MemorySessionArea()), keeper: new StoreKeeper(async () => store, new MemorySessionArea(), () => CAPTURED_AT), now: () => CAPTURED_AT }, SELF) };
}

describe('who may send messages', () => {
  it('accepts the add-on\'s own pages only', () => {
    expect(isOwnPage(OWN, SELF)).toBe(true);
    expect(isOwnPage({ id: SELF.id, url: 'https://evil.test/' }, SELF)).toBe(false); // a content script's page
    expect(isOwnPage({ id: 'other@addon', url: 'moz-extension://uuid-2/x.html' }, SELF)).toBe(false);
    expect(isOwnPage({ id: SELF.id, url: 'moz-extension://uuid-2/x.html' }, SELF)).toBe(false);
    expect(isOwnPage({ id: SELF.id }, SELF)).toBe(false);
    expect(isOwnPage({}, SELF)).toBe(false);
  });

  it('refuses a message from a web page without looking at it', async () => {
    const { handle } = await setup();
    expect(await handle({ type: 'tab-report', tabId: 1 }, { id: SELF.id, url: 'https://a.test/' })).toEqual({
      ok: false,
      error: 'refused: not one of FirstSeen\'s own pages',
    });
  });
});

describe('message validation', () => {
  it.each([
    [null, 'message has no type'],
    ['tab-report', 'message has no type'],
    [{ type: 'tab-report', tabId: '3' }, 'tab-report: tabId is not an integer'],
    [{ type: 'decide-key', host: '', key: {}, decision: 'accepted' }, 'decide-key: host is not a host name'],
    [{ type: 'decide-key', host: 'a.test', key: { spkiSha256: 'x' }, decision: 'accepted' }, 'decide-key: key is not a pair of SPKI digests'],
    [{ type: 'decide-key', host: 'a.test', key: { spkiSha256: `${'A'.repeat(43)}=`, issuerSpkiSha256: '' }, decision: 'maybe' }, 'decide-key: decision is not accepted, rejected or undecided'],
    [{ type: 'drop-database' }, 'unknown message type "drop-database"'],
  ])('rejects %j', (raw, error) => {
    expect(parseMessage(raw)).toBe(error);
  });

  it('answers a malformed message from an own page with its error', async () => {
    const { handle } = await setup();
    expect(await handle({ type: 'tab-report' }, OWN)).toEqual({ ok: false, error: 'tab-report: tabId is not an integer' });
  });
});

describe('tab report', () => {
  it('joins the tab\'s verdicts with the full certificates of the old and new key', async () => {
    const { service, tabs, handle } = await setup();
    tabs.startPage(3, 'https://site.test:8443/', 'r1');
    const first = await service.observe({ kind: 'observation', observation: observationOf('first-visit-intermediate', CAPTURED_AT) }, { incognito: false });
    const change = await service.observe({ kind: 'observation', observation: observationOf('new-key-same-issuer', CAPTURED_AT + 60_000) }, { incognito: false });
    await tabs.record(3, change!, false);
    const reply = await handle({ type: 'tab-report', tabId: 3 }, OWN);
    if (!reply.ok) throw new Error(reply.error);
    const report = reply.value as TabReport;
    expect(report.pageUrl).toBe('https://site.test:8443/');
    expect(report.hosts).toHaveLength(1);
    expect(report.hosts[0]).toMatchObject({ host: 'site.test:8443', kind: 'key-change', severity: 'warning' });
    expect(report.hosts[0]?.previous?.spkiSha256).toBe(first!.observed!.spkiSha256);
    expect(report.hosts[0]?.previous?.cert.subject).toBe('CN=site.test');
    expect(report.hosts[0]?.observed?.spkiSha256).toBe(change!.observed!.spkiSha256);
    expect(report.hosts[0]?.observed?.status).toBe('pending');
  });

  it('reports a decision on an unknown key as an error, and changes nothing', async () => {
    const { handle, service } = await setup();
    await service.observe({ kind: 'observation', observation: observationOf('first-visit-intermediate', CAPTURED_AT) }, { incognito: false });
    const key = { spkiSha256: `${'Z'.repeat(43)}=`, issuerSpkiSha256: '' };
    const reply = await handle({ type: 'decide-key', host: 'site.test:8443', key, decision: 'accepted' }, OWN);
    expect(reply.ok).toBe(false);
    expect((await service.record('site.test:8443'))?.keys.map((k) => k.status)).toEqual(['first-use']);
  });
});
