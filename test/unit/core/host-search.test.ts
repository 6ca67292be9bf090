// The management page's search by name: a part of the stored ASCII name, or of its Unicode form.
import { describe, expect, it } from 'vitest';
import { hostSearch } from '../../../src/core/host-query.js';

describe('host search', () => {
  it('finds an internationalized name by its Unicode form and by its punycode, in any case', () => {
    for (const text of ['bücher', 'BÜCHER', 'xn--bcher', 'kva.example', 'bücher.example']) expect(hostSearch(text)('xn--bcher-kva.example'), text).toBe(true);
    expect(hostSearch('bucher')('xn--bcher-kva.example')).toBe(false);
  });

  it('finds plain names by any part, and matches everything when empty', () => {
    expect(hostSearch(' Bank ')('www.bank.example:8443')).toBe(true);
    expect(hostSearch('bank')('shop.example')).toBe(false);
    expect(hostSearch('')('anything')).toBe(true);
  });
});
