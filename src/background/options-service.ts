// The device options, read once and kept in memory: the request path asks them on every response.
// Options the organisation locked (managed-policy.ts) win over the user's and cannot be changed.
import type { LockedOptions } from '../core/managed-rules.js';
import { readOptions, type Options, type RecognisedRoot } from '../core/options.js';
import type { LocalArea } from '../platform/local-area.js';

const KEY = 'options';

/** The options the organisation locked, with their values: only those that are options here. */
function lockedOptions(locked: LockedOptions): Partial<Options> {
  const out: Partial<Options> = {};
  if (locked.checkEveryResponse !== undefined) out.checkEveryResponse = locked.checkEveryResponse;
  if (locked.stopOnCritical !== undefined) out.stopOnCritical = locked.stopOnCritical;
  return out;
}

export class OptionsService {
  private current: Options | undefined;
  /** The user's own choices, as stored: what a removed policy gives back. */
  private own: Options | undefined;
  private locked: Partial<Options> = {};
  private loading: Promise<Options> | undefined;

  /** `locked`: the organisation's locked options, read with its policy; absent, none. */
  constructor(private readonly area: LocalArea, private readonly lockedBy: () => Promise<LockedOptions> = async () => ({})) {}

  /** The options if already read; undefined just after a wake-up (the caller then checks everything). */
  peek(): Options | undefined {
    return this.current;
  }

  get(): Promise<Options> {
    if (this.current) return Promise.resolve(this.current);
    // A lock that cannot be read is not taken as no lock: nothing is kept, and the next ask reads again.
    this.loading ??= Promise.all([this.area.get(KEY), this.lockedBy()])
      .then(([value, locked]) => {
        this.locked = lockedOptions(locked);
        this.own = readOptions(value);
        return (this.current = { ...this.own, ...this.locked });
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Forgets what was read: the organisation's policy changed, so its locks are read again. */
  reload(): void {
    this.current = undefined;
  }

  /** Writes the change, then makes it current. An option the organisation locked is a clear error. */
  async set(change: Partial<Options>): Promise<Options> {
    await this.get();
    for (const [option, value] of Object.entries(change)) {
      const locked = this.locked[option as keyof Options];
      if (locked !== undefined && locked !== value) throw new Error(`${option} is set by your organisation and cannot be changed here`);
    }
    const next = readOptions({ ...this.own, ...change });
    await this.area.set(KEY, next);
    this.own = next;
    this.current = { ...next, ...this.locked };
    return this.current;
  }

  /** Recognises a root as this machine's TLS inspection (replacing an earlier entry of it). */
  recogniseRoot(root: RecognisedRoot): Promise<Options> {
    return this.writeOwn((own) => ({ ...own, recognisedRoots: [...own.recognisedRoots.filter((r) => r.spkiSha256 !== root.spkiSha256), root] }));
  }

  forgetRoot(spkiSha256: string): Promise<Options> {
    return this.writeOwn((own) => ({ ...own, recognisedRoots: own.recognisedRoots.filter((r) => r.spkiSha256 !== spkiSha256) }));
  }

  private async writeOwn(change: (own: Options) => Options): Promise<Options> {
    await this.get();
    const next = readOptions(change(this.own!));
    await this.area.set(KEY, next);
    this.own = next;
    this.current = { ...next, ...this.locked };
    return this.current;
  }
}
