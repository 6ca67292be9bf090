import { describe, expect, it } from 'vitest';
import { displayHost, hostLabel } from '../../../src/core/host-display.js';

describe('host display', () => {
  it('shows an IDN in Unicode and punycode, keeping the port', () => {
    expect(displayHost('xn--bcher-kva.test:8443')).toEqual({ ascii: 'xn--bcher-kva.test:8443', unicode: 'bücher.test:8443' });
    expect(hostLabel('xn--80ak6aa92e.com')).toBe('аррӏе.com (xn--80ak6aa92e.com)');
  });

  it('leaves plain names, and broken punycode, as they are', () => {
    expect(hostLabel('example.com')).toBe('example.com');
    expect(displayHost('xn--.test').ascii).toBe('xn--.test');
  });
});
