// Which responses are read (getSecurityInfo, then judged), and which go unread. The rule, exact,
// and argued in docs/PERFORMANCE.md ("What is checked"):
//   - every response that can run code or reach the page's data is read, always: documents and
//     frames, scripts (workers and service workers included), stylesheets (attribute selectors that
//     fetch a URL per matching value read the page's data, and CSS rewrites what the page shows),
//     fetch/XHR, websockets, objects, and any type not listed as passive below (an unknown type is
//     read, the safe way);
//   - a passive response (image, font, media) is read when it is its host's first in
//     the tab's page, and after that at random, with probability PASSIVE_SAMPLE_RATE each: an
//     attacker cannot tell which of his responses will be read;
//   - a read that could not get the certificate counts for nothing: the host's next passive
//     response is read again;
//   - the caller reads every response where something is enforced (strict mode, pins), and every
//     response when the user chose "check every response".
// State is in memory only: after an event-page suspension every host starts afresh, the safe way.

/** Response types that cannot run code or read the page's data: sampled, not always read. */
const PASSIVE_TYPES = new Set(['image', 'imageset', 'font', 'media']);

/** The chance that a passive response after its host's first in a page is read. */
export const PASSIVE_SAMPLE_RATE = 0.25;

/** Requests without a tab (tabId -1: workers, the browser's own fetches) share one "page". */
const NO_TAB = -1;

interface Page {
  /** Tells this page from the tab's earlier ones, so a late failure of an old page counts for nothing. */
  serial: number;
  /** Host → when its last read started. */
  checked: Map<string, number>;
}

/** A uniform number in [0, 1) the page cannot predict (crypto.getRandomValues, not Math.random). */
export function unpredictable(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

export function isPassive(type: string): boolean {
  return PASSIVE_TYPES.has(type);
}

export class CheckSchedule {
  private readonly pages = new Map<number, Page>();
  private serial = 0;

  constructor(
    private readonly sampleRate = PASSIVE_SAMPLE_RATE,
    private readonly random: () => number = unpredictable,
  ) {}

  /** A main-frame response starts a new page in its tab: every host is read again. */
  newPage(tabId: number): void {
    this.pages.set(tabId, { serial: ++this.serial, checked: new Map() });
  }

  tabClosed(tabId: number): void {
    this.pages.delete(tabId);
  }

  /** A read of `host` starts now. Returns the page, to hand to failed() should it read nothing. */
  started(tabId: number, host: string, now: number): number {
    const key = tabId < 0 ? NO_TAB : tabId;
    let page = this.pages.get(key);
    if (!page) this.pages.set(key, (page = { serial: ++this.serial, checked: new Map() }));
    page.checked.set(host, now);
    return page.serial;
  }

  /** Whether a response of `host` was read in this tab's page (an ignored host is listed once a page). */
  hasRead(tabId: number, host: string): boolean {
    return this.pages.get(tabId < 0 ? NO_TAB : tabId)?.checked.has(host) ?? false;
  }

  /** Whether this response may go unread: a passive one, of a host already read in this page, not drawn. */
  isCovered(tabId: number, host: string, type: string): boolean {
    if (!PASSIVE_TYPES.has(type)) return false;
    if (!this.hasRead(tabId, host)) return false;
    return this.random() >= this.sampleRate;
  }

  /** The read started at `startedAt` on page `serial` got nothing: it covers nothing after all. */
  failed(tabId: number, serial: number, host: string, startedAt: number): void {
    const page = this.pages.get(tabId < 0 ? NO_TAB : tabId);
    if (page?.serial === serial && page.checked.get(host) === startedAt) page.checked.delete(host);
  }
}
