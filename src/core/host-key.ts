// A host key names one TLS endpoint in the trust store: the lowercase ASCII (punycode) host name,
// plus ":port" when the port is not 443. Different ports may run different servers with different keys.

const TLS_SCHEMES = new Set(['https:', 'wss:']);

/**
 * Host keys already worked out, by the URL's scheme and authority (everything before its path,
 * query or fragment, which cannot change the host). Every response's URL is turned into a host key,
 * twice on the way to its verdict, and `new URL` was the add-on's largest cost per response after
 * the read itself (a profile of the mixed page: 2.8 % of its process's CPU, more than judging).
 * A page's responses come from a handful of origins: one parse each. Bounded, and cleared whole
 * when full: a page of many origins costs what it did before, never unbounded memory.
 */
const byOrigin = new Map<string, string | null>();
const MAX_ORIGINS = 512;

/**
 * The URL's scheme and authority: up to the first "/", "?", "#" or "\" after "://", or null when
 * there is none to take (no "://", or an empty authority, which the parser may read past).
 */
function originPart(url: string): string | null {
  const start = url.indexOf('://');
  if (start === -1) return null;
  let end = start + 3;
  while (end < url.length && !'/?#\\'.includes(url[end]!)) end++;
  return end > start + 3 ? url.slice(0, end) : null;
}

function parseHostKey(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!TLS_SCHEMES.has(parsed.protocol) || parsed.hostname === '') return null;
  // URL already lowercases and punycodes the name, and leaves port empty when it is the
  // scheme's default (443 for both https and wss).
  const host = parsed.hostname.replace(/\.$/, '');
  return parsed.port === '' ? host : `${host}:${parsed.port}`;
}

/** The host key for a URL, or null when the URL is not one whose certificate FirstSeen judges. */
export function hostKeyFromUrl(url: string): string | null {
  const origin = originPart(url);
  if (origin === null) return parseHostKey(url);
  const known = byOrigin.get(origin);
  if (known !== undefined) return known;
  // The origin alone, with a path: it parses to the same scheme, host and port as the whole URL.
  const key = parseHostKey(`${origin}/`);
  if (byOrigin.size >= MAX_ORIGINS) byOrigin.clear();
  byOrigin.set(origin, key);
  return key;
}
