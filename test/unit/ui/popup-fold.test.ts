// @vitest-environment happy-dom
// A page talks to many hosts: past a few with nothing to say, those fold into one line, and the
// changes are what the popup shows.
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../../src/ui/popup/Popup.js';
import type { HostReport, TabReport } from '../../../src/protocol.js';

const t = (name: string, subs?: string[]) => (subs ? `${name}(${subs.join(',')})` : name);
const host = (name: string, kind: HostReport['kind'], severity: HostReport['severity']): HostReport => ({ host: name, kind, severity, reasons: [], incognito: false });
const report = (hosts: HostReport[]): TabReport => ({ tabId: 1, pageUrl: 'https://a.test/', hosts, interception: null, storage: { kind: 'ok' }, siteAccess: true });
const actions = { decide: () => undefined, manage: () => undefined, allowAccess: () => undefined };

function draw(hosts: HostReport[]): HTMLElement {
  const root = document.createElement('div');
  render(h(Popup, { report: report(hosts), error: null, now: 0, t, actions }), root);
  return root;
}

const shownOutside = (root: HTMLElement) => [...root.querySelectorAll('li.host')].filter((li) => !li.closest('details')).map((li) => li.getAttribute('data-host'));

describe('the popup with many hosts', () => {
  it('folds the quiet hosts into one line when there are more than three, and keeps every change in view', () => {
    const quiet = Array.from({ length: 13 }, (_, i) => host(`s${i}.test`, i % 3 === 0 ? 'first-use' : 'match', 'none'));
    const root = draw([...quiet, host('bank.test', 'key-change', 'warning'), host('cdn.test', 'key-change', 'notice')]);
    expect(shownOutside(root)).toEqual(['bank.test', 'cdn.test']);
    const fold = root.querySelector('details[data-role="quiet-hosts"]')!;
    expect(fold.getAttribute('data-count')).toBe('13');
    expect(fold.hasAttribute('open')).toBe(false);
    expect(fold.querySelector('summary')?.textContent).toBe('quietHostsSummary_other(13)');
    // Folded, not dropped: every host is still there (and its hooks) behind the line.
    expect(fold.querySelectorAll('li.host')).toHaveLength(13);
  });

  it('shows a few quiet hosts as they are, and never folds a blocked one', () => {
    const root = draw([host('a.test', 'match', 'none'), host('b.test', 'first-use', 'none'), host('c.test', 'match', 'none')]);
    expect(root.querySelector('[data-role="quiet-hosts"]')).toBeNull();
    expect(shownOutside(root)).toEqual(['a.test', 'b.test', 'c.test']);
    const many = Array.from({ length: 5 }, (_, i) => host(`q${i}.test`, 'match', 'none'));
    const stopped = { ...host('strict.test', 'match', 'none'), blocked: 2 };
    expect(shownOutside(draw([...many, stopped]))).toEqual(['strict.test']);
    // With nothing else to show, the line does not say "other".
    expect(draw(many).querySelector('[data-role="quiet-hosts"] summary')?.textContent).toBe('quietHostsAll_other(5)');
  });
});
