import { describe, expect, it } from 'vitest';
import { hostKeyFromUrl } from '../../../src/core/host-key.js';

/** What the host key must be: the whole URL parsed, as before the cache by origin. */
function parsedWhole(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!['https:', 'wss:'].includes(u.protocol) || u.hostname === '') return null;
  const host = u.hostname.replace(/\.$/, '');
  return u.port === '' ? host : `${host}:${u.port}`;
}

const URLS = [
  'https://example.com/', 'https://Example.COM/path?q=1#f', 'https://example.com:443/x', 'https://example.com:8443/x',
  'wss://chat.example.com/socket', 'http://example.com/', 'ftp://example.com/', 'https://bücher.example/',
  'https://xn--bcher-kva.example/a', 'https://example.com./a', 'https://user:pw@example.com:444/a', 'https://[::1]:8443/a',
  'https://127.0.0.1/', 'https://example.com?x', 'https://example.com#frag', 'https://a\\b.example/c', 'not a url', 'https://',
  'https:///nohost', 'moz-extension://uuid/page.html', 'https://EXAMPLE.com:0443/', 'https://a.example:99999/',
];

describe('hostKeyFromUrl', () => {
  it('gives the whole URL\'s host key for every URL, the first time and from its cache', () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const url of URLS) expect(hostKeyFromUrl(url), `${url} (pass ${pass})`).toBe(parsedWhole(url));
    }
    expect(hostKeyFromUrl('https://Example.COM/path?q=1#f')).toBe('example.com');
    expect(hostKeyFromUrl('https://example.com:8443/x')).toBe('example.com:8443');
    expect(hostKeyFromUrl('http://example.com/')).toBeNull();
  });

  it('does not let one URL\'s path, query or fragment decide another\'s host', () => {
    expect(hostKeyFromUrl('https://one.example/?next=https://two.example/')).toBe('one.example');
    expect(hostKeyFromUrl('https://one.example#@two.example')).toBe('one.example');
    expect(hostKeyFromUrl('https://one.example?@two.example:8443')).toBe('one.example');
    expect(hostKeyFromUrl('https://two.example:8443/')).toBe('two.example:8443');
  });

  it('stays right past its bound, with more origins than it keeps', () => {
    for (let i = 0; i < 1500; i++) expect(hostKeyFromUrl(`https://h${i}.example:${1000 + (i % 7)}/p?i=${i}`)).toBe(`h${i}.example:${1000 + (i % 7)}`);
    expect(hostKeyFromUrl('https://h3.example:1003/again')).toBe('h3.example:1003');
  });
});
