// The event page is held awake (an API call now and then) while work is held, and left to idle after.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeepAwake, PING_MS } from '../../../src/background/keep-awake.js';

describe('keep awake', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pings while work is held, and stops once the last hold is let go', async () => {
    const ping = vi.fn(async () => undefined);
    const awake = new KeepAwake(ping);
    vi.advanceTimersByTime(PING_MS * 4);
    expect(ping).not.toHaveBeenCalled();

    let finish!: () => void;
    const work = awake.hold(new Promise<void>((r) => (finish = r)));
    const other = awake.acquire();
    vi.advanceTimersByTime(PING_MS * 4);
    expect(ping).toHaveBeenCalledTimes(4);

    finish();
    await work;
    vi.advanceTimersByTime(PING_MS * 2);
    // The explicit hold is still on.
    expect(ping).toHaveBeenCalledTimes(6);
    expect(awake.busy).toBe(true);

    other();
    other(); // a second release must not let go of someone else's hold
    expect(awake.busy).toBe(false);
    vi.advanceTimersByTime(PING_MS * 4);
    expect(ping).toHaveBeenCalledTimes(6);
  });

  it('lets go of work that fails, and survives a failing ping', async () => {
    const ping = vi.fn(async () => {
      throw new Error('the page is going');
    });
    const awake = new KeepAwake(ping);
    const work = awake.hold(Promise.reject(new Error('judging failed')));
    vi.advanceTimersByTime(PING_MS);
    expect(ping).toHaveBeenCalledTimes(1);
    await expect(work).rejects.toThrow('judging failed');
    expect(awake.busy).toBe(false);
  });
});
