// The per-host queue: one host's work in order, hosts in parallel, and exclusive work alone.
import { describe, expect, it } from 'vitest';
import { HostQueue } from '../../../src/background/host-queue.js';

/** A promise settled from outside, to hold work open while a test looks. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const settled = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { settled, open, fail };
}

const turns = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('HostQueue', () => {
  it('runs one host\'s work in order and other hosts\' alongside it', async () => {
    const queue = new HostQueue();
    const log: string[] = [];
    const first = gate();
    const a1 = queue.run('a', async () => {
      await first.settled;
      log.push('a1');
    });
    const a2 = queue.run('a', async () => void log.push('a2'));
    const b1 = queue.run('b', async () => void log.push('b1'));
    await b1;
    expect(log).toEqual(['b1']);
    first.open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('starts exclusive work after the work begun before it, and holds all work begun after it', async () => {
    const queue = new HostQueue();
    const log: string[] = [];
    const earlier = gate();
    const inside = gate();
    const a1 = queue.run('a', async () => {
      await earlier.settled;
      log.push('a1');
    });
    const bulk = queue.exclusive(async () => {
      log.push('bulk begins');
      await inside.settled;
      log.push('bulk ends');
    });
    const a2 = queue.run('a', async () => void log.push('a2'));
    const c1 = queue.run('c', async () => void log.push('c1'));
    await turns();
    expect(log).toEqual([]);
    earlier.open();
    await a1;
    await turns();
    expect(log).toEqual(['a1', 'bulk begins']);
    inside.open();
    await Promise.all([bulk, a2, c1]);
    expect(log).toEqual(['a1', 'bulk begins', 'bulk ends', 'a2', 'c1']);
    // Once it is done, hosts run alongside each other again.
    const slow = gate();
    const d = queue.run('d', () => slow.settled);
    await queue.run('e', async () => void log.push('e'));
    expect(log.at(-1)).toBe('e');
    slow.open();
    await d;
  });

  it('releases the hosts when exclusive work fails, and the next exclusive work waits for the last', async () => {
    const queue = new HostQueue();
    const failing = gate();
    const bulk = queue.exclusive(() => failing.settled);
    const log: string[] = [];
    const second = queue.exclusive(async () => void log.push('second'));
    const a = queue.run('a', async () => void log.push('a'));
    failing.fail(new Error('quota'));
    await expect(bulk).rejects.toThrow('quota');
    await Promise.all([second, a]);
    expect(log).toEqual(['second', 'a']);
  });
});
