// The rule for which responses are read: exact, because docs/PERFORMANCE.md argues from it.
import { describe, expect, it } from 'vitest';
import { CheckSchedule, RECHECK_WINDOW_MS } from '../../../src/core/check-schedule.js';

describe('check schedule', () => {
  it('never covers a document, and covers a host only within the window after its check began', () => {
    const s = new CheckSchedule();
    expect(s.isCovered(1, 'a.test', 'image', 0)).toBe(false);
    s.started(1, 'a.test', 0);
    expect(s.isCovered(1, 'a.test', 'image', RECHECK_WINDOW_MS - 1)).toBe(true);
    expect(s.isCovered(1, 'a.test', 'sub_frame', 1)).toBe(false);
    expect(s.isCovered(1, 'a.test', 'main_frame', 1)).toBe(false);
    expect(s.isCovered(1, 'a.test', 'image', RECHECK_WINDOW_MS)).toBe(false);
    expect(s.isCovered(2, 'a.test', 'image', 1)).toBe(false);
    expect(s.isCovered(1, 'b.test', 'image', 1)).toBe(false);
  });

  it('forgets a tab\'s hosts at a new page, and when the tab closes', () => {
    const s = new CheckSchedule();
    s.started(1, 'a.test', 0);
    s.newPage(1);
    expect(s.isCovered(1, 'a.test', 'image', 1)).toBe(false);
    s.started(1, 'a.test', 1);
    s.tabClosed(1);
    expect(s.isCovered(1, 'a.test', 'image', 2)).toBe(false);
  });

  it('a failed check uncovers its host, unless a later page or check has taken over', () => {
    const s = new CheckSchedule();
    const page = s.started(1, 'a.test', 0);
    s.failed(1, page, 'a.test', 0);
    expect(s.isCovered(1, 'a.test', 'image', 1)).toBe(false);

    const old = s.started(1, 'a.test', 5);
    s.newPage(1);
    s.started(1, 'a.test', 6);
    s.failed(1, old, 'a.test', 5);
    expect(s.isCovered(1, 'a.test', 'image', 7)).toBe(true);
  });

  it('puts requests without a tab together', () => {
    const s = new CheckSchedule();
    s.started(-1, 'a.test', 0);
    expect(s.isCovered(-1, 'a.test', 'xmlhttprequest', 1)).toBe(true);
  });
});
