// Runs work for one host strictly in order, and work for different hosts in parallel.
// Two requests racing to a host never seen before must give one record, not two.
export class HostQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(host: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(host, tail);
    // Forget idle hosts so the map does not grow with every host ever seen.
    void tail.then(() => {
      if (this.tails.get(host) === tail) this.tails.delete(host);
    });
    return result;
  }
}
