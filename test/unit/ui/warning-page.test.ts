// @vitest-environment happy-dom
// The warning page, one severity per reason: a changed key is "may not be the site you expect"
// with what is at stake; a page that could not be checked says that, with no red octagon; "Go
// back" has the focus; "Advanced…" is a button beside it; the ways past the stop are offered only
// where they can be taken.
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { BlockReason } from '../../../src/core/enforcement.js';
import type { KnownKey } from '../../../src/core/trust-record.js';
import type { BlockDetails } from '../../../src/protocol.js';
import { Warning } from '../../../src/ui/warning/Warning.js';

const t = (name: string, subs?: string[]) => (subs ? `${name}(${subs.join(',')})` : name);
const key = { spkiSha256: 'K', issuerSpkiSha256: 'I', chainSpki: ['K', 'I', 'R'], chainSubjects: ['CN=a', 'CN=I', 'CN=R'], status: 'pending', firstSeen: 0, lastSeen: 0, timesSeen: 1,
  builtInRoot: true, ctStatus: '', tlsVersion: '', cert: { subject: 'CN=a', issuer: 'CN=I', spkiSha256: 'K', fingerprintSha256: 'F', serialNumber: '1', notBefore: 0, notAfter: 1 } } as unknown as KnownKey;

function draw(reason: BlockReason, over: Partial<BlockDetails> = {}, withActions = true): HTMLElement {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const details: BlockDetails = { host: 'bank.test', url: 'https://bank.test/', reason, verdict: null, observed: key, expectedKeys: [], pins: [], ...over };
  const actions = { goBack: () => undefined, trust: () => undefined, ...(withActions ? { continueOnce: () => undefined } : {}) };
  render(h(Warning, { details, error: null, now: 0, t, actions }), root);
  return root;
}

describe('the warning page', () => {
  it('says a changed key may not be the site expected, what is at stake and what to do, with Go back focused', async () => {
    const root = draw('key-mismatch');
    await new Promise((r) => setTimeout(r, 50)); // preact runs effects after the paint
    expect(root.querySelector('h1')?.textContent).toBe('warningHeadline(bank.test)');
    expect(root.querySelector('.warning-head')?.getAttribute('data-kind')).toBe('changed');
    expect(root.querySelector('.warning-head img')?.getAttribute('src')).toBe('/icons/state-warning.svg');
    expect(root.querySelector('[data-role="at-stake"]')).not.toBeNull();
    expect(root.querySelector('[data-role="what-to-do"]')?.textContent).toBe('warningWhatToDoChanged');
    const [back, advanced] = [...root.querySelectorAll('.actions button')];
    expect([back?.getAttribute('data-action'), advanced?.getAttribute('data-action')]).toEqual(['back', 'advanced']);
    expect(document.activeElement).toBe(back);
    expect(advanced?.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('[data-action="continue-once"]')).not.toBeNull();
    expect(root.querySelector('a[data-action="view-certificate"]')?.getAttribute('href')).toBe('certificate.html?host=bank.test&spki=K');
  });

  it('shows a critical stop as critical', () => {
    const root = draw('critical', { verdict: { kind: 'interception', severity: 'critical', reasons: [] } });
    expect(root.querySelector('.warning-head img')?.getAttribute('src')).toBe('/icons/state-critical.svg');
  });

  it.each(['unverifiable', 'settings-unavailable'] as const)('says a page that could not be checked (%s) was not checked, with no sign of a changed key', (reason) => {
    const root = draw(reason, { observed: null });
    expect(root.querySelector('h1')?.textContent).toBe('warningHeadlineUnchecked(bank.test)');
    expect(root.querySelector('.warning-head img')?.getAttribute('src')).toBe('/icons/state-notice.svg');
    expect(root.querySelector('[data-role="at-stake"]')).toBeNull();
    expect(root.querySelector('[data-role="what-to-do"]')?.textContent).toBe('warningWhatToDoUnchecked');
    expect(root.querySelector('[data-action="continue-once"]')).toBeNull();
    expect(root.querySelector('[data-action="trust"]')).toBeNull();
  });

  it('offers no way past the organisation\'s pins', () => {
    const root = draw('managed-pin');
    expect(root.querySelector('[data-action="continue-once"]')).toBeNull();
    expect(root.querySelector('[data-action="trust"]')).toBeNull();
    expect(root.querySelector('[data-role="managed"]')).not.toBeNull();
  });

  it('asks for no check nobody can do: the acknowledgement says what trusting does', () => {
    const root = draw('key-mismatch');
    const label = root.querySelector('input[data-action="confirm"]')?.closest('label')?.textContent ?? '';
    expect(label).toContain('warningConfirm(bank.test)');
    expect((root.querySelector('button[data-action="trust"]') as HTMLButtonElement).disabled).toBe(true);
  });
});
