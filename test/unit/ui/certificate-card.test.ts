// @vitest-environment happy-dom
// What the user reads is what the certificate says: hidden and reordering characters are shown as
// escapes, and issuer and root are compared by key, not by a name anyone can copy.
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { CertificateCard } from '../../../src/ui/components/CertificateCard.js';
import { visibleText } from '../../../src/core/visible-text.js';
import type { KnownKey } from '../../../src/core/trust-record.js';

const t = (name: string, subs?: string[]) => (subs ? `${name}(${subs.join(',')})` : name);
const spki = (c: string) => `${c.repeat(43)}=`;
const key = (over: Partial<KnownKey>, cert: Partial<KnownKey['cert']> = {}): KnownKey => ({
  spkiSha256: spki('L'), issuerSpkiSha256: spki('I'), status: 'first-use', firstSeen: 0, lastSeen: 0, timesSeen: 1,
  cert: { subject: 'CN=bank.example', issuer: 'CN=Real CA', spkiSha256: spki('L'), fingerprintSha256: 'AA', serialNumber: '01', notBefore: 0, notAfter: 1, ...cert },
  chainSpki: [spki('L'), spki('I'), spki('R')], chainSubjects: ['CN=bank.example', 'CN=Real CA', 'CN=Real Root'],
  builtInRoot: true, ctStatus: '', tlsVersion: '', ...over,
});

function shown(k: KnownKey, other?: KnownKey) {
  const root = document.createElement('div');
  render(h(CertificateCard, { heading: 'x', keyInfo: k, now: 1, t, role: 'observed', other }), root);
  const field = (f: string) => root.querySelector(`dd[data-field="${f}"]`)!;
  return { field, differs: (f: string) => field(f).parentElement!.classList.contains('differs') };
}

describe('what the user reads', () => {
  it('escapes bidirectional controls and invisible characters, and leaves ordinary text alone', () => {
    expect(visibleText('CN=real-secure-bank\u202eknaB')).toBe('CN=real-secure-bank⟨U+202E⟩knaB');
    expect(visibleText('O=a\u200bb\u2066c\u0007d\u{E0041}')).toBe('O=a⟨U+200B⟩b⟨U+2066⟩c⟨U+0007⟩d⟨U+E0041⟩');
    expect(visibleText('CN=Bücher GmbH, O=日本')).toBe('CN=Bücher GmbH, O=日本');
  });

  it('shows a hostile subject, issuer and chain as escapes, never as the text they pretend', () => {
    const hostile = key({ chainSubjects: ['CN=x\u202e', 'CN=Real\u200b CA', 'CN=Root'] }, { subject: 'CN=real-secure-bank\u202eknaB', issuer: 'CN=Real\u2066 CA' });
    const { field } = shown(hostile);
    expect(field('subject').textContent).toBe('CN=real-secure-bank⟨U+202E⟩knaB');
    expect(field('issuer').textContent).toBe('CN=Real⟨U+2066⟩ CA');
    expect(field('chain').textContent).not.toMatch(/[\u202e\u200b]/u);
  });

  it('marks a look-alike CA: the same issuer and root names, other keys', () => {
    const real = key({});
    const lookalike = key({ issuerSpkiSha256: spki('X'), chainSpki: [spki('M'), spki('X'), spki('Y')], spkiSha256: spki('M') });
    const { field, differs } = shown(lookalike, real);
    expect(differs('issuer')).toBe(false);
    expect(differs('issuer-spki')).toBe(true);
    expect(differs('root-spki')).toBe(true);
    expect(field('root-spki').textContent).toBe(spki('Y'));
  });

  it('says on the issuer row when the issuer\'s name is the same and its key is not (a look-alike CA)', () => {
    const real = key({});
    const lookalike = key({ issuerSpkiSha256: spki('X'), spkiSha256: spki('M') }, { spkiSha256: spki('M') });
    const root = document.createElement('div');
    render(h(CertificateCard, { heading: 'x', keyInfo: lookalike, now: 1, t, role: 'observed', other: real }), root);
    const issuerRow = root.querySelector('dd[data-field="issuer"]')!.parentElement!;
    expect(issuerRow.querySelector('[data-lookalike]')?.textContent).toBe(' fieldLookalike');
    // Not said where the key is the same authority's, nor where the names differ anyway.
    const again = document.createElement('div');
    render(h(CertificateCard, { heading: 'x', keyInfo: key({ spkiSha256: spki('N') }), now: 1, t, role: 'observed', other: real }), again);
    expect(again.querySelector('[data-lookalike]')).toBeNull();
    const other = document.createElement('div');
    render(h(CertificateCard, { heading: 'x', keyInfo: key({ issuerSpkiSha256: spki('X') }, { issuer: 'CN=Other CA' }), now: 1, t, role: 'observed', other: real }), other);
    expect(other.querySelector('[data-lookalike]')).toBeNull();
  });
});
