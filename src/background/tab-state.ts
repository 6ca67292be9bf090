// What each tab's current page has shown: one entry per host it talked to, with the loudest verdict.
// Kept in memory and mirrored to storage.session, so a suspended event page finds it again and the
// popup can read it. storage.session is memory-only: nothing here reaches the disk.
import { severityRank, maxSeverity, type Severity } from '../core/severity.js';
import { sameKey, type KeyDecision, type KeyRef } from '../core/trust-record.js';
import type { Verdict, VerdictKind } from '../core/verdict.js';
import type { Badge } from '../platform/badge.js';
import type { BadgeState } from '../platform/badge-style.js';
import type { SessionArea } from '../platform/session-area.js';
import { logOnce } from '../platform/log.js';

export interface TabHostEntry {
  host: string;
  kind: VerdictKind;
  severity: Severity;
  reasons: string[];
  /** When the response behind this verdict was seen: the page's first word is the earliest one. */
  at?: number;
  observed?: KeyRef;
  previous?: KeyRef;
  /** Set once the user decided on the observed key from the popup. */
  resolution?: 'accepted' | 'rejected';
  incognito: boolean;
  /** Responses from this host that strict mode or a pin stopped on this page. */
  blocked?: number;
  /** For 'inspected': the organisation's name for its inspection proxy. */
  inspectedBy?: string;
}

export interface TabState {
  tabId: number;
  /** The URL of the page's document, as the main-frame response gave it. */
  pageUrl: string;
  /** The main-frame request that brought the page: redirects keep it, a new navigation does not. */
  pageRequestId: string | null;
  /** When that request's response came (Firefox's event time), to tell a late commit of an earlier page. */
  pageStartedAt?: number;
  /** Whether this page's document has committed (webNavigation.onCommitted for its URL came). */
  pageCommitted?: boolean;
  /**
   * Pages of this tab whose response came but whose commit had not when this page's response came:
   * their commit may still arrive, and is theirs, not a new page (at most a few, newest first).
   */
  uncommittedBefore?: string[];
  hosts: TabHostEntry[];
}

const keyOf = (tabId: number) => `tab:${tabId}`;

function isTabState(value: unknown, tabId: number): value is TabState {
  const v = value as TabState | undefined;
  return typeof v === 'object' && v !== null && v.tabId === tabId && typeof v.pageUrl === 'string' && Array.isArray(v.hosts);
}

/** The severity a tab's badge shows: the loudest unresolved entry. */
export function tabSeverity(state: TabState | undefined): Severity {
  let top: Severity = 'none';
  for (const e of state?.hosts ?? []) if (e.resolution !== 'accepted') top = maxSeverity(top, e.severity);
  return top;
}

/**
 * The button's state for a tab's page: nothing seen yet, a first visit (a key remembered now, which
 * nothing could check), every key known, or its loudest verdict.
 */
export function buttonState(state: TabState | undefined): BadgeState {
  if (!state || state.hosts.length === 0) return 'idle';
  const top = tabSeverity(state);
  if (top !== 'none' && top !== 'info') return top;
  return state.hosts.some((e) => e.kind === 'first-use') ? 'first-use' : 'known';
}

/**
 * How long a tab's changed state waits for its write to storage.session, gathering the changes a
 * page load brings (a new page, then each host's first verdict): one message to Firefox, carrying
 * the whole state, instead of one per host. The state in memory is current at once; the write is
 * only for finding it again after a suspension, which comes after 30 s of quiet (1 s in the tests).
 */
export const SAVE_MS = 100;

/** Earlier pages whose late commit a tab still expects: a burst of navigations is a few deep. */
const MAX_UNCOMMITTED = 4;

/**
 * Whether a commit for `url` belongs to a page before the tab's current one. Firefox stamps a
 * commit when the content process's word of it reaches the parent, and the parent itself fetches
 * the next page: with the CPU busy, the previous document's commit can be stamped after the next
 * page's response (it sank a private-window test in a full run). Its URL names it: a page whose
 * response came, replaced before its commit. Once the current page has committed, no earlier
 * page's commit is pending any more: a commit elsewhere is a new page (a cached document, http).
 */
function isEarlierPagesCommit(state: TabState, url: string, at: number | undefined): boolean {
  if (state.pageStartedAt !== undefined && at !== undefined && at < state.pageStartedAt) return true;
  return !state.pageCommitted && (state.uncommittedBefore ?? []).includes(url);
}

export class TabStates {
  private readonly tabs = new Map<number, TabState>();
  /** FirstSeen has no access to the sites (access-watch.ts): every button says so. */
  private blind = false;
  /** The state each tab's button was last set to. */
  private readonly shown = new Map<number, BadgeState>();
  /** Tabs whose state changed since it was last written. */
  private readonly unsaved = new Set<number>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly area: SessionArea,
    private readonly badge: Badge,
  ) {}

  /**
   * A new document is arriving in the tab: forget the previous page's hosts. A redirect of the same
   * request keeps them, so a change on the redirecting host stays in view. Synchronous on purpose.
   */
  startPage(tabId: number, pageUrl: string, requestId: string | null, startedAt?: number): void {
    const current = this.tabs.get(tabId);
    if (current && requestId !== null && current.pageRequestId === requestId) {
      current.pageUrl = pageUrl;
    } else {
      const next: TabState = { tabId, pageUrl, pageRequestId: requestId, hosts: [], ...(startedAt !== undefined ? { pageStartedAt: startedAt } : {}) };
      const pending = current && !current.pageCommitted ? [current.pageUrl, ...(current.uncommittedBefore ?? [])].slice(0, MAX_UNCOMMITTED) : [];
      if (requestId !== null && pending.length > 0) next.uncommittedBefore = pending;
      this.tabs.set(tabId, next);
    }
    this.save(tabId);
  }

  async get(tabId: number): Promise<TabState | undefined> {
    const known = this.tabs.get(tabId);
    if (known) return known;
    const stored = await this.area.get(keyOf(tabId));
    // A page started while we read: it is newer than what was stored.
    const raced = this.tabs.get(tabId);
    if (raced) return raced;
    if (!isTabState(stored, tabId)) return undefined;
    this.tabs.set(tabId, stored);
    return stored;
  }

  /** Adds a verdict to the tab's page. A louder verdict for a host replaces a quieter one. */
  async record(tabId: number, verdict: Verdict, incognito: boolean): Promise<void> {
    const state = await this.get(tabId);
    if (!state) return;
    const entry: TabHostEntry = {
      host: verdict.host,
      kind: verdict.kind,
      severity: verdict.severity,
      reasons: verdict.reasons,
      at: verdict.at,
      incognito,
      ...(verdict.observed ? { observed: verdict.observed } : {}),
      ...(verdict.previous ? { previous: verdict.previous } : {}),
      ...(verdict.inspectedBy !== undefined ? { inspectedBy: verdict.inspectedBy } : {}),
    };
    if (verdict.blocked) entry.blocked = 1;
    const i = state.hosts.findIndex((e) => e.host === verdict.host);
    if (i === -1) state.hosts.push(entry);
    else {
      const old = state.hosts[i]!;
      // The page's first word on a host stays (a first use is not hidden by the favicon's match),
      // unless a louder verdict comes, or a judged one replaces an unchecked one. First by when the
      // response was seen, not when its verdict arrived: a later response's remembered match can
      // overtake the full judgement of the one before it (repeat-sightings.ts).
      const louder = severityRank(entry.severity) > severityRank(old.severity);
      const judgedNow = old.kind === 'unchecked' && entry.kind !== 'unchecked';
      const earlier = severityRank(entry.severity) === severityRank(old.severity) && entry.kind !== 'unchecked' &&
        old.at !== undefined && verdict.at < old.at && old.resolution === undefined;
      const blocked = (old.blocked ?? 0) + (verdict.blocked ? 1 : 0);
      if (louder || judgedNow || earlier) state.hosts[i] = entry;
      else if (!verdict.blocked) return;
      if (blocked > 0) state.hosts[i]!.blocked = blocked;
    }
    this.save(tabId);
    await this.showBadge(tabId);
  }

  /** The user decided on a key, or took the decision back (`undecided`): every tab showing it follows. */
  async resolve(host: string, key: KeyRef, resolution: KeyDecision): Promise<void> {
    for (const state of this.tabs.values()) {
      let changed = false;
      for (const e of state.hosts) {
        if (e.host === host && e.observed && sameKey(e.observed, key)) {
          if (resolution === 'undecided') delete e.resolution;
          else e.resolution = resolution;
          changed = true;
        }
      }
      if (changed) {
        this.save(state.tabId);
        await this.showBadge(state.tabId, true);
      }
    }
  }

  /**
   * Navigation resets a tab's badge: show it again once the document is committed. `at` is the
   * commit's event time: under load, the commit of the previous page can reach us after the next
   * page's response (the two come by different routes), and must not wipe the new page's verdicts
   * (isEarlierPagesCommit).
   */
  async committed(tabId: number, url: string, at?: number, warningPage = false): Promise<void> {
    const state = await this.get(tabId);
    // FirstSeen's own warning page stands in for the page it stopped: the tab keeps that page's
    // verdicts, so its button still says why.
    const stale = warningPage || (state !== undefined && state.pageUrl !== url && isEarlierPagesCommit(state, url, at));
    if (state && stale && !warningPage) {
      // Expected once: a later commit of the same URL is a new visit to it.
      const rest = (state.uncommittedBefore ?? []).filter((u) => u !== url);
      if (rest.length > 0) state.uncommittedBefore = rest;
      else delete state.uncommittedBefore;
      this.save(tabId);
    }
    // A page FirstSeen did not see arrive (plain http, about:, a cached document) has no hosts yet.
    if (!state || (state.pageUrl !== url && !stale)) this.startPage(tabId, url, null);
    // The warning page commits in place of the stopped page, whose own commit never comes.
    const page = this.tabs.get(tabId)!;
    if ((page.pageUrl === url || warningPage) && !page.pageCommitted) {
      page.pageCommitted = true;
      delete page.uncommittedBefore;
      this.save(tabId);
    }
    // Every commit is a navigation, which resets the button: only what differs from the reset is
    // set (partsToSet). A reset that comes after this is repaired in full by loaded().
    await this.showBadge(tabId, true, true);
  }

  /**
   * The page's document has loaded: make sure its button still shows its state. Firefox resets a
   * tab's button when the new location reaches the toolbar, and under load that can come after
   * onCommitted has reached us (seen here about once in 100 loads with the CPU busy): without this
   * the page would keep an unlit button however loud its verdict.
   */
  async loaded(tabId: number): Promise<void> {
    if (!(await this.get(tabId))) return;
    // Verify, and repair only if reset: one call to read the button instead of four to set it,
    // twice per page load (DOMContentLoaded, load), since the reset has mostly come by then.
    const state = this.wanted(tabId);
    if (await this.badge.shows(tabId, state)) {
      this.shown.set(tabId, state);
      return;
    }
    await this.showBadge(tabId, true);
  }

  removed(tabId: number): void {
    this.tabs.delete(tabId);
    this.shown.delete(tabId);
    this.unsaved.delete(tabId);
    void this.area.remove(keyOf(tabId));
  }

  private save(tabId: number): void {
    this.unsaved.add(tabId);
    this.saveTimer ??= setTimeout(() => {
      this.flush().catch((error: unknown) => logOnce('could not keep a tab\'s state for after a suspension', error));
    }, SAVE_MS);
  }

  /** Writes every changed tab's state now (also when the event page is about to be suspended). */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const writes: Promise<void>[] = [];
    for (const tabId of this.unsaved) {
      const state = this.tabs.get(tabId);
      if (state) writes.push(this.area.set(keyOf(tabId), state));
    }
    this.unsaved.clear();
    await Promise.all(writes);
  }

  /** Access to the sites was revoked or granted again: every known tab's button follows. */
  async setBlind(blind: boolean): Promise<void> {
    if (this.blind === blind) return;
    this.blind = blind;
    await Promise.all([...this.tabs.keys()].map((tabId) => this.showBadge(tabId, true)));
  }

  /** The state the tab's button should show now. */
  private wanted(tabId: number): BadgeState {
    return this.blind ? 'no-access' : buttonState(this.tabs.get(tabId));
  }

  /**
   * Sets the tab's button. Within a page, a state already shown is not set again: a page's hosts
   * each add a verdict, and four API calls per response added up on a page load. Navigation (where
   * Firefox resets the button), a decision and a change of access always set it (`force`).
   */
  private async showBadge(tabId: number, force = false, atNavigation = false): Promise<void> {
    const state = this.wanted(tabId);
    if (!force && this.shown.get(tabId) === state) return;
    this.shown.set(tabId, state);
    await this.badge.show(tabId, state, atNavigation);
  }
}
