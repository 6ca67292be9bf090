// Keeps FirstSeen honest about what it can see: site access is checked at every wake of the event
// page and whenever a permission changes, and the tabs' buttons and the popup say when it is gone.
import type { SiteAccess } from '../platform/site-access.js';
import { logOnce } from '../platform/log.js';

export class AccessWatch {
  private current: boolean | undefined;

  constructor(
    private readonly access: SiteAccess,
    /** Told each time access is found gone (true) or back (false). */
    private readonly blindChanged: (blind: boolean) => Promise<void>,
  ) {}

  /** Registers the permission listeners (synchronously, at top level) and reads access once. */
  start(): void {
    this.access.watch(() => void this.refresh());
    void this.refresh();
  }

  /** Whether FirstSeen may see the sites; undefined until first read. */
  get granted(): boolean | undefined {
    return this.current;
  }

  async refresh(): Promise<boolean | undefined> {
    try {
      const granted = await this.access.granted();
      this.current = granted;
      await this.blindChanged(!granted);
    } catch (error) {
      logOnce('could not read the add-on\'s site access', error);
    }
    return this.current;
  }
}
