// Options of this device, not of the trust history: how hard to look, not what to trust. They are
// not exported; a history moved to another machine leaves that machine's choices alone.

export interface Options {
  /**
   * Check every response, not only the first of each host in a page and then one per window
   * (check-schedule.ts). Slower on every page load; for users who want no window at all.
   */
  checkEveryResponse: boolean;
  /**
   * Stop a page whose verdict is critical (a key the user refused, an interception root on a host
   * seen with built-in roots) in every mode but ignore, with the warning page. On by default: an
   * icon alone protects nobody who is typing a password.
   */
  stopOnCritical: boolean;
}

export const DEFAULT_OPTIONS: Options = { checkEveryResponse: false, stopOnCritical: true };

/** Options from storage, any unreadable part replaced by its default. */
export function readOptions(value: unknown): Options {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    checkEveryResponse: typeof v.checkEveryResponse === 'boolean' ? v.checkEveryResponse : DEFAULT_OPTIONS.checkEveryResponse,
    stopOnCritical: typeof v.stopOnCritical === 'boolean' ? v.stopOnCritical : DEFAULT_OPTIONS.stopOnCritical,
  };
}
