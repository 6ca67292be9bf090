import { describe, expect, it } from 'vitest';
import { INTERCEPTION_THRESHOLD, InterceptionWatch } from '../../../src/background/interception-watch.js';
import { MemorySessionArea } from './fakes.js';

describe('InterceptionWatch', () => {
  it('suspects a root only once several distinct hosts flipped to it', async () => {
    const watch = new InterceptionWatch(new MemorySessionArea());
    expect(INTERCEPTION_THRESHOLD).toBe(3);
    await watch.note('a.test', 'ROOT', 'CN=Proxy');
    await watch.note('a.test', 'ROOT', 'CN=Proxy');
    await watch.note('b.test', 'ROOT', 'CN=Proxy');
    await watch.note('c.test', 'OTHER', 'CN=Other');
    expect(await watch.suspectedRoots()).toEqual(new Set());
    expect(await watch.status()).toBeNull();
    await watch.note('d.test', 'ROOT', 'CN=Proxy');
    expect(await watch.suspectedRoots()).toEqual(new Set(['ROOT']));
    expect(await watch.status()).toEqual({ rootSpki: 'ROOT', rootSubject: 'CN=Proxy', hosts: ['a.test', 'b.test', 'd.test'], suspected: true });
  });

  it('remembers across an event-page suspension, and ignores malformed stored state', async () => {
    const area = new MemorySessionArea();
    const watch = new InterceptionWatch(area);
    for (const h of ['a', 'b', 'c']) await watch.note(h, 'ROOT', 'CN=Proxy');
    expect(await new InterceptionWatch(area).suspectedRoots()).toEqual(new Set(['ROOT']));
    await area.set('interception', [{ rootSpki: 5 }, 'junk']);
    expect(await new InterceptionWatch(area).status()).toBeNull();
  });
});
