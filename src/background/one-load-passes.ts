// "Continue once": the warning page's choice to load a stopped page this one time, trusting
// nothing. A pass lets the same key of the same host through in that tab for the load it asked
// for (the page and its subresources), and ends with the tab's next navigation or after a few
// minutes. Kept in memory only: it is used within a second of being granted, and a private
// window's must never reach the disk.
import type { Verdict } from '../core/verdict.js';

/** A pass not used within this time is gone: the user should decide afresh. */
export const PASS_LIFETIME_MS = 5 * 60 * 1000;

interface Pass {
  host: string;
  spkiSha256: string;
  url: string;
  until: number;
  /** The load it was granted for has started in the tab. */
  started: boolean;
}

export class OneLoadPasses {
  private readonly passes = new Map<number, Pass>();

  constructor(private readonly now: () => number) {}

  grant(tabId: number, host: string, spkiSha256: string, url: string): void {
    this.passes.set(tabId, { host, spkiSha256, url, until: this.now() + PASS_LIFETIME_MS, started: false });
  }

  /** A main-frame load starts in the tab: the load granted for keeps its pass, any other ends it. */
  pageStarted(tabId: number, url: string): void {
    const pass = this.passes.get(tabId);
    if (!pass) return;
    if (!pass.started && url === pass.url) pass.started = true;
    else this.passes.delete(tabId);
  }

  /** Whether this stopped verdict goes through once: same tab, host and key, within the time. */
  allows(tabId: number, verdict: Verdict): boolean {
    const pass = this.passes.get(tabId);
    if (!pass || this.now() > pass.until) return false;
    // The organisation's pins are not the user's to waive (managed-policy.ts).
    if (verdict.blocked === 'managed-pin') return false;
    return pass.host === verdict.host && pass.spkiSha256 === verdict.observed?.spkiSha256;
  }

  tabClosed(tabId: number): void {
    this.passes.delete(tabId);
  }
}
