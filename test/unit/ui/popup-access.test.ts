// @vitest-environment happy-dom
// The popup never reads "nothing unusual" while FirstSeen cannot see sites: it says so, with Allow.
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../../src/ui/popup/Popup.js';
import type { TabReport } from '../../../src/protocol.js';

const t = (name: string) => name;
const report = (siteAccess: boolean): TabReport => ({ tabId: 1, pageUrl: 'https://a.test/', hosts: [], interception: null, storage: { kind: 'ok' }, siteAccess });

describe('the popup without site access', () => {
  it('says FirstSeen cannot see sites, and its button asks for access', () => {
    const root = document.createElement('div');
    let asked = 0;
    render(h(Popup, { report: report(false), error: null, now: 0, t, actions: { decide: () => undefined, manage: () => undefined, allowAccess: () => void asked++ } }), root);
    expect(root.querySelector('[data-access="missing"]')?.textContent).toContain('headline_no_access');
    (root.querySelector('[data-action="allow-access"]') as HTMLButtonElement).click();
    expect(asked).toBe(1);
  });

  it('shows no such banner with access', () => {
    const root = document.createElement('div');
    render(h(Popup, { report: report(true), error: null, now: 0, t, actions: { decide: () => undefined, manage: () => undefined, allowAccess: () => undefined } }), root);
    expect(root.querySelector('[data-access]')).toBeNull();
  });
});
