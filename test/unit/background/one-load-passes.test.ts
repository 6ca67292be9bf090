// "Continue once": a pass for one load of one page, in one tab, for the key it was stopped on.
import { describe, expect, it } from 'vitest';
import { OneLoadPasses, PASS_LIFETIME_MS } from '../../../src/background/one-load-passes.js';
import type { Verdict } from '../../../src/core/verdict.js';
import type { BlockDetails } from '../../../src/protocol.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { SELF, wireBackground } from './wiring.js';

const stopped = (over: Partial<Verdict> = {}): Verdict => ({
  kind: 'key-change', severity: 'warning', host: 'shop.test', at: 0, reasons: [], blocked: 'key-mismatch',
  observed: { spkiSha256: 'K', issuerSpkiSha256: 'I' }, ...over,
});

describe('a one-load pass', () => {
  it('lets the same key of the same host through in its tab, for the load it was granted for', () => {
    const clock = { now: 0 };
    const passes = new OneLoadPasses(() => clock.now);
    passes.grant(7, 'shop.test', 'K', 'https://shop.test/a');
    expect(passes.allows(7, stopped())).toBe(true);
    passes.pageStarted(7, 'https://shop.test/a');
    expect(passes.allows(7, stopped())).toBe(true); // the page's subresources
    expect(passes.allows(8, stopped())).toBe(false); // another tab
    expect(passes.allows(7, stopped({ host: 'cdn.test' }))).toBe(false);
    expect(passes.allows(7, stopped({ observed: { spkiSha256: 'OTHER', issuerSpkiSha256: 'I' } }))).toBe(false);
    expect(passes.allows(7, stopped({ blocked: 'managed-pin' }))).toBe(false);
    // The next navigation ends it, a reload of the same page included.
    passes.pageStarted(7, 'https://shop.test/a');
    expect(passes.allows(7, stopped())).toBe(false);
  });

  it('ends unused after its lifetime, and with its tab', () => {
    const clock = { now: 0 };
    const passes = new OneLoadPasses(() => clock.now);
    passes.grant(7, 'shop.test', 'K', 'https://shop.test/');
    clock.now = PASS_LIFETIME_MS + 1;
    expect(passes.allows(7, stopped())).toBe(false);
    passes.grant(7, 'shop.test', 'K', 'https://shop.test/');
    passes.tabClosed(7);
    expect(passes.allows(7, stopped())).toBe(false);
  });
});

describe('"Continue once" on the warning page', () => {
  it('spends the ticket, trusts nothing, and is refused for the organisation\'s pins', async () => {
    const bg = await wireBackground(`continue-${Date.now()}`, () => CAPTURED_AT);
    const passes = new OneLoadPasses(() => CAPTURED_AT);
    const handle = (await import('../../../src/background/message-handlers.js')).createMessageHandler({
      service: bg.service, tabs: bg.tabs, interception: undefined as never, directory: bg.directory, tickets: bg.tickets, trash: bg.local,
      history: bg.history, options: bg.options, keeper: bg.keeper, now: () => CAPTURED_AT, passes,
    }, SELF);
    const warning = { id: SELF.id, url: `${SELF.baseUrl}warning.html`, tab: { id: 9 } };
    const ask = async <T>(m: object) => {
      const r = await handle(m, warning);
      if (!r.ok) throw new Error(r.error);
      return r.value as T;
    };
    await bg.service.observe({ kind: 'observation', observation: { ...observationOf('first-visit-intermediate', CAPTURED_AT), host: 'shop.test' } }, { incognito: false });
    const changed = await bg.service.observe({ kind: 'observation', observation: { ...observationOf('new-key-same-issuer', CAPTURED_AT + 1), host: 'shop.test' } }, { incognito: false });
    const ticket = await bg.tickets.issue({ tabId: 9, url: 'https://shop.test/', host: 'shop.test', reason: 'key-mismatch', observed: changed!.observed! });
    expect((await ask<BlockDetails>({ type: 'block-details', ticket })).observed).not.toBeNull();
    expect(await ask({ type: 'continue-once', ticket, confirmed: true })).toEqual({ url: 'https://shop.test/' });
    expect(passes.allows(9, { ...changed!, blocked: 'key-mismatch' })).toBe(true);
    await expect(ask({ type: 'continue-once', ticket, confirmed: true })).rejects.toThrow('expired');
    expect((await bg.service.record('shop.test'))?.keys.map((k) => k.status)).toEqual(['first-use', 'pending']);
    const pinned = await bg.tickets.issue({ tabId: 9, url: 'https://shop.test/', host: 'shop.test', reason: 'managed-pin', observed: changed!.observed! });
    await expect(ask({ type: 'continue-once', ticket: pinned, confirmed: true })).rejects.toThrow('organisation');
  });
});
