// Keeps the event page from being suspended while work that must not die half-done is running:
// a response being judged after Firefox let it go, a record waiting for the journal, a write to
// the store. Firefox suspends an event page once no extension API call or event has come for the
// idle timeout (30 s by default), whatever promises are still running in it; it does not count
// IndexedDB or timers. A judgement slowed past that timeout (a cold store after a wake, a loaded
// machine) was suspended with the page, and its observation was lost.
//
// While anything is held, a cheap API call every PING_MS tells Firefox the page is busy. Nothing
// is pinged while idle, so an idle page is suspended as before.

/** Well inside the shortest idle timeout in use (the tests shorten it to 1 s; Firefox's is 30 s). */
export const PING_MS = 250;

export class KeepAwake {
  private holds = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** An extension API call handled in Firefox's parent process, which resets the idle timer. */
    private readonly ping: () => Promise<unknown>,
    private readonly everyMs = PING_MS,
  ) {}

  /** Holds the page awake until `work` settles; returns `work` itself. */
  hold<T>(work: Promise<T>): Promise<T> {
    const release = this.acquire();
    work.then(release, release);
    return work;
  }

  /** Holds the page awake until the returned function is called (once; later calls do nothing). */
  acquire(): () => void {
    this.holds += 1;
    this.timer ??= setInterval(() => {
      // A failed ping (the page already going) has nothing left to keep.
      this.ping().catch(() => undefined);
    }, this.everyMs);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0 && this.timer !== undefined) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  get busy(): boolean {
    return this.holds > 0;
  }
}
