import { describe, expect, it } from 'vitest';
import { familyOfChain, organizationOf, sameFamily } from '../../../src/core/ca-family.js';

describe('CA families', () => {
  it('reads O= from NSS names without splitting escaped commas', () => {
    expect(organizationOf('CN=ISRG Root X2,O=Internet Security Research Group,C=US')).toBe('Internet Security Research Group');
    expect(organizationOf('CN=Superfish\\, Inc.,C=US,O=Superfish\\, Inc.')).toBe('Superfish, Inc.');
    expect(organizationOf('CN=x,O="Quoted, Org",C=US')).toBe('Quoted, Org');
    expect(organizationOf('CN=No Org')).toBe('');
  });

  it('groups built-in roots of one operator, and never by names from other chains', () => {
    const x1 = familyOfChain(['leaf', 'r11', 'x1'], ['CN=a', 'CN=R11', 'CN=ISRG Root X1,O=Internet Security Research Group,C=US'], true);
    const x2 = familyOfChain(['leaf', 'e5', 'x2'], ['CN=a', 'CN=E5', 'CN=ISRG Root X2,O=Internet Security Research Group,C=US'], true);
    const fake = familyOfChain(['leaf', 'evil'], ['CN=a', 'CN=ISRG Root X3,O=Internet Security Research Group,C=US'], false);
    expect(sameFamily(x1, x2)).toBe(true);
    expect(sameFamily(x1, fake)).toBe(false);
  });

  it('joins chains that share a CA key (a sibling intermediate under one root, a cross-sign)', () => {
    const a = familyOfChain(['leaf', 'r11', 'x1'], ['CN=a', 'CN=R11', 'CN=Private Root'], false);
    const b = familyOfChain(['leaf2', 'r12', 'x1'], ['CN=b', 'CN=R12', 'CN=Private Root'], false);
    const c = familyOfChain(['leaf', 'other'], ['CN=a', 'CN=Other'], false);
    expect(sameFamily(a, b)).toBe(true);
    // The leaf's own key is not a CA key: the same leaf under another CA is not the same family.
    expect(sameFamily(a, c)).toBe(false);
  });
});
