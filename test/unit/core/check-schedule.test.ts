// The rule for which responses are read: exact, because docs/PERFORMANCE.md argues from it.
import { describe, expect, it } from 'vitest';
import { CheckSchedule, isPassive, PASSIVE_SAMPLE_RATE, unpredictable } from '../../../src/core/check-schedule.js';

const never = () => 0.99; // a draw that never reads a passive response
const always = () => 0; // a draw that always does

describe('check schedule', () => {
  it('always reads what can run code or reach the page\'s data, whatever was read before', () => {
    const s = new CheckSchedule(PASSIVE_SAMPLE_RATE, never);
    s.started(1, 'a.test', 0);
    for (const type of ['main_frame', 'sub_frame', 'script', 'stylesheet', 'xmlhttprequest', 'websocket', 'object', 'object_subrequest', 'xslt', 'other', 'some_future_type']) {
      expect(s.isCovered(1, 'a.test', type), type).toBe(false);
    }
    // A stylesheet can read the page's data (attribute selectors fetching a URL per value): read always.
    expect(isPassive('stylesheet')).toBe(false);
    expect(['image', 'imageset', 'font', 'media'].every(isPassive)).toBe(true);
  });

  it('reads a host\'s first passive response in a page, then only what the draw picks', () => {
    const skip = new CheckSchedule(PASSIVE_SAMPLE_RATE, never);
    expect(skip.isCovered(1, 'a.test', 'image')).toBe(false);
    skip.started(1, 'a.test', 0);
    expect(skip.isCovered(1, 'a.test', 'image')).toBe(true);
    expect(skip.isCovered(1, 'b.test', 'font')).toBe(false);
    expect(skip.isCovered(2, 'a.test', 'image')).toBe(false);
    const read = new CheckSchedule(PASSIVE_SAMPLE_RATE, always);
    read.started(1, 'a.test', 0);
    expect(read.isCovered(1, 'a.test', 'image')).toBe(false);
  });

  it('reads about PASSIVE_SAMPLE_RATE of passive responses with the real draw', () => {
    const s = new CheckSchedule();
    s.started(1, 'a.test', 0);
    let read = 0;
    for (let i = 0; i < 4000; i++) if (!s.isCovered(1, 'a.test', 'image')) read++;
    expect(read / 4000).toBeGreaterThan(PASSIVE_SAMPLE_RATE - 0.04);
    expect(read / 4000).toBeLessThan(PASSIVE_SAMPLE_RATE + 0.04);
    const draws = new Set(Array.from({ length: 100 }, unpredictable));
    expect(draws.size).toBe(100);
  });

  it('forgets a tab\'s hosts at a new page, and when the tab closes', () => {
    const s = new CheckSchedule(PASSIVE_SAMPLE_RATE, never);
    s.started(1, 'a.test', 0);
    s.newPage(1);
    expect(s.isCovered(1, 'a.test', 'image')).toBe(false);
    s.started(1, 'a.test', 1);
    s.tabClosed(1);
    expect(s.isCovered(1, 'a.test', 'image')).toBe(false);
  });

  it('a failed read uncovers its host, unless a later page or read has taken over', () => {
    const s = new CheckSchedule(PASSIVE_SAMPLE_RATE, never);
    const page = s.started(1, 'a.test', 0);
    s.failed(1, page, 'a.test', 0);
    expect(s.isCovered(1, 'a.test', 'image')).toBe(false);

    const old = s.started(1, 'a.test', 5);
    s.newPage(1);
    s.started(1, 'a.test', 6);
    s.failed(1, old, 'a.test', 5);
    expect(s.isCovered(1, 'a.test', 'image')).toBe(true);
  });

  it('puts requests without a tab together', () => {
    const s = new CheckSchedule(PASSIVE_SAMPLE_RATE, never);
    s.started(-1, 'a.test', 0);
    expect(s.isCovered(-2, 'a.test', 'image')).toBe(true);
    expect(s.isCovered(-1, 'a.test', 'xmlhttprequest')).toBe(false);
  });
});
