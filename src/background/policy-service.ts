// The policy in force: the user's (modes, ignore rules, pins), loaded once and kept in memory, with
// the organisation's managed rules attached (managed-policy.ts). The request path consults it on
// every response, and it is small. Every change is written before it takes effect. Only the
// user's own part is ever written, exported or merged with an import.
import { NO_MANAGED_POLICY, type ManagedState } from '../core/managed-rules.js';
import { EMPTY_POLICY, ownPin, type Policy } from '../core/policy.js';
import type { TrustStore } from '../store/trust-store.js';

/** Where the organisation's policy comes from (platform/managed-area.ts); absent: no organisation. */
export interface ManagedSource {
  read(): Promise<unknown>;
}

/** The user's own part of a policy: the organisation's rules taken off. */
export function userPart(policy: Policy): Policy {
  const own = { ...policy, pins: policy.pins.map(ownPin) };
  delete own.managed;
  return own;
}

const LATE = Symbol('late');

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
}

export class PolicyService {
  private current: Policy | undefined;
  private own: Policy | undefined;
  private managedState: ManagedState = NO_MANAGED_POLICY;
  /** The organisation's policy is read on its own: a store that will not open must not lose it. */
  private managedLoad: Promise<ManagedState> | undefined;
  private loading: Promise<Policy> | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: () => Promise<TrustStore>,
    private readonly managedSource?: ManagedSource,
    /** How long the request path waits for storage.managed before going on without it. */
    private readonly managedWaitMs = 2000,
  ) {}

  /** The policy if already loaded: lets the request path decide without waiting. */
  peek(): Policy | undefined {
    return this.current;
  }

  /** The policy in force: the user's, with the organisation's rules attached. */
  get(): Promise<Policy> {
    if (this.current) return Promise.resolve(this.current);
    // Both read at once: the organisation's policy adds no wait to the wake-up's first verdict.
    this.loading ??= Promise.all([this.store().then((s) => s.getPolicy()), this.managed()])
      .then(([own]) => this.settle(own))
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** The user's own policy, as stored: what an export writes and an import merges with. */
  async user(): Promise<Policy> {
    await this.get();
    return this.own!;
  }

  /** What the organisation's policy is: none, applied, or refused with the reason. Never waits for the store. */
  managed(): Promise<ManagedState> {
    this.managedLoad ??= this.readManaged().then(() => this.managedState);
    return this.managedLoad;
  }

  /**
   * The organisation's rules alone, for when the user's policy cannot be read (a database that will
   * not open): enforced then on top of failing closed, so they never lapse with the user's part.
   */
  async managedOnly(): Promise<Policy> {
    const state = await this.managed();
    return state.status === 'applied' ? { ...EMPTY_POLICY, managed: state.policy } : EMPTY_POLICY;
  }

  /** Reads the organisation's policy again (a change reported while running) and applies it. */
  async reloadManaged(): Promise<ManagedState> {
    await this.writing;
    this.managedLoad = this.readManaged().then(() => this.managedState);
    await this.managedLoad;
    if (this.own) this.settle(this.own);
    return this.managedState;
  }

  private async readManaged(): Promise<void> {
    if (!this.managedSource) return;
    // Every response waits for the policy after a wake-up: a read of storage.managed that does not
    // answer must not hold them all. Past the wait, judging goes on without the organisation's
    // part, which is applied the moment it comes.
    const reading = this.managedSource.read();
    const first = await Promise.race([reading, new Promise((r) => setTimeout(r, this.managedWaitMs, LATE))]);
    if (first === LATE) {
      console.warn(`FirstSeen: the organisation's policy did not answer within ${this.managedWaitMs} ms; it applies once it does`);
      void reading.then((value) => this.applyManaged(value)).then(() => {
        if (this.own) this.settle(this.own);
      }, () => undefined);
      return;
    }
    await this.applyManaged(first);
  }

  private async applyManaged(value: unknown): Promise<void> {
    if (isEmpty(value)) {
      this.managedState = NO_MANAGED_POLICY;
      return;
    }
    // The schema validator is loaded only where an organisation set something: most wake-ups have no policy.
    let state: ManagedState;
    try {
      const { readManagedPolicy } = await import('../core/managed-policy.js');
      state = readManagedPolicy(value);
    } catch (error) {
      // The reader could not even load: nothing of the policy can be trusted to apply as meant.
      state = { status: 'refused', reason: `the policy could not be read (${String(error)})` };
    }
    // An administrator's mistake is said where an administrator looks, as Firefox does for its own policies.
    if (state.status === 'refused') console.error(`FirstSeen refused the policy set by your organisation: ${state.reason}`);
    this.managedState = state;
  }

  private settle(own: Policy): Policy {
    this.own = userPart(own);
    this.current = this.managedState.status === 'applied' ? { ...this.own, managed: this.managedState.policy } : this.own;
    return this.current;
  }

  /** Makes a policy current that is already on disk (written by an import). */
  async replace(policy: Policy): Promise<void> {
    await this.writing;
    this.settle(policy);
  }

  /** Applies a change to the user's policy, persists it, then makes it current. One at a time. */
  update(change: (p: Policy) => Policy): Promise<Policy> {
    const next = this.writing.then(async () => {
      const updated = userPart(change(structuredClone(await this.user())));
      await (await this.store()).putPolicy(updated);
      return this.settle(updated);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
