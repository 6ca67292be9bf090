// Desktop notifications: only for warnings and critical verdicts, only when allowed, never for a
// private window, once per host and key on a page; the id names the tab a click opens.
import { describe, expect, it } from 'vitest';
import { tabOfNotification, WarningNotifier } from '../../../src/background/warning-notifier.js';
import type { Verdict } from '../../../src/core/verdict.js';
import type { Notifications } from '../../../src/platform/notifications.js';

function fake(granted: boolean) {
  const shown: { id: string; title: string; message: string }[] = [];
  const n: Notifications = { granted: async () => granted, show: async (id, title, message) => void shown.push({ id, title, message }), onClicked: () => undefined, clear: async () => undefined };
  return { n, shown };
}
const v = (severity: Verdict['severity'], spki = 'A'): Verdict => ({ host: 'bank.test', kind: 'issuer-change', severity, reasons: [], observed: { spkiSha256: spki, issuerSpkiSha256: 'I' } } as unknown as Verdict);
const message = (name: string, subs?: string[]) => `${name}(${subs?.join(',') ?? ''})`;

describe('warning notifications', () => {
  it('shows warnings and critical verdicts once per host and key on a page, with the headline and advice', async () => {
    const { n, shown } = fake(true);
    const notifier = new WarningNotifier(n, message);
    await notifier.note(4, v('notice'), false);
    await notifier.note(4, v('warning'), false);
    await notifier.note(4, v('warning'), false);
    await notifier.note(4, v('critical', 'B'), false);
    expect(shown.map((s) => [tabOfNotification(s.id), s.title, s.message])).toEqual([
      [4, 'headline_warning(bank.test)', 'advice_warning()'],
      [4, 'headline_critical(bank.test)', 'advice_critical()'],
    ]);
    expect(shown.every((s) => /^[a-z0-9-]+$/.test(s.id))).toBe(true);
    notifier.pageStarted(4);
    await notifier.note(4, v('warning'), false);
    expect(shown).toHaveLength(3);
  });

  it('shows nothing for a private window, or when notifications are not allowed', async () => {
    const allowed = fake(true);
    await new WarningNotifier(allowed.n, message).note(4, v('critical'), true);
    expect(allowed.shown).toEqual([]);
    const refused = fake(false);
    await new WarningNotifier(refused.n, message).note(4, v('critical'), false);
    expect(refused.shown).toEqual([]);
    expect(tabOfNotification('something-else')).toBeNull();
  });
});
