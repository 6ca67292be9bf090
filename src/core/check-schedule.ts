// Which responses get the full check (held for getSecurityInfo, then judged), and which go at once.
// Holding every response costs every page load the round trip to the event page; most responses
// of a page reuse a connection whose certificate was judged a moment ago. The rule, exact, and
// argued in docs/PERFORMANCE.md ("What is checked"):
//   - every document response (main frame, sub frame) is checked;
//   - the first response of each host in a tab's page is checked;
//   - after that, the host's responses in that page go unread for at most RECHECK_WINDOW_MS from
//     the start of that check, then the next one is checked again; a check that could not read the
//     certificate covers nothing, so the next response is checked;
//   - the caller checks every response where something is enforced (strict mode, pins), and every
//     response when the user chose "check every response".
// State is in memory only: after an event-page suspension everything is checked afresh, the safe way.

export const RECHECK_WINDOW_MS = 10_000;

const DOCUMENT_TYPES = new Set(['main_frame', 'sub_frame']);

/** Requests without a tab (tabId -1: workers, the browser's own fetches) share one "page". */
const NO_TAB = -1;

interface Page {
  /** Tells this page from the tab's earlier ones, so a late check of an old page counts for nothing. */
  serial: number;
  /** Host → when its last check started. */
  checked: Map<string, number>;
}

export class CheckSchedule {
  private readonly pages = new Map<number, Page>();
  private serial = 0;

  constructor(private readonly windowMs = RECHECK_WINDOW_MS) {}

  /** A main-frame response starts a new page in its tab: every host is checked again. */
  newPage(tabId: number): void {
    this.pages.set(tabId, { serial: ++this.serial, checked: new Map() });
  }

  tabClosed(tabId: number): void {
    this.pages.delete(tabId);
  }

  /**
   * A check of `host` starts now: it covers the host's next responses in this tab's page. Returns
   * the page, to hand to failed() should the check read nothing.
   */
  started(tabId: number, host: string, now: number): number {
    const key = tabId < 0 ? NO_TAB : tabId;
    let page = this.pages.get(key);
    if (!page) this.pages.set(key, (page = { serial: ++this.serial, checked: new Map() }));
    page.checked.set(host, now);
    return page.serial;
  }

  /** Whether this response may go unchecked, covered by a recent check in the same tab's page. */
  isCovered(tabId: number, host: string, type: string, now: number): boolean {
    if (DOCUMENT_TYPES.has(type)) return false;
    const checkedAt = this.pages.get(tabId < 0 ? NO_TAB : tabId)?.checked.get(host);
    return checkedAt !== undefined && now - checkedAt < this.windowMs;
  }

  /** The check started at `startedAt` on page `serial` read nothing: it covers nothing after all. */
  failed(tabId: number, serial: number, host: string, startedAt: number): void {
    const page = this.pages.get(tabId < 0 ? NO_TAB : tabId);
    if (page?.serial === serial && page.checked.get(host) === startedAt) page.checked.delete(host);
  }
}
