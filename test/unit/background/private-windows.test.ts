import { describe, expect, it } from 'vitest';
import { PrivateWindows, type WindowLike } from '../../../src/background/private-windows.js';

const normal = (id: number): WindowLike => ({ id, incognito: false });
const priv = (id: number): WindowLike => ({ id, incognito: true });

function watch(atStart: WindowLike[] | Promise<WindowLike[]>) {
  const ended: number[] = [];
  let n = 0;
  const windows = new PrivateWindows(() => Promise.resolve(atStart), () => ended.push(++n));
  return { windows, ended };
}

describe('the private session (private-windows.ts)', () => {
  it('ends when the last private window closes, not before', async () => {
    const { windows, ended } = watch([normal(1), priv(2)]);
    windows.created(priv(3));
    await windows.removed(2);
    expect(ended).toEqual([]);
    await windows.removed(3);
    expect(ended).toEqual([1]);
  });

  it('ends even when a new private window opens right after the last one closed', async () => {
    // windows.getAll() asked after the removal would already list window 3: the old session went on.
    const { windows, ended } = watch([normal(1), priv(2)]);
    await new Promise((r) => setTimeout(r, 0));
    const closing = windows.removed(2);
    windows.created(priv(3));
    await closing;
    expect(ended).toEqual([1]);
    await windows.removed(3);
    expect(ended).toEqual([1, 2]);
  });

  it('on waking for a window\'s removal, does not count it from the list taken at start', async () => {
    let answer!: (w: WindowLike[]) => void;
    const { windows, ended } = watch(new Promise<WindowLike[]>((r) => { answer = r; }));
    const closing = windows.removed(2);
    // The list was taken before the removal reached the add-on: it still shows window 2.
    answer([normal(1), priv(2)]);
    await closing;
    expect(ended).toEqual([1]);
  });

  it('keeps a session going whose private window opened while the event page was waking', async () => {
    let answer!: (w: WindowLike[]) => void;
    const { windows, ended } = watch(new Promise<WindowLike[]>((r) => { answer = r; }));
    const closing = windows.removed(2);
    windows.created(priv(3));
    answer([normal(1), priv(2), priv(3)]);
    await closing;
    expect(ended).toEqual([]);
  });

  it('a normal window closing with no private window open ends nothing that exists (the session is empty)', async () => {
    const { windows, ended } = watch([normal(1), normal(2), priv(3)]);
    await windows.removed(1);
    expect(ended).toEqual([]);
  });
});
