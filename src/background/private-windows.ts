// Which private windows are open, so that the private session ends with the last of them.
//
// Asked of windows.getAll() after a removal, the answer could already hold a private window opened
// just after: the user closes the last private window and opens a new one at once, and the new
// session kept what the ended one had learned (its hosts judged "known"). The windows' own events
// arrive in order and are counted as they come, so a window opened after the close cannot hide it.

export interface WindowLike {
  id?: number;
  incognito: boolean;
}

export class PrivateWindows {
  private readonly open = new Set<number>();
  /** Windows closed before the list taken at wake-up arrived: that list may still hold them. */
  private readonly gone = new Set<number>();
  private readonly ready: Promise<void>;
  private listed = false;

  /** `listAll`: the windows open when the event page starts (it may wake on a window's removal). */
  constructor(listAll: () => Promise<WindowLike[]>, private readonly lastClosed: () => void) {
    this.ready = listAll().then((windows) => {
      for (const w of windows) if (w.incognito && w.id !== undefined && !this.gone.has(w.id)) this.open.add(w.id);
    }, () => undefined).then(() => {
      this.listed = true;
    });
  }

  created(window: WindowLike): void {
    if (window.incognito && window.id !== undefined) this.open.add(window.id);
  }

  /** A window closed: once no private window is left, the private session ends. */
  removed(id: number): Promise<void> {
    this.gone.add(id);
    this.open.delete(id);
    // Decided now, before any later window event, once the start-up list is in.
    const decide = () => {
      if (this.open.size === 0) this.lastClosed();
    };
    if (!this.listed) return this.ready.then(decide);
    decide();
    return Promise.resolve();
  }
}
