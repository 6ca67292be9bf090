// @vitest-environment happy-dom
// An import's changes to how checking is done, listed before it is applied; those that turn
// checking off are marked.
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { PolicyChangeList } from '../../../src/ui/manager/PolicyChangeList.js';

const t = (name: string, subs?: string[]) => (subs ? `${name}(${subs.join(',')})` : name);

describe('the import preview\'s policy changes', () => {
  it('lists each rule, mode and pin, and marks what turns checking off', () => {
    const root = document.createElement('div');
    render(h(PolicyChangeList, {
      t,
      changes: {
        rulesAdded: ['**.bank.example'],
        modesAdded: [{ host: 'www.bank.example', mode: 'ignore' }, { host: 'pay.example', mode: 'strict' }],
        pinsAdded: [{ pattern: 'api.example', spkiSha256: `${'A'.repeat(43)}=`, addedAt: 0, expiresAt: null }],
      },
    }), root);
    const items = [...root.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-policy-change'))).toEqual(['rule', 'mode', 'mode', 'pin']);
    expect(items.filter((li) => li.classList.contains('turns-off')).map((li) => li.textContent)).toEqual([
      'policyChangeRule(**.bank.example)', 'policyChangeMode(www.bank.example,mode_watch,mode_ignore)',
    ]);
    expect(items[3]!.textContent).toBe(`policyChangePin(api.example,${'A'.repeat(43)}=,pinNoExpiry)`);
  });

  it('flags a pin that has already expired: it is kept, but enforces nothing', () => {
    const root = document.createElement('div');
    const pin = (expiresAt: number | null) => ({ pattern: 'example.com', spkiSha256: `${'B'.repeat(43)}=`, addedAt: 0, expiresAt });
    render(h(PolicyChangeList, { t, now: Date.parse('2026-11-27T00:00:00Z'), changes: { rulesAdded: [], modesAdded: [],
      pinsAdded: [pin(Date.parse('2018-01-01T00:00:00Z')), { ...pin(Date.parse('2027-01-01T00:00:00Z')), pattern: 'b.example' }] } }), root);
    const items = [...root.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-expired'))).toEqual(['true', null]);
    expect(items[0]!.textContent).toMatch(/^policyChangePinExpired\(example\.com,/);
    expect(items[1]!.textContent).toMatch(/^policyChangePin\(b\.example,/);
  });

  it('shows nothing when the file changes no setting', () => {
    const root = document.createElement('div');
    render(h(PolicyChangeList, { t, changes: { rulesAdded: [], modesAdded: [], pinsAdded: [] } }), root);
    expect(root.childNodes.length).toBe(0);
  });
});
