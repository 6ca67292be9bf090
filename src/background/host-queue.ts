// Runs work for one host strictly in order, and work for different hosts in parallel.
// Two requests racing to a host never seen before must give one record, not two.
// Work that rewrites many hosts at once (an import, a prune) runs alone: it reads the store, then
// writes what it made from it, and a host's work in between would be overwritten, or overwrite it.
export class HostQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Settles when the exclusive work under way is done; undefined when there is none. */
  private barrier: Promise<unknown> | undefined;

  run<T>(host: string, work: () => Promise<T>): Promise<T> {
    const own = this.tails.get(host);
    const previous = this.barrier ? Promise.all([own, this.barrier]) : (own ?? Promise.resolve());
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(host, tail);
    // Forget idle hosts so the map does not grow with every host ever seen.
    void tail.then(() => {
      if (this.tails.get(host) === tail) this.tails.delete(host);
    });
    return result;
  }

  /**
   * Runs `work` once every host's work begun before it is done, and holds every host's work begun
   * after it until it is done. `work` must not wait on run(): that would wait on itself.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const before = Promise.all([this.barrier, ...this.tails.values()]);
    const result = before.then(work, work);
    const barrier = result.catch(() => undefined);
    this.barrier = barrier;
    void barrier.then(() => {
      if (this.barrier === barrier) this.barrier = undefined;
    });
    return result;
  }
}
