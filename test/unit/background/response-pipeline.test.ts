// From a raw response to the tab: the pipeline never throws, whatever Firefox hands it.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createResponsePipeline } from '../../../src/background/response-pipeline.js';
import { TabStates } from '../../../src/background/tab-state.js';
import { InterceptionWatch } from '../../../src/background/interception-watch.js';
import { PolicyService } from '../../../src/background/policy-service.js';
import { TrustService } from '../../../src/background/trust-service.js';
import { openTrustStore } from '../../../src/store/trust-store.js';
import { captured } from '../core/fixtures.js';
import { MemoryBadge, MemorySessionArea } from './fakes.js';

let n = 0;
async function setup() {
  const store = await openTrustStore(`pipeline-${++n}`);
  const service = new TrustService({ store: async () => store, now: () => 1_800_000_000_000, interception: new InterceptionWatch(new MemorySessionArea()), policy: new PolicyService(async () => store) });
  const badge = new MemoryBadge();
  const tabs = new TabStates(new MemorySessionArea(), badge);
  return { store, service, tabs, badge, onResponse: createResponsePipeline(service, tabs, () => 1_800_000_000_000) };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const facts = (over: Partial<Parameters<ReturnType<typeof createResponsePipeline>>[0]> = {}) => ({
  requestId: '1', url: 'https://site.test:8443/', type: 'main_frame', tabId: 4, fromCache: false, incognito: false, ...over,
});

describe('response pipeline', () => {
  it('judges a main-frame response onto a fresh page of its tab', async () => {
    const { onResponse, tabs } = await setup();
    onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo));
    await settle();
    expect((await tabs.get(4))?.hosts).toEqual([expect.objectContaining({ host: 'site.test:8443', kind: 'first-use' })]);
  });

  it('survives a failed getSecurityInfo, garbage, and a missing chain without throwing or learning', async () => {
    const { onResponse, tabs, service } = await setup();
    onResponse(facts(), Promise.reject(new Error('Invalid request id')));
    onResponse(facts({ requestId: '2', type: 'image' }), Promise.resolve('garbage'));
    onResponse(facts({ requestId: '3', type: 'image' }), Promise.resolve({ state: 'secure', certificates: [] }));
    await settle();
    expect((await tabs.get(4))?.hosts).toEqual([
      expect.objectContaining({ host: 'site.test:8443', kind: 'unchecked', severity: 'notice', reasons: ['reasonUnreadableSecurityInfo'] }),
    ]);
    expect(await service.record('site.test:8443')).toBeUndefined();
  });

  it('never alarms on a cached response, even one whose old connection had another key', async () => {
    const { onResponse, tabs, badge } = await setup();
    onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo));
    await settle();
    onResponse(facts({ requestId: '5', type: 'script', fromCache: true }), Promise.resolve(captured('new-root-ca').securityInfo));
    await settle();
    expect((await tabs.get(4))?.hosts.map((h) => h.kind)).toEqual(['first-use']);
    expect(badge.shown.get(4)).toBe('none');
  });

  it('judges background requests (no tab) without touching any tab', async () => {
    const { onResponse, service, badge } = await setup();
    onResponse(facts({ tabId: -1, type: 'xmlhttprequest' }), Promise.resolve(captured('first-visit-intermediate').securityInfo));
    await settle();
    expect((await service.record('site.test:8443'))?.keys).toHaveLength(1);
    expect(badge.shown.size).toBe(0);
  });
});
