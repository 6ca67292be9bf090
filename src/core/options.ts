// Options of this device, not of the trust history: how hard to look, not what to trust. They are
// not exported; a history moved to another machine leaves that machine's choices alone.

export interface Options {
  /**
   * Check every response, not only the first of each host in a page and then one per window
   * (check-schedule.ts). Slower on every page load; for users who want no window at all.
   */
  checkEveryResponse: boolean;
}

export const DEFAULT_OPTIONS: Options = { checkEveryResponse: false };

/** Options from storage, any unreadable part replaced by its default. */
export function readOptions(value: unknown): Options {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    checkEveryResponse: typeof v.checkEveryResponse === 'boolean' ? v.checkEveryResponse : DEFAULT_OPTIONS.checkEveryResponse,
  };
}
