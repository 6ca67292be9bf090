// Blind is said, never shown as all clear: access to the sites is read at wake and on every change.
import { describe, expect, it } from 'vitest';
import { AccessWatch } from '../../../src/background/access-watch.js';
import { TabStates } from '../../../src/background/tab-state.js';
import { badgeStyle, BUTTON_STATES } from '../../../src/platform/badge-style.js';
import type { SiteAccess } from '../../../src/platform/site-access.js';
import { MemoryBadge, MemorySessionArea } from './fakes.js';

class FakeAccess implements SiteAccess {
  granted_ = true;
  private listener: (() => void) | undefined;
  async granted() {
    return this.granted_;
  }
  watch(changed: () => void) {
    this.listener = changed;
  }
  set(granted: boolean) {
    this.granted_ = granted;
    this.listener?.();
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('site access', () => {
  it('puts every tab\'s button in the no-access state while access is gone, and back when it returns', async () => {
    const badge = new MemoryBadge();
    const tabs = new TabStates(new MemorySessionArea(), badge);
    tabs.startPage(1, 'https://a.test/', 'r1');
    await tabs.record(1, { kind: 'key-change', severity: 'warning', host: 'a.test', at: 1, reasons: [] }, false);
    tabs.startPage(2, 'https://b.test/', 'r2');
    const access = new FakeAccess();
    const watch = new AccessWatch(access, (blind) => tabs.setBlind(blind));
    watch.start();
    await settle();
    expect(watch.granted).toBe(true);
    expect(badge.shown.get(1)).toBe('warning');

    access.set(false);
    await settle();
    expect(watch.granted).toBe(false);
    expect([badge.shown.get(1), badge.shown.get(2)]).toEqual(['no-access', 'no-access']);
    // A page committed while blind says so too.
    await tabs.committed(3, 'http://c.test/');
    expect(badge.shown.get(3)).toBe('no-access');

    access.set(true);
    await settle();
    expect([badge.shown.get(1), badge.shown.get(2)]).toEqual(['warning', 'idle']);
  });

  it('gives no access its own icon, text, colour and words, unlike any verdict', () => {
    const blind = badgeStyle('no-access');
    for (const s of BUTTON_STATES.filter((x) => x !== 'no-access')) {
      const style = badgeStyle(s);
      expect([style.text, style.color, style.titleMessage]).not.toEqual([blind.text, blind.color, blind.titleMessage]);
      expect(style.icon).not.toBe(blind.icon);
      expect(style.text).not.toBe(blind.text);
    }
  });
});
