// Warnings that reach the user outside the toolbar: a desktop notification for a warning or a
// critical verdict, once the user has allowed notifications. One per host and key on a tab's page,
// never for a private window (a notification outlives the window, in the system's notification
// centre). Clicking it opens the popup's content for that tab in a page.
import type { Verdict } from '../core/verdict.js';
import { hostLabel } from '../core/host-display.js';
import { logOnce } from '../platform/log.js';
import type { Notifications } from '../platform/notifications.js';

const PREFIX = 'firstseen-tab-';

/** The tab a notification is about, from its id; null for another id. */
export function tabOfNotification(id: string): number | null {
  const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(id);
  return m ? Number(m[1]) : null;
}

export class WarningNotifier {
  /** What was notified on each tab's page: host and key. */
  private readonly sent = new Set<string>();
  private count = 0;

  constructor(
    private readonly notifications: Notifications,
    private readonly message: (name: string, substitutions?: string[]) => string,
  ) {}

  async note(tabId: number, verdict: Verdict, incognito: boolean): Promise<void> {
    if (incognito || tabId < 0 || (verdict.severity !== 'warning' && verdict.severity !== 'critical')) return;
    const what = `${tabId} ${verdict.host} ${verdict.observed?.spkiSha256 ?? ''}`;
    if (this.sent.has(what)) return;
    // Letters, digits and dashes only: the id is handed to the system's notification service.
    const id = `${PREFIX}${tabId}-${++this.count}`;
    try {
      if (!(await this.notifications.granted())) return;
      this.sent.add(what);
      await this.notifications.show(id, this.message(`headline_${verdict.severity}`, [hostLabel(verdict.host)]), this.message(`advice_${verdict.severity}`));
    } catch (error) {
      logOnce('could not show a notification', error);
    }
  }

  /** A new page in the tab: its warnings may notify again. */
  pageStarted(tabId: number): void {
    for (const what of this.sent) if (what.startsWith(`${tabId} `)) this.sent.delete(what);
  }
}
