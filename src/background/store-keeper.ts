// Keeps the trust store open, and knows when it cannot be trusted to keep anything:
//   - unavailable: IndexedDB will not open (Firefox set to never remember history, an open error,
//     a blocked upgrade). FirstSeen judges in memory and says nothing is being kept.
//   - wiped: the database opened empty although the sentinel (storage.local, outside IndexedDB)
//     says it held hosts: "clear site data" or a cleaner add-on removed it. FirstSeen judges in
//     memory instead of silently relearning every site as a first use, until the user imports a
//     backup or chooses to start over.
//   - failing: writes fail (quota, a deleted database); they are kept and retried.
import type { StorageStatus } from '../protocol.js';
import type { LocalArea } from '../platform/local-area.js';
import { logOnce } from '../platform/log.js';
import type { TrustStore } from '../store/trust-store.js';

export const SENTINEL_KEY = 'sentinel';

/** What the sentinel records: that the store held hosts, and how many. */
export interface Sentinel {
  hosts: number;
  updatedAt: number;
}

function readSentinel(value: unknown): Sentinel | null {
  const v = value as Partial<Sentinel> | undefined;
  return v && Number.isInteger(v.hosts) && (v.hosts as number) >= 0 ? { hosts: v.hosts as number, updatedAt: Number(v.updatedAt) || 0 } : null;
}

/** Hooks the opener calls when the browser closes the database under us. */
export interface OpenHooks {
  /** The database was deleted or closed by the browser: open it afresh next time. */
  onLost(): void;
}

export class StoreKeeper {
  private opening: Promise<TrustStore> | undefined;
  private state: StorageStatus = { kind: 'ok' };
  private countTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly open: (hooks: OpenHooks) => Promise<TrustStore>,
    private readonly local: LocalArea,
    private readonly now: () => number,
    /** How long the sentinel waits after a change, so a burst of writes counts once. */
    private readonly sentinelDelayMs = 2_000,
  ) {}

  /** The store, opened on first use and reopened after a failure or a loss. */
  store(): Promise<TrustStore> {
    this.opening ??= this.openChecked().catch((error: unknown) => {
      this.opening = undefined;
      this.state = { kind: 'unavailable', detail: describe(error), since: this.now() };
      logOnce('could not open the trust store', error);
      throw error;
    });
    return this.opening;
  }

  status(): StorageStatus {
    return this.state;
  }

  /** Whether what FirstSeen learns now is written to disk. */
  persisting(): boolean {
    return this.state.kind === 'ok' || this.state.kind === 'failing';
  }

  writeFailed(error: unknown): void {
    if (this.state.kind === 'ok' || this.state.kind === 'failing') {
      this.state = { kind: 'failing', detail: describe(error), since: this.state.kind === 'failing' ? this.state.since : this.now() };
    }
  }

  writeSucceeded(): void {
    if (this.state.kind === 'failing') this.state = { kind: 'ok' };
    this.hostsChanged();
  }

  /** The number of hosts may have changed: the sentinel follows, a moment later. */
  hostsChanged(): void {
    if (!this.persisting() || this.countTimer !== undefined) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      void this.updateSentinel();
    }, this.sentinelDelayMs);
  }

  /** The user accepts the loss (or has imported a backup): the store is used as it is. */
  async startOver(): Promise<void> {
    if (this.state.kind !== 'wiped') return;
    this.state = { kind: 'ok' };
    await this.updateSentinel();
  }

  async updateSentinel(): Promise<void> {
    try {
      const hosts = await (await this.store()).countHosts();
      if (this.persisting()) await this.local.set(SENTINEL_KEY, { hosts, updatedAt: this.now() } satisfies Sentinel);
    } catch (error) {
      logOnce('could not update the sentinel', error);
    }
  }

  private async openChecked(): Promise<TrustStore> {
    // The sentinel is read while the database opens: both are on the way to the first verdict.
    const sentinelRead = this.local.get(SENTINEL_KEY).then(readSentinel, () => null);
    const store = await this.open({
      onLost: () => {
        this.opening = undefined;
      },
    });
    const [empty, sentinel] = await Promise.all([store.isEmpty(), sentinelRead]);
    if (empty && sentinel && sentinel.hosts > 0) {
      if (this.state.kind !== 'wiped') this.state = { kind: 'wiped', hostsBefore: sentinel.hosts, since: this.now() };
    } else if (this.state.kind === 'unavailable') {
      this.state = { kind: 'ok' };
    }
    return store;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
