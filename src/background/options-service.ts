// The device options, read once and kept in memory: the request path asks them on every response.
import { readOptions, type Options } from '../core/options.js';
import type { LocalArea } from '../platform/local-area.js';

const KEY = 'options';

export class OptionsService {
  private current: Options | undefined;
  private loading: Promise<Options> | undefined;

  constructor(private readonly area: LocalArea) {}

  /** The options if already read; undefined just after a wake-up (the caller then checks everything). */
  peek(): Options | undefined {
    return this.current;
  }

  get(): Promise<Options> {
    if (this.current) return Promise.resolve(this.current);
    this.loading ??= this.area.get(KEY)
      .then((value) => (this.current = readOptions(value)))
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Writes the change, then makes it current. */
  async set(change: Partial<Options>): Promise<Options> {
    const next = readOptions({ ...(await this.get()), ...change });
    await this.area.set(KEY, next);
    this.current = next;
    return next;
  }
}
