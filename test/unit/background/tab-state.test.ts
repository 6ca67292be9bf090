import { describe, expect, it } from 'vitest';
import { buttonState, SAVE_MS, TabStates, tabSeverity } from '../../../src/background/tab-state.js';
import type { Verdict } from '../../../src/core/verdict.js';
import { MemoryBadge, MemorySessionArea } from './fakes.js';

const KEY_A = { spkiSha256: `${'A'.repeat(43)}=`, issuerSpkiSha256: `${'I'.repeat(43)}=` };
const KEY_B = { spkiSha256: `${'B'.repeat(43)}=`, issuerSpkiSha256: `${'I'.repeat(43)}=` };

function verdict(host: string, kind: Verdict['kind'], severity: Verdict['severity'], extra: Partial<Verdict> = {}): Verdict {
  return { host, kind, severity, at: 1, reasons: [], ...extra };
}

function setup() {
  const area = new MemorySessionArea();
  const badge = new MemoryBadge();
  return { area, badge, tabs: new TabStates(area, badge) };
}

describe('TabStates', () => {
  it('keeps a stopped page\'s verdicts on FirstSeen\'s warning page, and starts afresh on any other page', async () => {
    const { tabs, badge } = setup();
    tabs.startPage(7, 'https://bank.test/', 'req-1', 100);
    await tabs.record(7, verdict('bank.test', 'rejected-key', 'critical', { blocked: 'critical' }), false);
    await tabs.committed(7, 'moz-extension://uuid/warning.html?ticket=x', 200, true);
    expect((await tabs.get(7))?.hosts.map((h) => h.kind)).toEqual(['rejected-key']);
    expect(badge.shown.get(7)).toBe('critical');
    await tabs.committed(7, 'https://elsewhere.test/', 300);
    expect((await tabs.get(7))?.hosts).toEqual([]);
  });

  it('lists each host of the page once, keeping the first word unless a louder one comes', async () => {
    const { tabs, badge } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    await tabs.record(7, verdict('a.test', 'first-use', 'none'), false);
    await tabs.record(7, verdict('a.test', 'match', 'none'), false);
    await tabs.record(7, verdict('cdn.test', 'unchecked', 'none'), false);
    await tabs.record(7, verdict('cdn.test', 'match', 'none'), false);
    await tabs.record(7, verdict('img.test', 'key-change', 'warning', { observed: KEY_B, previous: KEY_A }), false);
    await tabs.record(7, verdict('img.test', 'unchecked', 'none'), false);
    const state = await tabs.get(7);
    expect(state?.hosts.map((h) => [h.host, h.kind])).toEqual([['a.test', 'first-use'], ['cdn.test', 'match'], ['img.test', 'key-change']]);
    expect(badge.shown.get(7)).toBe('warning');
  });

  it('keeps the word of the earliest response when its verdict arrives after a later one\'s', async () => {
    const { tabs } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    // The favicon's remembered match can reach the tab before the document's full judgement.
    await tabs.record(7, verdict('a.test', 'match', 'none', { at: 20 }), false);
    await tabs.record(7, verdict('a.test', 'multi-key', 'none', { at: 10 }), false);
    await tabs.record(7, verdict('a.test', 'unchecked', 'none', { at: 5 }), false);
    expect((await tabs.get(7))?.hosts.map((h) => [h.host, h.kind])).toEqual([['a.test', 'multi-key']]);
  });

  it('writes a page load\'s changes to storage.session together, and the last state of each tab', async () => {
    const { tabs, area } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    for (const h of ['a.test', 'b.test', 'c.test', 'd.test', 'e.test']) await tabs.record(7, verdict(h, 'match', 'none'), false);
    expect(area.writes).toBe(0);
    await new Promise((r) => setTimeout(r, SAVE_MS + 20));
    expect(area.writes).toBe(1);
    expect((area.data.get('tab:7') as { hosts: unknown[] }).hosts).toHaveLength(5);
    // A tab closed before its write leaves nothing behind.
    tabs.startPage(8, 'https://b.test/', 'req-2');
    tabs.removed(8);
    await tabs.flush();
    expect([area.writes, area.data.has('tab:8')]).toEqual([1, false]);
  });

  it('sets the button once per state within a page, and again at every navigation', async () => {
    const { tabs, badge } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    for (const h of ['a.test', 'b.test', 'c.test', 'd.test']) await tabs.record(7, verdict(h, 'match', 'none'), false);
    expect([badge.calls, badge.shown.get(7)]).toEqual([1, 'known']);
    await tabs.record(7, verdict('e.test', 'key-change', 'warning'), false);
    expect([badge.calls, badge.shown.get(7)]).toEqual([2, 'warning']);
    // Firefox resets the button when the document commits: it is set again, unchanged or not.
    await tabs.committed(7, 'https://a.test/');
    expect([badge.calls, badge.shown.get(7)]).toEqual([3, 'warning']);
    // Once the document is in, it is only read: set again only if the reset came after the commit.
    await tabs.loaded(7);
    expect([badge.calls, badge.checks]).toEqual([3, 1]);
    badge.shown.delete(7);
    await tabs.loaded(7);
    expect([badge.calls, badge.checks, badge.shown.get(7)]).toEqual([4, 2, 'warning']);
  });

  it('sets at a navigation only the parts that differ from Firefox\'s reset, and repairs a late reset in full', async () => {
    const { tabs, badge } = setup();
    const navigate = async (url: string, hosts: [string, Verdict['kind'], Verdict['severity']][], resetFirst = true) => {
      const before = badge.apiCalls;
      tabs.startPage(7, url, url);
      for (const [h, kind, severity] of hosts) await tabs.record(7, verdict(h, kind, severity), false);
      if (resetFirst) badge.shown.delete(7);
      await tabs.committed(7, url);
      return badge.apiCalls - before;
    };
    // A page whose verdicts came before the commit: the commit sets only what the reset undid.
    await tabs.record(7, verdict('x.test', 'key-change', 'warning'), false);
    expect(await navigate('https://known.test/', [['known.test', 'match', 'none']])).toBe(4 + 2); // at the verdict; after the reset, icon and tooltip
    expect(badge.shown.get(7)).toBe('known');
    // The common load: a known page after a known page. Its verdict changes nothing; the commit, two calls.
    expect(await navigate('https://known.test/again', [['known.test', 'match', 'none']])).toBe(2);
    expect(badge.shown.get(7)).toBe('known');
    expect(await navigate('https://loud.test/', [['loud.test', 'key-change', 'warning']])).toBe(4 + 4); // at the verdict, and again after the reset
    expect(badge.shown.get(7)).toBe('warning');
    expect(await navigate('http://plain.test/', [])).toBe(0); // idle is what the reset leaves
    expect(badge.shown.get(7) ?? 'idle').toBe('idle');
    // The reset comes after the commit: loaded() repairs what it cleared, every part.
    await navigate('https://known.test/', [['known.test', 'match', 'none']]);
    await navigate('https://known.test/late', [['known.test', 'match', 'none']], false);
    badge.shown.delete(7);
    const before = badge.apiCalls;
    await tabs.loaded(7);
    expect([badge.shown.get(7), badge.apiCalls - before]).toEqual(['known', 4]);
  });

  it('starts afresh on a new page, but not on a redirect of the same request', async () => {
    const { tabs } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    await tabs.record(7, verdict('a.test', 'key-change', 'warning'), false);
    tabs.startPage(7, 'https://www.a.test/', 'req-1');
    expect((await tabs.get(7))?.hosts.map((h) => h.host)).toEqual(['a.test']);
    tabs.startPage(7, 'https://b.test/', 'req-2');
    expect((await tabs.get(7))?.hosts).toEqual([]);
  });

  it('shows the badge again at commit, and resets for a page it did not see arrive', async () => {
    const { tabs, badge } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    await tabs.record(7, verdict('a.test', 'issuer-change', 'warning'), false);
    badge.shown.delete(7);
    await tabs.committed(7, 'https://a.test/');
    expect(badge.shown.get(7)).toBe('warning');
    // Every commit comes with Firefox's reset (here before it).
    badge.shown.delete(7);
    await tabs.committed(7, 'http://plain.test/');
    expect(badge.shown.get(7) ?? 'idle').toBe('idle');
    expect((await tabs.get(7))?.hosts).toEqual([]);
  });

  it('keeps the new page\'s verdicts when the previous page\'s commit arrives after them', async () => {
    const { tabs } = setup();
    tabs.startPage(7, 'https://old.test/', 'req-1', 1_000);
    tabs.startPage(7, 'https://new.test/', 'req-2', 2_000);
    await tabs.record(7, verdict('new.test', 'key-change', 'warning'), false);
    // old.test's commit, from before new.test's response: late, not a new page.
    await tabs.committed(7, 'https://old.test/', 1_500);
    expect((await tabs.get(7))?.hosts.map((h) => h.host)).toEqual(['new.test']);
    // A page that came after (a cached document, plain http) still starts afresh.
    await tabs.committed(7, 'http://plain.test/', 2_500);
    expect((await tabs.get(7))?.hosts).toEqual([]);
  });

  it('keeps the new page\'s verdicts when the previous page\'s commit is stamped after its response', async () => {
    // Firefox stamps a commit when the content process's word reaches the parent, which fetches
    // the next page itself: under load, old.test's commit is stamped after new.test's response.
    const { tabs } = setup();
    tabs.startPage(7, 'https://old.test/', 'req-1', 1_000);
    await tabs.record(7, verdict('old.test', 'match', 'none'), false);
    tabs.startPage(7, 'https://new.test/', 'req-2', 2_000);
    await tabs.record(7, verdict('new.test', 'first-use', 'info'), false);
    await tabs.committed(7, 'https://old.test/', 2_100);
    expect((await tabs.get(7))?.hosts.map((h) => h.host)).toEqual(['new.test']);
    await tabs.committed(7, 'https://new.test/', 2_200);
    expect((await tabs.get(7))?.hosts.map((h) => h.host)).toEqual(['new.test']);
    // After the current page's commit, no earlier commit is pending: old.test again (a document
    // from the back-forward cache, no response) is a new page.
    await tabs.committed(7, 'https://old.test/', 3_000);
    expect((await tabs.get(7))?.hosts).toEqual([]);
  });

  it('takes a commit for a page whose own commit already came as a new page, and survives a suspension', async () => {
    const { tabs, area, badge } = setup();
    tabs.startPage(7, 'https://old.test/', 'req-1', 1_000);
    await tabs.committed(7, 'https://old.test/', 1_100);
    tabs.startPage(7, 'https://new.test/', 'req-2', 2_000);
    await tabs.record(7, verdict('new.test', 'first-use', 'info'), false);
    // old.test had committed: a commit of it now, before new.test's, is the user going back.
    await tabs.committed(7, 'https://old.test/', 2_100);
    expect((await tabs.get(7))?.pageUrl).toBe('https://old.test/');
    expect((await tabs.get(7))?.hosts).toEqual([]);

    // An uncommitted page, then a suspension: the woken page still knows the late commit is not new.
    tabs.startPage(8, 'https://a.test/', 'req-3', 4_000);
    tabs.startPage(8, 'https://b.test/', 'req-4', 5_000);
    await tabs.record(8, verdict('b.test', 'key-change', 'warning'), false);
    await tabs.flush();
    const woken = new TabStates(area, badge);
    await woken.committed(8, 'https://a.test/', 5_100);
    expect((await woken.get(8))?.hosts.map((h) => h.host)).toEqual(['b.test']);
  });

  it('takes the warning page as the stopped page\'s commit', async () => {
    const { tabs } = setup();
    tabs.startPage(7, 'https://stopped.test/', 'req-1', 1_000);
    await tabs.committed(7, 'moz-extension://uuid/warning.html?ticket=x', 1_100, true);
    tabs.startPage(7, 'https://next.test/', 'req-2', 2_000);
    // stopped.test never committed, and never will: a commit of it later is a new visit.
    await tabs.committed(7, 'https://stopped.test/', 2_100);
    expect((await tabs.get(7))?.pageUrl).toBe('https://stopped.test/');
  });

  it('shows the badge again once the document has loaded, for a page it knows, even after a suspend', async () => {
    const { tabs, area, badge } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    await tabs.record(7, verdict('a.test', 'key-change', 'warning'), false);
    await tabs.flush();
    // Firefox's reset reached the button after onCommitted did: the badge is unlit again.
    badge.shown.delete(7);
    const woken = new TabStates(area, badge);
    await woken.loaded(7);
    expect(badge.shown.get(7)).toBe('warning');
    await woken.loaded(8);
    expect(badge.shown.has(8)).toBe(false);
  });

  it('comes back from storage.session after the event page was suspended', async () => {
    const { tabs, area, badge } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    await tabs.record(7, verdict('a.test', 'key-change', 'warning', { observed: KEY_B, previous: KEY_A }), false);
    await tabs.flush();
    const woken = new TabStates(area, badge);
    expect((await woken.get(7))?.hosts).toEqual([expect.objectContaining({ host: 'a.test', kind: 'key-change', observed: KEY_B })]);
    woken.removed(7);
    await new Promise((r) => setTimeout(r, 0));
    expect(area.data.size).toBe(0);
  });

  it('ignores verdicts for a tab with no known page, and malformed stored state', async () => {
    const { tabs, area } = setup();
    await area.set('tab:9', { tabId: 9, hosts: 'nope' });
    await tabs.record(9, verdict('a.test', 'match', 'none'), false);
    expect(await tabs.get(9)).toBeUndefined();
  });

  it('clears the badge when the user accepts the key, and keeps it when they reject it', async () => {
    const { tabs, badge } = setup();
    tabs.startPage(7, 'https://a.test/', 'req-1');
    tabs.startPage(8, 'https://b.test/', 'req-2');
    await tabs.record(7, verdict('a.test', 'key-change', 'warning', { observed: KEY_B, previous: KEY_A }), false);
    await tabs.record(8, verdict('a.test', 'key-change', 'warning', { observed: KEY_B, previous: KEY_A }), false);
    await tabs.resolve('a.test', KEY_B, 'accepted');
    expect([badge.shown.get(7), badge.shown.get(8)]).toEqual(['known', 'known']);
    expect((await tabs.get(7))?.hosts[0]?.resolution).toBe('accepted');
    tabs.startPage(7, 'https://a.test/', 'req-3');
    await tabs.record(7, verdict('a.test', 'key-change', 'warning', { observed: KEY_A, previous: KEY_B }), false);
    await tabs.resolve('a.test', KEY_A, 'rejected');
    expect(badge.shown.get(7)).toBe('warning');
    // Undone: the decision is gone from the tab, and the change waits for one again.
    await tabs.resolve('a.test', KEY_A, 'accepted');
    await tabs.resolve('a.test', KEY_A, 'undecided');
    expect((await tabs.get(7))?.hosts[0]?.resolution).toBeUndefined();
    expect(badge.shown.get(7)).toBe('warning');
  });

  it('ranks a tab by its loudest unresolved host', () => {
    expect(tabSeverity(undefined)).toBe('none');
    expect(tabSeverity({ tabId: 1, pageUrl: '', pageRequestId: null, hosts: [
      { host: 'a', kind: 'renewal', severity: 'info', reasons: [], incognito: false },
      { host: 'b', kind: 'rejected-key', severity: 'critical', reasons: [], incognito: false },
    ] })).toBe('critical');
  });
});

describe('buttonState', () => {
  const page = (...hosts: [Verdict['kind'], Verdict['severity']][]) => ({
    tabId: 1, pageUrl: 'https://a.test/', pageRequestId: null, hosts: hosts.map(([kind, severity], i) => ({ host: `h${i}.test`, kind, severity, reasons: [], incognito: false })),
  });
  it('gives a first visit its own state, never "every key known", unless something louder is on the page', () => {
    expect(buttonState(page())).toBe('idle');
    expect(buttonState(page(['match', 'none']))).toBe('known');
    expect(buttonState(page(['match', 'none'], ['first-use', 'none']))).toBe('first-use');
    expect(buttonState(page(['renewal', 'info'], ['first-use', 'none']))).toBe('first-use');
    expect(buttonState(page(['first-use', 'none'], ['key-change', 'warning']))).toBe('warning');
  });
});
