// When the last private window closes, what it left in memory goes: interception sightings of its
// hosts, and the warning page's unused tickets with the URLs they hold.
import { describe, expect, it } from 'vitest';
import { BlockTickets } from '../../../src/background/block-tickets.js';
import { INTERCEPTION_THRESHOLD, InterceptionWatch } from '../../../src/background/interception-watch.js';
import { MemorySessionArea } from './fakes.js';

describe('the end of the private session', () => {
  it('takes the private hosts off the interception list, and keeps the others', async () => {
    const area = new MemorySessionArea();
    const watch = new InterceptionWatch(area);
    await watch.note('a.test', 'ROOT', 'CN=Proxy');
    await watch.note('b.test', 'ROOT', 'CN=Proxy');
    await watch.note('secret.test', 'ROOT', 'CN=Proxy', true);
    await watch.note('hidden.test', 'OTHER', 'CN=Other', true);
    expect(INTERCEPTION_THRESHOLD).toBe(3);
    expect(await watch.suspectedRoots()).toEqual(new Set(['ROOT']));
    await watch.forgetPrivate();
    expect(await watch.suspectedRoots()).toEqual(new Set());
    const stored = JSON.stringify(await area.get('interception'));
    expect(stored).not.toContain('secret.test');
    expect(stored).not.toContain('hidden.test');
    expect(stored).toContain('a.test');
  });

  it("drops the private windows' unused tickets, and keeps a normal window's", async () => {
    const area = new MemorySessionArea();
    let n = 0;
    const tickets = new BlockTickets(area, () => 0, () => `nonce-${++n}`);
    const ticket = { tabId: 1, url: 'https://secret.test/page', host: 'secret.test', reason: 'key-mismatch' as const, observed: null };
    const open = await tickets.issue({ ...ticket, incognito: false });
    const hidden = await tickets.issue({ ...ticket, tabId: 2, incognito: true });
    await tickets.dropPrivate();
    expect(await tickets.peek(hidden, 2)).toBeNull();
    expect(await tickets.peek(open, 1)).not.toBeNull();
    expect(JSON.stringify([...area.data.values()])).not.toContain('"incognito":true');
  });
});
