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
import { BlockTickets } from '../../../src/background/block-tickets.js';
import { KeepAwake } from '../../../src/background/keep-awake.js';
import { OptionsService } from '../../../src/background/options-service.js';
import { readObservation, type Observation } from '../../../src/core/observation.js';
import { CheckSchedule, PASSIVE_SAMPLE_RATE } from '../../../src/core/check-schedule.js';
import type { ResponseFacts } from '../../../src/platform/tls-observer.js';
import { MemoryBadge, MemoryNavigator, MemorySessionArea } from './fakes.js';

let n = 0;
/**
 * The passive-response draw: 0.99 never reads a passive response after a host's first.
 * brokenPolicy: the store answers everything but the policy (as if its settings could not be read).
 */
async function setup(awake: KeepAwake = new KeepAwake(async () => undefined, 60_000), draw = () => 0.99, { brokenPolicy = false } = {}) {
  judging = awake;
  const store = await openTrustStore(`pipeline-${++n}`);
  const policyStore = brokenPolicy ? { ...store, getPolicy: () => Promise.reject(new Error('UnknownError: the database could not be opened')) } : store;
  const service = new TrustService({ store: async () => store, now: () => 1_800_000_000_000, interception: new InterceptionWatch(new MemorySessionArea()), policy: new PolicyService(async () => policyStore) });
  const badge = new MemoryBadge();
  const tabs = new TabStates(new MemorySessionArea(), badge);
  const navigator = new MemoryNavigator();
  const tickets = new BlockTickets(new MemorySessionArea(), () => 1_800_000_000_000);
  const clock = { now: 1_800_000_000_000 };
  const options = new OptionsService(new MemorySessionArea());
  const pipeline = createResponsePipeline({
    service, tabs, tickets, navigator, now: () => clock.now, schedule: new CheckSchedule(PASSIVE_SAMPLE_RATE, draw), options, awake,
  });
  /**
   * Hands the pipeline one response. `reads.count` counts the responses read (their leaf read),
   * `reads.chains` the whole-chain reads; the chain read adds DER to each certificate.
   */
  const reads = { count: 0, chains: 0 };
  const onResponse = (f: ResponseFacts, info: Promise<unknown>) => pipeline(f, {
    leaf: () => {
      reads.count += 1;
      return info;
    },
    chain: () => {
      reads.chains += 1;
      return info.then(withDer);
    },
  });
  return { store, service, tabs, badge, navigator, tickets, onResponse, options, clock, reads };
}

/** What Firefox adds with rawDER: a stand-in DER for each certificate ("AAAA", "BBBB", ...). */
function withDer(info: unknown): unknown {
  const i = info as { certificates?: unknown[] } | null;
  if (!i || !Array.isArray(i.certificates)) return info;
  return { ...i, certificates: i.certificates.map((c, n) => ({ rawDER: [...Buffer.from(String.fromCharCode(65 + n).repeat(3), 'latin1')], ...(c as object) })) };
}

/** The pipeline's judgements in flight: it holds the event page awake until each is in. */
let judging: KeepAwake;
/** Waits until every response handed to the pipeline has been judged (a condition, not a time). */
const settle = async () => {
  do await new Promise((r) => setTimeout(r, 1));
  while (judging.busy);
};
// The pipeline loads the DER reader on demand; loaded once here, so no test waits on its first
// transform.
await import('../../../src/core/chain-der.js');
const facts = (over: Partial<ResponseFacts> = {}): ResponseFacts => ({
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
    // No alarm: the page's state is still its first visit.
    expect(badge.shown.get(4)).toBe('first-use');
  });

  it('never stops a response where nothing is enforced, and keeps DER for new keys only', async () => {
    const { onResponse, service } = await setup();
    await service.policy.get();
    expect(await onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo))).toBe(false);
    await settle();
    expect((await service.record('site.test:8443'))?.keys[0]?.chainDer).toEqual(['QUFB', 'QkJC', 'Q0ND']);
    expect(await onResponse(facts({ requestId: '2' }), Promise.resolve(captured('new-root-ca').securityInfo))).toBe(false);
    await settle();
    expect((await service.record('site.test:8443'))?.keys[1]?.chainDer).toEqual(['QUFB', 'QkJC']);
    // A chain Firefox gave without DER for one certificate: nothing half-right is kept.
    const partial = captured('new-key-same-issuer').securityInfo;
    await onResponse(facts({ requestId: '3' }), Promise.resolve({ ...partial, certificates: partial.certificates.map((c, i) => (i === 1 ? { ...c, rawDER: [] } : c)) }));
    await settle();
    expect((await service.record('site.test:8443'))?.keys[2]?.chainDer).toBeUndefined();
  });

  it('stops a critical page in watch mode (a refused key, even with that turned off: blocking it was the decision); a first visit is never held for it', async () => {
    const { onResponse, service, navigator, tickets, options } = await setup();
    onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo));
    await settle();
    const change = await service.observe(readObservation(facts(), captured('new-key-same-issuer').securityInfo, 1_800_000_000_000), { incognito: false });
    await service.decide('site.test:8443', change!.observed!, 'rejected');
    expect(await onResponse(facts({ requestId: '7' }), Promise.resolve(captured('new-key-same-issuer').securityInfo))).toBe(true);
    await settle();
    expect(navigator.warnings).toHaveLength(1);
    expect(await tickets.peek(navigator.warnings[0]!.nonce, 4)).toMatchObject({ reason: 'critical', verdict: { kind: 'rejected-key', severity: 'critical' } });
    // A host never seen has nothing to refuse: once its (absent) record was looked up, as the leaf
    // read does, its first visit is not held for a verdict. Not yet looked up: held, the safe way.
    const fresh = readObservation(facts({ url: 'https://fresh.test/' }), captured('first-visit-intermediate').securityInfo, 1_800_000_000_000);
    expect(service.mayBeCritical('fresh.test', false)).toBe(true);
    await service.knownCertificate((fresh as { observation: Observation }).observation, false);
    expect(service.mayBeCritical('fresh.test', false)).toBe(false);
    expect(service.mayBeCritical('site.test:8443', false)).toBe(true);
    // With critical stops turned off, only a refused key is held and stopped: the user blocked it.
    await options.set({ stopOnCritical: false });
    expect(service.mayBeCritical('site.test:8443', false, true)).toBe(true);
    expect(service.mayBeCritical('fresh.test', false, true)).toBe(false);
    expect(await onResponse(facts({ requestId: '9' }), Promise.resolve(captured('new-key-same-issuer').securityInfo))).toBe(true);
    await settle();
    expect(navigator.warnings).toHaveLength(2);
  });

  it('stops a strict host\'s changed key: the page for the warning page, a subresource counted', async () => {
    const { onResponse, service, navigator, tickets, tabs } = await setup();
    onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo));
    await settle();
    await service.policy.update((p) => ({ ...p, modes: { 'site.test:8443': 'strict' } }));
    const page = onResponse(facts({ requestId: '7' }), Promise.resolve(captured('new-key-same-issuer').securityInfo));
    expect(await page).toBe(true);
    await settle();
    expect(navigator.warnings).toHaveLength(1);
    const ticket = await tickets.peek(navigator.warnings[0]!.nonce, 4);
    expect(ticket).toMatchObject({ tabId: 4, url: 'https://site.test:8443/', host: 'site.test:8443', reason: 'key-mismatch' });
    expect(await tickets.peek(navigator.warnings[0]!.nonce, 5)).toBeNull();
    const image = onResponse(facts({ requestId: '8', type: 'image' }), Promise.resolve(captured('new-key-same-issuer').securityInfo));
    expect(await image).toBe(true);
    await settle();
    expect(navigator.warnings).toHaveLength(1);
    expect((await tabs.get(4))?.hosts[0]).toMatchObject({ kind: 'key-change', blocked: 2 });
    // The known key still passes.
    expect(await onResponse(facts({ requestId: '9', type: 'image' }), Promise.resolve(captured('same-cert-again').securityInfo))).toBe(false);
  });

  it('fails closed: a strict host\'s response that cannot be judged is stopped, a watched one is not', async () => {
    const { onResponse, service } = await setup();
    await service.policy.update((p) => ({ ...p, modes: { 'site.test:8443': 'strict' } }));
    service.observe = async () => { throw new Error('judging broke'); };
    expect(await onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo))).toBe(true);
    expect(await onResponse(facts({ requestId: '2', url: 'https://other.test/' }), Promise.resolve(captured('first-visit-intermediate').securityInfo))).toBe(false);
  });

  it('judges background requests (no tab) without touching any tab', async () => {
    const { onResponse, service, badge } = await setup();
    onResponse(facts({ tabId: -1, type: 'xmlhttprequest' }), Promise.resolve(captured('first-visit-intermediate').securityInfo));
    await settle();
    expect((await service.record('site.test:8443'))?.keys).toHaveLength(1);
    expect(badge.shown.size).toBe(0);
    // A change first met without a tab keeps its alarm for the next tab that meets the key.
    onResponse(facts({ tabId: -1, requestId: '2', type: 'xmlhttprequest' }), Promise.resolve(captured('new-key-same-issuer').securityInfo));
    await settle();
    expect((await service.record('site.test:8443'))?.keys[1]).toMatchObject({ status: 'pending', unshownAlarm: { severity: 'warning' } });
  });

  describe('fails closed (strict mode, pins, an unreadable policy)', () => {
    const strict = async () => {
      const env = await setup();
      env.onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo));
      await settle();
      await env.service.policy.update((p) => ({ ...p, modes: { 'site.test:8443': 'strict' } }));
      return env;
    };

    it('stops a strict host\'s response whose certificate cannot be read, and says so on the warning page', async () => {
      const { onResponse, navigator, tickets } = await strict();
      expect(await onResponse(facts({ requestId: '2' }), Promise.reject(new Error('Invalid request id')))).toBe(true);
      expect(await onResponse(facts({ requestId: '3', type: 'script' }), Promise.resolve(undefined))).toBe(true);
      expect(await onResponse(facts({ requestId: '4', type: 'script' }), Promise.resolve({ state: 'insecure' }))).toBe(true);
      await settle();
      expect(navigator.warnings).toHaveLength(1);
      expect(await tickets.peek(navigator.warnings[0]!.nonce, 4)).toMatchObject({ host: 'site.test:8443', reason: 'unverifiable' });
    });

    it('lets a watched host\'s unreadable response go, listed as unchecked', async () => {
      const { onResponse, service, tabs } = await setup();
      await service.policy.get();
      expect(await onResponse(facts(), Promise.reject(new Error('Invalid request id')))).toBe(false);
      await settle();
      expect((await tabs.get(4))?.hosts).toEqual([expect.objectContaining({ kind: 'unchecked', reasons: ['reasonNoSecurityInfo'] })]);
    });

    it('with a policy that cannot be read: stops what cannot be judged (settings unavailable), lets what was judged go', async () => {
      const env = await setup(undefined, undefined, { brokenPolicy: true });
      expect(await env.onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo))).toBe(false);
      expect(await env.onResponse(facts({ requestId: '2', type: 'script' }), Promise.resolve(undefined))).toBe(true);
      expect(await env.onResponse(facts({ requestId: '3' }), Promise.resolve({ state: 'secure', certificates: [] }))).toBe(true);
      await settle();
      expect(await env.tickets.peek(env.navigator.warnings[0]!.nonce, 4)).toMatchObject({ reason: 'settings-unavailable' });
    });

    it('stops an enforced host\'s response when deciding about it throws, and lets a watched one go', async () => {
      const env = await strict();
      env.tabs.startPage = () => {
        throw new Error('tab state broke');
      };
      expect(await env.onResponse(facts({ requestId: '2' }), Promise.resolve(captured('first-visit-intermediate').securityInfo))).toBe(true);
      await settle();
      expect(await env.tickets.peek(env.navigator.warnings[0]!.nonce, 4)).toMatchObject({ reason: 'unverifiable' });
      await env.service.policy.update((p) => ({ ...p, modes: {} }));
      expect(env.onResponse(facts({ requestId: '3' }), Promise.resolve(captured('first-visit-intermediate').securityInfo))).toBeUndefined();
    });
  });

  describe('what is checked (check-schedule.ts)', () => {
    const known = () => Promise.resolve(captured('first-visit-intermediate').securityInfo);
    async function onKnownPage() {
      const env = await setup();
      await env.service.policy.get();
      await env.options.get();
      env.onResponse(facts(), known());
      await settle();
      return env;
    }

    it('checks the first response of a host in a page, then lets the host\'s next responses go unread', async () => {
      const { onResponse, reads } = await onKnownPage();
      expect(reads.count).toBe(1);
      expect(onResponse(facts({ requestId: '2', type: 'image' }), known())).toBeUndefined();
      expect(reads.count).toBe(1);
    });

    it('reads every main-frame, script, fetch and websocket response, a new page\'s hosts, and passive ones at the draw', async () => {
      const { onResponse, reads } = await onKnownPage();
      expect(onResponse(facts({ requestId: '2', url: 'https://other.test/' }), known())).toBeInstanceOf(Promise);
      await settle();
      expect(reads.count).toBe(2);
      // The main frame above began a new page: its first image from site.test is read again.
      expect(onResponse(facts({ requestId: '3', type: 'image' }), known())).toBeInstanceOf(Promise);
      await settle();
      expect(onResponse(facts({ requestId: '4', type: 'image' }), known())).toBeUndefined();
      // Read, whatever the draw.
      for (const [id, type] of [['5', 'script'], ['6', 'xmlhttprequest'], ['7', 'websocket'], ['8', 'sub_frame'], ['9', 'object']]) {
        const before = reads.count;
        onResponse(facts({ requestId: id, type }), known());
        expect(reads.count, type).toBe(before + 1);
      }
    });

    it('reads a passive response when the draw says so', async () => {
      const env = await setup(undefined, () => 0);
      await env.service.policy.get();
      await env.options.get();
      env.onResponse(facts(), known());
      await settle();
      expect(env.onResponse(facts({ requestId: '2', type: 'image' }), known())).toBeInstanceOf(Promise);
    });

    it('reads the leaf alone for a certificate the host is trusted with, the chain only for one it is not', async () => {
      const { onResponse, reads } = await onKnownPage();
      expect(reads.chains).toBe(1);
      await onResponse(facts({ requestId: '2', type: 'script' }), known());
      expect(reads).toEqual({ count: 2, chains: 1 });
      await onResponse(facts({ requestId: '3', type: 'script' }), Promise.resolve(captured('new-key-same-issuer').securityInfo));
      expect(reads).toEqual({ count: 3, chains: 2 });
    });

    it('covers a host from the start of its first check, per tab', async () => {
      const { onResponse, reads } = await onKnownPage();
      const other = { url: 'https://other.test/', type: 'image' };
      expect(onResponse(facts({ requestId: '2', ...other }), known())).toBeInstanceOf(Promise);
      expect(onResponse(facts({ requestId: '3', ...other }), known())).toBeUndefined();
      expect(reads.count).toBe(2);
      expect(onResponse(facts({ requestId: '5', ...other, tabId: 9 }), known())).toBeInstanceOf(Promise);
    });

    it('checks every response of an enforced host, every response when asked to, and everything before the policy is read', async () => {
      const env = await onKnownPage();
      await env.service.policy.update((p) => ({ ...p, modes: { 'site.test:8443': 'strict' } }));
      expect(env.onResponse(facts({ requestId: '2', type: 'image' }), known())).toBeInstanceOf(Promise);
      await env.service.policy.update((p) => ({ ...p, modes: {} }));
      await settle();
      await env.options.set({ checkEveryResponse: true });
      expect(env.onResponse(facts({ requestId: '3', type: 'image' }), known())).toBeInstanceOf(Promise);

      const fresh = await setup();
      fresh.onResponse(facts(), known());
      await settle();
      expect(fresh.onResponse(facts({ requestId: '2', type: 'image' }), known())).toBeInstanceOf(Promise);
    });

    it('never reads or holds an ignored host, and lists it on the tab as ignored', async () => {
      const env = await onKnownPage();
      await env.service.policy.update((p) => ({ ...p, ignoreRules: ['x.test'] }));
      expect(env.onResponse(facts({ requestId: '2', url: 'https://x.test/', type: 'image' }), known())).toBeUndefined();
      expect(env.reads.count).toBe(1);
      await settle();
      expect((await env.tabs.get(4))?.hosts.find((h) => h.host === 'x.test')).toMatchObject({ kind: 'unchecked', reasons: ['reasonIgnoredByRule'] });
    });

    it('a check that could not read the certificate covers nothing', async () => {
      const env = await setup();
      await env.service.policy.get();
      await env.options.get();
      env.onResponse(facts(), Promise.reject(new Error('Invalid request id')));
      await settle();
      expect(env.onResponse(facts({ requestId: '2', type: 'image' }), known())).toBeInstanceOf(Promise);
      await settle();
      expect(env.onResponse(facts({ requestId: '3', type: 'image' }), known())).toBeUndefined();
    });
  });

  it('holds the event page awake after the response has gone, until its verdict is in', async () => {
    // Firefox suspends a page that makes no API call for its idle time, whatever is still running.
    const awake = new KeepAwake(async () => undefined);
    const { onResponse, tabs, service } = await setup(awake);
    await service.policy.get();
    expect(await onResponse(facts(), Promise.resolve(captured('first-visit-intermediate').securityInfo))).toBe(false);
    // The response is let go once read; the judgement and the tab's list come after.
    expect(awake.busy).toBe(true);
    await settle();
    expect((await tabs.get(4))?.hosts).toEqual([expect.objectContaining({ kind: 'first-use' })]);
    expect(awake.busy).toBe(false);
  });
});
