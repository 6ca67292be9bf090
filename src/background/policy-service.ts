// The user's policy (modes, ignore rules, pins), loaded once and kept in memory: the request path
// consults it on every response, and it is small. Every change is written before it takes effect.
import type { Policy } from '../core/policy.js';
import type { TrustStore } from '../store/trust-store.js';

export class PolicyService {
  private current: Policy | undefined;
  private loading: Promise<Policy> | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: () => Promise<TrustStore>) {}

  /** The policy if already loaded: lets the request path decide without waiting. */
  peek(): Policy | undefined {
    return this.current;
  }

  get(): Promise<Policy> {
    if (this.current) return Promise.resolve(this.current);
    this.loading ??= this.store()
      .then((s) => s.getPolicy())
      .then((p) => (this.current = p))
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Makes a policy current that is already on disk (written by an import). */
  async replace(policy: Policy): Promise<void> {
    await this.writing;
    this.current = policy;
  }

  /** Applies a change, persists it, then makes it current. Changes are applied one at a time. */
  update(change: (p: Policy) => Policy): Promise<Policy> {
    const next = this.writing.then(async () => {
      const updated = change(structuredClone(await this.get()));
      await (await this.store()).putPolicy(updated);
      this.current = updated;
      return updated;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
