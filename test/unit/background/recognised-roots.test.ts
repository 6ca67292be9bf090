// An interception's root recognised by the user as this machine's own TLS inspection: offered on
// that warning page only, never from a private window, named on every site after, and undone from
// the management page. The choice is this machine's: not in the policy, never exported.
import { describe, expect, it } from 'vitest';
import { readOptions } from '../../../src/core/options.js';
import type { BlockDetails } from '../../../src/protocol.js';
import { CAPTURED_AT, observationOf } from '../core/fixtures.js';
import { exportText } from '../history/history-helpers.js';
import { SELF, wireBackground } from './wiring.js';

const warning = { id: SELF.id, url: `${SELF.baseUrl}warning.html?ticket=x`, tab: { id: 9 } };
const builtIn = { ...observationOf('first-visit-intermediate', CAPTURED_AT), host: 'shop.test', builtInRoot: true };
const proxied = (host: string, at = CAPTURED_AT + 1000) => ({ ...observationOf('new-root-ca', at), host, builtInRoot: false });
const ROOT = (() => { const c = proxied('x').chain; return c[c.length - 1]!; })();
let n = 0;

async function intercepted(incognito = false) {
  const bg = await wireBackground(`recognised-${++n}`, () => CAPTURED_AT);
  for (const host of ['shop.test', 'mail.test']) {
    await bg.service.observe({ kind: 'observation', observation: { ...builtIn, host } }, { incognito: false });
  }
  const verdict = await bg.service.observe({ kind: 'observation', observation: proxied('shop.test') }, { incognito });
  expect(verdict).toMatchObject({ kind: 'interception', severity: 'critical' });
  const ticket = await bg.tickets.issue({ tabId: 9, url: 'https://shop.test/', host: 'shop.test', reason: 'critical', observed: verdict!.observed!,
    verdict: { kind: verdict!.kind, severity: verdict!.severity, reasons: verdict!.reasons }, ...(incognito ? { incognito: true } : {}) });
  return { bg, ticket };
}

describe('recognising an inspection root', () => {
  it('is offered on the interception\'s warning page, and then names that root on every site', async () => {
    const { bg, ticket } = await intercepted();
    const details = await bg.ask<BlockDetails>({ type: 'block-details', ticket }, warning);
    expect(details.inspectionRoot).toEqual({ name: expect.any(String), spkiSha256: ROOT.spkiSha256 });
    await expect(bg.ask({ type: 'recognise-inspection-root', ticket }, warning)).rejects.toThrow('not confirmed');
    expect(await bg.ask({ type: 'recognise-inspection-root', ticket, confirmed: true }, warning)).toEqual({ url: 'https://shop.test/' });
    expect((await bg.options.get()).recognisedRoots).toEqual([{ name: details.inspectionRoot!.name, spkiSha256: ROOT.spkiSha256, at: CAPTURED_AT }]);
    // The ticket was spent: the same page cannot do it twice, or trust the key after.
    await expect(bg.ask({ type: 'trust-blocked-key', ticket, confirmed: true }, warning)).rejects.toThrow('expired');
    const other = await bg.service.observe({ kind: 'observation', observation: proxied('mail.test', CAPTURED_AT + 2000) }, { incognito: false });
    expect(other).toMatchObject({ kind: 'inspected', severity: 'none', reasons: ['reasonInspectedRecognised'] });
    expect(other?.blocked).toBeUndefined();
    // Nothing learned from the proxy's certificate.
    expect((await bg.service.record('mail.test'))?.keys.map((k) => k.builtInRoot)).toEqual([true]);
    // The interception's alarm on shop.test waits no more: a cached response (a favicon) does not
    // bring it back as "unresolved", louder than the page's own "inspected".
    expect(await bg.service.observe({ kind: 'skip', reason: 'from-cache', host: 'shop.test' }, { incognito: false })).toBeNull();
  });

  it('can be undone from the management page, and interception is critical again', async () => {
    const { bg, ticket } = await intercepted();
    await bg.ask({ type: 'recognise-inspection-root', ticket, confirmed: true }, warning);
    const after = await bg.ask<{ recognisedRoots: unknown[] }>({ type: 'forget-inspection-root', spkiSha256: ROOT.spkiSha256 });
    expect(after.recognisedRoots).toEqual([]);
    const again = await bg.service.observe({ kind: 'observation', observation: proxied('mail.test', CAPTURED_AT + 2000) }, { incognito: false });
    expect(again).toMatchObject({ kind: 'interception', severity: 'critical' });
  });

  it('is not offered for another block, nor from a private window, and is not part of the exported history', async () => {
    const { bg } = await intercepted();
    const change = await bg.service.observe({ kind: 'observation', observation: { ...observationOf('new-key-same-issuer', CAPTURED_AT + 5000), host: 'mail.test', builtInRoot: true } }, { incognito: false });
    const keyTicket = await bg.tickets.issue({ tabId: 9, url: 'https://mail.test/', host: 'mail.test', reason: 'key-mismatch', observed: change!.observed!,
      verdict: { kind: change!.kind, severity: change!.severity, reasons: change!.reasons } });
    expect((await bg.ask<BlockDetails>({ type: 'block-details', ticket: keyTicket }, warning)).inspectionRoot).toBeUndefined();
    await expect(bg.ask({ type: 'recognise-inspection-root', ticket: keyTicket, confirmed: true }, warning)).rejects.toThrow('only the root of an interception');

    const priv = await intercepted(true);
    expect((await priv.bg.ask<BlockDetails>({ type: 'block-details', ticket: priv.ticket }, warning)).inspectionRoot).toBeUndefined();
    await expect(priv.bg.ask({ type: 'recognise-inspection-root', ticket: priv.ticket, confirmed: true }, warning)).rejects.toThrow('normal window');
    expect((await priv.bg.options.get()).recognisedRoots).toEqual([]);

    const { bg: chosen, ticket } = await intercepted();
    await chosen.ask({ type: 'recognise-inspection-root', ticket, confirmed: true }, warning);
    // The interception's pending key keeps its chain, root included; the choice itself is not there.
    const text = await exportText(chosen.history);
    expect(text).not.toContain('recognisedRoots');
    expect(Object.keys(JSON.parse(text))).not.toContain('options');
  });

  it('keeps only well-formed roots from storage', () => {
    expect(readOptions({ recognisedRoots: [{ name: 'A', spkiSha256: ROOT.spkiSha256, at: 1 }, { name: 'B', spkiSha256: 'nope', at: 1 }, 'x', null] }).recognisedRoots)
      .toEqual([{ name: 'A', spkiSha256: ROOT.spkiSha256, at: 1 }]);
    expect(readOptions({}).recognisedRoots).toEqual([]);
  });
});
