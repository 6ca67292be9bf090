// @vitest-environment happy-dom
// A change in the popup: the summary and the decision in view, the two certificates behind "Show
// details": open for a warning or worse, which the user must weigh, closed for a routine notice.
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { KnownKey } from '../../../src/core/trust-record.js';
import type { HostReport } from '../../../src/protocol.js';
import { KeyComparison } from '../../../src/ui/components/KeyComparison.js';

const t = (name: string, subs?: string[]) => (subs ? `${name}(${subs.join(',')})` : name);
const key = (spki: string, status: KnownKey['status']) => ({ spkiSha256: spki, issuerSpkiSha256: 'I', chainSpki: [spki, 'I', 'R'], chainSubjects: ['CN=a', 'CN=I', 'CN=R'], status,
  firstSeen: 0, lastSeen: 0, timesSeen: 1, builtInRoot: true, ctStatus: '', tlsVersion: '',
  cert: { subject: 'CN=a', issuer: 'CN=I', spkiSha256: spki, fingerprintSha256: `F${spki}`, serialNumber: '1', notBefore: 0, notAfter: 1 } }) as unknown as KnownKey;

function draw(severity: HostReport['severity']): HTMLElement {
  const root = document.createElement('div');
  const report: HostReport = { host: 'a.test', kind: 'key-change', severity, reasons: [], incognito: false, observed: key('NEW', 'pending'), previous: key('OLD', 'first-use') };
  render(h(KeyComparison, { report, now: 0, t, onDecide: () => undefined }), root);
  return root;
}

describe('a change\'s certificates', () => {
  it.each([['notice', false], ['warning', true], ['critical', true]] as const)('at %s are behind "Show details", open: %s', (severity, open) => {
    const root = draw(severity);
    const details = root.querySelector('details[data-role="details"]') as HTMLDetailsElement;
    expect(details.open).toBe(open);
    expect(details.querySelector('summary[data-action="show-details"]')?.textContent).toBe('showDetails');
    // Both cards are there either way, and the decision is outside, always in view.
    expect(details.querySelectorAll('section.cert')).toHaveLength(2);
    expect(root.querySelector('[data-action="reject"]')?.closest('details')).toBeNull();
  });
});
