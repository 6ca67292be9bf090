// The popup's first words: what the loudest thing on the tab is, in words, with advice; and a
// sentence of its own for each kind of page with nothing to check.
import { describe, expect, it } from 'vitest';
import { headline } from '../../../src/ui/popup/headline.js';
import type { HostReport, TabReport } from '../../../src/protocol.js';
import { readFileSync } from 'node:fs';
import { verdictLabel } from '../../../src/ui/components/HostRow.js';

const messages = JSON.parse(readFileSync(new URL('../../../extension/_locales/en/messages.json', import.meta.url), 'utf8')) as Record<string, { message: string }>;

const host = (name: string, kind: HostReport['kind'], severity: HostReport['severity'], resolution?: 'accepted' | 'rejected'): HostReport =>
  ({ host: name, kind, severity, reasons: [], incognito: false, ...(resolution ? { resolution } : {}) });
const tab = (hosts: HostReport[], pageUrl: string | null = 'https://a.test/', siteAccess = true): TabReport =>
  ({ tabId: 1, pageUrl, hosts, interception: null, storage: { kind: 'ok' }, siteAccess });

describe('popup headline', () => {
  it('names the loudest host and says what to do', () => {
    const h = headline(tab([host('cdn.test', 'key-change', 'notice'), host('xn--bcher-kva.test', 'rejected-key', 'critical'), host('a.test', 'match', 'none')]));
    expect([h.state, h.title, h.titleSubs, h.advice, h.host?.host]).toEqual(['critical', 'headline_critical', ['bücher.test (xn--bcher-kva.test)'], 'advice_critical', 'xn--bcher-kva.test']);
    expect(headline(tab([host('bank.test', 'issuer-change', 'warning')])).title).toBe('headline_warning');
  });

  it('calls a routine change routine, and an undecided one undecided, never "could not be checked"', () => {
    expect(headline(tab([host('a.test', 'key-change', 'notice')])).title).toBe('headline_routine');
    expect(headline(tab([host('a.test', 'unresolved', 'notice')])).title).toBe('headline_unresolved');
    // An undecided change asks for the decision: never "nothing to do unless it surprises you".
    expect(headline(tab([host('a.test', 'unresolved', 'notice')])).advice).toBe('advice_unresolved');
    expect(headline(tab([host('a.test', 'shared-connection', 'notice')])).title).toBe('headline_notice');
  });

  it('describes a routine change in the same words in the headline and in its row', () => {
    const routine = host('a.test', 'key-change', 'notice');
    const row = messages[verdictLabel(routine)]!.message;
    expect(messages[headline(tab([routine])).title]!.message.replace(' on $P1$', '')).toBe(row);
    expect(messages[verdictLabel(host('a.test', 'issuer-change', 'notice'))]!.message).toBe(row);
    // A change that warns is not called routine.
    expect(verdictLabel(host('a.test', 'key-change', 'warning'))).toBe('verdict_key_change');
  });

  it('drops a change once the user accepted it', () => {
    expect(headline(tab([host('a.test', 'issuer-change', 'warning', 'accepted')])).state).toBe('known');
    expect(headline(tab([host('a.test', 'issuer-change', 'warning', 'rejected')])).state).toBe('warning');
  });

  it('tells first use, all known, and each page with nothing to check apart', () => {
    expect(headline(tab([host('a.test', 'first-use', 'none')])).state).toBe('first-use');
    expect(headline(tab([host('a.test', 'match', 'none'), host('b.test', 'renewal', 'info')])).state).toBe('known');
    expect(headline(tab([], 'http://plain.test/')).state).toBe('plain-http');
    expect(headline(tab([], 'about:blank')).state).toBe('blank');
    expect(headline(tab([], 'file:///home/x.html')).state).toBe('unsupported');
    expect(headline(tab([], 'https://a.test/')).state).toBe('nothing-yet');
    expect(headline(tab([], null)).state).toBe('nothing-yet');
  });

  it('says FirstSeen cannot see, above everything else, when it has no access', () => {
    expect(headline(tab([host('a.test', 'rejected-key', 'critical')], 'https://a.test/', false)).state).toBe('no-access');
  });
});
